"""The audience growth model view: toggle rows over a labelled teaching model, a reading and a line chart.

The chart is drawn on the first change of a control (or "Show the chart"), not at build: drawing it
at build would load plotly.js while the lesson page opens.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets import growth
from widgets.exercises.base import Exercise, Saver, button, draw, html
from widgets.exercises.lean import hint_html, layout, toggles

EXERCISE_ID = "02.growth-model"
SETTINGS = "settings"
HOURS = (0, 1, 2, 5, 10, 20, 40)
SHARES = (0, 10, 30, 50, 80, 100)  # includes the two habits compared (10 % and 80 %)
WEEKS = (("3 months", 13), ("6 months", 26), ("1 year", 52), ("2 years", 104), ("5 years", 260))
HINTS = (
    "Start with 'New account', 10 hours a week and 52 weeks. Which line is ahead in week 4? In week 52?",
    "Now switch to 'Famous'. Does broadcast-first still lose? Why would a famous person's advice work for them?",
    "Move 'Time on relationships' from 0% to 100% on a new account. Where does your own line end up?",
)


class GrowthModelExercise(Exercise):
    """Compare broadcast-first and relationship-first habits from a small or a famous start."""

    start = traitlets.Unicode("new", help="the starting audience's id").tag(sync=False)
    hours = traitlets.Int(10, help="hours a week on social media").tag(sync=False)
    share = traitlets.Int(50, help="percent of those hours spent on relationships").tag(sync=False)
    weeks = traitlets.Int(52, help="weeks simulated").tag(sync=False)
    summary = traitlets.Unicode("", help="the plain-language reading of the chart").tag(sync=False)

    def __init__(self, workbook=None, params: growth.GrowthParams = growth.GrowthParams(), **kwargs):
        super().__init__(layout=layout(), **kwargs)
        self.exercise_id = EXERCISE_ID
        self.params = params
        self._saver = Saver(EXERCISE_ID, workbook)
        # Labelled toggle buttons, not IntSliders: ipywidgets 8 sliders render a noUiSlider handle
        # with no accessible name (axe: aria-input-field-name), and Python cannot set one.
        self._start = _choices("Starting audience:", [(s.label, s.id) for s in growth.STARTS], "new",
                               [s.note for s in growth.STARTS], "sll-growth-start")
        self._hours = _choices("Hours a week:", [(str(h), h) for h in HOURS], 10,
                               [f"{h} hour{'s' if h != 1 else ''} a week on social media" for h in HOURS],
                               "sll-growth-hours")
        self._share = _choices("Time on relationships:", [(f"{p}%", p) for p in SHARES], 50,
                               [f"{p}% of those hours on conversations and relationships, {100 - p}% on broadcasting"
                                for p in SHARES], "sll-growth-share")
        self._weeks = _choices("Weeks:", [(label, n) for label, n in WEEKS], 52,
                               [f"Simulate {n} weeks" for _, n in WEEKS], "sll-growth-weeks")
        self._reading = html(css_class="sll-growth-reading")
        self._chart: w.Output | None = None  # built with the first drawing
        self.figure: dict = {}
        self._show = button("Show the chart", "Draw the three lines of the teaching model", icon="line-chart",
                            css_class="sll-growth-show-chart")
        self._show.on_click(lambda _: self._draw())
        # The introduction and the "teaching model, not data" note, in one static HTML widget.
        self._note = html("<p>Choose a start and a weekly habit. Three lines start from the same audience: "
                          "a broadcast-first habit, a relationship-first habit, and your own mix of the same "
                          f"hours.</p>{hint_html(*HINTS, label='Questions to explore')}{_assumptions_html(params)}",
                          css_class="sll-growth-assumptions")
        self.add_class("sll-growth-model")
        self.children = [
            self._note, self._start, self._hours, self._share, self._weeks, self._saver.status,
            self._reading, self._show,
        ]
        saved = self._saver.load().get(SETTINGS)
        if isinstance(saved, dict):
            self._restore(saved)
        for control in (self._start, self._hours, self._share, self._weeks):
            control.observe(self._on_change, names="value")
        self._update(save=False)

    @classmethod
    def from_dataset(cls, workbook=None) -> "GrowthModelExercise":
        """``GrowthModelExercise.from_dataset()``: the lesson's teaching values."""
        return cls(workbook=workbook)

    def _restore(self, saved: dict) -> None:
        for control, key in ((self._start, "start"), (self._hours, "hours"), (self._share, "share"),
                             (self._weeks, "weeks")):
            value = saved.get(key)
            allowed = [v for _, v in control.options]
            if not isinstance(value, bool) and value in allowed:
                control.value = value

    def _on_change(self, _change=None) -> None:
        self._update(save=True)

    def _update(self, save: bool) -> None:
        self.start, self.hours = self._start.value, int(self._hours.value)
        self.share, self.weeks = int(self._share.value), int(self._weeks.value)
        comparison = growth.compare(self.start, self.hours, self.share / 100, self.weeks, self.params)
        self.summary = growth.reading(comparison)
        overtake = comparison.overtake_week
        self._reading.value = (
            f"<div class='sll-growth-reading-body' role='status' data-start='{escape(self.start)}' "
            f"data-hours='{self.hours}' data-share='{self.share}' data-weeks='{self.weeks}' "
            f"data-final='{round(comparison.mine.final)}' data-overtake='{overtake if overtake else 'none'}' "
            f"style='margin:6px 0;line-height:1.45'><strong>What the model says:</strong> "
            f"{escape(self.summary)}</div>")
        self.figure = growth.figure_data(comparison)
        if save or self._chart is not None:
            self._draw()
        if save:
            settings = {"start": self.start, "hours": self.hours, "share": self.share, "weeks": self.weeks}
            self._saver.schedule(SETTINGS, settings)
            self._saver.schedule("_result", {
                "title": "My weekly social time (from the growth model)",
                "items": [["Hours a week", str(self.hours)], ["Share on relationships", f"{self.share}%"],
                          ["What the teaching model suggested", self.summary]],
                **settings,
            })

    def _draw(self) -> None:
        """Draw the current figure, building the chart (in the button's place) the first time."""
        if self._chart is None:
            self._chart = w.Output(layout=w.Layout(min_height="340px"), _dom_classes=("sll-growth-chart",))
            self.children = [self._chart if child is self._show else child for child in self.children]
        draw(self._chart, self.figure, self.summary)


def _assumptions_html(params: growth.GrowthParams) -> str:
    # Plain words only: what each number means and its value, never the model's internal names.
    rows = "".join(f"<li>{escape(meaning.rstrip('.'))} — <strong>{escape(growth.plain_value(name, value))}</strong></li>"
                   for name, value, meaning in growth.assumptions(params))
    return ("<details class='sll-model-note' open style='border:1px solid #c9ced6;border-radius:6px;"
            "padding:6px 12px;margin-top:8px;color:#1d2125'>"
            "<summary><strong>This is a teaching model, not data.</strong></summary>"
            "<p style='margin:4px 0'>It makes one idea visible: a famous audience carries whatever is "
            "broadcast, while a new account grows from a few real relationships that spread it. The numbers "
            "are assumptions chosen to be plausible and easy to follow, not measurements of any network. "
            "Change one and the lines move; the idea is what to keep.</p>"
            "<details class='sll-model-numbers' style='margin:4px 0'><summary>The numbers the model assumes"
            f"</summary><ul style='margin:4px 0 4px 18px;padding:0'>{rows}</ul></details></details>")


def _choices(label: str, options: list, value, tooltips: list, css_class: str) -> w.ToggleButtons:
    """A labelled row of toggle buttons (keyboard-usable, each option with its own tooltip)."""
    return toggles(options=options, value=value, description=label, tooltips=tooltips, wide_label=True,
                   _dom_classes=(css_class,))
