"""The exercise views: the only package that imports ipywidgets.

The names below are loaded on first use, not when the package is: every lesson imports
``widgets.exercises.course`` for its header, and Lesson 00 has no use for the voice meter that the
rewrite studio brings (about 0.5 s of regex compiling while the page is opening).
"""

from __future__ import annotations

import importlib

_HOMES = {
    "CoachNotesView": "coach",
    "CheckOfUnderstanding": "choice",
    "ChoiceExercise": "choice",
    "ConversationFinderExercise": "finder",
    "ListeningLabExercise": "listening",
    "RewriteStudioExercise": "studio",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
