"""The hero check: does sharing this post make the SHARER look good to their own audience?

A small explained heuristic over the text: what a sharer gains (something useful, an insight, a
laugh, credit to others, a takeaway their followers can use) against what only serves the author
(a sales push, a brag, bait, hype). Every signal names the words that triggered it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text

DEFAULT = "lesson02/guru/hero_posts.yaml"
LABELS = ("hero", "not-hero")
LIMIT = 5000


@dataclass(frozen=True)
class Rule:
    """One signal: its name, whether it helps the sharer, its weight, patterns, and what it means."""

    id: str
    label: str
    helps: bool
    weight: float
    patterns: tuple[str, ...]
    why: str


_I = re.IGNORECASE
RULES = (
    Rule("useful", "Useful", True, 1.0, (
        r"\b(tip|trick|how to|checklist|step|steps|rule|fix|fixes|works?)\b",
        r"(^|\n|\s)[1-9][).]\s", r"\bwhen you\b", r"\bif you(?:'re| are)?\b[^.?!]{0,80},",
    ), "Gives the sharer's followers something they can use."),
    Rule("specific", "Specific", True, 0.5, (
        r"\b\d+(?:[.,]\d+)?\s?(?:%|percent|minutes?|hours?|days?|weeks?|months?|years?|centimetres?|cm"
        r"|people|orders|students|seats?)\b",
        r"\b(?:two|three|four|five|ten)\s+(?:things|mistakes|tools|steps|free|minutes|centimetres)\b",
    ), "Concrete details make it credible to pass on."),
    Rule("insight", "Insight", True, 1.0, (
        r"\b(noticed|pattern|turns out|the reason|what changed|learned|lesson|taught me|surprising|interesting)\b",
        r"\bbecause\b", r"\bmatters? more\b", r"\bwhy\b[^.?!]{3,60}[.?:]",
    ), "An insight makes the sharer look sharp."),
    Rule("funny", "Funny", True, 1.0, (
        r"😂|🤣|😅|\blol\b|\bhaha\b", r"\bme at \d", r"\bdied of\b",
    ), "A laugh is one of the most shared things there is."),
    Rule("credit", "Credit to others", True, 1.5, (
        r"(?<![\w@])@[A-Za-z0-9_]{2,}", r"\b(thanks? to|thank you to|shout-out|shoutout|credit|h/t|via|hat tip)\b",
        r"\b(?:study|find|research|tip|script|tool|checker)\s+(?:by|from)\s+[A-Z]", r"\bnone of them mine\b",
        r"\b[A-Z][a-z]+ [A-Z][a-z]+'s\b", r"\bfrom (?:a|my) [a-z]+ (?:by|at)\b",
        r"\b(?:grandmother|grandfather|colleague)s?\b",
    ), "Naming other people's work makes the sharer look generous and well-read."),
    Rule("takeaway", "Takeaway", True, 1.0, (
        r"(?:^|(?<=[.!?:]\s)|(?<=\n))(?:Try|Steal|Next time|Don't|Do not|Bring|Water|Start|Look at|Put|Ask|Talk)\b",
        r"\bso you don't have to\b", r"\bworth (?:it|ten|a few)\b", r"\bpay for\b",
    ), "A takeaway the sharer's followers can act on."),
    Rule("question", "Open question", True, 0.5, (
        r"\b(?:What|Which|How|Why)\b[^.?!]{3,120}\?",
    ), "A real question invites the sharer's followers into the conversation."),
    Rule("sales", "Sales push", False, 2.0, (
        r"\b(buy|order|shop) (now|today|your)\b", r"\bsale\b|\bdiscount\b|\bcoupon\b|\b\d+% off\b|\bprices? go up\b",
        r"\buse code\b|\bcheckout\b|\blink in bio\b|\bdm (?:me|us|for)\b|\bclick the link\b",
        r"\b(sign up|register|book a call|book me|contact us|upgrade|download it|free quote|join thousands)\b",
        r"\b(seats? left|last chance|limited (?:stock|time|offer)|don't miss out|before it's (?:too late|gone))\b",
        r"\b(get|order|grab) (?:my|our|your copy)\b", r"\bfirst come first served\b", r"\bsubscribe\b",
    ), "Passing on a sales push makes the sharer look like a billboard."),
    Rule("brag", "Brag", False, 1.5, (
        r"\b(thrilled|excited|proud|honou?red|humbled) (?:to|of|and)\b", r"\bso proud\b|\bproud of me\b",
        r"\baward(?:-winning)?\b|#1\b|\branked\b|\btop \d+\b|\bbest (?:year|release|speaker|marketing)\b",
        r"\b\d+(?:,\d{3}|K)? followers\b", r"\bsold-out\b|\bi made \$", r"\b(?:literally|truly) the best\b",
        r"\bour (?:amazing|most powerful|new version|best)\b", r"\bbig things coming\b", r"\bas i always say\b",
        r"\bthe best (?:version|investment)\b",
    ), "A brag is about the author; the sharer gains nothing by repeating it."),
    Rule("bait", "Bait", False, 2.0, (
        r"\btag (?:\d+|a|your|three|five) (?:friends?|people)\b", r"\bcomment (?:yes|below|[A-Z]{2,})\b",
        r"\blike this post\b|\bshare if\b|\bfollow (?:me|our page|us)\b|\bgiveaway\b|\bturn on notifications\b",
    ), "Bait asks the sharer to do the author's marketing."),
    Rule("hype", "Hype", False, 1.0, (
        r"!{2,}", r"\b[A-Z]{4,}\b(?:[^a-z]{0,3}\b[A-Z]{2,}\b)?", r"(?:#\w+\s*){4,}", r"(?:🔥|🚀|💯){2,}",
        r"\b(?:change your life|game changer|revolutionary|exclusive)\b",
    ), "Shouting makes anyone who repeats it sound like an advert."),
)
@functools.cache
def _compiled() -> dict[str, tuple]:
    """Each rule's patterns, compiled when a post is first checked (not at import, while a lesson opens)."""
    return {r.id: tuple(re.compile(p, 0 if r.id in ("hype", "credit") else _I) for p in r.patterns) for r in RULES}


@dataclass(frozen=True)
class Signal:
    """A rule that fired, with the spans of text that triggered it."""

    rule: Rule
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class HeroReport:
    """The check's reading of one post."""

    text: str
    verdict: str  # "hero", "not-hero" or "none" (nothing to judge)
    score: float
    signals: tuple[Signal, ...]
    note: str | None = None

    @property
    def helps(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.rule.helps)

    @property
    def hurts(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if not s.rule.helps)

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        """Spans for ``widgets.markup.highlight``: green for what helps, red for what hurts."""
        return [(a, b, "green" if s.rule.helps else "red") for s in self.signals for a, b in s.spans]


def analyze(text: object) -> HeroReport:
    """Read a post: which signals fire, their score, and the verdict.

    >>> analyze("Tip: put the request in the first line. Try it today.").verdict
    'hero'
    >>> analyze("BUY NOW!!! 50% off, link in bio").verdict
    'not-hero'
    """
    cleaned, note = clean_text(text, LIMIT)
    if not re.search(r"\w", cleaned):
        return HeroReport(cleaned, "none", 0.0, (), note)
    signals = []
    for rule in RULES:
        spans = tuple(sorted({m.span() for p in _compiled()[rule.id] for m in p.finditer(cleaned)
                              if m.end() > m.start()}))
        if spans:
            signals.append(Signal(rule, spans))
    score = 0.0
    for s in signals:
        # Repeats count, with diminishing weight: one hashtag pile is not three brags.
        strength = min(len(s.spans), 3) ** 0.5
        score += s.rule.weight * strength * (1 if s.rule.helps else -1)
    verdict = "hero" if score > 0.5 else "not-hero"
    return HeroReport(cleaned, verdict, round(score, 2), tuple(signals), note)


def explain(report: HeroReport) -> Feedback:
    """Feedback naming the reasons, each with the words that triggered it."""
    if report.verdict == "none":
        return Feedback("empty", "Paste or write a post to check.")
    def line(s: Signal) -> str:
        words = ", ".join(f"“{report.text[a:b].strip()}”" for a, b in s.spans[:3])
        return f"{'+' if s.rule.helps else '−'} {s.rule.label}: {s.rule.why} ({words})"
    details = tuple(line(s) for s in report.hurts) + tuple(line(s) for s in report.helps)
    if report.note:
        details = (report.note,) + details
    if report.verdict == "hero":
        head = "Yes: passing this on makes the sharer look good."
        if report.hurts:
            head = "Mostly yes, though parts of it serve only the author."
        return Feedback("correct", head, details)
    if not report.signals:
        return Feedback("partial", "Not yet: nothing in it gives a sharer's followers a reason to care.",
                        ("Add one useful tip, an insight, a laugh or credit to someone else.",))
    return Feedback("incorrect", "No: sharing this mainly advertises the author.", details)


@dataclass(frozen=True)
class HeroSample:
    """A labelled sample post."""

    id: str
    label: str
    note: str
    text: str


@dataclass(frozen=True)
class HeroSpec:
    id: str
    prompt: str
    hint: str
    samples: tuple[HeroSample, ...]

    def sample(self, sample_id: str) -> HeroSample | None:
        return next((s for s in self.samples if s.id == sample_id), None)


HOLDOUT = "lesson02/guru/hero_holdout.yaml"


@functools.lru_cache(maxsize=None)
def load_samples(relative: str = DEFAULT) -> tuple[HeroSample, ...]:
    """The labelled posts in a file's ``samples:`` list (the lesson's samples or the holdout).

    >>> len(load_samples(HOLDOUT)) >= 20
    True
    """
    raw = read_yaml(relative)
    samples = []
    for i, rec in enumerate(require(raw, "samples", relative, list)):
        where = f"{relative} sample {i}"
        sample = HeroSample(require(rec, "id", where), require(rec, "label", where), require(rec, "note", where),
                            require(rec, "text", where).strip())
        if sample.label not in LABELS:
            raise ContentError(f"{where}: label '{sample.label}' is not one of {LABELS}")
        samples.append(sample)
    unique_ids(samples, relative)
    return tuple(samples)


@functools.lru_cache(maxsize=None)
def load_hero(relative: str = DEFAULT) -> HeroSpec:
    """Load the exercise: prompt, hint and labelled samples.

    >>> len(load_hero().samples) >= 30
    True
    """
    raw = read_yaml(relative)
    return HeroSpec(require(raw, "id", relative), require(raw, "prompt", relative), require(raw, "hint", relative),
                    load_samples(relative))


def accuracy(samples) -> float:
    """Share of samples whose verdict matches the label."""
    samples = tuple(samples)
    return sum(analyze(s.text).verdict == s.label for s in samples) / len(samples) if samples else 0.0


def check_call(text: str, call: str | None, label: str | None = None) -> Feedback:
    """Judge the learner's call ("hero"/"not-hero") against the label (samples) or the heuristic (own post)."""
    report = analyze(text)
    if report.verdict == "none":
        return Feedback("empty", "Pick a sample or write a post first.")
    if call not in LABELS:
        return Feedback("empty", "Make your call: would sharing it make you look good?")
    truth = label if label in LABELS else report.verdict
    source = "the course's label" if label in LABELS else "the check"
    reasons = explain(report).details
    if call == truth:
        return Feedback("correct", f"You agree with {source}.", reasons)
    return Feedback("incorrect", f"{source.capitalize()} says {'yes' if truth == 'hero' else 'no'}. "
                                 "Read the reasons below.", reasons)
