"""The hero check: accuracy on labelled samples, signal tables, bad input, and the view without a kernel."""

from __future__ import annotations

import subprocess
import sys

import pytest

from widgets.hero import HOLDOUT, accuracy, analyze, check_call, explain, load_hero, load_samples

from hostile import HOSTILE_POSTS  # tests/hostile.py

SPEC = load_hero()
HOLDOUT_SAMPLES = load_samples(HOLDOUT)


# --------------------------------------------------------------------------- accuracy

@pytest.mark.parametrize("samples", [pytest.param(SPEC.samples, id="lesson-samples"),
                                     pytest.param(HOLDOUT_SAMPLES, id="holdout-written-after-the-rules")])
def test_accuracy_on_labelled_samples_is_at_least_85_percent(samples):
    assert accuracy(samples) >= 0.85


def test_samples_are_balanced_and_plentiful():
    for samples in (SPEC.samples, HOLDOUT_SAMPLES):
        labels = [s.label for s in samples]
        assert 0.4 <= labels.count("hero") / len(labels) <= 0.6
    assert len(SPEC.samples) >= 30 and len(HOLDOUT_SAMPLES) >= 20
    assert not {s.id for s in SPEC.samples} & {s.id for s in HOLDOUT_SAMPLES}


# --------------------------------------------------------------------------- signals

@pytest.mark.parametrize("text,signal", [
    pytest.param("Tip: shoot next to a window.", "useful", id="tip"),
    pytest.param("Thanks to @ana_ruiz for this one.", "credit", id="handle-and-thanks"),
    pytest.param("A study by Hollis Lab found it.", "credit", id="study-by"),
    pytest.param("Me at 9:00: fine. Me at 9:05: not fine 😂", "funny", id="joke"),
    pytest.param("The reason it works: people want a name.", "insight", id="the-reason"),
    pytest.param("Try it with one pot this week.", "takeaway", id="imperative-takeaway"),
    pytest.param("What would you name yours?", "question", id="open-question"),
    pytest.param("Use code SAVE10 at checkout.", "sales", id="coupon"),
    pytest.param("Thrilled to announce our launch.", "brag", id="announcement"),
    pytest.param("Tag 3 friends who need this.", "bait", id="tag-friends"),
    pytest.param("HUGE NEWS!!!", "hype", id="caps-and-bangs"),
])
def test_each_signal_fires_on_its_words_with_spans(text, signal):
    report = analyze(text)
    fired = {s.rule.id: s for s in report.signals}
    assert signal in fired
    assert all(0 <= a < b <= len(text) for a, b in fired[signal].spans)


@pytest.mark.parametrize("text,verdict", [
    pytest.param("Tip from a colleague: put the request in the first line. Try it today.", "hero", id="tip-credit"),
    pytest.param("BUY NOW!!! 50% off, link in bio", "not-hero", id="sale"),
    pytest.param("So proud to announce our award-winning app! Download it today!", "not-hero", id="brag"),
    pytest.param("just a plain sentence", "not-hero", id="nothing-to-share"),
])
def test_verdicts(text, verdict):
    assert analyze(text).verdict == verdict


def test_explain_names_reasons_with_the_triggering_words():
    fb = explain(analyze("Thrilled to announce our sale! Use code GO at checkout."))
    assert fb.status == "incorrect"
    assert any("Sales push" in d and "checkout" in d for d in fb.details)
    assert any("Brag" in d for d in fb.details)
    plain = explain(analyze("just a plain sentence"))
    assert plain.status == "partial" and "useful tip" in plain.details[0]


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"), pytest.param("   \n\t ", id="blank"),
    pytest.param("\x00\x07\x1b", id="only-control-chars"),
])
def test_nothing_to_judge_is_empty_not_wrong(text):
    report = analyze(text)
    assert report.verdict == "none" and explain(report).status == "empty"
    assert check_call(text, "hero").status == "empty"


@pytest.mark.parametrize("text", [
    pytest.param("<script>alert(1)</script> Try this tip", id="script"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("tip " * 12_500, id="huge-paste"),
    pytest.param("👩‍👩‍👧‍👦 نصيحة: جرب هذا اليوم", id="emoji-zwj-rtl"),
    pytest.param(None, id="none"),
    pytest.param(12345, id="not-text"),
])
def test_bad_input_never_raises(text):
    report = analyze(text)
    assert report.verdict in ("hero", "not-hero", "none")
    assert len(report.text) <= 5000
    explain(report)


@pytest.mark.parametrize("call,label,status", [
    pytest.param("hero", "hero", "correct", id="agrees-with-label"),
    pytest.param("not-hero", "hero", "incorrect", id="disagrees-with-label"),
    pytest.param(None, "hero", "empty", id="no-call-yet"),
    pytest.param("hero", None, "correct", id="own-post-judged-by-the-check"),
])
def test_check_call(call, label, status):
    text = "Tip: name each savings pot after its purpose. Try it this week."
    assert check_call(text, call, label).status == status


def test_pure_module_does_not_import_ipywidgets():
    code = "import sys, widgets.hero; assert 'ipywidgets' not in sys.modules, 'widgets.hero imported ipywidgets'"
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- the view

def view(workbook):
    from widgets.exercises.hero import HeroCheckExercise

    return HeroCheckExercise.from_dataset(workbook=workbook)


def test_sample_call_check_shows_label_reasons_and_spans(workbook):
    h = view(workbook)
    assert h.exercise_id == "02.hero-check" and "sll-hero-check" in h._dom_classes
    sample = SPEC.samples[1]
    h._picker.value = sample.id
    assert h._draft.layout.display == "none" and "sll-hero-sample-text" in h._sample.value
    assert h._meter.value == ""  # reasons stay hidden until the learner has made a call
    h._check.click()
    assert "Make your call" in h._feedback.value
    h._call.value = sample.label
    h._check.click()
    assert "data-status='correct'" in h._feedback.value
    assert "sll-mark-" in h._meter.value and f"data-chars='{len(sample.text)}'" in h._meter.value


def test_own_post_live_line_follows_typing_and_everything_is_restored(workbook):
    h = view(workbook)
    h._draft.value = "Tip: put the request in the first line. Try it."
    assert f"data-chars='{len(h._draft.value)}'" in h._live.value
    assert h.verdict == "hero"
    h._call.value = "hero"
    h._check.click()
    h._draft.value = "BUY NOW!!! link in bio"
    assert h.verdict == "not-hero" and "data-verdict='not-hero'" in h._meter.value
    h._picker.value = SPEC.samples[0].id
    h._call.value = "not-hero"
    h._saver.flush()
    again = view(workbook)
    assert again.post_id == SPEC.samples[0].id and again.call == "not-hero"
    again._picker.value = "own"
    assert again._draft.value == "BUY NOW!!! link in bio" and again.call == "hero"


@pytest.mark.parametrize("text", HOSTILE_POSTS)
def test_bad_input_in_the_view_is_escaped_and_kept(workbook, text):
    h = view(workbook)
    h._draft.value = text
    h._call.value = "hero"
    h._check.click()
    for shown in (h._feedback.value, h._meter.value, h._live.value):
        assert "<script>" not in shown and "<img" not in shown
    h._saver.flush()
    assert workbook.get("02.hero-check", "own_draft") == h.text
    assert h.text and len(h.text) <= 5000
