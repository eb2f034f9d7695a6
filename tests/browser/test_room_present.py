"""One ``present`` server, two browsers: each its own learner and workbook; kernels only for their owner,
freed when the tab closes, and a full room says so.

The server is started with the command ``social-lab present`` builds (``python -m widgets.room``),
capped at two pages so the third one meets the "room is full" page.
"""

from __future__ import annotations

import http.client
import json
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

import harness
from widgets import cli
from widgets.room import identity, limits
from widgets.site.cli import present_args
from widgets.workbook import Workbook

OWNER_TOKEN = "owner-token-for-the-test"
TEXT_A = "Learner A asks: what did you try first when the room went quiet?"
TEXT_B = "Learner B asks: which question brought you the best answer this week?"
BANNER = ".sll-room-banner"


@pytest.fixture(scope="module")
def room(lesson01, _browser_session):
    port = harness.free_port()
    head = limits.room_command(lesson01.parent, max_pages=2, cull_idle_s=0, one_learner=False, embedded=False)
    cmd = cli.voila_command(lesson01.parent, port, browser=False, head=head) + present_args()
    cmd.append("--show_tracebacks=False")
    scratch = Path(tempfile.mkdtemp(prefix="sll-room-"))
    server = harness._spawn("room", cmd, scratch, lesson01.parent, harness.REPO_ROOT,
                            {identity.OWNER_ENV: OWNER_TOKEN}, "/voila/tree", port, None, 60.0)
    yield server
    server.stop()


def _kernel_id(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def _learner_cookie(page) -> str:
    [cookie] = [c for c in page.context.cookies() if c["name"] == identity.COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    return cookie["value"]


def _status(url: str, cookie: str | None = None, method: str = "GET") -> int:
    request = urllib.request.Request(url, method=method)
    if cookie:
        request.add_header("Cookie", f"{identity.COOKIE}={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _websocket_status(server, kernel_id: str, cookie: str | None) -> int:
    """The answer to a websocket upgrade on the kernel's channels (101 opens it)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": server.url}
    if cookie:
        headers["Cookie"] = f"{identity.COOKIE}={cookie}"
    conn.request("GET", f"/api/kernels/{kernel_id}/channels?session_id=probe", headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def _wait_kernels(server, count: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while len(server.kernel_pids()) != count and time.monotonic() < deadline:
        time.sleep(0.2)  # bounded: the kernel process takes a moment to exit
    return len(server.kernel_pids())


def _leave(page) -> None:
    """The learner leaves the lesson: the page unloads (Voilà's shutdown beacon goes), then the tab closes.

    Not ``page.close(run_before_unload=True)`` alone: that does not wait for the page to unload, and
    twice in CI the beacon it queued was lost with the closing tab (a real close that loses it too is
    freed by the room's idle cull instead, whose server arguments tests/test_room.py checks).
    """
    page.goto("about:blank")
    page.close()


def _type_and_save(page, text: str) -> None:
    autosave = harness.AutosaveProbe(page)
    autosave.expect_length(len(text))
    page.locator(harness.DRAFT).fill(text)
    autosave.wait_saved()


def _workbook_text(home: Path) -> str:
    return json.dumps(Workbook(home / "workbook.sqlite3").export_data(), ensure_ascii=False)


@pytest.mark.browser
def test_two_browsers_on_one_server_each_see_only_their_own_work(room, browser):
    lesson = f"{room.url}/voila/render/{harness.LESSON01}"
    page_a, page_b = harness.new_page(browser), harness.new_page(browser)
    try:
        page_a.goto(lesson)
        harness.wait_voila_rendered(page_a, harness.DRAFT)
        expect(page_a.locator(BANNER)).to_contain_text("This workbook belongs to this browser")
        _type_and_save(page_a, TEXT_A)

        page_b.goto(lesson)
        harness.wait_voila_rendered(page_b, harness.DRAFT)
        expect(page_b.locator(harness.DRAFT)).not_to_have_value(TEXT_A)
        _type_and_save(page_b, TEXT_B)

        cookie_a, cookie_b = _learner_cookie(page_a), _learner_cookie(page_b)
        home_a = room.home / "learners" / cookie_a.split(".")[0]
        home_b = room.home / "learners" / cookie_b.split(".")[0]
        assert home_a != home_b
        assert TEXT_A in _workbook_text(home_a) and TEXT_B not in _workbook_text(home_a)
        assert TEXT_B in _workbook_text(home_b) and TEXT_A not in _workbook_text(home_b)
        assert not (room.home / "workbook.sqlite3").exists(), "nobody wrote to the owner's workbook"

        # A's kernel answers A, and nobody else, by any of its addresses.
        kernel_a = _kernel_id(page_a)
        api = f"{room.url}/api/kernels/{kernel_a}"
        assert _status(api, cookie_a) == 200
        forged = "f" * 32 + "." + cookie_a.split(".")[1]
        for cookie in (None, cookie_b, forged, cookie_a.split(".")[0]):
            assert _status(api, cookie) == 404, cookie
            assert _websocket_status(room, kernel_a, cookie) == 404, cookie
            assert _status(f"{room.url}/voila/api/shutdown/{kernel_a}", cookie, method="POST") in (403, 404)
        assert _status(api, cookie_a) == 200, "A's kernel is still running"

        # Two pages are open: the room (max 2) is full for a third browser.
        assert len(room.kernel_pids()) == 2
        try:
            urllib.request.urlopen(lesson, timeout=30)
            raise AssertionError("a third page opened in a room of two")
        except urllib.error.HTTPError as exc:
            full = exc
        assert full.code == 503 and full.headers["Retry-After"] == str(limits.RETRY_AFTER_S)
        assert "The room is full" in full.read().decode("utf-8")
        assert len(room.kernel_pids()) == 2, "the full page started no kernel"

        # B leaves: Voilà's shutdown request (with the _xsrf cookie it now has) frees B's kernel.
        _leave(page_b)
        assert _wait_kernels(room, 1) == 1, f"B's leaving freed B's kernel\n{room.tail()}"

        # A reloads and gets A's work back; B comes back and gets B's, never A's.
        page_a.reload()
        harness.wait_voila_rendered(page_a, harness.DRAFT)
        expect(page_a.locator(harness.DRAFT)).to_have_value(TEXT_A)
        # The reload's shutdown request freed A's old kernel (else B's return could meet a full room).
        assert _wait_kernels(room, 1) == 1, f"A's reload freed A's old kernel\n{room.tail()}"
        page_b = page_b.context.new_page()
        page_b.goto(lesson)
        harness.wait_voila_rendered(page_b, harness.DRAFT)
        expect(page_b.locator(harness.DRAFT)).to_have_value(TEXT_B)

        _leave(page_a)
        assert _wait_kernels(room, 1) == 1, f"A's leaving freed A's kernel\n{room.tail()}"
        _leave(page_b)
        assert _wait_kernels(room, 0) == 0, f"B's leaving freed B's kernel\n{room.tail()}"
    finally:
        page_a.context.close()
        page_b.context.close()


def test_the_owner_link_makes_a_browser_the_servers_own_learner(room):
    """The browser ``present`` opens keeps the machine's own workbook and sees no banner."""
    opener = urllib.request.build_opener(_NoRedirect)
    for token, owner in ((OWNER_TOKEN, True), ("not-the-token", False)):
        try:
            opener.open(f"{room.url}/?{identity.OWNER_PARAM}={token}", timeout=30)
            raise AssertionError("the owner link answers with a redirect")
        except urllib.error.HTTPError as exc:
            assert exc.code == 302 and exc.headers["Location"] == "/", "the token leaves the address bar"
            cookies = [v for k, v in exc.headers.items() if k == "Set-Cookie" and v.startswith(identity.COOKIE)]
        assert bool(cookies) is owner
        if owner:
            assert cookies[0].startswith(f"{identity.COOKIE}={identity.OWNER}.") and "HttpOnly" in cookies[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
