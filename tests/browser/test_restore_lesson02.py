"""A ladder built in Voila survives a reload: the rungs are saved and the new kernel restores them."""

import pytest
from playwright.sync_api import expect

import harness

LESSON02 = "02_culture.ipynb"
LADDER = ".sll-benefit-ladder"
RUNG_INPUT = f"{LADDER} .sll-rung-input input"
RUNGS = ("Weekly pottery classes", "You make a mug with your own hands")


@pytest.mark.browser
def test_reload_restores_lesson02_ladder(servers, page):
    lesson = harness.LESSONS_DIR / LESSON02
    if not lesson.exists():
        pytest.fail(f"{lesson} does not exist", pytrace=False)
    # Its own server, so its own fresh SOCIAL_LAB_HOME: no earlier ladder can satisfy the check.
    voila = servers("voila", lesson.parent, key="restore-lesson02")
    page.goto(f"{voila.url}/voila/render/{LESSON02}")
    harness.wait_voila_rendered(page, RUNG_INPUT)

    for count, rung in enumerate(RUNGS, 1):
        page.locator(RUNG_INPUT).fill(rung)
        expect(page.locator(f'{LADDER} .sll-rung-live [data-chars="{len(rung)}"]')).to_have_count(1)
        page.locator(f"{LADDER} button", has_text="Add rung").click()
        expect(page.locator(f"{LADDER} .sll-ladder-view .sll-rung")).to_have_count(count)
    # Adding a rung saves at once (no debounce): the status reports it.
    expect(page.locator(f"{LADDER} .sll-save-status")).to_contain_text("Saved")

    page.reload()
    harness.wait_voila_rendered(page, RUNG_INPUT)
    rungs = page.locator(f"{LADDER} .sll-ladder-view .sll-rung")
    expect(rungs).to_have_count(2)
    expect(rungs.first).to_contain_text("hands")
    expect(rungs.last).to_contain_text("pottery")
