"""Headless learners for load tests and the benchmark: a Voilà page driven over its kernel websocket.

Each client does what the browser does for a widget page, minus the drawing: GET the rendered page
(Voilà starts or hands over a kernel), open the widget control comm, read every model's state, then
send widget updates and clicks as comm messages. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid
from pathlib import Path

LEARNER = "learner.ipynb"
# Many kernels starting at once race for TCP ports ("Address already in use" in a kernel's
# heartbeat, and that page never renders): kernels talk over Unix sockets instead.
LOAD_SERVER_ARGS = ()  # harness.start_voila already runs kernels over IPC (harness.KERNEL_IPC)
ARRIVAL_GAP_S = 0.2  # learners open the page a moment apart, as in a room
CONTROL_VERSION = "1.0.0"  # ipywidgets 8's widget control comm protocol
# Every kernel of the test server shares one workbook: each page is its own learner by an id of its own.
LEARNER_CELLS = [
    "import secrets\nfrom widgets.exercises.cohort import CohortJoin\nCohortJoin(learner=secrets.token_hex(16))",
    "import ipywidgets as w\nfrom widgets.cohort import share\n"
    "stage = w.Dropdown(options=['Broadcaster', 'Listener', 'Host'], description='Your stage')\n"
    "done = w.Button(description='Share my stage', tooltip='Share my stage with the cohort')\n"
    "done.on_click(lambda _: share('00.stage-assessment', {'stage': stage.value}))\n"
    "w.VBox([stage, done])",
]


def write_learner_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in LEARNER_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / LEARNER)
    return folder / LEARNER


def render(base_url: str, path: str, timeout: float = 120) -> str:
    """GET a Voilà page and return its kernel id (the kernel has run the notebook by then)."""
    if not base_url.startswith("http://127.0.0.1:"):
        raise ValueError("load clients only talk to loopback servers")
    with urllib.request.urlopen(f"{base_url}/voila/render/{path}", timeout=timeout) as response:
        page = response.read().decode("utf-8", "replace")
    found = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', page)
    if not found:
        raise RuntimeError("no kernel id in the rendered page")
    return found.group(1)


class WidgetClient:
    """One page's kernel websocket, speaking the widget protocol."""

    def __init__(self, base_url: str, kernel_id: str, timeout: float = 60):
        import websocket

        self.session = uuid.uuid4().hex
        self.timeout = timeout
        ws_url = base_url.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(ws_url, timeout=timeout)
        self.states: dict[str, dict] = {}
        self.seen_values: list[str] = []

    def close(self) -> None:
        try:
            self.ws.send(self._msg("shutdown_request", {"restart": False}, channel="control"))
        finally:
            self.ws.close()

    def _msg(self, msg_type: str, content: dict, channel: str = "shell", metadata: dict | None = None) -> str:
        return json.dumps({
            "header": {"msg_id": uuid.uuid4().hex, "username": "load", "session": self.session,
                       "msg_type": msg_type, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": channel, "buffers": [],
        })

    def _recv(self, deadline: float) -> dict | None:
        import websocket

        self.ws.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            msg = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        # A value arrives in an update, or in the state of a widget made when it first has something to show
        # (a feedback or status line, widgets.exercises.base.Line), as the page's widget manager sees both.
        if msg.get("msg_type", msg["header"]["msg_type"]) in ("comm_msg", "comm_open"):
            data = msg["content"].get("data", {})
            value = (data.get("state") or {}).get("value")
            if isinstance(value, str):
                self.seen_values.append(value)
        return msg

    def load_states(self) -> None:
        comm_id = uuid.uuid4().hex
        self.ws.send(self._msg("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                               metadata={"version": CONTROL_VERSION}))
        self.ws.send(self._msg("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}},
                               metadata={"version": CONTROL_VERSION}))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = self._recv(deadline)
            if msg is None:
                break
            data = msg["content"].get("data", {}) if msg["header"]["msg_type"] == "comm_msg" else {}
            if data.get("method") == "update_states":
                self.states = data["states"]
                return
        raise TimeoutError("the kernel did not send the widget states")

    def find(self, model_name: str, **match) -> str:
        for model_id, model in self.states.items():
            state = model["state"]
            if model["model_name"] == model_name and all(str(state.get(k, "")).startswith(v) for k, v in match.items()):
                return model_id
        raise LookupError(f"no {model_name} with {match}")

    def update(self, model_id: str, state: dict) -> None:
        self.ws.send(self._msg("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state,
                                                                         "buffer_paths": []}}))

    def click(self, model_id: str) -> None:
        self.ws.send(self._msg("comm_msg", {"comm_id": model_id, "data": {"method": "custom",
                                                                         "content": {"event": "click"}}}))

    def wait_for_value(self, text: str, timeout: float | None = None) -> bool:
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            if any(text in v for v in self.seen_values):
                return True
            if self._recv(deadline) is None:
                break
        return any(text in v for v in self.seen_values)


def learner_joins_and_shares(base_url: str, code: str, stage_index: int, name: str = "", delay: float = 0) -> dict:
    """One learner: open the page, join with the code, share a stage. Returns timings in seconds."""
    time.sleep(delay)
    started = time.monotonic()
    kernel = render(base_url, LEARNER)
    rendered = time.monotonic()
    client = WidgetClient(base_url, kernel)
    try:
        client.load_states()
        client.update(client.find("TextModel", placeholder="Join code"), {"value": code})
        if name:
            client.update(client.find("TextModel", placeholder="Leave empty"), {"value": name})
        client.update(client.find("CheckboxModel", description="I have read"), {"value": True})
        client.click(client.find("ButtonModel", description="Join cohort"))
        if not client.wait_for_value("Sharing with"):
            raise RuntimeError(f"join not confirmed; saw {client.seen_values[-3:]}")
        joined = time.monotonic()
        client.update(client.find("DropdownModel", description="Your stage"), {"index": stage_index})
        shared_at = time.time()
        client.click(client.find("ButtonModel", description="Share my stage"))
        # A harmless round trip after the click: the kernel handles messages in order, so once it
        # answers, the share has run.
        client.ws.send(client._msg("comm_info_request", {}))
        deadline = time.monotonic() + client.timeout
        while time.monotonic() < deadline:
            msg = client._recv(deadline)
            if msg is None or msg["header"]["msg_type"] == "comm_info_reply":
                break
    finally:
        client.close()
    return {"render": rendered - started, "join": joined - rendered, "total": time.monotonic() - started,
            "shared_at": shared_at}
