"""Fixtures for the browser tests: a real Chromium and real Voila/JupyterLab servers (see harness.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import harness

LESSON01_PATH = harness.LESSONS_DIR / harness.LESSON01
EXPECT_TIMEOUT_MS = 60_000


_ARTIFACTS: list[Path] = []  # this session's folder for server logs and failure screenshots
_RUNNING: list[harness.Server] = []


@pytest.fixture(scope="session", autouse=True)
def _browser_session(tmp_path_factory):
    """One artifacts folder per session, and a patient ``expect()``.

    ``expect()`` has its own 5 s default, apart from the page timeout; a cold kernel on a busy
    2-core machine needs longer.
    """
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    _ARTIFACTS.append(tmp_path_factory.mktemp("browser-artifacts"))
    yield
    _ARTIFACTS.clear()


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium_path(playwright) -> str:
    """The Chromium executable; a missing browser fails the run in CI and skips it elsewhere."""
    try:
        return harness.find_chromium(playwright)
    except harness.BrowserNotFound as exc:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI is set and {exc}", pytrace=False)
        pytest.skip(f"browser tests need Chromium: {exc}")


@pytest.fixture(scope="session")
def browser(playwright, chromium_path):
    browser = harness.launch_chromium(playwright, chromium_path)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    """A fresh page (own context: no cache, no storage); pair it with ``console``."""
    page = harness.new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def console(page) -> harness.ConsoleRecorder:
    """Console errors and page errors of ``page``, minus the CDN failures listed in harness.py."""
    return harness.ConsoleRecorder.attach(page)


@pytest.fixture(scope="session")
def servers(_browser_session):
    """Factory: ``servers("voila", directory, key)`` starts (once per key) a server for the session.

    Each server gets its own fresh ``SOCIAL_LAB_HOME``; all are stopped, kernels included, at
    the end of the session. Their logs live under pytest's tmp dir; failing tests print the tail.
    """
    started: dict[tuple, harness.Server] = {}
    log_dir = _ARTIFACTS[0]

    def start(kind: str, directory: Path, key: str = "default") -> harness.Server:
        ident = (kind, Path(directory), key)
        if ident not in started:
            launcher = {"voila": harness.start_voila, "lab": harness.start_lab}[kind]
            try:
                server = launcher(Path(directory), log_dir=log_dir)
            except harness.ServerError as exc:
                failure = str(exc)
            else:
                failure = None
            if failure:
                pytest.fail(failure, pytrace=False)
            started[ident] = server
            _RUNNING.append(server)
        return started[ident]

    yield start
    for server in started.values():
        server.stop()
        _RUNNING.remove(server)


@pytest.fixture(scope="session")
def lesson01() -> Path:
    """Lesson 01's notebook; its absence is a failure, not a skip (the lesson is part of the course)."""
    if not LESSON01_PATH.exists():
        pytest.fail(f"{LESSON01_PATH} does not exist", pytrace=False)
    return LESSON01_PATH


@pytest.fixture(scope="session")
def voila_lessons(servers, lesson01) -> harness.Server:
    """The shared Voila server over the lessons folder (read-only scenarios use it)."""
    return servers("voila", lesson01.parent)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        page = item.funcargs.get("page")
        if page is not None and not page.is_closed() and _ARTIFACTS:
            shot = _ARTIFACTS[0] / f"{item.name}-{report.when}.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
                report.sections.append(("screenshot", str(shot)))
            except Exception as exc:  # a broken page must not hide the real failure
                report.sections.append(("screenshot", f"not taken: {exc}"))
        for server in _RUNNING:
            report.sections.append((f"{server.name} server log (tail) — {server.url}", server.tail()))
            stacks = harness.kernel_stacks(server)
            if stacks:
                report.sections.append((f"{server.name} kernels' Python stacks — {server.url}", stacks))
    return report
