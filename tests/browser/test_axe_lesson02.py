"""axe-core finds no serious or critical accessibility violations in Lesson 02 under Voila."""

import pytest
from playwright.sync_api import expect

import harness

LESSON02 = "02_culture.ipynb"


@pytest.mark.browser
def test_voila_lesson02_has_no_serious_axe_violations(voila_lessons, page):
    if not (harness.LESSONS_DIR / LESSON02).exists():
        pytest.fail(f"{LESSON02} does not exist", pytrace=False)
    page.goto(f"{voila_lessons.url}/voila/render/{LESSON02}")
    harness.wait_voila_rendered(page, ".sll-check")
    expect(page.locator(".sll-benefit-ladder")).to_be_visible()
    # Open a worked ladder so its highlighted cues are audited too.
    page.locator(".sll-ladder-examples select").select_option(label="A drill (the classic)")
    expect(page.locator(".sll-ladder-example .sll-rung")).to_have_count(4)

    # Every serious or critical violation fails (the growth model uses labelled toggle buttons, not sliders).
    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)
