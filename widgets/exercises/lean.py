"""Lean building blocks for Lesson 02's views: fewer widget models, so the lesson opens fast in Voila.

Voila's time-to-interactive grows with the number of widget models a page creates, and every box,
input and toggle row would otherwise bring its own Layout and Style model. These helpers hand out
one shared, never-mutated layout or style per look (like ``base.shared``). Never mutate them: to hide
or restyle one widget, give it its own ``w.Layout(...)``.
"""

from __future__ import annotations


import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import TextStyle

from widgets.exercises.base import Saver, default_workbook, html, shared
from widgets.workbook import Autosaver

_LAYOUTS = {
    "wrap": lambda: w.Layout(flex_flow="row wrap"),
    "wide": lambda: w.Layout(width="100%", max_width="720px"),
    "auto": lambda: w.Layout(width="auto"),
}
_STYLES = {
    "text": TextStyle,
    "description": DescriptionStyle,
    "description-initial": lambda: DescriptionStyle(description_width="initial"),
    "toggle": lambda: ToggleButtonsStyle(button_width="auto"),
    "toggle-150": lambda: ToggleButtonsStyle(description_width="150px", button_width="auto"),
    "checkbox": CheckboxStyle,
}
_CACHE: dict[str, w.Widget] = {}


def layout(name: str = "plain") -> w.Layout:
    """A shared layout: "plain" (defaults), "wrap" (row wrap), "wide" (100 %, max 720px) or "auto"."""
    if name == "plain":
        return shared("html-layout")
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


def vbox(children) -> w.VBox:
    return w.VBox(list(children), layout=layout("plain"))


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


class LeanSaver(Saver):
    """``base.Saver`` whose status line is an ``html()`` widget on the shared layout and style."""

    def __init__(self, exercise: str, workbook=None, delay: float = 0.8):
        note = None
        if workbook is None:
            workbook, note = default_workbook()
        self.workbook = workbook
        self.status = html(css_class="sll-save-status")
        self._autosaver = (Autosaver(workbook, exercise, delay=delay, on_save=self._saved)
                           if workbook is not None else None)
        if workbook is None:
            self._show(f"Not saving: {note} Your work stays on this page until you close it.")
        else:
            self._show(f"Note: {note}" if note else "Your work is saved as you go.")
