"""Lesson 02 pure logic: what people buy, the content mix, canvas, pillars, character and daily-life mining."""

from __future__ import annotations

import subprocess
import sys

import pytest

from widgets.buying import (check_order, classify_post, judge_mix, load_buying, mix_figure_data, split_posts)
from widgets.canvas import check_canvas, check_pillars, load_canvas, pillars_result, suggest_pillars
from widgets.character import check_character
from widgets.mining import load_mining, mine_week

BAD = [
    pytest.param("", id="empty"),
    pytest.param("x " * 25_000, id="50k-paste"),
    pytest.param("😀👨‍👩‍👧 hello", id="emoji-zwj"),
    pytest.param("مرحبا بكم في المجتمع", id="right-to-left"),
    pytest.param("\x00\x1b[31mred\x07", id="control-chars"),
    pytest.param("<script>alert(1)</script><img src=x onerror=alert(1)>", id="markup"),
]


@pytest.mark.parametrize("text, kind", [
    pytest.param("Our new course launches Monday: 20% off for the first 50 sign-ups!", "solution", id="launch-discount"),
    pytest.param("Book your spot now, only 3 spots left. Link in bio.", "solution", id="scarcity-pitch"),
    pytest.param("What's the first dish you ever cooked for someone you love?", "relationship", id="question"),
    pytest.param("Thank you to everyone who came on Saturday. Proud of this group.", "relationship", id="thanks"),
    pytest.param("The lesson I learned: start with one habit, not five.", "direction", id="lesson"),
    pytest.param("Stop chasing followers. Focus on the ten people who reply.", "direction", id="advice"),
    pytest.param("Tip: the reason most people quit is they start too big. Focus on one thing.", "direction", id="tip"),
    pytest.param("", "unclear", id="empty"),
    pytest.param("🍞🍞🍞", "unclear", id="emoji-only"),
])
def test_classify_post(text, kind):
    result = classify_post(text)
    assert result.kind == kind
    for start, end, k in result.spans:
        assert k == kind and 0 <= start < end <= len(result.text)
    if kind != "unclear":
        assert result.reasons


@pytest.mark.parametrize("pasted, count", [
    pytest.param("one\ntwo\nthree", 3, id="one-per-line"),
    pytest.param("first post\nstill first\n\nsecond post", 2, id="blank-line-separated"),
    pytest.param("\n\n\n", 0, id="only-blank-lines"),
    pytest.param("a\n" * 500, 40, id="capped-at-40"),
    pytest.param("one\r\ntwo\r\n", 2, id="windows-newlines"),
])
def test_split_posts(pasted, count):
    posts, _ = split_posts(pasted)
    assert len(posts) == count


@pytest.mark.parametrize("pasted, status, says", [
    pytest.param("", "empty", "Paste", id="nothing"),
    pytest.param("Buy now, 20% off!\nOur new course launches today, sign up.\nLimited offer: book your spot.\n"
                 "What do you think?", "incorrect", "pitching before people know you", id="mostly-solutions"),
    pytest.param("Lesson: start small.\nFocus on one habit.\nStop chasing numbers.", "partial", "never meet you",
                 id="no-relationship"),
    pytest.param("The lesson I learned this year: start small.\nWhat was your first win?\nThanks to everyone who came!\n"
                 "Stop chasing followers; focus on the people who reply.", "correct", "leads with direction",
                 id="healthy-mix"),
    pytest.param("What's your story?", "partial", "too few", id="too-few"),
])
def test_judge_mix_says_what_the_order_implies(pasted, status, says):
    mix = judge_mix(pasted)
    assert mix.feedback.status == status
    assert says in mix.feedback.message


@pytest.mark.parametrize("value", BAD)
def test_mix_and_post_survive_bad_input(value):
    mix = judge_mix(value)
    assert mix.feedback.status in ("empty", "partial", "correct", "incorrect")
    classify_post(value)


def test_mix_figure_is_a_valid_plotly_figure():
    from widgets import charts

    data = mix_figure_data({"direction": 2, "relationship": 1, "solution": 3, "unclear": 1})
    figure = charts.figure(data)
    assert list(figure.data[0].x) == ["Direction", "Relationship", "Solution", "Unclear"]


@pytest.mark.parametrize("answer, status", [
    pytest.param(["direction", "relationship", "solution"], "correct", id="right-order"),
    pytest.param(["solution", "relationship", "direction"], "incorrect", id="pitch-first"),
    pytest.param(["direction", "solution", "relationship"], "partial", id="direction-first-only"),
    pytest.param([], "empty", id="unanswered"),
    pytest.param(["", "", ""], "empty", id="blank-slots"),
    pytest.param(["direction", "direction", "solution"], "invalid", id="repeated"),
    pytest.param(["direction", "relationship", "pizza"], "invalid", id="unknown-id"),
])
def test_check_order(answer, status):
    feedback = check_order(load_buying(), answer)
    assert feedback.status == status
    if status in ("incorrect", "partial"):
        assert all("is not number" in d for d in feedback.details)


def test_canvas_checks():
    spec = load_canvas()
    assert check_canvas(spec, {}).status == "empty"
    assert check_canvas(spec, {"nonsense": 3, 4: "x"}).status == "empty"
    assert check_canvas(spec, spec.sample).status == "correct"
    half = {k: v for k, v in spec.sample.items() if k in ("essence", "believe", "value", "get", "know", "understand",
                                                           "learn")}
    partial = check_canvas(spec, half)
    assert partial.status == "partial" and any("Ideas" in d for d in partial.details)
    slogan = check_canvas(spec, {**spec.sample, "believe": "We are the best, world-class and revolutionary"})
    assert slogan.status == "partial" and any("slogan" in d for d in slogan.details)


def test_pillars_from_the_canvas_and_their_check():
    spec = load_canvas()
    assert suggest_pillars(spec, spec.sample)[0].startswith("Ideas:")
    assert check_pillars(list(spec.model_pillars), list(spec.model_traditions)).status == "correct"
    assert check_pillars([], []).status == "empty"
    thin = check_pillars([{"name": "Stories", "ideas": ["one"]}], ["a question"])
    assert thin.status == "partial"
    assert any("two or more" in d for d in thin.details) and any("3–5" in d for d in thin.details)
    assert any("when" in d for d in thin.details)
    too_many = [{"name": f"P{i}", "ideas": ["a", "b"]} for i in range(7)]
    assert any("a lot" in d for d in check_pillars(too_many, ["every Monday"]).details)
    result = pillars_result(list(spec.model_pillars), list(spec.model_traditions))
    assert result["title"] and result["items"][0][0] == spec.model_pillars[0]["name"]


CANVAS = {"essence": "Unhurried dinners with the people you love", "believe": "Anyone can cook dinner fast",
          "stories": "Kitchen disasters and family dinners"}


@pytest.mark.parametrize("draft, verdict", [
    pytest.param("What did you cook for dinner with your family tonight?", "in", id="fits-and-invites"),
    pytest.param("LAST CHANCE!!! 40% off pans, link in bio #sale", "out", id="panic-sale"),
    pytest.param("Here is my opinion on the football results.", "out", id="nothing-to-do-with-it"),
    pytest.param("Family dinners matter. Buy my cookbook today, link in bio!", "out", id="pitch-with-one-match"),
    pytest.param("", "none", id="empty-draft"),
])
def test_character_check(draft, verdict):
    report = check_character(draft, CANVAS, ["Cooking classes", "So you can cook dinner fast"])
    assert report.verdict == verdict
    for start, end, kind in report.marks:
        assert kind in ("match", "clash") and report.text[start:end].strip()


def test_character_check_without_a_culture_says_so():
    report = check_character("What did you cook tonight?", {}, [])
    assert report.verdict == "none" and report.feedback.status == "empty"
    assert "sample canvas" in report.feedback.message


@pytest.mark.parametrize("value", BAD)
def test_character_check_survives_bad_input(value):
    assert check_character(value, CANVAS).verdict in ("in", "out", "mixed", "none")


def test_mining_links_ideas_to_pillars():
    spec = load_mining()
    ideas, feedback = mine_week(spec, spec.example_week, [{"name": "Drill stories", "ideas": ["ladder mishaps"]}])
    assert len(ideas) == 4 and feedback.status == "correct"
    assert {i.pillar for i in ideas} >= {"Drill stories", ""}
    assert all(i.note in i.idea for i in ideas)
    assert mine_week(spec, {}, [])[1].status == "empty"
    ideas, _ = mine_week(spec, {"moments": "a\n" * 100, "stories": 5}, None)
    assert len(ideas) == 30


def test_lesson02_pure_modules_do_not_import_ipywidgets():
    code = ("import sys, widgets.ladder, widgets.buying, widgets.canvas, widgets.character, widgets.mining; "
            "assert 'ipywidgets' not in sys.modules, 'pure modules imported ipywidgets'; "
            "assert 'plotly' not in sys.modules, 'plotly must load only when a chart is drawn'")
    subprocess.run([sys.executable, "-c", code], check=True)
