"""Shouting: all-caps words, '!!!' runs, emoji walls and exclamation marks everywhere."""

from __future__ import annotations

import re

from .report import Signal, light_for, make_signal
from .rules import load_rules, words
from .text import EMOJI_WALL, Post, plural, spans

_CAPS = re.compile(r"(?<![\w'@#/.])[A-Z][A-Z']{2,}(?![\w'])")
_ACRONYMS = words(load_rules("shouting"), "acronyms")  # how people write, not raised voices
_MARKS = re.compile(r"[!?]{2,}+")  # a run counts as shouting when it has a "!" in it: "!!", "?!", "!!!"
_EXCLAIM = re.compile(r"!")


def shouting(p: Post) -> Signal:
    """Volume: each all-caps word, each '!!' run (double from three), each emoji wall.

    >>> shouting(Post("This is HUGE!!!")).light
    'red'
    """
    text = p.text
    caps = []
    for s, e in spans(_CAPS, text):
        # Acronyms, quoted keywords ('SCALE') and discount codes are not a raised voice.
        quoted = s > 0 and text[s - 1] in "'\""
        if text[s:e].strip("'") in _ACRONYMS or quoted or p.low[max(0, s - 5):s] == "code ":
            continue
        caps.append((s, e))
    shouted = "!" in text
    bangs = [(s, e) for s, e in spans(_MARKS, text) if "!" in text[s:e]] if shouted else []
    walls = [] if text.isascii() else spans(EMOJI_WALL, text)
    exclaims = spans(_EXCLAIM, text) if shouted and not bangs else []
    excited = len(exclaims) >= 3  # an exclamation mark in most sentences is its own kind of volume
    score = (len(caps) + sum(2 if e - s >= 3 else 1 for s, e in bangs) + 2 * len(walls) + excited)
    light = light_for(score, 1, 3)
    if light == "green":
        why = "It speaks at a normal volume: no all-caps words, '!!!' runs or emoji walls."
    else:
        parts = ([plural(len(caps), "all-caps word")] if caps else []) + (["'!!!' runs"] if bangs else [])
        parts += (["an emoji wall"] if walls else []) + (["exclamation marks everywhere"] if excited else [])
        why = f"It raises its voice ({', '.join(parts)}); volume reads as a bullhorn, not as a person talking."
    move = "Write it in sentence case with one emoji at most, and let the content carry the energy."
    return make_signal("shouting", light, caps + bangs + walls + (exclaims if excited else []), why, move)
