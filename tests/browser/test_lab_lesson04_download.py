"""JupyterLab runs the capstone over a pre-filled workbook; its download link saves the learner's plan."""


import pytest
from playwright.sync_api import expect

import harness

RUNGS = ["A cordless drill with an 18 V battery", "A clean hole in the wall",
         "Hanging the picture your mother painted", "A home that feels like yours"]  # a finished ladder
ESSENCE = RUNGS[-1]


@pytest.mark.browser
def test_lab_capstone_download_link_saves_the_plan(servers, lesson01, page, tmp_path):
    from widgets.workbook import Workbook

    lab = servers("lab", lesson01.parent, "capstone-lab")
    Workbook(lab.home / "workbook.sqlite3").save("02.benefit-ladder", "rungs", RUNGS)
    page.goto(harness.lab_notebook_url(lab, "04_capstone.ipynb"))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-Cell").first).to_be_visible()
    expect(page.locator("#jp-main-statusbar")).to_contain_text(harness.KERNEL_IDLE)
    harness.run_lab_command(page, "Edit", "Clear Outputs of All Cells")
    expect(notebook.locator(".sll-plan")).to_have_count(0)
    harness.run_lab_command(page, "Run", "Run All Cells")

    link = notebook.locator(".sll-plan a.sll-download-html")
    expect(link).to_have_count(1)
    link.scroll_into_view_if_needed()  # Lab skips rendering off-screen cells
    expect(notebook.locator(".sll-plan .sll-plan-preview")).to_contain_text(ESSENCE)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "social-leadership-plan.html"
    assert ESSENCE in saved.read_text(encoding="utf-8")
    assert harness.traceback_text(page) == []
