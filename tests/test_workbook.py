"""The learner workbook: what is saved comes back exactly, bad input changes nothing, crashes lose nothing committed."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import weakref
from pathlib import Path

import pytest

from widgets import workbook as wbmod
from widgets.workbook import MAX_HISTORY, Autosaver, Revision, Workbook, WorkbookError, home_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(path))
    return path


@pytest.fixture
def wb(home) -> Workbook:
    return Workbook.open_default()


def run_python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """Start a child Python that can import the repository's ``widgets`` package."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=env, **kwargs)


def snapshot(workbook: Workbook) -> tuple[list, list]:
    doc = workbook.export_data()
    return doc["entries"], doc["revisions"]


def wait_until(condition, timeout: float = 5.0) -> None:
    """Wait for a concrete condition (not a fixed sleep); fail clearly if it never holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


# -- where it lives --------------------------------------------------------------------------


def test_home_dir_comes_from_env_and_is_created(home):
    assert not home.exists()
    assert home_dir() == home
    assert home.is_dir()
    assert Workbook.open_default().path == home / "workbook.sqlite3"


def test_home_dir_defaults_to_platform_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIAL_LAB_HOME", raising=False)
    asked = []
    monkeypatch.setattr(wbmod.platformdirs, "user_data_dir", lambda app: asked.append(app) or str(tmp_path / app))
    assert home_dir() == tmp_path / "social-leadership-lab"
    assert asked == ["social-leadership-lab"]


def test_a_home_that_cannot_be_created_is_a_workbook_error(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "a-file"))
    with pytest.raises(WorkbookError, match="Cannot create"):
        Workbook.open_default()


def test_workbook_file_uses_wal_journal(wb):
    with sqlite3.connect(wb.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- saving and loading ----------------------------------------------------------------------


def test_save_reports_change_and_adds_a_revision_only_when_the_value_changes(wb):
    assert wb.save("voice", "draft", "v1") is True
    assert wb.save("voice", "draft", "v1") is False
    assert wb.save("voice", "draft", "v2") is True
    assert [r.value for r in wb.history("voice", "draft")] == ["v2", "v1"]


def test_load_get_and_exercises(wb):
    wb.save("voice", "draft", "Ask, don't announce.")
    wb.save("voice", "score", 3)
    wb.save("ladder", "rung", {"level": 2})
    assert wb.load("voice") == {"draft": "Ask, don't announce.", "score": 3}
    assert wb.load("never-attempted") == {}
    assert wb.get("ladder", "rung") == {"level": 2}
    assert wb.get("ladder", "missing", default="") == ""
    assert wb.exercises() == ["ladder", "voice"]


def test_history_is_newest_first_with_times_and_a_limit(wb):
    before = time.time()
    for i in range(5):
        wb.save("voice", "draft", f"v{i}")
    history = wb.history("voice", "draft", limit=3)
    assert [r.value for r in history] == ["v4", "v3", "v2"]
    assert all(isinstance(r, Revision) and before <= r.saved_at <= time.time() for r in history)
    assert history[0].saved_at >= history[1].saved_at >= history[2].saved_at
    assert wb.history("voice", "never") == []


def test_history_is_pruned_to_the_newest_revisions_per_key(wb):
    for i in range(MAX_HISTORY + 10):
        wb.save("voice", "draft", f"v{i}")
    wb.save("voice", "other", "kept")
    history = wb.history("voice", "draft", limit=1000)
    assert len(history) == MAX_HISTORY
    assert history[0].value == f"v{MAX_HISTORY + 9}" and history[-1].value == "v10"
    assert [r.value for r in wb.history("voice", "other")] == ["kept"]
    with sqlite3.connect(wb.path) as conn:  # pruned in the file, not just hidden by LIMIT
        assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == MAX_HISTORY + 1


def test_reopening_restores_everything(home):
    first = Workbook.open_default()
    first.save("voice", "draft", "v1")
    first.save("voice", "draft", "v2")
    first.save_many("ladder", {"a": 1, "b": [1, 2]})
    again = Workbook(home / "workbook.sqlite3")
    assert again.load("voice") == {"draft": "v2"}
    assert again.load("ladder") == {"a": 1, "b": [1, 2]}
    assert [r.value for r in again.history("voice", "draft")] == ["v2", "v1"]


VALUES = [
    pytest.param("Ship it 🚀👩🏽‍💻🇳🇬", id="emoji-with-zwj-and-flags"),
    pytest.param("מנהיגות היא שיחה — القيادة محادثة", id="rtl-hebrew-arabic"),
    pytest.param("\u202eevil\u202c \u200f", id="bidi-control-marks"),
    pytest.param("tab\tnew\nline\r\x00nul\x1b[31mansi\x7f", id="control-chars-and-nul"),
    pytest.param("x" * 50_000, id="50k-chars"),
    pytest.param("<script>alert('hi')</script>&amp;", id="markup-stays-text"),
    pytest.param("'); DROP TABLE entries; --", id="sql-stays-data"),
    pytest.param("", id="empty-string"),
    pytest.param({"b": 1, "a": [None, True, 1.5, -0.0, 10**18]}, id="nested-json-keeps-key-order"),
    pytest.param(None, id="null"),
]


@pytest.mark.parametrize("value", VALUES)
def test_values_round_trip_exactly(home, value):
    Workbook.open_default().save("voice", "draft", value)
    got = Workbook.open_default().get("voice", "draft")
    assert got == value and type(got) is type(value)
    if isinstance(value, dict):
        assert list(got) == list(value)
    assert Workbook.open_default().history("voice", "draft")[0].value == value


@pytest.mark.parametrize("key", [
    pytest.param("رسم 🚀 <b>", id="unicode-and-markup-key"),
    pytest.param("k" * wbmod.MAX_NAME_CHARS, id="longest-allowed-key"),
])
def test_unusual_keys_are_data(wb, key):
    wb.save(key, key, 1)
    assert wb.load(key) == {key: 1} and wb.exercises() == [key]


@pytest.mark.parametrize(("exercise", "key", "value", "message"), [
    pytest.param("voice", "draft", {1, 2}, "cannot be saved as JSON", id="set-is-not-json"),
    pytest.param("voice", "draft", float("nan"), "cannot be saved as JSON", id="nan-is-not-json"),
    pytest.param("voice", "draft", object(), "cannot be saved as JSON", id="object"),
    pytest.param("voice", "draft", "x" * wbmod.MAX_VALUE_BYTES, "too large", id="over-1mb"),
    pytest.param("voice", "", "v", "non-empty string", id="empty-key"),
    pytest.param("v" * (wbmod.MAX_NAME_CHARS + 1), "draft", "v", "at most", id="exercise-too-long"),
    pytest.param("voice", 7, "v", "non-empty string", id="key-not-a-string"),
    pytest.param("voice", "\udc00", "v", "not valid text", id="lone-surrogate-in-key"),
])
def test_unsaveable_input_is_refused_and_nothing_changes(wb, exercise, key, value, message):
    wb.save("voice", "draft", "kept")
    with pytest.raises(WorkbookError, match=message):
        wb.save(exercise, key, value)
    with pytest.raises(WorkbookError, match=message):
        wb.save_many(exercise, {"ok": "fine", key: value} if isinstance(key, str) else {key: value})
    assert wb.load("voice") == {"draft": "kept"}
    assert len(wb.history("voice", "draft")) == 1


def test_save_many_counts_changes_in_one_transaction(wb):
    assert wb.save_many("ladder", {"a": 1, "b": 2}) == 2
    assert wb.save_many("ladder", {"a": 1, "b": 3, "c": 4}) == 2
    assert wb.save_many("ladder", {}) == 0
    assert wb.load("ladder") == {"a": 1, "b": 3, "c": 4}
    assert len({r.saved_at for k in "bc" for r in wb.history("ladder", k)[:1]}) == 1  # one commit, one time


def test_delete_a_key_or_a_whole_exercise(wb):
    wb.save_many("voice", {"draft": "d", "final": "f"})
    wb.save("ladder", "rung", 1)
    assert wb.delete("voice", "draft") == 1
    assert wb.load("voice") == {"final": "f"} and wb.history("voice", "draft") == []
    assert wb.delete("voice") == 1
    assert wb.exercises() == ["ladder"]


# -- export and import -----------------------------------------------------------------------


def fill(workbook: Workbook) -> None:
    for i in range(3):
        workbook.save("voice", "draft", f"draft {i} 🚀")
    workbook.save_many("ladder", {"rung": 2, "why": "<b>they asked</b>", "notes": ["a", None]})


def test_export_is_a_versioned_json_document(wb):
    fill(wb)
    doc = json.loads(json.dumps(wb.export_data()))
    assert doc["format"] == "social-leadership-lab/workbook" and doc["version"] == 1
    assert doc["exported_at"].endswith("+00:00")
    assert {(e["exercise"], e["key"]) for e in doc["entries"]} == {
        ("voice", "draft"), ("ladder", "rung"), ("ladder", "why"), ("ladder", "notes")}
    assert [r["value"] for r in doc["revisions"] if r["key"] == "draft"] == [f"draft {i} 🚀" for i in range(3)]


def test_export_then_import_into_a_fresh_home_restores_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "old"))
    old = Workbook.open_default()
    fill(old)
    text = json.dumps(old.export_data())
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "new"))
    new = Workbook.open_default()
    summary = new.import_data(json.loads(text))
    assert (summary.added, summary.updated, summary.unchanged, summary.revisions) == (4, 0, 0, 6)
    assert summary.exercises == ("ladder", "voice")
    assert snapshot(new) == snapshot(old)
    assert new.history("voice", "draft") == old.history("voice", "draft")
    again = new.import_data(json.loads(text))  # importing twice is harmless
    assert (again.added, again.unchanged, again.revisions) == (0, 4, 0)
    assert snapshot(new) == snapshot(old)


def test_merge_import_keeps_later_local_work_and_unions_history(wb):
    wb.save("voice", "draft", "old")
    doc = wb.export_data()
    wb.save("voice", "draft", "newer, written after the export")
    summary = wb.import_data(doc)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 1)
    assert wb.get("voice", "draft") == "newer, written after the export"
    assert [r.value for r in wb.history("voice", "draft")] == ["newer, written after the export", "old"]


def test_replace_import_makes_the_workbook_exactly_the_document(wb):
    wb.save("voice", "draft", "v1")
    doc = wb.export_data()
    wb.save("voice", "draft", "v2")
    wb.save("ladder", "rung", 1)
    summary = wb.import_data(doc, replace=True)
    assert summary.replaced and summary.added == 1
    assert wb.exercises() == ["voice"] and wb.load("voice") == {"draft": "v1"}
    assert [r.value for r in wb.history("voice", "draft")] == ["v1"]


def good_doc() -> dict:
    entry = {"exercise": "voice", "key": "draft", "value": "imported", "saved_at": 1_700_000_000.0}
    return {"format": wbmod.FORMAT, "version": 1, "entries": [entry], "revisions": [dict(entry)]}


def broken(**changes) -> dict:
    doc = good_doc()
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return doc


def with_bad_last_entry() -> dict:
    doc = good_doc()
    doc["entries"] += [{"exercise": "ladder", "key": f"k{i}", "value": i, "saved_at": 1.0} for i in range(50)]
    doc["entries"].append({"exercise": "ladder", "key": "", "value": 1, "saved_at": 1.0})
    return doc


BAD_DOCS = [
    pytest.param([1, 2], "expected a JSON object", id="a-list-not-an-object"),
    pytest.param("hello", "expected a JSON object", id="a-string"),
    pytest.param(broken(format="something/else"), "not a Social Leadership Lab workbook", id="wrong-format"),
    pytest.param(broken(format=KeyError), "not a Social Leadership Lab workbook", id="no-format"),
    pytest.param(broken(version=2), "newer Social Leadership Lab", id="newer-version"),
    pytest.param(broken(version=0), "unknown version", id="version-zero"),
    pytest.param(broken(version="1"), "no valid 'version'", id="version-as-text"),
    pytest.param(broken(version=True), "no valid 'version'", id="version-as-bool"),
    pytest.param(broken(entries=KeyError), "no 'entries' list", id="no-entries"),
    pytest.param(broken(entries={"a": 1}), "'entries' must be a list", id="entries-not-a-list"),
    pytest.param(broken(revisions="x"), "'revisions' must be a list", id="revisions-not-a-list"),
    pytest.param(broken(entries=[7]), r"entries\[0\]: expected an object", id="entry-not-an-object"),
    pytest.param(broken(entries__0__value=KeyError), "missing field 'value'", id="entry-without-value"),
    pytest.param(broken(entries__0__key=5), "'key' must be a non-empty string", id="key-is-a-number"),
    pytest.param(broken(entries__0__exercise="e" * 201), "at most 200", id="exercise-name-too-long"),
    pytest.param(broken(revisions__0__key=""), r"revisions\[0\]: 'key'", id="empty-key-in-history"),
    pytest.param(broken(entries__0__value="x" * 1_000_001), "too large", id="oversized-value"),
    pytest.param(broken(entries__0__value=float("inf")), "cannot be saved as JSON", id="infinite-value"),
    pytest.param(broken(entries__0__saved_at="yesterday"), "'saved_at' must be", id="time-as-text"),
    pytest.param(broken(entries__0__saved_at=-1), "'saved_at' must be", id="negative-time"),
    pytest.param(broken(entries__0__saved_at=float("nan")), "'saved_at' must be", id="nan-time"),
    pytest.param(with_bad_last_entry(), r"entries\[51\]", id="only-the-last-entry-is-bad"),
    pytest.param({**good_doc(), "entries": good_doc()["entries"] * 2}, "appears twice", id="duplicate-entry"),
]


@pytest.mark.parametrize(("doc", "message"), BAD_DOCS)
@pytest.mark.parametrize("replace", [pytest.param(False, id="merge"), pytest.param(True, id="replace")])
def test_bad_import_is_refused_with_a_reason_and_changes_nothing(wb, doc, message, replace):
    fill(wb)
    before = snapshot(wb)
    with pytest.raises(WorkbookError, match=message):
        wb.import_data(doc, replace=replace)
    assert snapshot(wb) == before


# -- damaged files ---------------------------------------------------------------------------


def corrupt_copies(home: Path) -> list[Path]:
    return sorted(p for p in home.iterdir() if ".corrupt-" in p.name)


def test_a_file_that_is_not_sqlite_is_moved_aside_never_deleted(home):
    home.mkdir()
    garbage = b"these are my notes, not a database\n" * 200
    (home / "workbook.sqlite3").write_bytes(garbage)
    with pytest.raises(WorkbookError) as caught:
        Workbook.open_default()
    moved = corrupt_copies(home)
    assert [p.read_bytes() for p in moved] == [garbage]
    message = str(caught.value)
    assert str(home / "workbook.sqlite3") in message and str(moved[0]) in message and "fresh" in message
    fresh = Workbook.open_default()  # the fresh workbook is already in place and works
    assert fresh.load("voice") == {}
    fresh.save("voice", "draft", "starting over")
    assert Workbook.open_default().get("voice", "draft") == "starting over"


def test_a_truncated_workbook_is_moved_aside_not_deleted(home):
    wb = Workbook.open_default()
    for i in range(300):
        wb.save("voice", f"k{i}", "x" * 500)
    data = wb.path.read_bytes()
    wb.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WorkbookError, match="moved aside"):
        Workbook.open_default()
    moved = corrupt_copies(home)
    assert len(moved) == 1 and moved[0].read_bytes() == data[: len(data) // 2]
    recovered = Workbook.open_default().load("voice")
    assert recovered and all(v == "x" * 500 for v in recovered.values()), "what survived came back intact"


def test_a_workbook_from_a_newer_course_is_refused_not_moved(home):
    wb = Workbook.open_default()
    wb.save("voice", "draft", "future")
    with sqlite3.connect(wb.path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(WorkbookError, match="newer version"):
        Workbook.open_default()
    assert corrupt_copies(home) == []


# -- autosave --------------------------------------------------------------------------------


def test_autosaver_coalesces_rapid_edits_into_one_write_of_the_last_value(wb):
    saver = Autosaver(wb, "voice", delay=0.2)
    for i in range(25):
        saver.schedule("draft", f"typing {i}")
    saver.schedule("title", "Hello")
    assert saver.pending == {"draft": "typing 24", "title": "Hello"}
    assert wb.load("voice") == {}  # nothing written while the learner is still typing
    wait_until(lambda: not saver.pending and wb.load("voice"))
    assert wb.load("voice") == {"draft": "typing 24", "title": "Hello"}
    assert [r.value for r in wb.history("voice", "draft")] == ["typing 24"]
    assert saver.last_error is None


def test_autosaver_flush_writes_now(wb):
    saver = Autosaver(wb, "voice", delay=60)
    saver.schedule("draft", "v1")
    saver.schedule("draft", "v2")
    assert saver.flush() is True
    assert saver.pending == {} and wb.get("voice", "draft") == "v2"
    assert saver.flush() is True  # nothing pending is fine
    assert len(wb.history("voice", "draft")) == 1


def test_autosaver_refuses_an_unsaveable_value_at_once(wb):
    saver = Autosaver(wb, "voice", delay=60)
    with pytest.raises(WorkbookError, match="JSON"):
        saver.schedule("draft", {1, 2})
    assert saver.pending == {}


def test_background_failure_is_kept_in_last_error_and_retried(wb, monkeypatch):
    crashes = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args))
    real = wb.save_many

    def failing(exercise, mapping):
        raise WorkbookError("disk full")

    monkeypatch.setattr(wb, "save_many", failing)
    saver = Autosaver(wb, "voice", delay=0.01)
    saver.schedule("draft", "precious")
    wait_until(lambda: saver.last_error is not None)
    assert str(saver.last_error) == "disk full"
    assert saver.pending == {"draft": "precious"}  # kept for the next try, not dropped
    assert saver.flush() is False
    monkeypatch.setattr(wb, "save_many", real)
    assert saver.flush() is True
    assert saver.last_error is None and wb.get("voice", "draft") == "precious"
    assert crashes == []


def test_autosaver_flushes_when_garbage_collected(wb):
    saver = Autosaver(wb, "voice", delay=60)
    saver.schedule("draft", "left behind")
    del saver
    gc.collect()
    assert wb.get("voice", "draft") == "left behind"


def test_on_save_reports_each_write_and_its_failure(wb, monkeypatch):
    seen = []
    saver = Autosaver(wb, "voice", delay=60, on_save=seen.append)
    saver.schedule("draft", "v1")
    saver.flush()
    monkeypatch.setattr(wb, "save_many", lambda *_: (_ for _ in ()).throw(WorkbookError("locked")))
    saver.schedule("draft", "v2")
    saver.flush()
    assert seen[0] is None and str(seen[1]) == "locked" and len(seen) == 2


def test_a_failing_on_save_callback_does_not_undo_the_save(wb):
    saver = Autosaver(wb, "voice", delay=60, on_save=lambda error: 1 / 0)
    saver.schedule("draft", "kept")
    assert saver.flush() is True and wb.get("voice", "draft") == "kept"


def test_a_view_owning_its_autosaver_is_collected_and_flushed(wb):
    class View:
        def __init__(self):
            self.saver = Autosaver(wb, "voice", delay=60, on_save=self.saved)

        def saved(self, error):
            pass

    view = View()
    view.saver.schedule("draft", "from a closed view")
    gone = weakref.ref(view)
    del view
    gc.collect()
    assert gone() is None
    assert wb.get("voice", "draft") == "from a closed view"


def test_autosaver_flushes_at_interpreter_exit(home):
    child = run_python(
        """
        import sys
        from widgets.workbook import Autosaver, Workbook
        saver = Autosaver(Workbook(sys.argv[1]), "voice", delay=60)
        saver.schedule("draft", "written at exit")
        """,
        str(home / "workbook.sqlite3"),
    )
    assert child.wait(timeout=20) == 0
    assert Workbook.open_default().get("voice", "draft") == "written at exit"


# -- crashes and concurrency -----------------------------------------------------------------

WRITER = """
import sys
from widgets.workbook import Workbook
wb = Workbook(sys.argv[1])
i = 0
while True:
    if i % 2:
        wb.save_many("kill", {f"k{i}-{j}": "x" * 2000 + str(i) for j in range(20)})
    else:
        wb.save("kill", f"k{i}", {"i": i, "text": "y" * 5000})
    print(i, flush=True)  # only after the commit returned
    i += 1
"""


@pytest.mark.parametrize("after", [pytest.param(3, id="early"), pytest.param(80, id="later")])
def test_killing_a_writer_mid_write_loses_nothing_it_committed(home, after):
    path = home / "workbook.sqlite3"
    home.mkdir()
    committed = []
    with run_python(WRITER, str(path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        while len(committed) < after:
            line = child.stdout.readline()
            assert line, f"writer died early: {child.stderr.read()}"
            committed.append(int(line))
        child.kill()  # SIGKILL on POSIX: no cleanup, no atexit, no rollback by Python
        committed += [int(line) for line in child.stdout.read().split()]
    assert child.returncode != 0  # it really was killed, not finished
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    saved = Workbook(path).load("kill")
    for i in committed:
        if i % 2:
            assert all(saved[f"k{i}-{j}"] == "x" * 2000 + str(i) for j in range(20))
        else:
            assert saved[f"k{i}"] == {"i": i, "text": "y" * 5000}
    # A transaction is all or nothing: a batch is either wholly there or wholly absent.
    batches = {k.split("-")[0] for k in saved if "-" in k}
    assert all(sum(k.startswith(f"{b}-") for k in saved) == 20 for b in batches)


def test_four_processes_writing_at_once_lose_nothing(home):
    path = home / "workbook.sqlite3"
    home.mkdir()
    writer = """
        import sys
        from widgets.workbook import Workbook
        n = sys.argv[2]
        wb = Workbook(sys.argv[1])
        for i in range(200):
            wb.save("shared", f"p{n}-{i}", i)
            wb.save("contended", "last", f"p{n}-{i}")
    """
    children = [run_python(writer, str(path), str(n), stderr=subprocess.PIPE, text=True) for n in range(4)]
    for child in children:
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    wb = Workbook(path)
    assert wb.load("shared") == {f"p{n}-{i}": i for n in range(4) for i in range(200)}
    assert wb.get("contended", "last") in {f"p{n}-199" for n in range(4)}
    assert len(wb.history("contended", "last", limit=1000)) == MAX_HISTORY


def test_threads_and_an_autosaver_share_one_workbook(wb):
    saver = Autosaver(wb, "voice", delay=0.01)

    def write(n):
        for i in range(50):
            wb.save("threads", f"t{n}-{i}", i)
            saver.schedule(f"t{n}", i)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert saver.flush() is True
    assert len(wb.load("threads")) == 200
    assert wb.load("voice") == {f"t{n}": 49 for n in range(4)}


def test_importing_the_workbook_does_not_load_ipywidgets():
    child = run_python(
        "import sys, widgets.workbook, widgets.cli; print('ipywidgets' in sys.modules)",
        stdout=subprocess.PIPE,
        text=True,
    )
    out, _ = child.communicate(timeout=20)
    assert out.strip() == "False"


def test_a_python_without_hard_links_still_creates_the_workbook(tmp_path, monkeypatch):
    """Pyodide's os has no link(): the new workbook is moved into place instead, and works."""
    monkeypatch.delattr(os, "link")
    book = Workbook(tmp_path / "workbook.sqlite3")
    book.save("ex", "k", "kept")
    assert Workbook(tmp_path / "workbook.sqlite3").get("ex", "k") == "kept"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert (tmp_path / "workbook.sqlite3").stat().st_mode & 0o777 == 0o600
