"""A person in it: self-disclosure (a story, a feeling, an honest admission, a lesson, a thank-you)."""

from __future__ import annotations

from .report import Signal, make_signal
from .rules import compile_kinds, load_rules, macros_of
from .text import Post, find, join_words, quote

_RULES = load_rules("disclosure")
_KINDS = _RULES["kinds"]
_CUES = compile_kinds({kind: spec["patterns"] for kind, spec in _KINDS.items()}, macros_of(_RULES))


STORY_KINDS = ("admission", "lesson")  # what makes a sentence a story rather than a show: a mistake or doubt, a lesson


def disclosure_cues(p: Post) -> dict[str, list[tuple[int, int]]]:
    """The spans of each kind of self-disclosure in the post (read once; self-promotion reads them too)."""
    return find(_CUES, p.scan)


def disclosure(p: Post, broadcast: set[int], cues: dict[str, list[tuple[int, int]]] | None = None) -> Signal:
    """Green when the writer shows up as a person, outside any sentence that sells or shows off.

    >>> disclosure(Post("I was nervous before my first talk, honestly."), set()).light
    'green'
    """
    found, says = [], []
    for kind, hits in (disclosure_cues(p) if cues is None else cues).items():
        hits = [h for h in hits if p.sentence_of(h[0]) not in broadcast]
        if hits:
            found += hits
            if _KINDS[kind]["says"] not in says:  # an admission and an "honestly" are both "an honest admission"
                says.append(_KINDS[kind]["says"])
    if found:
        light = "green"
        why = (f"There is a person in it ({join_words(says)}: {quote(p.text, found)}); a story, a feeling or a "
               "thank-you is what people answer, and it isn't bragging.")
        move = "Keep it; one concrete detail (a time, a place, what someone said) makes it easier to picture."
    else:
        light = "amber"
        why = "There is no person in it yet: no moment, feeling, lesson or thank-you of your own."
        move = "Add one line from your own day: what happened, what you felt, or what you'd do differently."
    return make_signal("disclosure", light, found, why, move)
