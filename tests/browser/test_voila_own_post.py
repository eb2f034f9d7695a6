"""A learner pastes their own post in the rewrite studio, rewrites it, and finds both again after a reload."""

import pytest
from playwright.sync_api import expect

import harness

OWN_BEFORE = "Our cafe now does OAT MILK flat whites!!! Come try them TODAY #coffee #cafe #oatmilk"
OWN_AFTER = ("We switched our flat whites to oat milk after three of you asked. It steams better than I expected. "
             "Which milk do you take in your coffee?")
OWN_BOX = f"{harness.STUDIO} .sll-own-post textarea"
ORIGINAL = f"{harness.STUDIO} .sll-original-meter"


@pytest.mark.browser
def test_own_post_is_rewritten_checked_and_restored(servers, lesson01, page, console):
    # The restore scenario's server: both leave the studio in a state the other copes with.
    voila = servers("voila", lesson01.parent, key="restore")
    page.goto(f"{voila.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(page, harness.DRAFT)
    expect(page.locator(OWN_BOX)).to_have_count(0)  # only there once the learner asks for it

    page.locator(f"{harness.STUDIO} .sll-post-picker select").select_option(label="8. My own post")
    page.locator(OWN_BOX).fill(OWN_BEFORE)
    expect(page.locator(f"{ORIGINAL} [data-chars='{len(OWN_BEFORE)}']")).to_have_attribute("data-verdict", "bullhorn")

    draft = page.locator(harness.DRAFT)
    draft.fill("What helps you focus at work? Mine is a walk at lunch.")
    page.locator(harness.STUDIO).get_by_role("button", name="Check", exact=True).click()
    expect(page.locator(f"{harness.STUDIO} .sll-feedback")).to_contain_text("different post")

    draft.fill(OWN_AFTER)
    expect(page.locator(harness.meter_reading(len(OWN_AFTER)))).to_have_attribute("data-verdict", "walkie-talkie")
    page.locator(harness.STUDIO).get_by_role("button", name="Check", exact=True).click()
    expect(page.locator(f"{harness.STUDIO} .sll-feedback [data-status='correct']")).to_have_count(1)
    expect(page.locator(harness.SAVE_STATUS)).to_contain_text("Saved")
    # Checked before the reload: leaving the page asks Voila to shut its kernel down, refused with a 403.
    assert console.errors == [], "\n".join(console.errors)

    page.reload()
    harness.wait_voila_rendered(page, harness.DRAFT)
    expect(page.locator(OWN_BOX)).to_have_value(OWN_BEFORE)
    expect(page.locator(harness.DRAFT)).to_have_value(OWN_AFTER)
    expect(page.locator(f"{ORIGINAL} [data-verdict='bullhorn']")).to_have_count(1)
