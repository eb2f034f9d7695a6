"""axe-core finds no serious or critical accessibility violations in Lesson 03 under Voila."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

import harness

LESSON03 = "03_community.ipynb"


@pytest.mark.browser
def test_voila_lesson03_has_no_serious_axe_violations(servers, page):
    lesson = harness.LESSONS_DIR / LESSON03
    if not lesson.exists():
        pytest.fail(f"{lesson} does not exist", pytrace=False)
    voila = servers("voila", Path(lesson).parent)
    page.goto(f"{voila.url}/voila/render/{LESSON03}")
    harness.wait_voila_rendered(page, ".sll-check .sll-choice")
    expect(page.locator(".sll-connector")).to_be_visible()
    # Open what appears on interaction too: a sorted message's highlights and a filled playbook row.
    page.locator(".sll-robot-or-human .sll-mark-robot").click()
    expect(page.locator(".sll-robot-or-human .sll-feedback [data-status]").first).to_be_visible()
    page.locator(".sll-welcome-playbook").get_by_role("button", name="Add suggested step").click()
    expect(page.locator(".sll-playbook-step")).to_have_count(1)

    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)
