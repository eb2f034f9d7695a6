"""``--large-type`` at 1280×720: widget text, inputs, dropdowns and chart labels are large, and nothing is cut off."""

from __future__ import annotations

import os

import nbformat
import pytest

import harness
from widgets.cohort import present_options
from widgets.content import datasets_dir

PAGE = "large.ipynb"
LONG_CHOICE = "3. The agency sale: a discount post that shouts"
CELLS = [
    "import ipywidgets as w\nfrom widgets.exercises.base import draw\nfrom widgets import charts\n"
    f"choice = w.Dropdown(options=['1. Short', {LONG_CHOICE!r}], value={LONG_CHOICE!r}, description='Post',"
    " layout=w.Layout(width='100%', max_width='420px'))\n"
    "key = w.Password(placeholder='Coach key (shown once when you created the cohort)', description='Coach key',"
    " layout=w.Layout(width='100%', max_width='420px'))\n"
    "chart = w.Output()\n"
    "draw(chart, charts.tally_figure_data(3, 1, 8), 'tally')\n"
    "box = w.VBox([w.HTML('<p>Some widget text</p>'), choice, key, chart])\nbox.add_class('sll-test-large')\nbox",
]

FIT_JS = """
el => {
  const ctx = document.createElement('canvas').getContext('2d');
  const style = getComputedStyle(el);
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = el.tagName === 'SELECT' ? el.options[el.selectedIndex].text : el.placeholder;
  const pad = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + (el.tagName === 'SELECT' ? 24 : 0);
  return {need: ctx.measureText(text).width + pad, have: el.clientWidth, size: parseFloat(style.fontSize)};
}
"""


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    served = tmp_path_factory.mktemp("large-type")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, served / PAGE)
    args, env = present_options([], pool=0, large_type=True, data_dir=datasets_dir() / "cohort")
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the server (and so its kernels) inherit these, as `social-lab present` passes them
    try:
        server = harness.start_voila(served, extra_args=tuple(args))
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    yield server
    server.stop()


@pytest.mark.browser
def test_large_type_reaches_inputs_dropdowns_and_chart_labels(large, page, console, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{large.url}/voila/render/{PAGE}")
    harness.wait_voila_rendered(page, ".sll-test-large .js-plotly-plot .xtick text")
    sizes = {name: page.locator(sel).first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
             for name, sel in {"widget text": ".sll-test-large .widget-html-content",
                               "label": ".sll-test-large .widget-label",
                               "dropdown": ".sll-test-large .widget-dropdown select",
                               "input": ".sll-test-large input[type=password]"}.items()}
    chart = page.locator(".sll-test-large .js-plotly-plot")
    sizes["chart tick"] = chart.locator(".xtick text").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    sizes["chart title"] = chart.locator(".gtitle").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    page.screenshot(path=str(tmp_path / "large-type-1280x720.png"))
    small = {name: size for name, size in sizes.items() if size < 20}
    assert not small, f"large type expected everywhere, got {sizes}"
    for sel in (".sll-test-large .widget-dropdown select", ".sll-test-large input[type=password]"):
        fit = page.locator(sel).evaluate(FIT_JS)
        assert fit["need"] <= fit["have"], f"{sel}: text needs {fit['need']:.0f}px, has {fit['have']}px (cut off)"
    assert harness.traceback_text(page) == []
    assert console.errors == [], "\n".join(console.errors)
