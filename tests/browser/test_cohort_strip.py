"""A join that lasts, in Chromium: join on one page, reload, open the next lesson: still joined; earlier work asked once.

One Voilà server, one learner (the server's workbook is that learner's). The pages are small
fixtures holding the real ``CohortStrip``; Lessons 01–03 carry the same one-line cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

import harness
from widgets.cohort import CohortStore
from widgets.workbook import Workbook

STRIP = "from widgets.exercises.joining import CohortStrip\n\nCohortStrip()"
SHARE = ("import ipywidgets as w\nfrom widgets.cohort import share\n"
         "done = w.Button(description='Share my conversation', tooltip='Share my conversation')\n"
         "done.add_class('sll-test-share')\n"
         "done.on_click(lambda _: share('01.conversation-finder', {'conversation': 'bread'}))\ndone")
PAGES = {"first.ipynb": [STRIP, SHARE], "next.ipynb": [STRIP, SHARE]}


def write_pages(folder: Path) -> None:
    for name, cells in PAGES.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / name)


@pytest.fixture(scope="module")
def strip_server(tmp_path_factory):
    served = tmp_path_factory.mktemp("strip-site")
    write_pages(served)
    server = harness.start_voila(served)
    made, key = CohortStore(server.home / "cohort.sqlite").create_cohort("Strip group")
    # Work done before joining: the stage from Lesson 00, saved in this learner's workbook.
    # Finished work only is offered (widgets.progress): every answer of the self-assessment given.
    book = Workbook(server.home / "workbook.sqlite3")
    for answer, value in {"audience": 2, "replies": 2, "relationships": 1, "offers": 0}.items():
        book.save("00.stage-assessment", answer, value)
    book.save("00.stage-assessment", "_result", {"stage": "Listener"})
    yield server, made, key
    server.stop()


@pytest.mark.browser
def test_joined_on_one_page_stays_joined_on_reload_and_on_the_next(strip_server, page, console):
    server, made, key = strip_server
    store = CohortStore(server.home / "cohort.sqlite")
    page.goto(f"{server.url}/voila/render/first.ipynb")
    harness.wait_voila_rendered(page, ".sll-cohort-strip .sll-cohort-opener button")
    page.get_by_role("button", name="Join a cohort…").click()
    page.get_by_placeholder("Join code from your coach").fill(made.code)
    page.get_by_placeholder("Leave empty to stay anonymous").fill("Ana")
    page.locator(".sll-cohort-strip input[type=checkbox]").check()
    page.get_by_role("button", name="Join cohort").click()
    status = page.locator(".sll-cohort-strip .sll-cohort-status")
    expect(status).to_contain_text("Sharing with Strip group as Ana (now)")
    earlier = page.locator(".sll-cohort-earlier")
    expect(earlier).to_contain_text("You saved 1 result before joining (stage)")
    page.get_by_role("button", name="Share them").click()
    expect(page.locator(".sll-cohort-shared")).to_contain_text("Shared 1 earlier result")

    page.reload()
    harness.wait_voila_rendered(page, ".sll-test-share")
    expect(status).to_contain_text("Sharing with Strip group as Ana (joined earlier)")
    assert page.locator(".sll-cohort-earlier:visible").count() == 0, "asked once, not on every page"

    page.goto(f"{server.url}/voila/render/next.ipynb")
    harness.wait_voila_rendered(page, ".sll-test-share")
    expect(status).to_contain_text("Sharing with Strip group as Ana (joined earlier)")
    page.locator(".sll-test-share").click()
    expect(page.locator(".sll-cohort-shared")).to_contain_text("Shared your conversation result")
    text = page.inner_text("body")
    [member] = store.coach(made.code, key).members()
    assert member.label == "Ana" and member.submissions == 2
    assert {s.exercise_id for s in store.coach(made.code, key).submissions()} == \
        {"00.stage-assessment", "01.conversation-finder"}
    assert "sll_join" not in text and all(len(word) < 60 for word in text.split()), "no token on the page"

    page.get_by_role("button", name="Stop sharing").click()
    expect(status).to_contain_text("Your coach still sees the 2 results you shared before")
    page.reload()
    harness.wait_voila_rendered(page, ".sll-test-share")
    expect(page.locator(".sll-cohort-opener")).to_be_visible()
    assert harness.traceback_text(page) == []
    # Leaving a page makes Voila ask to shut its old kernel down, which this Voila refuses (403,
    # '_xsrf' missing; see test_save_lost_kernel.py). That refusal is Voila's; anything else is ours.
    ours = [e for e in console.errors if "403 (Forbidden)" not in e or "/voila/api/shutdown/" not in e]
    assert ours == [], "\n".join(ours)
