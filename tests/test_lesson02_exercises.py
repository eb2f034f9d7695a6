"""Lesson 02 views without a kernel: set values, click, assert state, what was saved and what is restored."""

from __future__ import annotations

from html import escape

import pytest

from widgets.exercises.buying import ContentMixExercise, WhatPeopleBuyExercise
from widgets.exercises.canvas import ContentPillarsExercise, CultureCanvasExercise
from widgets.exercises.character import CharacterCheckExercise
from widgets.exercises.ladder import BenefitLadderExercise
from widgets.exercises.mining import DailyLifeExercise

VIEWS = [BenefitLadderExercise, WhatPeopleBuyExercise, ContentMixExercise, CultureCanvasExercise,
         ContentPillarsExercise, CharacterCheckExercise, DailyLifeExercise]
EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def climb(view, rungs):
    for rung in rungs:
        view._rung_input.value = rung
        view._add.click()


def all_html(widget) -> str:
    out = [getattr(widget, "value", "") if type(widget).__name__ == "HTML" else ""]
    for child in getattr(widget, "children", ()):
        out.append(all_html(child))
    return "".join(out)


@pytest.mark.parametrize("view, css", [
    pytest.param(BenefitLadderExercise, "sll-benefit-ladder", id="ladder"),
    pytest.param(WhatPeopleBuyExercise, "sll-what-people-buy", id="order"),
    pytest.param(ContentMixExercise, "sll-content-mix", id="mix"),
    pytest.param(CultureCanvasExercise, "sll-culture-canvas", id="canvas"),
    pytest.param(ContentPillarsExercise, "sll-content-pillars", id="pillars"),
    pytest.param(CharacterCheckExercise, "sll-character-check", id="character"),
    pytest.param(DailyLifeExercise, "sll-daily-life", id="daily-life"),
])
def test_views_have_a_root_class_an_id_and_accessible_inputs(view, css, workbook):
    import ipywidgets as w

    v = view.from_dataset(workbook=workbook)
    assert css in v._dom_classes and v.exercise_id.startswith("02.")

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)
    for widget in walk(v):
        if isinstance(widget, w.Button):
            assert widget.tooltip, widget.description
        if isinstance(widget, (w.Text, w.Textarea)):
            assert widget.placeholder or widget.description


def test_views_do_not_shadow_widget_internals(workbook):
    import ipywidgets as w

    for view in VIEWS:
        v = view.from_dataset(workbook=workbook)
        clashes = {name for name in vars(v) if name.startswith("_") and hasattr(w.DOMWidget, name)}
        assert not clashes, (view.__name__, clashes)


def test_ladder_classifies_live_with_data_chars(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    v._rung_input.value = "A cordless drill with an 18 V battery"
    assert v.live_kind == "feature"
    assert f"data-chars='{len(v._rung_input.value)}'" in v._live.value and "sll-cue-feature" in v._live.value
    v._rung_input.value = "So you can hang the picture"
    assert v.live_kind == "benefit" and "sll-cue-benefit" in v._live.value


def test_ladder_examples_show_kinds_and_cues(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    assert v._examples.value == "drill", "the lesson's own example is shown first"
    v._examples.value = "bakery"
    assert "family table" in v._example_view.value
    v._examples.value = "drill"
    assert "Brand essence" in v._example_view.value and "data-kind='feature'" in v._example_view.value
    assert "sll-cue" in v._example_view.value


def test_ladder_builds_saves_result_and_restores(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    climb(v, ["Weekly pottery classes", "You make a mug with your own hands",
              "Feeling proud when friends drink from it"])
    assert v.status == "correct" and v._rung_input.value == ""
    result = workbook.get("02.benefit-ladder", "_result")
    assert result == {"title": "Benefit ladder",
                      "items": [["Rung 1", "Weekly pottery classes"], ["Rung 2", "You make a mug with your own hands"],
                                ["Brand essence", "Feeling proud when friends drink from it"]],
                      "rungs": v.rungs, "essence": "Feeling proud when friends drink from it"}
    again = BenefitLadderExercise.from_dataset(workbook=workbook)
    assert again.rungs == v.rungs and again.status == "correct"
    assert "Brand essence" in again._ladder.value and again._ladder.value.count("class='sll-rung'") == 3


def test_ladder_feedback_names_the_rung(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    climb(v, ["Yoga classes", "So you can sleep better", "Be the best studio in town"])
    assert v.status == "incorrect" and "Rung 3" in v._feedback.value and "slogan" in v._feedback.value
    v._undo.click()
    assert v.rungs == ["Yoga classes", "So you can sleep better"]
    assert v._rung_input.value == "Be the best studio in town"  # removed rung comes back to edit, not lost


def test_ladder_hint_model_and_empty_add(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    v._add.click()
    assert v.rungs == [] and "Type a rung first" in v._feedback.value
    v._undo.click()
    assert "empty" in v._feedback.value
    v._model.click()
    assert "sll-model-ladder" in v._feedback.value and "Brand essence" in v._feedback.value


@pytest.mark.parametrize("text", [
    pytest.param(EVIL, id="markup"),
    pytest.param("x" * 50_000, id="50k"),
    pytest.param("😀👨‍👩‍👧 so you can smile", id="emoji-zwj"),
    pytest.param("\x00\x07 rung", id="control"),
    pytest.param("כדי שתוכל לנוח", id="rtl"),
])
def test_ladder_bad_input_is_escaped_capped_and_kept(text, workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    v._rung_input.value = text
    v._add.click()
    assert len(v.rungs) == 1 and len(v.rungs[0]) <= 300 and "\x00" not in v.rungs[0]
    html = all_html(v)
    assert "<script>" not in html and "<img" not in html


def test_ladder_caps_the_number_of_rungs(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    climb(v, [f"rung number {i}" for i in range(14)])
    assert len(v.rungs) == 12 and "plenty" in v._feedback.value


def test_order_exercise_checks_saves_and_restores(workbook):
    v = WhatPeopleBuyExercise.from_dataset(workbook=workbook)
    v._check.click()
    assert v.status == "empty"
    for slot, value in zip(v._slots, ["solution", "relationship", "direction"]):
        slot.value = value
    v._check.click()
    assert v.status == "incorrect" and "is not number 1" in v._feedback.value
    for slot, value in zip(v._slots, ["direction", "relationship", "solution"]):
        slot.value = value
    v._check.click()
    assert v.status == "correct"
    assert workbook.get("02.what-people-buy", "answer") == ["direction", "relationship", "solution"]
    again = WhatPeopleBuyExercise.from_dataset(workbook=workbook)
    assert again.status == "correct" and [s.value for s in again._slots] == ["direction", "relationship", "solution"]
    assert "<details class='sll-hint'" in again._intro.value and escape(again.spec.hint) in again._intro.value
    again._reveal.click()
    assert "Direction" in again._feedback.value


def test_content_mix_classifies_charts_saves_and_restores(workbook, capsys):
    v = ContentMixExercise.from_dataset(workbook=workbook)
    assert v._chart is None  # no chart (and no plotly.js) until the learner asks
    v._analyse.click()
    assert v.status == "empty" and v._chart is None
    v._sample.click()
    assert v._chart is not None and v.children[-1] is v._chart
    assert sum(v.counts.values()) == 6 and v.counts["solution"] >= 2
    assert "data-kind='solution'" in v._list.value and "data-chars=" in v._list.value
    result = workbook.get("02.content-mix", "_result")
    assert result["title"] == "Content mix" and result["counts"] == v.counts
    assert ["What it implies", v._feedback.value and result["items"][-1][1]] == result["items"][-1]
    again = ContentMixExercise.from_dataset(workbook=workbook)
    assert again._posts.value == v._posts.value


def test_content_mix_escapes_pasted_markup(workbook, capsys):
    v = ContentMixExercise.from_dataset(workbook=workbook)
    v._posts.value = EVIL + "\nBuy now!\nWhat do you think?"
    v._analyse.click()
    assert "<script>" not in v._list.value and "&lt;script&gt;" in v._list.value


def test_canvas_prefills_essence_from_the_ladder_and_saves(workbook):
    ladder = BenefitLadderExercise.from_dataset(workbook=workbook)
    climb(ladder, ["Weekly pottery classes", "You make a mug with your own hands",
                   "Feeling proud when friends drink from it"])
    v = CultureCanvasExercise.from_dataset(workbook=workbook)
    assert v._essence.value == "Feeling proud when friends drink from it"
    for field in v.spec.fields:
        v.set_answer(field.id, v.spec.sample[field.id])
    assert v.answers["stories"] == v.spec.sample["stories"] and "(empty)" not in v._overview.value.split("Brand")[1]
    v._check.click()
    assert v.status == "correct"
    result = workbook.get("02.culture-canvas", "_result")
    assert result["title"] == "Culture canvas" and result["essence"] == v._essence.value
    assert result["items"][0] == ["Brand essence", v._essence.value]
    again = CultureCanvasExercise.from_dataset(workbook=workbook)
    assert again._box.value == v.spec.sample[v.spec.fields[0].id]
    again._next.click()
    assert again.field == v.spec.fields[1].id and again._box.value == v.spec.sample[v.spec.fields[1].id]
    again._example.click()
    assert "example canvas" in again._feedback.value


def test_pillars_suggest_from_canvas_check_save_restore(workbook):
    pillars = ContentPillarsExercise.from_dataset(workbook=workbook)
    pillars._suggest.click()
    assert "empty" in pillars._feedback.value
    canvas = CultureCanvasExercise.from_dataset(workbook=workbook)
    canvas.set_answer("stories", "Cracked pots and first mugs")
    canvas.set_answer("tools", "A glaze chart")
    canvas._saver.flush()
    pillars._suggest.click()
    assert pillars._name.value == "Stories: Cracked pots and first mugs"
    pillars.set_pillar(2, "Lessons", "")
    for i in range(3):
        pillars.set_pillar(i, pillars.pillars[i]["name"], "idea one\nidea two")
    pillars._traditions.value = "Every Friday: show your mug"
    pillars._check.click()
    assert pillars.status == "correct"
    result = workbook.get("02.content-pillars", "_result")
    assert result["title"] == "Content pillars and traditions" and len(result["pillars"]) == 3
    assert result["traditions"] == ["Every Friday: show your mug"]
    again = ContentPillarsExercise.from_dataset(workbook=workbook)
    assert again.pillars[2]["name"] == "Lessons" and again._name.value == "Stories: Cracked pots and first mugs"
    again._picker.value = 2
    assert again._name.value == "Lessons" and again._ideas.value == "idea one\nidea two"
    assert again._traditions.value == "Every Friday: show your mug"
    again._model.click()
    assert "model plan" in again._feedback.value


def test_character_check_reads_own_culture_live(workbook):
    v = CharacterCheckExercise.from_dataset(workbook=workbook)
    assert v.verdict == "none" and "still empty" in v._source.value
    v._draft.value = "What did you cook for dinner tonight?"
    assert v.verdict == "none" and "sample canvas" in v._result.value
    v._sample.click()
    assert v.using_sample and v.verdict == "in"
    assert f"data-chars='{len(v._draft.value)}'" in v._result.value and "sll-cue-match" in v._result.value
    v._draft.value = "LAST CHANCE!!! 40% off, link in bio"
    assert v.verdict == "out" and "sll-cue-clash" in v._result.value and "Voice meter" in v._voice.value
    v._saver.flush()
    again = CharacterCheckExercise.from_dataset(workbook=workbook)
    assert again.using_sample and again._draft.value == v._draft.value and again.verdict == "out"
    again._mine.click()
    assert not again.using_sample and again.verdict == "none"


def test_character_check_escapes_the_draft(workbook):
    v = CharacterCheckExercise.from_dataset(workbook=workbook)
    v._sample.click()
    v._draft.value = EVIL + " dinner together"
    assert "<script>" not in v._result.value and "<img" not in v._result.value


def test_daily_life_mines_links_and_saves(workbook):
    pillars = ContentPillarsExercise.from_dataset(workbook=workbook)
    pillars.set_pillar(0, "Drill stories", "ladder mishaps\nfirst shelves")
    pillars._saver.flush()
    v = DailyLifeExercise.from_dataset(workbook=workbook)
    v._run.click()
    assert v.status == "empty"
    v._example.click()
    assert len(v.ideas) == 4 and ["Drill stories"] == [p for p, _ in v.ideas if p]
    result = workbook.get("02.daily-life", "_result")
    assert result["title"] == "Post ideas from my week" and len(result["items"]) == 4
    v._notes["moments"].value = EVIL
    v._run.click()
    assert "<script>" not in v._list.value
    v._saver.flush()
    again = DailyLifeExercise.from_dataset(workbook=workbook)
    assert again._notes["moments"].value == EVIL


def test_views_work_without_a_workbook(monkeypatch):
    from widgets.exercises import base

    monkeypatch.setattr(base, "default_workbook", lambda: (None, "the disk is read-only."))
    ladder = BenefitLadderExercise.from_dataset()
    climb(ladder, ["Pottery classes", "So you can relax"])
    assert ladder.rungs and "Not saving" in ladder._saver.status.value
    CultureCanvasExercise.from_dataset()._check.click()
    ContentPillarsExercise.from_dataset()._suggest.click()
    CharacterCheckExercise.from_dataset()._sample.click()
    DailyLifeExercise.from_dataset()._example.click()


# --------------------------------------------------------------------------- lean views (fast Voila)

def _lesson02_views(workbook):
    from widgets.exercises.advice import AdviceFilterExercise
    from widgets.exercises.crosspost import CrossPostExercise
    from widgets.exercises.growth import GrowthModelExercise
    from widgets.exercises.hero import HeroCheckExercise

    return [cls.from_dataset(workbook=workbook) for cls in (
        WhatPeopleBuyExercise, ContentMixExercise, AdviceFilterExercise, GrowthModelExercise, HeroCheckExercise,
        CrossPostExercise, BenefitLadderExercise, CultureCanvasExercise, ContentPillarsExercise,
        CharacterCheckExercise, DailyLifeExercise)]


def test_lesson02_views_stay_within_their_widget_model_budget(workbook):
    # Voila's time-to-interactive grows with the widget models a page creates: the eleven views of
    # Lesson 02 (with the shared layouts and styles they first create) must stay lean. 150 until the
    # ladder's "Start over" and the meter's "Show every signal" toggle (issue 12) added one model each.
    from ipywidgets.widgets.widget import _instances

    from widgets.exercises import base, lean

    base._SHARED.clear()
    lean._CACHE.clear()
    before = set(_instances)
    _lesson02_views(workbook)
    assert len(set(_instances) - before) <= 152


def test_lean_shared_layouts_and_styles_stay_pristine(workbook):
    # A view that hides or restyles a widget must give it its own layout (the hero check does).
    from widgets.exercises import lean
    from widgets.exercises.hero import HeroCheckExercise

    views = _lesson02_views(workbook)
    hero = next(v for v in views if isinstance(v, HeroCheckExercise))
    hero.select(hero.spec.samples[0].id)
    assert hero._draft.layout.display == "none"
    for view in views:
        for child in _descendants(view):
            if hasattr(child, "click"):
                child.click()
    for key, model in lean._CACHE.items():
        kind, name = key.split(":")
        expected = (lean._LAYOUTS if kind == "layout" else lean._STYLES)[name]()
        assert model.get_state() == expected.get_state(), key


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def test_the_canvas_follows_the_ladder_on_the_same_page_and_warns_on_a_slogan(workbook):
    canvas = CultureCanvasExercise.from_dataset(workbook=workbook)
    assert canvas.essence_source == "" and not canvas._essence.disabled
    canvas._essence.value = "Be the best bakery in the world"
    assert canvas.essence_source == "typed" and "sll-essence-warning" in canvas._essence_note.value
    ladder = BenefitLadderExercise.from_dataset(workbook=workbook)  # further down the page? same kernel either way
    climb(ladder, ["Weekly pottery classes", "You make a mug with your own hands",
                   "Feeling proud when friends drink from it"])
    assert canvas._essence.value == "Feeling proud when friends drink from it" and canvas.essence_source == "ladder"
    assert canvas._essence.disabled and "sll-essence-warning" not in canvas._essence_note.value
    assert canvas.answers["essence"] == "Feeling proud when friends drink from it"
    ladder.remove_top()
    ladder._rung_input.value = "Be the best potter in town"
    ladder.add_rung()
    assert canvas._essence.value == "Be the best potter in town"
    assert "slogan" in canvas._essence_note.value, "a slogan at the top of the ladder is flagged on the canvas"
    canvas.set_answer("believe", "Anyone can learn to throw a pot")
    canvas._saver.flush()
    stored = workbook.get("02.culture-canvas", "answers")
    assert stored["essence"] == "Be the best bakery in the world", "the ladder's essence is read, never copied"
    reopened = CultureCanvasExercise.from_dataset(workbook=workbook)
    assert reopened._essence.value == "Be the best potter in town" and reopened.essence_source == "ladder"


def test_ladder_shows_the_drill_first_enter_adds_and_start_over(workbook):
    v = BenefitLadderExercise.from_dataset(workbook=workbook)
    assert v._examples.value == "drill" and "Nobody wants a drill" in v._example_view.value
    v._rung_input.value = "Weekly pottery classes"
    v._rung_input._handle_custom_msg({"event": "submit"}, [])  # what Enter in the box sends
    assert v.rungs == ["Weekly pottery classes"] and v._rung_input.value == ""
    v._hint.click()
    assert v.spec.state_hints["one-rung"] in v._feedback.value.replace("&quot;", '"')
    v._rung_input.value = "Be the best studio in town"
    v._rung_input._handle_custom_msg({"event": "submit"}, [])
    v._hint.click()
    assert "slogan" in v._feedback.value
    v._restart.click()
    assert v.rungs == [] and workbook.get("02.benefit-ladder", "rungs") == []
    v._hint.click()
    assert "Start with the thing itself" in v._feedback.value
