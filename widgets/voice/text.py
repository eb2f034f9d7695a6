"""Text preparation: cleaned copies with the learner's offsets, sentences, words, addresses, handles, pronouns.

Every replacement is one character for one character, so an offset in a cleaned copy is an offset in
the learner's text: curly quotes become straight, control characters become spaces (they then match
nothing). The cue lists read a lowercased copy of the same length. Every pattern here is linear in the
length of the text (no nested quantifiers that can backtrack), because the meter runs on each keystroke.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_CLEAN_MAP = {0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x201C: '"', 0x201D: '"', 0x7F: " ",
              **{c: " " for c in range(32) if chr(c) not in "\n\t"}}
_CLEAN = str.maketrans(_CLEAN_MAP)
_LOWER = str.maketrans({**_CLEAN_MAP, **{c: chr(c + 32) for c in range(65, 91)}})
_NEEDS_CLEAN = re.compile("[" + "".join(map(chr, _CLEAN_MAP)) + "]")

SENTENCE = re.compile(r"\S.*?(?:[.!?\u2026]++[\"')\]]*(?=\s|$)|\n|$)", re.S)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# A web address starts where a token starts (never after a dot or a letter), so a run like "a.a.a.a…"
# is read once, not once per dot.
URL = re.compile(
    r"(?<![\w.@/-])(?:https?://|www\.)[^\s<>\"]++"
    r"|(?<![\w.@/-])[a-z0-9][a-z0-9-]*+(?:\.[a-z0-9-]++)*?\.(?:com|org|net|edu|gov|io|co|app|ly|be|me|us|uk|ca|au"
    r"|de|fr|in|tv|fm|gg|info|biz|shop|store|link|page|site|online|xyz|news|blog|dev|example)"
    r"(?:/[^\s<>\"]*+)?(?![\w.-])", re.ASCII)
MAYBE_URL = re.compile(r"\.[a-z]{2,}\b|https?:|www\.")
HASHTAG = re.compile(r"(?<![\w#&/])#(?!\d+\b)\w+")
MENTION = re.compile(r"(?<![\w@.])@\w{2,}")
# The people a reply is addressed to, and a retweet's "RT @someone:": read past them before judging the
# opening of a post ("@ana what's your go-to flour?" opens with a question).
LEAD = re.compile(r"[\s\"'.]*+(?:(?:rt|mt)\s++)?(?:\.?@\w++[:,]?+\s*+)+", re.ASCII)

# One emoji is one cluster: a ZWJ family (👩‍👩‍👧), a skin tone or a flag counts once, not three times.
_EMOJI_BASE = ("[0-9#*]\uFE0F?\u20E3|[\U0001F1E6-\U0001F1FF]{2}|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
               "\u231A-\u23FF\u3030\u303D\u3297\u3299]")
_EMOJI_MOD = "[\uFE0E\uFE0F\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]*+"
_EMOJI = f"(?:{_EMOJI_BASE}){_EMOJI_MOD}(?:\u200D(?:{_EMOJI_BASE}){_EMOJI_MOD})*+"
# A wall starts at a cluster's first emoji, never just after a joiner or a modifier: a 5,000-character
# ZWJ chain is one cluster, read once.
EMOJI_WALL = re.compile(f"(?<![\u200D\uFE0F\U0001F3FB-\U0001F3FF])(?:{_EMOJI})(?:\\s*+{_EMOJI}){{2,}}+")

# Who a post is about. "Thank you" is gratitude, not a post built around the reader, so it isn't "you".
# The optional space before an apostrophe reads tokenised text ("I 'm") as well as plain ("I'm").
PRONOUNS = re.compile(
    r"(?<![\w'])(?:(?<!thank\s)(?P<you>you(?:\s?'(?:re|ll|ve|d))?|your(?:s|self|selves)?|y'?all|ur)"
    r"|(?P<me>i(?:\s?'(?:m|ve|d|ll))?|im|ive|me|my|mine|myself|we(?:\s?'(?:re|ve|ll|d))?|us|our|ours|ourselves))"
    r"(?![\w'])", re.ASCII)


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """Every match of a pattern as (start, end)."""
    return [m.span() for m in pattern.finditer(text)]


def find(lexicon: re.Pattern, text: str) -> dict[str, list[tuple[int, int]]]:
    """Spans of each kind in a lexicon compiled by ``rules.compile_kinds`` (only the kinds that matched)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for m in lexicon.finditer(" " + text):  # each match opens with the character before its cue
        found.setdefault(m.lastgroup.rpartition("__")[0], []).append((m.start(), m.end() - 1))
    return found


def find_cues(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """Spans of a pattern compiled by ``rules.compile_cues`` (one kind)."""
    return [(m.start(), m.end() - 1) for m in pattern.finditer(" " + text)]


def quote(text: str, found, limit: int = 3) -> str:
    """A short list of what triggered a signal, as the learner wrote it: 'link in bio', '50% off'."""
    seen: list[str] = []
    for s, e in sorted(found):
        piece = " ".join(text[s:e].split())
        if piece and piece.lower() not in (p.lower() for p in seen):
            seen.append(piece)
    shown = ", ".join(f"'{p}'" for p in seen[:limit])
    return shown + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


def plural(n: int, word: str) -> str:
    """'1 word', '3 words'."""
    return f"{n} {word}{'s' * (n != 1)}"


def join_words(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def cleaned(text: str) -> tuple[str, str]:
    """The text with curly quotes straightened and control characters blanked, and its lowercased copy:
    both the same length as the text, so an offset in either is an offset in the learner's text."""
    clean = text.translate(_CLEAN) if _NEEDS_CLEAN.search(text) else text  # case kept, for capitals
    low = clean.lower()  # C-fast, and one-for-one except for rare letters like "İ"
    return clean, (low if len(low) == len(text) else text.translate(_LOWER))


class Post:
    """One post prepared once and shared by every signal: copies, sentences, words, addresses, pronouns."""

    def __init__(self, text: str):
        self.text, self.low = cleaned(text)
        self.sentences = spans(SENTENCE, self.text)
        self.starts = [s for s, _ in self.sentences]
        # Most posts have no link, tag or handle: a cheap test first spares each full scan.
        self.links = spans(URL, self.low) if MAYBE_URL.search(self.low) else []
        self.tags = spans(HASHTAG, self.text) if "#" in self.text else []
        self.handles = spans(MENTION, self.text) if "@" in self.text else []
        lead = LEAD.match(self.low) if "@" in self.text else None
        self.lead_end = lead.end() if lead else 0
        # Addresses, handles and hashtags are not words of the post (nor of another language): blank them
        # (same length, so offsets hold) before looking for words.
        plain = self.text
        for start, end in self.links + self.tags + self.handles:
            plain = plain[:start] + " " * (end - start) + plain[end:]
        found = spans(WORD, plain)
        self.words = found
        self.word_starts = [s for s, _ in found]
        self.you: list[tuple[int, int]] = []
        self.me: list[tuple[int, int]] = []
        for m in PRONOUNS.finditer(self.low):
            (self.you if m.lastgroup == "you" else self.me).append(m.span())
        self.me_sentences = self.sentences_with(self.me)
        # A reply: the post opens by addressing someone ("@sam …"), not a retweet of them.
        self.reply = bool(self.lead_end and found and found[0][0] >= self.lead_end and not self.low.lstrip().startswith("rt"))
        # The copy the cue lists read: web addresses and @handles blanked, so "shop.example/sale" or
        # "@sale_queen" is not a sale (hashtags stay: "#sale" and "#humblebrag" are said on purpose).
        scan = self.low
        for start, end in self.links + self.handles:
            scan = scan[:start] + " " * (end - start) + scan[end:]
        self.scan = scan

    def sentence_of(self, pos: int) -> int:
        """The index of the sentence that holds a position."""
        return max(0, bisect_right(self.starts, pos) - 1)

    def sentences_with(self, found) -> set[int]:
        """The sentences that hold any of the spans."""
        return {self.sentence_of(s) for s, _ in found}

