"""Lesson 03's views without a kernel: set values, click, assert state, what was saved, and restore."""

from __future__ import annotations

import datetime as dt

import pytest

from widgets.exercises.connector import ConnectorExercise
from widgets.exercises.playbook import WelcomePlaybookExercise
from widgets.exercises.rhythm import HostingRhythmExercise
from widgets.exercises.robot import RobotOrHumanExercise

SAT = dt.date(2026, 11, 28)
HOSTILE = [
    pytest.param("<script>alert(1)</script> ask them?", id="script-tag"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("x" * 50_000, id="huge-paste"),
    pytest.param("\x00\x1b[31m red \x07", id="control-chars"),
    pytest.param("مرحبا بكم في المجتمع", id="right-to-left"),
    pytest.param("👩‍👩‍👧‍👦🎉🎉🎉", id="emoji-zwj"),
]


def no_markup(*values):
    for value in values:
        assert "<script" not in value and "<img" not in value


# --- welcome playbook -------------------------------------------------------------------------------

def test_playbook_add_reorder_remove_check_and_save(workbook):
    p = WelcomePlaybookExercise.from_dataset(workbook=workbook)
    p._check.click()
    assert p.status == "empty"
    p._suggested.value = "look"
    p._add_suggested.click()
    p._own.value = "Ask what brought them here"
    p._kind.value = "personal"
    p._add_own.click()
    assert p._own.value == "", "a step that was added clears the box"
    p._suggested.value = "auto-dm"
    p._add_suggested.click()
    assert [s["kind"] for s in p.steps] == ["personal", "personal", "automated"]
    p.move_step(2, -1)
    assert p.steps[1]["text"].startswith("Send an automatic")
    # the row buttons do the same thing (keyboard users press them with Enter)
    up = p._list.children[2].children[1]
    up.click()
    assert p.steps[1]["text"] == "Ask what brought them here"
    p._check.click()
    assert p.status == "correct"
    remove = p._list.children[0].children[3]
    remove.click()
    assert len(p.steps) == 2
    saved = workbook.load("03.welcome-playbook")
    assert saved["_result"]["title"] == "Welcome playbook"
    assert saved["_result"]["items"][0] == ["Step 1 (personal)", "Ask what brought them here"]
    assert saved["_result"]["steps"] == p.steps
    again = WelcomePlaybookExercise.from_dataset(workbook=workbook)
    assert again.steps == p.steps and again._feedback.value, "restored and re-checked"


def test_playbook_first_row_cannot_move_up_and_last_cannot_move_down(workbook):
    p = WelcomePlaybookExercise.from_dataset(workbook=workbook)
    for sid in ("look", "hello"):
        p._suggested.value = sid
        p._add_suggested.click()
    first, last = p._list.children[0], p._list.children[-1]
    assert first.children[1].disabled and not first.children[2].disabled
    assert last.children[2].disabled
    assert all(b.tooltip for row in p._list.children for b in row.children[1:])


def test_playbook_refuses_duplicates_and_empty_steps(workbook):
    p = WelcomePlaybookExercise.from_dataset(workbook=workbook)
    p._add_own.click()
    assert "data-status='empty'" in p._feedback.value and p.steps == []
    p._own.value = "Say hello"
    p._add_own.click()
    p._own.value = "say HELLO"
    p._add_own.click()
    assert len(p.steps) == 1 and "already" in p._feedback.value
    assert p._own.value == "say HELLO", "a refused step is not lost"


@pytest.mark.parametrize("text", HOSTILE)
def test_playbook_bad_input(workbook, text):
    p = WelcomePlaybookExercise.from_dataset(workbook=workbook)
    p._own.value = text
    p._add_own.click()
    p._check.click()
    no_markup(p._feedback.value, *(row.children[0].value for row in p._list.children))
    assert workbook.get("03.welcome-playbook", "steps")


def test_playbook_restores_from_a_damaged_save(workbook):
    workbook.save("03.welcome-playbook", "steps", [{"text": "<b>hi</b>?", "kind": "personal"}, 5, {"kind": "x"}])
    p = WelcomePlaybookExercise.from_dataset(workbook=workbook)
    assert p.steps == [{"text": "<b>hi</b>?", "kind": "personal"}]
    no_markup(p._list.children[0].children[0].value)
    assert "&lt;b&gt;" in p._list.children[0].children[0].value


# --- robot or human ---------------------------------------------------------------------------------

def test_robot_sorting_explains_reveals_triggers_and_restores(workbook):
    r = RobotOrHumanExercise.from_dataset(workbook=workbook)
    first = r.current
    assert "sll-mark-red" not in r._card.value, "triggers stay hidden until the learner decides"
    (r._robot if first.label == "robot" else r._human).click()
    assert "data-status='correct'" in r._feedback.value
    if first.label == "robot":
        assert "sll-mark-red" in r._card.value
    r._next.click()
    wrong = r._human if r.current.label == "robot" else r._robot
    wrong.click()
    assert "data-status='incorrect'" in r._feedback.value
    assert "2 of" in r._score.value and "1 match" in r._score.value
    again = RobotOrHumanExercise.from_dataset(workbook=workbook)
    assert again.marks == r.marks and again.index == 2


def sort_right(r, count):
    """Sort the first ``count`` messages correctly (the rewrite picker fills with the robotic ones found)."""
    r.go(0)
    for _ in range(count):
        (r._robot if r.current.label == "robot" else r._human).click()
        r._next.click()


def test_the_rewrite_picker_is_not_the_answer_key(workbook):
    r = RobotOrHumanExercise.from_dataset(workbook=workbook)
    assert r._picker.disabled and [v for _, v in r._picker.options] == [""], "nothing listed before sorting"
    assert r.rewrite_id == "" and r._draft.disabled and "sll-mark" not in r._original.value
    sort_right(r, 6)
    sorted_robots = [m.id for m in r.spec.messages[:6] if m.label == "robot"]
    assert [v for _, v in r._picker.options] == sorted_robots != [m.id for m in r.spec.robotic]
    assert r.rewrite_id == sorted_robots[0] and not r._draft.disabled
    labels = " ".join(label for label, _ in r._picker.options)
    assert labels.startswith("Message 1: ") and not any(m.id in labels for m in r.spec.messages), "no internal ids"
    human = next(m for m in r.spec.messages[:6] if m.label == "human")
    assert human.id not in [v for _, v in r._picker.options]


def test_robot_rewrite_live_feedback_carries_chars_and_passes_a_model(workbook):
    r = RobotOrHumanExercise.from_dataset(workbook=workbook)
    assert "data-chars='0'" in r._live.value
    sort_right(r, 10)
    r._draft.value = "Hey {first_name}, love your content!"
    assert f"data-chars='{len(r._draft.value)}'" in r._live.value and "data-robot='2'" in r._live.value
    r._check.click()
    assert "data-status='incorrect'" in r._rewrite_feedback.value
    r._model.click()
    model = r.spec.model_rewrites[r.rewrite_id]
    r._draft.value = model
    assert "data-robot='0'" in r._live.value and "data-verdict='walkie-talkie'" in r._live.value
    r._check.click()
    assert "data-status='correct'" in r._rewrite_feedback.value
    r._saver.flush()
    first, second = [v for _, v in r._picker.options][:2]
    r._picker.value = second  # looking at another message is not working on it
    assert r._draft.value == ""
    r._saver.flush()
    again = RobotOrHumanExercise.from_dataset(workbook=workbook)
    assert again.rewrite_id == first and again._draft.value == model, "reopens on the message last written"
    again._picker.value = second
    again._draft.value = "Hi Sam, what are you building?"
    again._saver.flush()
    assert RobotOrHumanExercise.from_dataset(workbook=workbook).rewrite_id == second


@pytest.mark.parametrize("text", HOSTILE)
def test_robot_bad_input(workbook, text):
    r = RobotOrHumanExercise.from_dataset(workbook=workbook)
    sort_right(r, 1)
    r._draft.value = text
    r._check.click()
    no_markup(r._live.value, r._rewrite_feedback.value)
    assert r._rewrite_feedback.value
    r._saver.flush()
    assert workbook.get("03.robot-or-human", "rewrites")


# --- connector --------------------------------------------------------------------------------------

GOOD = ("{a}, meet {b}. {b} has solved exactly what you asked about last week, and you two share a hobby. "
        "{b}, {a} is lovely. Would you two have ten minutes for a chat this week?")


def intro_for(c):
    a, b = (c.spec.member(x).first_name for x in c.pair)
    return GOOD.format(a=a, b=b)


def test_connector_suggests_drafts_records_and_never_repeats(workbook):
    c = ConnectorExercise.from_dataset(workbook=workbook)
    first = c.pair
    assert first and "<li>" in c._why.value
    c._record.click()
    assert "Not recorded yet" in c._feedback.value and c.introduced == []
    c._draft.value = intro_for(c)
    assert f"data-chars='{len(c._draft.value)}'" in c._live.value
    c._check.click()
    assert "data-status='correct'" in c._feedback.value
    c._record.click()
    assert [(r["a"], r["b"]) for r in c.introduced] == [first]
    assert c.pair != first and "|".join(first) not in [v for _, v in c._picker.options]
    saved = workbook.load("03.connector")
    assert saved["_result"]["title"] == "Introductions" and len(saved["_result"]["items"]) == 1
    again = ConnectorExercise.from_dataset(workbook=workbook)
    assert again.introduced == c.introduced and again.pair == c.pair
    assert "|".join(first) not in [v for _, v in again._picker.options]


def test_connector_keeps_a_draft_per_pair(workbook):
    c = ConnectorExercise.from_dataset(workbook=workbook)
    one, two = (v for _, v in c._picker.options[:2])
    c._draft.value = "draft one"
    c._picker.value = two
    assert c._draft.value == ""
    c._picker.value = one
    assert c._draft.value == "draft one"
    c._saver.flush()
    assert workbook.get("03.connector", "drafts") == {one: "draft one"}


def drawn(monkeypatch, module):
    """Capture what a view hands to ``draw`` (an Output widget only fills inside a kernel)."""
    calls = []
    monkeypatch.setattr(module, "draw", lambda output, data, alt: calls.append((output, data, alt)))
    return calls


def test_connector_map_is_drawn_only_on_request(workbook, monkeypatch):
    import widgets.exercises.connector as view

    calls = drawn(monkeypatch, view)
    c = ConnectorExercise.from_dataset(workbook=workbook)
    assert calls == []
    c._map_button.click()
    ((output, data, alt),) = calls
    assert output is c._map and "Network map of 30" in alt
    assert [t["name"] for t in data["data"]] == ["Introduced", "Chosen introduction", "Members"]


@pytest.mark.parametrize("text", HOSTILE)
def test_connector_bad_input(workbook, text):
    c = ConnectorExercise.from_dataset(workbook=workbook)
    c._draft.value = text
    c._check.click()
    c._record.click()
    no_markup(c._live.value, c._feedback.value, c._list.value)
    assert c.introduced == []


def test_connector_ignores_damaged_saves(workbook):
    workbook.save("03.connector", "introduced", [{"a": "ana", "b": "nobody"}, "x", {"a": "femi", "b": "jun",
                                                                                    "names": "F ↔ J", "message": "m"}])
    workbook.save("03.connector", "drafts", "not a dict")
    c = ConnectorExercise.from_dataset(workbook=workbook)
    assert [(r["a"], r["b"]) for r in c.introduced] == [("femi", "jun")]


# --- hosting rhythm ---------------------------------------------------------------------------------

def test_rhythm_plan_log_streak_and_restore(workbook):
    h = HostingRhythmExercise(workbook=workbook, today=SAT)
    h._check.click()
    assert "data-status='empty'" in h._feedback.value
    h._days["affirm"].value = ("mon", "thu")
    h._days["reach_out"].value = ("tue",)
    h._days["connect"].value = ("fri",)
    h._check.click()
    assert "data-status='correct'" in h._feedback.value
    h._log_day.value = "2026-11-27"
    h._log_action.value = "connect"
    h._log_button.click()
    h._log_day.value = "2026-11-28"
    h._log_action.value = "affirm"
    h._log_button.click()
    assert h.log == {"2026-11-27": ["connect"], "2026-11-28": ["affirm"]}
    assert "streak 2 days" in h._summary.value
    h._unlog.click()
    assert h.log == {"2026-11-27": ["connect"]}
    saved = workbook.load("03.hosting-rhythm")
    assert saved["_result"]["items"] == [["Affirm", "Mon, Thu"], ["Reach out", "Tue"], ["Connect", "Fri"]]
    assert saved["_result"]["plan"] == h.plan
    again = HostingRhythmExercise(workbook=workbook, today=SAT)
    assert again.plan == h.plan and again.log == h.log
    assert again._days["affirm"].value == ("mon", "thu")


def test_rhythm_offers_only_days_up_to_today_and_refuses_the_future(workbook):
    h = HostingRhythmExercise(workbook=workbook, today=dt.date(2026, 11, 25))  # a Wednesday
    assert [v for _, v in h._log_day.options] == ["2026-11-25", "2026-11-24", "2026-11-23"]
    h.record(dt.date(2026, 11, 26), "affirm")
    assert h.log == {} and "data-status='invalid'" in h._feedback.value


def test_rhythm_chart_on_request(workbook, monkeypatch):
    import widgets.exercises.rhythm as view

    calls = drawn(monkeypatch, view)
    h = HostingRhythmExercise(workbook=workbook, today=SAT)
    assert calls == []
    h._chart_button.click()
    ((output, data, alt),) = calls
    assert output is h._chart and alt.startswith("Week 2026-W48") and len(data["data"]) == 2


def test_rhythm_ignores_damaged_saves(workbook):
    workbook.save("03.hosting-rhythm", "plan", {"affirm": "mon", "evil": ["<script>"]})
    workbook.save("03.hosting-rhythm", "log", ["nonsense"])
    h = HostingRhythmExercise(workbook=workbook, today=SAT)
    assert h.plan == {"affirm": [], "reach_out": [], "connect": []} and h.log == {}


# --- every view ---------------------------------------------------------------------------------------

VIEWS = [
    pytest.param(lambda wb: WelcomePlaybookExercise.from_dataset(workbook=wb), "sll-welcome-playbook",
                 "03.welcome-playbook", id="playbook"),
    pytest.param(lambda wb: RobotOrHumanExercise.from_dataset(workbook=wb), "sll-robot-or-human",
                 "03.robot-or-human", id="robot"),
    pytest.param(lambda wb: ConnectorExercise.from_dataset(workbook=wb), "sll-connector", "03.connector",
                 id="connector"),
    pytest.param(lambda wb: HostingRhythmExercise(workbook=wb, today=SAT), "sll-hosting-rhythm",
                 "03.hosting-rhythm", id="rhythm"),
]


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


@pytest.mark.parametrize("make, css, exercise_id", VIEWS)
def test_views_have_their_class_id_labels_and_tooltips(workbook, make, css, exercise_id):
    import ipywidgets as w

    view = make(workbook)
    assert css in view._dom_classes and view.exercise_id == exercise_id
    assert repr(view) == f"{type(view).__name__}({exercise_id!r})"
    for widget in walk(view):
        if isinstance(widget, w.Button):
            assert widget.tooltip and widget.description, widget
        if isinstance(widget, (w.Text, w.Textarea)):
            assert widget.placeholder, widget
        if isinstance(widget, (w.Dropdown, w.SelectMultiple)):
            assert widget.description, widget
    # A child named like a Widget method (e.g. ``_compare``) silently breaks state syncing.
    own = set(vars(view)) - {"spec"}
    assert not own & set(dir(w.VBox)), f"{type(view).__name__} shadows {own & set(dir(w.VBox))}"
