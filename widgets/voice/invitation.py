"""Invitation to reply: genuine questions and asks, sales questions, and engagement bait."""

from __future__ import annotations

import re

from .report import DE_VRIES, Signal, _quote, _signal
from .text import _Post, _lexicon

# --- invitation ---------------------------------------------------------------------------------
# Engagement bait asks for a reaction that feeds the algorithm, not for a reply worth reading.
# The keyword form ("comment 'SCALE'", "DM me the word GROWTH") needs the original capitals.
_BAIT_KEYWORD = re.compile(
    r"(?<![\w'])(?:comment|type|reply|drop|dm|message|send|text)\b(?:\s+(?:me|us))?"
    r"(?:\s+(?:the\s+word|with|below|in\s+the\s+comments?))?\s*:?\s*"
    r"(?:\"[^\"\n]{1,20}\"|'[^'\n]{1,20}'|(?P<word>\b[a-z]{2,}\b)(?!['\w]))", re.ASCII)
_REPLIES = _lexicon(
    bait=(
        r"comment\s+(?:yes|if)\b",
        r"tag\s+(?:a|an|your|someone|somebody|some|two|three|\d+|every|the|that|them|this)\b",
        r"(?:like|share|retweet|rt|repost|reblog|save)\b(?:\s+this(?:\s+post)?)?\s+(?:if|and\s+(?:share|follow|tag|comment))\b",
        r"like\s+this\s+post\b", r"like,\s*(?:share|comment|follow|tag|subscribe)\b",
        r"follow\s+(?:me|us|my|our|@\w+)\b", r"follow\s+(?:along\s+)?for\s+(?:more|daily)\b",
        r"don'?t\s+forget\s+to\s+(?:like|share|subscribe|follow|comment)\b",
        r"share\s+(?:this|it)?\s*with\s+(?:a\s+friend|your\s+friends|everyone|someone)\b",
        r"drop\s+(?:an?|your|some)\s+(?:[^\w\s]|hearts?\b|emojis?\b|likes?\b|yes\b|fire\b)",
        r"(?:smash|hit)\s+(?:that|the)\s+(?:like|follow|subscribe|bell)\b", r"double[- ]tap\b",
        r"turn\s+on\s+(?:post\s+)?notifications\b", r"who'?s\s+with\s+me\b", r"vote\s+(?:below|now|in\s+the\s+comments)\b",
    ),
        # invitations that are not questions but still open a conversation
    ask=(
        r"i'?d\s+love\s+to\s+(?:hear|know|learn)\b", r"love\s+to\s+hear\b",
        r"curious\s+(?:how|what|whether|if|to\s+hear|to\s+know|about)\b",
        r"let\s+me\s+know\s+(?:what|how|if|in|below|your)\b", r"tell\s+me\s+(?:about\s+your|what|how|in\s+the\s+comments)\b",
        r"share\s+your\s+(?:tips?|story|stories|experience|thoughts|favou?rites?|take|ideas)\b",
        r"open\s+to\s+(?:any\s+|all\s+|your\s+)?(?:tips|ideas|suggestions|advice|anything)\b",
        r"drop\s+your\s+(?:tips|favou?rites?|questions|thoughts|ideas|best)\b", r"what'?s\s+your\s+take\b",
    ),
)
# Questions that sell or scold rather than ask: the writer already knows the answer they want.
_RHETORICAL = re.compile(
    r"^\W*(?:(?:do\s+you\s+)?want(?:\s+to|\s+more|\s+the|\s+my|\s+a|\s+free|\s+in)\b|wanna\b|ready\s+(?:to|for)\b"
    r"|are\s+you\s+(?:still\s+|so\s+|really\s+)?(?:ready|tired|exhausted|stressed|overwhelmed|struggling|stuck|sick|"
    r"making|losing|wasting|serious|done)\b|need\s+(?:a|an|more|help|the|my)\b|looking\s+for\s+(?:a|an|the)\b"
    r"|(?:who'?s|who\s+is)\s+(?:ready|in|with\s+me)\b|tired\s+of\b|sick\s+of\b|struggling\b|did\s+you\s+know\b"
    r"|who\s+(?:else\s+)?wants\b|guess\s+what\b|ever\s+wondered\b|isn'?t\s+it\s+time\b|can\s+you\s+believe\b"
    r"|which\s+(?:one|side|team)\s+are\s+you\b)"
    r"|\bwhat\s+are\s+you\s+waiting\s+for\b|\bwhy\s+(?:wait|not)\b|^\W*(?:simple|easy|right|agreed?|crazy|see)\W*$")
_GENUINE = re.compile(
    r"^\W*(?:what|what's|whats|which|how|why|who|when|where|whose|anyone|has\s+anyone|does\s+anyone|did\s+anyone"
    r"|is\s+anyone|is\s+it\s+just\s+me|am\s+i\s+the\s+only|any\s+(?:tips|ideas|advice|suggestions|recommendations|"
    r"thoughts)|thoughts|(?:do|does|did|have|has|had|is|are|was|were|would|could|should|can|will|am)\s+\w+)\b"
    r"|\b(?:anyone|anybody|everyone\s+else|y'all|you\s+guys|others)\b|\bjust\s+me\b")


def _questions(p: _Post) -> list[tuple[tuple[int, int], str]]:
    """Each question's span with its kind: genuine, rhetorical, or a hook that frames a tip."""
    found = []
    for s, e in p.sentences:
        sentence = p.low[s:e]
        if "?" not in sentence:
            continue
        end = s + sentence.rindex("?") + 1
        head = p.low[s:end]
        # The question proper starts after a lead-in: "Managers, how do you…", "Honest question: what…".
        core = head
        if ":" in head:
            core = head[head.rindex(":") + 1:]
        elif "," in head and len(head[: head.index(",")].split()) <= 4:
            core = head[head.index(",") + 1:]
        core = core.strip()
        last_clause = head[head.rindex(",") + 1:].strip() if "," in head else core
        if _RHETORICAL.search(core) or _RHETORICAL.search(head):
            kind = "rhetorical"
        elif _GENUINE.search(core) or _GENUINE.search(head) or _GENUINE.match(last_clause):
            kind = "genuine"
        else:
            kind = "hook"  # "Sore knees after squats?": sets up a tip, asks nothing
        found.append(((s, end), kind))
    return found


def _invitation(p: _Post, sold: set[int], bait: list, asks: list) -> tuple[Signal, bool]:
    questions = _questions(p)
    # A question or an ask inside a pitch ("let me know what you think! Link in bio") is part of the pitch.
    genuine = [span for span, kind in questions if kind == "genuine" and p.sentence_of(span[0]) not in sold]
    genuine += [span for span in asks if p.sentence_of(span[0]) not in sold]
    rhetorical = [span for span, kind in questions if kind == "rhetorical"]
    if bait:
        light, spans = "red", bait
        why = (f"It asks for a reaction, not a reply ({_quote(p.text, bait)}): engagement bait, and the people "
               "who would have talked scroll past it.")
        move = "Replace the comment/tag/like request with one honest question you want answered."
    elif genuine:
        light, spans = "green", genuine
        why = f"It asks a real, open question that invites replies; {DE_VRIES}."
        move = "Keep the question, and answer the first replies yourself."
    elif rhetorical:
        light, spans = "amber", rhetorical
        why = (f"Its question sells or scolds rather than asks ({_quote(p.text, rhetorical, 1)}): nobody is "
               "expected to answer it.")
        move = "Swap the sales question for one you don't know the answer to: 'What has worked for you?'"
    else:
        light, spans = "amber", []
        why = f"Nothing invites a reply; {DE_VRIES}."
        move = "End with one open question about the reader's own experience."
    return _signal("invitation", light, spans, why, move), bool(genuine)

