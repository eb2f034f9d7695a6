"""The course's lessons as found on disk: number, file name and title (no ipywidgets, no plotly)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from widgets.content import lessons_dir

LESSON_FILE = re.compile(r"^(\d\d)_[A-Za-z0-9_\-]+\.ipynb$")
_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)


class LessonNotFound(ValueError):
    """A lesson number that names no lesson; the message lists the ones that exist."""


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook: ``number`` is its two-digit prefix ("01")."""

    number: str
    path: Path
    title: str

    @property
    def name(self) -> str:
        return self.path.name


def find_lessons(folder: Path | None = None) -> list[Lesson]:
    """Every ``NN_name.ipynb`` in ``folder`` (default: the course's lessons), in number order.

    >>> "01" in [lesson.number for lesson in find_lessons()]
    True
    """
    folder = Path(folder) if folder is not None else lessons_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        match = LESSON_FILE.match(path.name)
        if match and path.is_file():
            found.append(Lesson(match.group(1), path, lesson_title(path)))
    return found


def lesson_title(path: Path) -> str:
    """The notebook's ``metadata.title``, else its first level-1 heading, else its file name."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Path(path).stem
    title = (nb.get("metadata") or {}).get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            match = _HEADING.search("".join(source) if isinstance(source, list) else source)
            if match:
                return match.group(1)
    return Path(path).stem


def normalize_number(value: str | int) -> str:
    """A lesson number as its two-digit prefix: ``1``, ``"1"`` and ``"01"`` all give ``"01"``.

    >>> normalize_number(3), normalize_number("03")
    ('03', '03')
    """
    text = str(value).strip()
    if not text.isdigit() or not text.isascii() or int(text) > 99:
        raise LessonNotFound(f"A lesson number is 0 to 99 (like 1 or 01), not {text[:20]!r}.")
    return f"{int(text):02d}"


def pick_lessons(lessons: list[Lesson], number: str | int | None) -> list[Lesson]:
    """All lessons, or the one numbered ``number``; ``LessonNotFound`` names the numbers that exist."""
    if not lessons:
        raise LessonNotFound("No lessons found (expected files named like 01_topic.ipynb).")
    if number is None:
        return list(lessons)
    wanted = normalize_number(number)
    chosen = [lesson for lesson in lessons if lesson.number == wanted]
    if not chosen:
        have = ", ".join(lesson.number for lesson in lessons)
        raise LessonNotFound(f"There is no lesson {wanted}; the lessons are {have}.")
    return chosen
