"""The static course site: every lesson as committed, widgets in their stored state, nothing from the network."""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import plotly.graph_objects as go
import pytest

from widgets import cli
from widgets.site.static import INDEX, PLOTLY_JS, SiteError, build_site, page_name, plotly_js_path
from widgets.site.lessons import find_lessons
from widgets.site.render import Renderer

EVIL = '<img src=x onerror="alert(1)"> 👩‍👩‍👧 مرحبا'
FIGURE = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"title": {"text": "Tally"}}}


def model(name: str, state: dict, layout: str | None = None) -> dict:
    return {"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
            "state": {"_dom_classes": [], "layout": f"IPY_MODEL_{layout}" if layout else None, **state}}


def chart_lesson(folder: Path, name: str = "07_charts.ipynb") -> Path:
    """A lesson with a stored chart (in an Output widget and in a cell), hidden parts and hostile text."""
    state = {
        "root": model("VBoxModel", {"_dom_classes": ["sll-demo"], "children": [f"IPY_MODEL_{k}" for k in
                      ("intro", "draft", "hint", "answer", "choice", "pick", "chart")]}),
        "intro": model("HTMLModel", {"value": "<b>Try it</b>", "description": ""}),
        "draft": model("TextareaModel", {"value": EVIL, "placeholder": "Write here", "description": "", "rows": 3}),
        "hint": model("ButtonModel", {"description": "Hint", "tooltip": "A nudge first"}),
        "answer": model("HTMLModel", {"value": "SECRET MODEL ANSWER"}, layout="hidden"),
        "hidden": {"model_name": "LayoutModel", "state": {"display": "none"}},
        "choice": model("RadioButtonsModel", {"_options_labels": ["Yes <b>", "No"], "index": 1, "description": ""}),
        "pick": model("DropdownModel", {"_options_labels": ["one", "two"], "index": 0, "description": "Post:"}),
        "chart": {"model_name": "OutputModel", "state": {"layout": None, "outputs": [
            {"output_type": "display_data", "metadata": {},
             "data": {"application/vnd.plotly.v1+json": FIGURE, "text/plain": "Bar chart: a 1, b 2"}}]}},
    }
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"title": "Lesson 07 · Charts",
                       "widgets": {"application/vnd.jupyter.widget-state+json":
                                   {"version_major": 2, "version_minor": 0, "state": state}}},
          "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": "# Lesson 07 · Charts\n\nSee **the bars**."},
              {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "Demo()", "outputs": [
                  {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                   "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "root", "version_major": 2,
                                                                          "version_minor": 0},
                            "text/plain": "Demo()"}}]},
              {"cell_type": "code", "metadata": {}, "execution_count": 2, "source": "print(1)", "outputs": [
                  {"output_type": "stream", "name": "stdout", "text": "</pre><script>alert(2)</script>\n"},
                  {"output_type": "display_data", "metadata": {},
                   "data": {"application/vnd.plotly.v1+json": FIGURE, "text/plain": "</script>"}}]},
          ]}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


class Page(html.parser.HTMLParser):
    """Every tag with its attributes, and the inline scripts' text."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def remote_resources(text: str) -> list[str]:
    """Anything the page would LOAD (not links to follow) from an http(s) or protocol-relative URL."""
    found = []
    for tag, attrs in Page(text).tags:
        for attr in ("src", "srcset", "poster", "data"):
            if re.match(r"\s*(https?:)?//", attrs.get(attr) or "", re.I):
                found.append(f"<{tag} {attr}={attrs[attr]}>")
        if tag == "link" and re.match(r"\s*(https?:)?//", attrs.get("href") or "", re.I):
            found.append(f"<link href={attrs['href']}>")
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import\s+['\"]?(?:https?:)?//\S+", text, re.I)
    return found


@pytest.fixture(scope="module")
def course_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(out, hub="https://hub.example.org")
    return out


def test_every_lesson_gets_a_page_and_an_index_entry(course_site):
    lessons = find_lessons()
    assert lessons, "the course has lessons"
    index = (course_site / INDEX).read_text(encoding="utf-8")
    hrefs = [a.get("href") for tag, a in Page(index).tags if tag == "a"]
    for lesson in lessons:
        page = (course_site / page_name(lesson)).read_text(encoding="utf-8")
        assert f"<title>{lesson.title}" in page.replace("&#x27;", "'")
        assert page_name(lesson) in hrefs


def test_no_page_loads_anything_from_the_network(course_site):
    for page in course_site.glob("*.html"):
        assert remote_resources(page.read_text(encoding="utf-8")) == [], page.name
    assert remote_resources((course_site / "style.css").read_text()) == []


def _shown_models(nb: dict, state: dict) -> set[str]:
    """Ids of the widget models a page shows: the cells' views and their children, all the way down."""
    todo = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
            for c in nb["cells"] for o in c.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    seen: set[str] = set()
    while todo:
        model = todo.pop()
        if model in seen or model not in state:
            continue
        seen.add(model)
        todo += [c[len("IPY_MODEL_"):] for c in state[model]["state"].get("children", [])]
    return seen


def test_widgets_show_their_stored_initial_state(course_site):
    """Lesson 01's views appear with their classes; every lesson's buttons and placeholders appear."""
    page = (course_site / "01_conversation.html").read_text(encoding="utf-8")
    classes = " ".join(a.get("class") or "" for _, a in Page(page).tags)
    for cls in ("sll-rewrite-studio", "sll-listening-lab", "sll-draft", "sll-voice-meter"):
        assert cls in classes
    assert "sll-meter-scale" in page and "disabled> Show every signal" not in page  # the verdict, no dead toggle
    for lesson in find_lessons():
        nb = json.loads(lesson.path.read_text(encoding="utf-8"))
        state = (nb["metadata"].get("widgets") or {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        tags = Page((course_site / page_name(lesson)).read_text(encoding="utf-8")).tags
        placeholders = {a.get("placeholder") for _, a in tags}
        state = {k: m for k, m in state.items() if k in _shown_models(nb, state)}  # not a box kept off-page
        assert state, f"{lesson.name}: no widget is shown"
        for m in state.values():
            s = m["state"]
            if m["model_name"] in ("TextareaModel", "TextModel", "ComboboxModel") and s.get("placeholder"):
                assert s["placeholder"] in placeholders, (lesson.name, s["placeholder"])
        titles = {a.get("title") for tag, a in tags if tag == "button"}
        for m in state.values():
            if m["model_name"] == "ButtonModel" and m["state"].get("tooltip"):
                assert m["state"]["tooltip"] in titles, (lesson.name, m["state"]["tooltip"])


def test_run_live_links_for_binder_and_the_hub(course_site):
    page = (course_site / "01_conversation.html").read_text(encoding="utf-8")
    links = [a["href"] for tag, a in Page(page).tags if tag == "a" and "sll-run-live" in (a.get("class") or "")]
    assert len(links) == 3
    lab, voila, hub = links
    assert lab.endswith("?labpath=lessons/01_conversation.ipynb")
    assert voila.endswith("?urlpath=voila%2Frender%2Flessons%2F01_conversation.ipynb")
    assert parse_qs(urlsplit(hub).query)["urlpath"] == ["lab/tree/social-leadership-lab/lessons/01_conversation.ipynb"]


def test_charts_use_the_local_plotly_js(tmp_path):
    folder = tmp_path / "lessons"
    chart_lesson(folder)
    report = build_site(tmp_path / "out", folder)
    assert report.charts == 2
    page = (tmp_path / "out" / "07_charts.html").read_text(encoding="utf-8")
    srcs = [a["src"] for tag, a in Page(page).tags if tag == "script" and a.get("src")]
    assert srcs == [PLOTLY_JS]
    assert (tmp_path / "out" / PLOTLY_JS).read_bytes() == plotly_js_path().read_bytes()
    assert remote_resources(page) == []
    # The figure in the page is the stored one, and plotly accepts it.
    script = next(s for s in Page(page).scripts if "Plotly.newPlot" in s)
    spec = json.loads(re.search(r"var f=(\{.*\});Plotly", script).group(1))
    assert spec["data"] == FIGURE["data"]
    go.Figure({"data": spec["data"], "layout": spec["layout"]})


def test_stored_text_is_escaped_and_hidden_parts_stay_hidden(tmp_path):
    folder = tmp_path / "lessons"
    chart_lesson(folder)
    build_site(tmp_path / "out", folder)
    page = (tmp_path / "out" / "07_charts.html").read_text(encoding="utf-8")
    parsed = Page(page)
    assert all(tag != "img" for tag, _ in parsed.tags), "a learner's <img onerror> became markup"
    assert "alert(2)" not in "".join(parsed.scripts), "stream text became a script"
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 👩‍👩‍👧 مرحبا" in page
    textarea = next(a for tag, a in parsed.tags if tag == "textarea")
    assert textarea["placeholder"] == "Write here" and "readonly" in textarea
    hidden = re.search(r"<div [^>]*hidden[^>]*><div class=\"sll-html\">SECRET MODEL ANSWER", page)
    assert hidden, "a widget stored with display:none is hidden on the page"
    radios = [a for tag, a in parsed.tags if tag == "input" and a.get("type") == "radio"]
    assert ["checked" in a for a in radios] == [False, True]
    assert "Yes &lt;b&gt;" in page
    assert '<button type="button" class="sll-static-button" disabled title="A nudge first">Hint</button>' in page


def test_renderer_ignores_missing_and_cyclic_models():
    state = {"a": model("VBoxModel", {"children": ["IPY_MODEL_a", "IPY_MODEL_missing"]})}
    html_text = Renderer(state=state).widget("a", 0)
    assert html_text.count("sll-box") < 200  # stops at the depth limit instead of recursing forever


def test_a_lesson_without_widget_state_still_renders(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "00_start_here.ipynb").write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Start here\n", "Welcome."]},
                  {"cell_type": "code", "metadata": {}, "source": "", "execution_count": None, "outputs": [
                      {"output_type": "execute_result", "metadata": {}, "execution_count": 1,
                       "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "gone"},
                                "text/plain": "Widget()"}}]}]}))
    build_site(tmp_path / "out", folder)
    page = (tmp_path / "out" / "00_start_here.html").read_text(encoding="utf-8")
    assert "<h1>Start here</h1>" in page and "Widget()" not in page
    assert not (tmp_path / "out" / PLOTLY_JS).exists(), "no chart, no 4 MB script"


@pytest.mark.parametrize(("setup", "message"), [
    pytest.param("no-lessons", "No lessons", id="empty-lessons-folder"),
    pytest.param("foreign-folder", "not empty", id="would-overwrite-someone-elses-folder"),
    pytest.param("broken-notebook", "Cannot read", id="unreadable-notebook"),
])
def test_site_command_refuses_with_a_clear_message(tmp_path, capsys, setup, message):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    out = tmp_path / "out"
    if setup != "no-lessons":
        chart_lesson(lessons)
    if setup == "foreign-folder":
        out.mkdir()
        (out / "thesis.docx").write_text("mine")
    if setup == "broken-notebook":
        (lessons / "08_broken.ipynb").write_text("{not json")
    assert cli.main(["site", str(out), "--lessons", str(lessons)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_site_command_rebuilds_over_its_own_output(tmp_path, capsys):
    lessons = tmp_path / "lessons"
    chart_lesson(lessons)
    for _ in range(2):
        assert cli.main(["site", str(tmp_path / "out"), "--lessons", str(lessons), "--hub", "https://h.example.org"]) == 0
    assert "Built 1 lesson page(s)" in capsys.readouterr().out
    with pytest.raises(SiteError):
        build_site(tmp_path / "out" / INDEX, lessons)


def test_site_command_checks_the_hub_url(tmp_path, capsys):
    assert cli.main(["site", str(tmp_path / "out"), "--hub", "hub.example.org"]) == 2
    assert "https://" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_execute_runs_lessons_in_a_throwaway_workbook(tmp_path, monkeypatch):
    """``--execute`` re-runs each lesson (fresh widget state), never touching the builder's own workbook."""
    home = tmp_path / "home"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(home))
    folder = tmp_path / "lessons"
    folder.mkdir()
    code = ("import os, ipywidgets as w\n"
            "print('home is fresh:', os.environ['SOCIAL_LAB_HOME'] != %r)\n"
            "w.Textarea(placeholder='Type here', value='fresh').add_class('sll-fresh')" % str(home))
    (folder / "05_run.ipynb").write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                         "language": "python"}},
        "cells": [{"id": "run", "cell_type": "code", "metadata": {}, "source": code, "execution_count": None,
                   "outputs": []}]}))
    report = build_site(tmp_path / "out", folder, execute=True)
    page = report.pages[0].read_text(encoding="utf-8")
    assert "home is fresh: True" in page
    assert 'placeholder="Type here"' in page and ">fresh</textarea>" in page and "sll-fresh" in page
    assert json.loads((folder / "05_run.ipynb").read_text())["cells"][0]["outputs"] == [], "source left as it was"
    assert not home.exists()
