"""The meter's readings of the course's own posts, kept beside the code so a page can show one without the cue lists.

Lesson 01's rewrite studio opens on a bullhorn post read by the meter. Reading it needs every cue list
compiled (about half a second while the page is opening); the reading of a post the course ships never
changes until the cues do. ``readings.json`` holds those readings; ``analyze`` returns a stored one for
exactly the same text, and ``tests/test_lesson_opening.py`` fails when a stored reading differs from a
fresh one. After changing a cue list or a studio post, write them again::

    python -c "from widgets.voice import readings; readings.write()"
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .report import Signal, VoiceReport

FILE = Path(__file__).with_name("readings.json")


def to_json(report: VoiceReport) -> dict:
    """A reading as plain JSON data (``from_json`` gives it back equal)."""
    return {"text": report.text, "status": report.status, "verdict": report.verdict,
            "reasons": list(report.reasons), "notes": list(report.notes), "moves": list(report.moves),
            "citations": list(report.citations),
            "signals": [{"name": s.name, "label": s.label, "light": s.light, "spans": [list(x) for x in s.spans],
                         "why": s.why, "move": s.move} for s in report.signals]}


def from_json(data: dict) -> VoiceReport:
    signals = tuple(Signal(s["name"], s["label"], s["light"], tuple(tuple(x) for x in s["spans"]), s["why"], s["move"])
                    for s in data["signals"])
    return VoiceReport(data["text"], data["status"], data["verdict"], tuple(data["reasons"]), signals,
                       tuple(data["notes"]), tuple(data["moves"]), tuple(data["citations"]))


@functools.lru_cache(maxsize=1)
def _stored() -> dict[str, dict]:
    try:
        return {r["text"]: r for r in json.loads(FILE.read_text(encoding="utf-8"))["readings"]}
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: every post is simply read
        return {}


def stored(text: str) -> VoiceReport | None:
    """The stored reading of exactly ``text``, if the course ships that post."""
    found = _stored().get(text)
    return from_json(found) if found is not None else None


def course_posts() -> list[str]:
    """The posts a page shows read by the meter as it opens: the rewrite studio's."""
    from widgets.rewrite import load_studio

    return [task.post for task in load_studio().tasks]


def fresh() -> dict:
    """The document ``readings.json`` should hold now."""
    from .signals import read

    return {"about": "Written by widgets.voice.readings.write(); do not edit by hand.",
            "readings": [to_json(read(text)) for text in course_posts()]}


def write() -> Path:
    """Write ``readings.json`` from the cue lists and posts as they are now."""
    FILE.write_text(json.dumps(fresh(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _stored.cache_clear()
    return FILE
