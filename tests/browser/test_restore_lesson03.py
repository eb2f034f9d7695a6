"""A playbook built in Voila survives a reload: saved on every click, restored in order by the new kernel."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

import harness

LESSON03 = "03_community.ipynb"
PLAYBOOK = ".sll-welcome-playbook"
STEPS = f"{PLAYBOOK} .sll-playbook-step"
OWN_STEP = "Ask what brought them to my page"


@pytest.mark.browser
def test_reload_restores_lesson03_playbook(servers, page):
    lesson = harness.LESSONS_DIR / LESSON03
    if not lesson.exists():
        pytest.fail(f"{lesson} does not exist", pytrace=False)
    # Its own server, so its own fresh SOCIAL_LAB_HOME: no earlier playbook can satisfy the check.
    voila = servers("voila", Path(lesson).parent, key="restore03")
    page.goto(f"{voila.url}/voila/render/{LESSON03}")
    harness.wait_voila_rendered(page, f"{PLAYBOOK} .sll-own-step input")
    playbook = page.locator(PLAYBOOK)

    playbook.get_by_role("button", name="Add suggested step").click()
    expect(page.locator(STEPS)).to_have_count(1)
    playbook.locator(".sll-own-step input").fill(OWN_STEP)
    playbook.get_by_role("button", name="Add my step").click()
    expect(page.locator(STEPS)).to_have_count(2)
    # Keyboard: move the learner's own step to the top with Tab-reachable buttons and Enter.
    up = page.locator(STEPS).nth(1).get_by_role("button", name="Up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator(STEPS).first).to_contain_text(OWN_STEP)
    expect(playbook.locator(".sll-save-status")).to_contain_text("Saved")

    page.reload()
    harness.wait_voila_rendered(page, f"{PLAYBOOK} .sll-own-step input")
    expect(page.locator(STEPS)).to_have_count(2)
    expect(page.locator(STEPS).first).to_contain_text(OWN_STEP)
