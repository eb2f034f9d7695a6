"""Voila, Lesson 02's guru trap: the growth model draws its chart on the first change and redraws it; copies get flagged."""

import pytest
from playwright.sync_api import expect

import harness

LESSON02 = "02_culture.ipynb"
GROWTH = ".sll-growth-model"
READING = f"{GROWTH} .sll-growth-reading-body"
CHART = f"{GROWTH} .sll-growth-chart .js-plotly-plot"
SHARE = f"{GROWTH} .sll-growth-share"
SHOW = f"{GROWTH} .sll-growth-show-chart"
CROSS = ".sll-cross-post"
NETWORKS = {"x": "X (Twitter)", "bluesky": "Bluesky"}
SAME = "One idea, pasted everywhere without a single change."

# The "Your mix" line's last point, read from the plotly graph div Voila rendered.
_MIX_END_JS = """
(sel) => {
  const gd = document.querySelector(sel);
  return gd && gd.data ? gd.data[2].y[gd.data[2].y.length - 1] : null;
}
"""


@pytest.fixture(scope="module")
def lesson02():
    path = harness.LESSONS_DIR / LESSON02
    if not path.exists():
        pytest.fail(f"{path} does not exist", pytrace=False)
    return path


@pytest.mark.browser
def test_voila_lesson02_growth_slider_redraws_and_cross_post_flags_copies(voila_lessons, lesson02, page, console):
    page.goto(f"{voila_lessons.url}/voila/render/{LESSON02}")
    harness.wait_voila_rendered(page, READING)
    assert harness.traceback_text(page) == []

    # Growth model: the reading is there at once; the chart (and plotly.js) only on the first change.
    reading = page.locator(READING)
    expect(reading).to_have_attribute("data-share", "50")
    expect(page.locator(CHART)).to_have_count(0)
    expect(page.locator(SHOW)).to_be_visible()
    # Choose another relationship share (labelled toggle buttons, keyboard-usable): the chart appears.
    share_80 = page.locator(SHARE).get_by_role("button", name="80%", exact=True)
    share_80.focus()
    page.keyboard.press("Enter")
    expect(reading).to_have_attribute("data-share", "80")
    page.wait_for_function(f"(sel) => ({_MIX_END_JS.strip()})(sel) !== null", arg=CHART)
    assert round(page.evaluate(_MIX_END_JS, CHART)) == int(reading.get_attribute("data-final"))
    expect(page.locator(SHOW)).to_have_count(0)
    # Another change redraws the same chart.
    before = page.evaluate(_MIX_END_JS, CHART)
    page.locator(SHARE).get_by_role("button", name="10%", exact=True).click()
    expect(reading).to_have_attribute("data-share", "10")
    page.wait_for_function(f"([sel, old]) => ({_MIX_END_JS.strip()})(sel) !== old", arg=[CHART, before])
    assert round(page.evaluate(_MIX_END_JS, CHART)) == int(reading.get_attribute("data-final"))
    assert "teaching model" in page.locator(f"{GROWTH} .sll-model-note").inner_text().lower()

    # Cross-post adapter: the same text for X and Bluesky is flagged as a copy.
    for network, name in NETWORKS.items():
        page.locator(f"{CROSS} .sll-crosspost-network select").select_option(label=name)
        page.locator(CROSS).get_by_role("button", name="Add network").click()
        box = page.locator(f"{CROSS} .sll-crosspost-{network} textarea")
        expect(box).to_be_visible()
        box.fill(SAME)
        expect(page.locator(f"{CROSS} .sll-crosspost-reading[data-network='{network}'][data-chars='{len(SAME)}']")
               ).to_have_count(1)
    page.locator(CROSS).get_by_role("button", name="Check", exact=True).click()
    result = page.locator(f"{CROSS} .sll-crosspost-result")
    expect(result).to_have_attribute("data-copies", "1")
    expect(result).to_have_attribute("data-status", "incorrect")
    expect(result).to_contain_text("X (Twitter) and Bluesky are identical")
    assert console.errors == [], "\n".join(console.errors)
