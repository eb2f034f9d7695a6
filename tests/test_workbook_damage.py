"""A damaged, empty or read-only workbook: what the learner is told, what comes back, what stays readable.

Each kind of damage is made to a real workbook file; opening it must move the file aside (byte for
byte), start a fresh workbook, bring back what the file still holds (every value identical to what
was saved, never a guess) and say so in one message.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from widgets.salvage import salvage
from widgets.workbook import Workbook, WorkbookError, WorkbookRecovered

ROOT = Path(__file__).resolve().parents[1]
PAGE = 4096


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(path))
    return path


def _answers() -> dict[tuple[str, str], object]:
    """Sixty answers over five exercises; some long enough to spill onto overflow pages."""
    rng = random.Random(7)
    found = {}
    for i in range(60):
        exercise = f"0{i % 4}.exercise-{i % 5}"
        text = f"answer {i}: " + " ".join(rng.choice(["listen", "ask", "host", "thank"]) for _ in range(i * 40 % 1500))
        found[(exercise, f"key-{i}")] = {"text": text, "n": i, "emoji": "🌱"}
    return found


@pytest.fixture
def filled(home):
    """A workbook with known answers (each saved twice: a history too), fully written to its main file."""
    home.mkdir(exist_ok=True)
    wb = Workbook.open_default()
    answers = _answers()
    for (exercise, key), value in answers.items():
        wb.save(exercise, key, {**value, "draft": True})
        wb.save(exercise, key, value)
    with sqlite3.connect(wb.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return wb.path, answers


def _damage(kind: str, data: bytes) -> bytes:
    rng = random.Random(kind)
    noise = lambda n: bytes(rng.getrandbits(8) for _ in range(n))  # noqa: E731
    if kind == "truncated":
        return data[: len(data) // 2]
    if kind == "garbage-in-the-middle":
        return data[: 3 * PAGE] + noise(4 * PAGE) + data[7 * PAGE:]
    if kind == "overwritten-header":
        return noise(100) + data[100:]
    if kind == "overwritten-first-page":
        return noise(PAGE) + data[PAGE:]
    if kind == "all-garbage":
        return noise(len(data))
    if kind == "zero-bytes":
        return b""
    raise AssertionError(kind)


# kind, what must come back, the words the learner reads
DAMAGE = [
    pytest.param("truncated", "some", "could not be opened", id="truncated"),
    pytest.param("garbage-in-the-middle", "most", "could not be opened", id="garbage-in-the-middle"),
    pytest.param("overwritten-header", "all", "could not be opened", id="overwritten-header"),
    pytest.param("overwritten-first-page", "all", "could not be opened", id="overwritten-first-page"),
    pytest.param("all-garbage", "none", "nothing could be recovered", id="all-garbage"),
    pytest.param("zero-bytes", "none", "empty (0 bytes)", id="zero-bytes"),
]


@pytest.mark.parametrize("kind,expect,words", DAMAGE)
def test_each_kind_of_damage_is_moved_aside_recovered_and_said(filled, home, kind, expect, words):
    path, answers = filled
    damaged = _damage(kind, path.read_bytes())
    path.write_bytes(damaged)
    with pytest.raises(WorkbookRecovered) as caught:
        Workbook.open_default()
    message = str(caught.value)
    assert words in message and "moved aside" in message and "nothing was deleted" in message
    [moved] = [p for p in home.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == damaged, "the damaged file is kept exactly"
    assert str(moved) in message

    fresh = Workbook.open_default()
    back = {(e, k): fresh.get(e, k) for e in fresh.exercises() for k in fresh.load(e)}
    for place, value in back.items():
        assert answers[place] == value, f"{place} came back different"
    n = len(back)
    assert caught.value.restored == n
    if expect == "all":
        assert n == len(answers) and f"{n} answers from {len({e for e, _k in answers})} exercises" in message
    elif expect == "most":
        assert n >= len(answers) * 0.7
    elif expect == "some":
        assert 0 < n < len(answers) and f"{n} answers" in message
    else:
        assert n == 0
    if n:
        assert "were recovered into it" in message and "latest changes may be missing" in message
        assert any(fresh.history(*place) for place in back), "the history came back with the answers"
    fresh.save("00.after", "k", "work goes on")
    assert Workbook.open_default().get("00.after", "k") == "work goes on"


def test_a_workbook_whose_changes_are_only_in_its_wal_comes_back_from_it(home):
    home.mkdir()
    wb = Workbook.open_default()
    for i in range(40):  # earlier work, folded into the main file (which is then lost)
        wb.save("00.stage-assessment", f"k{i}", "y" * 300)
    with sqlite3.connect(wb.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    keeper = sqlite3.connect(wb.path)  # an open reader keeps the WAL from being folded back in
    keeper.execute("SELECT count(*) FROM entries").fetchall()
    keeper.execute("BEGIN")
    keeper.execute("SELECT count(*) FROM entries").fetchall()
    try:
        wb.save("01.rewrite-studio", "draft", "written after the last checkpoint")
        wal = Path(f"{wb.path}-wal").read_bytes()
    finally:
        keeper.close()
    assert wal, "the test needs a WAL with frames"
    for suffix in ("-wal", "-shm"):
        Path(f"{wb.path}{suffix}").unlink(missing_ok=True)
    wb.path.write_bytes(b"")  # the main file lost, the log kept
    Path(f"{wb.path}-wal").write_bytes(wal)
    with pytest.raises(WorkbookRecovered, match="recovered into it"):
        Workbook.open_default()
    assert Workbook.open_default().get("01.rewrite-studio", "draft") == "written after the last checkpoint"


def test_salvage_reads_a_healthy_file_whole_and_never_writes_to_it(filled):
    path, answers = filled
    before = path.read_bytes()
    found = salvage(path)
    assert path.read_bytes() == before
    assert {(e, k) for e, k, _v, _t in found.entries} == set(answers)
    assert len(found.revisions) == 2 * len(answers)
    assert found.how == ["entries: read whole", "revisions: read whole"]


def test_salvage_skips_rows_that_are_not_workbook_rows(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (a TEXT, b TEXT, c TEXT, d REAL)")  # workbook-shaped, not JSON
        conn.execute("INSERT INTO notes VALUES ('x', 'y', 'not json {', 1.0)")
        conn.execute("INSERT INTO notes VALUES ('', 'y', '1', 1.0)")
        conn.execute("INSERT INTO notes VALUES ('x', 'y', '1', -5)")
    data = path.read_bytes()
    path.write_bytes(b"\0" * 100 + data[100:])
    assert not salvage(path)


def test_a_fresh_workbook_is_private_and_made_whole(tmp_path):
    folder = tmp_path / "new" / "home"
    wb = Workbook(folder / "workbook.sqlite3")
    wb.save("voice", "draft", "mine")
    assert stat.S_IMODE(wb.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    for extra in folder.iterdir():
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra.name
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == [], "no scratch file left behind"


def test_two_kernels_creating_the_workbook_at_once_never_see_an_empty_file(tmp_path):
    import threading

    path = tmp_path / "home" / "workbook.sqlite3"
    errors: list[BaseException] = []

    def open_it(n: int):
        try:  # a key of its own per thread (thread idents are reused once a thread ends)
            Workbook(path).save("voice", f"k{n}", "x")
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            errors.append(exc)
    threads = [threading.Thread(target=open_it, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(Workbook(path).load("voice")) == 8
    assert not [p for p in path.parent.iterdir() if ".corrupt-" in p.name]


# -- read-only ---------------------------------------------------------------------------------------

READER = textwrap.dedent('''
    import json, sys
    from widgets.workbook import Workbook, WorkbookError
    from widgets.exercises.base import Saver
    out = {}
    wb = Workbook.open_default()
    out["read_only"] = bool(wb.read_only)
    out["draft"] = wb.get("01.rewrite-studio", "draft")
    out["exported"] = len(wb.export_data()["entries"])
    try:
        wb.save("01.rewrite-studio", "draft", "new")
        out["save"] = "saved"
    except WorkbookError as exc:
        out["save"] = str(exc)
    saver = Saver("01.rewrite-studio", wb)
    out["loaded"] = saver.load()
    out["status"] = saver.status.value
    saver.schedule("draft", "typed on a read-only page")
    out["after_typing"] = saver.status.value
    print(json.dumps(out))
''')


def _without_write_permission(cmd: list[str]) -> list[str]:
    """Run ``cmd`` as a user whom file permissions bind (root ignores them unless its override is dropped)."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test read-only files as root"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]


@pytest.mark.parametrize("file_mode,folder_mode", [
    pytest.param(0o444, 0o755, id="read-only-file"),
    pytest.param(0o644, 0o555, id="read-only-folder"),
    pytest.param(0o444, 0o555, id="read-only-file-and-folder"),
])
def test_a_read_only_workbook_shows_and_exports_its_work_and_says_nothing_is_saved(home, tmp_path, file_mode,
                                                                                   folder_mode):
    home.mkdir()
    wb = Workbook.open_default()
    wb.save("01.rewrite-studio", "draft", "my earlier rewrite")
    os.chmod(wb.path, file_mode)
    os.chmod(home, folder_mode)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOCIAL_LAB_HOME": str(home)}
    try:
        out = subprocess.run(_without_write_permission([sys.executable, "-c", READER]), env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        seen = json.loads(out.stdout)
        export = subprocess.run(_without_write_permission(
            [sys.executable, "-m", "widgets.cli", "export", "-"]), env=env, capture_output=True, text=True,
            timeout=120)
    finally:
        os.chmod(home, 0o755)
        os.chmod(wb.path, 0o644)
    assert seen["read_only"] and seen["draft"] == "my earlier rewrite" and seen["exported"] == 1
    assert "read-only" in seen["save"] and "Nothing can be saved" in seen["save"]
    assert seen["loaded"] == {"draft": "my earlier rewrite"}, "existing work stays on the page"
    assert "Not saving" in seen["status"] and "read-only" in seen["status"] and "social-lab export" in seen["status"]
    assert "Not saved" in seen["after_typing"]
    assert export.returncode == 0, export.stderr
    assert json.loads(export.stdout)["entries"][0]["value"] == "my earlier rewrite"
    assert Workbook.open_default().get("01.rewrite-studio", "draft") == "my earlier rewrite", "nothing changed"
