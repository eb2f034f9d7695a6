"""Chart data for the dashboard: plotly figure dicts (plotly itself is never imported here).

Learner text reaches these charts (stage names, conversations). Plotly reads ``<a href>``, ``<b>``,
``<br>`` and friends inside chart text as markup and decodes ``&…;`` entities, so every learner
string goes through ``plain`` first: entities escaped, whitespace collapsed to one line.
"""

from __future__ import annotations

from widgets.cohort.aggregate import _aggregate  # noqa: F401  (the doctests)
from widgets.cohort.model import VERDICTS, Aggregates

def plain(text: object) -> str:
    """Learner text as plotly shows plain text: no tags, no links, no entities, one line.

    >>> plain("<a href='https://x.example'>win</a>\\nnow & <b>then</b>")
    "&lt;a href='https://x.example'&gt;win&lt;/a&gt; now &amp; &lt;b&gt;then&lt;/b&gt;"
    """
    one_line = " ".join(str(text).split())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_COLORS = {"bullhorn": "#b23a48", "mixed": "#c98b2b", "walkie-talkie": "#2d6a4f"}


def stages_figure_data(agg: Aggregates) -> dict:
    """Learners per stage, as a horizontal bar chart dict.

    >>> stages_figure_data(_aggregate([]))["data"][0]["x"]
    []
    """
    names = sorted(agg.stages, key=lambda s: (-agg.stages[s], s))
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": [agg.stages[s] for s in names],
                  "y": [plain(s) for s in names], "marker": {"color": "#3a5a8c"},
                  "text": [str(agg.stages[s]) for s in names],
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
    names = [plain(name) for name, _ in agg.conversations]
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
