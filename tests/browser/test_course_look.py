"""One look: the course home page at the address `social-lab present` prints, and a lesson's prose measure,
contrast, header, navigation and buttons in Voilà, at desktop and phone widths."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

import harness
from widgets import theme
from widgets.cli import hidden_from_list_args
from widgets.course import load_course

# Every visible text node's colour against the background it is drawn on (ancestors' backgrounds
# composed), as WCAG 2.2 computes contrast; disabled controls are exempt (1.4.3), large text needs 3:1.
_CONTRAST_JS = """
() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]); };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const failures = []; let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || seen.has(el) || !walker.currentNode.textContent.trim()) continue;
    seen.add(el);
    if (el.closest('script, style, [hidden], :disabled, .jp-mod-noOutputs') || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const cs = getComputedStyle(el); const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const bg = background(el); const fg = over(parse(cs.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a); const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize); const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    checked++;
    if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)} ${cs.color} on ${bg} ${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 40)}`);
  }
  return {checked, failures};
}
"""

# The widest paragraph of prose, and 70ch in that paragraph's font (a probe element measures it).
_MEASURE_JS = """
() => { const ps = [...document.querySelectorAll('.jp-RenderedMarkdown p')].filter(p => p.getClientRects().length);
  const probe = document.createElement('span'); probe.style.cssText = 'display:inline-block;width:70ch';
  ps[0].appendChild(probe); const ch70 = probe.getBoundingClientRect().width; probe.remove();
  return {count: ps.length, widest: Math.max(...ps.map(p => p.getBoundingClientRect().width)), ch70}; }
"""


@pytest.fixture(scope="module")
def presented():
    """Voilà as `social-lab present` starts it: the course template serves the home page."""
    server = harness.start_voila(harness.LESSONS_DIR, extra_args=(*hidden_from_list_args(), *theme.voila_template_args()),
                                 env=theme.voila_path_env())
    yield server
    server.stop()


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status


@pytest.mark.browser
def test_the_home_page_lists_the_five_lessons_and_each_link_opens_one(presented, page):
    page.goto(f"{presented.url}/")
    course = load_course()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    links = page.locator(".sll-home-lessons h2 a")
    expect(links).to_have_count(len(course.lessons))
    for lesson, link in zip(course.lessons, links.all()):
        expect(link).to_have_text(lesson.name)
        href = link.get_attribute("href")
        assert href == f"/voila/render/{lesson.notebook}"
        # The notebook each link renders is in the served folder (its contents entry answers).
        listed = json.loads(urllib.request.urlopen(f"{presented.url}/voila/api/contents/{lesson.notebook}",
                                                   timeout=60).read())
        assert listed["name"] == lesson.notebook
    expect(page.get_by_text("All files in this folder (for coaches)")).to_be_visible()
    assert "coach" not in page.locator(".sll-files ul").inner_text(), "the coach folder stays out of the list"
    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)

    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.get_by_role("link", name=course.lessons[0].name, exact=True).first.click()
    harness.wait_voila_rendered(page, ".sll-lesson-nav", timeout_ms=120_000)
    elsewhere = [url for url in requested if not url.startswith((presented.url, "data:", "blob:"))]
    assert len(requested) > 50 and elsewhere == [], "a lesson under the course template loads only from its server"
    expect(page.locator(".sll-lesson-header")).to_contain_text("Step 1 of 5")
    page.locator(".sll-lesson-header a.sll-home-link").click()
    expect(page.locator(".sll-home-lessons")).to_be_visible()


@pytest.mark.browser
def test_a_lesson_page_loads_its_app_with_the_first_cell_and_nothing_from_a_cdn(presented):
    """The app script follows the page config (it reads it when it runs) and comes before the first cell,
    so it loads while the kernel runs the lesson; it appears once; no style sheet or module from a CDN."""
    with urllib.request.urlopen(f"{presented.url}/voila/render/{harness.LESSON01}", timeout=120) as response:
        html = response.read().decode("utf-8")
    app = '<script src="/voila/static/voila.js"></script>'
    assert html.count(app) == 1
    assert html.index('id="jupyter-config-data"') < html.index(app) < html.index('<div cell-index="1">')
    assert html.index('<div cell-index="1">') < html.index('<div cell-index="2">')
    assert "window.voila_finish();" in html and "data-sll-theme" in html and 'id="loading"' in html
    remote = re.findall(r'(?:<link[^>]*href|<script[^>]*src)="(https?://[^"]+)"|import\("(https?://[^"]+)"\)', html)
    assert remote == []


@pytest.mark.browser
def test_a_lesson_reads_at_a_measure_with_aa_contrast_header_and_named_buttons(voila_lessons, page):
    """On the plain Voilà server (as on Binder): the lesson header alone brings the course's look."""
    page.goto(f"{voila_lessons.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(page, harness.DRAFT)
    assert page.locator("style[data-sll-theme]").count() >= 1

    measure = page.evaluate(_MEASURE_JS)
    assert measure["count"] > 10
    assert measure["widest"] <= measure["ch70"] + 1, measure
    assert measure["widest"] >= 0.8 * measure["ch70"], f"prose uses the measure on a wide screen: {measure}"

    header = page.locator(".sll-lesson-header")
    expect(header).to_contain_text("Step 2 of 5 · about 40 minutes")
    expect(header.locator("a.sll-next")).to_have_attribute("href", "02_culture.ipynb")
    expect(page.locator(".sll-lesson-nav a.sll-next")).to_have_attribute("href", "02_culture.ipynb")
    expect(page.locator(".sll-lab-only")).to_be_hidden()

    studio = page.locator(harness.STUDIO)
    for name in ("Check", "Hint", "Show an answer"):
        expect(studio.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.locator(".sll-save-status").first).to_have_css("border-left-style", "solid")

    contrast = page.evaluate(_CONTRAST_JS)
    assert contrast["checked"] > 100
    assert contrast["failures"] == [], "\n".join(contrast["failures"][:20])


@pytest.mark.browser
def test_on_a_phone_nothing_is_wider_than_the_screen(voila_lessons, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route(harness.EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{voila_lessons.url}/voila/render/{harness.LESSON01}")
        harness.wait_voila_rendered(page, harness.DRAFT)
        wide = page.evaluate("""() => [...document.querySelectorAll('#rendered_cells *')]
          .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > window.innerWidth + 1
                  && !el.closest('.js-plotly-plot, table, pre, .jp-RenderedHTMLCommon table'))
          .slice(0, 10).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))""")
        assert wide == []
    finally:
        context.close()
