"""Hard sell: calls to act now, prices and discounts, scarcity, link-only posts, pointing at one's offer."""

from __future__ import annotations

import re

from .report import Signal, make_signal
from .rules import compile_kinds, load_rules, macros_of
from .text import Post, find, quote, spans

_RULES = load_rules("selling")
_CUES = compile_kinds({kind: spec["patterns"] for kind, spec in _RULES["kinds"].items()}, macros_of(_RULES))
_FREE_CAPS = re.compile(r"\bFREE\b")  # "FREE" shouted is an offer; "free" in lower case is often just a word
LINK_ONLY_WORDS = 4  # a link with at most this many words around it is a drop, not a post


def hard_sell(p: Post) -> Signal:
    """Red for a push to buy or click now (a bare link included); amber for pointing at your own offer.

    >>> hard_sell(Post("Love it! Order here: shop.example/tea")).light
    'red'
    """
    found = find(_CUES, p.scan)
    strong = found.get("strong", []) + (spans(_FREE_CAPS, p.text) if "FREE" in p.text else [])
    soft = found.get("soft", [])
    # A link with (almost) nothing around it asks for a click and nothing else.
    link_only = bool(p.links) and len(p.words) <= LINK_ONLY_WORDS and "?" not in p.text
    if strong or link_only:
        light, hits = "red", strong + soft + (p.links if link_only else [])
        why = (f"It pushes a purchase or a click ({quote(p.text, strong)}); a pitch ends the conversation "
               "before direction and a relationship have begun." if strong else
               "It is a link with almost nothing around it: a drop that asks for a click, not a conversation.")
    elif soft:
        light, hits = "amber", soft
        why = f"It points at your own offer ({quote(p.text, soft)}): fine now and then, but not a conversation."
    else:
        light, hits = "green", []
        why = "No sales pressure: nothing to buy, book or click."
    move = "Cut the pitch from this post; give the useful part away and let your profile do the selling."
    return make_signal("hard_sell", light, hits, why, move)
