"""Coach mode: facilitation notes show for coaches only; `present --coach` turns it on."""

from __future__ import annotations

import pytest

from widgets.cli import main
from widgets.coach import coach_mode, load_notes
from widgets.cohort import CohortStore, live_numbers
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
    assert all(step.title in shown.children[1].value for step in notes.steps)
    assert f"about {notes.minutes} minutes" in shown.children[1].value


def test_the_coach_panel_is_only_drawn_in_coach_mode(monkeypatch):
    monkeypatch.delenv("SOCIAL_LAB_COACH", raising=False)
    hidden = CoachNotesView.from_dataset("lesson01/coach_notes.yaml")
    assert "sll-coach-panel" not in hidden._dom_classes, "a learner's page keeps its layout"
    shown = CoachNotesView.from_dataset("lesson01/coach_notes.yaml", show=True)
    assert "sll-coach-panel" in shown._dom_classes
    assert "position: fixed" in shown.children[1].value and "<details open>" in shown.children[1].value
    assert "href='coach/dashboard.ipynb'" in shown.children[1].value


def test_live_numbers_name_the_newest_cohorts_with_plurals():
    class C:
        def __init__(self, name):
            self.name = name
    rows = [(C(f"Group {i}"), i, 2 * i) for i in range(1, 6)]  # oldest first, as the store lists them
    line = live_numbers(rows)
    assert line == "Group 5: 5 learners, 10 results · Group 4: 4 learners, 8 results · Group 3: 3 learners, 6 results"
    assert live_numbers([(C("Solo"), 1, 1)]) == "Solo: 1 learner, 1 result"
    assert live_numbers([]).startswith("No cohort yet")


def test_the_panel_reads_the_cohort_store_and_escapes_what_it_shows(tmp_path):
    store = CohortStore(tmp_path / "cohort.sqlite")
    made, _key = store.create_cohort("Tue <b>group</b>")
    member = store.join(made.code, "Ana")
    view = CoachNotesView(load_notes("lesson01/coach_notes.yaml"), show=True, live=False)
    assert view._live.layout.display == "none", "no live line until it has been read"
    assert view.refresh_live(store) == "Tue <b>group</b>: 1 learner, 0 results"
    store.submit(member.token, "00.stage-assessment", {"stage": "Host"})
    view.refresh_live(store)
    assert "Live: Tue &lt;b&gt;group&lt;/b&gt;: 1 learner, 1 result" in view._live.value
    assert view._live.layout.display is None

    class Down:
        def cohorts(self):
            raise ConnectionRefusedError("no store")
    assert view.refresh_live(Down()) == "Cohort numbers are not available (ConnectionRefusedError)."


def test_present_coach_starts_a_presenter_server_in_coach_mode_and_a_room_without(capsys, tmp_path):
    (tmp_path / "01_x.ipynb").write_text("{}", encoding="utf-8")
    assert main(["present", "--coach", "--dry-run", "--no-browser", "--lessons", str(tmp_path)]) == 0
    commands = [line for line in capsys.readouterr().out.splitlines() if " -m widgets.room " in line or " -m voila " in line]
    room, presenter = commands
    assert "SOCIAL_LAB_COACH" not in room, "the projected lessons show no notes"
    assert "SOCIAL_LAB_COACH=1" in presenter.split(" -m ")[0].split(), "the presenter's pages show the notes"
