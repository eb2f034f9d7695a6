"""The welcome playbook's pure logic: steps, ordering, the check and the saved result."""

from __future__ import annotations

import pytest

from widgets.playbook import (MAX_STEP_CHARS, Step, check_playbook, load_playbook, make_step, move,
                              playbook_result, starts_conversation, steps_from_saved)

P = "personal"
A = "automated"


@pytest.mark.parametrize("text, kind, step, note", [
    pytest.param("Say hi", P, Step("Say hi", P), None, id="plain"),
    pytest.param("  many   spaces ", A, Step("many spaces", A), None, id="whitespace-collapsed"),
    pytest.param("", P, None, "Write the step first.", id="empty"),
    pytest.param(None, P, None, "Write the step first.", id="none"),
    pytest.param("Say hi", "robotic", None, "Choose whether a person or software does this step.", id="bad-kind"),
    pytest.param("hi\x00\x07 there", P, Step("hi there", P), "Removed 2 control characters.", id="control-chars"),
])
def test_make_step(text, kind, step, note):
    assert make_step(text, kind) == (step, note)


def test_make_step_caps_a_huge_paste():
    step, note = make_step("x" * 50_000, P)
    assert len(step.text) == MAX_STEP_CHARS and note


@pytest.mark.parametrize("index, offset, expected", [
    pytest.param(0, 1, ("b", "a", "c"), id="down"),
    pytest.param(2, -1, ("a", "c", "b"), id="up"),
    pytest.param(0, -1, ("a", "b", "c"), id="top-stays"),
    pytest.param(2, 1, ("a", "b", "c"), id="bottom-stays"),
    pytest.param(5, 1, ("a", "b", "c"), id="out-of-range"),
])
def test_move(index, offset, expected):
    assert move(("a", "b", "c"), index, offset) == expected


@pytest.mark.parametrize("step, expected", [
    pytest.param(Step("Ask what they are building", P), True, id="asks"),
    pytest.param(Step("Reply to their latest post", P), True, id="replies"),
    pytest.param(Step("What brought you here?", P), True, id="question-mark"),
    pytest.param(Step("Send an auto DM asking how they are", A), False, id="automated-never-counts"),
    pytest.param(Step("Like three posts", P), False, id="a-like-is-not-a-conversation"),
])
def test_starts_conversation(step, expected):
    assert starts_conversation(step) is expected


HELLO = Step("Send a hello that asks a question", P)
LOOK = Step("Look at their profile", P)
NOTE = Step("Note their interests", P)
AUTO = Step("Auto-DM my free guide", A)


@pytest.mark.parametrize("steps, status", [
    pytest.param([], "empty", id="empty"),
    pytest.param([LOOK, HELLO, NOTE], "correct", id="personal-and-talks"),
    pytest.param([LOOK, HELLO, NOTE, AUTO], "correct", id="one-automation-is-fine"),
    pytest.param([AUTO, LOOK, HELLO, NOTE], "partial", id="robot-greets-first"),
    pytest.param([LOOK, HELLO], "partial", id="too-short"),
    pytest.param([AUTO, AUTO, HELLO], "incorrect", id="leans-on-automation"),
    pytest.param([LOOK, NOTE, Step("Like three posts", P)], "incorrect", id="never-starts-a-conversation"),
    pytest.param(["junk", None], "empty", id="junk-is-ignored"),
])
def test_check_playbook(steps, status):
    feedback = check_playbook(steps)
    assert feedback.status == status
    if status != "correct":
        assert feedback.message


def test_playbook_result_shape():
    result = playbook_result([LOOK, AUTO])
    assert result == {
        "title": "Welcome playbook",
        "items": [["Step 1 (personal)", LOOK.text], ["Step 2 (automated)", AUTO.text]],
        "steps": [{"text": LOOK.text, "kind": P}, {"text": AUTO.text, "kind": A}],
    }


@pytest.mark.parametrize("saved, expected", [
    pytest.param(None, (), id="nothing"),
    pytest.param("text", (), id="not-a-list"),
    pytest.param([{"text": "Say hi", "kind": P}, {"text": "", "kind": P}, {"kind": A}, 3],
                 (Step("Say hi", P),), id="malformed-rows-skipped"),
])
def test_steps_from_saved(saved, expected):
    assert steps_from_saved(saved) == expected


def test_dataset_model_passes_and_known_wrong_fail():
    spec = load_playbook()
    assert check_playbook(spec.model).passed
    for steps in spec.known_wrong:
        assert check_playbook(steps).status == "incorrect"
    assert {s.kind for s in spec.suggestions} == {P, A}
