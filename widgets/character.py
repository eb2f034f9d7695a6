"""Staying in character: does a draft post support the learner's own promise and culture?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from widgets import voice
from widgets.buying import classify_post
from widgets.feedback import Feedback, clean_text

MAX_DRAFT = 5_000
_STOP = frozenset("""a about after again all also an and any are as at be because been before being but by can
could did do does doing don't each even every for from get gets got had has have having he her here him his how
i if in into is it its it's just like make makes many me more most much my need new no not now of off on once
one only or other our out over own people person really same she should so some still such than that the their
them then there these they thing things this those through to too up us very was way we week well were what
when where which while who why will with would you your yours""".split())
CLASH_SIGNALS = ("hard_sell", "hype", "shouting", "stuffing", "self_promotion")


def _key(word: str) -> str:
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:6]


def culture_vocabulary(canvas: dict | None, rungs: list | None) -> dict[str, str]:
    """Content words of the learner's canvas and ladder, keyed by a rough stem → a word as written."""
    texts = [v for v in (canvas or {}).values() if isinstance(v, str)]
    texts += [r for r in (rungs or []) if isinstance(r, str)]
    vocab: dict[str, str] = {}
    for text in texts:
        for word in re.findall(r"[^\W\d_]{4,}", clean_text(text, 2_000)[0]):
            if word.lower() not in _STOP:
                vocab.setdefault(_key(word), word.lower())
    return vocab


@dataclass(frozen=True)
class CharacterReport:
    """A draft judged against the learner's culture: in / out / mixed, with matched and clashing spans."""

    text: str
    verdict: str  # "in" | "out" | "mixed" | "none"
    feedback: Feedback
    marks: tuple[tuple[int, int, str], ...]  # (start, end, "match" | "clash")
    matched: tuple[str, ...]
    clashed: tuple[str, ...]
    voice: voice.VoiceReport | None


def check_character(draft: object, canvas: dict | None, rungs: list | None = None) -> CharacterReport:
    """Is this post in character for the culture on the canvas and the promise on the ladder?

    >>> canvas = {"essence": "Unhurried dinners with the people you love", "believe": "Anyone can cook dinner fast"}
    >>> check_character("What did you cook for dinner with your family tonight?", canvas).verdict
    'in'
    >>> check_character("BUY NOW!!! 50% off all pans, link in bio", canvas).verdict
    'out'
    """
    text, note = clean_text(draft, MAX_DRAFT)
    notes = (note,) if note else ()
    vocab = culture_vocabulary(canvas, rungs)
    if not vocab:
        return CharacterReport(text, "none", Feedback("empty", "Your canvas and ladder are empty, so there is no "
                               "character to check against yet: fill them in above, or use the sample canvas."),
                               (), (), (), None)
    if not text.strip():
        return CharacterReport(text, "none", Feedback("empty", "Write a draft post to check it against your culture."),
                               (), (), (), None)
    marks: list[tuple[int, int, str]] = []
    matched: dict[str, str] = {}
    for m in re.finditer(r"[^\W\d_]{4,}", text):
        word = m.group()
        if word.lower() not in _STOP and _key(word) in vocab:
            marks.append((m.start(), m.end(), "match"))
            matched.setdefault(_key(word), word)
    report = voice.analyze(text)
    clash_reasons, clashed = [], []
    for sig in report.signals:
        # A little good news of your own is a story; only a clear brag clashes with a culture.
        if sig.name in CLASH_SIGNALS and (sig.light == "red" or (sig.light == "amber" and sig.name != "self_promotion")):
            for s, e in sig.spans:
                marks.append((s, e, "clash"))
                clashed.append(text[s:e])
            clash_reasons.append(f"{sig.label}: {sig.why}")
    pitch = classify_post(text).kind == "solution"
    if pitch:
        clash_reasons.append("It pitches a solution; your culture is built on direction and relationship first.")
    reasons = []
    if matched:
        reasons.append("Fits your culture: " + ", ".join(f"“{w}”" for w in list(matched.values())[:6]) + ".")
    else:
        reasons.append("No word from your canvas or ladder appears: which belief, lesson or story does it serve?")
    reasons += clash_reasons[:3]
    if report.verdict == "bullhorn" and not clash_reasons:
        reasons.append("The voice meter hears a bullhorn: " + " ".join(report.reasons[:2]))
    if report.status == "not-english":
        reasons.append("The voice meter reads English only, so only your culture words were checked.")
    if len(matched) >= 2 and not clash_reasons and report.verdict != "bullhorn":
        verdict, fb = "in", Feedback("correct", "In character: it supports your promise and your culture.",
                                     tuple(reasons) + notes)
    elif not matched or report.verdict == "bullhorn" or (pitch and len(matched) < 2):
        verdict, fb = "out", Feedback("incorrect", "Out of character: this could undo what you have built.",
                                      tuple(reasons) + notes)
    else:
        verdict, fb = "mixed", Feedback("partial", "Partly in character: keep what fits, drop what clashes.",
                                        tuple(reasons) + notes)
    marks.sort()
    return CharacterReport(text, verdict, fb, tuple(marks), tuple(matched.values()), tuple(clashed),
                           report if report.status == "ok" else None)
