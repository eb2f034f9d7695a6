"""Length and readability: conventions of a feed, amber at most, never part of the verdict."""

from __future__ import annotations

import re
from bisect import bisect_left

from .report import Signal, make_signal
from .text import Post, plural, quote

SHORT_WORDS = 8  # below this, a post is very short by convention (web addresses, @handles and hashtags aside)


def length(p: Post) -> Signal:
    """Amber when very short or very long; words of web addresses, handles and hashtags don't count."""
    n = len(p.words)
    if n < SHORT_WORDS:
        light, why = "amber", f"At {plural(n, 'word')} it is very short: by convention, too little to help or to answer."
    elif n > 220:
        light, why = "amber", f"At {n} words it is long for a feed: by convention, readers skim after the first lines."
    else:
        light, why = "green", f"At {n} words it is a comfortable length for a feed (a convention, not a rule)."
    move = "Aim for a few sentences: one point, one example, one question."
    return make_signal("length", light, [], why, move)


_VOWELS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    """A rough syllable count (vowel groups, less a silent final e): enough to spot long words."""
    w = word.lower()
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def _long_words(p: Post) -> list[tuple[int, int]]:
    """Words of four or more syllables; counted only when enough words are long enough to matter."""
    candidates = [(s, e) for s, e in p.words if e - s >= 7]
    if len(candidates) <= 0.15 * len(p.words):
        return []
    return [(s, e) for s, e in candidates if _syllables(p.text[s:e]) >= 4]


def readability(p: Post) -> Signal:
    """Amber for sentences over 30 words, an average over 22, or many long words."""
    starts = p.word_starts
    per_sentence = [bisect_left(starts, e) - bisect_left(starts, s) for s, e in p.sentences]
    long_sentences = [span for span, n in zip(p.sentences, per_sentence) if n > 30]
    counted = sum(1 for n in per_sentence if n)
    average = len(p.words) / max(1, counted)
    if long_sentences or average > 22:
        light, found = "amber", long_sentences
        why = (f"Some sentences run long (average {average:.0f} words); by convention, short sentences are "
               "easier to read on a phone.")
    elif p.words and len(long_words := _long_words(p)) / len(p.words) > 0.15:
        light, found = "amber", long_words
        why = f"Many long words ({quote(p.text, long_words)}); plain words sound more like talk."
    else:
        light, found = "green", []
        why = f"Easy to read: sentences average {average:.0f} words."
    move = "Split the longest sentence in two and swap one long word for a short one."
    return make_signal("readability", light, found, why, move)
