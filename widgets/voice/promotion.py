"""Self-promotion, graded: red for a clear brag, amber for a good light on yourself; a story is neither.

Red: achievements, awards, milestones and counts, news and launches, self-praise, humblebrags. Amber, "a
little": what you can do or who you are, what you own, what you did framed as a feat, your people's news,
pride in your luck, plain good news about yourself. Told with what it cost or what it taught (an
admission or a lesson in the sentence), a hint is part of the story and a clear brag counts as a hint.
Every contribution is a cue with its span and its kind, named in the why: no hidden score.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .report import Signal, light_for, make_signal
from .rules import compile_kinds, load_rules, macros_of, words
from .text import Post, find, join_words, quote

_RULES = load_rules("promotion")
_KINDS = _RULES["kinds"]
_CUES = compile_kinds({kind: spec["patterns"] for kind, spec in _KINDS.items()}, macros_of(_RULES))
# "I didn't win", "not proud of it": a negation just before a cue cancels it.
_NEGATED = re.compile(r"\b(?:not|never|no|n't|nt|didn't|haven't|wasn't|isn't|aren't|without)\s+(?:\w+\s+)?$")
# "You just launched", "she won": someone else's news is not the writer's brag.
_OTHER = re.compile(r"(?<![\w'])(?:you|u|you've|you're|he|she|they|he's|she's|they've|they're)\s+(?:\w+\s+)?$")
_UPBEAT, _OTHERS, _DOUBTS, _REACTIONS = (words(_RULES, name) for name in ("upbeat", "others", "doubts", "reactions"))
_OTHERS_IN = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(_OTHERS, key=len, reverse=True)) + r")(?![\w'])")
_WORD_BEFORE = re.compile(r"[a-z0-9]")
REACTION_REACH = 3  # words after a reaction ("love", "glad") in which the writer's own must come for it to count
GOOD_NEWS = "good news about you"
MOST_PER_KIND = 2  # two cues of one kind are as loud as it gets: a long brag isn't counted twice over


def self_promotion(p: Post, storied: set[int] = frozenset()) -> tuple[Signal, set[int]]:
    """The signal, and the sentences that promote (other signals read them differently).

    ``storied``: sentences with an admission (a mistake, a failure, a doubt) or a lesson in them; a hint of
    showing off there (a one-point cue) is part of the story and doesn't count, and a clear brag (two points)
    counts as a hint.

    >>> self_promotion(Post("Thrilled to announce we just hit 10,000 subscribers!"))[0].light
    'red'
    """
    points, found, says = 0, [], []
    low = p.low
    alone = None  # whether no one but the writer is in the post: looked up once, only if a cue needs it
    for kind, hits in find(_CUES, p.scan).items():
        spec = _KINDS[kind]
        hits = [(s, e) for s, e in hits if not _NEGATED.search(low, max(0, s - 16), s)
                and not _OTHER.search(low, max(0, s - 16), s)]
        mine = [h for h in hits if p.sentence_of(h[0]) in p.me_sentences] if p.me else []
        if spec["needs_me"] and len(mine) < len(hits):
            if alone is None:
                alone = not _OTHERS_IN.search(p.scan)
            counted = set(mine)
            hits = mine + ([h for h in hits if h not in counted and _opens_sentence(p, h[0])] if alone else [])
        elif spec["needs_me"]:
            hits = mine
        if not hits:
            continue
        # Some cues weigh more when the writer is in their sentence ("introducing our…": their own launch).
        weight = spec.get("points_with_me", spec["points"]) if mine and not spec["needs_me"] else spec["points"]
        # Told with what it cost or what it taught, a hint is part of the story and a clear brag counts as a
        # hint: "I failed three times before I passed" is the story behind the win, not the trophy.
        plain = [h for h in hits if p.sentence_of(h[0]) not in storied] if storied else hits
        told = [h for h in hits if p.sentence_of(h[0]) in storied] if storied and weight > 1 else []
        if plain or told:
            found += plain + told
            most = MOST_PER_KIND if weight > 1 else 1  # several hints of one kind are still one hint
            points += min(MOST_PER_KIND, min(most, weight * len(plain)) + bool(told))
            says.append(spec["says"])
    if not found:
        # The broadest family, counted only when nothing else was: plain good news about yourself.
        news = _good_news(p, storied)
        if news:
            found, points = news, 1
            says.append(GOOD_NEWS)
    light = light_for(points, 1, 2)
    move = "Tell the story behind it instead: what was hard, what you learned, and what the reader can take from it."
    if light == "green":
        why = "It doesn't show off: no achievements, awards, milestones or news about you."
    elif light == "red":
        why = (f"It promotes you ({join_words(says)}: {quote(p.text, found)}); a post about how well you are doing "
               "gives the reader nothing to answer except congratulations.")
    else:
        why = (f"It shows you in a good light ({join_words(says)}: {quote(p.text, found)}). That is fine in a "
               "story when the reader gets something from it too; on its own it reads as showing off.")
        move = "Give the reader something with it: what it cost, what you learned, or what they could try."
    return make_signal("self_promotion", light, found, why, move), (p.sentences_with(found) if light == "red" else set())


def _opens_sentence(p: Post, start: int) -> bool:
    """Whether a cue opens its sentence (after any @handles, marks or emoji). In a post with no one else in it,
    such a cue speaks for the writer: posts often drop the "I" ("Finally passed!", "New bike ordered!",
    "Can sleep anywhere"); "Great news, Sam! You got the job." is Sam's news."""
    s, _ = p.sentences[p.sentence_of(start)]
    return not _WORD_BEFORE.search(p.scan, max(s, p.lead_end), start)


def _good_news(p: Post, storied: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Upbeat words in a first-person sentence with no question, no one else, nothing hard and no lesson in it."""
    found = []
    low, starts = p.low, p.word_starts
    for i in sorted(p.me_sentences):
        s, e = p.sentences[i]
        if i in storied or "?" in low[s:e]:
            continue
        words = [(low[a:b].replace("'", ""), (a, b)) for a, b in p.words[bisect_left(starts, s):bisect_left(starts, e)]]
        names = {w for w, _ in words}
        if names.isdisjoint(_UPBEAT) or not names.isdisjoint(_OTHERS) or not names.isdisjoint(_DOUBTS):
            continue
        me_starts = [a for a, _ in p.me]
        for j, (w, span) in enumerate(words):
            if w not in _UPBEAT:
                continue
            if w in _REACTIONS:  # "love this song" is a feeling; "love my new bike" is about you
                reach = words[j + REACTION_REACH][1][0] if j + REACTION_REACH < len(words) else e
                if bisect_left(me_starts, span[1]) == bisect_left(me_starts, reach):
                    continue
            found.append(span)
    return found
