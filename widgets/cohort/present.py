"""``social-lab present`` options for coaches: preheated pools, larger type, the dashboard."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from widgets.charts import LARGE_TYPE_ENV
from widgets.cohort.model import CohortError

DASHBOARD = "coach/dashboard.ipynb"  # relative to the lessons folder; not in the learner's list
PRESENT_TEMPLATE = "sll-present"  # datasets/cohort/voila/templates/sll-present: the lab template, larger type


def present_options(lessons: list[str], *, pool: int, large_type: bool, data_dir: Path) -> tuple[list[str], dict]:
    """Extra Voilà arguments and environment for presenting: preheated pools only for ``lessons``.

    Every other notebook gets a pool of 0, so memory stays bounded to ``pool`` kernels per
    presented lesson. Preheating cannot be combined with progressive rendering, so that is off.

    >>> args, env = present_options(["01_x.ipynb"], pool=2, large_type=False, data_dir=Path("/d"))
    >>> args[0], json.loads(args[1].split("=", 1)[1])["01_x.ipynb"]
    ('--preheat_kernel=True', {'pool_size': 2})
    """
    args: list[str] = []
    env: dict[str, str] = {}
    if pool > 0 and lessons:
        pools = {"default": {"pool_size": 0}, **{name: {"pool_size": pool} for name in lessons}}
        args += ["--preheat_kernel=True", f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
                 "--VoilaConfiguration.progressive_rendering=False"]
    if large_type:
        args.append(f"--template={PRESENT_TEMPLATE}")
        env[LARGE_TYPE_ENV] = "1"  # the kernels draw charts with larger text too (widgets.charts.for_display)
        existing = os.environ.get("JUPYTER_PATH", "")
        from widgets.theme import DATA_DIR as THEME_DIR  # sll-present extends the course's own template

        env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(filter(None, [str(THEME_DIR), str(data_dir), existing])))
    return args, env


def add_present_options(present) -> None:
    """``social-lab present`` options for coaches: preheated pools and larger type."""
    present.add_argument("--preheat", type=int, default=1, metavar="N",
                         help="keep N warm kernels per presented lesson (default 1; 0 turns preheating off)")
    present.add_argument("--lesson", action="append", metavar="NOTEBOOK", dest="present_lessons",
                         help="a lesson you will present (repeatable; default: the first lesson, "
                              "plus the cohort dashboard on the presenter server with --coach); "
                              "only these are preheated")
    present.add_argument("--large-type", action="store_true", help="larger type, for a room or a video call")


def present_extra(args, folder: Path, first: str | None) -> tuple[list[str], dict[str, str]]:
    """The Voilà arguments and environment that ``add_present_options`` asked for."""
    from widgets.content import datasets_dir

    pool = getattr(args, "preheat", 0) or 0
    if not 0 <= pool <= 8:
        raise CohortError("--preheat must be between 0 and 8 kernels per lesson.")
    names = list(getattr(args, "present_lessons", None) or ([first] if first else []))
    for name in names:
        if not (folder / name).is_file():
            raise CohortError(f"No lesson {name!r} in {folder}.")
    return present_options(names, pool=pool, large_type=getattr(args, "large_type", False),
                           data_dir=datasets_dir() / "cohort")


PRESENTER_POOL = 1  # the presenter view has one reader: the coach


@dataclass(frozen=True)
class Launch:
    """One server ``social-lab present`` starts: its command, extra environment and what to print."""

    role: str  # "room" (projected, as learners see it) or "presenter" (notes and the dashboard)
    cmd: tuple[str, ...]
    env: Mapping[str, str]
    port: int
    lines: tuple[str, ...]  # printed once the server listens


def present_plan(args, *, room_cmd: Sequence[str], room_env: Mapping[str, str], room_port: int,
                 presenter_port: int, token: str, folder: Path, host: str = "127.0.0.1") -> list[Launch]:
    """What ``social-lab present`` starts: the room's server, and with ``--coach`` a presenter server too.

    The room's server (``room_cmd``: projected, what learners open) never runs in coach mode, so
    its pages carry no facilitation notes. With ``--coach`` a second Voilà server on
    ``presenter_port`` runs the same lessons with ``SOCIAL_LAB_COACH=1`` (notes shown) and the
    cohort dashboard, behind ``token`` (in its environment, not on a command line others can read).
    Both share the cohort store, so the dashboard counts the room's learners.

    >>> import argparse
    >>> plan = present_plan(argparse.Namespace(coach=True), room_cmd=["voila", "L", "--port=1"], room_env={},
    ...                     room_port=1, presenter_port=2, token="t", folder=Path("L"))
    >>> [(p.role, p.port, dict(p.env).get("SOCIAL_LAB_COACH")) for p in plan]
    [('room', 1, None), ('presenter', 2, '1')]
    >>> room = ["python", "-m", "widgets.room", "L", "--port=1"]
    >>> ["--RoomVoila.one_learner=True" in p.cmd for p in present_plan(argparse.Namespace(coach=True), room_cmd=room, room_env={},
    ...                         room_port=1, presenter_port=2, token="t", folder=Path("L"))]
    [False, True]
    """
    from widgets.coach import COACH_ENV
    from widgets.room.limits import ONE_LEARNER, ROOM_MODULE

    room_env = {k: v for k, v in room_env.items() if k != COACH_ENV}  # the room never sees the notes
    room_url = f"http://{host}:{room_port}/"
    coach = bool(getattr(args, "coach", False))
    room = Launch("room", tuple(room_cmd), room_env, room_port,
                  (f"Projected lessons (what the room sees, no notes): {room_url}",) if coach else ())
    if not coach:
        return [room]
    cmd = [_with_port(arg, presenter_port) for arg in room_cmd if arg != "--no-browser"]
    cmd = [_presenter_pools(arg, folder) for arg in cmd] + ["--Voila.auto_token=True", "--no-browser"]
    if ROOM_MODULE in cmd and ONE_LEARNER not in cmd:
        cmd.append(ONE_LEARNER)  # one reader, the coach: their own workbook, no "this browser's workbook" banner
    env = {**room_env, COACH_ENV: "1", "JUPYTER_TOKEN": token}
    base = f"http://{host}:{presenter_port}"
    lines = [f"Presenter view (lessons with your notes; keep it off the projector): {base}/?token={token}"]
    if (folder / DASHBOARD).is_file():
        lines.append(f"Your cohort dashboard: {base}/voila/render/{DASHBOARD}?token={token}")
    return [room, Launch("presenter", tuple(cmd), env, presenter_port, tuple(lines))]


def _with_port(arg: str, port: int) -> str:
    return f"--port={port}" if arg.startswith("--port=") else arg


def _presenter_pools(arg: str, folder: Path) -> str:
    """The presenter's kernel pools: the room's lessons and the dashboard, one warm kernel each."""
    prefix = "--VoilaKernelManager.kernel_pools_config="
    if not arg.startswith(prefix):
        return arg
    pools = json.loads(arg[len(prefix):])
    pools = {name: ({"pool_size": min(p.get("pool_size", 0), PRESENTER_POOL)} if name != "default" else p)
             for name, p in pools.items()}
    if (folder / DASHBOARD).is_file():
        pools[DASHBOARD] = {"pool_size": PRESENTER_POOL}
    return prefix + json.dumps(pools)
