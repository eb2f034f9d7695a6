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
EMPTY = "No one has shared yet"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word, singular for one.

    >>> plural(1, "learner"), plural(0, "learner"), plural(2, "essence")
    ('1 learner', '0 learners', '2 essences')
    """
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def count_axis(largest: int) -> dict:
    """A plotly axis for counts of people: from zero, whole-number ticks, at most about eight of them.

    >>> count_axis(0)["range"], count_axis(3)["dtick"], count_axis(37)["dtick"]
    ([0, 1], 1, 5)
    """
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000) if largest / s <= 8) \
        if largest <= 80_000 else 10 ** len(str(largest // 8))
    top = max(step, -(-largest // step) * step)
    return {"range": [0, top], "dtick": step, "tick0": 0, "tickformat": ",d", "rangemode": "tozero",
            "fixedrange": True}


def _empty(layout: dict) -> dict:
    """Say so on the chart when nothing was shared, instead of drawing empty axes (plotly's are −1…4)."""
    return {**layout, "showlegend": False,
            "xaxis": {**layout.get("xaxis", {}), "visible": False}, "yaxis": {**layout.get("yaxis", {}), "visible": False},
            "annotations": [{"text": EMPTY, "showarrow": False, "xref": "paper", "yref": "paper",
                             "x": 0.5, "y": 0.5, "font": {"size": 16, "color": "#4a5260"}}]}


def stages_figure_data(agg: Aggregates) -> dict:
    """Learners per stage, as a horizontal bar chart dict.

    >>> stages_figure_data(_aggregate([]))["layout"]["title"]["text"]
    'Stages: no one has shared yet'
    """
    names = sorted(agg.stages, key=lambda s: (-agg.stages[s], s))
    total = sum(agg.stages.values())
    layout = {"height": 260, "margin": {"l": 160, "r": 10, "t": 40, "b": 30},
              "title": {"text": f"Stages ({plural(total, 'learner')})" if total else "Stages: no one has shared yet"},
              "xaxis": count_axis(max(agg.stages.values(), default=0)), "yaxis": {"autorange": "reversed"}}
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": [agg.stages[s] for s in names],
                  "y": [plain(s) for s in names], "marker": {"color": "#3a5a8c"},
                  "text": [str(agg.stages[s]) for s in names],
                  "textposition": "auto"}],
        "layout": layout if total else _empty(layout),
    }


def voice_figure_data(agg: Aggregates) -> dict:
    """Verdicts before and after the rewrite, grouped, with how many improved in the title."""
    largest = max([*agg.voice_before.values(), *agg.voice_after.values(), 0])
    title = (f"Voice: {agg.improved} of {plural(agg.voice_total, 'rewrite')} improved" if agg.voice_total
             else "Voice: no one has shared a rewrite yet")
    layout = {"barmode": "group", "height": 280, "margin": {"l": 40, "r": 10, "t": 40, "b": 40},
              "title": {"text": title}, "yaxis": count_axis(largest)}
    return {
        "data": [{"type": "bar", "name": label, "x": list(VERDICTS), "y": [counts[v] for v in VERDICTS],
                  "marker": {"color": color}}
                 for label, counts, color in (("Before", agg.voice_before, "#8a94a6"),
                                               ("After the rewrite", agg.voice_after, "#2d6a4f"))],
        "layout": layout if agg.voice_total else _empty(layout),
    }


def conversations_figure_data(agg: Aggregates) -> dict:
    """The conversations learners chose (top ten), most chosen first."""
    names = [plain(name) for name, _ in agg.conversations]
    counts = [n for _, n in agg.conversations]
    layout = {"height": 280, "margin": {"l": 200, "r": 10, "t": 40, "b": 30},
              "title": {"text": "Conversations chosen" if counts else "Conversations: no one has shared yet"},
              "xaxis": count_axis(max(counts, default=0)), "yaxis": {"autorange": "reversed"}}
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": counts, "y": names,
                  "marker": {"color": "#6b4c9a"}}],
        "layout": layout if counts else _empty(layout),
    }


LIVE_COHORTS = 3  # the presenter's notes panel names at most this many cohorts, newest first


def live_numbers(cohorts) -> str:
    """One line for the presenter's notes panel: the newest cohorts and how many have shared.

    ``cohorts``: ``(cohort, members, submissions)`` rows, oldest first (as ``CohortStore.cohorts`` lists them).

    >>> from types import SimpleNamespace as C
    >>> live_numbers([(C(name="Tuesday"), 1, 0), (C(name="Session group"), 3, 4)])
    'Session group: 3 learners, 4 results · Tuesday: 1 learner, 0 results'
    """
    if not cohorts:
        return "No cohort yet: create one with social-lab cohort create NAME."
    newest = list(cohorts)[::-1][:LIVE_COHORTS]
    return " · ".join(f"{c.name}: {plural(members, 'learner')}, {plural(subs, 'result')}"
                      for c, members, subs in newest)


def summary_text(agg: Aggregates) -> str:
    """One sentence for screen readers and the page: the state of the cohort.

    >>> summary_text(_aggregate([]))
    'No one has shared yet.'
    """
    if not agg.submissions:
        return f"{EMPTY}."
    people = plural(agg.members, "learner has", "learners have")
    return f"{people} shared {plural(agg.submissions, 'result')}."
