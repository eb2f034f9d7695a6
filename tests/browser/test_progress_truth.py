"""Progress tells the truth in Voilà: opening lessons marks nothing; after a wrong answer the map says started, not done."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import harness
from widgets.workbook import Workbook

LESSON00 = "00_start_here.ipynb"
CHECK = ".sll-check"  # lesson 00 has two: the advice teaser first, the check of understanding last
MAP = ".sll-course-map"


def _entries(server) -> list:
    path = server.home / "workbook.sqlite3"
    return Workbook(path).export_data()["entries"] if path.exists() else []


@pytest.fixture(scope="module")
def voila(servers, lesson01):
    return servers("voila", lesson01.parent, key="progress")  # its own learner home: starts empty


@pytest.mark.browser
def test_opening_pages_marks_nothing_and_a_wrong_answer_is_not_done(voila, page, console):
    # Its own tab: leaving a Voilà page logs a refused kernel shutdown. (The capstone, which used to
    # write on opening, is covered without a browser in tests/test_plan.py.)
    studio = page.context.new_page()
    studio.goto(f"{voila.url}/voila/render/{harness.LESSON01}")
    harness.wait_voila_rendered(studio, harness.DRAFT)
    studio.locator(f"{harness.STUDIO} .sll-post-picker select").select_option(index=2)  # a menu, not an answer
    expect(studio.locator(harness.METER_READING)).to_have_count(1)
    page.goto(f"{voila.url}/voila/render/{LESSON00}")
    harness.wait_voila_rendered(page, ".sll-lesson-nav")
    expect(page.locator(f"{MAP} [data-status]").first).to_be_visible()
    statuses = page.locator(f"{MAP} .sll-status").evaluate_all("els => els.map(e => e.dataset.status)")
    assert statuses and set(statuses) == {"not started"}, statuses
    assert _entries(voila) == [], "opening lessons 01 and 00 (and choosing from a menu) wrote nothing"

    check = page.locator(CHECK).last
    wrong = {0: 0, 1: 1, 2: 0}  # a wrong option of each question (datasets/lesson00/check.yaml)
    for number, option in wrong.items():  # every question answered, every answer wrong
        check.locator(".sll-choice").nth(number).locator("input[type=radio]").nth(option).check()
    check.get_by_role("button", name="Check", exact=True).click()  # one Check for the whole check
    for number in wrong:
        expect(check.locator(".sll-choice").nth(number).locator(".sll-feedback [data-status='incorrect']")).to_have_count(1)
    page.locator(MAP).get_by_role("button", name="Refresh progress").click()
    row = page.locator(f"{MAP} tr[data-exercise='00.check'] .sll-status")
    expect(row).to_have_attribute("data-status", "started")
    expect(page.locator(f"{MAP} tr[data-exercise='00.check']")).to_contain_text("0 of 3 right")
    expect(page.locator(f"{MAP} tr[data-exercise='00.check']")).not_to_contain_text("done")
    assert {e["exercise"] for e in _entries(voila)} == {"00.check"}
    assert console.errors == [], "\n".join(console.errors)
