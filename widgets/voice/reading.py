"""analyze(): one post read by every signal, then the verdict.

The signals (``signals.py``) are loaded on the first post with words in it that the course has not read
already (``readings.py``): their cue lists take about half a second to compile, and a lesson whose drafts
start empty (a new learner's) opens without that wait.
"""

from __future__ import annotations

import functools
import threading

from .readings import stored
from .report import EMPTY_NOTE, VoiceReport

MAX_STORED = 1000  # the course's posts are short; a learner's long draft skips the look-up


def analyze(text: str) -> VoiceReport:
    """Read one post and explain its voice: a verdict, the reasons, and every signal's light.

    >>> analyze("What's one habit that made your mornings easier? Mine: laying out clothes at night.").verdict
    'walkie-talkie'
    """
    text = "" if text is None else str(text)
    if not text.strip():
        return VoiceReport(text, "empty", None, (), (), (EMPTY_NOTE,))
    if len(text) <= MAX_STORED:
        known = stored(text)  # one of the course's own posts: read already (``readings.py``)
        if known is not None:
            return known
    return _reader()(text)


@functools.cache
def _reader():
    from .signals import read

    return read


_soon: list[threading.Timer] = []


def load_soon(delay: float = 4.0) -> None:
    """Load the signals in a background thread ``delay`` seconds from now (once per process).

    A view with a meter over an empty draft calls this: the page it belongs to is not kept waiting for the
    cue lists, and the learner's first keystroke finds them ready. Four seconds, not one: a learner running
    the course on their own laptop shares its cores between the kernel and the browser, and a compile
    (about 0.5 s of CPU) one second in ran while the browser was still drawing the lesson (Lessons 01-03
    opened 5-7 % later in interleaved A/B loads; with four seconds, no slower than with none). A key
    pressed before then loads them at once, as it would without this.
    """
    if _soon or _reader.cache_info().currsize:
        return
    timer = threading.Timer(delay, _reader)
    timer.daemon = True
    timer.name = "sll-voice-load"
    _soon.append(timer)
    try:
        timer.start()
    except RuntimeError:  # no threads (the browser edition's Pyodide): the first keystroke loads them
        pass
