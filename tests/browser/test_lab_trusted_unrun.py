"""A trusted lesson opened in JupyterLab before it has run: Lab draws the saved views (not connected to Python);
each exercise says to run all cells, and no view shows the stock broken-link icon."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

import harness

# Every disconnected view inside a course exercise, with what its ::before shows.
_BEFORE_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jupyter-widgets-disconnected')]
  .filter(el => el.closest('.sll-exercise'))
  .map(el => { const b = getComputedStyle(el, '::before');
               return {top: !el.parentElement.closest('.sll-exercise'), header: el.matches('.sll-lesson-header, .sll-lesson-nav'),
                       display: b.display, content: b.content}; })"""


@pytest.mark.browser
def test_a_trusted_unrun_lesson_says_run_all_cells_on_each_exercise(servers, lesson01, page, tmp_path):
    copy = tmp_path / "trusted"
    copy.mkdir()
    shutil.copy(lesson01, copy / lesson01.name)
    lab = servers("lab", copy)
    # Trusted in the notary of this Lab server (its own JUPYTER_CONFIG_DIR), as after a learner's own save.
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(lab.directory / lesson01.name)], check=True,
                   env={**os.environ, "JUPYTER_CONFIG_DIR": str(lab.scratch / "config")}, capture_output=True)
    page.goto(harness.lab_notebook_url(lab, lesson01.name))
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    # Trusted: Lab draws the saved views themselves (an untrusted copy shows their text instead).
    expect(notebook.locator(".sll-rewrite-studio.jupyter-widgets-disconnected")).to_be_attached()
    views = page.evaluate(_BEFORE_JS)
    assert len(views) > 50
    said = [v for v in views if v["display"] != "none"]
    assert said and all("Run All Cells" in v["content"] and v["top"] and not v["header"] for v in said), said[:5]
    assert not [v for v in views if "\\f127" in v["content"] and v["display"] != "none"], "no broken-link icon"
    assert not [v for v in views if v["header"] and v["display"] != "none"], "the header carries no instruction"
