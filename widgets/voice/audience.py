"""Who it's about: the reader (you/your), the writer (I/we/our), or no one in particular."""

from __future__ import annotations

from .report import Signal, make_signal
from .text import Post


def audience(p: Post, promoted: set[int]) -> Signal:
    """Green when it talks to the reader; red only when it is about the writer *and* shows off.

    A story in the first person is how people share their lives, so "I/my" alone is amber at most.

    >>> audience(Post("Last week I burned the bread and my kids laughed."), set()).light
    'amber'
    """
    you, me = p.you, p.me
    y, m = len(you), len(me)
    ty, tm = _times(y), _times(m)
    mostly_me = (m >= 2 and not y) or (m >= 4 and m >= 3 * y)
    if y and y >= m:
        light, found = "green", you
        why = f"It talks to the reader ('you/your' {ty}, 'I/we/our' {tm})."
        move = "Keep the reader in it: name their situation before yours."
    elif p.reply and not (mostly_me and p.sentences_with(me) & promoted):
        light, found = "green", [h for h in p.handles if h[1] <= p.lead_end]
        why = "It answers someone: a reply addressed to a person is a conversation already."
        move = "Keep talking with them: a question back keeps the conversation going."
    elif mostly_me and p.sentences_with(me) & promoted:
        light, found = "red", me
        why = (f"It is about how well you or your brand are doing ('I/we/our' {tm}, 'you/your' {ty}), and the "
               "reader has no part in it.")
        move = "Rewrite one 'I/we' sentence as what the reader gets or can do: 'you can…', 'if your…'."
    elif m > y:
        light, found = "amber", me
        why = (f"It is told from your side ('I/we/our' {tm}, 'you/your' {ty}): fine for a story; a line that "
               "turns to the reader makes it easier to answer.")
        move = "Add one line for the reader: what they might try, or whether it has happened to them."
    else:
        light, found = "amber", []
        why = "It speaks to no one in particular; naming the reader and their situation makes a post easier to answer."
        move = "Name who it is for: 'if your…', 'you might…'."
    return make_signal("audience", light, found, why, move)


def _times(n: int) -> str:
    """How often, in words: 'never', 'once', 'twice', '3 times'."""
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")
