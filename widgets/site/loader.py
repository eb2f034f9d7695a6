"""Pyodide's loader as the browser edition ships it: the notebook folder last on ``sys.path``, and Python
restored from a memory snapshot (the build's, ``shipped.py``; on a return visit the browser's copy).

Both are exact edits of ``pyodide.js`` at ``PYODIDE_VERSION``; the build stops if an edit does not
find its text exactly once (another Pyodide would need them checked again).

- **sys.path**: Pyodide puts ``""`` (the working folder) first on ``sys.path``, and the kernel's
  working folder is JupyterLite's drive, where every stat is a request to the page. Python asks
  that folder first for every top-level import: some 90 requests before Lesson 01 could start.
  Last on the path, it is only asked for what is nowhere else (a learner's own module still imports).
- **snapshot**: ``snapshot.js`` wraps ``loadPyodide`` (see there). Pyodide 314 restores a snapshot
  only into as much memory as a fresh start has, and needs a way to find the JavaScript objects
  Python held; the hook grows the memory first and finds those objects by name.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from widgets.site.gather import PYODIDE_VERSION, LiveSiteError

SNAPSHOT_JS = Path(__file__).with_name("snapshot.js")


BAKE_JS = Path(__file__).with_name("bake.js")


# What every page imports before its first widget: the kernel's package manager, the kernel (which
# builds its IPython shell when imported), the widgets and the course's exercise views. Taken into
# the snapshot with every exercise view and what the lessons import (``shipped.snapshot_imports``).
SNAPSHOT_IMPORTS = ("piplite.piplite", "pyodide_kernel", "ipywidgets", "comm", "widgets.exercises",
                    "widgets.site.store")


SYS_PATH = re.compile(r'(\w+)\.sys\.path\.insert\(0,""\)')


# In loadPyodide: ``let s=Be(r,a,t);return await $e(s,t)}``: bootstrap module r with snapshot a and
# config t, then finish setting up.
BOOTSTRAP = re.compile(r"let (\w+)=(\w+)\((\w+),(\w+),(\w+)\);return await (\$?\w+)\(\1,\5\)\}")


def _sys_path_last(match: re.Match) -> str:
    path = f"{match.group(1)}.sys.path"
    return f'{path}.count("")||{path}.append("")'


def _snapshot_hook(match: re.Match) -> str:
    module, snapshot, config = match.group(3), match.group(4), match.group(5)
    hook = (f"if({snapshot}){{if({snapshot}.length>{module}.HEAP8.length){module}._free({module}._malloc({snapshot}.length));"
            f"{config}._snapshotDeserializer??=(v)=>v&&v.pyodide?{module}.API.public_api[v.pyodide]"
            f":v&&v.api?{module}.API[v.api]:null}}")
    return hook + match.group(0)


def patch_loader(text: str) -> str:
    """``pyodide.js`` with the two edits and ``snapshot.js`` appended."""
    for name, pattern, replace in (("sys.path", SYS_PATH, _sys_path_last), ("bootstrap", BOOTSTRAP, _snapshot_hook)):
        text, n = pattern.subn(replace, text)
        if n != 1:
            raise LiveSiteError(f"pyodide.js: expected Pyodide's {name} line once, found it {n} times; "
                                f"is this Pyodide {PYODIDE_VERSION}?")
    return text + "\n" + SNAPSHOT_JS.read_text(encoding="utf-8")


def snapshot_plan(lock_text: str, imports: tuple[str, ...] | list[str] = SNAPSHOT_IMPORTS) -> dict:
    """The ``sllSnapshot`` option: a name that changes with anything that changes Python's memory, and the imports.

    ``shipped``: the build made the snapshot (``shipped.py``) and the page fetches it beside ``pyodide.js``.
    """
    digest = hashlib.sha256()
    for part in (PYODIDE_VERSION, lock_text, json.dumps(list(imports)), SNAPSHOT_JS.read_text(encoding="utf-8"),
                 BAKE_JS.read_text(encoding="utf-8")):
        digest.update(part.encode())
        digest.update(b"\0")
    return {"name": digest.hexdigest()[:16], "imports": list(imports), "shipped": True}
