"""Feedback: the value every exercise check returns (never raises), shown by the views."""

from __future__ import annotations

from dataclasses import dataclass

# "empty" (not attempted) is a different outcome from "incorrect": a learner who has not
# answered yet must not be told they are wrong.
STATUSES = ("empty", "correct", "partial", "incorrect", "invalid")


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: a status, one headline, and the reasons behind it.

    >>> Feedback("empty", "Choose an answer first.").attempted
    False
    """

    status: str
    message: str
    details: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown feedback status {self.status!r}")

    @property
    def attempted(self) -> bool:
        return self.status not in ("empty", "invalid")

    @property
    def passed(self) -> bool:
        return self.status == "correct"


def clean_text(text: object, limit: int = 5000) -> tuple[str, str | None]:
    """Make learner text safe to analyse: a str, no control characters, at most ``limit`` chars.

    Returns the cleaned text and a note when something was changed.

    >>> clean_text("hi\\x00 there")
    ('hi there', 'Removed 1 control character.')
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # Keep newlines and tabs; drop other C0/C1 controls that would corrupt display or storage.
    kept = [ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160)]
    removed = len(text) - len(kept)
    cleaned = "".join(kept)
    notes = []
    if removed:
        notes.append(f"Removed {removed} control character{'s' if removed != 1 else ''}.")
    if len(cleaned) > limit:
        cleaned = cleaned[:limit]
        notes.append(f"Kept the first {limit:,} characters; a post that long is really an article.")
    return cleaned, " ".join(notes) or None
