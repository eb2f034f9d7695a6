"""The Social Leadership Plan: assembly from a workbook, gaps with their lessons, and the capstone view."""

from __future__ import annotations

import base64
import re

import pytest

from widgets.course import load_course
from widgets.plan import MAX_ITEMS, assemble, result_items, to_markdown
from widgets.rewrite import load_studio

from progress_states import finished  # tests/progress_states.py

COURSE = load_course()
SECTION_IDS = [slot.id for slot in COURSE.plan]


def result(title, *items, **extra):
    return {"_result": {"title": title, "items": [list(i) for i in items], **extra}}


STUDIO = load_studio()
FULL = finished()  # real work that passes each exercise's check (tests/progress_states.py)
ESSENCE = FULL["02.benefit-ladder"]["rungs"][-1]


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
    brief = FULL["01.conversation-finder"]["_brief"]
    assert ("The conversation I join", brief["conversation"]) in by_id["brief"].items
    assert ("Brand essence", ESSENCE) in by_id["ladder"].items
    assert ("Brand essence", ESSENCE) in by_id["canvas"].items, "the canvas shows the ladder's essence"


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_each_section_alone(section_id):
    slot = next(s for s in COURSE.plan if s.id == section_id)
    plan = assemble({slot.exercise: FULL[slot.exercise]})
    alone = [section_id] if section_id != "canvas" else []  # a canvas needs an essence: the ladder's
    assert [s.id for s in plan.sections if s.present] == alone


def test_rewrites_come_with_their_voice_comparison():
    items = dict(assemble(FULL).sections[SECTION_IDS.index("rewrites")].items)
    assert items[f"Before · {STUDIO.tasks[0].title}"] == STUDIO.tasks[0].post
    assert items["What changed"].startswith("Verdict:")


def test_only_rewrites_that_pass_the_meter_go_into_the_plan():
    tasks = STUDIO.tasks
    saved = {**FULL["01.rewrite-studio"], tasks[3].id: tasks[3].post, tasks[4].id: "BUY NOW!!! link in bio",
             "_result": {"title": "stale", "items": [["x", "an old draft"]], "pairs": []}}
    items = dict(assemble({"01.rewrite-studio": saved}).sections[SECTION_IDS.index("rewrites")].items)
    assert f"Before · {tasks[0].title}" in items
    assert f"Before · {tasks[3].title}" not in items and f"Before · {tasks[4].title}" not in items
    assert "an old draft" not in items.values()


@pytest.mark.parametrize("exercise,breaking", [
    pytest.param("00.stage-assessment", {"offers": None}, id="stage-three-of-four"),
    pytest.param("01.conversation-finder", {"_brief": {"conversation": "x"}}, id="brief-too-thin"),
    pytest.param("01.rewrite-studio", {STUDIO.tasks[1].id: "", STUDIO.tasks[2].id: ""}, id="one-rewrite-of-three"),
    pytest.param("02.benefit-ladder", {"rungs": ["A drill", "Be the best drill in the world"]}, id="slogan-ladder"),
    pytest.param("03.hosting-rhythm", {"plan": {"affirm": ["mon"]}}, id="lopsided-week"),
])
def test_a_section_whose_work_does_not_pass_is_a_gap_that_says_so(exercise, breaking):
    data = {**FULL, exercise: {**FULL[exercise], **breaking}}
    section = next(s for s in assemble(data).sections if s.exercise == exercise)
    assert not section.present and section.note, "a started section says how far it is"
    assert "Started, not finished yet" in to_markdown(assemble(data))


def test_the_canvas_follows_the_ladder_it_does_not_keep_an_old_copy():
    canvas = {**FULL["02.culture-canvas"]["answers"], "essence": "An essence copied weeks ago"}
    data = {**FULL, "02.culture-canvas": {"answers": canvas,
                                          "_result": {"title": "c", "items": [["Brand essence", "An essence copied weeks ago"]]}}}
    items = dict(next(s for s in assemble(data).sections if s.id == "canvas").items)
    assert items["Brand essence"] == ESSENCE
    data["02.benefit-ladder"] = {"rungs": ["Pottery classes", "Calm hands after a long day at work",
                                           "Feeling at home in a room full of makers"]}
    plan = assemble(data)
    by_id = {s.id: dict(s.items) for s in plan.sections}
    assert by_id["canvas"]["Brand essence"] == by_id["ladder"]["Brand essence"] == "Feeling at home in a room full of makers"


def test_brief_reads_the_accepted_brief():
    saved = {**FULL["01.conversation-finder"], "conversation": "typed after the brief was accepted",
             "_result": {"title": "Conversation brief", "items": [["Conversation", "an old result"]]}}
    items = dict(assemble({"01.conversation-finder": saved}).sections[SECTION_IDS.index("brief")].items)
    assert items["The conversation I join"] == FULL["01.conversation-finder"]["_brief"]["conversation"]


def test_finished_exercises_off_the_plan_join_as_extras_in_course_order():
    data = {"03.connector": {**FULL["03.connector"], **result("Introductions", ("Ana ↔ Ben", "both run"))},
            "02.content-mix": {**FULL["02.content-mix"], **result("Content mix", ("Direction", "4 posts"))},
            "02.cross-post": {"core": "half written", **result("Cross-post", ("x", "y"))},
            "02.check": {"q1": {"answer": "a"}},
            "04.plan": result("should not loop", ("a", "b"))}
    plan = assemble(data)
    assert [s.id for s in plan.extras] == ["02.content-mix", "03.connector"], "unfinished work stays out"
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
    assert ESSENCE not in _link(view, "html")[2]
    view._refresh.click()
    assert view.filled == len(SECTION_IDS) and view.gaps == []
    assert ESSENCE in _link(view, "html")[2]
    assert ESSENCE in _link(view, "md")[2]
    assert '"02.benefit-ladder"' in _link(view, "json")[2]
    assert ESSENCE in view._preview.value
    assert "04.plan" not in workbook.exercises(), "refreshing the plan is not the learner's work: nothing saved"


def test_plan_view_escapes_learner_text(workbook):
    from widgets.exercises.plan import PlanExercise

    answers = {**FULL["02.culture-canvas"]["answers"], "believe": "<img src=x onerror=alert(1)> every small step counts"}
    workbook.save_many("02.benefit-ladder", FULL["02.benefit-ladder"])
    workbook.save_many("02.culture-canvas", {"answers": answers})
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


def test_opening_the_plan_writes_nothing_and_the_map_reads_the_plan_from_the_work(workbook):
    from widgets.exercises.course import CourseMap
    from widgets.exercises.plan import PlanExercise

    PlanExercise.from_dataset(workbook=workbook)
    assert "04.plan" not in workbook.exercises(), "an empty plan writes nothing"
    for exercise, saved in FULL.items():
        workbook.save_many(exercise, saved)
    PlanExercise.from_dataset(workbook=workbook)
    assert "04.plan" not in workbook.exercises(), "a full plan writes nothing either"
    assert CourseMap.from_dataset(workbook=workbook).summary["04.plan"] == "done"
    workbook.save("02.benefit-ladder", "rungs", ["A drill"])
    assert CourseMap.from_dataset(workbook=workbook).summary["04.plan"] == "started"
