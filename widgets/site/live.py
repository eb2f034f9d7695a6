"""The live edition: every lesson running in the learner's browser (voici + JupyterLite on Pyodide), offline.

``build_live_site`` puts it together: the cached downloads (``gather``), the course's wheel and a
lock of exactly what the browser's Python loads (``kernel``), copies of the lessons with two cells
added (a first one that brings the learner's work back from the browser's storage, ``store``, and
a last one saying where that work lives, with a download and an import), then ``voici build``:
the lessons as apps (no code showing) and JupyterLite's notebook app showing the same copies.
Then the course index and embed codes (``pages``), the two fixes below and the loader's edits (``loader``);
last, the Python snapshot every page restores, made in Node by the site's own loader (``shipped``),
which replaces the lock's wheels.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from widgets.site.gather import (PYODIDE_VERSION, LiveSiteError, _run, _venv_bin, compile_wheels, default_cache,
                                 ensure_build_env, ensure_pyodide, ensure_wheels)
from widgets.site.kernel import build_course_wheel, prepare_lite_dir
from widgets.site.lessons import Lesson, find_lessons
from widgets.site.loader import patch_loader
from widgets.site.pages import CSS, EMBED, INDEX, STYLE, embed_page, index_page
from widgets.site.shipped import bake_snapshot, drop_wheels, snapshot_imports

# jupyterlite-pyodide-kernel 0.7.0 (the one voici can load) starts Pyodide in a classic Web Worker.
# Pyodide 314 refuses classic workers with one check, in two of its files; everything it needs there
# (dynamic import of its ES module) works in them. The build removes exactly that check and fails
# if it is not found exactly once per file.
CLASSIC_WORKER_CHECK = re.compile(r'if\(\w+&&\$?\w+\(\)\)throw new Error\("Classic web workers are not supported"\);')


CLASSIC_WORKER_FILES = ("pyodide.js", "pyodide.asm.mjs")


APPS = ("notebooks",)  # JupyterLite's notebook app, beside voici


RESTORE_CELL = ("# The browser edition: bring back the work this browser keeps for the course (see the end of the page).\n"
                "from widgets.site import store\n"
                "_note = await store.restore()")


PANEL_CELL = ("from widgets.exercises.storage import BrowserWorkPanel\n"
              "BrowserWorkPanel(_note)")


# Lessons link to each other as NN_topic.ipynb (right in JupyterLab and Voilà); voici writes each
# lesson as NN_topic.html beside the others, so a click on such a link goes there instead.
LINK_SCRIPT = """<script>
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  const href = link ? link.getAttribute("href") : "";
  if (!/^[A-Za-z0-9_-]+\\.ipynb(#.*)?$/.test(href)) return;
  event.preventDefault();
  const target = href.replace(/\\.ipynb(?=#|$)/, ".html");
  if (link.target === "_blank" || event.ctrlKey || event.metaKey) window.open(target); else window.location.assign(target);
}, true);
</script>
"""


_ABSOLUTE_ASSET = re.compile(r'<link\b[^>]*\bhref="https?://[^"]*"[^>]*>\s*', re.IGNORECASE)


# Font Awesome's @font-face lists an .eot (a format only old Internet Explorer reads), then woff2, woff,
# ttf and svg: every browser voici runs in takes the woff2, and never asks for the other four files.
FONT_FACE_SRC = re.compile(r'src:url\((?P<dir>[^()]*/)(?P<face>fa-[\w-]+)\.eot\);src:url\([^()]*\.eot\?#iefix\) '
                           r'format\("embedded-opentype"\),url\([^()]*\.woff2\) format\("woff2"\),'
                           r'url\([^()]*\.woff\) format\("woff"\),url\([^()]*\.ttf\) format\("truetype"\),'
                           r'url\([^()]*\.svg#\w+\) format\("svg"\)')


FONT_FALLBACKS = (".eot", ".woff", ".ttf", ".svg")


# voici writes JupyterLab's theme into every lesson page (some 250 KB each); larger inline styles than
# this go to one shared file beside the pages, which the browser caches once.
SHARED_STYLE_MIN = 10_000
_INLINE_STYLE = re.compile(r'<style type="text/css">(?P<css>.*?)</style>', re.DOTALL)


@dataclass
class LiveReport:
    """What a live build wrote and how long each step took."""

    out: Path
    lessons: list[Lesson] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.out.rglob("*") if p.is_file())

    def summary(self) -> str:
        steps = ", ".join(f"{name} {secs:.1f} s" for name, secs in self.steps.items())
        return (f"Built the live course ({len(self.lessons)} lessons) in {self.out}: "
                f"{self.bytes / 2**20:.1f} MiB, {self.seconds:.1f} s ({steps}). "
                f"Serve the folder from any static host (for a look here: python3 -m http.server -d {self.out}) "
                f"and open {INDEX}; nothing is fetched from outside the folder.")


def build_live_site(out: Path, lessons_folder: Path | None = None, *, cache: Path | None = None,
                    base_url: str | None = None, log=print) -> LiveReport:
    """Write the live course into ``out`` (a new or empty folder, or an earlier live build)."""
    started = time.perf_counter()
    lessons = find_lessons(lessons_folder)
    if not lessons:
        raise LiveSiteError(f"No lessons (files named like 01_topic.ipynb) in {lessons_folder or 'the course'}.")
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise LiveSiteError(f"{out} exists and is not a folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / "jupyter-lite.json").is_file():
        raise LiveSiteError(f"{out} is not empty and holds no live course; pick a new or empty folder.")
    cache = Path(cache).resolve() if cache is not None else default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    report = LiveReport(out=out, lessons=lessons)

    def step(name, action, *args):
        began = time.perf_counter()
        log(f"[site --live] {name}…")
        result = action(*args)
        report.steps[name] = time.perf_counter() - began
        return result

    env = step("build environment", ensure_build_env, cache)
    pyodide = step("pyodide", ensure_pyodide, cache)
    wheels = step("wheels", ensure_wheels, cache)
    with tempfile.TemporaryDirectory(prefix="sll-live-") as scratch:
        scratch = Path(scratch)
        course = step("course wheel", build_course_wheel, scratch / "course")
        compiled = step("byte-code", compile_wheels, cache, pyodide, [*wheels, course])
        lite = scratch / "lite"
        contents = step("lessons", prepare_contents, scratch / "contents", lessons)
        imports = snapshot_imports(sorted(contents.glob("*.ipynb")))
        packages = step("kernel", prepare_lite_dir, lite, env, pyodide, compiled, imports)
        plan = _snapshot_plan(lite)
        if out.exists():
            shutil.rmtree(out)
        step("voici build", run_voici_build, env, lite, contents, out)
    step("finish", finish_site, out, lessons, base_url)
    static = out / "static" / "pyodide"
    step("python snapshot", bake_snapshot, static, plan, packages, cache)
    drop_wheels(static)
    report.seconds = time.perf_counter() - started
    return report


def _snapshot_plan(lite: Path) -> dict:
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    return settings["loadPyodideOptions"]["sllSnapshot"]


def prepare_contents(folder: Path, lessons: list[Lesson]) -> Path:
    """Copies of the lessons for the browser: outputs cleared, the restore and panel cells added."""
    folder.mkdir(parents=True)
    for lesson in lessons:
        nb = json.loads(lesson.path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        nb.get("metadata", {}).pop("widgets", None)
        cells = _without_cohort_box(nb.get("cells", []))
        nb["cells"] = [_code_cell("sll-restore", RESTORE_CELL), *cells, _code_cell("sll-work", PANEL_CELL)]
        (folder / lesson.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _without_cohort_box(cells: list[dict]) -> list[dict]:
    """The cells less the cohort join box (or a lesson's cohort strip) and the heading just before it.

    A cohort shares results with a coach's server; the browser edition has no server, so the box
    could only fail. Only the box's own line goes: the rest of its cell (the lesson's imports, in
    Lessons 01-03) stays and runs. The heading goes only if the whole cell went and it speaks of a
    cohort.
    """
    kept: list[dict] = []
    for cell in cells:
        lines = _source(cell).strip().splitlines() or [""]
        if cell.get("cell_type") == "code" and lines[-1].startswith(("CohortJoin(", "CohortStrip(")):
            rest = "\n".join(lines[:-1]).rstrip()
            if rest:
                kept.append({**cell, "source": rest})
            elif kept and kept[-1].get("cell_type") == "markdown" and "cohort" in _source(kept[-1]).lower():
                kept.pop()
            continue
        kept.append(cell)
    return kept


def _code_cell(cell_id: str, source: str) -> dict:
    return {"cell_type": "code", "id": cell_id, "metadata": {"tags": ["browser-edition"]},
            "execution_count": None, "outputs": [], "source": source}


def run_voici_build(env: Path, lite: Path, contents: Path, out: Path) -> None:
    cmd = [str(_venv_bin(env, "voici")), "build", "--lite-dir", str(lite), "--contents", str(contents),
           "--output-dir", str(out), "--no-sourcemaps", "--no-unused-shared-packages"]
    for app in APPS:
        cmd += ["--apps", app]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
    _run(cmd, "voici build", cwd=lite, env=clean)
    if not (out / "voici" / "render").is_dir():
        raise LiveSiteError(f"voici build wrote no lesson pages into {out}.")


def finish_site(out: Path, lessons: list[Lesson], base_url: str | None) -> None:
    """Remove the classic-worker check, edit Pyodide's loader (``loader``), strip CDN links, write the index and embed page."""
    static = out / "static" / "pyodide"
    for name in CLASSIC_WORKER_FILES:
        path = static / name
        text, n = CLASSIC_WORKER_CHECK.subn("", path.read_text(encoding="utf-8"))
        if n != 1:
            raise LiveSiteError(f"{name}: expected Pyodide's classic-worker check once, found it {n} times; "
                                f"is this Pyodide {PYODIDE_VERSION}?")
        if name == "pyodide.js":
            text = patch_loader(text)
        path.write_text(text, encoding="utf-8")
    for page in (out / "voici").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # voici's template links Font Awesome from a CDN; the bundled copy already styles the icons.
        stripped = _ABSOLUTE_ASSET.sub("", text)
        if page.parent.name == "render":
            stripped = share_styles(stripped.replace("</body>", LINK_SCRIPT + "</body>", 1), page.parent)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
    woff2_only(out / "build")
    (out / STYLE).write_text(CSS, encoding="utf-8")
    (out / INDEX).write_text(index_page(lessons), encoding="utf-8")
    (out / EMBED).write_text(embed_page(lessons, base_url), encoding="utf-8")


def share_styles(page: str, folder: Path) -> str:
    """``page`` with each large inline style replaced by a link to one shared copy in ``folder``."""
    def link(match: re.Match) -> str:
        css = match.group("css")
        if len(css) < SHARED_STYLE_MIN:
            return match.group(0)
        name = f"sll-style-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        if not (folder / name).is_file():
            (folder / name).write_text(css, encoding="utf-8")
        return f'<link rel="stylesheet" type="text/css" href="{name}">'
    return _INLINE_STYLE.sub(link, page)


def woff2_only(build: Path) -> list[str]:
    """Font Awesome's .eot/.woff/.ttf/.svg files removed where its rule lists the woff2 before them (their names)."""
    faces: set[str] = set()
    for bundle in build.glob("*.js"):
        text = bundle.read_text(encoding="utf-8")
        if "embedded-opentype" in text:
            faces |= {m.group("face") for m in FONT_FACE_SRC.finditer(text)}
    removed = []
    for face in sorted(faces):
        for suffix in FONT_FALLBACKS:
            path = build / f"{face}{suffix}"
            if path.is_file():
                path.unlink()
                removed.append(path.name)
    return removed
