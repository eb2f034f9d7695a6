"""Progress seen through the views: opening a page or choosing from a menu writes nothing; a wrong answer is not done."""

from __future__ import annotations

import datetime as dt

import pytest

from progress_states import finished  # tests/progress_states.py
from widgets.exercises.advice import AdviceFilterExercise
from widgets.exercises.buying import ContentMixExercise, WhatPeopleBuyExercise
from widgets.exercises.canvas import ContentPillarsExercise, CultureCanvasExercise
from widgets.exercises.character import CharacterCheckExercise
from widgets.exercises.choice import CheckOfUnderstanding
from widgets.exercises.connector import ConnectorExercise
from widgets.exercises.course import CourseMap
from widgets.exercises.crosspost import CrossPostExercise
from widgets.exercises.finder import ConversationFinderExercise
from widgets.exercises.growth import GrowthModelExercise
from widgets.exercises.hero import HeroCheckExercise
from widgets.exercises.ladder import BenefitLadderExercise
from widgets.exercises.listening import ListeningLabExercise
from widgets.exercises.mining import DailyLifeExercise
from widgets.exercises.plan import PlanExercise
from widgets.exercises.playbook import WelcomePlaybookExercise
from widgets.exercises.rhythm import HostingRhythmExercise
from widgets.exercises.robot import RobotOrHumanExercise
from widgets.exercises.stage import StageAssessmentExercise
from widgets.exercises.studio import RewriteStudioExercise
from widgets.workbook import Workbook

OPENERS = {  # every exercise cell of the lessons, as the lesson opens it
    "stage": lambda wb: StageAssessmentExercise.from_dataset(workbook=wb),
    "check00": lambda wb: CheckOfUnderstanding.from_dataset("lesson00/check.yaml", workbook=wb),
    "teaser": lambda wb: CheckOfUnderstanding.from_dataset("lesson00/advice_teaser.yaml", workbook=wb),
    "map": lambda wb: CourseMap.from_dataset(workbook=wb, current="00"),
    "listening": lambda wb: ListeningLabExercise.from_dataset(workbook=wb),
    "finder": lambda wb: ConversationFinderExercise.from_dataset(workbook=wb),
    "studio": lambda wb: RewriteStudioExercise.from_dataset(workbook=wb),
    "buy": lambda wb: WhatPeopleBuyExercise.from_dataset(workbook=wb),
    "mix": lambda wb: ContentMixExercise.from_dataset(workbook=wb),
    "advice": lambda wb: AdviceFilterExercise.from_dataset(workbook=wb),
    "growth": lambda wb: GrowthModelExercise.from_dataset(workbook=wb),
    "hero": lambda wb: HeroCheckExercise.from_dataset(workbook=wb),
    "crosspost": lambda wb: CrossPostExercise.from_dataset(workbook=wb),
    "ladder": lambda wb: BenefitLadderExercise.from_dataset(workbook=wb),
    "canvas": lambda wb: CultureCanvasExercise.from_dataset(workbook=wb),
    "pillars": lambda wb: ContentPillarsExercise.from_dataset(workbook=wb),
    "character": lambda wb: CharacterCheckExercise.from_dataset(workbook=wb),
    "mining": lambda wb: DailyLifeExercise.from_dataset(workbook=wb),
    "robot": lambda wb: RobotOrHumanExercise.from_dataset(workbook=wb),
    "playbook": lambda wb: WelcomePlaybookExercise.from_dataset(workbook=wb),
    "connector": lambda wb: ConnectorExercise.from_dataset(workbook=wb),
    "rhythm": lambda wb: HostingRhythmExercise(workbook=wb, today=dt.date(2026, 12, 2)),
    "plan": lambda wb: PlanExercise.from_dataset(workbook=wb),
}


def _stored(workbook: Workbook) -> tuple:
    doc = workbook.export_data()
    return ([(e["exercise"], e["key"], e["value"], e["saved_at"]) for e in doc["entries"]],
            [(r["exercise"], r["key"], r["saved_at"]) for r in doc.get("revisions", [])])


def _fill(workbook: Workbook, data: dict) -> None:
    for exercise, keys in data.items():
        for key, value in keys.items():
            workbook.save(exercise, key, value)


@pytest.mark.parametrize("prefilled", [False, True], ids=["empty-workbook", "finished-workbook"])
@pytest.mark.parametrize("name", list(OPENERS))
def test_opening_an_exercise_writes_nothing(workbook, name, prefilled):
    if prefilled:
        _fill(workbook, finished())
    before = _stored(workbook)
    view = OPENERS[name](workbook)
    view._saver.flush() if hasattr(view, "_saver") else None
    for question in getattr(view, "questions", ()):
        question._saver.flush()
    assert _stored(workbook) == before


def _menus_change(view, name):
    """Choose from every navigation menu of ``view`` (what a learner does to look around)."""
    if name == "studio":
        view._picker.value = view.spec.tasks[2].id
    elif name == "hero":
        view._picker.value = view.spec.samples[1].id
        view._picker.value = "own"
        view._picker.value = view.spec.samples[0].id
    elif name == "canvas":
        view._picker.value = view.spec.fields[3].id
        view.next_box()
    elif name == "pillars":
        view._picker.value = 2
    elif name == "advice":
        view._stage.value = "growing"
        view.go(3)
    elif name == "listening":
        view.go(4)
    elif name == "robot":
        view.go(5)
        if len(view._picker.options) > 1:
            view._picker.value = view._picker.options[1][1]
    elif name == "ladder":
        view._examples.value = view.spec.examples[1].id


@pytest.mark.parametrize("name", ["studio", "hero", "canvas", "pillars", "advice", "listening", "robot", "ladder"])
def test_choosing_from_a_menu_writes_nothing_and_marks_nothing(workbook, name):
    view = OPENERS[name](workbook)
    _menus_change(view, name)
    view._saver.flush()
    assert _stored(workbook) == ([], [])
    assert set(CourseMap.from_dataset(workbook=workbook).summary.values()) == {"not started"}


def test_looking_back_at_an_earlier_call_writes_nothing(workbook):
    hero = OPENERS["hero"](workbook)
    hero._picker.value = hero.spec.samples[0].id
    hero._call.value = "hero"
    hero._picker.value = hero.spec.samples[1].id
    hero._call.value = "not-hero"
    hero._saver.flush()
    before = _stored(workbook)
    hero._picker.value = hero.spec.samples[0].id  # its call comes back on screen
    assert hero.call == "hero"
    hero._saver.flush()
    assert _stored(workbook) == before


def test_a_wrong_answer_is_started_on_the_map_not_done(workbook):
    check = CheckOfUnderstanding.from_dataset("lesson00/check.yaml", workbook=workbook)
    for question in check.questions:  # every question answered, every answer wrong
        question._options.value = next(o.id for o in question.spec.options if not o.correct)
    check._check.click()
    order = WhatPeopleBuyExercise.from_dataset(workbook=workbook)
    for slot, value in zip(order._slots, reversed(order.spec.order)):
        slot.value = value
    order.check()
    assert order.status == "incorrect"
    summary = CourseMap.from_dataset(workbook=workbook).summary
    assert summary["00.check"] == "started" and summary["02.what-people-buy"] == "started"
    for question in check.questions:  # put them right: now it is done
        question._options.value = next(o.id for o in question.spec.options if o.correct)
    check._check.click()
    assert CourseMap.from_dataset(workbook=workbook).summary["00.check"] == "done"


def test_one_message_of_many_is_not_done(workbook):
    view = OPENERS["robot"](workbook)
    view.mark(view.current.label)
    view._saver.flush()
    course_map = CourseMap.from_dataset(workbook=workbook)
    assert course_map.summary["03.robot-or-human"] == "started"
    assert "1 of 44 sorted" in course_map._table.value


def test_a_finished_workbook_is_all_done_on_the_map(workbook):
    _fill(workbook, finished())
    assert set(CourseMap.from_dataset(workbook=workbook).summary.values()) == {"done"}
