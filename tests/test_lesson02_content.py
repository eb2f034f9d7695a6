"""Lesson 02 content: every spec loads, model answers pass, known-wrong samples fail, the lesson is complete."""

from __future__ import annotations

import json

import pytest

from widgets import content
from widgets.buying import check_order, judge_mix, load_buying
from widgets.canvas import check_canvas, check_pillars, load_canvas
from widgets.coach import load_notes
from widgets.ladder import check_ladder, load_ladder, load_rungs
from widgets.mining import load_mining, mine_week
from widgets.quiz import check_choice, load_choices

LESSON = content.lessons_dir() / "02_culture.ipynb"


def test_every_lesson02_spec_loads():
    assert load_ladder().id == "02.benefit-ladder"
    assert load_buying().id == "02.what-people-buy"
    assert load_canvas().id == "02.culture-canvas" and load_canvas().pillars_id == "02.content-pillars"
    assert load_mining().id == "02.daily-life"
    assert len(load_rungs()) >= 150 and len(load_rungs("lesson02/rungs_holdout.yaml")) == 40
    assert load_notes("lesson02/coach_notes.yaml").id == "02.coach-notes"


def test_holdout_shares_no_rung_with_the_training_set():
    train = {r.text.lower() for r in load_rungs()}
    assert not train & {r.text.lower() for r in load_rungs("lesson02/rungs_holdout.yaml")}


def test_model_answers_pass():
    assert check_ladder(list(load_ladder().model_answer)).status == "correct"
    spec = load_buying()
    assert check_order(spec, list(spec.order)).status == "correct"
    canvas = load_canvas()
    assert check_canvas(canvas, canvas.sample).status == "correct"
    assert check_pillars(list(canvas.model_pillars), list(canvas.model_traditions)).status == "correct"
    assert mine_week(load_mining(), load_mining().example_week)[1].status == "correct"


def test_known_wrong_samples_fail():
    for wrong in load_ladder().known_wrong:
        assert check_ladder(list(wrong)).status != "correct"
    spec = load_buying()
    assert check_order(spec, list(reversed(spec.order))).status == "incorrect"
    # The sample posts are deliberately pitch-heavy, so the mix tool has something to say.
    assert judge_mix(spec.sample_posts).feedback.status != "correct"


@pytest.mark.parametrize("spec", load_choices("lesson02/check.yaml"), ids=lambda s: s.id)
def test_check_question_options_each_explain_themselves(spec):
    assert len(spec.correct_ids) == 1
    for option in spec.options:
        assert len(option.explanation.split()) >= 8
        feedback = check_choice(spec, option.id)
        assert feedback.status == ("correct" if option.correct else "incorrect")


def test_every_lesson02_yaml_is_documented():
    folder = content.datasets_dir() / "lesson02"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for path in folder.glob("*.yaml"):
        assert path.name in readme, path.name


def _lesson():
    return json.loads(LESSON.read_text(encoding="utf-8"))


def test_lesson_teaches_every_idea_and_has_every_exercise():
    nb = _lesson()
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    for idea in ("By the end of this lesson", "Two meanings of culture", "environment suited to growth",
                 "nation", "Bullhorn or walkie-talkie", "(01_conversation.ipynb)", "direction, relationship",
                 "guru trap", "brings their audience",
                 "several sources", "identical", "faithful few", "benefit ladder", "brand essence",
                 "believe", "organises around", "traditions", "in character", "not about wearing a mask",
                 "daily life", "Key points", "Check your understanding"):
        assert idea in text, idea
    for call in ("BenefitLadderExercise.from_dataset()", "WhatPeopleBuyExercise.from_dataset()",
                 "ContentMixExercise.from_dataset()", "CultureCanvasExercise.from_dataset()",
                 "ContentPillarsExercise.from_dataset()", "CharacterCheckExercise.from_dataset()",
                 "DailyLifeExercise.from_dataset()", 'CheckOfUnderstanding.from_dataset("lesson02/check.yaml")',
                 'CoachNotesView.from_dataset("lesson02/coach_notes.yaml")'):
        assert call in text, call
    for guru in ("AdviceFilterExercise", "GrowthModelExercise", "HeroCheckExercise", "CrossPostExercise"):
        assert guru in text or "not ready yet" in text, guru


def test_lesson_is_committed_executed_without_errors():
    nb = _lesson()
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in code)
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error"
            assert out.get("name") != "stderr", "".join(out.get("text", ""))
    assert "state" in nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
