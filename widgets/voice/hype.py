"""Hype: superlatives, miracle claims and income brags instead of specifics."""

from __future__ import annotations

import re

from .report import Signal, _light, _quote, _signal
from .text import _Post, _find, _lexicon

# --- hype ---------------------------------------------------------------------------------------
_HYPE = _lexicon(
    strong=(
        r"game[- ]?chang(?:er|ing)\b", r"revolution(?:ary|i[sz]es?|i[sz]ing)\b", r"life[- ]?changing\b",
        r"change\s+your\s+life\b", r"transform\s+(?:your|the)\s+\w+", r"insane(?:ly)?\b", r"mind[- ]?blowing\b",
        r"unbelievable\b", r"jaw[- ]?dropping\b", r"\d+x\b", r"guarantee[ds]?\b", r"secrets?\b",
        r"(?:won'?t|don'?t\s+want\s+you\s+to)\s+(?:tell|know)\b", r"one\s+(?:weird\s+)?trick\b", r"hate\s+this\b",
        r"overnight\s+(?:success|results?|growth|sensation|millionaire|transformation)\b",
        r"(?:results|success|rich|famous|viral|transform\w*|change\w*)\s+(?:\w+\s+)?overnight\b", r"instant(?:ly)?\b", r"effortless(?:ly)?\b", r"miracle\b", r"magic(?:al)?\b", r"skyrocket\w*",
        r"crush(?:ing)?\s+it\b", r"beast\s?mode\b", r"best\b[\w\s']{0,25}?\bever\b", r"ever\s+(?:built|created|made|invented)\b",
        r"most\s+(?:powerful|revolutionary|advanced|innovative|amazing|incredible|trusted|competitive)\b", r"#1\b",
        r"number\s+one\b", r"the\s+only\s+\w+\s+you(?:'ll)?\s+(?:ever\s+)?need\b", r"ultimate\b", r"world[- ]class\b",
        r"next[- ]level\b", r"cutting[- ]edge\b", r"unstoppable\b", r"epic\b", r"unleash\w*", r"the\s+future\s+of\b",
        r"the\s+best\s+\w+\s+in\s+(?:town|the\s+\w+)\b", r"we'?re\s+the\s+best\b", r"like\s+no\s+one\s+else\b",
        r"dream\s+(?:jobs?|body|life|home|clients?)\b",
        # income claims and put-downs are the loudest kind of brag
        r"(?:made|make|making|earned|earn|earning)\s+[$\u20ac\u00a3]\s?\d[\d,.]*k?\b",
        r"nobody\s+\w+\s+(?:harder|better|more)\b", r"while\s+(?:you|everyone(?:\s+else)?|others)\s+(?:were|was)\b",
        r"most\s+\w+\s+will\s+never\b",
    ),
    mild=(
        r"(?:amazing|incredible|huge|massive|awesome|stunning|breathtaking|perfection|perfect|powerful|proven|exclusive"
        r"|award[- ]winning|fastest|easiest|hacks?|rockstars?|ninja|hustle|grind(?:ing)?|seamless(?:ly)?|unforgettable"
        r"|unbeatable|irresistible|finest|legendary|obsessed|thrilled|relentless|timeless|innovative|blessed|crush"
        r"|explode)\b",
    ),
)
# "Nothing magic" or "no secret" is the opposite of hype: a negation just before the word cancels it.
_NEGATED = re.compile(r"\b(?:no|not|nothing|never|isn'?t|wasn'?t|aren'?t|without)\s+(?:\w+\s+)?$")


def _hype(p: _Post) -> tuple[Signal, list]:
    def asserted(spans):
        return [(s, e) for s, e in spans if not _NEGATED.search(p.low, max(0, s - 16), s)]

    found = _find(_HYPE, p.low)
    strong, mild = asserted(found["strong"]), asserted(found["mild"])
    light = _light(2 * len(strong) + len(mild), 1, 3)
    if light == "green":
        why = "It lets specifics speak instead of superlatives."
    else:
        why = (f"It leans on hype ({_quote(p.text, strong + mild)}); big claims sound like an ad, and specifics "
               "sound like a person who has done it.")
    move = "Replace each superlative with a specific: a number, a step, or what actually happened."
    return _signal("hype", light, strong + mild, why, move), strong

