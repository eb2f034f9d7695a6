"""A lesson opened in JupyterLab, not yet run, says what to do at the top and shows no class names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import harness


@pytest.mark.browser
def test_an_unrun_lesson_in_lab_says_run_all_cells_first(servers, lesson01, page, tmp_path):
    # A copy nobody has trusted (earlier tests may have trusted the lessons themselves in the shared
    # notary: `present` and `learn` do): a learner's download, a clone, a file from a course site.
    import json

    copy = tmp_path / "untrusted"
    copy.mkdir()
    notebook_json = json.loads(lesson01.read_text(encoding="utf-8"))
    notebook_json["metadata"]["sll_untrusted_copy"] = True  # other bytes: no signature matches
    (copy / lesson01.name).write_text(json.dumps(notebook_json, indent=1, ensure_ascii=False), encoding="utf-8")
    lab = servers("lab", copy)
    page.goto(harness.lab_notebook_url(lab, lesson01.name))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    first = notebook.locator(".jp-Cell").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("Run ▸ Run All Cells")
    expect(first.locator(".sll-lab-only")).to_be_visible()
    # What each saved view shows before the lesson runs (the copy Lab serves is not trusted, so
    # it shows the text saved beside each widget): a sentence, never a bare class name.
    expect(notebook.locator(".jp-OutputArea-output").first).to_be_attached()
    text = notebook.inner_text()
    assert not re.search(r"\b\w+(Exercise|View|Understanding|Nav|Header)\(", text), text[:2000]
    expect(notebook.get_by_text(re.compile(r"run this lesson to use it")).first).to_be_visible()
