"""The meter's vocabulary: lights, signal names, citations, and the report dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

# Worst to best, so a chart can plot "higher is better": red 0, amber 1, green 2.
LIGHT_ORDER = ("red", "amber", "green")
LIGHT_LEVEL = {light: level for level, light in enumerate(LIGHT_ORDER)}

# Display order: what decides the verdict first, conventions (length, readability) last.
SIGNAL_LABELS = {
    "audience": "Who it's about",
    "invitation": "Invitation to reply",
    "helpfulness": "Helpfulness",
    "hard_sell": "Hard sell",
    "shouting": "Shouting",
    "hype": "Hype",
    "announcement": "Announcing, not talking",
    "stuffing": "Hashtags, links and tags",
    "length": "Length",
    "readability": "Readability",
}
SIGNAL_NAMES = tuple(SIGNAL_LABELS)

# Longer posts are read only this far: the meter must stay instant while a learner types.
MAX_CHARS = 5000

EMPTY_NOTE = "Write or paste a post to see its voice."

NAAMAN = ("in Naaman, Boase & Lai's 2010 study about 80% of users posted mostly about themselves, and the "
          "informers who shared useful things had larger networks and were more conversational")
DE_VRIES = ("in de Vries, Gensler & Leeflang's 2012 study of brand pages, posts that asked a question "
            "drew more comments")
CLUETRAIN = "the Cluetrain Manifesto's first thesis is that markets are conversations"


@dataclass(frozen=True)
class Signal:
    """One thing the meter listened for: its light, what triggered it, why it matters, what to try."""

    name: str
    label: str
    light: str  # "green" | "amber" | "red"
    spans: tuple[tuple[int, int], ...]  # offsets into the original text: text[start:end] is the trigger
    why: str
    move: str


@dataclass(frozen=True)
class VoiceReport:
    """The meter's reading of one post: a verdict, the reasons for it, and every signal's light."""

    text: str
    status: str  # "ok" | "empty" | "not-english"
    verdict: str | None  # "bullhorn" | "walkie-talkie" | "mixed"; None unless status is "ok"
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]  # all of SIGNAL_NAMES, in that order, when status is "ok"; else empty
    notes: tuple[str, ...]

    def signal(self, name: str) -> Signal | None:
        """The signal called ``name``, or None (always None for an empty or non-English post)."""
        return next((s for s in self.signals if s.name == name), None)

    def tally(self) -> dict[str, int]:
        """How many signals show each light; every light is a key, worst first."""
        counts = dict.fromkeys(LIGHT_ORDER, 0)
        for s in self.signals:
            counts[s.light] += 1
        return counts


@dataclass(frozen=True)
class Change:
    """How one signal moved between two versions of a post."""

    name: str
    label: str
    before_light: str
    after_light: str
    direction: str  # "better" | "worse" | "same"
    says: str


@dataclass(frozen=True)
class Comparison:
    """Two readings side by side, signal by signal, with a one-line summary."""

    before: VoiceReport
    after: VoiceReport
    changes: tuple[Change, ...]  # one per signal in SIGNAL_NAMES order; empty if either text can't be read
    summary: str


def _light(score: float, amber: float, red: float) -> str:
    return "red" if score >= red else "amber" if score >= amber else "green"


def _quote(text: str, spans, limit: int = 3) -> str:
    """A short list of what triggered a signal, as the learner wrote it: 'link in bio', '50% off'."""
    seen: list[str] = []
    for s, e in sorted(spans):
        piece = " ".join(text[s:e].split())
        if piece and piece.lower() not in (p.lower() for p in seen):
            seen.append(piece)
    shown = ", ".join(f"'{p}'" for p in seen[:limit])
    return shown + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _signal(name: str, light: str, spans, why: str, move: str) -> Signal:
    return Signal(name, SIGNAL_LABELS[name], light, tuple(sorted(set(spans))), why, move)

