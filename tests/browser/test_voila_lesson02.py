"""Voila renders Lesson 02 cleanly, and typing a rung classifies it live with its cues."""

import pytest
from playwright.sync_api import expect

import harness

LESSON02 = "02_culture.ipynb"
RUNG_INPUT = ".sll-benefit-ladder .sll-rung-input input"
RUNG = "A cordless drill with an 18 V battery"


@pytest.mark.browser
def test_voila_renders_lesson02_and_ladder_classifies_typing(voila_lessons, page, console):
    if not (harness.LESSONS_DIR / LESSON02).exists():
        pytest.fail(f"{LESSON02} does not exist", pytrace=False)
    page.goto(f"{voila_lessons.url}/voila/render/{LESSON02}")
    harness.wait_voila_rendered(page, ".sll-check")
    expect(page.locator(RUNG_INPUT)).to_be_visible()
    expect(page.locator(".sll-culture-canvas")).to_be_visible()
    assert harness.traceback_text(page) == []

    page.locator(RUNG_INPUT).press_sequentially(RUNG)
    live = page.locator(f'.sll-benefit-ladder .sll-rung-live [data-chars="{len(RUNG)}"]')
    expect(live).to_have_count(1)
    assert live.get_attribute("data-kind") == "feature"
    expect(live.locator("mark.sll-cue-feature").first).to_be_visible()

    page.locator(".sll-benefit-ladder button", has_text="Add rung").click()
    expect(page.locator(".sll-benefit-ladder .sll-ladder-view .sll-rung")).to_have_count(1)
    expect(page.locator(".sll-benefit-ladder .sll-feedback")).to_contain_text("so that")
    assert console.errors == [], "\n".join(console.errors)
