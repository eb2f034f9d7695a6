"""The verdict: what pulls toward a bullhorn weighed against what makes a conversation, in plain words.

Each signal that weighs in is named in the reasons, so the verdict is never a hidden score. Broadcast
signals weigh in when amber or red, conversation signals when green (helpfulness a little when amber);
length and readability are conventions and never weigh in. A post with no evidence either way (a short
reply, a greeting) is "neutral", and the reasons say so.
"""

from __future__ import annotations

from .report import CITATIONS, LIGHT_LEVEL, SIGNAL_CITATIONS, SIGNAL_LABELS, SIGNAL_ROLES, Signal

# Weight of each broadcast signal's light (red, amber). Invitation is red for bait or a question that sells.
_BROADCAST = {"self_promotion": (3, 1), "hard_sell": (3, 1), "invitation": (3, 0),
              "shouting": (2, 1), "hype": (2, 1), "stuffing": (2, 1)}
_PURPOSE = ("self_promotion", "hard_sell", "invitation")  # what a post is for, beside how loud it is
_HELP_GREEN, _HELP_DENSE, _HELP_SOME = 3, 8, 2  # helpfulness: green weighs 3 (4 when dense), amber with a little 1
_QUESTION, _PERSON, _READER = 3, 2, 1  # a genuine question, a person in it, talking to the reader
WEIGHT = 3  # what it takes for either side to count: a red purpose signal, a green helpfulness or a question
SHORT_POST = 8  # words: below this, noise alone (caps, tags) doesn't make a broadcast
TOO_SHORT = 6  # words (not counting web addresses, @handles, hashtags): a reply or a greeting, not a post yet


def _phrase(name: str, light: str) -> str:
    return SIGNAL_LABELS[name].lower() + (" (a little)" if light == "amber" else "")


def weigh(signals: dict[str, Signal], genuine: bool, help_score: int, n_words: int, reply: bool = False,
          pitched: bool = False):
    """The verdict, its reasons as plain sentences, the signals most worth changing, and the citations.

    In order: **mixed** when a real conversation (helpfulness green or a genuine question) meets a loud
    broadcast (a red broadcast signal, and broadcast weight of 3); **walkie-talkie** when that conversation
    outweighs the broadcast; **bullhorn** when the broadcast weighs 3 (a red self-promotion, hard sell or
    bait alone is enough), or noise fills a post of 8+ words with nothing human in it, or a post of 6+ words
    shows the writer in a good light (amber self-promotion) and does nothing else; **neutral** when the
    post is under 6 words; **walkie-talkie** again for a quiet post, with a person in it and nothing that
    sells or brags; **neutral** otherwise (amber self-promotion beside a person in it lands here: fine in a
    story, not yet a conversation).
    """
    push = []
    for name, (red, amber) in _BROADCAST.items():
        light = signals[name].light
        value = red if light == "red" else amber if light == "amber" else 0
        if value:
            push.append((name, light, value))
    if pitched:  # a sales-shaped question with no offer in sight ("Ready to 10x your income?") leans broadcast
        push.append(("invitation", "amber", 1))
    talk = []  # substance first (something to use, a real question), then the person in it
    if signals["helpfulness"].light == "green":
        talk.append(("helpfulness", "green", _HELP_GREEN + (help_score >= _HELP_DENSE)))
    if genuine:
        talk.append(("invitation", "green", _QUESTION))
    substance = bool(talk)
    if signals["helpfulness"].light != "green" and help_score >= _HELP_SOME:
        talk.append(("helpfulness", "amber", 1))
    if signals["disclosure"].light == "green":
        talk.append(("disclosure", "green", _PERSON))
    if signals["audience"].light == "green":
        talk.append(("audience", "green", _PERSON if reply else _READER))  # a reply answers a person
    p, t = sum(v for *_, v in push), sum(v for *_, v in talk)
    aim = sum(v for name, _, v in push if name in _PURPOSE)  # what the post is for, beside how loud it is
    loud = any(light == "red" for _, light, _ in push)

    if substance and p >= WEIGHT and loud:
        verdict = "mixed"
        end = "It does both: the conversation would stand on its own, and the pitch or the noise pulls against it."
    elif substance and t >= p:
        verdict = "walkie-talkie"
        end = "The conversation outweighs the broadcast: it helps or asks before anything else."
    elif p >= WEIGHT or (p >= 2 and not t and n_words >= SHORT_POST):
        verdict = "bullhorn"
        end = "It broadcasts more than it talks: nothing here outweighs the pitch, the noise or the news about you."
    elif signals["self_promotion"].light == "amber" and not t and n_words >= TOO_SHORT:
        verdict = "bullhorn"
        end = ("It shows you in a good light and nothing else: no moment or feeling of yours, no one it talks to, "
               "nothing for the reader.")
    elif n_words < TOO_SHORT:
        verdict = "neutral"
        end = (f"Too short to judge: at {n_words} word{'s' * (n_words != 1)}, a reply or a greeting is neither a "
               "broadcast nor a conversation yet.")
    elif t and not aim and p <= 1:
        verdict = "walkie-talkie"
        end = "Nothing here broadcasts, and there is a person in it: a quiet, human voice."
    else:
        verdict = "neutral"
        if signals["self_promotion"].light == "amber" and not substance:
            end = ("It shows you in a good light, and nothing in it is for the reader yet: fine inside a story, and a "
                   "tip from what you learned or a real question would make it a conversation.")
        elif push and t:
            end = ("Neither side outweighs the other: a little of a broadcast, a little of a person, and nothing "
                   "yet that helps or asks.")
        elif push:
            end = ("It leans a little toward a broadcast, not enough to call it one, and nothing yet helps, asks or "
                   "shares.")
        else:
            end = ("Nothing pulls clearly either way: no pitch, brag or noise to speak of, and nothing yet that "
                   "helps, asks or shares.")

    reasons = []
    if push:
        reasons.append("Pulling toward a bullhorn: " + _listed([_phrase(n, light) for n, light, _ in push]) + ".")
    if talk:
        reasons.append("Making it a conversation: " + _listed([_phrase(n, light) for n, light, _ in talk]) + ".")
    reasons.append(end)
    named = [n for n, *_ in push] + [n for n, *_ in talk]
    citations = tuple(dict.fromkeys(CITATIONS[SIGNAL_CITATIONS[n]] for n in named if n in SIGNAL_CITATIONS))
    return verdict, tuple(reasons), _moves(signals, push, verdict), citations


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _moves(signals: dict[str, Signal], push, verdict: str) -> tuple[str, ...]:
    """Signals most worth changing, worst first: what broadcasts (heaviest first), then what the post lacks
    to be a conversation, then the conventions. Only signals that are not green."""
    first = [n for n, _, _ in sorted(push, key=lambda item: -item[2])]
    rest = [s for s in signals.values() if s.light != "green" and s.name not in first]
    role_order = {"broadcast": 0, "conversation": 1, "convention": 2}
    rest.sort(key=lambda s: (role_order[SIGNAL_ROLES[s.name]], LIGHT_LEVEL[s.light]))
    if verdict == "walkie-talkie":
        # Nothing is wrong enough to lead with: amber conversation signals are polish, conventions last.
        rest = [s for s in rest if SIGNAL_ROLES[s.name] != "broadcast"] + [s for s in rest if SIGNAL_ROLES[s.name] == "broadcast"]
    return tuple(first + [s.name for s in rest])
