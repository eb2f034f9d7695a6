"""``social-lab present`` options for coaches: preheated pools, larger type, the dashboard."""

from __future__ import annotations

import json
import os
from pathlib import Path

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
        existing = os.environ.get("JUPYTER_PATH", "")
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data_dir), existing]))
    return args, env


def add_present_options(present) -> None:
    """``social-lab present`` options for coaches: preheated pools and larger type."""
    present.add_argument("--preheat", type=int, default=1, metavar="N",
                         help="keep N warm kernels per presented lesson (default 1; 0 turns preheating off)")
    present.add_argument("--lesson", action="append", metavar="NOTEBOOK", dest="present_lessons",
                         help="a lesson you will present (repeatable; default: the first lesson, "
                              "plus the cohort dashboard with --coach); only these are preheated")
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
    coach = getattr(args, "coach", False)
    if coach and (folder / DASHBOARD).is_file() and DASHBOARD not in names:
        names.append(DASHBOARD)
    return present_options(names, pool=pool, large_type=getattr(args, "large_type", False),
                           data_dir=datasets_dir() / "cohort")
