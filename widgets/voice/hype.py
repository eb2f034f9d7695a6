"""Hype: superlatives and miracle claims instead of specifics."""

from __future__ import annotations

import re

from .report import Signal, light_for, make_signal
from .rules import compile_kinds, load_rules, macros_of
from .text import Post, find, quote

_RULES = load_rules("hype")
_CUES = compile_kinds(_RULES["kinds"], macros_of(_RULES))
# "Nothing magic" or "no secret" is the opposite of hype: a negation just before the word cancels it.
_NEGATED = re.compile(r"\b(?:no|not|nothing|never|isn'?t|wasn'?t|aren'?t|without)\s+(?:\w+\s+)?$")


def hype(p: Post) -> tuple[Signal, list[tuple[int, int]]]:
    """The signal, and the spans of its strong words (a tip inside a hyped sentence doesn't count).

    >>> hype(Post("This game-changing app is revolutionary."))[0].light
    'red'
    """
    def asserted(found):
        return [(s, e) for s, e in found if not _NEGATED.search(p.low, max(0, s - 16), s)]

    found = find(_CUES, p.scan)
    strong, mild = asserted(found.get("strong", [])), asserted(found.get("mild", []))
    light = light_for(2 * len(strong) + len(mild), 1, 3)
    if light == "green":
        why = "It lets specifics speak instead of superlatives."
    else:
        why = (f"It leans on hype ({quote(p.text, strong + mild)}); big claims sound like an ad, and specifics "
               "sound like a person who has done it.")
    move = "Replace each superlative with a specific: a number, a step, or what actually happened."
    return make_signal("hype", light, strong + mild, why, move), strong
