"""Shouting: all-caps words, '!!!' runs, emoji walls and exclamation marks everywhere."""

from __future__ import annotations

import re

from .report import Signal, _light, _plural, _signal
from .text import _EMOJI_WALL, _Post, _spans

# --- shouting -----------------------------------------------------------------------------------
_CAPS = re.compile(r"(?<![\w'])[A-Z][A-Z']{2,}(?![\w'])")
# Acronyms are how people write, not raised voices.
_ACRONYMS = frozenset("""CEO CTO CFO COO CMO CIO VP HR PR AI USA UK EU UN NYC SEO PDF API SQL HTML CSS
JSON YAML XML HTTP HTTPS URL GPU CPU RAM SSD USB LED DIY FAQ ASAP FYI ETA TBD RSVP KPI OKR ROI CRM SAAS
MVP SDK CLI IDE AWS GCP IOS MBA PHD GPA SAT ACT TV DVD GPS ISO RAW JPEG JPG PNG GIF HDR RGB DSLR
BBQ IRA ETF APR IPO ATM GDP USD EUR GBP VAT IRS HSA FSA NASA NFL NBA FIFA NGO ADHD OCD BMI HIIT AMRAP
EMOM RPE WOD CBT ICU NICU LGBTQ STEM TED UX UI QA CI AM PM TL DR OK DM RT PS NHS FBI CIA BBC MIT NATO
""".split())
_MARKS = re.compile(r"[!?]{2,}+")  # a run counts as shouting when it has a "!" in it: "!!", "?!", "!!!"
_EXCLAIM = re.compile(r"!")


def _shouting(p: _Post) -> Signal:
    text = p.text
    caps = []
    for s, e in _spans(_CAPS, text):
        # Acronyms, quoted keywords ('SCALE') and discount codes are not a raised voice.
        quoted = s > 0 and text[s - 1] in "'\""
        if text[s:e].strip("'") in _ACRONYMS or quoted or p.low[max(0, s - 5):s] == "code ":
            continue
        caps.append((s, e))
    shouted = "!" in text
    bangs = [(s, e) for s, e in _spans(_MARKS, text) if "!" in text[s:e]] if shouted else []
    walls = [] if text.isascii() else _spans(_EMOJI_WALL, text)
    exclaims = _spans(_EXCLAIM, text) if shouted and not bangs else []
    excited = len(exclaims) >= 3  # an exclamation mark in most sentences is its own kind of volume
    score = (len(caps) + sum(2 if e - s >= 3 else 1 for s, e in bangs) + 2 * len(walls) + excited)
    light = _light(score, 1, 3)
    if light == "green":
        why = "It speaks at a normal volume: no all-caps words, '!!!' runs or emoji walls."
    else:
        parts = ([_plural(len(caps), "all-caps word")] if caps else []) + (["'!!!' runs"] if bangs else [])
        parts += (["an emoji wall"] if walls else []) + (["exclamation marks everywhere"] if excited else [])
        why = f"It raises its voice ({', '.join(parts)}); volume reads as a bullhorn, not as a person talking."
    move = "Write it in sentence case with one emoji at most, and let the content carry the energy."
    return _signal("shouting", light, caps + bangs + walls + (exclaims if excited else []), why, move)

