"""The coach's moderation list: every submission reachable, newest first, narrowed by what the coach types."""

from __future__ import annotations

from typing import Sequence

from widgets.cohort.model import Submission

SHOWN = 200  # options in the list at once; typing narrows the rest into reach


def label(sub: Submission) -> str:
    """One line for a submission: id, learner, kind, an excerpt, and whether it is hidden or approved."""
    excerpt = " ".join(next((str(v) for v in sub.payload.values() if v), "").split())[:60]
    flag = " [hidden]" if sub.hidden else (" [approved]" if sub.approved else "")
    return f"#{sub.id} {sub.member_label} · {sub.kind}: {excerpt}{flag}"


def moderation_options(subs: Sequence[Submission], query: str = "",
                       shown: int = SHOWN) -> tuple[list[tuple[str, int]], int]:
    """``(options, matches)``: the newest ``shown`` submissions matching ``query``, and how many match.

    ``query`` is "#42" (that submission), words (all must appear, any case, in the line), or empty.

    >>> s = [Submission(i, "m", f"Learner {i}", "00.stage-assessment", "stage", {"stage": "Host"}, 0.0, False, False)
    ...      for i in range(1, 301)]
    >>> opts, n = moderation_options(s)
    >>> len(opts), n, opts[0][1], opts[-1][1]
    (200, 300, 300, 101)
    >>> moderation_options(s, "#7")[0]
    [('#7 Learner 7 · stage: Host', 7)]
    """
    query = " ".join(str(query or "").split()).lower()
    wanted_id = int(query[1:]) if query.startswith("#") and query[1:].isdigit() else None
    words = query.split()
    found = []
    for sub in reversed(subs):
        line = label(sub)
        if wanted_id is not None:
            if sub.id == wanted_id:
                found.append((line, sub.id))
            continue
        lowered = line.lower()
        if all(word in lowered for word in words):
            found.append((line, sub.id))
    return found[:shown], len(found)
