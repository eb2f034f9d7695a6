"""The live edition's own pages: the course index (both editions, where the work lives) and the embed codes."""

from __future__ import annotations

import html

from widgets.site.lessons import Lesson

INDEX = "index.html"


EMBED = "embed.html"


STYLE = "course.css"


COURSE_TITLE = "Social Leadership Lab"


def app_path(lesson: Lesson) -> str:
    """Where voici writes the lesson as an app, relative to the site root."""
    return f"voici/render/{lesson.path.stem}.html"


def notebook_path(lesson: Lesson) -> str:
    """Where JupyterLite's notebook app opens the lesson, relative to the site root."""
    return f"notebooks/index.html?path={lesson.name}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# JupyterLite's apps read the configuration of every folder up to the site's root from that folder's
# index.html; the course index takes the place of JupyterLite's own there, so it carries the
# (empty) root configuration JupyterLite's index held.
LITE_ROOT_CONFIG = ('<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">'
                    "{}</script>\n")


def _page(title: str, body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{_e(title)}</title>\n<link rel="stylesheet" href="{STYLE}">\n{head}</head>\n'
            f"<body>\n{body}\n</body>\n</html>\n")


WHERE_HTML = (
    "<p>Everything runs in your browser: no account, no server, nothing sent anywhere. The first lesson "
    "you open starts Python inside the page, which takes some seconds (longer on an older phone or "
    "laptop); your browser then keeps a copy of that Python for this site, so the next pages open "
    "faster. Clearing this site's data removes that copy too.</p>"
    "<p><strong>Where your work is:</strong> in this browser, on this device, in the storage it gives this "
    "site's address. It stays when you close the page. Another browser or device does not see it, and "
    "clearing this site's data deletes it. To take it away, use <em>Download my workbook</em> at the end "
    "of any lesson (or the downloads in the capstone), and <em>Import a workbook</em> there to bring it back, "
    "or <code>social-lab import</code> on a computer with the course installed.</p>")


def index_page(lessons: list[Lesson]) -> str:
    rows = "".join(
        f'<li class="sll-lesson-card"><h2>{_e(lesson.title)}</h2><p class="sll-open">'
        f'<a class="sll-open-app" href="{_e(app_path(lesson))}">Open the lesson</a> '
        f'<a class="sll-open-notebook" href="{_e(notebook_path(lesson))}">Open it as a notebook (code showing)</a>'
        f"</p></li>"
        for lesson in lessons)
    body = (f'<header class="sll-site-header"><h1>{_e(COURSE_TITLE)}</h1>'
            "<p>Lead on social media through conversation, culture and community.</p></header>"
            f'<main><section aria-label="About this course">{WHERE_HTML}</section>'
            f'<ol class="sll-lesson-list">{rows}</ol>'
            f'<p><a href="{EMBED}">Show a lesson inside your own site or LMS (embed codes)</a></p></main>')
    return _page(COURSE_TITLE, body, head=LITE_ROOT_CONFIG)


def embed_snippet(lesson: Lesson, base_url: str | None, height: int = 900) -> str:
    """The ``<iframe>`` that shows ``lesson`` as an app on another site."""
    base = (base_url or "https://YOUR-SITE.example.org/course").rstrip("/")
    return (f'<iframe src="{_e(base)}/{_e(app_path(lesson))}" title="{_e(lesson.title)}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy"></iframe>')


def embed_page(lessons: list[Lesson], base_url: str | None) -> str:
    items = "".join(f"<li><h2>{_e(lesson.title)}</h2><pre><code>{_e(embed_snippet(lesson, base_url))}"
                    f"</code></pre></li>" for lesson in lessons)
    where = ("" if base_url else "<p>Replace <code>https://YOUR-SITE.example.org/course</code> with the address "
             "where you publish this folder (or build with <code>--base-url</code>).</p>")
    body = (f'<header class="sll-site-header"><a href="{INDEX}">{_e(COURSE_TITLE)}</a><h1>Embed a lesson</h1>'
            "<p>Paste one of these into any page: the lesson runs inside it, in the learner's browser. "
            "No server needs configuring; the folder can sit on any static host. Work done in an embedded "
            "lesson is kept by the browser for this site's address (browsers that partition storage keep "
            "it per embedding site).</p>"
            f"{where}</header><main><ol class='sll-lesson-list'>{items}</ol></main>")
    return _page(f"Embed a lesson · {COURSE_TITLE}", body)


CSS = """
:root { --ink: #1f2933; --muted: #52606d; --accent: #1d4f91; --line: #d9e2ec; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: #1b4d8c; }
.sll-site-header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; padding-bottom: .75rem; }
.sll-lesson-list { list-style: none; padding: 0; }
.sll-lesson-card { border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1rem; margin-bottom: 1rem; }
.sll-lesson-card h2 { font-size: 1.2rem; }
.sll-open { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
.sll-open-app { display: inline-block; padding: .45rem .9rem; border-radius: .4rem; background: var(--accent);
                color: #fff; text-decoration: none; font-weight: 600; }
.sll-open-app:focus, .sll-open-app:hover { outline: 3px solid #9ec5fe; }
pre { white-space: pre-wrap; word-break: break-all; background: #f5f7fa; padding: .5rem; border-radius: .3rem; }
"""
