"""JupyterLab opens Lesson 03, runs every cell, and its live exercises answer the learner."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

import harness

LESSON03 = "03_community.ipynb"
INTRO = ".sll-connector .sll-intro-draft textarea"
TEXT = "Femi, meet Jun. Would you two have ten minutes this week?"


@pytest.mark.browser
def test_lab_runs_lesson03_and_its_exercises_answer(servers, page):
    lesson = harness.LESSONS_DIR / LESSON03
    if not lesson.exists():
        pytest.fail(f"{lesson} does not exist", pytrace=False)
    lab = servers("lab", Path(lesson).parent)
    page.goto(harness.lab_notebook_url(lab, LESSON03))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-Cell").first).to_be_visible()
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)

    # Stored outputs (the lesson is committed executed) must not pass for live widgets.
    harness.run_lab_command(page, "Edit", "Clear Outputs of All Cells")
    expect(notebook.locator(".sll-connector")).to_have_count(0)
    harness.run_lab_command(page, "Run", "Run All Cells")

    draft = notebook.locator(INTRO)
    expect(draft).to_have_count(1)
    expect(notebook.locator(".sll-check")).to_have_count(1)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)
    assert harness.traceback_text(page) == []
    expect(notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)

    draft.scroll_into_view_if_needed()  # Lab skips rendering off-screen cells (content-visibility)
    draft.fill("")
    draft.press_sequentially(TEXT)
    expect(notebook.locator(f'.sll-connector .sll-intro-live [data-chars="{len(TEXT)}"]')).to_have_count(1)

    add = notebook.locator(".sll-welcome-playbook").get_by_role("button", name="Add suggested step")
    add.scroll_into_view_if_needed()
    add.click()
    expect(notebook.locator(".sll-welcome-playbook .sll-playbook-step")).to_have_count(1)
