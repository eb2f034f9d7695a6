"""analyze(): one post read by every signal, then the verdict."""

from __future__ import annotations

from .announcement import _announcement
from .audience import _audience
from .conventions import _length, _readability
from .helpfulness import _helpfulness
from .hype import _hype
from .invitation import _BAIT_KEYWORD, _REPLIES, _invitation
from .language import _language_note
from .report import EMPTY_NOTE, MAX_CHARS, SIGNAL_NAMES, VoiceReport
from .selling import _hard_sell
from .shouting import _shouting
from .stuffing import _stuffing
from .text import _Post, _find
from .verdict import _verdict


def analyze(text: str) -> VoiceReport:
    """Read one post and explain its voice: a verdict, the reasons, and every signal's light.

    >>> analyze("What's one habit that made your mornings easier? Mine: laying out clothes at night.").verdict
    'walkie-talkie'
    """
    text = "" if text is None else str(text)
    if not text.strip():
        return VoiceReport(text, "empty", None, (), (), (EMPTY_NOTE,))
    notes: tuple[str, ...] = ()
    if len(text) > MAX_CHARS:
        notes = (f"This post is {len(text):,} characters long; the meter read only the first {MAX_CHARS:,}.",)
    p = _Post(text[:MAX_CHARS])
    foreign = _language_note(p)
    if foreign:
        return VoiceReport(text, "not-english", None, (), (), notes + (foreign,))

    hard_sell = _hard_sell(p)
    hype, hype_strong = _hype(p)
    replies = _find(_REPLIES, p.low)
    # An unquoted keyword is bait only when shouted: "comment YES", not "comment below if…".
    bait = replies["bait"] + [m.span() for m in _BAIT_KEYWORD.finditer(p.low)
                              if not m["word"] or p.text[m.start("word"):m.end("word")].isupper()]
    # A sentence that sells or baits can't also be the conversation, whatever else is in it.
    sold = p.sentences_with(hard_sell.spans + tuple(bait))
    invitation, genuine = _invitation(p, sold, bait, replies["ask"])
    helpfulness, help_score = _helpfulness(p, sold | p.sentences_with(hype_strong),
                                           selling=hard_sell.light == "red" or bool(bait))
    signals = {s.name: s for s in (_audience(p), invitation, helpfulness, hard_sell, _shouting(p), hype,
                                   _announcement(p), _stuffing(p), _length(p), _readability(p))}
    verdict, reasons = _verdict(signals, genuine, help_score)
    return VoiceReport(text, "ok", verdict, reasons, tuple(signals[n] for n in SIGNAL_NAMES), notes)

