"""English only for now: spot a post in another language or script before judging its voice."""

from __future__ import annotations

import re

from .rules import load_rules, words
from .text import Post

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024F\u1E00-\u1EFF]")
_RULES = load_rules("language")
_EN_WORDS = words(_RULES, "english")
_FOREIGN_WORDS = words(_RULES, "foreign")  # function words of other languages that English never uses


def language_note(p: Post) -> str | None:
    """Why the text is not English, or None: cheap counts, enough to spare a learner a wrong verdict.

    Web addresses, @handles and hashtags are not words of the post ("example.com" holds no Portuguese "com").
    """
    text = p.text
    # Emoji make most posts non-ASCII; only a letter from another script is worth counting letters for.
    if not text.isascii() and _NON_LATIN_LETTER.search(text):
        letters = len(_LETTER.findall(text))
        if letters >= 4 and len(_LATIN.findall(text)) < 0.6 * letters:
            return "English only for now: this post is mostly in another script, so the meter can't judge its voice."
    low = p.low
    found = [low[s:e] for s, e in p.words]
    foreign = len([w for w in found if w in _FOREIGN_WORDS]) + 2 * (("¿" in text) + ("¡" in text))
    if not foreign:  # most posts: no word of another language, so nothing to weigh against English
        return None
    english = len([w for w in found if w in _EN_WORDS])
    # A few foreign names or a "merci" don't make a post foreign: the other language must outweigh English.
    if (foreign >= 2 and foreign > english) or (len(found) >= 5 and english == 0 and foreign >= 1):
        return "English only for now: this post looks like another language, so the meter can't judge its voice."
    return None
