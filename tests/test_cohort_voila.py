"""A real Voilà server never serves the cohort store and never runs code sent over its websocket."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import sys
import time
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness  # noqa: E402  (real servers, shared with the browser tests)

from widgets.cohort import CohortStore  # noqa: E402

pytestmark = pytest.mark.slow
SQLITE_MAGIC = b"SQLite format 3"


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    served = tmp_path_factory.mktemp("served")
    shutil.copy(harness.FIXTURES_DIR / harness.BARE_SLIDER, served / harness.BARE_SLIDER)
    # A decoy store inside the served folder too: even a misplaced store must not be downloadable.
    CohortStore(served / "cohort.sqlite").create_cohort("Decoy", "decoy-key-decoy-key")
    server = harness.start_voila(served)
    store = CohortStore(server.home / "cohort.sqlite")  # where the course keeps it: outside the served folder
    store.create_cohort("Real", "real-key-real-key")
    yield server, served
    server.stop()


def _get(port: int, raw_path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", raw_path)  # sent as written: no client-side normalisation of '..'
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_the_store_is_outside_the_served_folder(voila):
    server, served = voila
    assert served.resolve() not in (server.home / "cohort.sqlite").resolve().parents


@pytest.mark.parametrize("path", [
    pytest.param("/voila/files/cohort.sqlite", id="decoy-in-served-folder"),
    pytest.param("/voila/files/cohort.sqlite-wal", id="wal-file"),
    pytest.param("/voila/files/../social-lab-home/cohort.sqlite", id="dot-dot"),
    pytest.param("/voila/files/%2e%2e/social-lab-home/cohort.sqlite", id="encoded-dot-dot"),
    pytest.param("/voila/files/..%2fsocial-lab-home%2fcohort.sqlite", id="encoded-slash"),
    pytest.param("/voila/files/%2e%2e%2f%2e%2e%2fsocial-lab-home%2fcohort.sqlite", id="double-encoded-up"),
    pytest.param("/voila/files//{home}/cohort.sqlite", id="absolute-path"),
    pytest.param("/voila/files/cohort.SQLITE", id="case-variant"),
    pytest.param("/files/cohort.sqlite", id="jupyter-files-route"),
    pytest.param("/api/contents/cohort.sqlite", id="contents-api"),
])
def test_store_is_never_served(voila, path):
    server, _served = voila
    status, body = _get(server.port, path.format(home=str(server.home).lstrip("/")))
    assert status != 200 or SQLITE_MAGIC not in body, f"{path} answered {status} with the database"
    assert SQLITE_MAGIC not in body


def _kernel_id(page: str) -> str:
    found = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', page)
    assert found, "the rendered page names its kernel"
    return found.group(1)


def _message(msg_type: str, content: dict, session: str) -> str:
    return json.dumps({
        "header": {"msg_id": uuid.uuid4().hex, "username": "test", "session": session, "msg_type": msg_type,
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": [],
    })


def test_execute_request_over_the_kernel_websocket_does_not_run(voila, tmp_path):
    import websocket  # websocket-client, installed with jupyter

    server, _served = voila
    status, body = _get(server.port, f"/voila/render/{harness.BARE_SLIDER}")
    assert status == 200
    kernel = _kernel_id(body.decode("utf-8", "replace"))
    marker = tmp_path / "executed.txt"
    session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id={session}", timeout=30)
    try:
        ws.send(_message("execute_request", {
            "code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}, session))
        # A control: the same channel answers a permitted request, so silence above is a refusal.
        ws.send(_message("comm_info_request", {}, session))
        seen: list[str] = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and "comm_info_reply" not in seen:
            try:
                seen.append(json.loads(ws.recv())["header"]["msg_type"])
            except websocket.WebSocketTimeoutException:
                break
        # Give a sneaked-through execution a moment to land before checking its side effect.
        ws.settimeout(2)
        try:
            while True:
                seen.append(json.loads(ws.recv())["header"]["msg_type"])
        except (websocket.WebSocketTimeoutException, websocket.WebSocketConnectionClosedException):
            pass
    finally:
        ws.close()
    assert "comm_info_reply" in seen, f"the websocket answered nothing: {seen}"
    assert "execute_reply" not in seen and "execute_input" not in seen, seen
    assert not marker.exists(), "code sent over the websocket ran in the kernel"
