"""Hashtags, links and tags: a wall of them reads as a broadcast to an algorithm."""

from __future__ import annotations

from .report import Signal, _plural, _signal
from .text import _HASHTAG, _MAYBE_URL, _MENTION, _URL, _Post, _spans

def _stuffing(p: _Post) -> Signal:
    # Most posts have no link, tag or mention: a cheap test first spares each full scan.
    tags = _spans(_HASHTAG, p.text) if "#" in p.text else []
    links = _spans(_URL, p.low) if _MAYBE_URL.search(p.low) else []
    mentions = _spans(_MENTION, p.text) if "@" in p.text else []
    light = ("red" if len(tags) >= 4 or len(links) >= 2 or len(mentions) >= 3 else
             "amber" if len(tags) == 3 or len(mentions) == 2 else "green")
    spans = (tags if len(tags) >= 3 else []) + (links if len(links) >= 2 else []) + (mentions if len(mentions) >= 2 else [])
    counts = f"{_plural(len(tags), 'hashtag')}, {_plural(len(links), 'link')}, {_plural(len(mentions), '@-mention')}"
    why = (f"Tags and links are kept light ({counts})." if light == "green" else
           f"It is crowded with tags and links ({counts}); a wall of them reads as a broadcast to an algorithm.")
    move = "Keep one or two hashtags that name the conversation, one link at most, and tag people only with a reason."
    return _signal("stuffing", light, spans, why, move)

