"""The Social Leadership Plan: assembly from a workbook, gaps with their lessons, and the capstone view."""

from __future__ import annotations

import base64
import re

import pytest

from widgets.course import load_course
from widgets.plan import MAX_ITEMS, assemble, result_items
from widgets.rewrite import load_studio

COURSE = load_course()
SECTION_IDS = [slot.id for slot in COURSE.plan]


def result(title, *items, **extra):
    return {"_result": {"title": title, "items": [list(i) for i in items], **extra}}


STUDIO = load_studio()
FULL = {
    "00.stage-assessment": result("Where you stand", ("Stage", "Social Leadership"), ("Focus now", "Lesson 02")),
    "01.conversation-finder": {"_brief": {"conversation": "strength training after 50",
                                          "voice": "I started at 52", "topics": "sore knees",
                                          "help": "free form checks"}},
    "01.rewrite-studio": {STUDIO.tasks[0].id: "Which loaf do you bake on Sundays? Here's my trick for a crisp crust."},
    "02.benefit-ladder": result("Benefit ladder", ("Rung 1", "a drill"), ("Brand essence", "a home that feels yours"),
                                rungs=["a drill", "a hole"], essence="a home that feels yours"),
    "02.culture-canvas": result("Culture canvas", ("Believe", "small steps count")),
    "02.content-pillars": result("Content pillars", ("Pillar", "Tuesday form checks")),
    "03.welcome-playbook": result("Welcome playbook", ("Step 1", "thank them by name")),
    "03.hosting-rhythm": result("Hosting rhythm", ("Monday", "affirm three members")),
}


def test_empty_workbook_is_all_gaps_each_with_its_lesson():
    plan = assemble({})
    assert [s.id for s in plan.gaps] == SECTION_IDS and plan.filled == 0 and plan.extras == ()
    for section in plan.sections:
        assert section.lesson is not None and section.link == section.lesson.notebook
        assert section.exercise.startswith(section.lesson.number + ".")


def test_full_workbook_fills_every_section():
    plan = assemble(FULL)
    assert plan.gaps == () and plan.filled == len(SECTION_IDS)
    by_id = {s.id: s for s in plan.sections}
    assert ("The conversation I join", "strength training after 50") in by_id["brief"].items
    assert ("Brand essence", "a home that feels yours") in by_id["ladder"].items


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_each_section_alone(section_id):
    slot = next(s for s in COURSE.plan if s.id == section_id)
    plan = assemble({slot.exercise: FULL[slot.exercise]})
    assert [s.id for s in plan.sections if s.present] == [section_id]


def test_rewrites_come_with_their_voice_comparison():
    items = dict(assemble(FULL).sections[SECTION_IDS.index("rewrites")].items)
    assert items[f"Before · {STUDIO.tasks[0].title}"] == STUDIO.tasks[0].post
    assert items["What changed"].startswith("Verdict:")


def test_rewrites_prefer_the_studio_result_pairs():
    saved = result("Before/after rewrites", ("x", "y"),
                   pairs=[{"task": STUDIO.tasks[1].id, "before": STUDIO.tasks[1].post, "after": "What helps you?"},
                          {"task": "gone", "before": "", "after": "no original"}, "junk"])
    items = assemble({"01.rewrite-studio": saved}).sections[SECTION_IDS.index("rewrites")].items
    assert items[0] == (f"Before · {STUDIO.tasks[1].title}", STUDIO.tasks[1].post)
    assert len(items) == 3, "a pair without an original is skipped; junk is skipped"


def test_brief_result_wins_over_raw_brief():
    saved = {**result("Conversation brief", ("Conversation", "from the result")), "_brief": {"conversation": "raw"}}
    items = assemble({"01.conversation-finder": saved}).sections[SECTION_IDS.index("brief")].items
    assert items == (("Conversation", "from the result"),)


def test_unknown_exercises_with_results_join_as_extras_in_course_order():
    data = {"03.connector": result("Introductions", ("Ana ↔ Ben", "both run")),
            "02.content-mix": result("Content mix", ("Direction", "4 posts")),
            "02.check": {"q1": {"answer": "a"}},
            "04.plan": result("should not loop", ("a", "b"))}
    plan = assemble(data)
    assert [s.id for s in plan.extras] == ["02.content-mix", "03.connector"]
    assert plan.extras[1].lesson.number == "03"


@pytest.mark.parametrize("raw,expected", [
    pytest.param(None, (), id="no-result"),
    pytest.param("text", (), id="result-not-a-dict"),
    pytest.param({"items": "text"}, (), id="items-not-a-list"),
    pytest.param({"items": [["a"], ["a", "b", "c"], 5]}, (), id="not-pairs"),
    pytest.param({"items": [["a", "  "], ["b", None]]}, (), id="blank-texts-skipped"),
    pytest.param({"items": [[1, 2]]}, (("1", "2"),), id="numbers-become-text"),
    pytest.param({"items": [["a", ["x", "y"]]]}, (("a", "x; y"),), id="lists-joined"),
    pytest.param({"items": [["a\x00b", "c\x1b[31m"]]}, (("ab", "c[31m"),), id="control-chars-dropped"),
    pytest.param({"items": [["s", "\ud83d half emoji"]]}, (("s", "? half emoji"),), id="lone-surrogate"),
])
def test_result_items_are_made_safe(raw, expected):
    assert result_items(raw) == expected


def test_result_items_are_capped():
    huge = {"items": [["label", "x" * 50_000]] * (MAX_ITEMS + 20)}
    items = result_items(huge)
    assert len(items) == MAX_ITEMS and len(items[0][1]) == 5000


def test_damaged_workbook_data_does_not_raise():
    plan = assemble({"00.stage-assessment": "not a dict", "02.benefit-ladder": {"_result": ["a", "b"]},
                     "99.odd": {"_result": {"title": None, "items": [["k", "v"]]}}})
    assert plan.filled == 0 and plan.extras[0].title == "99.odd"


# -- the capstone view ---------------------------------------------------------------------------

def _link(view, kind):
    match = re.search(rf"class='sll-download sll-download-{kind}' download='([^']+)' "
                      rf"href='data:([^;]+);charset=utf-8;base64,([^']+)'", view._downloads.value)
    assert match, f"no {kind} download link"
    return match.group(1), match.group(2), base64.b64decode(match.group(3)).decode("utf-8")


def test_plan_view_shows_gaps_and_downloads_regenerate_on_refresh(workbook):
    from widgets.exercises.plan import PlanExercise

    view = PlanExercise.from_dataset(workbook=workbook)
    assert view.filled == 0 and view.gaps == SECTION_IDS and "sll-plan" in view._dom_classes
    assert "href=\"00_start_here.ipynb\"" in view._preview.value
    name, mime, page = _link(view, "html")
    assert name == "social-leadership-plan.html" and mime == "text/html" and "<script" not in page
    for exercise, saved in FULL.items():
        workbook.save_many(exercise, saved)
    assert "a home that feels yours" not in _link(view, "html")[2]
    view._refresh.click()
    assert view.filled == len(SECTION_IDS) and view.gaps == []
    assert "a home that feels yours" in _link(view, "html")[2]
    assert "a home that feels yours" in _link(view, "md")[2]
    assert '"02.benefit-ladder"' in _link(view, "json")[2]
    assert "a home that feels yours" in view._preview.value
    assert workbook.get("04.plan", "complete") is True


def test_plan_view_escapes_learner_text(workbook):
    from widgets.exercises.plan import PlanExercise

    workbook.save_many("02.culture-canvas", result("c", ("Believe", "<img src=x onerror=alert(1)>")))
    view = PlanExercise.from_dataset(workbook=workbook)
    assert "<img src=x" not in view._preview.value and "&lt;img src=x" in view._preview.value
    assert "<img src=x" not in _link(view, "html")[2]


def test_plan_view_survives_an_unreadable_workbook(workbook, monkeypatch):
    from widgets.exercises.plan import PlanExercise
    from widgets.workbook import WorkbookError

    view = PlanExercise.from_dataset(workbook=workbook)

    def broken():
        raise WorkbookError("the workbook is locked")

    monkeypatch.setattr(workbook, "export_data", broken)
    view._refresh.click()
    assert "Could not read your workbook: the workbook is locked" in view._summary.value
    assert "sll-download-html" in view._downloads.value, "the last good downloads stay"


def test_opening_the_plan_records_its_state_only_when_there_is_one(workbook):
    from widgets.exercises.plan import PlanExercise

    PlanExercise.from_dataset(workbook=workbook)
    assert "04.plan" not in workbook.exercises(), "an empty plan writes nothing"
    for exercise, saved in FULL.items():
        workbook.save_many(exercise, saved)
    PlanExercise.from_dataset(workbook=workbook)  # no click on refresh
    assert workbook.get("04.plan", "complete") is True
    assert workbook.get("04.plan", "filled") == len(SECTION_IDS)
    revisions = len(workbook.history("04.plan", "filled"))
    PlanExercise.from_dataset(workbook=workbook)
    assert len(workbook.history("04.plan", "filled")) == revisions, "an unchanged plan is not saved again"
