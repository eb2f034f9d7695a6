"""Whether a rewrite keeps its original's subject: shared content words, not shared voice.

A rewrite changes the voice and keeps what the post is about. ``same_subject(before, after)`` looks
for the original's content words (its nouns and verbs, crudely stemmed: not function words, and not the
broadcast words a rewrite is meant to drop) in the rewrite; ``subject`` adds words that name the
subject in other terms (a task's ``subject`` list: a fitness post rewritten as advice on training
sessions). Pure, English only, no dictionary downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_SHARED = 1  # below this many shared subject words, the rewrite reads like a different post
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Function words, and words any post might use whatever it is about.
_FUNCTION = frozenset("""
a about above after again against all almost also always am an and any are around as at be because been
before being below between both but by can could did do does doing done down during each either else even
ever every few for from further get gets getting got had has have having he her here hers him his how i if in
into is it its just let like made make makes many may me might mine more most much must my near need needs
never next no nor not now of off often on once one only or other our ours out over own per please quite
rather really same she should so some still such than that the their theirs them then there these they this
those through to too under until up upon us very was we well were what when where which while who whom whose
why will with within without would yet you your yours yourself thing things something anything everything
way ways lot lots day days week weeks time times people person someone everyone anyone year years today
tonight tomorrow yesterday new good great first last little big small want wants know think see go going
come take give tell say said try tried use used keep back two three four five ten ago team work hard bring
find late finally word friend friends
""".split())
# Broadcast words a rewrite is meant to drop: sharing them is not sharing a subject.
_BROADCAST = frozenset("""
buy order shop sale deal deals discount off link bio click dm comment tag tags share follow subscribe
download book booking call limited spots left hurry chance announce announcing announced proud thrilled
excited pleased amazing awesome best ever revolutionary incredible insane game changer changing check
out yes win free offer claim now forever transform ultimate fire
""".split())


def _stem(word: str) -> str:
    """A crude stem, enough to meet "loaves"/"loaf", "baking"/"bake", "clients"/"client"."""
    for suffix, keep in (("ies", "y"), ("ves", "f"), ("ing", ""), ("ers", ""), ("er", ""), ("ed", ""),
                         ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def _content(text: str) -> dict[str, str]:
    """Each content word's stem, with the word as first written."""
    words: dict[str, str] = {}
    for match in _WORD.finditer(text):
        shown = match.group().replace("’", "'").split("'")[0]
        word = shown.lower()
        if word.isdigit():
            if len(word) >= 2:
                words.setdefault(word, shown)
            continue
        if len(word) < 3 or word in _FUNCTION or word in _BROADCAST:
            continue
        stem = _stem(word)
        if stem not in _FUNCTION and stem not in _BROADCAST:
            words.setdefault(stem, word if shown.isupper() else shown)  # "OAT MILK" is named "oat", "milk"
    return words


def content_words(text: str) -> set[str]:
    """The stems of a text's content words (numbers of two or more digits count: "500 clients").

    >>> sorted(content_words("BUY our new sourdough loaves now! #bakery"))
    ['bakery', 'loaf', 'sourdough']
    """
    return set(_content(text))


@dataclass(frozen=True)
class SubjectCheck:
    """Whether a rewrite keeps the subject, the subject stems it kept, and the original's content words
    as written (for a message: "the original is about sourdough, loaves…")."""

    same: bool
    shared: tuple[str, ...]
    original: tuple[str, ...]


def same_subject(before: str, after: str, subject: tuple[str, ...] | list[str] = ()) -> SubjectCheck:
    """Does ``after`` keep the subject of ``before``? True when they share a content word (or ``after``
    uses one of the ``subject`` words), and when there is too little to tell (an empty side).

    >>> same_subject("NEW sourdough, order now!", "What's the loaf that beat you? Mine was sourdough.").same
    True
    >>> same_subject("NEW sourdough, order now!", "What helps you focus at work?").same
    False
    """
    original = _content(before)
    topic = set(original) | {w for s in subject for w in content_words(s)}
    mine = content_words(after)
    if not original or not mine:
        return SubjectCheck(True, (), tuple(original.values()))
    shared = tuple(sorted(topic & mine))
    return SubjectCheck(len(shared) >= MIN_SHARED, shared, tuple(original.values()))
