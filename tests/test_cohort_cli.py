"""``social-lab cohort create|list`` and ``social-lab present`` preheating and larger type."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.cli import first_lesson, main
from widgets.cohort import CohortStore, PRESENT_TEMPLATE

LESSONS = Path(__file__).resolve().parents[1] / "lessons"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SOCIAL_LAB_COHORT_URL", raising=False)
    return tmp_path / "home"


def test_create_prints_code_and_key_once_and_list_never_shows_the_key(capsys, home):
    assert main(["cohort", "create", "Tuesday group"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Join code.*:\s+(\w{6})", out).group(1)
    key = re.search(r"Coach key.*:\s+(\S+)", out).group(1)
    assert "coach/dashboard.ipynb" in out
    assert CohortStore(home / "cohort.sqlite").coach(code, key).cohort.name == "Tuesday group"
    assert main(["cohort", "list"]) == 0
    listing = capsys.readouterr().out
    assert code in listing and "Tuesday group" in listing and key not in listing


@pytest.mark.parametrize("argv,message", [
    pytest.param(["cohort", "create", "   "], "name", id="blank-name"),
    pytest.param(["cohort", "create", "X", "--store", "nosuchdb://x"], "cannot use the cohort store", id="bad-url"),
])
def test_cohort_errors_are_one_line(capsys, argv, message):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cohort_list_when_empty(capsys):
    assert main(["cohort", "list"]) == 0
    assert "No cohorts yet" in capsys.readouterr().out


def _dry_run(capsys, *extra) -> str:
    assert main(["present", "--dry-run", "--no-browser", "--lessons", str(LESSONS), *extra]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_present_preheats_only_the_presented_lessons(capsys):
    assert main(["present", "--dry-run", "--no-browser", "--lessons", str(LESSONS), "--coach", "--preheat", "2"]) == 0
    room, presenter = [line for line in capsys.readouterr().out.splitlines() if " -m widgets.room " in line or " -m voila " in line]
    pools = json.loads(re.search(r"kernel_pools_config=(\{.*?\}\})", room).group(1))
    assert pools == {"default": {"pool_size": 0}, first_lesson(LESSONS): {"pool_size": 2}}, \
        "every other notebook stays cold (memory is bounded); default: the first lesson"
    pools = json.loads(re.search(r"kernel_pools_config=(\{.*?\}\})", presenter).group(1))
    assert pools == {"default": {"pool_size": 0}, first_lesson(LESSONS): {"pool_size": 1},
                     "coach/dashboard.ipynb": {"pool_size": 1}}, "the coach alone reads the presenter view"
    assert "--preheat_kernel=True" in room and "progressive_rendering=False" in room


def test_present_without_preheat_or_large_type(capsys):
    line = _dry_run(capsys, "--preheat", "0")
    assert "preheat" not in line and "--template=sll-present" not in line and "--template=social-lab" in line


def test_large_type_uses_the_shipped_template(capsys):
    line = _dry_run(capsys, "--large-type")
    assert f"--template={PRESENT_TEMPLATE}" in line
    data_dirs = [Path(d) for d in re.search(r"JUPYTER_PATH=(\S+)", line).group(1).split(":")]
    assert any((d / "voila" / "templates" / PRESENT_TEMPLATE / "index.html.j2").is_file() for d in data_dirs)


@pytest.mark.parametrize("argv", [
    pytest.param(["--lesson", "99_missing.ipynb"], id="unknown-lesson"),
    pytest.param(["--preheat", "50"], id="pool-too-big"),
])
def test_present_refuses_bad_preheat_options(capsys, argv):
    assert main(["present", "--dry-run", "--no-browser", "--lessons", str(LESSONS), *argv]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_present_hides_the_coach_folder_and_tells_the_coach_where_it_is(capsys):
    assert main(["present", "--dry-run", "--no-browser", "--lessons", str(LESSONS), "--coach"]) == 0
    out = capsys.readouterr().out
    assert "--ContentsManager.hide_globs=coach" in out.splitlines()[-1]
    assert re.search(r"Your cohort dashboard: http://127\.0\.0\.1:\d+/voila/render/coach/dashboard\.ipynb", out)
    assert main(["present", "--dry-run", "--no-browser", "--lessons", str(LESSONS)]) == 0
    assert "cohort dashboard" not in capsys.readouterr().out, "learners' servers do not advertise it"
