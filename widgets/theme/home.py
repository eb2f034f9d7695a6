"""The course home page: the course title and every lesson with its summary and length, linking to the lesson.

``social-lab present`` serves it at ``/voila/tree`` through the ``social-lab`` Voilà template, which
includes ``course_home.html``: that file is written from ``datasets/lesson00/course.yaml`` by
``python -m widgets.theme.home`` (tests/test_theme.py fails when it is out of date).
"""

from __future__ import annotations

import json
import sys
from html import escape

from widgets.course import Course, Lesson, load_course
from widgets.theme import HERE, TEMPLATE

HOME_FILE = HERE / "share" / "voila" / "templates" / TEMPLATE / "course_home.html"
TAGLINE = "Lead on social media through conversation, culture and community."


def position(course: Course, lesson: Lesson) -> str:
    """Where ``lesson`` sits in the course, in words ("Step", as the lessons are numbered from 00).

    >>> c = load_course(); position(c, c.lesson("01"))
    'Step 2 of 5'
    """
    return f"Step {course.lessons.index(lesson) + 1} of {len(course.lessons)}"


def duration(lesson: Lesson) -> str:
    """``"about 40 minutes"`` (empty when the course gives no length)."""
    return f"about {lesson.minutes} minutes" if lesson.minutes else ""


def _jinja_safe(text: str) -> str:
    """Escaped text that a Jinja template cannot read as a tag: the home file is a template fragment."""
    out = escape(text, quote=True)
    for token in ("{{", "{%", "{#", "}}", "%}", "#}"):
        out = out.replace(token, token[0] + "&#8203;" + token[1])
    return out


def home_fragment(course: Course, href_prefix: str = "{{ base_url }}voila/render/{{ sll_folder | urlencode }}") -> str:
    """The home page's ``<header>`` and lesson list; each link is ``href_prefix`` + the lesson's notebook.

    The default prefix links into the folder the page lists (``tree.html`` sets ``sll_folder``): the
    lessons folder is the served root under ``social-lab present`` and ``lessons/`` on Binder.
    """
    items = []
    for lesson in course.lessons:
        meta = " · ".join(filter(None, [position(course, lesson), duration(lesson)]))
        items.append(
            f'<li class="sll-home-lesson" data-lesson="{_jinja_safe(lesson.number)}">'
            f'<h2><a href="{href_prefix}{_jinja_safe(lesson.notebook)}">{_jinja_safe(lesson.name)}</a></h2>'
            f'<p class="sll-home-meta">{_jinja_safe(meta)}</p>'
            f"<p>{_jinja_safe(lesson.summary)}</p></li>")
    first = course.lessons[0]
    return (f'<header class="sll-home-header"><h1>{_jinja_safe(course.title)}</h1>'
            f"<p>{_jinja_safe(TAGLINE)}</p>"
            f'<p><a class="sll-home-start" href="{href_prefix}{_jinja_safe(first.notebook)}">'
            f"Start with {_jinja_safe(first.name)}</a></p></header>\n"
            f'<ol class="sll-home-lessons" aria-label="Lessons">{"".join(items)}</ol>\n')


def write_home(course: Course | None = None) -> str:
    """Write ``course_home.html`` for the Voilà template; returns its text."""
    course = course or load_course()
    text = ("{#- Written by `python -m widgets.theme.home` from datasets/lesson00/course.yaml: do not edit.\n"
            "    tree.html imports first_lesson (the home page shows in the folder that holds it). -#}\n"
            f"{{%- set first_lesson = {json.dumps(course.lessons[0].notebook)} -%}}\n"
            + home_fragment(course))
    HOME_FILE.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":  # pragma: no cover - the regenerate command
    write_home()
    print(f"Wrote {HOME_FILE}", file=sys.stderr)
