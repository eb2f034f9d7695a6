"""The connector: suggest introductions between community members, with reasons, and map them."""

from __future__ import annotations

import functools
import heapq
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from widgets import robot, voice
from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text
from widgets.voice.text import plural

TITLE = "Introductions"
NEED_WEIGHT = 3  # a need one member can meet with an offer counts more than a shared interest
INTEREST_WEIGHT = 1
COLORS = {"member": "#3d5a80", "met": "#2d6a4f", "edge": "#2d6a4f", "chosen": "#b23a48"}


@dataclass(frozen=True)
class Member:
    """One (invented) community member: who they are, what they like, need and can offer."""

    id: str
    name: str
    interests: tuple[str, ...]
    needs: tuple[str, ...]
    offers: tuple[str, ...]

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


@dataclass(frozen=True)
class Suggestion:
    """A suggested introduction between two members (in name order), its score and reasons."""

    a: str
    b: str
    score: int
    reasons: tuple[str, ...]

    @property
    def pair(self) -> tuple[str, str]:
        return pair_key(self.a, self.b)


@dataclass(frozen=True)
class CommunitySpec:
    """The connector exercise: prompt, hint, the members, a model introduction and known-wrong ones."""

    id: str
    prompt: str
    hint: str
    model_intro: str
    known_wrong_intros: tuple[str, ...]
    members: tuple[Member, ...]

    def member(self, member_id: str) -> Member | None:
        return _index(self.members).get(member_id)


@functools.lru_cache(maxsize=8)
def _index(members: tuple[Member, ...]) -> dict[str, Member]:
    return {m.id: m for m in members}


def _tags(rec: dict, key: str, where: str) -> tuple[str, ...]:
    values = require(rec, key, where, list)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ContentError(f"{where}: every entry of '{key}' must be non-empty text")
    return tuple(v.strip().lower() for v in values)


@functools.lru_cache(maxsize=None)
def load_community(relative: str = "lesson03/community.yaml") -> CommunitySpec:
    """Load and validate the invented community.

    >>> len(load_community().members) >= 25
    True
    """
    raw = read_yaml(relative)
    members = []
    for i, rec in enumerate(require(raw, "members", relative, list)):
        where = f"{relative} member {i}"
        members.append(Member(id=require(rec, "id", where), name=require(rec, "name", where),
                              interests=_tags(rec, "interests", where), needs=_tags(rec, "needs", where),
                              offers=_tags(rec, "offers", where)))
    unique_ids(members, relative)
    return CommunitySpec(id=require(raw, "id", relative), prompt=require(raw, "prompt", relative),
                         hint=require(raw, "hint", relative), model_intro=require(raw, "model_intro", relative),
                         known_wrong_intros=tuple(require(raw, "known_wrong_intros", relative, list)),
                         members=tuple(members))


def pair_key(a: str, b: str) -> tuple[str, str]:
    """An unordered pair as a sorted tuple: (a, b) and (b, a) are the same introduction.

    >>> pair_key("zoe", "ana")
    ('ana', 'zoe')
    """
    return (a, b) if a <= b else (b, a)


def reasons_for(a: Member, b: Member) -> tuple[str, ...]:
    """Why two members might want to meet: needs the other can meet first, then shared interests.

    >>> ana = Member("ana", "Ana R", ("baking",), ("bookkeeping",), ())
    >>> bruno = Member("bruno", "Bruno K", ("baking",), (), ("bookkeeping",))
    >>> reasons_for(ana, bruno)
    ('Bruno can help Ana with bookkeeping.', 'Both are into baking.')
    """
    found = [f"{helper.first_name} can help {asker.first_name} with {need}."
             for asker, helper in ((a, b), (b, a))
             for need in sorted(set(asker.needs) & set(helper.offers))]
    shared = sorted(set(a.interests) & set(b.interests))
    if shared:
        found.append(f"Both are into {' and '.join(shared)}.")
    return tuple(found)


def suggest(members, introduced=(), limit: int = 10) -> tuple[Suggestion, ...]:
    """The best introductions to make, with reasons, never a pair twice or one already introduced.

    Uses inverted indexes (interest → members, offer → members), so only pairs with something in
    common are ever scored; ranking is by score, then names, then ids (deterministic).

    >>> [s.pair for s in suggest(load_community().members, limit=2)]
    [('femi', 'jun'), ('dev', 'elif')]
    """
    # Indexed in name order, so ties break on names (then ids) whatever order members come in.
    members = tuple(sorted(members, key=lambda m: (m.name, m.id)))
    n = len(members)
    excluded = set()
    for pair in introduced or ():
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(p, str) for p in pair):
            excluded.add(pair_key(pair[0], pair[1]))
    by_interest: dict[str, list[int]] = defaultdict(list)
    by_offer: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(members):
        for tag in set(m.interests):
            by_interest[tag].append(i)
        for tag in set(m.offers):
            by_offer[tag].append(i)
    score: dict[int, int] = defaultdict(int)  # key i * n + j with i < j: cheaper than tuples at 2,000 members
    for ids in by_interest.values():
        for x, i in enumerate(ids):
            base = i * n
            for j in ids[x + 1:]:
                score[base + j if i < j else j * n + i] += INTEREST_WEIGHT
    for i, m in enumerate(members):
        for need in set(m.needs):
            for j in by_offer.get(need, ()):
                if j != i:
                    score[i * n + j if i < j else j * n + i] += NEED_WEIGHT
    picked = []
    for neg, k in heapq.nsmallest(limit + len(excluded), ((-s, k) for k, s in score.items())):
        a, b = members[k // n], members[k % n]
        if a.id == b.id or pair_key(a.id, b.id) in excluded:
            continue
        picked.append(Suggestion(a.id, b.id, -neg, reasons_for(a, b)))
        if len(picked) == limit:
            break
    return tuple(picked)


def synthetic_community(size: int, seed: int = 2026) -> tuple[Member, ...]:
    """A deterministic invented community of ``size`` members (for the benchmark and scale tests).

    >>> synthetic_community(3) == synthetic_community(3)
    True
    """
    rng = random.Random(seed)
    interests = [f"interest-{k:02d}" for k in range(60)]
    skills = [f"skill-{k:02d}" for k in range(40)]
    return tuple(Member(id=f"m{i:05d}", name=f"Member{i:05d} Example", interests=tuple(rng.sample(interests, 3)),
                        needs=tuple(rng.sample(skills, rng.randint(1, 2))),
                        offers=tuple(rng.sample(skills, rng.randint(1, 2)))) for i in range(size))


def layout(members) -> dict[str, tuple[float, float]]:
    """Deterministic positions on a circle, members grouped by their first interest.

    >>> layout([Member("a", "A", ("x",), (), ())])["a"]
    (1.0, 0.0)
    """
    ordered = sorted(members, key=lambda m: (m.interests[:1], m.name, m.id))
    n = max(1, len(ordered))
    return {m.id: (round(math.cos(2 * math.pi * k / n), 4), round(math.sin(2 * math.pi * k / n), 4))
            for k, m in enumerate(ordered)}


def network_figure_data(members, introduced=(), selected: tuple[str, str] | None = None) -> dict:
    """The community as a plotly figure dict: members as markers with hover text, introductions as edges."""
    members = tuple(members)
    pos = layout(members)
    known = _index(members)

    def edges(pairs):
        xs, ys = [], []
        for a, b in pairs:
            if a in pos and b in pos and a != b:
                xs += [pos[a][0], pos[b][0], None]
                ys += [pos[a][1], pos[b][1], None]
        return xs, ys

    made = sorted({pair_key(*p) for p in introduced if isinstance(p, (list, tuple)) and len(p) == 2})
    mx, my = edges(made)
    data = [{"type": "scatter", "mode": "lines", "name": "Introduced", "x": mx, "y": my, "hoverinfo": "skip",
             "line": {"color": COLORS["edge"], "width": 2}}]
    if selected and all(s in known for s in selected):
        sx, sy = edges([selected])
        data.append({"type": "scatter", "mode": "lines", "name": "Chosen introduction", "x": sx, "y": sy,
                     "hoverinfo": "skip", "line": {"color": COLORS["chosen"], "width": 2, "dash": "dash"}})
    ordered = sorted(members, key=lambda m: pos[m.id][::-1])
    met = {x for pair in made for x in pair}
    data.append({
        "type": "scatter", "mode": "markers+text", "name": "Members",
        "x": [pos[m.id][0] for m in ordered], "y": [pos[m.id][1] for m in ordered],
        "text": [escape(m.first_name) for m in ordered], "textposition": "top center",
        "hovertext": [escape(f"{m.name} · interests: {', '.join(m.interests)} · needs: {', '.join(m.needs)}"
                             f" · offers: {', '.join(m.offers)}") for m in ordered],
        "hoverinfo": "text",
        # Members you have introduced are green and larger: the map shows where you have hosted.
        "marker": {"size": [14 if m.id in met else 10 for m in ordered],
                   "color": [COLORS["met"] if m.id in met else COLORS["member"] for m in ordered]},
    })
    return {"data": data, "layout": {
        "height": 460, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "showlegend": True,
        "title": {"text": f"Your community: {plural(len(members), 'member')}, {plural(len(made), 'introduction')} made"},
        "xaxis": {"visible": False, "range": [-1.3, 1.3]}, "yaxis": {"visible": False, "range": [-1.25, 1.3]},
        "legend": {"orientation": "h", "y": -0.02}}}


def check_intro(a: Member, b: Member, draft: str | None) -> Feedback:
    """An introduction passes when it names both people, has no robot pattern and sounds human.

    >>> spec = load_community()
    >>> check_intro(spec.member("ana"), spec.member("bruno"), spec.model_intro).status
    'correct'
    """
    text, note = clean_text(draft or "", limit=2000)
    if not text.strip():
        return Feedback("empty", f"Write the message that introduces {a.first_name} and {b.first_name}.")
    extra = (note,) if note else ()
    signals = robot.detect(text)
    if signals:
        return Feedback("incorrect", "This reads like software wrote it.",
                        tuple(f"{s.label}: {s.reason}" for s in signals) + extra)
    missing = [m.first_name for m in (a, b)
               if not re.search(r"(?<!\w)" + re.escape(m.first_name.lower()) + r"(?!\w)", text.lower())]
    report = voice.analyze(text)
    if report.status == "not-english":
        return Feedback("invalid", "The check reads English only for now, so it cannot judge this message.",
                        report.notes)
    problems = []
    if missing:
        problems.append(f"Name {' and '.join(missing)}, so each person knows who they are meeting.")
    if report.verdict != "walkie-talkie":
        problems += [f"{s.label}: {s.move}" for s in report.signals if s.light != "green"][:2]
        if not problems or len(problems) == len(missing):
            problems.append("Give them a reason to talk and an easy first question.")
    if not problems:
        return Feedback("correct", "A warm, specific introduction from a host.", report.reasons[:1] + extra)
    return Feedback("partial", "Almost: make it personal to both of them.", tuple(problems) + extra)


def intro_result(introductions) -> dict:
    """The ``_result`` saved for the capstone from a list of {"a", "b", "names", "message"} dicts."""
    items = [[r.get("names", f"{r.get('a')} and {r.get('b')}"), r.get("message", "")]
             for r in introductions if isinstance(r, dict)]
    return {"title": TITLE, "items": items,
            "introductions": [{k: r.get(k, "") for k in ("a", "b", "names", "message")}
                              for r in introductions if isinstance(r, dict)]}
