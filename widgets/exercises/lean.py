"""Lean building blocks for the views: fewer widget models, so the lesson opens fast in Voila.

Voila's time-to-interactive grows with the number of widget models a page creates, and every box,
input and toggle row would otherwise bring its own Layout and Style model. These helpers hand out
one shared, never-mutated layout or style per look (like ``base.shared``). Never mutate them: to hide
or restyle one widget, give it its own ``w.Layout(...)``.
"""

from __future__ import annotations


import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import TextStyle

from widgets.exercises.base import shared

_LAYOUTS = {
    "wrap": lambda: w.Layout(flex_flow="row wrap"),
    "wide": lambda: w.Layout(width="100%", max_width="720px"),
    "chart": lambda: w.Layout(min_height="20px"),  # an Output a chart is drawn into
    "days": lambda: w.Layout(width="180px"),  # a list of the seven days
    "spaced": lambda: w.Layout(margin="4px 0"),
    "center-wrap": lambda: w.Layout(align_items="center", flex_flow="row wrap"),
    "hidden": lambda: w.Layout(display="none"),  # for a view that never shows (never show it by mutating this)
}
_STYLES = {
    "text": TextStyle,
    "description": DescriptionStyle,
    "description-initial": lambda: DescriptionStyle(description_width="initial"),
    "toggle": lambda: ToggleButtonsStyle(button_width="auto"),
    "toggle-button": ToggleButtonStyle,
    "toggle-150": lambda: ToggleButtonsStyle(description_width="150px", button_width="auto"),
    "checkbox": CheckboxStyle,
}
_CACHE: dict[str, w.Widget] = {}


def layout(name: str = "plain") -> w.Layout:
    """A shared layout: "plain" (defaults), "wrap" (row wrap), "wide" (100 %, max 720px), "auto", or one of
    ``_LAYOUTS``'s other names ("chart", "days", "spaced", "center-wrap", "hidden")."""
    if name == "plain":
        return shared("html-layout")
    if name == "auto":
        return shared("button-layout")  # the same look: one model, not two
    key = f"layout:{name}"
    if key not in _CACHE:
        _CACHE[key] = _LAYOUTS[name]()
    return _CACHE[key]


def style(name: str) -> w.Widget:
    """A shared style model (see ``_STYLES``)."""
    key = f"style:{name}"
    if key not in _CACHE:
        _CACHE[key] = _STYLES[name]()
    return _CACHE[key]


def hbox(children, wrap: bool = False) -> w.HBox:
    return w.HBox(list(children), layout=layout("wrap" if wrap else "plain"))


def vbox(children, **kwargs) -> w.VBox:
    return w.VBox(list(children), layout=layout("plain"), **kwargs)


def textarea(placeholder: str, rows: int = 2, **kwargs) -> w.Textarea:
    """A full-width text area on the shared layout and style."""
    return w.Textarea(placeholder=placeholder, rows=rows, layout=layout("wide"), style=style("text"), **kwargs)


def text(placeholder: str, **kwargs) -> w.Text:
    return w.Text(placeholder=placeholder, layout=layout("wide"), style=style("text"), **kwargs)


def dropdown(*, width: str = "auto", initial: bool = False, **kwargs) -> w.Dropdown:
    return w.Dropdown(layout=layout(width), style=style("description-initial" if initial else "description"),
                      **kwargs)


def toggles(*, wide_label: bool = False, **kwargs) -> w.ToggleButtons:
    return w.ToggleButtons(layout=layout("plain"), style=style("toggle-150" if wide_label else "toggle"), **kwargs)


def labelled(markup: str, *classes: str) -> dict:
    """Keyword arguments that make ``markup`` (already escaped) a control's own label, shown above it.

    One widget model fewer than an HTML line over the control, and a real ``<label>`` that names the
    control for screen readers. The ``sll-labelled`` look (course.css, also in JupyterLab) stacks the
    label over the control and lets it wrap. ``classes`` are the control's other classes. The tooltip is
    empty, not None: ipywidgets writes a None tooltip into the label's title as the word "null".
    """
    return {"description": markup, "description_allow_html": True, "tooltip": "",
            "_dom_classes": ("sll-labelled", *classes)}


def hint_html(*hints: str, label: str = "Hint") -> str:
    """A static, keyboard-usable hint (``<details>``): no button, no widget model, always before the answer."""
    from html import escape

    body = "".join(f"<p style='margin:4px 0'>{escape(h)}</p>" for h in hints)
    return (f"<details class='sll-hint' style='margin:4px 0 8px'><summary style='cursor:pointer'>"
            f"<strong>{escape(label)}</strong></summary>{body}</details>")
