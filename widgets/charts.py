"""Plotly figures for the exercises, built from pure data; plotly is imported only when drawn."""

from __future__ import annotations

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# No mode bar: learners need the picture, not zoom tools; static plots are also lighter.
CONFIG = {"displayModeBar": False, "responsive": True}

# Rank lights so "higher is better" on a chart: red 0, amber 1, green 2.
LIGHT_LEVEL = {"red": 0, "amber": 1, "green": 2}
COLORS = {"right": "#2d6a4f", "wrong": "#b23a48", "unmarked": "#8a94a6",
          "before": "#b23a48", "after": "#2d6a4f"}


def tally_figure_data(right: int, wrong: int, unmarked: int) -> dict:
    """The listening lab's tally as a plotly figure dict (no plotly import needed).

    >>> tally_figure_data(3, 1, 8)["data"][0]["x"]
    [3]
    """
    bars = [("Matched the label", right, COLORS["right"]),
            ("Didn't match", wrong, COLORS["wrong"]),
            ("Not marked yet", unmarked, COLORS["unmarked"])]
    return {
        "data": [{"type": "bar", "orientation": "h", "name": name, "x": [value], "y": ["Your marks"],
                  "marker": {"color": color}, "text": [str(value)], "textposition": "inside"}
                 for name, value, color in bars],
        "layout": {"barmode": "stack", "height": 170, "margin": {"l": 90, "r": 10, "t": 30, "b": 30},
                   "title": {"text": "Your listening tally"}, "legend": {"orientation": "h", "y": -0.4},
                   "xaxis": {"dtick": 1}},
    }


def compare_figure_data(changes) -> dict:
    """Before/after per voice signal (red 0, amber 1, green 2) as a plotly figure dict."""
    labels = [c.label for c in changes]
    return {
        "data": [
            {"type": "bar", "name": "Original", "x": labels,
             "y": [LIGHT_LEVEL[c.before_light] for c in changes], "marker": {"color": COLORS["before"]}},
            {"type": "bar", "name": "Your rewrite", "x": labels,
             "y": [LIGHT_LEVEL[c.after_light] for c in changes], "marker": {"color": COLORS["after"]}},
        ],
        "layout": {"barmode": "group", "height": 300, "margin": {"l": 60, "r": 10, "t": 40, "b": 90},
                   "title": {"text": "Voice signals: original vs your rewrite"},
                   "yaxis": {"tickvals": [0, 1, 2], "ticktext": ["red", "amber", "green"], "range": [0, 2.2]}},
    }


def figure(data: dict):
    """A plotly Figure from a figure dict; plotly loads here, the first time a chart is drawn."""
    import plotly.graph_objects as go  # deferred: keeps lesson start-up fast and the kernel small

    return go.Figure(data)
