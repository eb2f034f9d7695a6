"""Plotly figures for the exercises, built from pure data; plotly is imported only when drawn."""

from __future__ import annotations

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# No mode bar: learners need the picture, not zoom tools; static plots are also lighter.
CONFIG = {"displayModeBar": False, "responsive": True}

LARGE_TYPE_ENV = "SOCIAL_LAB_LARGE_TYPE"  # set by `social-lab present --large-type` for the kernels
LARGE_FONT = 20  # px: chart text read from the back of a room (plotly's default is 12)


def large_type(environ=None) -> bool:
    """True when the course is presented in large type.

    >>> large_type({"SOCIAL_LAB_LARGE_TYPE": "1"}), large_type({})
    (True, False)
    """
    import os

    env = os.environ if environ is None else environ
    return env.get(LARGE_TYPE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def for_display(figure_data: dict, environ=None) -> dict:
    """The figure as sent to the page: in large type, every label at least ``LARGE_FONT`` px, and room for them.

    >>> for_display({"layout": {"height": 200}}, {"SOCIAL_LAB_LARGE_TYPE": "1"})["layout"]["font"]["size"]
    20
    >>> for_display({"layout": {}}, {})
    {'layout': {}}
    """
    if not large_type(environ):
        return figure_data
    layout = dict(figure_data.get("layout") or {})
    layout["font"] = {**(layout.get("font") or {}), "size": LARGE_FONT}
    title = layout.get("title")
    if isinstance(title, dict):
        layout["title"] = {**title, "font": {**(title.get("font") or {}), "size": LARGE_FONT + 4}}
    layout["annotations"] = [{**a, "font": {**(a.get("font") or {}),
                                          "size": max(LARGE_FONT, (a.get("font") or {}).get("size", 0))}}
                             for a in layout.get("annotations") or ()]
    if not layout["annotations"]:
        del layout["annotations"]
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        spec = dict(layout[axis] or {})
        for key in ("tickfont", "title"):
            if isinstance(spec.get(key), dict) and "size" in (spec[key].get("font") or spec[key]):
                spec.pop(key)  # a smaller fixed size would win over the layout's font
        layout[axis] = spec
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = round(layout["height"] * 1.4)
    margin = dict(layout.get("margin") or {})
    for side, scale in (("l", 1.5), ("b", 1.5), ("t", 1.5)):
        if isinstance(margin.get(side), (int, float)):
            margin[side] = round(margin[side] * scale)
    if margin:
        layout["margin"] = margin
    return {**figure_data, "layout": layout}


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
