"""The voice meter component: its pure rendering, and the views that use it."""

from __future__ import annotations

import re
from html import escape

import pytest

from widgets import meter, voice
from widgets.exercises.meter import VoiceMeter

BULLHORN = "BUY NOW!!! 50% OFF everything, link in bio #sale #deal #shop #buy"
WALKIE = ("A tip from 14 tries at sourdough: use a wetter dough and rest it overnight in the fridge. "
          "What's the loaf that beat you?")


def stop_on(html: str) -> str:
    return re.search(r"sll-meter-stop--on' data-stop='([^']+)'", html).group(1)


def marker_at(html: str) -> float:
    return float(re.search(r"sll-meter-marker' aria-hidden='true' data-at='([^']+)'", html).group(1))


# --- the scale ---------------------------------------------------------------------------------

@pytest.mark.parametrize("verdict, at", [
    pytest.param("bullhorn", 12.5, id="bullhorn-first-stop"),
    pytest.param("mixed", 37.5, id="mixed-second"),
    pytest.param("neutral", 62.5, id="neutral-third"),
    pytest.param("walkie-talkie", 87.5, id="walkie-talkie-last"),
    pytest.param(None, None, id="no-reading-no-marker"),
    pytest.param("loud", None, id="unknown-verdict-no-marker"),
])
def test_marker_sits_in_the_middle_of_equal_stops(verdict, at):
    assert meter.marker_percent(verdict) == at


def test_scale_has_one_named_stop_per_verdict_in_order():
    out = meter.scale_html("mixed")
    assert re.findall(r"data-stop='([^']+)'", out) == list(voice.VERDICT_SCALE)
    for name in ("Bullhorn", "Mixed", "Neutral", "Walkie-talkie"):
        assert f">{name}</span>" in out
    assert "stop 2 of 4" in out  # the position in words for a screen reader


@pytest.mark.parametrize("text, verdict", [
    pytest.param(BULLHORN, "bullhorn", id="sale-post"),
    pytest.param(WALKIE, "walkie-talkie", id="tip-and-question"),
    pytest.param("Thanks!", "neutral", id="greeting"),
])
def test_head_shows_the_verdict_in_words_and_marks_its_stop(text, verdict):
    report = voice.analyze(text)
    assert report.verdict == verdict
    out = meter.head_html(report)
    assert f"data-verdict='{verdict}'" in out and f"data-chars='{len(report.text)}'" in out
    assert stop_on(out) == verdict and marker_at(out) == meter.marker_percent(verdict)
    words = re.search(r"sll-meter-verdict'.*?</div>", out).group(0)
    assert meter.STOP_NAMES[verdict] in words and meter.STOP_GLOSS[verdict] in words


def test_empty_post_has_no_marker_and_says_what_to_do():
    out = meter.head_html(voice.analyze("   "))
    assert "data-verdict='none'" in out and "sll-meter-marker" not in out and "Write" in out


# --- the moves ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    pytest.param(BULLHORN, id="bullhorn-many-moves"),
    pytest.param("Proud to announce our award-winning app hit 10,000 downloads! Link in bio.", id="brag"),
    pytest.param(WALKIE, id="walkie"),
])
def test_at_most_three_moves_and_they_are_the_reports_top_moves(text):
    report = voice.analyze(text)
    out = meter.head_html(report)
    n = int(re.search(r"data-moves='(\d)'", out).group(1))
    assert n == len(report.top_moves(3)) <= 3
    shown = re.findall(r"<li style='margin:2px 0'><strong>([^<]+):</strong>", out)
    assert shown == [s.label.replace("'", "&#x27;") for s in report.top_moves(3)]


def test_a_bullhorn_leads_with_what_broadcasts_and_quotes_the_words():
    out = meter.head_html(voice.analyze(BULLHORN))
    assert "What to change first" in out
    assert re.findall(r"<li style='margin:2px 0'><strong>([^<]+):</strong>", out)[0] == "Hard sell"
    assert "“link in bio”" in out


def test_no_internal_arithmetic_on_screen():
    for text in (BULLHORN, WALKIE, "Thanks!", "I did it. We won. Our team is the best, I am proud of our win.",
                 "What do you think of your week? You and your team, I mean."):
        report = voice.analyze(text)
        shown = re.sub(r"<[^>]+>", " ", meter.meter_html(report))
        assert not re.search(r"\(\s*(red|amber|green)\s*,\s*[+-]\d", shown)
        assert "broadcast pressure" not in shown.lower() and "score" not in shown.lower()
        assert not re.search(r"\b\d+x\b", shown), "counts in words, not '3x'"


# --- every signal, citations, escaping ---------------------------------------------------------

def test_every_signal_is_behind_the_disclosure_not_in_the_head():
    report = voice.analyze(WALKIE)
    head, full = meter.head_html(report), meter.meter_html(report)
    assert "sll-meter-signals" not in head
    assert "<details class='sll-meter-more'><summary>Show every signal</summary>" in full
    for sig in report.signals:
        assert sig.label.replace("'", "&#x27;") in meter.signals_html(report)


def test_each_citation_once_per_panel():
    report = voice.analyze("Proud to announce our award-winning app! Buy now, link in bio. What do you think?")
    assert report.citations
    full = meter.meter_html(report)
    for citation in voice.CITATIONS.values():
        shown = escape(citation)
        assert full.count(shown) == (1 if citation in report.citations else 0)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script> BUY NOW!!! link in bio",
    "<img src=x onerror=alert(1)> What's your favourite loaf?",
    "\" onmouseover='alert(1)' <b>bold</b> #sale #deal #shop",
])
def test_learner_text_is_escaped_everywhere_and_marked_safely(text):
    report = voice.analyze(text)
    out = meter.meter_html(report) + meter.head_html(report, show_text=True)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "onmouseover='" not in out
    assert "&lt;" in out


def test_walkie_talkie_has_one_spelling_on_screen():
    shown = " ".join(meter.meter_html(voice.analyze(t)) for t in (BULLHORN, WALKIE, "Thanks!", ""))
    assert "walkie talkie" not in shown.lower() and "walkie-talkie" in shown.lower()


# --- the view ----------------------------------------------------------------------------------

def test_view_follows_reports_and_the_toggle_keeps_its_state_while_typing():
    m = VoiceMeter()
    m.show(voice.analyze(BULLHORN))
    assert m.verdict == "bullhorn" and m._toggle not in () and m._all not in m.children
    assert "sll-meter-signals" not in m.value
    m._toggle.value = True  # a click (or Space/Enter on the focused button)
    assert m.expanded and m._all in m.children and m._toggle.description == "Hide every signal"
    assert "sll-meter-signals" in m.value
    m.show(voice.analyze(WALKIE))  # typing on: the list stays open and follows the draft
    assert m.verdict == "walkie-talkie" and m.expanded and "Invitation to reply" in m._all.value
    m._toggle.value = False
    assert not m.expanded and m._all not in m.children and m._toggle.description == "Show every signal"


def test_closed_meter_does_not_render_the_full_list_on_each_keystroke():
    m = VoiceMeter()
    m.show(voice.analyze(BULLHORN))
    assert m._all is None  # not even made until the learner opens it


# --- the views that use it ---------------------------------------------------------------------

def _studio(workbook):
    from widgets.exercises import RewriteStudioExercise

    view = RewriteStudioExercise.from_dataset(workbook=workbook)
    return view, view._draft, view._meter


def _robot(workbook):
    from widgets.exercises.robot import RobotOrHumanExercise

    view = RobotOrHumanExercise.from_dataset(workbook=workbook)
    view.go(next(i for i, m in enumerate(view.spec.messages) if m.label == "robot"))
    view.mark("robot")  # a robotic message sorted: the rewrite picker now offers it
    return view, view._draft, view._live


def _connector(workbook):
    from widgets.exercises.connector import ConnectorExercise

    view = ConnectorExercise.from_dataset(workbook=workbook)
    return view, view._draft, view._live


def _character(workbook):
    from widgets.exercises.character import CharacterCheckExercise

    view = CharacterCheckExercise.from_dataset(workbook=workbook)
    view._sample.click()
    return view, view._draft, view._voice


@pytest.mark.parametrize("build", [
    pytest.param(_studio, id="rewrite-studio"),
    pytest.param(_robot, id="robot-rewrite"),
    pytest.param(_connector, id="introductions"),
    pytest.param(_character, id="character-check"),
])
def test_every_view_shows_the_same_meter_and_it_follows_typing(workbook, build):
    view, draft, shown = build(workbook)
    assert isinstance(shown, VoiceMeter)
    draft.value = "<script>alert(1)</script> " + BULLHORN
    assert shown.verdict == "bullhorn" and stop_on(shown.value) == "bullhorn"
    assert "<script" not in shown.value and "&lt;script&gt;" in shown.value or "sll-highlighted" not in shown.value
    shown._toggle.value = True
    draft.value = WALKIE
    assert shown.verdict == "walkie-talkie" and stop_on(shown.value) == "walkie-talkie"
    assert marker_at(shown.value) == 87.5 and "sll-meter-signals" in shown.value
    assert "walkie talkie" not in shown.value.lower()


# --- the before/after chart --------------------------------------------------------------------

def test_before_after_chart_shows_an_improvement_as_longer_bars():
    from widgets import charts

    result = voice.compare(BULLHORN, WALKIE)
    before, after = charts.compare_figure_data(result.changes)["data"]
    assert min(before["x"]) >= 1 and min(after["x"]) >= 1  # a red signal still has a visible bar
    for change, b, a in zip(result.changes, before["x"], after["x"]):
        assert (a > b) == (change.direction == "better") and (a < b) == (change.direction == "worse")
    assert before["text"][before["y"].index("Hard sell")] == "needs work"
    # The series do not wear the lights' colours, which would contradict the axis.
    assert {before["marker"]["color"], after["marker"]["color"]}.isdisjoint(
        {"#b23a48", "#2d6a4f", "red", "green", "#d8f3dc", "#ffd6d6"})
    charts.figure(charts.compare_figure_data(result.changes))  # plotly validates every property


def test_the_meter_and_subject_rule_are_pure():
    import subprocess
    import sys

    code = ("import sys; import widgets.meter, widgets.subject, widgets.rewrite, widgets.charts; "
            "assert 'ipywidgets' not in sys.modules, 'pure modules imported ipywidgets'")
    subprocess.run([sys.executable, "-c", code], check=True)
