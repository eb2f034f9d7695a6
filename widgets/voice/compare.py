"""compare(): two versions of a post, signal by signal."""

from __future__ import annotations

from .reading import analyze
from .report import LIGHT_LEVEL, Change, Comparison
from .text import plural


def compare(before: str, after: str) -> Comparison:
    """Read two versions of a post and say, signal by signal, what got better or worse.

    >>> compare("BUY NOW!!! Link in bio 🔥🔥🔥", "What's worked for you?").summary
    'Verdict: bullhorn → walkie-talkie. 4 signals better, 0 worse, 7 the same.'
    """
    b, a = analyze(before), analyze(after)
    if b.status != "ok" or a.status != "ok":
        which, report = ("the original", b) if b.status != "ok" else ("the rewrite", a)
        return Comparison(b, a, (), f"Nothing to compare yet: {which} can't be read. {report.notes[-1]}")
    changes = []
    for sb, sa in zip(b.signals, a.signals):
        diff = LIGHT_LEVEL[sa.light] - LIGHT_LEVEL[sb.light]
        direction = "better" if diff > 0 else "worse" if diff < 0 else "same"
        says = (f"{sa.label}: still {sa.light}." if direction == "same" else
                f"{sa.label}: {sb.light} → {sa.light}, {direction}. {sa.why}")
        changes.append(Change(sa.name, sa.label, sb.light, sa.light, direction, says))
    better = sum(c.direction == "better" for c in changes)
    worse = sum(c.direction == "worse" for c in changes)
    verdict = f"Verdict: {b.verdict} → {a.verdict}." if a.verdict != b.verdict else f"Verdict: still {a.verdict}."
    summary = f"{verdict} {plural(better, 'signal')} better, {worse} worse, {len(changes) - better - worse} the same."
    return Comparison(b, a, tuple(changes), summary)
