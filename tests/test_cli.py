"""The ``social-lab`` command: the servers it would start, and workbook backup and restore."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from widgets import cli
from widgets.content import lessons_dir
from widgets.workbook import Workbook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(path))
    return path


def lessons(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f'{{"name": "{name}"}}', encoding="utf-8")
    return folder


def dry_run(capsys, *argv: str) -> tuple[list[str], str]:
    """Run ``social-lab ... --dry-run``; return the printed command and everything printed."""
    assert cli.main([*argv, "--dry-run"]) == 0
    out = capsys.readouterr().out
    words = shlex.split(out.strip().splitlines()[-1])
    while words and re.match(r"^[A-Z_]+=", words[0]):  # the environment the command runs with
        words.pop(0)
    return words, out


# -- present and learn -----------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "port", "browser"), [
    pytest.param([], None, True, id="defaults"),
    pytest.param(["--port", "9123", "--no-browser"], 9123, False, id="port-and-no-browser"),
])
def test_present_serves_the_lessons_folder_with_voila_on_localhost(home, tmp_path, capsys, extra, port, browser):
    folder = lessons(tmp_path / "lessons", "01_conversation.ipynb")
    cmd, out = dry_run(capsys, "present", "--lessons", str(folder), *extra)
    assert cmd[:4] == [sys.executable, "-m", "widgets.room", str(folder)]  # Voilà for a room (widgets/room)
    assert "--Voila.ip=127.0.0.1" in cmd and "--Voila.port_retries=0" in cmd
    ports = [int(arg.split("=")[1]) for arg in cmd if arg.startswith("--port=")]
    assert len(ports) == 1 and (port is None or ports[0] == port)
    assert ("--no-browser" not in cmd) is browser
    assert f"http://127.0.0.1:{ports[0]}/" in out


def test_present_defaults_to_the_course_lessons(home, capsys):
    cmd, _ = dry_run(capsys, "present")
    assert cmd[3] == str(lessons_dir())


@pytest.mark.parametrize(("names", "opened"), [
    pytest.param(["01_conversation.ipynb", "00_start_here.ipynb"], "00_start_here.ipynb", id="start-here-first"),
    pytest.param(["02_culture.ipynb", "01_conversation.ipynb"], "01_conversation.ipynb", id="else-lowest-numbered"),
    pytest.param(["03_community.ipynb", "02_culture.ipynb", "notes.ipynb"], "02_culture.ipynb",
                 id="lowest-numbered-ignores-unnumbered"),
    pytest.param(["notes.ipynb"], None, id="no-numbered-lesson-opens-lab-home"),
])
def test_learn_opens_jupyterlab_at_the_first_lesson_on_localhost(home, tmp_path, capsys, names, opened):
    folder = lessons(tmp_path / "lessons", *names)
    cmd, out = dry_run(capsys, "learn", "--lessons", str(folder), "--port", "9124", "--no-browser")
    assert cmd[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={folder}" in cmd
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port=9124" in cmd and "--no-browser" in cmd
    defaults = [arg for arg in cmd if arg.startswith("--LabApp.default_url=")]
    if opened:
        assert defaults == [f"--LabApp.default_url=/lab/tree/{opened}"]
        assert f"http://127.0.0.1:9124/lab/tree/{opened}" in out
    else:
        assert defaults == [] and "http://127.0.0.1:9124/lab" in out


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", ["present", "learn"])
def test_installed_lessons_are_served_from_a_copy_in_home(home, tmp_path, capsys, monkeypatch, command):
    packaged = lessons(
        tmp_path / "venv/lib/python3.11/site-packages/widgets/_lessons",
        "01_conversation.ipynb", "02_culture.ipynb", "images/ladder.svg", ".ipynb_checkpoints/junk.ipynb",
    )
    monkeypatch.setattr(cli, "lessons_dir", lambda: packaged)
    served = home / "lessons"
    cli.prepare_lessons(packaged)
    (served / "01_conversation.ipynb").write_text("my edited copy", encoding="utf-8")
    cmd, out = dry_run(capsys, command)
    assert str(served) in " ".join(cmd) and str(packaged) not in " ".join(cmd)
    assert (served / "01_conversation.ipynb").read_text(encoding="utf-8") == "my edited copy"
    assert (served / "02_culture.ipynb").read_text(encoding="utf-8") == '{"name": "02_culture.ipynb"}'
    assert (served / "images" / "ladder.svg").is_file()
    assert not (served / ".ipynb_checkpoints").exists()
    assert "lesson file" not in out, "nothing to copy or update: the edit stays and is not reported"


@pytest.mark.parametrize("command", ["present", "learn"])
def test_dry_run_changes_nothing_on_disk(home, tmp_path, capsys, monkeypatch, command):
    """``--dry-run`` says what it would copy and prints the command; no folder, file or record appears."""
    packaged = lessons(tmp_path / "venv/lib/python3.11/site-packages/widgets/_lessons",
                       "00_start_here.ipynb", "01_conversation.ipynb")
    monkeypatch.setattr(cli, "lessons_dir", lambda: packaged)
    before = _tree(tmp_path)
    cmd, out = dry_run(capsys, command)
    assert not home.exists(), "not even the data folder is made"
    assert _tree(tmp_path) == before
    assert f"Would copy 2 new lesson file(s) to {home / 'lessons'}." in out
    assert str(home / "lessons") in " ".join(cmd)


@pytest.mark.parametrize(("argv", "code", "message"), [
    pytest.param(["present", "--lessons", "nowhere"], 1, "No lessons folder", id="missing-lessons-folder"),
    pytest.param(["learn", "--port", "70000"], 2, "--port must be between", id="port-out-of-range"),
])
def test_serving_errors_are_one_line_without_traceback(home, capsys, argv, code, message):
    assert cli.main([*argv, "--dry-run"]) == code
    err = capsys.readouterr().err
    assert message in err and err.startswith("social-lab: ") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [
    pytest.param([], id="no-command"),
    pytest.param(["fly"], id="unknown-command"),
])
def test_usage_errors_exit_2(home, capsys, argv):
    assert cli.main(argv) == 2
    assert "usage: social-lab" in capsys.readouterr().err


# -- where, export, import -------------------------------------------------------------------


def test_where_prints_the_workbook_path(home, capsys):
    assert cli.main(["where"]) == 0
    assert capsys.readouterr().out.strip() == str(home / "workbook.sqlite3")


def test_the_module_runs_as_a_command(home):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "widgets.cli", "where"], env=env, capture_output=True, text=True,
                          timeout=20)
    assert done.returncode == 0 and done.stdout.strip() == str(home / "workbook.sqlite3")


def fill(workbook: Workbook) -> None:
    workbook.save("voice", "draft", "first 🚀")
    workbook.save("voice", "draft", "second — <script>x</script> שלום")
    workbook.save_many("ladder", {"rung": 2, "notes": ["a", None]})


def test_export_to_a_file_then_import_into_a_fresh_home_restores_everything(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "old"))
    old = Workbook.open_default()
    fill(old)
    backup = tmp_path / "backups" / "my-work.json"
    assert cli.main(["export", str(backup)]) == 0
    assert "Exported 3 answers from 2 exercise(s), 4 revisions" in capsys.readouterr().err
    assert "first 🚀" in backup.read_text(encoding="utf-8")  # readable, not \\u-escaped

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "new"))
    assert cli.main(["import", str(backup)]) == 0
    assert "3 answers added" in capsys.readouterr().out
    new = Workbook.open_default()
    assert new.export_data()["entries"] == old.export_data()["entries"]
    assert new.history("voice", "draft") == old.history("voice", "draft")


def test_a_lone_surrogate_is_replaced_and_the_rest_survives_export_and_import(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "old"))
    Workbook.open_default().save("voice", "draft", "pasted \ud83d half an emoji 🚀")
    assert cli.main(["export", str(tmp_path / "w.json")]) == 0
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "new"))
    assert cli.main(["import", str(tmp_path / "w.json")]) == 0
    assert Workbook.open_default().get("voice", "draft") == "pasted \ufffd half an emoji 🚀"


def test_export_to_stdout_is_the_json_document(home, capsys):
    fill(Workbook.open_default())
    assert cli.main(["export"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "social-leadership-lab/workbook" and len(doc["entries"]) == 3


def test_import_replace_backs_up_the_current_workbook_first(home, tmp_path, capsys):
    wb = Workbook.open_default()
    wb.save("voice", "draft", "from the file")
    exported = tmp_path / "export.json"
    assert cli.main(["export", str(exported)]) == 0
    wb.save("ladder", "rung", 3)
    assert cli.main(["import", str(exported), "--replace"]) == 0
    assert wb.exercises() == ["voice"]
    backups = list((home / "backups").glob("*.json"))
    assert len(backups) == 1
    assert {e["exercise"] for e in json.loads(backups[0].read_text(encoding="utf-8"))["entries"]} == {"ladder", "voice"}


def valid_export() -> str:
    entry = {"exercise": "voice", "key": "draft", "value": "imported", "saved_at": 1_700_000_000.0}
    return json.dumps({"format": "social-leadership-lab/workbook", "version": 1, "entries": [entry]}, indent=2)


BAD_FILES = [
    pytest.param(b"hello, not json", "not valid JSON", id="not-json"),
    pytest.param(valid_export()[:60].encode(), "not valid JSON", id="truncated-download"),
    pytest.param(b"", "is empty", id="empty-file"),
    pytest.param(b"\xff\xfe\x00garbage", "not UTF-8", id="binary"),
    pytest.param(valid_export().replace("social-leadership-lab/workbook", "other").encode(),
                 "not a Social Leadership Lab workbook", id="wrong-format"),
    pytest.param(valid_export().replace('"version": 1', '"version": 7').encode(), "newer", id="wrong-version"),
    pytest.param(valid_export().replace('"key": "draft"', '"key": ["draft"]').encode(), "'key' must be",
                 id="wrong-type"),
    pytest.param(valid_export().replace('"imported"', json.dumps("x" * 1_000_001)).encode(), "too large",
                 id="oversized-value"),
    pytest.param(valid_export().replace('"imported"', "NaN").encode(), "NaN is not a JSON value", id="nan"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
@pytest.mark.parametrize("replace", [pytest.param([], id="merge"), pytest.param(["--replace"], id="replace")])
def test_a_bad_import_file_exits_2_with_one_line_and_changes_nothing(home, tmp_path, capsys, content, message,
                                                                     replace):
    wb = Workbook.open_default()
    fill(wb)
    before = wb.export_data()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert cli.main(["import", str(bad), *replace]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.startswith("social-lab: ")
    assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err
    assert str(bad) in captured.err
    after = wb.export_data()
    assert (after["entries"], after["revisions"]) == (before["entries"], before["revisions"])
    assert not (home / "backups").exists()


def test_importing_a_missing_file_exits_2(home, tmp_path, capsys):
    assert cli.main(["import", str(tmp_path / "nope.json")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_a_damaged_workbook_is_reported_in_one_line_then_work_continues(home, capsys):
    home.mkdir()
    (home / "workbook.sqlite3").write_bytes(b"not a database" * 100)
    assert cli.main(["export"]) == 1
    err = capsys.readouterr().err
    assert "moved aside" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert cli.main(["export"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == []
