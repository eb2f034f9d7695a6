"""A draft typed in Voila survives a reload: autosave flushes, the new kernel restores it."""

import pytest
from playwright.sync_api import expect

import harness

DRAFT_TEXT = "Restore check: what would you ask your newest follower?"


@pytest.mark.browser
def test_reload_restores_lesson01_draft(servers, lesson01, page):
    # Its own server, so its own fresh SOCIAL_LAB_HOME: no earlier draft can satisfy the check.
    voila = servers("voila", lesson01.parent, key="restore")
    page.goto(f"{voila.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(page, harness.DRAFT)

    autosave = harness.AutosaveProbe(page)
    autosave.expect_length(len(DRAFT_TEXT))
    page.locator(harness.DRAFT).fill(DRAFT_TEXT)
    expect(page.locator(harness.meter_reading(len(DRAFT_TEXT)))).to_have_count(1)
    autosave.wait_saved()
    expect(page.locator(harness.SAVE_STATUS)).to_contain_text("Saved")

    page.reload()
    harness.wait_voila_rendered(page, harness.DRAFT)
    expect(page.locator(harness.DRAFT)).to_have_value(DRAFT_TEXT)
