"""The learner's copy of the installed lessons follows upgrades and never overwrites the learner's edits."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from widgets.lesson_copies import KEPT, RECORD, sync_lessons

WHEN = datetime(2026, 12, 2, 9, 30, 0)
ASIDE = f"{KEPT}/2026-12-02-093000"


def install(folder: Path, files: dict[str, str]) -> Path:
    """Make ``folder`` hold exactly ``files`` (a version of the installed course)."""
    if folder.exists():
        for path in sorted(folder.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def served(home: Path) -> dict[str, str]:
    root = home / "lessons"
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


V1 = {"00_start_here.ipynb": "start v1", "01_conversation.ipynb": "conversation v1", "images/a.svg": "svg v1"}


@pytest.fixture
def course(tmp_path):
    return tmp_path / "site-packages" / "widgets" / "_lessons"


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "workbook.sqlite3").write_bytes(b"SQLite format 3\x00 the learner's answers")
    return home


def test_first_start_copies_everything_and_records_the_version(course, home):
    sync = sync_lessons(install(course, V1), home)
    assert served(home) == V1
    assert len(sync.copied) == 3 and not (sync.updated or sync.kept or sync.removed)
    assert sorted(json.loads((home / RECORD).read_text())["files"]) == sorted(V1)
    assert sync.messages() == [f"Copied 3 new lesson file(s) to {home / 'lessons'}."]


def test_a_second_start_of_the_same_version_does_nothing(course, home):
    sync_lessons(install(course, V1), home)
    (home / "lessons" / "01_conversation.ipynb").write_text("my notes", encoding="utf-8")
    before = tree(home)
    sync = sync_lessons(course, home)
    assert tree(home) == before and sync.messages() == []


@pytest.mark.parametrize(("edit", "v2", "expect_served", "expect_kept", "expect_words"), [
    pytest.param({}, {**V1, "01_conversation.ipynb": "conversation v2"},
                 {**V1, "01_conversation.ipynb": "conversation v2"}, {},
                 ["Updated 1 lesson file(s) to this version of the course."], id="unedited-lesson-is-updated"),
    pytest.param({"01_conversation.ipynb": "my run of v1"}, {**V1, "01_conversation.ipynb": "conversation v2"},
                 {**V1, "01_conversation.ipynb": "conversation v2"}, {"01_conversation.ipynb": "my run of v1"},
                 ["Your copy of 01_conversation.ipynb differs from this version of the course: it is kept in"],
                 id="edited-and-upgraded-lesson-is-kept-aside-then-updated"),
    pytest.param({"00_start_here.ipynb": "my run"}, {**V1, "01_conversation.ipynb": "conversation v2"},
                 {**V1, "00_start_here.ipynb": "my run", "01_conversation.ipynb": "conversation v2"}, {},
                 ["Updated 1 lesson file(s)"], id="edited-lesson-the-upgrade-did-not-change-stays"),
    pytest.param({}, {**V1, "05_new.ipynb": "new lesson"}, {**V1, "05_new.ipynb": "new lesson"}, {},
                 ["Copied 1 new lesson file(s)"], id="new-lesson-is-copied"),
    pytest.param({}, {k: v for k, v in V1.items() if k != "images/a.svg"},
                 {k: v for k, v in V1.items() if k != "images/a.svg"}, {},
                 ["Removed 1 lesson file(s) this version no longer has."], id="dropped-unedited-file-is-removed"),
    pytest.param({"images/a.svg": "my drawing"}, {k: v for k, v in V1.items() if k != "images/a.svg"},
                 {k: v for k, v in V1.items() if k != "images/a.svg"}, {"images/a.svg": "my drawing"},
                 ["Your copy of a.svg differs"], id="dropped-edited-file-is-kept-aside"),
])
def test_an_upgrade_serves_the_new_lessons_and_keeps_the_learners_edits(
        course, home, edit, v2, expect_served, expect_kept, expect_words):
    sync_lessons(install(course, V1), home)
    for name, text in edit.items():
        (home / "lessons" / name).write_text(text, encoding="utf-8")
    workbook = (home / "workbook.sqlite3").read_bytes()
    sync = sync_lessons(install(course, v2), home, now=WHEN)
    assert served(home) == expect_served
    kept_root = home / ASIDE
    assert (tree(kept_root) if kept_root.exists() else {}) == {k: v.encode() for k, v in expect_kept.items()}
    said = "\n".join(sync.messages())
    assert all(words in said for words in expect_words), said
    for _served, aside in sync.kept:
        assert str(aside) in said, "the message names where the learner's version went"
    assert (home / "workbook.sqlite3").read_bytes() == workbook, "the workbook is never touched"
    assert sync_lessons(course, home).messages() == [], "settled: the next start changes nothing"


def test_a_copy_made_before_records_were_kept_is_kept_aside_where_it_differs(course, home):
    """No record (the old `if dest.exists(): continue` copy): a differing file may hold the learner's work."""
    install(course, V1)
    old = home / "lessons"
    old.mkdir()
    (old / "00_start_here.ipynb").write_text("start v1", encoding="utf-8")  # same as the course: just recorded
    (old / "01_conversation.ipynb").write_text("conversation v0, run by me", encoding="utf-8")
    sync = sync_lessons(course, home, now=WHEN)
    assert served(home) == V1
    assert tree(home / ASIDE) == {"01_conversation.ipynb": b"conversation v0, run by me"}
    assert [p.name for p in sync.copied] == ["a.svg"] and sync.updated == []


@pytest.mark.parametrize("record", [
    pytest.param("{not json", id="garbage"),
    pytest.param('{"files": [1, 2]}', id="wrong-shape"),
    pytest.param('{"files": {"00_start_here.ipynb": 7}}', id="wrong-types"),
    pytest.param("", id="empty"),
])
def test_a_damaged_record_is_as_good_as_none(course, home, record):
    sync_lessons(install(course, V1), home)
    (home / RECORD).write_text(record, encoding="utf-8")
    sync = sync_lessons(course, home)
    assert served(home) == V1 and sync.kept == []
    assert sorted(json.loads((home / RECORD).read_text())["files"]) == sorted(V1), "rewritten whole"


def test_dry_run_writes_nothing(course, tmp_path):
    home = tmp_path / "fresh-home"
    sync = sync_lessons(install(course, V1), home, dry_run=True)
    assert not home.exists()
    assert sync.messages(dry_run=True) == [f"Would copy 3 new lesson file(s) to {home / 'lessons'}."]


def test_dry_run_of_an_upgrade_writes_nothing(course, home):
    sync_lessons(install(course, V1), home)
    (home / "lessons" / "01_conversation.ipynb").write_text("mine", encoding="utf-8")
    install(course, {**V1, "01_conversation.ipynb": "v2", "00_start_here.ipynb": "start v2"})
    before = tree(home)
    sync = sync_lessons(course, home, dry_run=True, now=WHEN)
    assert tree(home) == before
    said = "\n".join(sync.messages(dry_run=True))
    assert "Would update 1 lesson file(s)" in said and "it would be kept in" in said
