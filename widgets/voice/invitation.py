"""Invitation to reply: genuine questions and asks, questions that sell, and engagement bait."""

from __future__ import annotations

import re

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
_READER = re.compile(r"(?<![\w'])(?:you|your|u|ur|y'?all|anyone|anybody|someone|somebody)(?![\w'])")
# The keyword form ("comment 'SCALE'", "DM me the word GROWTH") needs the original capitals.
_BAIT_KEYWORD = re.compile(
    r"(?<![\w'])(?:comment|type|reply|drop|dm|message|send|text)\b(?:\s+(?:me|us))?"
    r"(?:\s+(?:the\s+word|with|below|in\s+the\s+comments?))?\s*:?\s*"
    r"(?:\"[^\"\n]{1,20}\"|'[^'\n]{1,20}'|(?P<word>\b[a-z]{2,}\b)(?!['\w]))", re.ASCII)


def _core(p: Post, start: int, end: int) -> str:
    """The question proper: after the @handles a reply opens with and after a lead-in ("Managers, how…")."""
    head = p.low[max(start, p.lead_end):end]
    if ":" in head[:-1]:
        head = head[head.rindex(":", 0, len(head) - 1) + 1:]
    elif "," in head and len(head[: head.index(",")].split()) <= 4:
        head = head[head.index(",") + 1:]
    return head.strip()


def _questions(p: Post, sold: set[int]) -> list[tuple[tuple[int, int], str]]:
    """Each question's span and kind: genuine, sales, rhetorical, or a hook that frames a tip."""
    found = []
    last = len(p.sentences) - 1
    for i, (s, e) in enumerate(p.sentences):
        sentence = p.low[s:e]
        if "?" in sentence:
            end = s + sentence.rindex("?") + 1
        elif _OPEN_QUESTION.match(p.low, max(s, p.lead_end), e) and not sentence.rstrip().endswith((".", "!")):
            end = e  # "@sam where do you buy your flour": a question without its question mark
        else:
            continue
        if max(s, p.lead_end) >= end:
            continue
        core = _core(p, s, end)
        if not re.search(r"[a-z]", core):
            continue  # "? ? ?" on its own asks nothing
        # A question that sells ("What's your blood type? Find out free with our app") is bait: it sits in a
        # pitch or sets one up. A sales-shaped question with no pitch near it only expects no answer.
        if i in sold or (i + 1) in sold or (_SALES.match(core) and sold):
            kind = "sales"
        elif _SALES.match(core) or _RHETORICAL.match(core):
            kind = "rhetorical"
        elif _GENUINE_START.match(core) or _GENUINE_ANYWHERE.search(core):
            kind = "genuine"
        elif i == last and _READER.search(core):
            kind = "genuine"  # "You coming tonight?"
        else:
            kind = "hook"  # "Sore knees after squats?": sets up a tip, asks nothing
        found.append(((max(s, p.lead_end), end), kind))
    return found


def invitation(p: Post, sold: set[int]) -> tuple[Signal, list[tuple[int, int]]]:
    """The signal, and the genuine questions and asks it found (the verdict weighs them).

    >>> invitation(Post("@ana what's your go-to flour?"), set())[0].light
    'green'
    """
    replies = find(_CUES, p.low)
    # An unquoted keyword is bait only when shouted: "comment YES", not "comment below if…".
    bait = replies["bait"] + [m.span() for m in _BAIT_KEYWORD.finditer(p.low)
                              if not m["word"] or p.text[m.start("word"):m.end("word")].isupper()]
    questions = _questions(p, sold | p.sentences_with(bait))  # a question in or before bait is part of it
    # A question or an ask inside a pitch ("let me know what you think! Link in bio") is part of the pitch.
    genuine = [span for span, kind in questions if kind == "genuine"]
    genuine += [span for span in replies["ask"] if p.sentence_of(span[0]) not in sold]
    sales = [span for span, kind in questions if kind == "sales"]
    other = [span for span, kind in questions if kind in ("rhetorical", "hook")]
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
        why = f"Its question expects no answer ({quote(p.text, other, 1)}): it sets something up rather than asks."
        move = "Swap it for a question you want answered: 'What has worked for you?'"
    else:
        light, found = "amber", []
        why = "Nothing invites a reply."
        move = "End with one open question about the reader's own experience."
    return make_signal("invitation", light, found, why, move), genuine
