"""JupyterLab opens Lesson 00, runs every cell, and the self-assessment answers a click."""

import re

import pytest
from playwright.sync_api import expect

import harness


@pytest.mark.browser
def test_lab_runs_lesson00_and_the_assessment_answers(servers, lesson01, page):
    lab = servers("lab", lesson01.parent)
    page.goto(harness.lab_notebook_url(lab, "00_start_here.ipynb"))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-Cell").first).to_be_visible()
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)

    harness.run_lab_command(page, "Edit", "Clear Outputs of All Cells")
    expect(notebook.locator(".sll-stage-assessment")).to_have_count(0)
    harness.run_lab_command(page, "Run", "Run All Cells")

    nav = notebook.locator(".sll-lesson-nav")
    expect(nav).to_have_count(1)
    expect(notebook.locator(".sll-course-map")).to_have_count(1)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)
    assert harness.traceback_text(page) == []
    expect(notebook.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)

    first = notebook.locator(".sll-stage-audience input[type=radio]").first
    first.scroll_into_view_if_needed()  # Lab skips rendering off-screen cells
    for axis in ("audience", "replies", "relationships", "offers"):
        notebook.locator(f".sll-stage-{axis} input[type=radio]").first.check()
    expect(notebook.locator(".sll-stage-result [data-stage='social-proof']")).to_have_count(1)
    nxt = nav.locator("a.sll-next")
    assert nxt.get_attribute("href") == "01_conversation.ipynb"
    # Relative to /lab/tree/00_start_here.ipynb: the link opens the next lesson in JupyterLab.
    # Relative to the page: /lab/tree/… in the default workspace, /lab/workspaces/<name>/tree/… here.
    href = page.evaluate("a => a.href", nxt.element_handle())
    assert re.search(r"/lab/(workspaces/[^/]+/)?tree/01_conversation\.ipynb$", href), href
