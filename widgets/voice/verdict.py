"""The verdict: named signals weighed against each other, never a hidden score."""

from __future__ import annotations

from .report import SIGNAL_LABELS, Signal

# --- the verdict --------------------------------------------------------------------------------
# Points per light (red, amber). The verdict names every signal that earned points, so the
# combination is never a hidden score: length and readability are conventions and earn none.
_PUSH = {"hard_sell": (3, 1), "shouting": (2, 1), "stuffing": (2, 1), "hype": (2, 1)}
_SELF_FOCUS = {"announcement": (2, 1), "audience": (2, 0)}
_BAIT_POINTS = 3
_HELP_POINTS = 3  # helpfulness green; one more for a post dense with help
_QUESTION_POINTS = 3
_READER_POINTS = 1


def _verdict(signals: dict[str, Signal], genuine: bool, help_score: int) -> tuple[str, tuple[str, ...]]:
    def earned(table):
        out = []
        for name, (red, amber) in table.items():
            light = signals[name].light
            value = red if light == "red" else amber if light == "amber" else 0
            if value:
                out.append((name, light, value))
        return out

    push = earned(_PUSH)
    if signals["invitation"].light == "red":
        push.append(("invitation", "red", _BAIT_POINTS))
    self_focus = earned(_SELF_FOCUS)
    talk = []
    if signals["helpfulness"].light == "green":
        talk.append(("helpfulness", "green", _HELP_POINTS + (help_score >= 8)))
    elif help_score >= 2:
        talk.append(("helpfulness", "amber", 1))
    if genuine:
        talk.append(("invitation", "green", _QUESTION_POINTS))
    if signals["audience"].light == "green":
        talk.append(("audience", "green", _READER_POINTS))
    p, m, t = (sum(v for *_, v in items) for items in (push, self_focus, talk))

    def named(items):
        return ", ".join(f"{SIGNAL_LABELS[n].lower()} ({light}, +{v})" for n, light, v in items)

    reasons = []
    if push:
        reasons.append(f"Broadcast pressure {p}: {named(push)}.")
    if self_focus:
        reasons.append(f"About me/us {m}: {named(self_focus)}.")
    if talk:
        reasons.append(f"Conversation {t}: {named(talk)}.")
    loud = any(light == "red" for _, light, _ in push)
    if t >= 3 and p >= 3 and loud:
        verdict = "mixed"
        reasons.append("It does both: the helpful part would stand on its own, and the pitch or noise pulls against it.")
    elif t >= 3 and t >= p + m:
        verdict = "walkie-talkie"
        reasons.append("The conversation outweighs the broadcast: it helps or asks before anything else.")
    elif p + m >= 2:
        verdict = "bullhorn"
        reasons.append("It broadcasts more than it talks: nothing here outweighs the pitch, the noise or the news about me/us.")
    elif not p + m and (help_score or t):
        # A quiet post: no pitch and no noise, and a person in it (a moment, a detail, a thanks).
        verdict = "walkie-talkie"
        reasons.append("Nothing broadcasts, and there is a person in it: a quiet, human voice.")
    else:
        verdict = "bullhorn"
        reasons.append("Nothing here helps the reader, tells a story or invites a reply, so it reads as a broadcast.")
    return verdict, tuple(reasons)

