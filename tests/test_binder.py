"""Binder: the repository builds with repo2docker, on a pinned Python, from requirements derived from pyproject."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness  # noqa: E402  (real servers, shared with the browser tests)

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
# Files repo2docker would read instead of, or besides, binder/requirements.txt (see testing-notes).
COMPETING = ("environment.yml", "Pipfile", "Pipfile.lock", "setup.py", "Project.toml", "REQUIRE", "install.R",
             "apt.txt", "default.nix", "Dockerfile")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _requirements(name: str = "requirements.txt") -> list[str]:
    """Requirement lines (not comments, not options such as ``-c constraints.txt``)."""
    lines = (BINDER / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "-"))]


def test_requirements_use_the_lock_and_the_lock_is_exact():
    assert "-c constraints.txt" in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    for requirement in _requirements("constraints.txt"):
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.]*", requirement), requirement


def test_python_is_pinned_to_the_version_the_course_is_tested_on():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), f"runtime.txt must pin python-3.X, not {runtime!r}"
    minimum = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert minimum.startswith(">=3.") and int(runtime.split(".")[1]) >= int(minimum.split(".")[1])


def test_every_requirement_is_exactly_pinned():
    for requirement in _requirements():
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.]*", requirement), requirement


@pytest.mark.parametrize("name", COMPETING)
def test_no_second_environment_file_in_binder(name):
    assert not (BINDER / name).exists(), f"binder/{name} would change what repo2docker installs"


def test_post_build_fails_loudly_and_installs_only_the_course():
    script = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert re.search(r"^set -e", script, re.M), "postBuild without set -e hides a failed step"
    commands = [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith(("#", "set "))]
    assert commands == ["python -m pip install --no-deps --no-cache-dir ."], "anything else grows the image"


def test_start_script_if_any_hands_over_to_the_server():
    start = BINDER / "start"
    if start.exists():
        assert start.read_text(encoding="utf-8").rstrip().splitlines()[-1] == 'exec "$@"'


def test_the_start_script_puts_the_course_template_on_the_jupyter_paths():
    env = subprocess.run(["bash", str(BINDER / "start"), "env"], capture_output=True, text=True, check=True,
                         env={**os.environ, "JUPYTER_PATH": "/elsewhere"}).stdout.splitlines()
    assert f"JUPYTER_PATH={ROOT / 'widgets' / 'theme' / 'share'}:/elsewhere" in env
    config = BINDER / "jupyter-config"
    assert any(line == f"JUPYTER_CONFIG_PATH={config}" or line.startswith(f"JUPYTER_CONFIG_PATH={config}:")
               for line in env)
    assert json.loads((config / "voila.json").read_text())["VoilaConfiguration"]["template"] == "social-lab"
    assert (ROOT / "widgets" / "theme" / "share" / "voila" / "templates" / "social-lab" / "index.html.j2").is_file()


def _read(url: str, server: harness.Server) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        pytest.fail(f"{url}: HTTP {exc.code}\n{server.tail(120)}", pytrace=False)


@pytest.mark.slow
def test_binders_voila_serves_the_lessons_with_the_course_template():
    """binder/start in front of Jupyter Server and its Voilà extension: the "Voilà app" badge's route."""
    server = harness.start_binder(ROOT)
    try:
        page = _read(f"{server.url}/voila/render/lessons/01_conversation.ipynb", server)
        home = _read(f"{server.url}/voila/tree/lessons", server)
    finally:
        server.stop()
    head = page.split("</head>", 1)[0]
    assert "<style data-sll-theme>" in head, "the course style sheet is in the head"
    app = '<script src="/voila/static/voila.js"></script>'
    assert page.index('id="jupyter-config-data"') < page.index(app) < page.index('<div cell-index="1">')
    assert "cdn.jsdelivr.net" not in page
    assert 'href="/voila/render/lessons/00_start_here.ipynb"' in home, "the course home page links into lessons/"


@pytest.fixture(scope="module")
def repo2docker() -> str:
    beside = Path(sys.executable).parent / "repo2docker"  # the test extras' venv, activated or not
    found = shutil.which("repo2docker") or (str(beside) if beside.exists() else None)
    if not found:
        message = "repo2docker is not installed (the test extras pin jupyter-repo2docker)"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


@pytest.mark.slow
def test_repo2docker_plans_the_image_we_expect(repo2docker, tmp_path):
    """``repo2docker --no-build --debug`` reads binder/ like mybinder.org does and prints the Dockerfile."""
    result = subprocess.run([repo2docker, "--no-build", "--debug", str(ROOT)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    runtime = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"python={runtime}" in log, "repo2docker did not take the pinned Python"
    assert "KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in log, "kernel and server must share one environment"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in log
    # requirements.txt reads the lock with -c: the whole repository must be copied before pip runs.
    assert log.index("COPY --chown=0:0 src/ ${REPO_DIR}/") < log.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert "./binder/postBuild" in log
    assert not re.search(r"WARNING.*python", log, re.I), "repo2docker warned about the Python version"


@pytest.mark.slow
def test_binder_requirements_resolve(tmp_path):
    """The pins resolve together on the package registry (CI has it), as Binder's pip will."""
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--report",
         str(report), "-r", str(BINDER / "requirements.txt")],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    resolved = {re.sub(r"[-_.]+", "-", item["metadata"]["name"]).lower(): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]}
    for requirement in _requirements():
        name, version = requirement.split("==")
        assert resolved.get(re.sub(r"[-_.]+", "-", name).lower()) == version, requirement
    # The lock covers everything pip installs: nothing floats to whatever is newest on build day.
    locked = {re.sub(r"[-_.]+", "-", r.split("==")[0]).lower() for r in _requirements("constraints.txt")}
    assert set(resolved) <= locked, f"not in binder/constraints.txt: {sorted(set(resolved) - locked)}"
    heavy = {"torch", "tensorflow", "pandas", "numpy", "scipy", "matplotlib", "nltk", "spacy"} & set(resolved)
    assert not heavy, f"the Binder image would pull in {heavy}; keep it lean"
