"""The Python snapshot the live site ships: made at build time in Node, restored by every page's first visit.

``bake_snapshot`` runs ``bake.js`` on the built site's own ``pyodide.js`` (patched, with
``snapshot.js``), so the memory is made by the very runtime a page loads. The snapshot holds the
packages' unpacked files, so the lock's wheels are not shipped (``drop_wheels``): a page whose
snapshot's memory cannot be used starts afresh from those files.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import pkgutil
import shutil
from pathlib import Path

from widgets.site.gather import LiveSiteError, _run
from widgets.site.loader import BAKE_JS, SNAPSHOT_IMPORTS

COURSE_PACKAGE = "widgets"


def snapshot_file(plan: dict) -> str:
    """The shipped snapshot's file name, beside ``pyodide.js``.

    >>> snapshot_file({"name": "0123456789abcdef"})
    'sll-python-0123456789abcdef.snapshot.gz'
    """
    return f"sll-python-{plan['name']}.snapshot.gz"


def snapshot_imports(notebooks: list[Path]) -> list[str]:
    """``SNAPSHOT_IMPORTS``, every exercise view, and every course module the notebooks import, in that order.

    With all of them in the memory, no lesson reads a module's file after a restore.
    """
    views = Path(__file__).resolve().parents[1] / "exercises"  # listed, not imported: the build needs no ipywidgets
    found = list(SNAPSHOT_IMPORTS)
    found += sorted(m.name for m in pkgutil.iter_modules([str(views)], "widgets.exercises."))
    for notebook in notebooks:
        found += sorted(_course_imports(notebook))
    return list(dict.fromkeys(found))


def _course_imports(notebook: Path) -> set[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    found: set[str] = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        # IPython's magics and shell lines are not Python: left out (top-level await parses).
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == COURSE_PACKAGE)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                    and node.module.split(".")[0] == COURSE_PACKAGE:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names
                             if _is_module(f"{node.module}.{a.name}"))
    return found


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def bake_snapshot(static: Path, plan: dict, packages: list[str], cache: Path) -> Path:
    """Write ``static/<snapshot_file(plan)>`` (cached in ``cache`` under the plan and the loader it was made by)."""
    target = static / snapshot_file(plan)
    loader = hashlib.sha256((static / "pyodide.js").read_bytes()).hexdigest()[:12]
    kept = cache / "snapshots" / f"{plan['name']}-{loader}.snapshot.gz"
    if not kept.is_file():
        node = shutil.which("node")
        if node is None:
            raise LiveSiteError("The live site needs Node.js at build time (to make the Python snapshot).")
        kept.parent.mkdir(parents=True, exist_ok=True)
        for old in kept.parent.glob("*.snapshot.gz"):  # one per build in the cache is plenty
            old.unlink()
        request = static / "sll-bake.json"
        request.write_text(json.dumps({**plan, "packages": packages}), encoding="utf-8")
        partial = kept.with_name(kept.name + ".partial")
        try:
            _run([node, str(BAKE_JS), str(static), str(request), str(partial)], "Making the Python snapshot (node)")
        finally:
            request.unlink()
        partial.replace(kept)
    shutil.copyfile(kept, target)
    return target


def drop_wheels(static: Path) -> list[str]:
    """Remove the lock's wheels from the site (the snapshot holds their files); the names removed."""
    gone = sorted(p.name for p in static.glob("*.whl"))
    for name in gone:
        (static / name).unlink()
    return gone
