"""The benefit ladder's pure logic: rung classification, cue spans, whole-ladder feedback, accuracy."""

from __future__ import annotations

import pytest

from widgets.ladder import (check_ladder, classify_rung, load_ladder, load_rungs, marked_html, similarity,
                            verdict_html)


@pytest.mark.parametrize("text, kind", [
    pytest.param("A cordless drill with an 18 V battery", "feature", id="spec-with-unit"),
    pytest.param("Made from recycled aluminium", "feature", id="material"),
    pytest.param("Includes a charger and two batteries", "feature", id="includes-components"),
    pytest.param("A CRM with automated reminders", "feature", id="tech-noun"),
    pytest.param("A drill", "feature", id="bare-product-noun"),
    pytest.param("So you can hang the picture your mother painted", "benefit", id="so-you-can"),
    pytest.param("Feeling calm before a big day", "benefit", id="feeling"),
    pytest.param("Saving two hours every week", "benefit", id="time-saved"),
    pytest.param("Your kids sleep through the night", "benefit", id="your-people"),
    pytest.param("A home that feels like yours", "benefit", id="brand-essence"),
    pytest.param("Be the best", "unclear", id="slogan-is-not-a-benefit"),
    pytest.param("Change the world", "unclear", id="hype-is-not-a-benefit"),
    pytest.param("", "unclear", id="empty"),
    pytest.param("   \n\t", "unclear", id="whitespace"),
    pytest.param("12345 !!!", "unclear", id="no-letters"),
])
def test_classify_rung(text, kind):
    assert classify_rung(text).kind == kind


@pytest.mark.parametrize("text", [
    pytest.param("A cordless drill with an 18 V battery", id="feature"),
    pytest.param("So you can relax with your family on Sunday", id="benefit"),
    pytest.param("Be the best in the world", id="hype"),
    pytest.param("Stay 😀👨‍👩‍👧 dry so you can enjoy the walk", id="emoji-zwj-before-cues"),
])
def test_cue_spans_point_at_the_cue_words(text):
    verdict = classify_rung(text)
    assert verdict.cues
    for cue in verdict.cues:
        assert verdict.text[cue.start:cue.end] == cue.words
        assert cue.points_to in ("feature", "benefit", "hype") and cue.why


@pytest.mark.parametrize("value", [
    pytest.param(None, id="none"),
    pytest.param(42, id="not-a-string"),
    pytest.param("x" * 50_000, id="huge-paste"),
    pytest.param("\x00\x07 so you can rest", id="control-chars"),
    pytest.param("כדי שתוכל לנוח", id="right-to-left"),
    pytest.param("<script>alert(1)</script>", id="script-tag"),
])
def test_bad_input_never_raises(value):
    verdict = classify_rung(value)
    assert verdict.kind in ("feature", "benefit", "unclear")
    assert len(verdict.text) <= 300 and "\x00" not in verdict.text


def test_markup_escapes_learner_text():
    verdict = classify_rung("<img src=x onerror=alert(1)> so you can rest")
    out = verdict_html(verdict)
    assert "<img" not in out and "&lt;img" in out
    assert marked_html("<b>", []) == "&lt;b&gt;"


@pytest.mark.parametrize("rungs, status, position, problem", [
    pytest.param(["A cordless drill", "A clean hole in the wall", "Hanging the picture your mother painted",
                  "A home that feels like yours"], "correct", None, None, id="the-drill-climbs"),
    pytest.param(["Yoga classes", "A 60-minute class with a 4 mm mat"], "incorrect", 2, "feature-top",
                 id="stops-at-a-feature"),
    pytest.param(["Yoga classes", "So you can sleep better", "Be the best studio in town"], "incorrect", 3, "slogan",
                 id="jumps-to-a-slogan"),
    pytest.param(["Yoga classes", "You sleep better at night", "You sleep better every night"], "partial", 3,
                 "duplicate", id="repeats-itself"),
    pytest.param(["Yoga classes", "So you can relax", "A studio with heated floors", "Feeling at home in your body"],
                 "partial", 3, "step-down", id="steps-back-down"),
    pytest.param(["Yoga classes", "So you can relax"], "partial", None, None, id="too-short"),
])
def test_check_ladder_names_the_rung_and_why(rungs, status, position, problem):
    result = check_ladder(rungs)
    assert result.status == status
    if problem:
        issue = next(i for i in result.issues if i.problem == problem)
        assert issue.position == position
        assert f"ung {position}" in issue.says or "top rung" in issue.says
        assert any(issue.says == d for d in result.feedback.details)


@pytest.mark.parametrize("rungs, status", [
    pytest.param([], "empty", id="nothing"),
    pytest.param(None, "empty", id="none"),
    pytest.param(["", "  "], "empty", id="blank-rungs"),
    pytest.param(["Pottery classes"], "empty", id="only-the-product"),
    pytest.param(["a", 3, None], "empty", id="junk-is-dropped"),
])
def test_check_ladder_not_attempted_is_not_wrong(rungs, status):
    assert check_ladder(rungs).status == status


def test_similarity_spots_restatements():
    assert similarity("Save time every day", "Saves time each day") >= 0.6
    assert similarity("A clean hole", "A home that feels like yours") < 0.2
    assert similarity("", "anything") == 0.0


def test_labeled_rungs_cover_the_required_breadth():
    rungs = load_rungs()
    assert len(rungs) >= 150
    assert len({r.domain for r in rungs}) >= 10
    assert {r.kind for r in rungs} == {"feature", "benefit"}


def test_accuracy_on_labeled_rungs_is_at_least_90_percent():
    rungs = load_rungs()
    misses = [(r.id, r.kind, r.text) for r in rungs if classify_rung(r.text).kind != r.kind]
    assert 1 - len(misses) / len(rungs) >= 0.90, misses


def test_accuracy_on_holdout_rungs_is_at_least_85_percent():
    rungs = load_rungs("lesson02/rungs_holdout.yaml")
    assert len(rungs) == 40
    misses = [(r.id, r.kind, r.text) for r in rungs if classify_rung(r.text).kind != r.kind]
    assert 1 - len(misses) / len(rungs) >= 0.85, misses


def test_worked_examples_start_with_the_drill_and_all_climb():
    spec = load_ladder()
    assert spec.examples[0].id == "drill" and len(spec.examples) >= 4
    for example in spec.examples:
        assert check_ladder(list(example.rungs)).status == "correct", example.id


def test_model_answer_passes_and_known_wrong_ladders_fail():
    spec = load_ladder()
    assert check_ladder(list(spec.model_answer)).status == "correct"
    for wrong in spec.known_wrong:
        assert check_ladder(list(wrong)).status in ("incorrect", "partial"), wrong


@pytest.mark.parametrize("rungs,state", [
    pytest.param([], "empty", id="empty"),
    pytest.param(["Weekly pottery classes"], "one-rung", id="one-rung"),
    pytest.param(["A cordless drill", "A cordless drill with a 18 V battery"], "feature-top", id="product-on-top"),
    pytest.param(["Online yoga classes", "Be the best yoga studio in town"], "slogan", id="slogan"),
    pytest.param(["Online yoga classes", "You can practise at home whenever you like",
                  "You can practise at home whenever you want"], "duplicate", id="repeat"),
    pytest.param(["A cordless drill", "Hanging the picture your mother painted"], "short", id="climbs-but-short"),
    pytest.param(list(load_ladder().examples[0].rungs), "done", id="the-drill"),
])
def test_the_hint_fits_the_ladder(rungs, state):
    from widgets.ladder import hint_for, ladder_state

    assert ladder_state(rungs) == state
    assert hint_for(load_ladder(), rungs) == load_ladder().state_hints[state]
