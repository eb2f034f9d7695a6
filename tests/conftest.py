"""Shared test setup: every test gets its own empty workbook home; fixture notebooks are not lessons."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

# Fixture notebooks (the benchmark's bare floor) are run by the browser tests, not by nbval.
collect_ignore_glob = ["fixtures/*"]


def pytest_configure(config):
    # Kernels started by nbval and the browser servers inherit this: never the real home.
    config._social_lab_home = tempfile.mkdtemp(prefix="social-lab-session-")
    os.environ["SOCIAL_LAB_HOME"] = config._social_lab_home


def pytest_unconfigure(config):
    # Every fixture, server and kernel is gone by now: leave no folder behind in the temp dir.
    shutil.rmtree(getattr(config, "_social_lab_home", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test reads or writes a real learner's workbook."""
    home = tmp_path_factory.mktemp("social-lab-home")
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(home))
    try:
        from widgets.exercises import base
    except ImportError:  # pure-logic runs without ipywidgets still work
        yield home
        return
    base._DEFAULT.clear()
    yield home
    base._DEFAULT.clear()


@pytest.fixture
def workbook(tmp_path):
    """A fresh, empty workbook file for one test (views and plans are built over it)."""
    from widgets.workbook import Workbook

    return Workbook(tmp_path / "wb.sqlite3")
