"""Each exercise's progress rule over saved states: finished work is done; a wrong answer, one item of many,
an example the page filled in, or a check that still says "empty" is not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from progress_states import OWN_POSTS, check_answers, finished  # tests/progress_states.py
from widgets.advice import load_advice
from widgets.buying import load_buying
from widgets.canvas import load_canvas
from widgets.course import DoneRule, load_course
from widgets.hero import load_hero
from widgets.mining import load_mining
from widgets.progress import CHECKS, RULES, status_of
from widgets.rewrite import load_studio
from widgets.robot import load_robot

FULL = finished()
COURSE = load_course()
ALL_IDS = [e.id for lesson in COURSE.lessons for e in lesson.exercises]
STUDIO, ROBOT, HERO = load_studio(), load_robot(), load_hero()


def test_every_exercise_on_the_map_has_its_own_rule():
    assert set(ALL_IDS) <= set(RULES)


@pytest.mark.parametrize("exercise", ALL_IDS)
def test_finished_work_is_done(exercise):
    assert status_of(exercise, FULL).state == "done"


@pytest.mark.parametrize("exercise", ALL_IDS)
def test_nothing_saved_is_not_started(exercise):
    assert status_of(exercise, {}).state == "not started"
    assert status_of(exercise, {exercise: "damaged"}).state == "not started"


@pytest.mark.parametrize("exercise", ALL_IDS)
def test_page_bookkeeping_alone_is_not_started(exercise):
    """Keys a page may keep for itself (which post was open, the plan's old record) are not the learner acting."""
    saved = {"_current": "anything", "complete": True, "filled": 8}
    assert status_of(exercise, {exercise: saved}).state == "not started"


def _wrong_mark(messages, marks):
    first = messages[0]
    return {**marks, first.id: "human" if first.label == "robot" else "robot"}


def _wrong_call():
    sample = HERO.samples[0]
    return {sample.id: "hero" if sample.label == "not-hero" else "not-hero"}


# (exercise, saved state that replaces the finished one, why it is not done)
STARTED = [
    pytest.param("00.stage-assessment", {"audience": 2, "replies": 1, "relationships": 0}, id="stage-three-of-four"),
    *[pytest.param(cid, {**check_answers(cid), next(iter(check_answers(cid))): {"answer": "zzz", "status": "correct"}},
                   id=f"{cid}-unknown-answer-stored-as-correct") for cid in CHECKS],
    *[pytest.param(cid, check_answers(cid, right=False), id=f"{cid}-all-wrong") for cid in CHECKS],
    pytest.param("00.check", {**check_answers("00.check"),
                              **dict([next(iter(check_answers("00.check", right=False).items()))])},
                 id="check-one-wrong-answer"),
    pytest.param("01.listening-lab", dict(list(FULL["01.listening-lab"].items())[:1]), id="listening-one-of-twelve"),
    pytest.param("01.listening-lab", {**FULL["01.listening-lab"],
                                      "t01": "human" if FULL["01.listening-lab"].get("t01") == "broadcast" else "broadcast"},
                 id="listening-all-marked-one-wrong"),
    pytest.param("01.conversation-finder", {"conversation": "bread baking"}, id="finder-typed-not-checked"),
    pytest.param("01.conversation-finder", {"_brief": {"conversation": "x", "voice": "y", "topics": "", "help": ""}},
                 id="finder-thin-brief"),
    pytest.param("01.rewrite-studio", {STUDIO.tasks[0].id: STUDIO.tasks[0].model_rewrite}, id="studio-one-of-three"),
    pytest.param("01.rewrite-studio", {t.id: t.post for t in STUDIO.tasks}, id="studio-originals-unchanged"),
    pytest.param("01.rewrite-studio", {t.id: "BUY NOW!!! 50% OFF, link in bio #sale" for t in STUDIO.tasks},
                 id="studio-bullhorns"),
    pytest.param("02.what-people-buy", {"answer": list(reversed(load_buying().order))}, id="order-wrong"),
    pytest.param("02.what-people-buy", {"answer": [load_buying().order[0], "", ""]}, id="order-one-slot"),
    pytest.param("02.content-mix", {"posts": OWN_POSTS.splitlines()[0]}, id="mix-one-post"),
    pytest.param("02.advice-filter", {"stage": "beginner", "answers": {"beginner": dict(
        list(FULL["02.advice-filter"]["answers"]["beginner"].items())[:1])}}, id="advice-one-of-many"),
    pytest.param("02.advice-filter", {"stage": "beginner", "answers": {"beginner": {
        k: "safe" for k in FULL["02.advice-filter"]["answers"]["beginner"]}}}, id="advice-all-safe"),
    pytest.param("02.advice-filter", {"stage": "beginner", "answers": {"beginner": {
        k: v for k, v in FULL["02.advice-filter"]["answers"]["beginner"].items() if k != load_advice().required[-1]}}},
                 id="advice-round-one-but-one"),
    pytest.param("02.hero-check", {"calls": dict(list(FULL["02.hero-check"]["calls"].items())[:1])}, id="hero-one-call"),
    pytest.param("02.hero-check", {"calls": {**FULL["02.hero-check"]["calls"], **_wrong_call()}}, id="hero-a-wrong-call"),
    pytest.param("02.cross-post", {"core": FULL["02.cross-post"]["core"]}, id="crosspost-core-only"),
    pytest.param("02.benefit-ladder", {"rungs": ["A cordless drill"]}, id="ladder-one-rung"),
    pytest.param("02.benefit-ladder", {"rungs": ["Online yoga classes", "Be the best yoga studio in town"]},
                 id="ladder-slogan-top"),
    pytest.param("02.content-pillars", {"pillars": [{"name": "Stories", "ideas": ["one"]}]}, id="pillars-one-thin"),
    pytest.param("02.character-check", {"sample": True, "draft": "BUY NOW!!! 50% off all pans, link in bio"},
                 id="character-out"),
    pytest.param("02.daily-life", {"notes": {load_mining().prompts[0].id: "one moment"}}, id="mining-one-line"),
    pytest.param("03.robot-or-human", {"marks": {ROBOT.messages[0].id: ROBOT.messages[0].label},
                                       "rewrites": FULL["03.robot-or-human"]["rewrites"]},
                 id="robot-one-of-44-plus-a-rewrite"),
    pytest.param("03.robot-or-human", {"marks": FULL["03.robot-or-human"]["marks"]}, id="robot-sorted-no-rewrite"),
    pytest.param("03.robot-or-human", {"marks": _wrong_mark(ROBOT.messages, FULL["03.robot-or-human"]["marks"]),
                                       "rewrites": FULL["03.robot-or-human"]["rewrites"]}, id="robot-one-wrong"),
    pytest.param("03.robot-or-human", {"marks": FULL["03.robot-or-human"]["marks"],
                                       "rewrites": {ROBOT.robotic[0].id: ROBOT.robotic[0].text}},
                 id="robot-rewrite-is-the-original"),
    pytest.param("03.welcome-playbook", {"steps": [{"text": "Auto-DM my free guide", "kind": "automated"}]},
                 id="playbook-automated"),
    pytest.param("03.connector", {"drafts": {"a|b": "You two should meet"}}, id="connector-draft-not-recorded"),
    pytest.param("03.hosting-rhythm", {"plan": {"affirm": ["mon"]}}, id="rhythm-one-action"),
    pytest.param("03.hosting-rhythm", {"log": {"2026-11-30": ["affirm"]}}, id="rhythm-logged-no-plan"),
]


def test_the_advice_filters_first_round_judged_right_is_done():
    """Round 2 of the drill is practice: done asks for round 1 (lesson 02's long drills, shortened)."""
    answers = {k: v for k, v in FULL["02.advice-filter"]["answers"]["beginner"].items() if k in load_advice().required}
    assert status_of("02.advice-filter", {"02.advice-filter": {"stage": "beginner", "answers": {"beginner": answers}}}
                     ).state == "done"


@pytest.mark.parametrize("exercise,saved", STARTED)
def test_unfinished_work_is_started_not_done(exercise, saved):
    status = status_of(exercise, {**FULL, exercise: saved})
    assert status.state == "started", status


NOT_STARTED = [
    pytest.param("02.content-mix", {"posts": load_buying().sample_posts}, id="mix-sample-posts-are-not-yours"),
    pytest.param("02.daily-life", {"notes": dict(load_mining().example_week)}, id="mining-example-week"),
    pytest.param("02.advice-filter", {"stage": "growing"}, id="advice-stage-chosen-only"),
    pytest.param("02.culture-canvas", {"answers": {}}, id="canvas-empty-even-with-a-ladder"),
    pytest.param("01.rewrite-studio", {"_result": {"title": "t", "items": [["a", "an old copy"]]}},
                 id="studio-stale-result-without-drafts"),
]


@pytest.mark.parametrize("exercise,saved", NOT_STARTED)
def test_what_the_page_did_is_not_started(exercise, saved):
    assert status_of(exercise, {**FULL, exercise: saved}).state == "not started"


def test_the_canvas_needs_an_essence_and_takes_the_ladders():
    canvas = FULL["02.culture-canvas"]
    assert status_of("02.culture-canvas", {"02.culture-canvas": canvas}).state == "started", "no essence anywhere"
    typed = {"answers": {**canvas["answers"], "essence": "A calm, green home you love coming back to"}}
    assert status_of("02.culture-canvas", {"02.culture-canvas": typed}).state == "done", "a typed essence, no ladder"
    slogan = {"02.culture-canvas": {"answers": {**canvas["answers"], "essence": "Be the best in the world"}}}
    assert status_of("02.culture-canvas", slogan).state == "started", "a slogan is not an essence"


def test_the_plan_is_done_only_when_every_section_is():
    assert status_of("04.plan", FULL).state == "done"
    assert status_of("04.plan", {**FULL, "02.benefit-ladder": {"rungs": ["A drill"]}}).state == "started"
    assert status_of("04.plan", {"04.plan": {"complete": True, "filled": 8}}).state == "not started"


def test_exercises_without_a_rule_use_the_course_maps_rule():
    rule = DoneRule("count", count=2)
    assert status_of("05.new", {"05.new": {"a": 1}}, fallback=rule).state == "started"
    assert status_of("05.new", {"05.new": {"a": 1, "b": 2}}, fallback=rule).state == "done"
    assert status_of("05.new", {"05.new": {"a": 1, "b": 2}}).state == "started", "no rule at all: never done"


def test_a_started_status_says_how_far():
    status = status_of("01.listening-lab", {"01.listening-lab": dict(list(FULL["01.listening-lab"].items())[:3])})
    assert status.note == "3 of 12 marked"


def test_rules_are_quick_enough_for_a_map_refresh():
    import time

    status_of("04.plan", FULL)  # content loaded once
    start = time.perf_counter()
    for exercise in ALL_IDS:
        status_of(exercise, FULL)
    assert time.perf_counter() - start < 0.5


def test_progress_imports_no_widgets():
    code = ("import sys; sys.path.insert(0, 'tests'); import widgets.progress as p, progress_states as s; "
            "[p.status_of(e, s.finished()) for e in p.RULES]; "
            "assert 'ipywidgets' not in sys.modules, 'the rules imported ipywidgets'")
    subprocess.run([sys.executable, "-c", code], check=True)
