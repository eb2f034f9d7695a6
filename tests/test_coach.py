"""Coach mode: facilitation notes show for coaches only; `present --coach` turns it on."""

from __future__ import annotations

import pytest

from widgets.cli import main
from widgets.coach import coach_mode, load_notes
from widgets.exercises import CoachNotesView


@pytest.mark.parametrize("env,expected", [
    pytest.param({}, False, id="unset-means-learner"),
    pytest.param({"SOCIAL_LAB_COACH": "1"}, True, id="one"),
    pytest.param({"SOCIAL_LAB_COACH": " Yes "}, True, id="yes-any-case"),
    pytest.param({"SOCIAL_LAB_COACH": "0"}, False, id="zero"),
    pytest.param({"SOCIAL_LAB_COACH": "<script>"}, False, id="garbage-is-off"),
])
def test_coach_mode(env, expected):
    assert coach_mode(env) is expected


def test_notes_are_hidden_for_learners_and_shown_for_coaches(monkeypatch):
    monkeypatch.delenv("SOCIAL_LAB_COACH", raising=False)
    hidden = CoachNotesView.from_dataset("lesson01/coach_notes.yaml")
    assert hidden.children == () and hidden.layout.display == "none"
    monkeypatch.setenv("SOCIAL_LAB_COACH", "1")
    shown = CoachNotesView.from_dataset("lesson01/coach_notes.yaml")
    notes = load_notes("lesson01/coach_notes.yaml")
    assert all(step.title in shown.children[0].value for step in notes.steps)
    assert f"about {notes.minutes} minutes" in shown.children[0].value


def test_present_coach_starts_a_presenter_server_in_coach_mode_and_a_room_without(capsys, tmp_path):
    (tmp_path / "01_x.ipynb").write_text("{}", encoding="utf-8")
    assert main(["present", "--coach", "--dry-run", "--no-browser", "--lessons", str(tmp_path)]) == 0
    commands = [line for line in capsys.readouterr().out.splitlines() if " -m widgets.room " in line or " -m voila " in line]
    room, presenter = commands
    assert "SOCIAL_LAB_COACH" not in room, "the projected lessons show no notes"
    assert "SOCIAL_LAB_COACH=1" in presenter.split(" -m ")[0].split(), "the presenter's pages show the notes"
