"""Voila renders Lesson 00; answering the stage self-assessment shows the stage and draws the radar chart."""

import pytest
from playwright.sync_api import expect

import harness

LESSON00 = "00_start_here.ipynb"
ASSESSMENT = ".sll-stage-assessment"
# Option index per axis (0 = first option, scored 0): Audience 2, Replies 2, Relationships 1, Offers 0.
ANSWERS = {"audience": 2, "replies": 2, "relationships": 1, "offers": 0}


@pytest.mark.browser
def test_voila_lesson00_assessment_draws_the_radar(voila_lessons, page, console):
    page.goto(f"{voila_lessons.url}/voila/render/{LESSON00}")
    harness.wait_voila_rendered(page, ".sll-lesson-nav")
    expect(page.locator(ASSESSMENT)).to_be_visible()
    expect(page.locator(".sll-course-map [data-status]").first).to_be_visible()
    assert harness.traceback_text(page) == []
    expect(page.locator(f"{ASSESSMENT} .js-plotly-plot")).to_have_count(0)

    for axis, index in ANSWERS.items():
        page.locator(f"{ASSESSMENT} .sll-stage-{axis} input[type=radio]").nth(index).check()

    expect(page.locator(f"{ASSESSMENT} .sll-stage-result [data-stage='social-leadership']")).to_have_count(1)
    expect(page.locator(f"{ASSESSMENT} .sll-stage-result")).to_contain_text("Social Leadership")
    expect(page.locator(f"{ASSESSMENT} .sll-stage-chart .js-plotly-plot")).to_have_count(1)
    expect(page.locator(f"{ASSESSMENT} .sll-stage-chart .js-plotly-plot")).to_be_visible()
    # The next/previous links are relative, so they stay inside /voila/render/.
    nxt = page.locator(".sll-lesson-nav a.sll-next")
    assert nxt.get_attribute("href") == "01_conversation.ipynb"
    assert page.evaluate("a => a.href", nxt.element_handle()).endswith("/voila/render/01_conversation.ipynb")
    assert console.errors == [], "\n".join(console.errors)
