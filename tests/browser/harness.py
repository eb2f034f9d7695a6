"""Real servers and a real browser, shared by the browser tests and ``benchmarks/run.py`` (no pytest here)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from widgets import serving

REPO_ROOT = Path(__file__).resolve().parents[2]
# Override to run the browser tests and the benchmark against another copy of the lessons.
LESSONS_DIR = Path(os.environ.get("SOCIAL_LAB_LESSONS_DIR", REPO_ROOT / "lessons"))
FIXTURES_DIR = REPO_ROOT / "tests" / "fixtures"
LESSON01 = "01_conversation.ipynb"
BARE_SLIDER = "bare_slider.ipynb"

# Selectors from the Lesson 01 widget contract (the views add these with ``add_class``).
STUDIO = ".sll-rewrite-studio"
DRAFT = ".sll-rewrite-studio .sll-draft textarea"
METER = ".sll-rewrite-studio .sll-voice-meter"
METER_READING = ".sll-rewrite-studio .sll-voice-meter [data-chars]"
SAVE_STATUS = ".sll-rewrite-studio .sll-save-status"
LISTENING_LAB = ".sll-listening-lab"
VERDICTS = ("bullhorn", "walkie-talkie", "mixed", "neutral", "none")
BARE_WIDGET = ".widget-slider"

CHROMIUM_ENV = "SOCIAL_LAB_CHROMIUM"
# Without the background-networking flags Chromium keeps dialling the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# The ONLY console errors a page may show. Voila's "lab" template links two Font Awesome
# stylesheets from a CDN (voila/templates/lab/index.html.j2). Offline, Chromium logs each as a
# console error "Failed to load resource: net::ERR_<reason>" located at that stylesheet's URL
# (which it reports percent-encoded, "@%5E5"). Exactly those two URLs with exactly that message
# are ignored; any other failed resource, any other message, and every uncaught page error count.
IGNORED_FAILED_RESOURCES = frozenset({
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/v4-shims.min.css",
})
FAILED_RESOURCE = re.compile(r"^Failed to load resource: net::ERR_[A-Z_]+$")

# Text that means a cell failed or a widget could not be shown.
TRACEBACK_MARKERS = (
    "Traceback (most recent call last)",
    "There was an error when executing cell",  # Voila with show_tracebacks=False
    "ExecutionError",
    "Error displaying widget",
    "Error creating widget",
)


class BrowserNotFound(RuntimeError):
    """No Chromium to drive: none named by the env var, none on the system, none from Playwright."""


class ServerError(RuntimeError):
    """A Voila or JupyterLab server did not come up; the message ends with its log tail."""


# --------------------------------------------------------------------------- browser

def find_chromium(playwright=None) -> str:
    """The Chromium to drive: ``$SOCIAL_LAB_CHROMIUM``, then the system's, then Playwright's own.

    >>> find_chromium()  # doctest: +SKIP
    '/usr/bin/chromium'
    """
    tried = []
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        if os.access(explicit, os.X_OK):
            return explicit
        # A wrong explicit path is a configuration mistake: do not silently fall back.
        raise BrowserNotFound(f"${CHROMIUM_ENV}={explicit!r} is not an executable file")
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate:
            tried.append(candidate)
            if os.access(candidate, os.X_OK):
                return candidate
    if playwright is not None:
        own = playwright.chromium.executable_path
        tried.append(own)
        if own and os.access(own, os.X_OK):
            return own
    raise BrowserNotFound(
        f"no Chromium found (set ${CHROMIUM_ENV}, or install the system 'chromium' package, "
        f"or run 'playwright install chromium' where there is network); tried: {', '.join(tried) or 'nothing'}"
    )


def launch_chromium(playwright, executable: str):
    """A headless Chromium that stays off the network except for the pages it is sent to."""
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


# Any http(s) request that does not go to this machine. Voila's lab template links Font Awesome
# from a CDN; on this offline machine the DNS lookup can stall for a minute, holding the page's
# load event (a test then times out at random). The tests never use the network, so such
# requests are aborted at once, which is what an offline learner's browser sees sooner or later.
EXTERNAL = re.compile(r"^https?://(?!(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?/)")


def new_page(browser, timeout_ms: int = 60_000):
    """A page in a fresh context (no cache, no storage), offline, with a generous default timeout."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(timeout_ms)
    context.route(EXTERNAL, lambda route: route.abort())
    return context.new_page()


@dataclass
class ConsoleRecorder:
    """Console errors and uncaught page errors of one page, minus the documented CDN failures."""

    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page) -> "ConsoleRecorder":
        recorder = cls()
        page.on("console", recorder._on_console)
        page.on("pageerror", recorder._on_pageerror)
        return recorder

    def _on_console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        entry = f"console.error: {msg.text} (at {url or 'unknown location'})"
        if FAILED_RESOURCE.match(msg.text) and urllib.parse.unquote(url) in IGNORED_FAILED_RESOURCES:
            self.ignored.append(entry)
        else:
            self.errors.append(entry)

    def _on_pageerror(self, error) -> None:
        self.errors.append(f"pageerror: {error}")


def serious_violations(page) -> list[dict]:
    """axe-core violations of impact serious or critical on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    """One readable block per violation: rule, impact, help and the offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node.get('target')} {node.get('html', '')[:160]}\n      {summary}")
    return "\n".join(lines)


def traceback_text(page) -> list[str]:
    """The traceback/error markers present in the page's visible text."""
    text = page.inner_text("body")
    return [marker for marker in TRACEBACK_MARKERS if marker in text]


# JS predicate: the selector is visible and Voila's #loading spinner is gone (or hidden).
# Returns performance.now() (ms since navigation start) so callers can time it.
_RENDERED_JS = """
(selector) => {
  const el = document.querySelector(selector);
  if (!el || !el.checkVisibility()) return false;
  const loading = document.getElementById('loading');
  if (loading && loading.checkVisibility()) return false;
  return performance.now();
}
"""


def wait_voila_rendered(page, selector: str = DRAFT, timeout_ms: float = 60_000) -> float:
    """Wait until ``selector`` is visible and ``#loading`` gone; return ms since navigation start.

    Voila has no "done" event, so the page is ready when its last widget is on screen.
    """
    handle = page.wait_for_function(_RENDERED_JS, arg=selector, polling="raf", timeout=timeout_ms)
    return float(handle.json_value())


# Installed before typing. Records when the meter first reads the expected length, then when
# the save status next *changes* to a text containing "Saved". Waiting for "Saved" alone is not
# enough: an earlier save (e.g. the one made when the exercise opened) may still be showing it
# when the draft is typed, and a reload then would lose the draft. The kernel sends the meter
# update before it schedules the save, so a "Saved" that appears after the meter has caught up
# is the flush of the typed draft (or of a debounce window that already holds it).
_SAVE_PROBE_JS = """
([meterSel, readingSel, statusSel]) => {
  const probe = {expect: null, meterAt: null, savedAt: null, statuses: []};
  const status = document.querySelector(statusSel);
  new MutationObserver(() => {
    const reading = document.querySelector(readingSel);
    if (probe.expect !== null && probe.meterAt === null && reading
        && reading.getAttribute('data-chars') === String(probe.expect)) probe.meterAt = performance.now();
  }).observe(document.querySelector(meterSel), {subtree: true, childList: true, attributes: true, characterData: true});
  new MutationObserver(() => {
    probe.statuses.push(status.textContent);
    if (probe.meterAt !== null && probe.savedAt === null && status.textContent.includes('Saved')) probe.savedAt = performance.now();
  }).observe(status, {subtree: true, childList: true, attributes: true, characterData: true});
  window.__sllSave = probe;
}
"""


class AutosaveProbe:
    """Watch the rewrite studio's meter and save status; ``wait_saved`` returns once the draft is written."""

    def __init__(self, page):
        self.page = page
        page.evaluate(_SAVE_PROBE_JS, [METER, METER_READING, SAVE_STATUS])

    def expect_length(self, length: int) -> None:
        """Call before typing: the length the meter will read once the typed draft has reached the kernel."""
        self.page.evaluate("n => { window.__sllSave.expect = n; }", length)

    def wait_saved(self, timeout_ms: float = 30_000) -> None:
        try:
            self.page.wait_for_function("() => window.__sllSave.savedAt !== null", timeout=timeout_ms)
        except Exception as exc:
            seen = self.page.evaluate("() => window.__sllSave")
            raise AssertionError(f"the typed draft was not reported saved; probe saw {seen}") from exc


def meter_reading(length: int) -> str:
    """Selector for a meter reading that has analysed exactly ``length`` characters."""
    return f'{METER} [data-chars="{length}"]'


# --------------------------------------------------------------------------- servers

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return kids


def descendants(pid: int) -> list[int]:
    """All live descendant pids of ``pid`` (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        for child in _proc_children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _start_time(pid: int) -> int | None:
    """Process start time in clock ticks (field 22 of /proc/<pid>/stat), None if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB, from /proc/<pid>/status VmRSS."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


@dataclass
class Server:
    """One Voila or JupyterLab server we started; ``stop()`` ends it and its kernels."""

    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    scratch: Path  # removed at stop(): holds the learner store and, by default, the log
    directory: Path

    @property
    def home(self) -> Path:
        """The ``SOCIAL_LAB_HOME`` this server's kernels write learner work to."""
        return self.scratch / "social-lab-home"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def kernel_pids(self) -> list[int]:
        """Pids of the ipykernel processes this server started, oldest first."""
        pids = [p for p in descendants(self.proc.pid) if "ipykernel" in _cmdline(p)]
        return sorted(pids, key=lambda p: _start_time(p) or 0)

    def stop(self, grace: float = 10.0) -> None:
        if self.proc.poll() is None:
            # Remember who the kernels are: they run in their own sessions, so if the server
            # dies without shutting them down nothing else would reap them.
            stragglers = [(p, _start_time(p)) for p in descendants(self.proc.pid)]
            self.proc.send_signal(signal.SIGTERM)  # both servers shut their kernels down on SIGTERM
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=grace)
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and any(_start_time(p) == t for p, t in stragglers):
                time.sleep(0.1)  # bounded: kernels finishing their own shutdown
            for pid, started in stragglers:
                if _start_time(pid) == started:  # same process, not a reused pid
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        shutil.rmtree(self.scratch, ignore_errors=True)


def _wait_until_answers(server: Server, path: str, timeout: float) -> None:
    """Poll until the server answers HTTP on ``path`` (any status); bounded by ``timeout``."""
    deadline = time.monotonic() + timeout
    url = server.url + path
    while True:
        code = server.proc.poll()
        if code is not None:
            problem = f"{server.name} exited with code {code} before answering"
            break
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered, even if not with 200
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        if time.monotonic() > deadline:
            problem = f"{server.name} did not answer {url} within {timeout:.0f} s"
            break
        time.sleep(0.1)  # bounded polling loop for server startup
    tail = server.tail()  # before stop(): the log may live in the scratch folder stop() removes
    server.stop()
    raise ServerError(f"{problem}\n{tail}")


_COMPILED: set[Path] = set()


def compile_course(root: Path = REPO_ROOT) -> None:
    """Byte-compile the course's modules in ``root``, once per process, as installing the course does.

    pip writes ``.pyc`` files for an installed course; this checkout is imported from source, and
    where ``PYTHONDONTWRITEBYTECODE`` is set (as on CI machines) no kernel ever writes them, so every
    kernel would compile about a hundred modules before its first cell (~0.1-0.2 s a lesson) and the
    timings here would not be a learner's. Only modules whose ``.pyc`` is missing or stale are compiled.
    """
    import compileall

    if root in _COMPILED:
        return
    if not compileall.compile_dir(str(root / "widgets"), quiet=1, workers=0):
        raise RuntimeError(f"could not byte-compile {root / 'widgets'}")
    _COMPILED.add(root)


def _spawn(name: str, cmd: list[str], scratch: Path, directory: Path, cwd: Path, env_extra: dict,
           ready_path: str, port: int, log_dir: Path | None, timeout: float) -> Server:
    compile_course()
    home = scratch / "social-lab-home"
    home.mkdir()
    log_path = (log_dir or scratch) / f"{name}-{port}.log"
    env = dict(os.environ)
    env.update(env_extra)
    env["SOCIAL_LAB_HOME"] = str(home)  # a fresh learner store for every server
    # Kernels import `widgets` from the checkout under test, not from whatever copy of the
    # course happens to be pip-installed (installation itself is the packaging tests' job).
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name=name, port=port, proc=proc, log_path=log_path, scratch=scratch, directory=directory)
    _wait_until_answers(server, ready_path, timeout)
    return server


# Kernels talk to the server over Unix sockets, not TCP ports, so no kernel can lose a randomly
# picked port to another process between the pick and the bind. (The 60 s page-load timeouts
# first blamed on that were, at least mostly, Voilà's server missing a ZeroMQ wake-up with the
# reply already in its socket: see widgets/serving.py, which start_voila passes too.)
KERNEL_IPC = ("--KernelManager.transport=ipc",)


def kernel_stacks(server: "Server", timeout: float = 20.0) -> str:
    """Every Python thread's stack in ``server`` and its kernels, if ``py-spy`` is on PATH (else "").

    For a failure report: a page that never loads has a kernel that never answered, and its
    stacks say where it is stuck. py-spy is not a dependency; where it is missing, nothing is added.
    """
    spy = shutil.which("py-spy")
    if not spy:
        return ""
    out = []
    for pid in [server.proc.pid, *server.kernel_pids()]:
        try:
            done = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, text=True, timeout=timeout)
            out.append(done.stdout or done.stderr)
        except (OSError, subprocess.SubprocessError) as exc:
            out.append(f"pid {pid}: no stacks ({exc})")
    return "\n".join(out)


def start_voila(directory: Path, *, cwd: Path = REPO_ROOT, log_dir: Path | None = None,
                timeout: float = 60.0, extra_args: tuple[str, ...] = (), env: dict | None = None) -> Server:
    """A standalone Voila server on 127.0.0.1 over ``directory``; pages at ``/voila/render/<nb>``.

    ``cwd`` is the repository root by default, as when a learner runs ``voila lessons/`` there
    (Voila reads ``voila.json`` from its working directory).
    """
    port = free_port()
    cmd = [
        sys.executable, "-m", "voila", str(directory), "--no-browser", f"--port={port}",
        "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--show_tracebacks=False", *KERNEL_IPC,
        *serving.voila_args(), *extra_args,  # the same kernel clients `social-lab present` uses
    ]
    scratch = Path(tempfile.mkdtemp(prefix="sll-voila-"))
    return _spawn("voila", cmd, scratch, Path(directory), cwd, env or {}, "/voila/tree", port, log_dir, timeout)


def _jupyter_server_args(port: int, root: Path) -> list[str]:
    """A Jupyter Server on 127.0.0.1:``port`` serving ``root``: no token, no password, kernels over IPC."""
    args = [
        # IdentityProvider.token is ServerApp.token's non-deprecated name in jupyter-server 2.
        "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.ip=127.0.0.1",
        f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}", *KERNEL_IPC,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--ServerApp.allow_root=True")  # containers and CI often run as root
    return args


def start_binder(root: Path = REPO_ROOT, log_dir: Path | None = None, timeout: float = 90.0) -> Server:
    """Jupyter Server and its Voilà extension over ``root``, started through ``binder/start`` as Binder starts it.

    Voilà's pages are at ``/voila/render/lessons/<nb>`` (Binder's root is the repository). Its own
    config and runtime folders: the developer's ~/.jupyter does not leak in, and the kernels' socket
    paths stay short.
    """
    port = free_port()
    scratch = Path(tempfile.mkdtemp(prefix="sll-binder-"))
    cmd = ["bash", str(root / "binder" / "start"), sys.executable, "-m", "jupyter", "server", "--no-browser",
           *_jupyter_server_args(port, root)]
    env = {"JUPYTER_CONFIG_DIR": str(scratch / "config"), "JUPYTER_RUNTIME_DIR": str(scratch / "run")}
    return _spawn("binder", cmd, scratch, root / "lessons", root, env, "/api", port, log_dir, timeout)


def start_lab(directory: Path, *, cwd: Path = REPO_ROOT, log_dir: Path | None = None,
              timeout: float = 90.0) -> Server:
    """A JupyterLab server on 127.0.0.1 over a scratch copy of ``directory``, no token, no network.

    Lab writes where it serves (``.ipynb_checkpoints`` on open, the notebook itself on save or
    autosave), and the tests clear and re-run the lesson: serving a copy keeps the committed,
    executed lessons untouched. ``Server.directory`` is the copy.
    """
    port = free_port()
    scratch = Path(tempfile.mkdtemp(prefix="sll-lab-"))
    root = scratch / Path(directory).name
    shutil.copytree(directory, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    directory = root
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", *_jupyter_server_args(port, directory),
        # No news feed, no update check, no PyPI extension listing: nothing goes to the network.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    # Per-server user config, settings and workspaces: the developer's own ~/.jupyter never
    # leaks in, and a workspace saved by one run cannot reopen tabs in the next.
    env = {
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(scratch / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
    }
    # The server-side switches above make the news and update endpoints answer empty; the
    # lab still toasts "Would you like to get notified about official Jupyter news?" over the
    # notebook unless the learner-level setting answers it.
    notification = scratch / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    docmanager = scratch / "settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True)
    docmanager.write_text(json.dumps({"autosave": False}))  # the copy is disposable; still, never write
    return _spawn("lab", cmd, scratch, Path(directory), cwd, env, "/api", port, log_dir, timeout)


def lab_notebook_url(server: "Server", notebook: str) -> str:
    """Open ``notebook`` in JupyterLab in a workspace of its own, reset on load.

    The Lab server is shared by the session's tests; in the default workspace each test would
    reopen the tabs of the tests before it, and Run All could land in another lesson's notebook.
    """
    import uuid

    return f"{server.url}/lab/workspaces/test-{uuid.uuid4().hex[:12]}/tree/{notebook}?reset"


# The status bar reads "<kernel> | Idle" only once a kernel answers; the toolbar says "idle" even
# with "No Kernel", and Run All before the kernel is connected selects the last cell and runs nothing.
KERNEL_IDLE = re.compile(r"(?<!No Kernel) \| Idle")


def run_lab_command(page, menu: str, item: str) -> None:
    """Click a JupyterLab main-menu item, e.g. Run → Run All Cells (what a learner does)."""
    page.get_by_role("menuitem", name=menu, exact=True).click()
    page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}")).first.click()
