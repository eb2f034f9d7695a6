"""The advice filter: content, the pure check, the summary and the view without a kernel."""

from __future__ import annotations

import subprocess
import sys
from html import escape

import pytest
import yaml

from widgets.advice import CHOICES, STAGES, check_judgement, load_advice, result, score, summary
from widgets.content import ContentError

SPEC = load_advice()
ITEMS = {i.id: i for i in SPEC.items}


# --------------------------------------------------------------------------- content

def test_there_are_at_least_twelve_pieces_of_advice_covering_every_pattern():
    assert len(SPEC.items) >= 12
    patterns = {tuple(i.verdicts[s] for s in STAGES) for i in SPEC.items}
    assert ("safe", "safe", "safe") in patterns  # good at every size
    assert ("never", "never", "never") in patterns  # bad at every size
    assert any(p[0] == "not-yet" and p[2] == "safe" for p in patterns)  # the guru trap itself


@pytest.mark.parametrize("item", SPEC.items, ids=lambda i: i.id)
def test_every_item_has_a_distinct_reason_per_stage(item):
    assert len(set(item.why.values())) == len(STAGES)
    assert all(len(item.why[s]) > 40 for s in STAGES)


@pytest.mark.parametrize("item_id,stage,verdict", [
    pytest.param("share-hero-links", "beginner", "safe", id="hero-links-safe-from-day-one"),
    pytest.param("auto-post-everywhere", "established", "never", id="even-the-famous-adapt-per-network"),
    pytest.param("several-sources", "beginner", "not-yet", id="sources-need-a-place-first"),
    pytest.param("several-sources", "established", "safe", id="sources-fine-when-famous"),
    pytest.param("buy-followers", "beginner", "never", id="never-buy-followers"),
    pytest.param("reply-to-every-comment", "beginner", "safe", id="faithful-few"),
    pytest.param("post-five-a-day", "established", "safe", id="volume-works-with-an-audience"),
])
def test_the_lessons_key_verdicts(item_id, stage, verdict):
    assert ITEMS[item_id].verdicts[stage] == verdict


def _advice_data() -> dict:
    from widgets import content

    return yaml.safe_load((content.datasets_dir() / "lesson02/guru/advice.yaml").read_text(encoding="utf-8"))


def _assert_refused(raw: dict, message: str, tmp_path, monkeypatch) -> None:
    """``raw`` written as the advice file is refused when loaded, with ``message``."""
    from widgets import content

    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    monkeypatch.setattr(content, "datasets_dir", lambda: tmp_path)
    content.read_yaml.cache_clear()
    try:
        with pytest.raises(ContentError, match=message):
            load_advice.__wrapped__("bad.yaml")
    finally:
        content.read_yaml.cache_clear()


@pytest.mark.parametrize("mutate,message", [
    pytest.param(lambda d: d["items"][0]["verdicts"].update(beginner="maybe"), "verdicts.beginner",
                 id="unknown-verdict"),
    pytest.param(lambda d: d["items"][0]["verdicts"].update(established="not-yet"), "established",
                 id="not-yet-for-established"),
    pytest.param(lambda d: d["items"][0]["why"].pop("growing"), "growing", id="missing-reason"),
    pytest.param(lambda d: d["stages"].pop(), "stages", id="missing-stage"),
    pytest.param(lambda d: d["items"].append(dict(d["items"][0])), "used twice", id="duplicate-id"),
])
def test_broken_content_is_refused_with_a_clear_message(tmp_path, monkeypatch, mutate, message):
    raw = _advice_data()
    mutate(raw)
    _assert_refused(raw, message, tmp_path, monkeypatch)


# --------------------------------------------------------------------------- the check

@pytest.mark.parametrize("item_id,stage,choice,status", [
    pytest.param("buy-followers", "beginner", "never", "correct", id="right"),
    pytest.param("buy-followers", "beginner", "safe", "incorrect", id="guru-trap"),
    pytest.param("buy-followers", "beginner", "not-yet", "partial", id="not-yet-vs-never-is-close"),
    pytest.param("several-sources", "beginner", "never", "partial", id="never-vs-not-yet-is-close"),
    pytest.param("reply-to-every-comment", "beginner", "never", "incorrect", id="too-cautious"),
    pytest.param("post-five-a-day", "beginner", None, "empty", id="not-answered"),
    pytest.param("post-five-a-day", None, "safe", "empty", id="no-stage-yet"),
    pytest.param("post-five-a-day", "beginner", "<script>", "invalid", id="unknown-choice"),
])
def test_check_judgement(item_id, stage, choice, status):
    assert check_judgement(ITEMS[item_id], stage, choice).status == status


def test_feedback_explains_this_stage_and_contrasts_the_others():
    fb = check_judgement(ITEMS["post-five-a-day"], "beginner", "safe")
    assert fb.details[0] == ITEMS["post-five-a-day"].why["beginner"]
    assert any(d.startswith("For an established account") for d in fb.details)
    assert "guru trap" in fb.message


@pytest.mark.parametrize("stage", STAGES)
def test_model_answers_score_full_marks_and_all_safe_does_not(stage):
    model = {i.id: i.verdicts[stage] for i in SPEC.items}
    assert summary(SPEC, stage, model).status == "correct"
    naive = {i.id: "safe" for i in SPEC.items}
    assert summary(SPEC, stage, naive).status != "correct"
    assert score(SPEC, stage, model).right == len(SPEC.items)


def test_the_drill_comes_in_two_short_rounds_and_the_first_is_what_counts():
    assert [len(r.items) for r in SPEC.rounds] == [8, 8] and [r.optional for r in SPEC.rounds] == [False, True]
    assert [i.id for i in SPEC.items] == [i for r in SPEC.rounds for i in r.items], "advice is shown round by round"
    first = set(SPEC.rounds[0].items)
    # Round 1 alone teaches the lesson: advice good at every size, bad at every size, and the guru trap.
    patterns = {tuple(ITEMS[i].verdicts[s] for s in STAGES) for i in first}
    assert {("safe", "safe", "safe"), ("never", "never", "never")} <= patterns
    assert any(p[0] == "not-yet" and p[2] == "safe" for p in patterns)
    for stage in STAGES:
        round_one = {i: ITEMS[i].verdicts[stage] for i in SPEC.rounds[0].items}
        done = summary(SPEC, stage, round_one)
        assert done.status == "correct" and "Round 2 (8 more)" in done.message
        slip = next(iter(round_one))
        wrong = "safe" if round_one[slip] != "safe" else "never"
        assert summary(SPEC, stage, {**round_one, slip: wrong}).status != "correct"
        assert "7 of round 1 still to judge" in summary(SPEC, stage, {slip: round_one[slip]}).message


def test_the_second_round_is_labelled_optional(workbook):
    a = view(workbook)
    a.go(len(SPEC.rounds[0].items))
    assert "Round 2 of 2 (about 5 minutes, optional) · Advice 1 of 8" in a._card.value


@pytest.mark.parametrize("rounds,message", [
    pytest.param([{"id": "a", "items": ["post-five-a-day"]}], "exactly one round", id="advice-left-out"),
    pytest.param([{"id": "a", "items": ["nope"]}], "does not exist", id="unknown-advice"),
    pytest.param([{"id": "a", "optional": True, "items": "ALL"}], "optional rounds come after", id="all-optional"),
    pytest.param([{"id": "a", "minutes": "five", "items": "ALL"}], "whole number", id="minutes-not-a-number"),
])
def test_broken_rounds_are_refused(tmp_path, monkeypatch, rounds, message):
    raw = _advice_data()
    every = [i["id"] for i in raw["items"]]
    raw["rounds"] = [{**r, "items": every if r["items"] == "ALL" else r["items"]} for r in rounds]
    _assert_refused(raw, message, tmp_path, monkeypatch)


def test_summary_counts_and_names_traps():
    fb = summary(SPEC, "beginner", {"post-five-a-day": "safe", "buy-followers": "never", "junk": "safe"})
    assert "1 of 2 judged right" in fb.message
    assert any("Post five times a day" in d for d in fb.details)
    assert summary(SPEC, "beginner", {}).status == "empty"
    assert summary(SPEC, "nobody", {"x": "safe"}).status == "empty"


def test_result_lists_advice_to_follow_now_then_later():
    res = result(SPEC, "beginner", {"buy-followers": "never"})
    assert res["title"] and res["stage"] == "beginner" and res["answers"] == {"buy-followers": "never"}
    labels = [label for label, _ in res["items"]]
    assert labels[0] == "Follow now" and "Later" in labels
    assert labels == sorted(labels, key=["Follow now", "Later"].index)


def test_pure_module_does_not_import_ipywidgets():
    code = "import sys, widgets.advice; assert 'ipywidgets' not in sys.modules, 'widgets.advice imported ipywidgets'"
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- the view

def view(workbook):
    from widgets.exercises.advice import AdviceFilterExercise

    return AdviceFilterExercise.from_dataset(workbook=workbook)


def test_view_judges_each_answer_for_the_chosen_stage_and_saves_it(workbook):
    a = view(workbook)
    assert a.exercise_id == "02.advice-filter" and "sll-advice-filter" in a._dom_classes
    a._stage.value = "beginner"
    a.show("post-five-a-day")
    assert "class='sll-stage-note'" in a._card.value and escape(SPEC.stage("beginner").description) in a._card.value
    assert "Advice" in a._card.value and "data-item='post-five-a-day'" in a._card.value
    a._choice.value = "safe"
    assert "data-status='incorrect'" in a._note.value and a.answers == {"post-five-a-day": "safe"}
    a._choice.value = "not-yet"
    assert "data-status='correct'" in a._note.value
    saved = workbook.load("02.advice-filter")
    assert saved["stage"] == "beginner" and saved["answers"] == {"beginner": {"post-five-a-day": "not-yet"}}
    assert saved["_result"]["stage"] == "beginner" and saved["_result"]["items"]


def test_one_piece_at_a_time_with_previous_and_next(workbook):
    a = view(workbook)
    assert a.index == 0 and a._prev.disabled and not a._next.disabled
    first = SPEC.rounds[0]
    assert f"Round 1 of {len(SPEC.rounds)} (about {first.minutes} minutes) · Advice 1 of {len(first.items)}" in a._card.value
    a._next.click()
    assert a.index == 1 and not a._prev.disabled and f"data-item='{SPEC.items[1].id}'" in a._card.value
    a.go(len(SPEC.items) + 5)
    assert a.index == len(SPEC.items) - 1 and a._next.disabled
    a._stage.value = "beginner"
    a._choice.value = "never"
    a._prev.click()
    assert a._choice.value is None and a._note.value == ""
    a._next.click()
    assert a._choice.value == "never" and "data-status=" in a._note.value


def test_each_stage_keeps_its_own_answers_and_everything_is_restored(workbook):
    a = view(workbook)
    a._stage.value = "beginner"
    a.show("post-five-a-day")
    a._choice.value = "not-yet"
    a._stage.value = "established"
    assert a._choice.value is None
    a._choice.value = "safe"
    assert "data-status='correct'" in a._note.value
    again = view(workbook)
    assert again.stage == "established" and again.answers == {"post-five-a-day": "safe"}
    again._stage.value = "beginner"
    again.show("post-five-a-day")
    assert again._choice.value == "not-yet"


def test_answers_given_before_choosing_a_stage_are_kept(workbook):
    a = view(workbook)
    a.show("buy-followers")
    a._choice.value = "never"
    assert "Choose your stage first" in a._note.value
    a._stage.value = "growing"
    assert a.answers == {"buy-followers": "never"}
    assert "data-status='correct'" in a._note.value
    assert view(workbook).answers == {"buy-followers": "never"}


def test_hint_and_reveal(workbook):
    a = view(workbook)
    a._reveal.click()
    assert "Choose your stage first" in a._summary.value
    a._stage.value = "beginner"
    a._reveal.click()
    assert all(i.advice[:20].replace("'", "&#x27;") in a._summary.value for i in SPEC.items)
    # The hint is static, before any answer: a <details> in the introduction, not a button.
    assert "<details class='sll-hint'" in a._intro.value and escape(SPEC.hint) in a._intro.value


@pytest.mark.parametrize("saved", [
    pytest.param({"stage": "<img src=x onerror=alert(1)>", "answers": "nope"}, id="garbage"),
    pytest.param({"stage": "beginner", "answers": {"beginner": {"post-five-a-day": "<script>"}}}, id="bad-choice"),
    pytest.param({"answers": {"beginner": ["a"]}}, id="wrong-shape"),
])
def test_damaged_saved_work_opens_cleanly(workbook, saved):
    for key, value in saved.items():
        workbook.save("02.advice-filter", key, value)
    a = view(workbook)
    assert "<script>" not in a._summary.value and "onerror=alert" not in a._card.value
    assert a._choice.value in (None, *CHOICES)
    for i in range(len(SPEC.items)):
        a.go(i)
        assert a._choice.value in (None, *CHOICES)
    a._stage.value = "beginner"
    assert all(v in CHOICES for v in a.answers.values())
