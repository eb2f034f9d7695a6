"""The weekly hosting rhythm: plan and log affirm / reach out / connect, with streaks and balance."""

from __future__ import annotations

import datetime as dt
import re

from widgets.feedback import Feedback

ACTIONS = ("affirm", "reach_out", "connect")
ACTION_LABELS = {"affirm": "Affirm", "reach_out": "Reach out", "connect": "Connect"}
ACTION_HELP = {
    "affirm": "Thank or praise someone in your community for something specific.",
    "reach_out": "Message someone because you saw or heard a need.",
    "connect": "Introduce two people who should know each other.",
}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
TITLE = "Weekly hosting rhythm"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COLORS = {"planned": "#8a94a6", "done": "#2d6a4f"}


def week_key(day: dt.date) -> str:
    """The ISO week a date falls in, e.g. '2026-W48' (weeks start on Monday).

    >>> week_key(dt.date(2026, 11, 28))
    '2026-W48'
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_dates(day: dt.date) -> tuple[dt.date, ...]:
    """Monday to Sunday of the week ``day`` is in.

    >>> [d.isoformat() for d in week_dates(dt.date(2026, 11, 28))][0]
    '2026-11-23'
    """
    monday = day - dt.timedelta(days=day.weekday())
    return tuple(monday + dt.timedelta(days=k) for k in range(7))


def clean_plan(plan) -> dict[str, list[str]]:
    """A plan restored or received from anywhere: known actions to known days, in week order.

    >>> clean_plan({"affirm": ["wed", "mon", "mon", "xyz"], "bad": ["mon"]})
    {'affirm': ['mon', 'wed'], 'reach_out': [], 'connect': []}
    """
    plan = plan if isinstance(plan, dict) else {}
    out = {}
    for action in ACTIONS:
        days = plan.get(action)
        days = days if isinstance(days, (list, tuple)) else []
        out[action] = [d for d in DAYS if d in days]
    return out


def clean_log(log) -> dict[str, list[str]]:
    """A log restored from the workbook: ISO dates to known actions; malformed entries dropped.

    >>> clean_log({"2026-11-23": ["affirm", "dance"], "yesterday": ["affirm"]})
    {'2026-11-23': ['affirm']}
    """
    log = log if isinstance(log, dict) else {}
    out = {}
    for day in sorted(k for k in log if isinstance(k, str) and _ISO_DATE.match(k)):
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            continue
        actions = log[day] if isinstance(log[day], (list, tuple)) else []
        kept = [a for a in ACTIONS if a in actions]
        if kept:
            out[day] = kept
    return out


def log_action(log, day: dt.date, action: str, done: bool = True) -> dict[str, list[str]]:
    """A new log with ``action`` marked done (or undone) on ``day``; the old log is not changed.

    >>> log_action({}, dt.date(2026, 11, 23), "connect")
    {'2026-11-23': ['connect']}
    """
    out = clean_log(log)
    if action not in ACTIONS:
        return out
    key = day.isoformat()
    actions = set(out.get(key, ()))
    actions = actions | {action} if done else actions - {action}
    if actions:
        out[key] = [a for a in ACTIONS if a in actions]
    else:
        out.pop(key, None)
    return dict(sorted(out.items()))


def streak(log, today: dt.date) -> int:
    """Days in a row, ending today (or yesterday, if today is not logged yet), with a hosting action.

    >>> streak({"2026-11-26": ["affirm"], "2026-11-27": ["connect"]}, dt.date(2026, 11, 28))
    2
    """
    days = set(clean_log(log))
    day = today if today.isoformat() in days else today - dt.timedelta(days=1)
    count = 0
    while day.isoformat() in days:
        count += 1
        day -= dt.timedelta(days=1)
    return count


def balance(log, today: dt.date) -> dict[str, int]:
    """How many of each action were logged in ``today``'s week.

    >>> balance({"2026-11-23": ["affirm", "connect"], "2026-11-01": ["affirm"]}, dt.date(2026, 11, 28))
    {'affirm': 1, 'reach_out': 0, 'connect': 1}
    """
    log = clean_log(log)
    week = {d.isoformat() for d in week_dates(today)}
    counts = dict.fromkeys(ACTIONS, 0)
    for day, actions in log.items():
        if day in week:
            for a in actions:
                counts[a] += 1
    return counts


def planned_counts(plan) -> dict[str, int]:
    """How many days each action is planned for.

    >>> planned_counts({"affirm": ["mon", "tue"]})
    {'affirm': 2, 'reach_out': 0, 'connect': 0}
    """
    return {a: len(days) for a, days in clean_plan(plan).items()}


def check_plan(plan) -> Feedback:
    """Feedback on a week's plan: empty, lopsided, missing an action, or a balanced rhythm.

    >>> check_plan({}).status
    'empty'
    >>> check_plan({"affirm": ["mon"], "reach_out": ["wed"], "connect": ["fri"]}).status
    'correct'
    """
    counts = planned_counts(plan)
    total = sum(counts.values())
    if not total:
        return Feedback("empty", "Choose days for each kind of hosting: affirm, reach out, connect.")
    missing = [ACTION_LABELS[a] for a in ACTIONS if not counts[a]]
    if missing:
        return Feedback("partial", f"No day yet for: {', '.join(missing)}.",
                        tuple(ACTION_HELP[a] for a in ACTIONS if not counts[a]))
    if max(counts.values()) > 3 * min(counts.values()) + 1:
        heavy = max(ACTIONS, key=lambda a: counts[a])
        return Feedback("partial", f"Lopsided: {ACTION_LABELS[heavy]} has most of the week.",
                        ("A host does all three. Move a day to the action you plan least.",))
    if total > 14:
        return Feedback("partial", f"{total} actions a week is a lot to keep up.",
                        ("A rhythm you keep beats a plan you drop. Start smaller; add days later.",))
    return Feedback("correct", f"A balanced week: {total} hosting moments.",
                    tuple(f"{ACTION_LABELS[a]}: {counts[a]} day{'s' if counts[a] != 1 else ''}" for a in ACTIONS))


def rhythm_figure_data(plan, log, today: dt.date) -> dict:
    """Planned vs done this week, per action, as a plotly figure dict (no plotly import).

    >>> rhythm_figure_data({}, {}, dt.date(2026, 11, 28))["data"][0]["y"]
    [0, 0, 0]
    """
    planned, done = planned_counts(plan), balance(log, today)
    labels = [ACTION_LABELS[a] for a in ACTIONS]
    n = streak(log, today)
    return {
        "data": [
            {"type": "bar", "name": "Planned", "x": labels, "y": [planned[a] for a in ACTIONS],
             "marker": {"color": COLORS["planned"]}},
            {"type": "bar", "name": "Done", "x": labels, "y": [done[a] for a in ACTIONS],
             "marker": {"color": COLORS["done"]}},
        ],
        "layout": {"barmode": "group", "height": 280, "margin": {"l": 40, "r": 10, "t": 40, "b": 40},
                   "title": {"text": f"Week {week_key(today)}: planned vs done (streak {n} day{'s' if n != 1 else ''})"},
                   "yaxis": {"dtick": 1, "rangemode": "tozero"}},
    }


def summary(plan, log, today: dt.date) -> str:
    """One line for the learner (and the chart's text alternative).

    >>> summary({}, {}, dt.date(2026, 11, 28))
    'Week 2026-W48: 0 of 0 planned actions done; streak 0 days.'
    """
    planned, done = planned_counts(plan), balance(log, today)
    total_done = sum(min(done[a], planned[a]) for a in ACTIONS)
    n = streak(log, today)
    return (f"Week {week_key(today)}: {total_done} of {sum(planned.values())} planned actions done; "
            f"streak {n} day{'s' if n != 1 else ''}.")


def rhythm_result(plan) -> dict:
    """The ``_result`` saved for the capstone: one item per action, the days it is planned.

    >>> rhythm_result({"affirm": ["mon"]})["items"][0]
    ['Affirm', 'Mon']
    """
    plan = clean_plan(plan)
    return {"title": TITLE,
            "items": [[ACTION_LABELS[a], ", ".join(DAY_LABELS[d] for d in plan[a]) or "not planned"]
                      for a in ACTIONS],
            "plan": plan}
