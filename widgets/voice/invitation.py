"""Invitation to reply: genuine questions and asks, questions that sell, and engagement bait."""

from __future__ import annotations

import re
from bisect import bisect_left

from .report import Signal, make_signal
from .rules import compile_any, compile_kinds, load_rules, macros_of
from .text import Post, find, quote

_RULES = load_rules("invitation")
_MACROS = macros_of(_RULES)
_CUES = compile_kinds({kind: spec["patterns"] for kind, spec in _RULES["kinds"].items()}, _MACROS)
_PATTERNS = _RULES["patterns"]
_LEAD_IN = r"^[^\w@#]*+(?:(?:so|and|but|ok|okay|well|also|then|now|honestly|seriously|really|hey|oh|lol)\W+)?"
_SALES = re.compile(_LEAD_IN + "(?:" + compile_any(_PATTERNS["sales"], _MACROS).pattern + ")")
_RHETORICAL = re.compile(_LEAD_IN + "(?:" + compile_any(_PATTERNS["rhetorical"], _MACROS).pattern + ")")
_GENUINE_START = re.compile(_LEAD_IN + "(?:" + compile_any(_PATTERNS["genuine_start"], _MACROS).pattern + ")")
_GENUINE_ANYWHERE = re.compile(r"(?<![\w'])(?:" + compile_any(_PATTERNS["genuine_anywhere"], _MACROS).pattern + ")")
_OPEN_QUESTION = re.compile(_LEAD_IN + "(?:" + compile_any(_PATTERNS["open_question"], _MACROS).pattern + ")")
# The keyword form ("comment 'SCALE'", "DM me the word GROWTH") needs the original capitals.
_BAIT_KEYWORD = re.compile(
    r"(?<![\w'])(?:comment|type|reply|drop|dm|message|send|text)\b(?:\s+(?:me|us))?"
    r"(?:\s+(?:the\s+word|with|below|in\s+the\s+comments?))?\s*:?\s*"
    r"(?:\"[^\"\n]{1,20}\"|'[^'\n]{1,20}'|(?P<word>\b[a-z]{2,}\b)(?!['\w]))", re.ASCII)


# Before the question proper: the @handles a reply opens with, a retweet's "RT @someone:", hashtags.
_OPENING = re.compile(r"(?:[\s\"'.]*+(?:rt\s++)?(?:\.?@\w++[:,]?+|#\w++)\s*+)+", re.ASCII)
_MAYBE_OPEN = re.compile(r"\b(?:wh\w+|how|do|does|did|ha(?:ve|s)|are|is|was|were|would|could|should|can|will|won|"
                         r"didn|don|doesn|isn|aren|any\w*|some(?:one|body))\b", re.ASCII)
_READER = re.compile(r"(?<![\w'])(?:you|your|u|ur|y'?all|anyone|anybody|someone|somebody)(?![\w'])")
ECHO_WORDS = 8  # a question without a question word ("Remember?", "Peaceful protest?") is short
# A question tag asks for an answer however the sentence began: "…isn't it?", "…, right?"
_TAG = re.compile(r"(?:\b(?:is|are|was|were|do|does|did|have|has|can|could|will|would|should)n'?t\s+(?:it|they|you|he|"
                  r"she|we|there|i|that)|,\s*(?:right|no|yes|yeah|eh|correct))(?:\s+@\w+)?\W*\?\W*$")


def _core(p: Post, start: int, end: int) -> str:
    """The question proper: after the handles and hashtags a post opens with, and after a lead-in
    ("Managers, how…", "Honest question: what…")."""
    head = p.low[start:end]
    opening = _OPENING.match(head)
    if opening:
        head = head[opening.end():]
    if ":" in head[:-1]:
        head = head[head.rindex(":", 0, len(head) - 1) + 1:]
    elif "," in head and len(head[: head.index(",")].split()) <= 4:
        head = head[head.index(",") + 1:]
    return head.strip()


def _next(p: Post, i: int) -> tuple[int, int]:
    """Where the sentence after sentence i starts and ends (empty at the end of the post): a question the
    writer answers at once ("Why? Because…") expects no reply."""
    if i + 1 >= len(p.sentences):
        return len(p.low), len(p.low)
    return p.sentences[i + 1]


def _questions(p: Post, sold: set[int]) -> list[tuple[tuple[int, int], str]]:
    """Each question's span and kind: genuine, sales (bait beside a pitch), pitch (sales-shaped, no offer in
    sight), rhetorical, or a hook that frames a tip."""
    found = []
    # The last sentence with words in it: a link, a hashtag or an emoji after a question doesn't end the post.
    last = next((i for i in range(len(p.sentences) - 1, -1, -1)
                 if bisect_left(p.word_starts, p.sentences[i][1]) > bisect_left(p.word_starts, p.sentences[i][0])), -1)
    low = p.low
    for i, (s, e) in enumerate(p.sentences):
        start = max(s, p.lead_end)
        if start >= e:
            continue
        q = low.rfind("?", s, e)
        if q >= 0:
            end = q + 1
            core = _core(p, start, end)
        else:
            # "@sam where do you buy your flour": a question without its question mark (a cheap look first)
            if low[e - 1] == "!" or not _MAYBE_OPEN.search(low, start, e):
                continue
            core = _core(p, start, e)
            if not _OPEN_QUESTION.match(core) or low[s:e].rstrip().endswith("!"):
                continue
            end = e
        if not re.search(r"[a-z]", core):
            continue  # "? ? ?" on its own asks nothing
        # A question that sells ("What's your blood type? Find out free with our app") is bait: it sits in a
        # pitch or sets one up. A sales-shaped question with no pitch near it only expects no answer.
        if i in sold or (i + 1) in sold or (_SALES.match(core) and sold):
            kind = "sales"
        elif _SALES.match(core):
            kind = "pitch"  # "Ready to 10x your income?" with no offer in sight: it still leans toward one
        elif _RHETORICAL.match(core) or p.low.startswith("because", *_next(p, i)):
            kind = "rhetorical"
        elif _GENUINE_START.match(core) or _GENUINE_ANYWHERE.search(core) or _TAG.search(core):
            kind = "genuine"
        elif i == last and (_READER.search(core) or len(core.split()) <= ECHO_WORDS):
            kind = "genuine"  # "You coming tonight?", "This one?": a short question, or one put to the reader
        else:
            kind = "hook"  # "Sore knees after squats? Try…": sets up what follows, asks nothing
        found.append(((start, end), kind))
    return found


def invitation(p: Post, sold: set[int]) -> tuple[Signal, list[tuple[int, int]], bool]:
    """The signal, the genuine questions and asks it found, and whether a question leans toward a sale
    (the verdict weighs both).

    >>> invitation(Post("@ana what's your go-to flour?"), set())[0].light
    'green'
    """
    replies = find(_CUES, p.scan)
    # An unquoted keyword is bait only when shouted: "comment YES", not "comment below if…".
    bait = replies.get("bait", []) + [m.span() for m in _BAIT_KEYWORD.finditer(p.scan)
                              if not m["word"] or p.text[m.start("word"):m.end("word")].isupper()]
    questions = _questions(p, sold | p.sentences_with(bait))  # a question in or before bait is part of it
    # A question or an ask inside a pitch ("let me know what you think! Link in bio") is part of the pitch.
    genuine = [span for span, kind in questions if kind == "genuine"]
    genuine += [span for span in replies.get("ask", ()) if p.sentence_of(span[0]) not in sold]
    sales = [span for span, kind in questions if kind == "sales"]
    other = [span for span, kind in questions if kind in ("rhetorical", "hook", "pitch")]
    pitched = any(kind == "pitch" for _, kind in questions)
    if bait or sales:
        light, found = "red", bait + sales
        why = (f"It asks for a reaction or a sale, not a reply ({quote(p.text, bait + sales, 2)}): the people who "
               "would have talked scroll past it.")
        move = "Replace it with one honest question you don't know the answer to: 'What has worked for you?'"
    elif genuine:
        light, found = "green", genuine
        why = "It asks a real, open question that invites replies."
        move = "Keep the question, and answer the first replies yourself."
    elif other:
        light, found = "amber", other
        why = (f"Its question {'sells' if pitched else 'expects no answer'} ({quote(p.text, other, 1)}): it sets "
               "something up rather than asks.")
        move = "Swap it for a question you want answered: 'What has worked for you?'"
    else:
        light, found = "amber", []
        why = "Nothing invites a reply."
        move = "End with one open question about the reader's own experience."
    return make_signal("invitation", light, found, why, move), genuine, pitched and light == "amber"
