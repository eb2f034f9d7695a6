"""Accessibility: the join box and the opened coach dashboard have no serious axe-core violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import harness
from test_cohort_dashboard import DASHBOARD, LEARNER, cohort_server  # noqa: F401  (module fixture)


@pytest.mark.browser
def test_join_box_and_dashboard_pass_axe(cohort_server, page, console):  # noqa: F811
    server, made, key = cohort_server
    page.goto(f"{server.url}/voila/render/{LEARNER}")
    harness.wait_voila_rendered(page, ".sll-cohort-join input[type=checkbox]")
    learner = harness.serious_violations(page)
    page.goto(f"{server.url}/voila/render/{DASHBOARD}")
    harness.wait_voila_rendered(page, ".sll-open-dashboard")
    page.get_by_placeholder("Cohort name or join code").fill(made.code)
    page.get_by_placeholder("Coach key").fill(key)
    page.get_by_role("button", name="Open dashboard").click()
    expect(page.locator(".sll-cohort-stages .js-plotly-plot")).to_have_count(1)
    coach = harness.serious_violations(page)
    assert learner == [], harness.describe_violations(learner)
    assert coach == [], harness.describe_violations(coach)
