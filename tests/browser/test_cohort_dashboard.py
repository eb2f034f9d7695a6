"""Live cohort: a coach page and two learner pages in one Chromium; learners share, the coach's chart changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

import harness
from widgets.cohort import CohortStore

DASHBOARD = "coach/dashboard.ipynb"
LEARNER = "learner.ipynb"
# A learner page as a lesson would have it: the opt-in box, and an exercise that shares its result.
# Every kernel of this test server shares one workbook, so each page stands for its own learner with
# an id of its own (what a per-learner identity gives a shared server).
LEARNER_CELLS = [
    "import secrets\nfrom widgets.exercises.cohort import CohortJoin\nCohortJoin(learner=secrets.token_hex(16))",
    "import ipywidgets as w\nfrom widgets.cohort import share\n"
    "stage = w.Dropdown(options=['Broadcaster', 'Listener', 'Host'], description='Your stage')\n"
    "done = w.Button(description='Share my stage', tooltip='Share my stage with the cohort')\n"
    "done.add_class('sll-test-share')\n"
    "done.on_click(lambda _: share('00.stage-assessment', {'stage': stage.value}))\n"
    "w.VBox([stage, done])",
]


def write_learner_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in LEARNER_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / LEARNER)


@pytest.fixture(scope="module")
def cohort_server(tmp_path_factory):
    served = tmp_path_factory.mktemp("cohort-site")
    (served / "coach").mkdir()
    shutil.copy(harness.LESSONS_DIR / DASHBOARD, served / DASHBOARD)
    write_learner_notebook(served)
    server = harness.start_voila(served)
    made, key = CohortStore(server.home / "cohort.sqlite").create_cohort("Browser group")
    yield server, made, key
    server.stop()


def _learner_shares(browser, server, code: str, name: str, stage: str) -> None:
    page = harness.new_page(browser)
    try:
        page.goto(f"{server.url}/voila/render/{LEARNER}")
        harness.wait_voila_rendered(page, ".sll-cohort-join input[type=checkbox]")
        page.get_by_placeholder("Join code from your coach").fill(code)
        page.get_by_placeholder("Leave empty to stay anonymous").fill(name)
        page.locator(".sll-cohort-join input[type=checkbox]").check()
        page.get_by_role("button", name="Join cohort").click()
        expect(page.locator(".sll-cohort-status")).to_contain_text("Sharing with Browser group")
        page.locator(".widget-dropdown select").select_option(stage)
        page.locator(".sll-test-share").click()
    finally:
        page.context.close()


@pytest.mark.browser
def test_learners_share_and_the_coach_chart_changes(cohort_server, browser, page, console):
    server, made, key = cohort_server
    page.goto(f"{server.url}/voila/render/{DASHBOARD}")
    harness.wait_voila_rendered(page, ".sll-open-dashboard")
    page.get_by_placeholder("Cohort name or join code").fill(made.name)
    page.get_by_placeholder("Coach key").fill(key)
    page.get_by_role("button", name="Open dashboard").click()
    expect(page.locator(".sll-cohort-summary [data-submissions='0']")).to_have_count(1)
    expect(page.locator(".sll-cohort-stages .js-plotly-plot")).to_have_count(1)

    _learner_shares(browser, server, made.code, "Ana", "Listener")
    _learner_shares(browser, server, made.code.lower(), "", "Host")

    # The kernel's timer notices the new rows and redraws, without a click on the coach page.
    expect(page.locator(".sll-cohort-summary [data-submissions='2']")).to_have_count(1)
    stages = page.locator(".sll-cohort-stages .js-plotly-plot")
    expect(stages).to_contain_text("Listener")
    expect(stages).to_contain_text("Host")

    # Learner text is plain text inside plotly: no link, no bold, no line break, the characters as typed.
    store = CohortStore(server.home / "cohort.sqlite")
    store.submit(store.join(made.code).token, "01.conversation-finder",
                 {"conversation": "<a href='https://evil.example'>click</a> <b>bold</b><br>&amp; more"})
    expect(page.locator(".sll-cohort-summary [data-submissions='3']")).to_have_count(1)
    chart = page.locator(".sll-cohort-conversations .js-plotly-plot")
    expect(chart).to_contain_text("<a href='https://evil.example'>click</a> <b>bold</b><br>&amp; more")
    assert chart.locator("svg a").count() == 0, "no clickable link inside the chart"
    assert chart.locator("svg tspan[style*='bold']").count() == 0, "no bold from learner text"
    assert page.locator(".sll-member-pick select option").count() == 3
    assert harness.traceback_text(page) == []
    assert console.errors == [], "\n".join(console.errors)
