"""The save status never says "Saved" when nothing was saved: half emoji, another tab, damage, size caps.

Widgets without a kernel, plus one real kernel for the path a browser's update takes.
"""

from __future__ import annotations

import json
import os
import stat
import textwrap
from pathlib import Path

import ipywidgets as w
import pytest

from widgets import workbook as workbook_module
from widgets.exercises import base
from widgets.exercises.base import Saver
from widgets.workbook import Workbook, WorkbookError, validate_export

ROOT = Path(__file__).resolve().parents[1]


# -- any text the learner can type is saved -----------------------------------------------------

@pytest.mark.parametrize("typed,kept", [
    pytest.param("half an emoji \ud83d here", "half an emoji \ufffd here", id="lone-high-surrogate"),
    pytest.param("\udc00 starts low", "\ufffd starts low", id="lone-low-surrogate"),
    pytest.param("a pair in two halves \ud83c\udf31", "a pair in two halves 🌱", id="pair-sent-as-halves"),
    pytest.param("plain 🌱 text", "plain 🌱 text", id="nothing-to-replace"),
])
def test_a_browser_update_with_half_an_emoji_reaches_the_widget(typed, kept):
    box = w.Textarea()
    seen = []
    box.observe(lambda change: seen.append(change["new"]), "value")
    box.set_state({"value": typed})
    assert box.value == kept and seen[-1:] == ([kept] if typed else [])


def test_nested_state_is_cleaned_too():
    tags = w.TagsInput()
    tags.set_state({"value": ["a\ud800", "b"]})  # a list of typed texts, as a browser sends it
    assert list(tags.value) == ["a\ufffd", "b"]


def test_the_workbook_replaces_half_an_emoji_and_the_export_writes(workbook):
    workbook.save("01.rewrite-studio", "draft", {"text": "x\ud83d", "list": ["\udc00"]})
    assert workbook.get("01.rewrite-studio", "draft") == {"text": "x\ufffd", "list": ["\ufffd"]}
    json.dumps(workbook.export_data(), ensure_ascii=False).encode("utf-8")


def test_an_older_workbook_holding_half_an_emoji_still_exports(workbook):
    import sqlite3

    with sqlite3.connect(workbook.path) as conn:  # as an earlier version stored it
        conn.execute("INSERT INTO entries VALUES ('voice', 'draft', ?, 1.0)", (json.dumps("old \ud83d"),))
    doc = workbook.export_data()
    assert doc["entries"][0]["value"] == "old \ufffd"
    json.dumps(doc, ensure_ascii=False).encode("utf-8")


KERNEL_CODE = textwrap.dedent('''
    import json
    import ipywidgets as w
    from widgets.exercises.base import Saver
    from widgets.workbook import Workbook
    saver = Saver("01.rewrite-studio", Workbook.open_default(), delay=0)
    box = w.Textarea()
    box.observe(lambda change: saver.save_now("draft", change["new"]), "value")
    box.set_state({"value": "pasted \\ud83d half"})   # exactly what the kernel gets from the browser
    print(json.dumps({"value": box.value, "saved": Workbook.open_default().get("01.rewrite-studio", "draft"),
                      "status": saver.status.value}))
''')


def test_in_a_real_kernel_the_update_is_applied_echoed_and_saved(tmp_path):
    """The failure was in a kernel: its echo of the update to the page raised before the value was set."""
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOCIAL_LAB_HOME": str(tmp_path)}
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT))
    try:
        msg_id = kc.execute(KERNEL_CODE)
        out, errors = [], []
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                errors.append("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert errors == []
    result = json.loads("".join(out))
    assert result["value"] == result["saved"] == "pasted \ufffd half"
    assert "Saved" in result["status"]


# -- a second tab ---------------------------------------------------------------------------------

def test_a_second_tab_is_told_and_neither_tab_erases_the_other(workbook):
    one, two = Saver("01.rewrite-studio", workbook), Saver("01.rewrite-studio", workbook)
    assert one.load() == two.load() == {}
    one.save_now("draft", "written in tab one")
    assert one.status.value.count("Saved") == 1 and "another tab" not in one.status.value
    two.save_now("draft", "written in tab two")
    assert "another tab or window" in two.status.value and "role='alert'" in two.status.value
    assert [r.value for r in workbook.history("01.rewrite-studio", "draft")] == \
        ["written in tab two", "written in tab one"], "the other tab's text is kept in history"
    one.save_now("draft", "tab one again")
    assert "another tab or window" in one.status.value, "the first tab is told too, on its next save"
    two.save_now("draft", "tab two again")
    assert "another tab" in two.status.value
    one.load()  # reloading shows the latest: no warning after that
    one.save_now("draft", "after reloading")
    assert "another tab" not in one.status.value


def test_a_tab_alone_is_never_warned(workbook):
    saver = Saver("02.benefit-ladder", workbook)
    saver.load()
    for text in ("a", "ab", "abc"):
        saver.schedule("rung", text)
        saver.flush()
    saver.save_now("_result", {"items": []})
    assert "another tab" not in saver.status.value and "Saved" in saver.status.value


def test_debounced_typing_in_two_tabs_is_told(workbook):
    one, two = Saver("03.playbook", workbook, delay=0.01), Saver("03.playbook", workbook, delay=0.01)
    one.load(), two.load()
    one.schedule("steps", ["one"])
    one.flush()
    two.schedule("steps", ["two"])
    two.flush()
    assert "another tab" in two.status.value


# -- what the status line says ----------------------------------------------------------------------

def test_no_workbook_says_not_saving(monkeypatch):
    monkeypatch.setitem(base._DEFAULT, "workbook", None)
    monkeypatch.setitem(base._DEFAULT, "note", "Cannot create the course folder: disk full.")
    saver = Saver("01.rewrite-studio")
    assert "Not saving: Cannot create the course folder" in saver.status.value
    saver.schedule("draft", "x")  # nothing to save into: still says so, never "Saved"
    assert "Saved" not in saver.status.value


def test_a_damaged_workbook_is_said_on_the_page_with_what_came_back(home_with_damage):
    saver = Saver("01.rewrite-studio")
    assert "Note: The workbook at" in saver.status.value and "recovered into it" in saver.status.value
    assert saver.load() == {"draft": "my rewrite"}


@pytest.fixture
def home_with_damage(tmp_path, monkeypatch):
    home = tmp_path / "damaged-home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(home))
    wb = Workbook.open_default()
    wb.save("01.rewrite-studio", "draft", "my rewrite")
    data = wb.path.read_bytes()
    wb.path.write_bytes(b"\x00" * 100 + data[100:])  # the header overwritten
    base._DEFAULT.clear()
    return home


def test_a_failed_write_says_not_saved(workbook, monkeypatch):
    saver = Saver("01.rewrite-studio", workbook)

    def refuse(*_args, **_kwargs):
        raise WorkbookError("Could not save to the workbook: disk full.")
    monkeypatch.setattr(workbook, "save_checked", refuse)
    saver.save_now("draft", "x")
    assert "Not saved: Could not save" in saver.status.value and "Saved " not in saver.status.value


def test_the_first_status_line_carries_the_browser_watch_and_the_rest_register(workbook, monkeypatch):
    monkeypatch.setattr(base, "_WATCH", {})
    first, second = Saver("01.a", workbook), Saver("01.b", workbook)
    assert "sllSaveWatch" in first.status.value and "sessionStorage" in first.status.value
    assert "sllSaveWatch" not in second.status.value and "sllSaveQueue" in second.status.value
    assert "sll-saves--01.a" in first.status._dom_classes
    first.save_now("k", "<img src=x onerror=alert(1)>")
    assert "onerror" not in first.status.value, "after the first message the line is plain text"


def test_every_exercise_box_is_marked_for_the_watch():
    from widgets.exercises.base import Exercise

    assert "sll-exercise" in Exercise()._dom_classes


# -- size caps -----------------------------------------------------------------------------------

def test_an_import_over_the_total_cap_is_refused_and_changes_nothing(workbook, monkeypatch):
    monkeypatch.setattr(workbook_module, "MAX_IMPORT_BYTES", 10_000)
    doc = {"format": "social-leadership-lab/workbook", "version": 1,
           "entries": [{"exercise": "e", "key": f"k{i}", "value": "x" * 900, "saved_at": 1.0} for i in range(12)]}
    with pytest.raises(WorkbookError, match=r"holds 0\.0 MB.*at most 0 MB\. Nothing was imported"):
        validate_export(doc)
    with pytest.raises(WorkbookError, match="Nothing was imported"):
        workbook.import_data(doc)
    assert workbook.exercises() == []


def test_the_cli_refuses_an_import_over_the_cap_in_one_line(tmp_path, monkeypatch, capsys):
    from widgets import cli

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(workbook_module, "MAX_IMPORT_BYTES", 10_000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "social-leadership-lab/workbook", "version": 1, "entries": [
        {"exercise": "e", "key": f"k{i}", "value": "x" * 900, "saved_at": 1.0} for i in range(12)]}))
    assert cli.main(["import", str(big)]) == 2
    err = capsys.readouterr().err
    assert "a workbook takes at most" in err and len(err.strip().splitlines()) == 1


def _doc(entries: int, revisions: int, size: int) -> dict:
    row = lambda i: {"exercise": "01.rewrite-studio", "key": f"k{i}", "value": "w" * size, "saved_at": 1.0}  # noqa: E731
    return {"format": "social-leadership-lab/workbook", "version": 1, "exported_at": "",
            "entries": [row(i) for i in range(entries)], "revisions": [row(i) for i in range(revisions)]}


@pytest.mark.parametrize("doc,link,words", [
    pytest.param(_doc(3, 6, 100), "full", "", id="small-workbook-whole"),
    pytest.param(_doc(3, 60, 100_000), "answers-only", "without their earlier versions", id="long-history"),
    pytest.param(_doc(60, 0, 100_000), "none", "too large to download from this page", id="huge-answers"),
])
def test_the_capstone_link_never_carries_a_tab_crashing_file(doc, link, words):
    from widgets.exercises.plan import LINK_LIMIT, backup_for_link

    backup, note = backup_for_link(doc)
    if link == "none":
        assert backup is None
    else:
        assert len(backup) <= LINK_LIMIT
        kept = json.loads(backup)
        assert len(kept["entries"]) == len(doc["entries"])
        assert len(kept["revisions"]) == (len(doc["revisions"]) if link == "full" else 0)
    assert words in note and ("social-lab export" in note) == (link != "full")


def test_the_capstone_shows_no_link_and_says_why_for_a_huge_workbook(workbook, monkeypatch):
    from widgets.exercises import plan

    monkeypatch.setattr(plan, "LINK_LIMIT", 30_000)
    workbook.save("01.rewrite-studio", "notes", "n" * 40_000)  # not part of the plan: only the backup grows
    view = plan.PlanExercise(workbook=workbook)
    assert "sll-download-json" not in view._downloads.value
    assert "too large to download from this page" in view._downloads.value
    assert "sll-download-html" in view._downloads.value


# -- private files ----------------------------------------------------------------------------------

def test_import_backups_are_private(tmp_path, monkeypatch, capsys):
    from widgets import cli

    home = tmp_path / "home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(home))
    Workbook.open_default().save("voice", "draft", "before")
    export = tmp_path / "w.json"
    assert cli.main(["export", str(export)]) == 0
    assert cli.main(["import", "--replace", str(export)]) == 0
    [backup] = list((home / "backups").iterdir())
    assert stat.S_IMODE((home / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
