"""Packaging: the wheel carries datasets and lessons; Binder's pins are pyproject's pins."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_binder_requirements_are_derived_from_pyproject():
    deps = sorted(_pyproject()["project"]["dependencies"])
    lines = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    binder = sorted(line.strip() for line in lines if line.strip() and not line.startswith(("#", "-")))
    assert binder == deps, "binder/requirements.txt drifted from pyproject.toml"


def test_every_dependency_is_pinned():
    project = _pyproject()["project"]
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert "==" in dep, f"{dep} is not pinned: a Binder build months from now must match"


def test_ipywidgets_and_jupyterlab_widgets_move_together():
    deps = dict(d.split("==") for d in _pyproject()["project"]["dependencies"])
    # ipywidgets 8.1.x pairs with jupyterlab_widgets 3.0.x (Voila picks the manager from the latter).
    assert deps["ipywidgets"].startswith("8.1.") and deps["jupyterlab_widgets"].startswith("3.0.")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out)], check=True)
    return next(out.glob("social_leadership_lab-*.whl"))


def test_wheel_carries_datasets_lessons_and_the_console_script(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "widgets/_datasets/posts.yaml" in names
    assert "widgets/_datasets/lesson01/rewrite_studio.yaml" in names
    assert "widgets/_lessons/01_conversation.ipynb" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "social-lab = widgets.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_a_plain_install_finds_its_content_without_the_repository(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    code = ("import widgets.content as c, widgets.rewrite as r; "
            "assert '_datasets' in str(c.datasets_dir()), c.datasets_dir(); "
            "assert (c.lessons_dir() / '01_conversation.ipynb').exists(); "
            "print(len(c.load_posts()), len(r.load_studio().tasks))")
    env = {**os.environ, "PYTHONPATH": ""}
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    posts, tasks = map(int, out.stdout.split())
    assert posts >= 150 and tasks >= 6
