"""What ``social-lab present`` serves: a page list of lessons (not the coach's dashboard), and
content-hashed scripts a browser may keep."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

import harness
from widgets.cli import hidden_from_list_args
from widgets.site.cli import present_args
from widgets.cohort import DASHBOARD

LESSONS = sorted(p.name for p in harness.LESSONS_DIR.glob("0*.ipynb"))


@pytest.fixture(scope="module")
def listed():
    present = present_args()
    server = harness.start_voila(harness.LESSONS_DIR, extra_args=(*hidden_from_list_args(), *present))
    yield server
    server.stop()


def _get(url: str) -> tuple[int, str]:
    status, body, _headers = _fetch(url)
    return status, body


def _fetch(url: str):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read().decode("utf-8"), response.headers


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


def test_hashed_extension_scripts_may_be_kept_and_pages_may_not(listed):
    _status, page, headers = _fetch(f"{listed.url}/voila/render/{LESSONS[0]}")
    assert "immutable" not in headers.get("Cache-Control", ""), "a lesson page is never cached for good"
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    entries = [(ext["load"], ext["name"]) for ext in config["federated_extensions"]]
    assert len(entries) >= 3, "the page names the extensions' hashed entry scripts"
    for load, name in entries:
        status, _body, headers = _fetch(f"{listed.url}/voila/labextensions/{name}/{load}")
        assert status == 200
        assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"], name
    _status, _body, headers = _fetch(f"{listed.url}/voila/static/voila.js")
    assert "immutable" not in headers.get("Cache-Control", ""), "Voilà's own unhashed files still revalidate"
