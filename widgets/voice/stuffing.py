"""Hashtags, links and tags: a wall of them reads as a broadcast to an algorithm."""

from __future__ import annotations

from .report import Signal, make_signal
from .text import Post, plural


def stuffing(p: Post) -> Signal:
    """Red from four hashtags, two links or three @-mentions; the people a reply opens with don't count.

    >>> stuffing(Post("Run done. #run #fit #health #goals")).light
    'red'
    """
    tags, links = p.tags, p.links
    mentions = [h for h in p.handles if h[0] >= p.lead_end]  # "@ana @ben thanks!" is a reply to two people
    light = ("red" if len(tags) >= 4 or len(links) >= 2 or len(mentions) >= 3 else
             "amber" if len(tags) == 3 or len(mentions) == 2 else "green")
    found = (tags if len(tags) >= 3 else []) + (links if len(links) >= 2 else []) + (mentions if len(mentions) >= 2 else [])
    counts = f"{plural(len(tags), 'hashtag')}, {plural(len(links), 'link')}, {plural(len(mentions), '@-mention')}"
    why = (f"Tags and links are kept light ({counts})." if light == "green" else
           f"It is crowded with tags and links ({counts}); a wall of them reads as a broadcast to an algorithm.")
    move = "Keep one or two hashtags that name the conversation, one link at most, and tag people only with a reason."
    return make_signal("stuffing", light, found, why, move)
