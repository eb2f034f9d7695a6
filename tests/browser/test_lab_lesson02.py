"""JupyterLab opens Lesson 02, runs every cell, and the live benefit ladder answers typing."""


import pytest
from playwright.sync_api import expect

import harness

LESSON02 = "02_culture.ipynb"
LADDER = ".sll-benefit-ladder"
RUNG = "So you can hang the picture your mother painted"


@pytest.mark.browser
def test_lab_runs_lesson02_and_ladder_answers_typing(servers, page):
    lesson = harness.LESSONS_DIR / LESSON02
    if not lesson.exists():
        pytest.fail(f"{lesson} does not exist", pytrace=False)
    lab = servers("lab", lesson.parent)
    page.goto(harness.lab_notebook_url(lab, LESSON02))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-Cell").first).to_be_visible()
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)

    # Stored outputs (the lesson is committed executed) must not pass for live widgets.
    harness.run_lab_command(page, "Edit", "Clear Outputs of All Cells")
    expect(notebook.locator(LADDER)).to_have_count(0)
    harness.run_lab_command(page, "Run", "Run All Cells")

    rung_input = notebook.locator(f"{LADDER} .sll-rung-input input")
    expect(rung_input).to_have_count(1)
    rung_input.scroll_into_view_if_needed()  # Lab skips rendering off-screen cells (content-visibility)
    expect(rung_input).to_be_visible()
    expect(notebook.locator(".sll-check")).to_have_count(1)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)
    assert harness.traceback_text(page) == []
    expect(notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)

    rung_input.press_sequentially(RUNG)
    live = notebook.locator(f'{LADDER} .sll-rung-live [data-chars="{len(RUNG)}"]')
    expect(live).to_have_count(1)
    assert live.get_attribute("data-kind") == "benefit"
