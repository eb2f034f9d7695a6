"""The page list ``social-lab present`` serves offers the lessons, not the coach's dashboard."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

import harness
from widgets.cli import hidden_from_list_args
from widgets.cohort import DASHBOARD

LESSONS = sorted(p.name for p in harness.LESSONS_DIR.glob("0*.ipynb"))


@pytest.fixture(scope="module")
def listed():
    server = harness.start_voila(harness.LESSONS_DIR, extra_args=tuple(hidden_from_list_args()))
    yield server
    server.stop()


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read().decode("utf-8")


def test_the_contents_listing_leaves_out_the_coach_folder(listed):
    assert (harness.LESSONS_DIR / DASHBOARD).is_file(), "the dashboard is in the served folder"
    status, body = _get(f"{listed.url}/voila/api/contents/")
    names = {entry["name"] for entry in json.loads(body)["content"]}
    assert status == 200
    assert set(LESSONS) <= names, names
    assert "coach" not in names


def test_the_classic_list_leaves_out_the_coach_folder(listed):
    status, body = _get(f"{listed.url}/voila/tree?classic-tree=true")
    assert status == 200
    assert LESSONS[0] in body
    assert "coach" not in body.lower()


def test_the_dashboard_still_opens_by_its_address(listed):
    status, body = _get(f"{listed.url}/voila/render/{DASHBOARD}")
    assert status == 200
    assert "Cohort dashboard" in body  # the notebook's heading, rendered by the server


@pytest.mark.browser
def test_the_page_list_in_the_browser_shows_lessons_only(listed, page):
    # No console assertion here: Voilà's own tree page logs widget-manager errors (it has no
    # kernel) and a Font Awesome CDN miss; that page is Voilà's, unchanged by us.
    page.goto(f"{listed.url}/voila/tree")
    expect(page.get_by_text(LESSONS[0])).to_be_visible()
    for name in LESSONS:
        expect(page.get_by_text(name)).to_be_visible()
    assert page.get_by_text("coach", exact=True).count() == 0
    assert "coach" not in page.inner_text("body").lower()
