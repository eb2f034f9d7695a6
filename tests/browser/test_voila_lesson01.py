"""Voila renders Lesson 01 cleanly, and typing a rewrite moves the voice meter."""

import pytest
from playwright.sync_api import expect

import harness

REWRITE = "What is one thing that worked for your team this week?"


@pytest.mark.browser
def test_voila_renders_lesson01_and_meter_follows_typing(voila_lessons, page, console):
    page.goto(f"{voila_lessons.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(page, harness.DRAFT)
    expect(page.locator(harness.LISTENING_LAB)).to_be_visible()
    assert harness.traceback_text(page) == []

    draft = page.locator(harness.DRAFT)
    draft.fill("")
    expect(page.locator(harness.meter_reading(0))).to_have_count(1)
    draft.press_sequentially(REWRITE)

    reading = page.locator(harness.meter_reading(len(REWRITE)))
    expect(reading).to_have_count(1)
    assert reading.get_attribute("data-verdict") in harness.VERDICTS
    assert reading.get_attribute("data-verdict") != "none"
    assert console.errors == [], "\n".join(console.errors)
