"""Progress that tells the truth: each exercise's own rule for "started" and "done", read from saved work.

One rule per exercise, shared by the course map, the capstone plan and the cohort. A rule reads what
the learner saved (never what a page did on opening) and re-runs the exercise's own check on it:

- **started** means the learner acted: answered, marked, typed or added something of their own.
  Choosing a post from a menu, opening a page or pressing "Show an example" is not acting.
- **done** means the exercise's check passes on the saved work, or its real minimum is completed.
  A wrong answer, one item of many, an example filled in by the page, or a check that itself says
  "still empty" is never done.

Exercises without a rule here (a course builder's new ones) fall back to the ``done:`` rule of
``datasets/lesson00/course.yaml`` (see ``widgets.course.DoneRule``).

The package: this module holds the status type, the registry and ``status_of``; ``starting``,
``conversation``, ``culture`` and ``community`` hold the rules of lessons 00, 01, 02 and 03–04.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

DONE, STARTED, NOT_STARTED = "done", "started", "not started"

# Real minimums where an exercise has no single check (documented in docs/course-builders.md).
STUDIO_REWRITES = 3  # of the studio's posts, rewritten until the meter hears a walkie-talkie
HERO_CALLS = 3  # posts called in the hero check, every call agreeing with the label (or the check)
CONNECTOR_INTROS = 1  # introductions recorded (an introduction is recorded only when its check passes)

CHECKS = {  # checks of understanding: exercise id -> its questions
    "00.advice-teaser": "lesson00/advice_teaser.yaml",
    "00.check": "lesson00/check.yaml",
    "01.check": "lesson01/check.yaml",
    "02.check": "lesson02/check.yaml",
    "03.check": "lesson03/check.yaml",
    "04.check": "lesson04/check.yaml",
}
LADDER, CANVAS, PILLARS, PLAN = "02.benefit-ladder", "02.culture-canvas", "02.content-pillars", "04.plan"


@dataclass(frozen=True)
class Status:
    """One exercise's progress: ``state`` is "done", "started" or "not started"; ``note`` says why, briefly."""

    state: str
    note: str = ""

    @property
    def done(self) -> bool:
        return self.state == DONE


Data = Mapping[str, Mapping[str, Any]]
Rule = Callable[[Mapping[str, Any], Data], Status]
RULES: dict[str, Rule] = {}


def _rule(*ids: str):
    def register(fn: Rule) -> Rule:
        for exercise_id in ids:
            RULES[exercise_id] = fn
        return fn
    return register


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _state(done: bool, started: bool, note: str = "") -> Status:
    return Status(DONE if done else STARTED if started else NOT_STARTED, note)


def saved_of(data: Data, exercise_id: str) -> Mapping[str, Any]:
    """What ``data`` holds for one exercise (an empty mapping for nothing or a damaged entry)."""
    return _mapping(_mapping(data).get(exercise_id))


def status_of(exercise_id: str, data: Data, fallback=None) -> Status:
    """The progress of ``exercise_id`` from all saved work ``data`` (``{exercise: {key: value}}``).

    ``fallback`` is the course map's ``DoneRule``, used only for exercises without a rule here.
    A damaged saved state is "started" at most, never an error.

    >>> status_of("02.what-people-buy", {"02.what-people-buy": {"answer": ["solution", "", ""]}}).state
    'started'
    >>> status_of("02.what-people-buy", {}).state
    'not started'
    """
    data = _mapping(data)
    saved = saved_of(data, exercise_id)
    rule = RULES.get(exercise_id)
    if not saved and exercise_id != PLAN:
        # Nothing saved is never started: answered without loading the exercise's content (a course
        # map over a new workbook stays instant; the plan's rule reads the other exercises instead).
        return Status(NOT_STARTED)
    if rule is None:
        if fallback is None:
            return _state(False, bool(saved))
        return _state(fallback.met(saved), bool(saved))
    try:
        return rule(saved, data)
    except Exception:  # a saved value of an unexpected shape: progress is a report, never a crash
        return _state(False, bool(saved), "Some saved work could not be read.")


def is_done(exercise_id: str, data: Data) -> bool:
    return status_of(exercise_id, data).done


# The rule modules register themselves in RULES on import (they import the registry above).
from widgets.progress import community, conversation, culture, starting  # noqa: E402,F401
from widgets.progress.conversation import passing_rewrites  # noqa: E402,F401
from widgets.progress.culture import canvas_answers, ladder_rungs, own_posts  # noqa: E402,F401
