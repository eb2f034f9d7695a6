"""axe-core finds no serious or critical accessibility violations in Lesson 01 under Voila."""

import pytest
from playwright.sync_api import expect

import harness


@pytest.mark.browser
def test_voila_lesson01_has_no_serious_axe_violations(voila_lessons, page):
    page.goto(f"{voila_lessons.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(page, harness.DRAFT)
    expect(page.locator(harness.LISTENING_LAB)).to_be_visible()

    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)
