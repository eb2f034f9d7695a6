"""A TEACHING MODEL (not data): weekly audience growth under broadcast-first vs relationship-first habits.

The model exists to make one idea from Lesson 02 visible: a famous account's audience carries
whatever it broadcasts, while a beginner grows from the faithful few who then spread them. Every
number below is an assumption chosen to be plausible and easy to explain, not a measurement.

Each week, with ``A`` followers of whom ``F`` are fans (people with a real relationship to you):

1. Broadcasting: ``posts = broadcast hours × posts_per_hour``. A share ``min(1, posts × reach_per_post)``
   of the audience sees something. Each viewer passes it on with probability
   ``pass_on_stranger + (pass_on_fan − pass_on_stranger) × F/A`` (people pass on what comes from
   someone they trust), and each pass-on brings ``followers_per_pass_on`` new followers.
   Strangers also find posts by search: ``discovery_per_post`` new followers per post.
2. Relationships: ``relationship hours × fans_per_hour`` new fans a week (they also follow you).
3. The faithful few spread you: every fan brings ``referrals_per_fan`` new followers a week (fewer
   if you spend under ``presence_hours`` a week), of whom ``referred_fan_share`` arrive as fans.
4. Churn: followers without a relationship leave at ``stranger_churn`` a week, fans at ``fan_churn``.
5. Newcomers are scaled by ``1 − A/market_size``: there are only so many people for any topic.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

MAX_WEEKS = 260
MAX_HOURS = 60.0


@dataclass(frozen=True)
class GrowthParams:
    """The model's assumptions, every one named (defaults are the lesson's teaching values)."""

    posts_per_hour: float = field(default=1.0, metadata={
        "doc": "Broadcast posts one hour of broadcasting produces (writing, images, scheduling)."})
    reach_per_post: float = field(default=0.05, metadata={
        "doc": "Share of your followers who see one post (feeds show each post to a few of them)."})
    pass_on_stranger: float = field(default=0.001, metadata={
        "doc": "Chance a follower who does not know you passes a post on: tiny, nobody vouches for a stranger."})
    pass_on_fan: float = field(default=0.05, metadata={
        "doc": "Chance a fan passes a post on: people share what comes from someone they trust."})
    followers_per_pass_on: float = field(default=1.0, metadata={
        "doc": "New followers one pass-on brings (the sharer's friends who see it and follow you)."})
    discovery_per_post: float = field(default=0.3, metadata={
        "doc": "Strangers who find one post through search or tags and follow, whatever your audience."})
    fans_per_hour: float = field(default=0.2, metadata={
        "doc": "Real relationships one hour of conversation builds (replying, helping, joining threads)."})
    referrals_per_fan: float = field(default=0.04, metadata={
        "doc": "New followers each fan brings per week by mentioning you: the faithful few spread you."})
    presence_hours: float = field(default=2.0, metadata={
        "doc": "Hours a week you must be around for fans to keep mentioning you (fewer: fewer referrals)."})
    referred_fan_share: float = field(default=0.4, metadata={
        "doc": "Share of referred newcomers who arrive as fans, because a friend vouched for you."})
    stranger_churn: float = field(default=0.004, metadata={
        "doc": "Share of followers without a relationship who leave or go quiet each week."})
    fan_churn: float = field(default=0.002, metadata={"doc": "Share of fans who drift away each week (life happens)."})
    market_size: float = field(default=5_000_000.0, metadata={
        "doc": "People who could ever care about your topic: growth slows as you approach it."})

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or value != value or value < 0:
                raise ValueError(f"{f.name} must be a number ≥ 0, got {value!r}")
        for name in ("pass_on_stranger", "pass_on_fan", "referred_fan_share", "stranger_churn", "fan_churn"):
            if getattr(self, name) > 1:
                raise ValueError(f"{name} is a share and must be ≤ 1")
        if self.market_size <= 0:
            raise ValueError("market_size must be > 0")


SHARES = frozenset({"reach_per_post", "pass_on_stranger", "pass_on_fan", "referred_fan_share", "stranger_churn",
                    "fan_churn"})


def plain_value(name: str, value: float) -> str:
    """An assumption's value as a learner reads it: shares as percentages, big numbers with separators.

    >>> plain_value("reach_per_post", 0.05), plain_value("market_size", 5_000_000), plain_value("fans_per_hour", 0.2)
    ('5%', '5,000,000', '0.2')
    """
    if name in SHARES:
        return f"{value * 100:.2g}%" if value * 100 < 1 else f"{value * 100:g}%"
    return f"{value:,.0f}" if value >= 1000 else f"{value:g}"


def assumptions(params: GrowthParams = GrowthParams()) -> tuple[tuple[str, float, str], ...]:
    """Each assumption as (name, value, plain-language meaning), for the view's visible note.

    >>> assumptions()[0][0]
    'posts_per_hour'
    """
    return tuple((f.name, getattr(params, f.name), f.metadata.get("doc", "")) for f in fields(params))


@dataclass(frozen=True)
class Start:
    """A starting point: how many follow you, and what share of them already trust you."""

    id: str
    label: str
    audience: float
    fan_share: float
    note: str


STARTS = (
    Start("new", "New account: 50 followers", 50, 0.1,
          "Mostly friends and a few strangers; about 5 of them really know you."),
    Start("growing", "Growing: 2,000 followers", 2_000, 0.05,
          "A small place with a core of regulars (about 100 fans)."),
    Start("famous", "Famous: 500,000 followers", 500_000, 0.1,
          "Known before joining: 50,000 of them already know, like and trust you."),
)

HABITS = {"broadcast-first": 0.1, "relationship-first": 0.8}
"""The two habits compared: the share of weekly hours spent on relationships."""


def start_by_id(start_id: str) -> Start:
    for start in STARTS:
        if start.id == start_id:
            return start
    raise ValueError(f"unknown start {start_id!r}; choose one of {[s.id for s in STARTS]}")


@dataclass(frozen=True)
class Run:
    """One simulation: audience and fans at the end of each week (index 0 is the start)."""

    audience: tuple[float, ...]
    fans: tuple[float, ...]

    @property
    def final(self) -> float:
        return self.audience[-1]


def simulate(audience: float, fans: float, broadcast_hours: float, relationship_hours: float,
             weeks: int, params: GrowthParams = GrowthParams()) -> Run:
    """Run the model week by week. Deterministic, never negative, fans never exceed the audience.

    >>> run = simulate(50, 5, 9, 1, 4)
    >>> len(run.audience), run.audience[0]
    (5, 50.0)
    """
    a = _clamp(audience, 0.0, params.market_size)
    f = _clamp(fans, 0.0, a)
    bh = _clamp(broadcast_hours, 0.0, MAX_HOURS)
    rh = _clamp(relationship_hours, 0.0, MAX_HOURS)
    weeks = int(_clamp(weeks, 0, MAX_WEEKS))
    p = params
    audience_series, fan_series = [a], [f]
    for _ in range(weeks):
        room = max(0.0, 1.0 - a / p.market_size)
        posts = bh * p.posts_per_hour
        seen = a * min(1.0, posts * p.reach_per_post)
        trust = f / a if a > 0 else 0.0
        pass_on = p.pass_on_stranger + (p.pass_on_fan - p.pass_on_stranger) * trust
        broadcast_new = (seen * pass_on * p.followers_per_pass_on + posts * p.discovery_per_post) * room
        relationship_new = rh * p.fans_per_hour * room
        presence = min(1.0, (bh + rh) / p.presence_hours) if p.presence_hours > 0 else 1.0
        referred = f * p.referrals_per_fan * presence * room
        stranger_loss = (a - f) * p.stranger_churn
        fan_loss = f * p.fan_churn
        new_fans = relationship_new + referred * p.referred_fan_share
        a = _clamp(a + broadcast_new + relationship_new + referred - stranger_loss - fan_loss,
                   0.0, p.market_size)
        f = _clamp(f + new_fans - fan_loss, 0.0, a)
        audience_series.append(a)
        fan_series.append(f)
    return Run(tuple(audience_series), tuple(fan_series))


def run_habit(start: Start, hours: float, relationship_share: float, weeks: int,
              params: GrowthParams = GrowthParams()) -> Run:
    """Simulate ``hours`` a week split between relationships (``relationship_share``) and broadcasting."""
    hours = _clamp(hours, 0.0, MAX_HOURS)
    share = _clamp(relationship_share, 0.0, 1.0)
    return simulate(start.audience, start.audience * start.fan_share, hours * (1 - share), hours * share,
                    weeks, params)


@dataclass(frozen=True)
class Comparison:
    """Broadcast-first, relationship-first and the learner's own mix, from one start."""

    start: Start
    hours: float
    share: float
    weeks: int
    broadcast: Run
    relationship: Run
    mine: Run

    @property
    def overtake_week(self) -> int | None:
        """The first week after which relationship-first stays ahead of broadcast-first to the end."""
        return overtake_week(self.broadcast.audience, self.relationship.audience)


def compare(start_id: str, hours: float, share: float, weeks: int,
            params: GrowthParams = GrowthParams()) -> Comparison:
    """The three runs the chart shows.

    >>> compare("new", 10, 0.5, 52).overtake_week is not None
    True
    """
    start = start_by_id(start_id)
    weeks = int(_clamp(weeks, 1, MAX_WEEKS))
    return Comparison(start, hours, share, weeks,
                      run_habit(start, hours, HABITS["broadcast-first"], weeks, params),
                      run_habit(start, hours, HABITS["relationship-first"], weeks, params),
                      run_habit(start, hours, share, weeks, params))


def overtake_week(leader: tuple[float, ...], chaser: tuple[float, ...]) -> int | None:
    """The week from which ``chaser`` is strictly ahead of ``leader`` through the end (None if never).

    >>> overtake_week((1, 5, 6, 7), (1, 2, 7, 9))
    2
    """
    week = None
    for i in range(1, min(len(leader), len(chaser))):
        if chaser[i] > leader[i]:
            if week is None:
                week = i
        else:
            week = None
    return week


def reading(c: Comparison) -> str:
    """A plain-language reading of a comparison (what the chart says, in two or three sentences)."""
    b, r, m = c.broadcast.final, c.relationship.final, c.mine.final
    start = f"From {_people(c.start.audience)} followers, with {c.hours:g} hours a week"
    if c.hours <= 0:
        return (f"{start}, nothing changes except that some followers drift away: "
                f"you end week {c.weeks} with {_people(m)}. Any habit needs some time.")
    week = c.overtake_week
    if week is None:
        lead = (f"broadcast-first stays ahead for all {c.weeks} weeks "
                f"({_people(b)} vs {_people(r)} followers). ")
        if c.start.id == "famous":
            lead += ("A famous audience carries whatever you post: that is why the famous person's advice "
                     "works for them.")
        else:
            lead += "Try more weeks: relationships compound slowly at first."
    elif week <= 1:
        lead = (f"relationship-first is ahead from the first week and ends at {_people(r)} "
                f"vs {_people(b)} for broadcast-first.")
    else:
        lead = (f"broadcast-first looks faster at first, but relationship-first overtakes it in week {week} "
                f"and ends at {_people(r)} vs {_people(b)}: the faithful few spread you.")
    mine = (f" Your mix ({c.share:.0%} of the time on relationships) ends at {_people(m)} followers, "
            f"{_people(c.mine.fans[-1])} of them fans.")
    return f"{start}, {lead}{mine}"


def figure_data(c: Comparison) -> dict:
    """The comparison as a plotly line chart dict (no plotly import needed).

    >>> figure_data(compare("new", 10, 0.5, 8))["data"][0]["name"]
    'Broadcast-first (10% relationships)'
    """
    weeks = list(range(c.weeks + 1))
    lines = [
        (f"Broadcast-first ({HABITS['broadcast-first']:.0%} relationships)", c.broadcast, "#b23a48", "dot"),
        (f"Relationship-first ({HABITS['relationship-first']:.0%} relationships)", c.relationship, "#2d6a4f", "dash"),
        (f"Your mix ({c.share:.0%} relationships)", c.mine, "#1d3557", "solid"),
    ]
    return {
        "data": [{"type": "scatter", "mode": "lines", "name": name, "x": weeks,
                  "y": [round(v, 1) for v in run.audience], "line": {"color": color, "dash": dash, "width": 2.5}}
                 for name, run, color, dash in lines],
        "layout": {"height": 340, "margin": {"l": 70, "r": 10, "t": 40, "b": 80},
                   "title": {"text": f"Teaching model, not data: {c.start.label}"},
                   "xaxis": {"title": {"text": "Week"}},
                   "yaxis": {"title": {"text": "Followers"}, "rangemode": "tozero"},
                   "legend": {"orientation": "h", "y": -0.3}},
    }


def _people(value: float) -> str:
    return f"{round(value):,}"


def _clamp(value, low, high):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return low
    if value != value:  # NaN
        return low
    return min(high, max(low, value))


__all__ = ["GrowthParams", "Start", "STARTS", "HABITS", "Run", "Comparison", "simulate", "run_habit",
           "compare", "overtake_week", "reading", "figure_data", "assumptions", "start_by_id"]
