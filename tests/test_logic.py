"""Pure exercise logic: checks, tallies, cleaning, escaping and chart data, as tables."""

from __future__ import annotations

import subprocess
import sys

import pytest

from widgets import charts, voice
from widgets.brief import check_answer, load_finder
from widgets.feedback import Feedback, clean_text
from widgets.listening import check_mark, load_timeline, summarize, tally
from widgets.markup import card_html, feedback_html, highlight
from widgets.meter import meter_html
from widgets.quiz import check_choice, load_choices

QUESTION = load_choices("lesson01/check.yaml")[0]
TIMELINE = load_timeline()
FINDER = load_finder()
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><svg onload=alert(1)>"]


@pytest.mark.parametrize("answer,status", [
    pytest.param(None, "empty", id="nothing-chosen-is-not-wrong"),
    pytest.param("", "empty", id="blank-string-is-not-wrong"),
    pytest.param("b", "correct", id="right-option"),
    pytest.param("a", "incorrect", id="wrong-option"),
    pytest.param("zz", "invalid", id="unknown-option-id"),
])
def test_check_choice(answer, status):
    assert check_choice(QUESTION, answer).status == status


def test_check_choice_explains_the_chosen_option():
    feedback = check_choice(QUESTION, "a")
    assert QUESTION.option("a").explanation in feedback.details[0]


@pytest.mark.parametrize("mark,status", [
    pytest.param(None, "empty", id="unmarked"),
    pytest.param("broadcast", "correct", id="right-mark"),
    pytest.param("human", "incorrect", id="wrong-mark"),
    pytest.param("maybe", "invalid", id="not-a-mark"),
])
def test_check_mark(mark, status):
    item = TIMELINE.item("t02")
    feedback = check_mark(item, mark)
    assert feedback.status == status
    if status in ("correct", "incorrect"):
        assert feedback.details == (item.why,), "every mark explains why"


def test_tally_counts_right_wrong_and_unmarked():
    marks = {"t01": "human", "t02": "human", "t03": "human", "nope": "human"}
    t = tally(TIMELINE, marks)
    assert (t.right, t.wrong, t.unmarked) == (2, 1, len(TIMELINE.items) - 3)
    assert (t.marked_human, t.marked_broadcast) == (3, 0)
    assert not t.done


def test_summary_when_done_names_the_score():
    marks = {i.id: i.label for i in TIMELINE.items}
    assert summarize(TIMELINE, marks).startswith(f"{len(TIMELINE.items)} of {len(TIMELINE.items)} right")


@pytest.mark.parametrize("qid,answer,status", [
    pytest.param("help", "", "empty", id="blank"),
    pytest.param("help", "   \n ", "empty", id="whitespace-only"),
    pytest.param("help", "Buy my course", "incorrect", id="selling-words"),
    pytest.param("help", "Share a 20% off coupon for newsletter readers every week", "incorrect",
                 id="discount-is-selling"),
    pytest.param("voice", "I care", "partial", id="too-thin"),
    pytest.param("help", "Answer questions under other people's posts about focus every week", "correct",
                 id="real-help"),
    pytest.param("help", "Offering my notes: answering questions about sourdough starters for beginners",
                 "correct", id="sales-words-match-whole-words-only"),
    pytest.param("conversation", "ruby on rails for nonprofits", "correct", id="niche-narrowed"),
])
def test_check_answer(qid, answer, status):
    q = next(q for q in FINDER.questions if q.id == qid)
    assert check_answer(FINDER, q, answer).status == status


@pytest.mark.parametrize("raw,expected,noted", [
    pytest.param("plain", "plain", False, id="untouched"),
    pytest.param("a\x00b\x1bc", "abc", True, id="control-chars-removed"),
    pytest.param("line\nnext\tt", "line\nnext\tt", False, id="newline-and-tab-kept"),
    pytest.param(None, "", False, id="none-is-empty"),
    pytest.param("x" * 50_000, "x" * 5000, True, id="huge-paste-truncated"),
    pytest.param("👩‍👩‍👧 שלום مرحبا", "👩‍👩‍👧 שלום مرحبا", False, id="emoji-zwj-and-rtl-kept"),
])
def test_clean_text(raw, expected, noted):
    text, note = clean_text(raw)
    assert text == expected
    assert (note is not None) == noted


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_html_builder_escapes_learner_text(hostile):
    outputs = [
        feedback_html(Feedback("incorrect", hostile, (hostile,))),
        highlight(hostile, [(0, 4, "red")]),
        card_html(hostile, hostile, hostile, hostile),
        meter_html(voice.analyze(hostile + " Buy now!!!")),
    ]
    for out in outputs:
        assert "<script" not in out and "<img" not in out and "<svg" not in out


def test_highlight_wraps_exact_spans_and_worst_light_wins():
    out = highlight("ab cd", [(0, 2, "amber"), (1, 2, "red")])
    assert out.startswith("<mark class='sll-mark-amber'") and ">a</mark>" in out
    assert "sll-mark-red" in out and ">b</mark>" in out and out.endswith(" cd")


@pytest.mark.parametrize("data", [
    pytest.param(charts.tally_figure_data(3, 1, 8), id="tally"),
    pytest.param(charts.compare_figure_data(voice.compare("BUY NOW!!! 50% OFF", "What helps you focus?").changes),
                 id="compare"),
])
def test_chart_dicts_are_valid_plotly_figures(data):
    fig = charts.figure(data)  # plotly validates every property and raises on a bad one
    assert len(fig.data) >= 2


def test_pure_modules_do_not_import_ipywidgets():
    code = ("import sys, widgets, widgets.voice, widgets.content, widgets.quiz, widgets.listening, "
            "widgets.brief, widgets.rewrite, widgets.markup, widgets.charts, widgets.workbook, widgets.feedback; "
            "assert 'ipywidgets' not in sys.modules, 'pure modules imported ipywidgets'; "
            "assert 'plotly' not in sys.modules, 'plotly must load only when a chart is drawn'")
    subprocess.run([sys.executable, "-c", code], check=True)
