"""The course map: loading and validating course.yaml, progress per exercise, and navigation views."""

from __future__ import annotations

import subprocess
import sys

import pytest

from widgets import content
from widgets.content import ContentError
from widgets.course import DoneRule, _rule, exercise_status, load_course, progress

COURSE = load_course()


@pytest.mark.parametrize("rule,saved,status", [
    pytest.param(DoneRule("result"), None, "not started", id="nothing-saved"),
    pytest.param(DoneRule("result"), {}, "not started", id="empty-dict"),
    pytest.param(DoneRule("result"), {"draft": "hi"}, "started", id="a-draft-is-started"),
    pytest.param(DoneRule("result"), {"_result": {"title": "t", "items": [["a", "b"]]}}, "done", id="has-result"),
    pytest.param(DoneRule("result"), {"_result": None}, "started", id="null-result-is-not-done"),
    pytest.param(DoneRule("result"), {"_result": {"title": "t", "items": [], "pairs": []}}, "started",
                 id="result-with-no-items-is-not-done"),
    pytest.param(DoneRule("keys", keys=("a", "b")), {"a": 1}, "started", id="some-keys"),
    pytest.param(DoneRule("keys", keys=("a", "b")), {"a": 1, "b": 2}, "done", id="all-keys"),
    pytest.param(DoneRule("keys", keys=("a", "b")), {"a": 1, "b": ""}, "started", id="blank-key-is-not-answered"),
    pytest.param(DoneRule("any_of", keys=("_result", "_brief")), {"_brief": {"x": "y"}}, "done", id="any-of"),
    pytest.param(DoneRule("keys", keys=("complete",)), {"complete": False}, "started", id="false-is-not-done"),
    pytest.param(DoneRule("keys", keys=("score",)), {"score": 0}, "done", id="zero-is-an-answer"),
    pytest.param(DoneRule("count", count=2), {"q1": 1, "_current": "x"}, "started", id="private-keys-dont-count"),
    pytest.param(DoneRule("count", count=2), {"q1": 1, "q2": 2}, "done", id="count-reached"),
    pytest.param(DoneRule("count", count=2), "not a dict", "not started", id="damaged-entry"),
])
def test_exercise_status(rule, saved, status):
    assert exercise_status(rule, saved) == status


@pytest.mark.parametrize("raw", [
    pytest.param("finished", id="unknown-word"),
    pytest.param({"keys": []}, id="empty-keys"),
    pytest.param({"count": 0}, id="zero-count"),
    pytest.param({"count": True}, id="bool-count"),
    pytest.param({"keys": ["a"], "count": 2}, id="two-rules"),
])
def test_bad_done_rules_are_refused(raw):
    with pytest.raises(ContentError, match="'done' must be"):
        _rule(raw, "test")


def test_course_covers_every_lesson_in_order_with_sibling_notebooks():
    assert [lesson.number for lesson in COURSE.lessons] == ["00", "01", "02", "03", "04"]
    for lesson in COURSE.lessons:
        assert lesson.notebook.startswith(lesson.number + "_") and "/" not in lesson.notebook
        assert all(e.id.startswith(lesson.number + ".") for e in lesson.exercises)


@pytest.mark.parametrize("number", ["00", "01", "04"])
def test_built_lessons_exist_and_use_the_exercise_ids_on_the_map(number):
    lesson = COURSE.lesson(number)
    path = content.lessons_dir() / lesson.notebook
    assert path.exists(), f"{lesson.notebook} is on the map but not in lessons/"


def test_neighbours_at_both_ends():
    assert COURSE.neighbours("00")[0] is None and COURSE.neighbours("04")[1] is None
    before, after = COURSE.neighbours("02")
    assert (before.number, after.number) == ("01", "03")
    with pytest.raises(ContentError):
        COURSE.neighbours("99")


def test_progress_reads_every_exercise():
    from widgets.listening import load_timeline

    data = {"01.listening-lab": {item.id: item.label for item in load_timeline().items},
            "01.rewrite-studio": {"bakery-launch": "draft"}}
    lessons = {lp.lesson.number: lp for lp in progress(COURSE, data)}
    statuses = {e.id: e.status for e in lessons["01"].exercises}
    assert statuses["01.listening-lab"] == "done"
    assert statuses["01.rewrite-studio"] == "started"
    assert statuses["01.check"] == "not started"
    assert lessons["01"].status == "started" and lessons["00"].status == "not started"


def test_lesson_of_falls_back_to_the_prefix():
    assert COURSE.lesson_of("02.some-new-exercise").number == "02"
    assert COURSE.lesson_of("99.unknown") is None


def test_pure_modules_do_not_import_ipywidgets():
    code = ("import sys; import widgets.course, widgets.plan, widgets.stage; "
            "assert 'ipywidgets' not in sys.modules, 'pure modules imported ipywidgets'")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- views ---------------------------------------------------------------------------------------

def test_course_map_shows_text_labels_and_refreshes(workbook):
    from widgets.exercises.course import CourseMap

    view = CourseMap.from_dataset(workbook=workbook, current="00")
    assert "sll-course-map" in view._dom_classes
    assert "○ not started" in view._table.value and "(you are here)" in view._table.value
    assert "href='02_culture.ipynb'" in view._table.value
    workbook.save("00.stage-assessment", "audience", 1)
    view._refresh.click()
    assert view.summary["00.stage-assessment"] == "started"
    assert "◐ started" in view._table.value
    assert "1 of 4 questions answered" in view._table.value, "a started exercise says how far it is"
    workbook.save("00.stage-assessment", "_result", {"title": "t", "items": [["a", "b"]]})
    view.refresh()
    assert view.summary["00.stage-assessment"] == "started", "a saved result alone is not the answers"
    workbook.save_many("00.stage-assessment", {"replies": 0, "relationships": 2, "offers": 3})
    view.refresh()
    assert view.summary["00.stage-assessment"] == "done" and "✓ done" in view._table.value


def test_course_map_uses_the_default_workbook():
    from widgets.exercises.course import CourseMap

    assert CourseMap.from_dataset().summary["04.plan"] == "not started"


@pytest.mark.parametrize("number,prev,next_", [
    pytest.param("00", "", "01_conversation.ipynb", id="first"),
    pytest.param("01", "00_start_here.ipynb", "02_culture.ipynb", id="middle"),
    pytest.param("04", "03_community.ipynb", "", id="last"),
])
def test_lesson_nav_links_are_relative_siblings(number, prev, next_):
    from widgets.exercises.course import LessonNav

    nav = LessonNav.from_dataset(number)
    assert nav.links == {"prev": prev, "next": next_}
    markup = nav.children[0].value
    assert "http" not in markup and "/" not in markup.replace("</", "")
    assert "sll-lesson-nav" in nav._dom_classes


def test_views_do_not_shadow_widget_internals(workbook):
    import ipywidgets as w

    from widgets.exercises.course import CourseMap, LessonNav
    from widgets.exercises.plan import PlanExercise
    from widgets.exercises.stage import StageAssessmentExercise

    reserved = set(dir(w.VBox))
    for view in (CourseMap.from_dataset(workbook=workbook), LessonNav.from_dataset("01"),
                 PlanExercise.from_dataset(workbook=workbook), StageAssessmentExercise.from_dataset(workbook=workbook)):
        own = set(vars(view)) - {"spec", "course", "links"}
        assert not own & reserved, f"{type(view).__name__} shadows {own & reserved}"


# -- content: the choice files of lessons 00 and 04 ------------------------------------------------

CHOICE_FILES = ["lesson00/check.yaml", "lesson00/advice_teaser.yaml", "lesson04/check.yaml"]


@pytest.mark.parametrize("spec", [q for f in CHOICE_FILES for q in __import__("widgets.quiz", fromlist=["x"])
                                  .load_choices(f)], ids=lambda s: s.id)
def test_choice_questions_have_one_right_answer_and_explain_every_option(spec):
    from widgets.quiz import check_choice

    assert check_choice(spec, sorted(spec.correct_ids)[0]).status == "correct"
    for option in spec.options:
        if not option.correct:
            assert check_choice(spec, option.id).status == "incorrect"
        assert len(option.explanation.split()) >= 6, "every option explains itself"


@pytest.mark.parametrize("relative,exercise", [
    pytest.param("lesson00/check.yaml", "00.check", id="check-00"),
    pytest.param("lesson00/advice_teaser.yaml", "00.advice-teaser", id="advice-teaser"),
    pytest.param("lesson04/check.yaml", "04.check", id="check-04"),
    pytest.param("lesson01/check.yaml", "01.check", id="check-01"),
    pytest.param("lesson02/check.yaml", "02.check", id="check-02"),
    pytest.param("lesson03/check.yaml", "03.check", id="check-03"),
])
def test_choice_files_are_on_the_course_map_with_a_count_that_fits(relative, exercise):
    from widgets.content import read_yaml
    from widgets.quiz import load_choices

    if not (content.datasets_dir() / relative).exists():
        pytest.skip(f"{relative} is not written yet")
    assert read_yaml(relative)["id"] == exercise
    ref = next(e for lesson in COURSE.lessons for e in lesson.exercises if e.id == exercise)
    questions = load_choices(relative)
    if ref.done.kind == "keys":
        assert set(ref.done.keys) == {q.id for q in questions}
    else:
        assert ref.done.kind == "count" and ref.done.count == len(questions)


@pytest.mark.parametrize("relative", ["lesson00/coach_notes.yaml", "lesson04/coach_notes.yaml"])
def test_coach_notes_load(relative):
    from widgets.coach import load_notes

    assert load_notes(relative).minutes >= 20


def test_lesson_folders_document_their_files():
    for folder in ("lesson00", "lesson04"):
        readme = (content.datasets_dir() / folder / "README.md").read_text(encoding="utf-8")
        for path in (content.datasets_dir() / folder).glob("*.yaml"):
            assert path.name in readme, f"{folder}/{path.name} is not documented"


def test_course_map_survives_an_unreadable_workbook(workbook, monkeypatch):
    from widgets.exercises.course import CourseMap
    from widgets.workbook import WorkbookError

    def broken():
        raise WorkbookError("the workbook is locked")

    monkeypatch.setattr(workbook, "export_data", broken)
    view = CourseMap.from_dataset(workbook=workbook)
    assert "Progress unavailable: the workbook is locked" in view._table.value
    assert set(view.summary.values()) == {"not started"}


def test_every_exercise_on_the_map_is_defined_by_a_dataset_or_a_view():
    """Guards against a typo or a renamed exercise: its progress would read 'not started' forever."""
    import re
    from pathlib import Path

    known = set()
    for path in content.datasets_dir().rglob("*.yaml"):
        known |= set(re.findall(r"^id:\s*[\"']?(\d\d\.[a-z0-9-]+)", path.read_text(encoding="utf-8"), re.M))
    for path in (Path(content.__file__).parent).rglob("*.py"):
        known |= set(re.findall(r"[\"'](\d\d\.[a-z0-9-]+)[\"']", path.read_text(encoding="utf-8")))
    missing = [e.id for lesson in COURSE.lessons for e in lesson.exercises
               if e.id not in known and (content.lessons_dir() / lesson.notebook).exists()]
    assert missing == [], f"on the course map but defined nowhere: {missing}"
