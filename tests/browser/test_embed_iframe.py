"""An LMS page on an allowed origin embeds a lesson and the learner can use it; any other origin is refused."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from functools import partial

import pytest
from playwright.sync_api import expect

import harness
from widgets import embed

REWRITE = "What helped your team most this week?"


@pytest.fixture(scope="module")
def host_server(tmp_path_factory):
    """A tiny static web server standing in for the LMS; reachable as two origins (localhost, 127.0.0.1)."""
    root = tmp_path_factory.mktemp("lms")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def embeddable_voila(host_server, lesson01):
    """Voilà over the lessons, allowing only http://localhost:<host port> to frame them."""
    _, port = host_server
    allowed = f"http://localhost:{port}"
    server = harness.start_voila(lesson01.parent, extra_args=tuple(embed.voila_args([embed.origin(allowed)])))
    yield server, allowed
    server.stop()


def _host_page(root, name: str, src: str) -> None:
    (root / name).write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS course page</title></head>'
        '<body><h1>Week 3: Conversation</h1>'
        f'<iframe id="lesson" src="{src}" title="Lesson 01" width="1200" height="1600" '
        'onload="window.__frameLoads = (window.__frameLoads || 0) + 1"></iframe></body></html>',
        encoding="utf-8")


@pytest.mark.browser
def test_allowed_origin_embeds_a_working_lesson_and_others_are_refused(embeddable_voila, host_server, page):
    server, allowed = embeddable_voila
    root, port = host_server
    lesson_url = f"{server.url}/voila/render/{harness.LESSON01}"
    _host_page(root, "lms.html", lesson_url)

    # The header the browser enforces names exactly the allowed origin.
    with urllib.request.urlopen(f"{server.url}/voila/tree", timeout=60) as response:
        assert response.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {allowed}"

    refusals = []
    page.on("console", lambda msg: refusals.append(msg.text) if "frame-ancestors" in msg.text else None)

    # Allowed: http://localhost:<port> embeds the lesson; typing in the frame moves the meter.
    page.goto(f"{allowed}/lms.html")
    frame = page.frame_locator("#lesson")
    draft = frame.locator(harness.DRAFT)
    expect(draft).to_be_visible()
    lesson_frame = next(f for f in page.frames if f.url.startswith(lesson_url))
    harness.wait_voila_rendered(lesson_frame, harness.DRAFT)
    draft.fill("")
    expect(frame.locator(harness.meter_reading(0))).to_have_count(1)
    draft.press_sequentially(REWRITE)
    expect(frame.locator(harness.meter_reading(len(REWRITE)))).to_have_count(1)
    assert refusals == [], refusals

    # Not named: the same page from http://127.0.0.1:<port> (another origin) gets no lesson.
    with page.expect_console_message(lambda msg: "frame-ancestors" in msg.text) as refused:
        page.goto(f"http://127.0.0.1:{port}/lms.html")
    assert "blocked" in refused.value.text and f"frame-ancestors 'self' {allowed}" in refused.value.text
    page.wait_for_function("() => window.__frameLoads >= 1")
    frame_urls = [f.url for f in page.frames if f != page.main_frame]
    assert frame_urls == ["chrome-error://chromewebdata/"], "the frame shows the browser's refusal, not the lesson"
    assert page.frame_locator("#lesson").locator(".sll-rewrite-studio").count() == 0
