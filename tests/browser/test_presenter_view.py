"""``social-lab present --coach``: the projected page shows no notes, the coach's presenter page shows them."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

import harness
from widgets.cohort import CohortStore
from widgets.workbook import Workbook

LESSON = "01_notes.ipynb"
NOTES = "lesson01/coach_notes.yaml"
READY = "Press Ctrl+C to stop."
STRIP = "from widgets.exercises.joining import CohortStrip\n\nCohortStrip()"
SHARE = ("import ipywidgets as w\nfrom widgets.cohort import share\n"
         "done = w.Button(description='Share my conversation', tooltip='Share my conversation')\n"
         "done.add_class('sll-test-share')\n"
         "done.on_click(lambda _: share('01.conversation-finder', {'conversation': 'bread'}))\ndone")
LEARNER_PAGES = {"02_join.ipynb": [STRIP], "03_next.ipynb": [STRIP, SHARE]}


def write_lessons(folder: Path) -> None:
    """A one-page lesson with the real notes widget, and the real dashboard under coach/."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson on the projector"),
                nbformat.v4.new_code_cell("from widgets.exercises.coach import CoachNotesView\n"
                                          f"CoachNotesView.from_dataset({NOTES!r})"),
                nbformat.v4.new_code_cell("import ipywidgets as w\nw.HTML('<p class=\"sll-test-end\">end</p>')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / LESSON)
    for name, cells in LEARNER_PAGES.items():
        page = nbformat.v4.new_notebook()
        page.cells = [nbformat.v4.new_code_cell(src) for src in cells]
        page.metadata["kernelspec"] = nb.metadata["kernelspec"]
        nbformat.write(page, folder / name)
    (folder / "coach").mkdir()
    shutil.copy(harness.LESSONS_DIR / "coach" / "dashboard.ipynb", folder / "coach" / "dashboard.ipynb")


class Presented:
    """``social-lab present --coach`` run as a coach runs it; the addresses are the ones it printed."""

    def __init__(self, lessons: Path, extra: tuple[str, ...] = ()):
        self.scratch = Path(tempfile.mkdtemp(prefix="sll-present-"))
        self.home = self.scratch / "home"
        env = {**os.environ, "SOCIAL_LAB_HOME": str(self.home),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(harness.REPO_ROOT), os.environ.get("PYTHONPATH")]))}
        env.pop("JUPYTER_TOKEN", None)
        self.log = self.scratch / "present.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "widgets.cli", "present", "--coach", "--no-browser", "--preheat", "0",
                 "--lessons", str(lessons), *extra],
                cwd=harness.REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + 90
        while READY not in self.text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"present --coach did not start:\n{self.text()[-3000:]}", pytrace=False)
            time.sleep(0.2)  # bounded: waiting for the command's own "ready" line
        self.room = re.search(r"Projected lessons \(what the room sees, no notes\): (\S+)", self.text())[1]
        self.presenter = re.search(r"Presenter view \(.*?\): (\S+)", self.text())[1]
        self.dashboard = re.search(r"Your cohort dashboard: (\S+)", self.text())[1]

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the command stops both of its servers
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def presented(tmp_path_factory):
    lessons = tmp_path_factory.mktemp("presented-lessons")
    write_lessons(lessons)
    # One shared workbook (--one-learner), so the session test can put work done before joining in it;
    # per-browser workbooks on a room are tested in test_room_present.py.
    run = Presented(lessons, ("--one-learner",))
    yield run
    run.stop()


def _status(url: str) -> int:
    """The first answer's status, redirects not followed (a login redirect is a refusal)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.mark.browser
def test_projected_page_has_no_notes_and_presenter_page_has_them(presented, page, console, browser):
    assert presented.room.startswith("http://127.0.0.1:") and "token" not in presented.room
    room_port, presenter_port = (re.search(r":(\d+)", u)[1] for u in (presented.room, presented.presenter))
    assert room_port != presenter_port

    page.goto(f"{presented.room}voila/render/{LESSON}")
    harness.wait_voila_rendered(page, ".sll-test-end")
    assert page.locator(".sll-coach-notes aside").count() == 0, "the projected page carries no notes"
    assert "For coaches" not in page.inner_text("body")
    assert "Listening lab" not in page.inner_text("body")

    coach = harness.new_page(browser)
    try:
        coach.goto(presented.presenter)  # the printed address, token included, logs the coach in
        expect(coach.get_by_text(LESSON).first).to_be_attached()  # the course home's file list (folded)
        base = presented.presenter.split("?")[0].rstrip("/")
        coach.goto(f"{base}/voila/render/{LESSON}")  # the login cookie carries on: no token in this address
        harness.wait_voila_rendered(coach, ".sll-coach-notes aside")
        notes = coach.locator(".sll-coach-notes aside")
        expect(notes).to_contain_text("For coaches: Running Lesson 01 with a group")
        expect(notes).to_contain_text("Listening lab")
        coach.goto(presented.dashboard)  # the cohort's live numbers: on the presenter server, same token
        harness.wait_voila_rendered(coach, ".sll-open-dashboard")
        assert harness.traceback_text(coach) == []
    finally:
        coach.context.close()

    base = presented.presenter.split("?")[0].rstrip("/")
    assert _status(f"{base}/voila/render/{LESSON}") in (302, 403), "no token, no presenter view"
    assert harness.traceback_text(page) == []
    assert console.errors == [], "\n".join(console.errors)


@pytest.mark.browser
def test_a_session_the_room_joins_and_the_presenters_dashboard_counts_them(presented, page, browser):
    """The room's server and the presenter's share one cohort store: what the room shares, the coach sees.

    One learner joins in the browser (this server's workbook is theirs); two more join from their own
    machines (through the store, as a hub's learners do), so the dashboard counts three.
    """
    store = CohortStore(presented.home / "cohort.sqlite")
    made, key = store.create_cohort("Session group")
    book = Workbook(presented.home / "workbook.sqlite3")  # finished work before joining (every answer given)
    for answer, value in {"audience": 2, "replies": 2, "relationships": 1, "offers": 0}.items():
        book.save("00.stage-assessment", answer, value)
    book.save("00.stage-assessment", "_result", {"stage": "Listener"})
    page.goto(f"{presented.room}voila/render/02_join.ipynb")
    harness.wait_voila_rendered(page, ".sll-cohort-strip .sll-cohort-opener button")
    page.get_by_role("button", name="Join a cohort…").click()
    page.get_by_placeholder("Join code from your coach").fill(made.code)
    page.locator(".sll-cohort-strip input[type=checkbox]").check()
    page.get_by_role("button", name="Join cohort").click()
    page.get_by_role("button", name="Share them").click()
    expect(page.locator(".sll-cohort-shared")).to_contain_text("Shared 1 earlier result")
    page.reload()
    harness.wait_voila_rendered(page, ".sll-cohort-strip .sll-cohort-status p")
    expect(page.locator(".sll-cohort-status")).to_contain_text("Sharing with Session group")
    page.goto(f"{presented.room}voila/render/03_next.ipynb")  # the next lesson
    harness.wait_voila_rendered(page, ".sll-test-share")
    expect(page.locator(".sll-cohort-status")).to_contain_text("Sharing with Session group")
    page.locator(".sll-test-share").click()
    expect(page.locator(".sll-cohort-shared")).to_contain_text("Shared your conversation result")
    for stage in ("Host", "Host"):
        store.submit(store.join(made.code).token, "00.stage-assessment", {"stage": stage})

    coach = harness.new_page(browser)
    try:
        coach.goto(presented.dashboard)
        harness.wait_voila_rendered(coach, ".sll-open-dashboard")
        coach.get_by_placeholder("Cohort name or join code").fill(made.name)
        coach.get_by_placeholder("Coach key").fill(key)
        coach.get_by_role("button", name="Open dashboard").click()
        expect(coach.locator(".sll-cohort-summary [data-members='3'][data-submissions='4']")).to_have_count(1)
        expect(coach.locator(".sll-cohort-summary")).to_contain_text("3 learners have shared 4 results.")
        stages = coach.locator(".sll-cohort-stages .js-plotly-plot")
        expect(stages).to_contain_text("Listener")
        expect(stages).to_contain_text("Stages (3 learners)")
        expect(coach.locator(".sll-cohort-conversations .js-plotly-plot")).to_contain_text("bread")
        assert harness.traceback_text(coach) == []
    finally:
        coach.context.close()
    assert harness.traceback_text(page) == []
