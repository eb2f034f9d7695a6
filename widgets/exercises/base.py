"""Shared pieces of the exercise views: the learner's workbook, save status, feedback, charts."""

from __future__ import annotations

import time

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle
from IPython.display import display

from widgets import charts
from widgets.feedback import Feedback
from widgets.markup import feedback_html
from widgets.workbook import Autosaver, Workbook, WorkbookError

_DEFAULT: dict[str, object] = {}


def default_workbook() -> tuple[Workbook | None, str | None]:
    """The kernel's shared workbook, opened once, and a message for the learner if something is off.

    A damaged file is moved aside by the workbook (which says so); we then open the fresh one, so
    the learner keeps working and is told where the old file went.
    """
    if "workbook" not in _DEFAULT:
        note = None
        for _attempt in range(2):
            try:
                _DEFAULT["workbook"] = Workbook.open_default()
                break
            except (WorkbookError, OSError) as exc:
                _DEFAULT["workbook"], note = None, str(exc)
        _DEFAULT["note"] = note
    return _DEFAULT["workbook"], _DEFAULT["note"]


class Saver:
    """Debounced saving for one exercise, with a visible status line (``.sll-save-status``)."""

    def __init__(self, exercise: str, workbook: Workbook | None = None, delay: float = 0.8):
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

    def load(self) -> dict:
        """Everything saved for this exercise (empty when there is no workbook)."""
        if self.workbook is None:
            return {}
        return self.workbook.load(self._autosaver.exercise)

    def schedule(self, key: str, value) -> None:
        """Save ``value`` under ``key`` after a short quiet pause (typing is coalesced)."""
        if self._autosaver is not None:
            self._show("Saving…")
            self._autosaver.schedule(key, value)

    def save_now(self, key: str, value) -> None:
        """Save at once (for clicks, where there is nothing to coalesce)."""
        if self._autosaver is not None:
            self._autosaver.schedule(key, value)
            self._autosaver.flush()

    def flush(self) -> None:
        if self._autosaver is not None:
            self._autosaver.flush()

    def history(self, key: str, limit: int = 10) -> list:
        if self.workbook is None:
            return []
        return self.workbook.history(self._autosaver.exercise, key, limit=limit)

    def _saved(self, error: Exception | None = None) -> None:
        if error is not None:
            self._show(f"Not saved: {error}. Keep this page open and try again.")
        else:
            self._show(f"Saved {time.strftime('%H:%M:%S')}.")

    def _show(self, text: str) -> None:
        from html import escape

        self.status.value = f"<span style='color:#4a5260;font-size:0.9em'>{escape(text)}</span>"


class Exercise(w.VBox):
    """Base of every exercise view: a VBox whose text form names the exercise (not its children)."""

    exercise_id = ""

    def _bind(self, spec, workbook) -> None:
        """Every exercise's opening: its content spec, its id, and a saver on its workbook entry."""
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = Saver(spec.id, workbook)

    def __repr__(self) -> str:
        # Shown as text/plain beside the widget (nbval, static pages): short and stable.
        return f"{type(self).__name__}({self.exercise_id!r})"


# Every HTML text and button shares one layout and one style model: a lesson opens in Voila as
# fast as its number of widget models allows, and per-widget copies of identical defaults would
# be half of them. Never mutate these shared objects: to hide or restyle one widget, give it its
# own ``w.Layout(...)`` / ``w.ButtonStyle(...)`` (tests/test_exercises.py checks they stay pristine).
_SHARED: dict[str, w.Widget] = {}


def shared(name: str) -> w.Widget:
    """The shared layout or style called ``name`` ("html-layout", "html-style", "button-layout", "button-style")."""
    if name not in _SHARED:
        factory = {"html-layout": w.Layout, "html-style": HTMLStyle,
                   "button-layout": lambda: w.Layout(width="auto"), "button-style": w.ButtonStyle}[name]
        _SHARED[name] = factory()
    return _SHARED[name]


def html(value: str = "", css_class: str | None = None) -> w.HTML:
    """An HTML widget (the value must already be escaped markup), on the shared layout and style."""
    widget = w.HTML(value, layout=shared("html-layout"), style=shared("html-style"))
    if css_class:
        widget.add_class(css_class)
    return widget


def show_feedback(target: w.HTML, feedback: Feedback) -> None:
    target.value = feedback_html(feedback)


def draw(output: w.Output, figure_data: dict, alt: str) -> None:
    """Replace the chart in ``output`` with a plotly chart and a text alternative.

    The figure dict goes out as plotly's MIME bundle, which JupyterLab and Voila render with
    plotly's own extension; the kernel never imports plotly (tests validate the dicts with it).
    """
    bundle = {charts.PLOTLY_MIME: {**figure_data, "config": charts.CONFIG}, "text/plain": alt}
    with output:
        output.clear_output(wait=True)
        display(bundle, raw=True)


def button(text: str, tooltip: str, style: str = "", icon: str = "") -> w.Button:
    """A button on the shared layout and style (see above: never mutate them)."""
    return w.Button(description=text, tooltip=tooltip, button_style=style, icon=icon,
                    layout=shared("button-layout"), style=shared("button-style"))
