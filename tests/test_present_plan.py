"""``present_plan``: what ``social-lab present`` starts — the room's server, and the coach's presenter server."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from widgets.cohort import DASHBOARD, present_plan

ROOM_CMD = ["python", "-m", "voila", "L", "--port=8866", "--Voila.ip=127.0.0.1", "--no-browser",
            '--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}, "01.ipynb": {"pool_size": 3}}']


def _plan(tmp_path: Path, coach: bool, *, dashboard: bool = True, room_env=None):
    if dashboard:
        (tmp_path / "coach").mkdir(exist_ok=True)
        (tmp_path / DASHBOARD).write_text("{}", encoding="utf-8")
    return present_plan(argparse.Namespace(coach=coach), room_cmd=ROOM_CMD, room_env=room_env or {},
                        room_port=8866, presenter_port=8867, token="tok123", folder=tmp_path)


def test_without_coach_only_the_room_runs_as_it_always_did(tmp_path):
    [room] = _plan(tmp_path, coach=False)
    assert room.role == "room" and list(room.cmd) == ROOM_CMD and room.lines == ()


def test_the_room_never_runs_in_coach_mode(tmp_path):
    room, _presenter = _plan(tmp_path, coach=True, room_env={"SOCIAL_LAB_COACH": "1", "JUPYTER_PATH": "/x"})
    assert "SOCIAL_LAB_COACH" not in room.env and room.env["JUPYTER_PATH"] == "/x"
    assert "JUPYTER_TOKEN" not in room.env
    assert room.lines == ("Projected lessons (what the room sees, no notes): http://127.0.0.1:8866/",)


def test_the_presenter_has_notes_a_token_its_own_port_and_the_dashboard(tmp_path):
    _room, presenter = _plan(tmp_path, coach=True, room_env={"JUPYTER_PATH": "/x"})
    assert presenter.port == 8867 and "--port=8867" in presenter.cmd and "--port=8866" not in presenter.cmd
    assert presenter.env["SOCIAL_LAB_COACH"] == "1" and presenter.env["JUPYTER_PATH"] == "/x"
    assert presenter.env["JUPYTER_TOKEN"] == "tok123"
    assert not any("tok123" in arg for arg in presenter.cmd), "the token is not on a command line others can read"
    assert "--Voila.auto_token=True" in presenter.cmd and presenter.cmd.count("--no-browser") == 1
    assert presenter.lines[0].endswith("http://127.0.0.1:8867/?token=tok123")
    assert presenter.lines[1] == f"Your cohort dashboard: http://127.0.0.1:8867/voila/render/{DASHBOARD}?token=tok123"
    pools = json.loads(next(a for a in presenter.cmd if "kernel_pools_config" in a).split("=", 1)[1])
    assert pools == {"default": {"pool_size": 0}, "01.ipynb": {"pool_size": 1}, DASHBOARD: {"pool_size": 1}}


@pytest.mark.parametrize("dashboard", [pytest.param(False, id="no-dashboard-in-folder")])
def test_no_dashboard_line_without_a_dashboard(tmp_path, dashboard):
    _room, presenter = _plan(tmp_path, coach=True, dashboard=dashboard)
    assert len(presenter.lines) == 1
    pools = json.loads(next(a for a in presenter.cmd if "kernel_pools_config" in a).split("=", 1)[1])
    assert DASHBOARD not in pools


def test_large_type_reaches_the_kernels_too(tmp_path):
    from widgets.charts import for_display
    from widgets.cohort import present_options

    _args, env = present_options([], pool=0, large_type=True, data_dir=tmp_path)
    assert env["SOCIAL_LAB_LARGE_TYPE"] == "1"
    figure = {"layout": {"height": 200, "title": {"text": "t"}, "margin": {"l": 100},
                         "xaxis": {"tickfont": {"size": 9}}, "annotations": [{"text": "a", "font": {"size": 16}}]}}
    big = for_display(figure, env)["layout"]
    assert big["font"]["size"] >= 20 and big["title"]["font"]["size"] > 20 and big["annotations"][0]["font"]["size"] >= 20
    assert "tickfont" not in big["xaxis"], "a small fixed tick size would win over the layout font"
    assert big["height"] > 200 and big["margin"]["l"] > 100
    assert for_display(figure, {}) is figure, "normal type: the figure as it was"
    assert "SOCIAL_LAB_LARGE_TYPE" not in present_options([], pool=0, large_type=False, data_dir=tmp_path)[1]


@pytest.mark.parametrize("one_learner", [False, True])
def test_the_presenter_is_one_learner_the_coach_whatever_the_room_is(tmp_path, one_learner):
    """The room gives each browser its own workbook; the presenter has one reader, so the coach keeps theirs."""
    from widgets.room import limits
    from widgets.room.limits import ONE_LEARNER

    room_cmd = limits.room_command(tmp_path, max_pages=4, cull_idle_s=0, one_learner=one_learner, embedded=False)
    room_cmd += ["--port=8866", "--no-browser"]
    room, presenter = present_plan(argparse.Namespace(coach=True), room_cmd=room_cmd, room_env={}, room_port=8866,
                                   presenter_port=8867, token="tok123", folder=tmp_path)
    assert (ONE_LEARNER in room.cmd) is one_learner, "the room is left as the coach asked"
    assert presenter.cmd.count(ONE_LEARNER) == 1
