"""Every signal read from one post with words in it, then the verdict (``reading.analyze`` is the way in).

The signal modules compile their cue lists as they are imported: this module is loaded on the first post
that has words in it, not when ``widgets.voice`` is.
"""

from __future__ import annotations

from .audience import audience
from .conventions import length, readability
from .disclosure import STORY_KINDS, disclosure, disclosure_cues
from .helpfulness import helpfulness
from .hype import hype
from .invitation import invitation
from .language import language_note
from .promotion import self_promotion
from .report import MAX_CHARS, SIGNAL_NAMES, VoiceReport
from .selling import hard_sell
from .shouting import shouting
from .stuffing import stuffing
from .text import Post
from .verdict import weigh


def read(text: str) -> VoiceReport:
    """The report on ``text``, which is not blank (``analyze`` answers blank text itself)."""
    notes: tuple[str, ...] = ()
    if len(text) > MAX_CHARS:
        notes = (f"This post is {len(text):,} characters long; the meter read only the first {MAX_CHARS:,}.",)
    p = Post(text[:MAX_CHARS])
    foreign = language_note(p)
    if foreign:
        return VoiceReport(text, "not-english", None, (), (), notes + (foreign,))

    selling = hard_sell(p)
    loud, hyped = hype(p)
    told = disclosure_cues(p)
    # An honest admission or a lesson in a sentence makes a good light a story, not a show.
    storied = p.sentences_with([span for kind in STORY_KINDS for span in told.get(kind, ())])
    promotion, promoted = self_promotion(p, storied)
    # A sentence that sells can't also be the conversation, whatever else is in it.
    sold = p.sentences_with(selling.spans) if selling.light == "red" else set()
    asking, genuine, pitched = invitation(p, sold)
    baited = p.sentences_with(asking.spans) if asking.light == "red" else set()
    helping, help_score = helpfulness(p, sold | baited | promoted | p.sentences_with(hyped),
                                      selling=selling.light == "red" or asking.light == "red")
    signals = {s.name: s for s in (audience(p, promoted), asking, helping, disclosure(p, sold | promoted, told), promotion,
                                   selling, shouting(p), loud, stuffing(p), length(p), readability(p))}
    verdict, reasons, moves, citations = weigh(signals, bool(genuine), help_score, len(p.words), p.reply, pitched)
    return VoiceReport(text, "ok", verdict, reasons, tuple(signals[n] for n in SIGNAL_NAMES), notes, moves, citations)
