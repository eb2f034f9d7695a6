"""Run a notebook top to bottom (``social-lab execute``, ``site --execute``) with kernel waits that cannot strand.

nbclient talks to the kernel through an asyncio client whose waits are woken by ZeroMQ's
edge-triggered file descriptor; now and then that wake-up is lost and an untimed wait (nbclient
waits on IOPub with no timeout, and on the shell reply with none unless a cell timeout is set)
goes on for ever with the reply sitting in the socket. ``jupyter nbconvert --execute`` of a lesson
hung that way once in seven runs. These runs use :class:`widgets.kernels.ResilientKernelManager`,
whose clients are the ones Voilà gets (:mod:`widgets.serving`): no wait is longer than a second.

Every run starts the kernel with its own empty ``SOCIAL_LAB_HOME``, so whoever runs it never
finds their own workbook in the stored outputs.

nbval (the lessons in the test suite) needs none of this: its ``BlockingKernelClient`` polls plain
(not asyncio) ZeroMQ sockets with ``zmq_poll``, which has no wake-up to lose; a test pins that.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

#: How long one cell may run before the run stops with an error (seconds).
CELL_TIMEOUT_S = 600


class ExecuteError(Exception):
    """A notebook that could not be run: one line, naming the cell."""


def execute_notebook(nb: Any, cwd: Path, *, timeout: int | None = CELL_TIMEOUT_S,
                     kernel_manager_class: type | None = None) -> Any:
    """Run every cell of ``nb`` (an ``nbformat`` notebook, changed in place) in ``cwd`` and return it.

    Widget state is stored in ``metadata.widgets`` and no timings are recorded, as the committed
    lessons have them. The kernel gets a fresh, empty ``SOCIAL_LAB_HOME``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from widgets.kernels import ResilientKernelManager

    kernel_manager_class = kernel_manager_class or ResilientKernelManager

    client = NotebookClient(nb, timeout=timeout, kernel_manager_class=kernel_manager_class,
                            record_timing=False, store_widget_state=True,
                            resources={"metadata": {"path": str(cwd)}})
    with tempfile.TemporaryDirectory(prefix="sll-execute-") as home:
        try:
            client.execute(env={**os.environ, "SOCIAL_LAB_HOME": home})
        except CellTimeoutError as exc:
            raise ExecuteError(f"a cell ran longer than {timeout} s: {_gist(exc)}") from None
        except CellExecutionError as exc:
            raise ExecuteError(f"a cell raised {exc.ename}: {_gist(exc.evalue)}") from None
        except DeadKernelError:
            raise ExecuteError("the kernel died while running the notebook") from None
        except RuntimeError as exc:  # "Kernel didn't respond in 60 seconds"
            raise ExecuteError(f"the kernel did not start: {_gist(exc)}") from None
    return nb


def execute_file(path: Path, out: Path | None = None, *, timeout: int | None = CELL_TIMEOUT_S) -> float:
    """Run the notebook at ``path`` and write it, outputs and all, to ``out`` (default: in place).

    Returns the seconds it took. The file is written only after every cell ran, through a
    temporary name, so a failed or interrupted run leaves it as it was.
    """
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise ExecuteError(f"cannot read {path}: {_gist(exc)}") from None
    started = time.monotonic()
    execute_notebook(nb, path.resolve().parent, timeout=timeout)
    text = nbformat.writes(nb)
    target = out or path
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")  # as nbconvert writes it
    os.replace(partial, target)
    return time.monotonic() - started


def _gist(value: Any) -> str:
    """The last non-blank line of an error (where nbclient and Python put the reason), squeezed."""
    lines = [line for line in str(value).splitlines() if line.strip()]
    return " ".join(lines[-1].split())[:300] if lines else ""


def add_commands(commands: Any) -> None:
    """``social-lab execute LESSON...``: re-run lessons and store their outputs (what the README gives)."""
    execute = commands.add_parser(
        "execute", help="run lessons top to bottom and store their outputs in the files (in an empty workbook)")
    execute.add_argument("notebooks", nargs="+", type=Path, metavar="LESSON", help="a notebook file, e.g. "
                         "lessons/01_conversation.ipynb")
    execute.add_argument("--timeout", type=int, default=CELL_TIMEOUT_S, metavar="S",
                         help=f"stop if one cell runs longer than S seconds (default {CELL_TIMEOUT_S})")
    execute.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import sys

    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"social-lab: no notebook at {', '.join(missing)}.", file=sys.stderr)
        return 2
    for path in args.notebooks:
        try:
            seconds = execute_file(path, timeout=args.timeout)
        except ExecuteError as exc:
            print(f"social-lab: {path}: {exc}; the file was not changed.", file=sys.stderr)
            return 1
        print(f"Executed {path} in {seconds:.0f} s.")
    return 0
