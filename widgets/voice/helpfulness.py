"""Helpfulness: tips, advice, lessons, specifics and reasons the reader can use."""

from __future__ import annotations

import re

from .report import Signal, make_signal
from .rules import compile_kinds, load_rules, macros_of, words
from .text import Post, find

_RULES = load_rules("helpfulness")
_CUES = compile_kinds(_RULES["kinds"], macros_of(_RULES))
_TIP_VERBS = words(_RULES, "tip_verbs")
_NOT_TIPS = words(_RULES, "not_tips")
_OBJECT = words(_RULES, "objects")
_SELLING_NEXT = words(_RULES, "selling_next")
_AND_OBJECT = words(_RULES, "and_objects")
# A tip opens a sentence or a clause ("If your planner is empty, try a smaller one."): an imperative there
# speaks to the reader, the same verb mid-sentence usually describes. The regex only finds the word that
# opens each clause and the two after it; _imperatives() decides in Python with set look-ups, which is far
# cheaper than a 200-verb alternation tried at every space. Each run of marks or spaces is entered once, at
# its first character, so "!!!!…" or a page of blank lines is read in one pass.
_CLAUSE_START = re.compile(
    r"(?:^|(?=[\s.!?:;,])(?:(?<![.!?])[.!?]++\s+|(?<!\s)\n\s*+|[:;]\s++|,\s++(?:then\s+|and\s+)?|\s[-\u2013\u2014]\s"
    r"|(?<!\s)\s++then\s+)"
    r"|(?<=\s)(?P<joined>and)\s+)(?:[^\w\s]\s*+){0,6}+(?P<verb>[a-z]+(?:'t)?)(?![\w'])"
    r"(?:\s+(?P<next>[a-z']+)(?:\s+(?P<then>[a-z']+))?)?", re.ASCII)
# (kind, points per hit, most hits counted): tips and lessons weigh most; one reason is enough.
_WEIGHTS = (("tip", 2, 3), ("lesson", 2, 2), ("specific", 1, 2), ("explain", 1, 1), ("steps", 1, 1), ("you", 1, 1))
GREEN_SCORE = 3


def _is_plain_verb(word: str) -> bool:
    """Shaped like a bare verb: not a function word, not -ed, -ing or a plural-looking -s."""
    return (len(word) >= 2 and word not in _NOT_TIPS and not word.endswith(("ed", "ing"))
            and not (word.endswith("s") and not word.endswith("ss")))


def _imperatives(low: str) -> list[tuple[int, int]]:
    """Spans of the verbs that open a clause as an instruction to the reader."""
    found = []
    for m in _CLAUSE_START.finditer(low):
        verb, after, then = m["verb"], m["next"], m["then"]
        if m["joined"]:
            # a second instruction joined by "and": "Freeze the herbs and drop a cube in the pan."
            ok = (verb in _TIP_VERBS or _is_plain_verb(verb)) and after in _AND_OBJECT
        elif verb in _TIP_VERBS:
            # "Book now", "Check out my course", "Follow me for more" instruct only to sell
            ok = not (after in _SELLING_NEXT or (after == "out" and then in ("my", "our"))
                      or (after in ("me", "us") and then == "for"))
        else:
            ok = _is_plain_verb(verb) and after in _OBJECT
        if ok:
            found.append(m.span("verb"))
    return found


def helpfulness(p: Post, blocked: set[int], selling: bool) -> tuple[Signal, int]:
    """The signal and its score; nothing counts inside a sentence that sells, baits, brags or hypes.

    >>> helpfulness(Post("Rest your steak for 5 minutes before slicing."), set(), False)[0].light
    'green'
    """
    found = find(_CUES, p.scan)
    found["tip"] = _imperatives(p.scan) + found.pop("frame", []) + found.pop("advice", [])
    score, hits, counted = 0, [], {}
    for kind, points, most in _WEIGHTS:
        kept = [sp for sp in found.get(kind, ()) if p.sentence_of(sp[0]) not in blocked] if blocked else found.get(kind, [])
        hits += kept
        counted[kind] = min(len(kept), most)
        score += points * counted[kind]
    extras = sum(counted[k] for k in ("explain", "steps", "you"))
    named = [w for w, n in (("a tip", counted["tip"]), ("a lesson", counted["lesson"]),
                            ("specifics", counted["specific"]), ("a reason or an example", extras)) if n]
    if score >= GREEN_SCORE:
        light = "green"
        why = f"It gives the reader something to use ({', '.join(named)})."
        move = "Keep it; one concrete example makes it even easier to act on."
    else:
        light = "red" if score == 0 and selling else "amber"
        why = ("There is nothing here the reader can use: no tip, lesson or specific." if score == 0 else
               f"There is a little to use ({', '.join(named)}), but not yet a tip or lesson someone could act on.")
        move = "Add one specific thing the reader can try today: a step, a number, or what you learned the hard way."
    return make_signal("helpfulness", light, hits, why, move), score
