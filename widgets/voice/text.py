"""Text preparation: cleaned and lowercased copies with the same offsets, sentences, words, and shared patterns."""

from __future__ import annotations

import re
from bisect import bisect_right

# --- text preparation ---------------------------------------------------------------------------
# Every replacement is one character for one character, so an offset in a cleaned copy is an offset
# in the learner's text: curly quotes become straight, control characters become spaces (they then
# match nothing). The lexicons read a lowercased copy of the same length.
_CLEAN_MAP = {0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x201C: '"', 0x201D: '"', 0x7F: " ",
              **{c: " " for c in range(32) if chr(c) not in "\n\t"}}
_CLEAN = str.maketrans(_CLEAN_MAP)
_LOWER = str.maketrans({**_CLEAN_MAP, **{c: chr(c + 32) for c in range(65, 91)}})
_NEEDS_CLEAN = re.compile("[" + "".join(map(chr, _CLEAN_MAP)) + "]")

_SENTENCE = re.compile(r"\S.*?(?:[.!?\u2026]++[\"')\]]*(?=\s|$)|\n|$)", re.S)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_URL = re.compile(r"\bhttps?://[^\s<>\"]+|\bwww\.[^\s<>\"]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
                  r"\.(?:com|org|net|io|co|app|ly|example|dev|me|shop|store|link|page|site|info|biz|gg)"
                  r"(?:/[^\s<>\"]*)?(?![\w.])")
_MAYBE_URL = re.compile(r"\.[a-z]{2,}\b|https?:|www\.")
_HASHTAG = re.compile(r"(?<![\w#&/])#(?!\d+\b)\w+")
_MENTION = re.compile(r"(?<![\w@.])@\w{2,}")

# One emoji is one cluster: a ZWJ family (👩‍👩‍👧), a skin tone or a flag counts once, not three times.
_EMOJI_BASE = ("[0-9#*]\uFE0F?\u20E3|[\U0001F1E6-\U0001F1FF]{2}|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
               "\u231A-\u23FF\u3030\u303D\u3297\u3299]")
_EMOJI_MOD = "[\uFE0E\uFE0F\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]*+"
_EMOJI = f"(?:{_EMOJI_BASE}){_EMOJI_MOD}(?:\u200D(?:{_EMOJI_BASE}){_EMOJI_MOD})*+"
_EMOJI_WALL = re.compile(f"{_EMOJI}(?:\\s*+{_EMOJI}){{2,}}")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _lexicon(**kinds: tuple[str, ...]) -> re.Pattern:
    """Compile lowercase phrase patterns, one named group per kind, tried only where a word starts.

    One guarded scan per signal instead of one per list is what keeps the meter live on every
    keystroke: the guard lets the engine skip mid-word positions at once.
    """
    groups = "|".join(f"(?P<{kind}>{'|'.join(branches)})" for kind, branches in kinds.items())
    # ASCII mode: the lexicons are English words, and ASCII word boundaries are cheaper to test.
    return re.compile(r"(?<![\w'])(?=[\w#$\u20ac\u00a3,])(?:" + groups + ")", re.ASCII)


def _find(lexicon: re.Pattern, text: str) -> dict[str, list[tuple[int, int]]]:
    """Spans of each kind in a lexicon; at one place the first kind listed wins."""
    found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in lexicon.groupindex}
    for m in lexicon.finditer(text):
        found[m.lastgroup].append(m.span())
    return found


class _Post:
    """The cleaned and lowercased copies and the sentences, computed once and shared by every signal."""

    def __init__(self, text: str):
        self.text = text.translate(_CLEAN) if _NEEDS_CLEAN.search(text) else text  # case kept, for capitals
        low = self.text.lower()  # for the lexicons; C-fast, and one-for-one except for rare letters like "İ"
        self.low = low if len(low) == len(text) else text.translate(_LOWER)
        self.sentences = _spans(_SENTENCE, self.text)
        self.starts = [s for s, _ in self.sentences]
        self.words = _spans(_WORD, self.text)
        self.word_starts = [s for s, _ in self.words]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def sentences_with(self, spans) -> set[int]:
        return {self.sentence_of(s) for s, _ in spans}

