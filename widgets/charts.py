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


# Bar length per light, "longer is better", and never zero: a signal that needs work still has a bar
# (a zero-length "before" bar made an improvement look like a missing value).
BAR_LENGTH = {"red": 1, "amber": 2, "green": 3}
LIGHT_WORDS = {"red": "needs work", "amber": "worth a look", "green": "fine"}
# Series colours are neutral (grey, then blue): red/amber/green already mean a light, so the bars must not
# borrow them. Both pass 3:1 against white as graphics (WCAG 1.4.11).
COLORS = {"right": "#2d6a4f", "wrong": "#b23a48", "unmarked": "#8a94a6",
          "before": "#69707d", "after": "#1f5f99"}


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
    """Before/after per voice signal as a plotly figure dict: one row per signal, a longer bar is better.

    >>> from widgets import voice
    >>> data = compare_figure_data(voice.compare("BUY NOW!!! 50% OFF", "What helps you focus?").changes)
    >>> min(data["data"][0]["x"]) >= 1  # a signal that needs work still has a visible bar
    True
    """
    labels = [c.label for c in changes]

    def series(name: str, lights: list[str], color: str) -> dict:
        return {"type": "bar", "orientation": "h", "name": name, "y": labels,
                "x": [BAR_LENGTH[light] for light in lights], "marker": {"color": color},
                "text": [LIGHT_WORDS[light] for light in lights], "textposition": "inside",
                "insidetextanchor": "start", "textfont": {"color": "#ffffff"},
                "hovertemplate": "%{y}: %{text}<extra>" + name + "</extra>"}

    return {
        "data": [series("Original", [c.before_light for c in changes], COLORS["before"]),
                 series("Your rewrite", [c.after_light for c in changes], COLORS["after"])],
        "layout": {"barmode": "group", "height": 120 + 44 * len(changes),
                   "margin": {"l": 10, "r": 10, "t": 50, "b": 40},
                   "title": {"text": "Original and your rewrite"},
                   "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
                   # The bars carry their words; the axis says only which way is better (fits a phone).
                   "xaxis": {"tickvals": [1, 2, 3], "showticklabels": False, "title": {"text": "longer is better →"},
                             "range": [0, 3.2], "fixedrange": True, "gridcolor": "#d5d9df"},
                   "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
                   "plot_bgcolor": "#ffffff"},
    }


def figure(data: dict):
    """A plotly Figure from a figure dict; plotly loads here, the first time a chart is drawn."""
    import plotly.graph_objects as go  # deferred: keeps lesson start-up fast and the kernel small

    return go.Figure(data)
