"""JupyterLab opens Lesson 01, runs every cell, and the live rewrite studio answers typing."""


import pytest
from playwright.sync_api import expect

import harness

REWRITE = "Which part of this would you push back on?"


@pytest.mark.browser
def test_lab_runs_lesson01_and_studio_answers_typing(servers, lesson01, page):
    lab = servers("lab", lesson01.parent)
    page.goto(harness.lab_notebook_url(lab, harness.LESSON01))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-Cell").first).to_be_visible()
    # Run All before the kernel is connected selects the last cell and runs nothing. The
    # toolbar's execution indicator reads "idle" even while there is "No Kernel"; the status
    # bar's "<kernel name> | Idle" only appears once the kernel answers.
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)

    # Stored outputs (the lesson is committed executed) must not pass for live widgets.
    harness.run_lab_command(page, "Edit", "Clear Outputs of All Cells")
    expect(notebook.locator(harness.STUDIO)).to_have_count(0)
    harness.run_lab_command(page, "Run", "Run All Cells")

    draft = notebook.locator(harness.DRAFT)
    expect(draft).to_have_count(1)
    draft.scroll_into_view_if_needed()  # Lab skips rendering off-screen cells (content-visibility)
    expect(draft).to_be_visible()
    expect(notebook.locator(harness.LISTENING_LAB)).to_have_count(1)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)
    assert harness.traceback_text(page) == []
    # Errors and warnings both render as stderr output in Lab.
    expect(notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)

    draft.fill("")
    draft.press_sequentially(REWRITE)
    expect(notebook.locator(harness.meter_reading(len(REWRITE)))).to_have_count(1)
