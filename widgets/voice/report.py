"""The meter's vocabulary: lights, signals, verdicts, citations, and the report dataclasses."""

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
    "disclosure": "A person in it",
    "self_promotion": "Self-promotion",
    "hard_sell": "Hard sell",
    "shouting": "Shouting",
    "hype": "Hype",
    "stuffing": "Hashtags, links and tags",
    "length": "Length",
    "readability": "Readability",
}
SIGNAL_NAMES = tuple(SIGNAL_LABELS)
# Which way each signal can pull the verdict: conversation signals count when green, broadcast signals
# when amber or red; conventions are shown but never weigh in.
SIGNAL_ROLES = {
    "audience": "conversation", "invitation": "conversation", "helpfulness": "conversation",
    "disclosure": "conversation", "self_promotion": "broadcast", "hard_sell": "broadcast",
    "shouting": "broadcast", "hype": "broadcast", "stuffing": "broadcast",
    "length": "convention", "readability": "convention",
}

# A gauge reads left to right, bullhorn to walkie-talkie. "mixed" has both a real conversation and a
# pitch or noise pulling against it; "neutral" has no evidence either way (a short reply, a greeting).
VERDICT_SCALE = ("bullhorn", "mixed", "neutral", "walkie-talkie")
VERDICT_LEVEL = {verdict: level for level, verdict in enumerate(VERDICT_SCALE)}
VERDICT_LABELS = {
    "bullhorn": "Bullhorn: it broadcasts",
    "mixed": "Mixed: it talks, and something pulls against it",
    "neutral": "Neutral: too little to judge either way",
    "walkie-talkie": "Walkie-talkie: it talks with people",
}

# Longer posts are read only this far: the meter must stay instant while a learner types.
MAX_CHARS = 5000

EMPTY_NOTE = "Write or paste a post to see its voice."

# The research behind the signals, cited once per report (VoiceReport.citations), never in every why.
CITATIONS = {
    "naaman": ("In Naaman, Boase & Lai's 2010 study, about 80% of users posted mostly about themselves; the "
               "informers who shared useful things had larger networks and were more conversational."),
    "de_vries": ("In de Vries, Gensler & Leeflang's 2012 study of brand pages, posts that asked a question "
                 "drew more comments."),
    "cluetrain": "The Cluetrain Manifesto's first thesis is that markets are conversations.",
}
SIGNAL_CITATIONS = {"audience": "naaman", "self_promotion": "naaman", "helpfulness": "naaman",
                    "invitation": "de_vries", "hard_sell": "cluetrain"}


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
    """The meter's reading of one post: a verdict, the reasons for it, and every signal's light.

    ``moves`` names the signals most worth changing in this draft, worst first (see ``top_moves``);
    ``citations`` holds the research behind the signals the reasons name, each once.
    """

    text: str
    status: str  # "ok" | "empty" | "not-english"
    verdict: str | None  # one of VERDICT_SCALE; None unless status is "ok"
    reasons: tuple[str, ...]  # plain sentences: what pulls each way, then what that adds up to
    signals: tuple[Signal, ...]  # all of SIGNAL_NAMES, in that order, when status is "ok"; else empty
    notes: tuple[str, ...]
    moves: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()

    def signal(self, name: str) -> Signal | None:
        """The signal called ``name``, or None (always None for an empty or non-English post)."""
        return next((s for s in self.signals if s.name == name), None)

    def tally(self) -> dict[str, int]:
        """How many signals show each light; every light is a key, worst first."""
        counts = dict.fromkeys(LIGHT_ORDER, 0)
        for s in self.signals:
            counts[s.light] += 1
        return counts

    def top_moves(self, n: int = 3) -> tuple[Signal, ...]:
        """The signals most worth changing in this draft, worst first: what pushes it toward a bullhorn,
        then what it lacks to be a conversation, then conventions. Empty when nothing needs a change.

        >>> from widgets.voice import analyze
        >>> [s.name for s in analyze("Order now!!! 50% off, link in bio").top_moves(2)]
        ['hard_sell', 'shouting']
        """
        by_name = {s.name: s for s in self.signals}
        return tuple(by_name[name] for name in self.moves[:max(0, n)])


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


def light_for(score: float, amber: float, red: float) -> str:
    """The light for a score against an amber and a red threshold."""
    return "red" if score >= red else "amber" if score >= amber else "green"


def make_signal(name: str, light: str, found, why: str, move: str) -> Signal:
    """A signal with its label, and its spans sorted and without repeats."""
    return Signal(name, SIGNAL_LABELS[name], light, tuple(sorted(set(found))) if found else (), why, move)
