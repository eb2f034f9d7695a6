"""``social-lab learn`` for real: as root without the harness's flag, one address that opens the lesson, a quiet start.

The browser harness adds ``--ServerApp.allow_root`` itself, so the browser tests never saw
``learn`` refuse root. These run the command a learner types, as a subprocess, and use the
address it prints.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/\S*")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_root() -> list[str]:
    """A prefix that runs a command as root: nothing if we are root (CI), else a user namespace."""
    if os.geteuid() == 0:
        return []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--user", "--map-root-user", "true"], capture_output=True).returncode == 0:
        return [unshare, "--user", "--map-root-user"]
    pytest.skip("not root and no user namespaces to become root in (CI runs as root)")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOCIAL_LAB_HOME": str(tmp_path / "home")}
    for name in ("CONFIG", "DATA", "RUNTIME"):  # Jupyter's own folders: never the developer's
        env[f"JUPYTER_{name}_DIR"] = str(tmp_path / f"jupyter-{name.lower()}")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    return env


class Output:
    """Everything a process prints (stdout and stderr), gathered by threads, waited on by pattern."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._threads = [threading.Thread(target=self._read, args=(stream,), daemon=True)
                         for stream in (proc.stdout, proc.stderr)]
        for thread in self._threads:
            thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def wait_for(self, pattern: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.lines:
                    if re.search(pattern, line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line matching {pattern!r} in {timeout} s:\n" + "\n".join(self.lines))
                self._cond.wait(left)

    def drained(self, timeout: float) -> None:
        """Wait until both streams are closed and read to the end (the process has exited)."""
        for thread in self._threads:
            thread.join(timeout)

    @property
    def text(self) -> str:
        with self._cond:
            return "\n".join(self.lines)


def _get(url: str, token: str | None = None, data: dict | None = None) -> tuple[int, str, str]:
    """(status, Location header, body) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers = {"Authorization": f"token {token}"} if token else {}
    body = json.dumps(data).encode() if data is not None else None
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), ""


async def _run_in_kernel(port: int, kernel: str, token: str, code: str) -> str:
    """What ``code`` prints, run through the server's kernel websocket as JupyterLab does."""
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?token={token}"
    socket_ = await asyncio.wait_for(websocket_connect(url), 60)
    header = {"msg_id": "run-1", "username": "test", "session": "test", "msg_type": "execute_request",
              "version": "5.3", "date": ""}
    await socket_.write_message(json.dumps({
        "header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False}}))
    printed = ""
    while True:
        raw = await asyncio.wait_for(socket_.read_message(), 90)
        assert raw is not None, "the kernel websocket closed"
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != "run-1":
            continue
        if msg["msg_type"] == "stream":
            printed += msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            socket_.close()
            return printed


@pytest.fixture
def learn(tmp_path):
    """Start ``social-lab learn`` as root; yield (process, output); stop it as Ctrl+C would."""
    started = []

    def start(*extra: str):
        cmd = [*_as_root(), sys.executable, "-m", "widgets.cli", "learn", "--no-browser", *extra]
        proc = subprocess.Popen(cmd, env=_env(tmp_path), cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        started.append(proc)
        return proc, Output(proc)

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.mark.slow
def test_learn_as_root_prints_one_address_that_opens_the_lesson(learn):
    port = _free_port()
    proc, out = learn("--port", str(port))
    line = out.wait_for(r"open in JupyterLab: http", timeout=120)
    address = ADDRESS.search(line).group(0)
    assert address.startswith(f"http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token=")
    token = address.split("token=", 1)[1]

    status, _, page = _get(address)
    assert status == 200 and "JupyterLab" in page, "the printed address opens Lab, signed in"
    status, location, _ = _get(address.split("?")[0])
    assert status == 302 and "/login" in location, "without the token it is a login page: the token matters"

    # A kernel for the lesson starts and runs code, as root, through Lab's websocket.
    status, _, body = _get(f"http://127.0.0.1:{port}/api/sessions", token, {
        "path": "00_start_here.ipynb", "type": "notebook", "name": "", "kernel": {"name": "python3"}})
    assert status == 201, out.text
    kernel = json.loads(body)["kernel"]["id"]
    with ThreadPoolExecutor(1) as pool:  # its own event loop: other tests may leave one running here
        printed = pool.submit(asyncio.run, _run_in_kernel(port, kernel, token, "import os; print(os.geteuid())"))
        assert printed.result(timeout=120) == "0\n"

    text = out.text
    assert text.count("Running as root") == 1, "said once, not hidden"
    assert text.index("Running as root") < text.index(address)
    assert ADDRESS.findall(text) == [address], "one address, and it is the one that works"
    for noise in ("Warning", "WARNING", "not trusted", "without encryption", "[C ", "Traceback"):
        assert noise not in text, f"{noise!r} in a learner's start:\n{text}"

    proc.send_signal(signal.SIGINT)  # Ctrl+C
    assert proc.wait(timeout=30) == 0


@pytest.mark.slow
def test_nothing_says_press_ctrl_c_before_a_failure(learn, tmp_path):
    """JupyterLab starts and then fails (here: a certificate file that is not there); the learner sees
    Jupyter's reason, and nothing claims the course is ready."""
    config = tmp_path / "jupyter-config"
    config.mkdir()
    missing_cert = {"ServerApp": {"certfile": str(tmp_path / "none.pem")}}
    (config / "jupyter_server_config.json").write_text(json.dumps(missing_cert))
    proc, out = learn("--port", str(_free_port()))
    code = proc.wait(timeout=120)
    out.drained(timeout=10)
    assert code != 0
    assert "Starting JupyterLab" in out.text
    assert "Ctrl+C" not in out.text and "open in JupyterLab" not in out.text, out.text


def test_a_port_in_use_is_refused_before_anything_starts(tmp_path, capsys, monkeypatch):
    from widgets import cli

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "home"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["learn", "--no-browser", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"Port {port} is in use" in err and len(err.strip().splitlines()) == 1
