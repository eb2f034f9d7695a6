"""axe-core finds no serious or critical accessibility violations in Lesson 00 under Voila."""

import pytest
from playwright.sync_api import expect

import harness


@pytest.mark.browser
def test_voila_lesson00_has_no_serious_axe_violations(voila_lessons, page):
    page.goto(f"{voila_lessons.url}/voila/render/00_start_here.ipynb")
    harness.wait_voila_rendered(page, ".sll-lesson-nav")
    expect(page.locator(".sll-stage-assessment")).to_be_visible()
    expect(page.locator(".sll-course-map")).to_be_visible()

    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)
