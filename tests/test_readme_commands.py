"""The README's two commands, run as written in a throwaway copy of the repository, as whoever runs the suite.

The start command installs the course into the copy's own ``.venv`` (from the pip cache, or PyPI)
and serves it; the test command's install step (``./social-lab setup --test``, what ``.ci/run``
does) follows in the same copy, and the suite it would start is only collected, not run again.
Where Debian's own Python is "externally managed" (PEP 668), the copy is made with that one:
the case ``pip install .`` used to fail on.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
IGNORED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".ipynb_checkpoints", "*.egg-info", "build", "dist",
                                 ".pytest_cache")


def readme_commands() -> list[str]:
    """The code blocks under '## Two commands for a fresh machine', in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Two commands for a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def system_python() -> tuple[str, bool]:
    """Debian's /usr/bin/python3 if it is externally managed (PEP 668), else this interpreter."""
    debian = Path("/usr/bin/python3")
    if debian.exists():
        probe = subprocess.run([str(debian), "-c", "import sys, sysconfig, pathlib; sys.exit(0 if sys.version_info >= "
                                "(3, 10) and pathlib.Path(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')"
                                ".exists() else 1)"], capture_output=True)
        if probe.returncode == 0:
            return str(debian), True
    return shutil.which("python3") or sys.executable, False


def test_readme_gives_two_commands_and_ci_runs_the_same_route():
    start, tests = readme_commands()
    assert start == "./social-lab present" and tests == "bash .ci/run"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\n./social-lab setup --test\n" in ci, "CI installs the way the README's start command does"
    assert re.search(r"^TMPDIR=\S+ \.venv/bin/python -m pytest$", ci, re.M), "and tests what it installed"
    assert "pip install" not in ci


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def copy(tmp_path):
    """A copy of the repository as a fresh clone has it; removed afterwards (its .venv is some 600 MB)."""
    copy = tmp_path / "social-leadership-lab"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    yield copy
    shutil.rmtree(copy, ignore_errors=True)


@pytest.mark.slow
def test_the_readme_commands_work_in_a_fresh_copy(tmp_path, copy):
    python, externally_managed = system_python()
    env = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
           "PYTHON": python, "SOCIAL_LAB_HOME": str(tmp_path / "home"),
           "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-run")}
    start, _tests = readme_commands()
    port = _free_port()

    # The start command, verbatim, plus the flags a test needs: no browser, a free port.
    started = time.monotonic()
    proc = subprocess.Popen(["bash", "-c", f"{start} --no-browser --port {port}"], cwd=copy, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:  # all along: a server whose output nobody reads blocks once the pipe is full
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Press Ctrl+C to stop."):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        ready.wait(timeout=900)
        if proc.poll() is not None or not ready.is_set():
            pytest.fail("./social-lab present did not start serving:\n" + "\n".join(lines))
        # The first lesson, run by a kernel that imports the course from the copy's .venv.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb",
                                    timeout=300) as response:
            page = response.read().decode()
        assert response.status == 200 and "Lesson 00" in page and "Traceback" not in page
        start_out = "\n".join(lines)  # up to here; what Voilà says while stopping is not the start
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C
        code = proc.wait(timeout=60)
        reader.join(timeout=10)
    install_s = time.monotonic() - started
    out = start_out
    assert code == 0, "\n".join(lines)
    assert "making a private Python environment" in out and "installing the course into .venv" in out
    assert (copy / ".venv" / "bin" / "social-lab").exists()
    served = tmp_path / "home" / "lessons"
    assert (served / "00_start_here.ipynb").is_file(), "an installed course serves a copy in the data folder"
    for bad in ("externally-managed", "running pip as the 'root' user", "Traceback", "DeprecationWarning",
                "not trusted"):
        assert bad.lower() not in out.lower(), f"{bad!r} in:\n{out}"

    # A second start finds .venv up to date: no install step at all.
    again = subprocess.run(["bash", "-c", "./social-lab where"], cwd=copy, env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0 and again.stderr == "" and again.stdout.strip().endswith("workbook.sqlite3")

    # The test command's install step in the same copy; the suite itself is only collected.
    setup = subprocess.run(["./social-lab", "setup", "--test"], cwd=copy, env=env, capture_output=True, text=True,
                           timeout=900)
    assert setup.returncode == 0, setup.stderr
    assert "running pip as the 'root' user" not in setup.stderr.lower()
    probe = subprocess.run([str(copy / ".venv/bin/python"), "-c",
                            "import widgets, pytest, playwright, psycopg; print(widgets.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0 and probe.stdout.strip() == str(copy / "widgets" / "__init__.py"), probe.stderr
    collected = subprocess.run([str(copy / ".venv/bin/python"), "-m", "pytest", "--collect-only", "-q",
                                "-p", "no:nbval", "-o", "addopts=", "tests/test_hub.py"],
                               cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0 and re.search(r"^\d+ tests? collected", collected.stdout, re.M), collected.stdout
    print(f"\nREADME start command in a fresh copy ({python}, externally managed: {externally_managed}): "
          f"installed and serving in {install_s:.0f} s")
