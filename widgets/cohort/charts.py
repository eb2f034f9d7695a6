"""Chart data for the dashboard: plotly figure dicts (plotly itself is never imported here)."""

from __future__ import annotations

from widgets.cohort.aggregate import _aggregate  # noqa: F401  (the doctests)
from widgets.cohort.model import VERDICTS, Aggregates

_COLORS = {"bullhorn": "#b23a48", "mixed": "#c98b2b", "walkie-talkie": "#2d6a4f"}


def stages_figure_data(agg: Aggregates) -> dict:
    """Learners per stage, as a horizontal bar chart dict.

    >>> stages_figure_data(_aggregate([]))["data"][0]["x"]
    []
    """
    names = sorted(agg.stages, key=lambda s: (-agg.stages[s], s))
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": [agg.stages[s] for s in names],
                  "y": names, "marker": {"color": "#3a5a8c"}, "text": [str(agg.stages[s]) for s in names],
                  "textposition": "auto"}],
        "layout": {"height": 260, "margin": {"l": 160, "r": 10, "t": 40, "b": 30},
                   "title": {"text": f"Stages ({sum(agg.stages.values())} learners)"},
                   "xaxis": {"dtick": 1, "rangemode": "tozero"}, "yaxis": {"autorange": "reversed"}},
    }


def voice_figure_data(agg: Aggregates) -> dict:
    """Verdicts before and after the rewrite, grouped, with how many improved in the title."""
    return {
        "data": [{"type": "bar", "name": label, "x": list(VERDICTS), "y": [counts[v] for v in VERDICTS],
                  "marker": {"color": color}}
                 for label, counts, color in (("Before", agg.voice_before, "#8a94a6"),
                                               ("After the rewrite", agg.voice_after, "#2d6a4f"))],
        "layout": {"barmode": "group", "height": 280, "margin": {"l": 40, "r": 10, "t": 40, "b": 40},
                   "title": {"text": f"Voice: {agg.improved} of {agg.voice_total} rewrites improved"},
                   "yaxis": {"dtick": 1, "rangemode": "tozero"}},
    }


def conversations_figure_data(agg: Aggregates) -> dict:
    """The conversations learners chose (top ten), most chosen first."""
    names = [name for name, _ in agg.conversations]
    counts = [n for _, n in agg.conversations]
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": counts, "y": names,
                  "marker": {"color": "#6b4c9a"}}],
        "layout": {"height": 280, "margin": {"l": 200, "r": 10, "t": 40, "b": 30},
                   "title": {"text": "Conversations chosen"},
                   "xaxis": {"dtick": 1, "rangemode": "tozero"}, "yaxis": {"autorange": "reversed"}},
    }


def summary_text(agg: Aggregates) -> str:
    """One sentence for screen readers and the page: the state of the cohort.

    >>> summary_text(_aggregate([]))
    '0 learners have shared 0 results.'
    """
    people = "learner has" if agg.members == 1 else "learners have"
    return f"{agg.members} {people} shared {agg.submissions} result{'' if agg.submissions == 1 else 's'}."
