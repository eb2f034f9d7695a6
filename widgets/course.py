"""The course map: lessons, their exercises, the learner's progress, and links between lessons."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Mapping

from widgets.content import ContentError, read_yaml, require, unique_ids

COURSE_FILE = "lesson00/course.yaml"
STATUSES = ("done", "started", "not started")
# Text first, symbol second: progress is never told by colour alone.
STATUS_LABELS = {"done": "✓ done", "started": "◐ started", "not started": "○ not started"}


@dataclass(frozen=True)
class DoneRule:
    """When an exercise counts as done: a saved ``_result``, all of some keys, any of some keys, or N answers."""

    kind: str  # "result" | "keys" | "any_of" | "count"
    keys: tuple[str, ...] = ()
    count: int = 0

    def met(self, saved: Mapping[str, Any]) -> bool:
        """True when ``saved`` (one exercise's workbook keys) satisfies the rule.

        >>> DoneRule("count", count=2).met({"a": 1, "b": 2})
        True
        """
        # Blank and False values are not answers (0 is: a score of 0 is a real answer).
        present = {k for k, v in saved.items() if v is not False and v is not None and v not in ("", [], {})}
        if self.kind == "result":
            result = saved.get("_result")
            # A result whose items list is empty (every draft cleared) is not a finished exercise.
            return "_result" in present and not (isinstance(result, Mapping) and "items" in result
                                                 and not result["items"])
        if self.kind == "keys":
            return set(self.keys) <= present
        if self.kind == "any_of":
            return bool(set(self.keys) & present)
        return len({k for k in present if not k.startswith("_")}) >= self.count


@dataclass(frozen=True)
class ExerciseRef:
    """One exercise on the map."""

    id: str
    title: str
    done: DoneRule


@dataclass(frozen=True)
class Lesson:
    """One lesson: its number ("02"), title, notebook file name, exercises in order, length and one-line summary."""

    number: str
    title: str
    notebook: str
    exercises: tuple[ExerciseRef, ...]
    minutes: int = 0
    summary: str = ""

    @property
    def id(self) -> str:
        return self.number

    @property
    def name(self) -> str:
        """``"Lesson 02 · Culture"``."""
        return f"Lesson {self.number} · {self.title}"


@dataclass(frozen=True)
class PlanSlot:
    """One section of the Social Leadership Plan and where it comes from."""

    id: str
    title: str
    exercise: str
    lesson: str
    why: str


@dataclass(frozen=True)
class Course:
    """The whole course: lessons in order and the plan's sections."""

    title: str
    lessons: tuple[Lesson, ...]
    plan: tuple[PlanSlot, ...]

    def lesson(self, number: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.number == number), None)

    def lesson_of(self, exercise_id: str) -> Lesson | None:
        """The lesson holding ``exercise_id`` (by the map, else by its "NN." prefix)."""
        for lesson in self.lessons:
            if any(e.id == exercise_id for e in lesson.exercises):
                return lesson
        return self.lesson(exercise_id.split(".", 1)[0])

    def neighbours(self, number: str) -> tuple[Lesson | None, Lesson | None]:
        """The previous and next lesson around ``number`` (None at either end)."""
        numbers = [lesson.number for lesson in self.lessons]
        if number not in numbers:
            raise ContentError(f"{COURSE_FILE}: no lesson '{number}'")
        i = numbers.index(number)
        return (self.lessons[i - 1] if i > 0 else None,
                self.lessons[i + 1] if i + 1 < len(self.lessons) else None)


def _rule(raw: Any, where: str) -> DoneRule:
    if raw == "result":
        return DoneRule("result")
    if isinstance(raw, dict) and len(raw) == 1:
        (kind, value), = raw.items()
        if kind in ("keys", "any_of") and isinstance(value, list) and value and all(isinstance(k, str) for k in value):
            return DoneRule(kind, keys=tuple(value))
        if kind == "count" and isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return DoneRule("count", count=value)
    raise ContentError(f"{where}: 'done' must be 'result', {{keys: [..]}}, {{any_of: [..]}} or {{count: N}}, "
                       f"got {raw!r}")


@functools.lru_cache(maxsize=None)
def load_course(relative: str = COURSE_FILE) -> Course:
    """Load and validate the course map.

    >>> load_course().lesson("01").notebook
    '01_conversation.ipynb'
    """
    raw = read_yaml(relative)
    lessons = []
    for i, rec in enumerate(require(raw, "lessons", relative, list)):
        where = f"{relative} lesson {i}"
        exercises = []
        for j, ex in enumerate(require(rec, "exercises", where, list)):
            ewhere = f"{where} exercise {j}"
            if not isinstance(ex, dict) or "done" not in ex:
                raise ContentError(f"{ewhere}: missing field 'done'")
            exercises.append(ExerciseRef(require(ex, "id", ewhere), require(ex, "title", ewhere),
                                         _rule(ex["done"], ewhere)))
        unique_ids(exercises, where)
        notebook = require(rec, "notebook", where)
        if "/" in notebook or not notebook.endswith(".ipynb"):
            raise ContentError(f"{where}: 'notebook' must be a sibling .ipynb file name, got {notebook!r}")
        minutes = rec.get("minutes", 0)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
            raise ContentError(f"{where}: 'minutes' must be a whole number of minutes, got {minutes!r}")
        summary = rec.get("summary", "")
        if not isinstance(summary, str):
            raise ContentError(f"{where}: 'summary' must be one line of text, got {summary!r}")
        lessons.append(Lesson(require(rec, "number", where), require(rec, "title", where), notebook,
                              tuple(exercises), minutes, summary.strip()))
    unique_ids(lessons, relative)
    plan = []
    for i, rec in enumerate(require(raw, "plan", relative, list)):
        where = f"{relative} plan {i}"
        slot = PlanSlot(require(rec, "id", where), require(rec, "title", where), require(rec, "exercise", where),
                        require(rec, "lesson", where), require(rec, "why", where))
        if slot.lesson not in {lesson.number for lesson in lessons}:
            raise ContentError(f"{where}: lesson '{slot.lesson}' is not in the course")
        plan.append(slot)
    unique_ids(plan, relative)
    return Course(require(raw, "title", relative), tuple(lessons), tuple(plan))


def exercise_status(rule: DoneRule, saved: Mapping[str, Any] | None) -> str:
    """``"done"``, ``"started"`` (something saved) or ``"not started"`` by the map's generic rule alone
    (``widgets.progress`` holds each built exercise's own rule, which ``progress`` uses first).

    >>> exercise_status(DoneRule("result"), {"draft": "hi"})
    'started'
    """
    saved = saved if isinstance(saved, Mapping) else {}
    if rule.met(saved):
        return "done"
    return "started" if saved else "not started"


@dataclass(frozen=True)
class ExerciseProgress:
    id: str
    title: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class LessonProgress:
    lesson: Lesson
    exercises: tuple[ExerciseProgress, ...]

    @property
    def done(self) -> int:
        return sum(e.status == "done" for e in self.exercises)

    @property
    def status(self) -> str:
        if self.exercises and self.done == len(self.exercises):
            return "done"
        return "started" if any(e.status != "not started" for e in self.exercises) else "not started"


def progress(course: Course, data: Mapping[str, Mapping[str, Any]]) -> tuple[LessonProgress, ...]:
    """Every lesson's exercises with their status, read from ``data`` (exercise id -> saved keys).

    Each exercise's own rule decides (``widgets.progress``); the map's ``done:`` rule serves only
    exercises without one.
    """
    from widgets.progress import status_of

    out = []
    for lesson in course.lessons:
        rows = []
        for e in lesson.exercises:
            status = status_of(e.id, data, fallback=e.done)
            rows.append(ExerciseProgress(e.id, e.title, status.state, status.note))
        out.append(LessonProgress(lesson, tuple(rows)))
    return tuple(out)


def workbook_data(workbook) -> dict[str, dict[str, Any]]:
    """Everything in a workbook as ``{exercise: {key: value}}`` (empty for no workbook)."""
    return export_data_by_exercise(workbook.export_data() if workbook is not None else None)


def export_data_by_exercise(doc: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """An export document (``Workbook.export_data()``) as ``{exercise: {key: value}}``.

    >>> export_data_by_exercise({"entries": [{"exercise": "e", "key": "k", "value": 1}]})
    {'e': {'k': 1}}
    """
    data: dict[str, dict[str, Any]] = {}
    for entry in (doc or {}).get("entries", ()):
        data.setdefault(entry["exercise"], {})[entry["key"]] = entry["value"]
    return data
