"""The course's look: one style sheet (``course.css``) for Voilà pages and the static site, and the Voilà template.

The lesson header puts the sheet in each lesson page (so it reaches Voilà however it was started,
Binder included); the static site ships it as a file; ``social-lab present`` also serves the
course home page from the ``social-lab`` Voilà template beside the sheet (see :func:`voila_template_args`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
# A Jupyter data folder holding ``voila/templates/social-lab``: Voilà finds templates on JUPYTER_PATH.
DATA_DIR = HERE / "share"
TEMPLATE = "social-lab"
# The one sheet; in the template's static folder so the Voilà templates can include it too.
CSS_FILE = DATA_DIR / "voila" / "templates" / TEMPLATE / "static" / "course.css"


@functools.lru_cache(maxsize=None)
def css() -> str:
    """The course style sheet's text.

    >>> "--sll-measure" in css()
    True
    """
    return CSS_FILE.read_text(encoding="utf-8")


def style_tag() -> str:
    """The sheet as one ``<style>`` element (it holds no ``</``, so it cannot end the element early)."""
    text = css()
    if "</" in text:
        raise ValueError("course.css must not contain '</'")
    return f"<style data-sll-theme>{text}</style>"


def voila_template_args() -> list[str]:
    """Voilà options for the ``social-lab`` template: the course home page at ``/voila/tree``, the sheet in each head."""
    return [f"--template={TEMPLATE}"]


def voila_path_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """``{"JUPYTER_PATH": ...}`` with the template's data folder first (where Voilà looks for templates)."""
    environ = os.environ if environ is None else environ
    paths = [str(DATA_DIR), *filter(None, environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {"JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths))}
