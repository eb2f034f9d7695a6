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
from widgets.cohort.learner import LEARNER_EXERCISE, MEMBERSHIP_KEY
from widgets.workbook import Workbook

LESSON = "01_notes.ipynb"
NOTES = "lesson01/coach_notes.yaml"
READY = "Press Ctrl+C to stop."
STRIP = "from widgets.exercises.joining import CohortStrip\n\nCohortStrip()"
SHARE = ("import ipywidgets as w\nfrom widgets.cohort import share\n"
         "done = w.Button(description='Share my conversation', tooltip='Share my conversation')\n"
         "done.add_class('sll-test-share')\n"
         "done.on_click(lambda _: share('01.conversation-finder', {'conversation': 'bread'}))\ndone")
JOIN_PAGE = "00_start_here.ipynb"  # the real Lesson 00: stage self-assessment and the cohort join
NEXT_PAGE = "01_conversation.ipynb"  # where Lesson 00's "next" link leads: the strip and a share hook
LEARNER_PAGES = {NEXT_PAGE: [STRIP, SHARE]}
# Lesson 00's stage self-assessment, one option index per axis: work done before joining.
STAGE_ANSWERS = {"audience": 2, "replies": 2, "relationships": 1, "offers": 0}


def write_lessons(folder: Path) -> None:
    """A one-page lesson with the real notes widget, the real Lesson 00, a next page, and the real dashboard."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson on the projector"),
                nbformat.v4.new_code_cell("from widgets.exercises.coach import CoachNotesView\n"
                                          f"CoachNotesView.from_dataset({NOTES!r})"),
                nbformat.v4.new_code_cell("import ipywidgets as w\n"
                                          "w.HTML('<div style=\"height:3000px\">a long lesson</div>')"),
                nbformat.v4.new_code_cell("import ipywidgets as w\nw.HTML('<p class=\"sll-test-end\">end</p>')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / LESSON)
    for name, cells in LEARNER_PAGES.items():
        page = nbformat.v4.new_notebook()
        page.cells = [nbformat.v4.new_code_cell(src) for src in cells]
        page.metadata["kernelspec"] = nb.metadata["kernelspec"]
        nbformat.write(page, folder / name)
    shutil.copy(harness.LESSONS_DIR / JOIN_PAGE, folder / JOIN_PAGE)
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
    run = Presented(lessons)  # a room: each browser its own learner and workbook
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
        # A presenter view: the notes stay beside the lesson as the coach scrolls, with the cohort's numbers.
        expect(coach.locator(".sll-coach-panel .sll-coach-live")).to_contain_text("Live: ")
        coach.get_by_text("Lesson on the projector").scroll_into_view_if_needed()
        at_top = coach.locator(".sll-coach-panel").bounding_box()
        coach.locator(".sll-test-end").scroll_into_view_if_needed()  # 3,000 px further down
        assert coach.get_by_text("Lesson on the projector").bounding_box()["y"] < -2000, "the lesson did scroll"
        at_end = coach.locator(".sll-coach-panel").bounding_box()
        assert at_end == at_top and 0 <= at_end["y"] < 100 and at_end["x"] + at_end["width"] <= 1280, (at_top, at_end)
        assert coach.locator(".sll-room-banner").count() == 0, "the presenter is the coach's own workbook"
        coach.goto(presented.dashboard)  # the cohort's live numbers: on the presenter server, same token
        harness.wait_voila_rendered(coach, ".sll-open-dashboard")
        assert harness.traceback_text(coach) == []
    finally:
        coach.context.close()

    base = presented.presenter.split("?")[0].rstrip("/")
    assert _status(f"{base}/voila/render/{LESSON}") in (302, 403), "no token, no presenter view"
    assert harness.traceback_text(page) == []
    assert console.errors == [], "\n".join(console.errors)


def _open(page, url: str, ready: str) -> None:
    page.goto(url)
    harness.wait_voila_rendered(page, ready)


@pytest.mark.browser
def test_a_session_three_learners_join_stay_joined_and_the_dashboard_counts_them(presented, browser):
    """A coach's session: three learners, each in a browser of their own, join from Lesson 00.

    The first did the stage self-assessment before joining and shares it when asked; all three
    reload and follow the "next" link still joined, and share from the next lesson; the coach's
    dashboard on the presenter server shows three learners and their four results, and the store
    holds one member per learner (no re-join on reload or on the next page).
    """
    store = CohortStore(presented.home / "cohort.sqlite")
    made, key = store.create_cohort("Session group")
    learners = [harness.new_page(browser) for _ in range(3)]
    try:
        for n, page in enumerate(learners):
            _open(page, f"{presented.room}voila/render/{JOIN_PAGE}", ".sll-lesson-nav")
            assert page.locator(".sll-coach-notes aside").count() == 0, "the room's pages carry no notes"
            if n == 0:  # work done before joining, in this learner's own workbook
                for axis, index in STAGE_ANSWERS.items():
                    page.locator(f".sll-stage-assessment .sll-stage-{axis} input[type=radio]").nth(index).check()
                expect(page.locator(".sll-stage-result [data-stage]")).to_have_count(1)
            join = page.locator(".sll-cohort-join")
            join.get_by_placeholder("Join code from your coach").fill(made.code)
            join.get_by_placeholder("Leave empty to stay anonymous").fill(f"Learner {n + 1}")
            join.locator("input[type=checkbox]").check()
            join.get_by_role("button", name="Join cohort").click()
            expect(join.locator(".sll-cohort-status")).to_contain_text(f"Sharing with Session group as Learner {n + 1}")
            if n == 0:
                expect(join.locator(".sll-cohort-earlier")).to_contain_text("You saved 1 result before joining")
                join.get_by_role("button", name="Share them").click()
                expect(join.locator(".sll-cohort-shared")).to_contain_text("Shared 1 earlier result")
            else:  # nothing done before joining: nothing to ask
                expect(join.locator(".sll-cohort-earlier")).to_be_hidden()
        for n, page in enumerate(learners):
            page.reload()
            harness.wait_voila_rendered(page, ".sll-cohort-join .sll-cohort-status p")
            expect(page.locator(".sll-cohort-join .sll-cohort-status")).to_contain_text(
                f"as Learner {n + 1} (joined earlier)")
            expect(page.locator(".sll-cohort-earlier")).to_be_hidden()  # asked once, never again
            page.locator(".sll-lesson-nav a.sll-next").first.click()  # the next lesson
            page.wait_for_url(f"**/voila/render/{NEXT_PAGE}")
            harness.wait_voila_rendered(page, ".sll-test-share")
            expect(page.locator(".sll-cohort-strip .sll-cohort-status")).to_contain_text(
                f"Sharing with Session group as Learner {n + 1}")
            expect(page.locator(".sll-cohort-strip .sll-cohort-opener")).to_be_hidden()
            page.locator(".sll-test-share").click()
            expect(page.locator(".sll-cohort-strip .sll-cohort-shared")).to_contain_text(
                "Shared your conversation result")
        # Each learner's join is kept in their own workbook; its signed token is never in their page.
        books = sorted((presented.home / "learners").glob("*/workbook.sqlite3"))
        assert len(books) == 3, books
        tokens = [Workbook(book).get(LEARNER_EXERCISE, MEMBERSHIP_KEY)["token"] for book in books]
        assert len(set(tokens)) == 3
        for page in learners:
            html = page.content()
            assert not any(token in html for token in tokens)
    finally:
        for page in learners:
            page.context.close()

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
        expect(stages).to_contain_text("Stages (1 learner)")
        expect(coach.locator(".sll-cohort-conversations .js-plotly-plot")).to_contain_text("bread")
        assert harness.traceback_text(coach) == []
    finally:
        coach.context.close()
    members = store.coach(made.name, key).members()  # one member per learner: reloads did not re-join
    assert sorted((m.label, m.submissions) for m in members) == [("Learner 1", 2), ("Learner 2", 1), ("Learner 3", 1)]
