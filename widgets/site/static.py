"""The static course site: every lesson as an HTML page that opens offline, an index, run-it-live links."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from widgets import theme
from widgets.course import load_course
from widgets.hub import DEFAULT_BRANCH, DEFAULT_REPO, binder_links, git_pull_link
from widgets.site.lessons import Lesson, find_lessons
from widgets.site.render import Renderer, markdown_html

COURSE_TITLE = "Social Leadership Lab"
PLOTLY_JS = "plotly.min.js"
STYLE = "style.css"
THEME = "course.css"  # the course's one look, shared with the Voilà pages (widgets/theme)
# A lesson's own links name notebooks (right in JupyterLab and Voilà); here each lesson is a page.
_NOTEBOOK_LINK = re.compile(r"""href=(['"])([0-9]{2}_[A-Za-z0-9_-]+)\.ipynb\1""")
_AS_PAGE = r"href=\1\2.html\1"
_HOME_LINK = re.compile(r"""href=(['"])\.\./tree\1""")  # the lesson header's "All lessons" (the app's home page)
INDEX = "index.html"


class SiteError(ValueError):
    """The site cannot be built (no lessons, an unreadable notebook, no plotly.js to copy)."""


@dataclass
class SiteReport:
    """What a build wrote: the pages, how many charts, total bytes, seconds taken."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    charts: int = 0
    seconds: float = 0.0

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.out.rglob("*") if p.is_file())

    def summary(self) -> str:
        return (f"Built {len(self.pages)} lesson page(s) and {INDEX} in {self.out} "
                f"({self.charts} chart(s), {self.bytes / 1024:.0f} KiB, {self.seconds:.1f} s). "
                f"Open {self.out / INDEX} in a browser; no network is needed.")


def plotly_js_path() -> Path:
    """The ``plotly.min.js`` shipped inside the installed plotly package (found without importing it)."""
    spec = importlib.util.find_spec("plotly")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "package_data" / PLOTLY_JS
        if candidate.is_file():
            return candidate
    raise SiteError("plotly is not installed (or has no package_data/plotly.min.js); charts need it.")


def page_name(lesson: Lesson) -> str:
    """The HTML file for a lesson: ``01_conversation.ipynb`` → ``01_conversation.html``."""
    return f"{lesson.path.stem}.html"


def build_site(out: Path, lessons_folder: Path | None = None, *, repo: str = DEFAULT_REPO,
               branch: str = DEFAULT_BRANCH, hub: str | None = None, execute: bool = False) -> SiteReport:
    """Write the site into ``out``: a page per lesson, ``index.html``, ``style.css``, ``plotly.min.js``.

    Lessons are shown as committed (executed, with stored widget state); ``execute=True`` runs
    each one first in a fresh, empty workbook. Links are checked before anything is written.
    """
    started = time.perf_counter()
    lessons = find_lessons(lessons_folder)
    if not lessons:
        raise SiteError(f"No lessons (files named like 01_topic.ipynb) in {lessons_folder or 'the course'}.")
    links = {lesson.number: _run_links(lesson, repo, branch, hub) for lesson in lessons}
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} exists and is not a folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / INDEX).is_file():
        raise SiteError(f"{out} is not empty and holds no course site; pick a new or empty folder.")
    out.mkdir(parents=True, exist_ok=True)
    report = SiteReport(out=out)
    for i, lesson in enumerate(lessons):
        nb = _read(lesson.path, execute)
        renderer = Renderer.for_notebook(nb)
        body = "".join(_cell(cell, renderer) for cell in nb.get("cells", []) if isinstance(cell, dict))
        prev = lessons[i - 1] if i > 0 else None
        nxt = lessons[i + 1] if i + 1 < len(lessons) else None
        page = _lesson_page(lesson, body, links[lesson.number], prev, nxt, charts=renderer.charts > 0)
        target = out / page_name(lesson)
        target.write_text(page, encoding="utf-8")
        report.pages.append(target)
        report.charts += renderer.charts
    (out / STYLE).write_text(CSS, encoding="utf-8")
    (out / THEME).write_text(theme.css(), encoding="utf-8")
    (out / INDEX).write_text(_index_page(lessons, links), encoding="utf-8")
    if report.charts:
        shutil.copyfile(plotly_js_path(), out / PLOTLY_JS)
    report.seconds = time.perf_counter() - started
    return report


def _run_links(lesson: Lesson, repo: str, branch: str, hub: str | None) -> list[tuple[str, str, str]]:
    """(label, tooltip, url) for each place the lesson runs live."""
    binder = binder_links(repo, branch, lesson)
    links = [("Run in JupyterLab on Binder", "Opens a live copy on mybinder.org; takes a minute to start", binder.lab),
             ("Run as an app on Binder", "Opens the lesson as a Voilà app on mybinder.org (no code showing)",
              binder.voila)]
    if hub:
        links.append(("Open on your JupyterHub", "Copies the course to your hub account and opens the lesson",
                      git_pull_link(hub, repo, branch, lesson)))
    return links


def _read(path: Path, execute: bool) -> dict:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SiteError(f"Cannot read {path}: {exc}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SiteError(f"{path} is not a notebook (no cells).")
    return _execute(path) if execute else nb


def _execute(path: Path) -> dict:
    """Run a lesson in a fresh workbook (never the builder's own) and return it with widget state."""
    import nbformat

    from widgets.execute import ExecuteError, execute_notebook

    nb = nbformat.read(path, as_version=4)
    try:
        execute_notebook(nb, path.parent, timeout=300)  # kernel waits that cannot strand (widgets/execute.py)
    except ExecuteError as exc:
        raise SiteError(f"Cannot run {path.name}: {exc}") from None
    return json.loads(nbformat.writes(nb))


def _cell(cell: dict, renderer: Renderer) -> str:
    tags = (cell.get("metadata") or {}).get("tags") or []
    if "remove-cell" in tags:
        return ""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    if cell.get("cell_type") == "markdown":
        return f'<section class="sll-markdown">{_NOTEBOOK_LINK.sub(_AS_PAGE, markdown_html(source))}</section>\n'
    if cell.get("cell_type") == "code":
        # Like Voilà: the page shows what the code made, not the code (one-line exercise cells).
        shown = _NOTEBOOK_LINK.sub(_AS_PAGE, renderer.outputs(cell.get("outputs") or []))
        shown = _HOME_LINK.sub(f"href=\\1{INDEX}\\1", shown)
        return f'<div class="sll-cell-output">{shown}</div>\n' if shown else ""
    return ""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _links_html(links) -> str:
    items = "".join(f'<a class="sll-run-live" href="{_e(url)}" title="{_e(tip)}" rel="noopener">{_e(label)}</a>'
                    for label, tip, url in links)
    return f'<nav class="sll-run-bar" aria-label="Run this lesson live">{items}</nav>'


def _page(title: str, body: str, scripts: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<link rel=\"stylesheet\" href=\"{STYLE}\">\n"
            f"<link rel=\"stylesheet\" href=\"{THEME}\">\n{scripts}</head>\n"
            f"<body class=\"sll-site\">\n{body}\n</body>\n</html>\n")


def _lesson_page(lesson: Lesson, body: str, links, prev: Lesson | None, nxt: Lesson | None, *, charts: bool) -> str:
    pager = []
    if prev:
        pager.append(f'<a rel="prev" href="{_e(page_name(prev))}">← {_e(prev.title)}</a>')
    pager.append(f'<a href="{INDEX}">All lessons</a>')
    if nxt:
        pager.append(f'<a rel="next" href="{_e(page_name(nxt))}">{_e(nxt.title)} →</a>')
    pager_html = f'<nav class="sll-pager" aria-label="Lessons">{" · ".join(pager)}</nav>'
    notice = ('<p class="sll-static-note">This is a read-only copy: exercises show how they start, and '
              'give no feedback here. Run the lesson live to try them.</p>')
    header = (f'<header class="sll-site-header"><a class="sll-course" href="{INDEX}">{_e(COURSE_TITLE)}</a>'
              f"{_links_html(links)}{notice}</header>")
    main = f'<main class="sll-lesson" data-lesson="{_e(lesson.number)}">{body}</main>'
    scripts = f'<script src="{PLOTLY_JS}"></script>\n' if charts else ""
    return _page(f"{lesson.title} · {COURSE_TITLE}", f"{header}\n{main}\n<footer>{pager_html}</footer>", scripts)


def _summary(number: str) -> str:
    """The course map's one line about a lesson (nothing for a lesson the map does not list)."""
    lesson = load_course().lesson(number)
    return f'<p class="sll-lesson-summary">{_e(lesson.summary)}</p>' if lesson and lesson.summary else ""


def _index_page(lessons: list[Lesson], links) -> str:
    rows = "".join(
        f'<li class="sll-lesson-card"><h2><a href="{_e(page_name(lesson))}">{_e(lesson.title)}</a></h2>'
        f"{_summary(lesson.number)}{_links_html(links[lesson.number])}</li>"
        for lesson in lessons)
    body = (f'<header class="sll-site-header"><h1>{_e(COURSE_TITLE)}</h1>'
            "<p>Lead on social media through conversation, culture and community. Read any lesson here; "
            "run it live to do the exercises and keep your work.</p></header>"
            f'<main><ol class="sll-lesson-list">{rows}</ol></main>')
    return _page(COURSE_TITLE, body)


CSS = """
[hidden] { display: none !important; }
:root { --ink: #1f2933; --muted: #52606d; --accent: #2d6a4f; --line: #d9e2ec; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: #1b4d8c; }
.sll-site-header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; padding-bottom: .75rem; }
.sll-course { font-weight: 600; text-decoration: none; }
.sll-run-bar { display: flex; flex-wrap: wrap; gap: .5rem; margin: .75rem 0; }
.sll-run-live { display: inline-block; padding: .35rem .75rem; border-radius: .4rem; background: var(--accent);
                color: #fff; text-decoration: none; font-size: .9rem; }
.sll-run-live:focus, .sll-run-live:hover { outline: 3px solid #95d5b2; }
.sll-static-note { color: var(--muted); font-size: .9rem; margin: 0; }
.sll-lesson-list { list-style: none; padding: 0; }
.sll-lesson-card { border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem; margin-bottom: 1rem; }
.sll-lesson-card h2 { font-size: 1.2rem; }
.sll-widget-area { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; margin: 1rem 0; }
.sll-box { display: flex; gap: .5rem; }
.sll-box-column { flex-direction: column; }
.sll-box-row { flex-direction: row; flex-wrap: wrap; align-items: center; }
.sll-static-widget textarea, .sll-static-widget input[type=text], .sll-static-widget select {
  width: 100%; box-sizing: border-box; font: inherit; padding: .3rem; }
.sll-static-button { font: inherit; padding: .25rem .75rem; }
.sll-options { border: 0; padding: 0; margin: 0; }
.sll-option { display: block; }
.sll-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.sll-chart-alt { color: var(--muted); font-size: .85rem; }
.sll-pager { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: 1rem; }
pre { white-space: pre-wrap; background: #f5f7fa; padding: .5rem; border-radius: .3rem; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: .25rem .5rem; }
"""
