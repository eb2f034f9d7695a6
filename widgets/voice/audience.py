"""Who it's about: the reader (you/your) or the writer (I/we/our)."""

from __future__ import annotations

import re

from .report import NAAMAN, Signal, _signal
from .text import _Post

# --- who it's about -----------------------------------------------------------------------------
# "Thank you" is gratitude, not a post built around the reader, so it doesn't count as "you".
_PRONOUNS = re.compile(r"(?<![\w'])(?:(?<!thank\s)(?P<you>you(?:'re|'ll|'ve|'d)?|your(?:s|self|selves)?|y'all)"
                       r"|(?P<me>i(?:'m|'ve|'d|'ll)?|me|my|mine|myself|we(?:'re|'ve|'ll|'d)?|us|our|ours|ourselves))(?![\w'])",
                       re.ASCII)


def _audience(p: _Post) -> Signal:
    found = {"you": [], "me": []}
    for m in _PRONOUNS.finditer(p.low):
        found[m.lastgroup].append(m.span())
    you, me = found["you"], found["me"]
    y, m = len(you), len(me)
    if y and y >= m:
        light, spans = "green", you
        why = f"It talks to the reader ('you/your' {y}x, 'I/we/our' {m}x); {NAAMAN}."
    elif (m >= 2 and not y) or (m >= 4 and m >= 3 * y):
        light, spans = "red", me
        why = f"It is mostly about me or us ('I/we/our' {m}x, 'you/your' {y}x); {NAAMAN}."
    else:
        light, spans = "amber", me
        why = (f"It leans on 'I/we/our' ({m}x) more than 'you/your' ({y}x)." if m > y else
               "It speaks to no one in particular; naming the reader and their situation makes a post easier to answer.")
    move = "Rewrite one 'I/we' sentence as what the reader gets or can do: 'you can…', 'if your…'."
    return _signal("audience", light, spans, why, move)

