"""A person in it: self-disclosure (a story, a feeling, an honest admission, a lesson, a thank-you)."""

from __future__ import annotations

from .report import Signal, make_signal
from .rules import compile_kinds, load_rules, macros_of
from .text import Post, find, join_words, quote

_RULES = load_rules("disclosure")
_KINDS = _RULES["kinds"]
_CUES = compile_kinds({kind: spec["patterns"] for kind, spec in _KINDS.items()}, macros_of(_RULES))


def disclosure(p: Post, broadcast: set[int]) -> Signal:
    """Green when the writer shows up as a person, outside any sentence that sells or shows off.

    >>> disclosure(Post("I was nervous before my first talk, honestly."), set()).light
    'green'
    """
    found, says = [], []
    for kind, hits in find(_CUES, p.scan).items():
        hits = [h for h in hits if p.sentence_of(h[0]) not in broadcast]
        if hits:
            found += hits
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
