"""Coach mode and facilitation notes: shown to coaches presenting a lesson, hidden from learners."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Mapping

from widgets.content import read_yaml, require

COACH_ENV = "SOCIAL_LAB_COACH"


def coach_mode(environ: Mapping[str, str] | None = None) -> bool:
    """True when the course runs for a coach (``social-lab present --coach`` sets the variable).

    >>> coach_mode({"SOCIAL_LAB_COACH": "1"}), coach_mode({})
    (True, False)
    """
    env = os.environ if environ is None else environ
    return env.get(COACH_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Step:
    """One timed part of a session plan."""

    title: str
    minutes: int
    text: str


@dataclass(frozen=True)
class CoachNotes:
    """A lesson's facilitation notes: a session length and timed steps."""

    id: str
    title: str
    steps: tuple[Step, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


@functools.lru_cache(maxsize=None)
def load_notes(relative: str) -> CoachNotes:
    """Load a lesson's facilitation notes.

    >>> load_notes("lesson01/coach_notes.yaml").minutes > 0
    True
    """
    raw = read_yaml(relative)
    steps = tuple(Step(title=require(s, "title", f"{relative} step {i}"),
                       minutes=require(s, "minutes", f"{relative} step {i}", int),
                       text=require(s, "text", f"{relative} step {i}"))
                  for i, s in enumerate(require(raw, "steps", relative, list)))
    return CoachNotes(id=require(raw, "id", relative), title=require(raw, "title", relative), steps=steps)

