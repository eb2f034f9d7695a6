"""What a lesson's kernel does differently when the lesson runs as a Voilà app.

A Voilà app runs only the lesson's own cells: nobody recalls them with the up arrow, and every
learner's kernel on a server shares one IPython history file. IPython writes each cell to that
SQLite file as it runs (a commit per cell, ~4 ms on a quiet machine, more when a room's kernels
contend for the file), which is time the lesson's opening does not need. In a Voilà kernel the
history is kept in memory and written once, when the kernel ends. In JupyterLab or a plain
kernel nothing changes.
"""

from __future__ import annotations

import os

# Voilà sets these in the environment of every kernel it starts (voila.utils.ENV_VARIABLE).
_VOILA_MARKERS = ("VOILA_KERNEL_ID", "VOILA_SERVER_URL")
_HOLD_CELLS = 1_000_000


def in_voila(environ=None) -> bool:
    """Whether this kernel was started by Voilà.

    >>> in_voila({"VOILA_KERNEL_ID": "abc"}), in_voila({})
    (True, False)
    """
    environ = os.environ if environ is None else environ
    return any(environ.get(name) for name in _VOILA_MARKERS)


def settle(shell=None, environ=None) -> bool:
    """Keep the kernel's input history in memory while the lesson runs in Voilà; True if it did."""
    if not in_voila(environ):
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    history = getattr(shell, "history_manager", None)
    if history is None or not hasattr(history, "db_cache_size"):
        return False
    history.db_cache_size = max(history.db_cache_size, _HOLD_CELLS)
    return True
