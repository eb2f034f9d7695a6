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

LESSON = "01_notes.ipynb"
NOTES = "lesson01/coach_notes.yaml"
READY = "Press Ctrl+C to stop."


def write_lessons(folder: Path) -> None:
    """A one-page lesson with the real notes widget, and the real dashboard under coach/."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson on the projector"),
                nbformat.v4.new_code_cell("from widgets.exercises.coach import CoachNotesView\n"
                                          f"CoachNotesView.from_dataset({NOTES!r})"),
                nbformat.v4.new_code_cell("import ipywidgets as w\nw.HTML('<p class=\"sll-test-end\">end</p>')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / LESSON)
    (folder / "coach").mkdir()
    shutil.copy(harness.LESSONS_DIR / "coach" / "dashboard.ipynb", folder / "coach" / "dashboard.ipynb")


class Presented:
    """``social-lab present --coach`` run as a coach runs it; the addresses are the ones it printed."""

    def __init__(self, lessons: Path, extra: tuple[str, ...] = ()):
        self.scratch = Path(tempfile.mkdtemp(prefix="sll-present-"))
        env = {**os.environ, "SOCIAL_LAB_HOME": str(self.scratch / "home"),
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
    run = Presented(lessons)
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
        expect(coach.get_by_text(LESSON)).to_be_visible()
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
