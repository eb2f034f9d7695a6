"""The static course site opens from disk with the network cut: every lesson's text, widgets and charts, accessibly."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

import harness
from widgets.site.static import INDEX, build_site, page_name
from widgets.site.lessons import find_lessons

PLOTLY = "application/vnd.plotly.v1+json"
_SYNTAX = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`#>|]")
_WORD = re.compile(r"[A-Za-z]{4,}")


def _state(nb: dict) -> dict:
    return ((nb["metadata"].get("widgets") or {}).get("application/vnd.jupyter.widget-state+json") or {}).get("state", {})


def stored_charts(nb: dict) -> int:
    """Charts a lesson stores: plotly outputs in cells and in Output widgets' stored state."""
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    outputs += [o for m in _state(nb).values() if m["model_name"] == "OutputModel"
                for o in m["state"].get("outputs", [])]
    return sum(PLOTLY in (o.get("data") or {}) for o in outputs)


def markdown_words(nb: dict) -> set[str]:
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = re.sub(r"<[^>]*>", " ", text)  # raw HTML tags (the JupyterLab-only note's <div>) are not prose
    return set(_WORD.findall(_SYNTAX.sub(lambda m: m.group(1) or " ", text)))


@pytest.mark.browser
def test_static_site_opens_offline_with_every_lesson(tmp_path, page):
    lessons = find_lessons(harness.LESSONS_DIR)
    assert lessons, "no lessons to publish"
    out = tmp_path / "site"
    build_site(out, harness.LESSONS_DIR, hub="https://hub.example.org")

    attempted: list[str] = []

    def refuse(route):
        attempted.append(route.request.url)
        route.abort()

    page.context.route(re.compile(r"^(https?|wss?)://"), refuse)
    page.on("request", lambda req: attempted.append(req.url) if not req.url.startswith(("file:", "data:")) else None)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto((out / INDEX).as_uri())
    for lesson in lessons:
        expect(page.get_by_role("link", name=lesson.title, exact=True)).to_have_count(1)
    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)

    for lesson in lessons:
        nb = json.loads(lesson.path.read_text(encoding="utf-8"))
        page.goto((out / page_name(lesson)).as_uri())
        expect(page).to_have_title(re.compile(re.escape(lesson.title)))
        text = page.locator("main").text_content()
        missing = markdown_words(nb) - set(_WORD.findall(text))
        assert not missing, f"{lesson.name}: lesson text not on the page: {sorted(missing)[:20]}"

        state = _state(nb)
        for model in state.values():
            s = model["state"]
            if model["model_name"] == "ButtonModel" and s.get("description"):
                assert s["description"] in text, (lesson.name, s["description"])
            if model["model_name"] in ("TextareaModel", "TextModel") and s.get("placeholder"):
                expect(page.get_by_placeholder(s["placeholder"], exact=True).first).to_be_attached()
        studio = page.locator(".sll-rewrite-studio .sll-draft textarea")
        if lesson.name == harness.LESSON01:
            expect(studio).to_be_visible()

        charts = stored_charts(nb)
        plots = page.locator(".sll-chart .js-plotly-plot .main-svg")
        if charts:
            expect(page.locator(".sll-chart .js-plotly-plot")).to_have_count(charts)
            expect(plots.first).to_be_attached()
        else:
            expect(page.locator(".sll-chart")).to_have_count(0)
        violations = harness.serious_violations(page)
        assert violations == [], f"{lesson.name}:\n{harness.describe_violations(violations)}"

    assert attempted == [], f"the site tried the network: {attempted}"
    assert errors == [], errors
