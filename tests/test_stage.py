"""Stage self-assessment: placing a learner, the focus that follows, the radar chart and the view."""

from __future__ import annotations

import pytest

from widgets.stage import AXES, MAX_SCORE, assess, load_assessment, place, radar_alt, radar_figure_data, result_of

SPEC = load_assessment()


def answers(audience, replies, relationships, offers):
    return dict(zip(AXES, (audience, replies, relationships, offers)))


@pytest.mark.parametrize("scores,stage", [
    pytest.param(answers(0, 0, 0, 0), "social-proof", id="brand-new-account"),
    pytest.param(answers(1, 1, 1, 3), "social-proof", id="offers-without-attention-are-still-proof"),
    pytest.param(answers(2, 0, 0, 0), "social-proof", id="some-audience-no-replies-no-relationships"),
    pytest.param(answers(0, 0, 2, 0), "social-proof", id="relationships-but-nobody-notices-the-posts"),
    pytest.param(answers(0, 1, 3, 3), "social-proof", id="strong-offline-network-still-unnoticed-online"),
    pytest.param(answers(2, 1, 1, 0), "social-leadership", id="noticed-but-few-relationships"),
    pytest.param(answers(3, 3, 1, 2), "social-leadership", id="big-audience-few-relationships"),
    pytest.param(answers(2, 2, 2, 0), "social-leadership", id="noticed-and-related-but-no-sign-of-trust-yet"),
    pytest.param(answers(2, 3, 2, 0), "social-profits", id="people-answer-each-other"),
    pytest.param(answers(2, 2, 3, 0), "social-profits", id="recommended-unasked"),
    pytest.param(answers(2, 2, 2, 3), "social-profits", id="helped-people-send-others"),
    pytest.param(answers(3, 3, 1, 3), "social-leadership", id="loud-and-selling-but-few-relationships"),
    pytest.param(answers(3, 3, 3, 3), "social-profits", id="strong-everywhere"),
    pytest.param(answers(3, 1, 3, 3), "social-leadership", id="replies-too-low-for-profits"),
])
def test_place(scores, stage):
    assert place(scores) == stage
    assert assess(SPEC, scores).stage.id == stage


GRID = [dict(zip(AXES, combo)) for combo in __import__("itertools").product(range(MAX_SCORE + 1), repeat=4)]
ORDER = ("social-proof", "social-leadership", "social-profits")


def test_the_grid_follows_the_lessons_definitions():
    """All 256 answer sets: the stage is what Lesson 00's table says it is."""
    assert len(GRID) == 256
    for scores in GRID:
        stage = place(scores)
        noticed = scores["audience"] + scores["replies"] >= 3
        assert (stage == "social-proof") == (not noticed), scores  # "few people notice you yet"
        if stage == "social-profits":  # "a community trusts you"
            assert scores["replies"] >= 2 and scores["relationships"] >= 2, scores
            assert 3 in (scores["replies"], scores["relationships"], scores["offers"]), scores
    assert {place(s) for s in GRID} == set(ORDER)


def test_a_higher_answer_never_moves_you_back_a_stage():
    for scores in GRID:
        for axis in AXES:
            if scores[axis] < MAX_SCORE:
                higher = {**scores, axis: scores[axis] + 1}
                assert ORDER.index(place(higher)) >= ORDER.index(place(scores)), (scores, axis)


@pytest.mark.parametrize("given,status,complete", [
    pytest.param({}, "empty", False, id="nothing-answered-is-not-wrong"),
    pytest.param(None, "empty", False, id="none-is-nothing"),
    pytest.param({"audience": 1}, "empty", False, id="partly-answered"),
    pytest.param(answers(1, 1, 9, 1), "empty", False, id="out-of-range-score-is-dropped"),
    pytest.param(answers(1, 1, "2", 1), "empty", False, id="string-score-is-dropped"),
    pytest.param(answers(1, 1, True, 1), "empty", False, id="bool-is-not-a-score"),
    pytest.param({**answers(1, 1, 1, 1), "extra": 3}, "correct", True, id="unknown-keys-ignored"),
])
def test_assess_outcomes(given, status, complete):
    outcome = assess(SPEC, given)
    assert outcome.feedback.status == status
    assert outcome.complete is complete


def test_incomplete_names_what_is_missing():
    message = assess(SPEC, {"audience": 1, "replies": 2}).feedback.message
    assert "relationships" in message and "offers" in message and "2 to go" in message


def test_complete_gives_focus_and_weakest_axis():
    outcome = assess(SPEC, answers(2, 2, 0, 1))
    assert outcome.weakest == "relationships"
    assert any(outcome.stage.focus in d for d in outcome.feedback.details)


def test_result_is_plan_shaped():
    outcome = assess(SPEC, answers(1, 2, 2, 0))
    result = result_of(SPEC, outcome)
    assert result["title"] and result["stage"] == outcome.stage.id
    assert all(isinstance(label, str) and isinstance(text, str) for label, text in result["items"])
    assert result["items"][0] == ["Stage", outcome.stage.name]
    assert result_of(SPEC, assess(SPEC, {})) is None


@pytest.mark.parametrize("scores", [
    pytest.param({}, id="empty"), pytest.param(answers(0, 1, 2, 3), id="full"),
    pytest.param({"replies": 3}, id="partial"),
])
def test_radar_is_a_valid_closed_plotly_figure(scores):
    from widgets.charts import figure

    data = radar_figure_data(SPEC, scores)
    trace = data["data"][0]
    assert trace["type"] == "scatterpolar" and trace["r"][0] == trace["r"][-1]
    assert len(trace["r"]) == len(AXES) + 1
    assert all(0 <= v <= MAX_SCORE for v in trace["r"])
    figure(data)  # plotly validates every key
    assert "Radar chart" in radar_alt(SPEC, scores)


def test_every_stage_points_to_a_lesson_in_the_course():
    from widgets.course import load_course

    for stage in SPEC.stages:
        assert load_course().lesson(stage.lesson) is not None, stage.id


# -- the view, without a kernel ----------------------------------------------------------------

def test_view_saves_each_answer_and_the_result_then_restores(workbook):
    from widgets.exercises.stage import StageAssessmentExercise

    view = StageAssessmentExercise.from_dataset(workbook=workbook)
    assert view.stage == "" and not view.charted and "Answer the four" in view._outcome.value
    assert "sll-stage-assessment" in view._dom_classes
    for axis, score in answers(2, 3, 2, 1).items():
        view.answer(axis, score)
    assert view.stage == "social-profits"
    assert "data-stage='social-profits'" in view._outcome.value
    assert view.charted, "the radar is drawn once all four are answered"
    saved = workbook.load("00.stage-assessment")
    assert saved["audience"] == 2 and saved["_result"]["stage"] == "social-profits"
    again = StageAssessmentExercise.from_dataset(workbook=workbook)
    assert again.stage == "social-profits" and again.scores == view.scores


def test_view_ignores_a_damaged_saved_answer(workbook):
    from widgets.exercises.stage import StageAssessmentExercise

    workbook.save_many("00.stage-assessment", {"audience": "<script>", "replies": 99, "offers": None})
    view = StageAssessmentExercise.from_dataset(workbook=workbook)
    assert view.scores == {} and view.stage == ""
