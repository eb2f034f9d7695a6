"""Voila renders Lesson 01 cleanly, and typing a rewrite moves the voice meter's marker and words."""

import pytest
from playwright.sync_api import expect

import harness

BULLHORN = "BUY NOW!!! 50% OFF everything, link in bio #sale #deal #shop"
REWRITE = "What is one thing that worked for your team this week?"
METER = harness.METER


def marker_x(page) -> float:
    box = page.locator(f"{METER} .sll-meter-head .sll-meter-marker").bounding_box()
    assert box is not None, "the scale shows a marker"
    return box["x"] + box["width"] / 2


@pytest.mark.browser
def test_voila_renders_lesson01_and_meter_follows_typing(voila_lessons, page, console):
    page.goto(f"{voila_lessons.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(page, harness.DRAFT)
    expect(page.locator(harness.LISTENING_LAB)).to_be_visible()
    assert harness.traceback_text(page) == []

    draft = page.locator(harness.DRAFT)
    draft.fill("")
    expect(page.locator(harness.meter_reading(0))).to_have_count(1)
    expect(page.locator(f"{METER} .sll-meter-marker")).to_have_count(0)  # no reading, no marker

    draft.fill(BULLHORN)
    expect(page.locator(harness.meter_reading(len(BULLHORN)))).to_have_attribute("data-verdict", "bullhorn")
    verdict = page.locator(f"{METER} .sll-meter-verdict")
    expect(verdict).to_contain_text("Bullhorn")
    expect(page.locator(f"{METER} .sll-meter-stop--on")).to_have_text("Bullhorn")
    expect(page.locator(f"{METER} .sll-meter-moves li").first).to_contain_text("Hard sell")
    left = marker_x(page)

    draft.fill("")
    expect(page.locator(harness.meter_reading(0))).to_have_count(1)
    draft.press_sequentially(REWRITE)
    reading = page.locator(harness.meter_reading(len(REWRITE)))
    expect(reading).to_have_attribute("data-verdict", "walkie-talkie")
    expect(verdict).to_contain_text("Walkie-talkie")
    expect(verdict).not_to_contain_text("Bullhorn")
    expect(page.locator(f"{METER} .sll-meter-stop--on")).to_have_text("Walkie-talkie")
    page.wait_for_function(  # the marker slides (a 0.2 s transition) to the last of four stops
        "([sel, x]) => { const b = document.querySelector(sel).getBoundingClientRect();"
        " return b.x + b.width / 2 > x + 100; }",
        arg=[f"{METER} .sll-meter-head .sll-meter-marker", left])
    scale = page.locator(f"{METER} .sll-meter-scale").bounding_box()
    assert marker_x(page) > scale["x"] + 0.75 * scale["width"], "the marker sits on the walkie-talkie stop"

    # Every signal is one keyboard press away, and stays open while the learner types on.
    toggle = page.locator(f"{METER} .sll-meter-toggle")
    expect(toggle).to_have_text("Show every signal")
    toggle.focus()
    page.keyboard.press("Enter")
    signals = page.locator(f"{METER} .sll-meter-all .sll-meter-signals > ul > li")
    expect(signals).to_have_count(11)
    expect(toggle).to_have_text("Hide every signal")
    draft.press_sequentially(" Mine")
    expect(page.locator(harness.meter_reading(len(REWRITE) + 5))).to_have_count(1)
    expect(signals).to_have_count(11)
    # The open meter (scale, moves, every signal, the research) meets WCAG AA as axe reads it.
    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)
    assert console.errors == [], "\n".join(console.errors)
