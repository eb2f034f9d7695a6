"""The weekly hosting rhythm view: plan affirm / reach out / connect by day, log them, see the balance."""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as w
import traitlets

from widgets.exercises import lean
from widgets.exercises.base import CHECK, Exercise, Line, Saver, arrange, button, draw, html, show_feedback
from widgets.feedback import Feedback
from widgets.rhythm import (ACTION_HELP, ACTION_LABELS, ACTIONS, DAY_LABELS, DAYS, check_plan, clean_log,
                            clean_plan, log_action, rhythm_figure_data, rhythm_result, summary, week_dates)

EXERCISE_ID = "03.hosting-rhythm"
PROMPT = ("Plan your week as a host: pick the days you will affirm someone, reach out where you see a need, "
          "and connect two people. Then log what you actually did.")


class HostingRhythmExercise(Exercise):
    """Days × actions planned with three multi-selects; a day's actions logged; streak and balance."""

    plan = traitlets.Dict(help="action -> planned days").tag(sync=False)
    log = traitlets.Dict(help="ISO date -> actions done").tag(sync=False)

    def __init__(self, workbook=None, today: dt.date | None = None, **kwargs):
        super().__init__(**kwargs)
        self.exercise_id = EXERCISE_ID
        self.today = today or dt.date.today()
        self._saver = Saver(EXERCISE_ID, workbook)
        saved = self._saver.load()
        self.plan = clean_plan(saved.get("plan"))
        self.log = clean_log(saved.get("log"))
        self._days: dict[str, w.SelectMultiple] = {}
        for action in ACTIONS:
            box = w.SelectMultiple(options=[(DAY_LABELS[d], d) for d in DAYS], value=tuple(self.plan[action]),
                                   rows=7, description=ACTION_LABELS[action],
                                   layout=lean.layout("days"), style=lean.style("description"),
                                   tooltip=ACTION_HELP[action])
            box.observe(self._on_plan, names="value")
            self._days[action] = box
        days = [d for d in week_dates(self.today) if d <= self.today]
        self._log_day = w.Dropdown(options=[(d.strftime("%a %d %b"), d.isoformat()) for d in reversed(days)],
                                   description="Day:", layout=lean.layout("auto"), style=lean.style("description"))
        self._log_action = w.Dropdown(options=[(ACTION_LABELS[a], a) for a in ACTIONS], description="I did:",
                                      layout=lean.layout("auto"), style=lean.style("description"))
        self._log_button = button("Log it", "Record that you did this on that day", "primary")
        self._unlog = button("Undo", "Remove this action from that day")
        self._check = button(CHECK, "Is the week balanced across the three actions?")
        self._chart_button = button("Show my week", "Chart planned vs done this week, with your streak")
        self._feedback = Line("sll-feedback")
        self._summary = html(css_class="sll-rhythm-summary")
        self._chart = w.Output(layout=lean.layout("chart"))
        self._log_button.on_click(lambda _: self.record(dt.date.fromisoformat(self._log_day.value),
                                                        self._log_action.value))
        self._unlog.on_click(lambda _: self.record(dt.date.fromisoformat(self._log_day.value),
                                                   self._log_action.value, done=False))
        self._check.on_click(self._on_check)
        self._chart_button.on_click(self.show_chart)
        self.add_class("sll-hosting-rhythm")
        help_list = "".join(f"<li><strong>{ACTION_LABELS[a]}</strong>: {escape(ACTION_HELP[a])}</li>" for a in ACTIONS)
        arrange(self, [
            html(f"<p>{escape(PROMPT)}</p><ul style='margin:0 0 6px 18px;padding:0'>{help_list}</ul>"
                 "<p style='color:#4a5260;margin:2px 0'>Hold Ctrl (⌘ on a Mac) or Shift to choose several days.</p>"),
            w.HBox(list(self._days.values()), layout=lean.layout("wrap")),
            w.HBox([self._check], layout=lean.layout("spaced")),
            html("<p style='margin:8px 0 2px'><strong>Log what you did</strong></p>"),
            w.HBox([self._log_day, self._log_action, self._log_button, self._unlog],
                   layout=lean.layout("wrap")),
            self._feedback, self._summary, lean.hbox([self._chart_button]), self._chart, self._saver.status,
        ])
        self._refresh_summary()

    def _on_plan(self, _change=None) -> None:
        self.plan = clean_plan({a: list(box.value) for a, box in self._days.items()})
        self._saver.save_now("plan", dict(self.plan))
        self._saver.save_now("_result", rhythm_result(self.plan))
        self._refresh_summary()

    def _on_check(self, _=None) -> None:
        show_feedback(self._feedback, check_plan(self.plan))

    def record(self, day: dt.date, action: str, done: bool = True) -> None:
        """Log (or undo) one action on one day of this week, never a future day."""
        if day > self.today or action not in ACTIONS:
            show_feedback(self._feedback, Feedback("invalid", "Log only what you have already done."))
            return
        self.log = log_action(self.log, day, action, done)
        self._saver.save_now("log", dict(self.log))
        word = "Logged" if done else "Removed"
        show_feedback(self._feedback, Feedback("empty", f"{word}: {ACTION_LABELS[action]} on {day.strftime('%a %d %b')}."))
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        self._summary.value = f"<p>{escape(summary(self.plan, self.log, self.today))}</p>"

    def show_chart(self, _=None) -> None:
        """Draw planned vs done (on request: keeps the lesson quick to open)."""
        draw(self._chart, rhythm_figure_data(self.plan, self.log, self.today), summary(self.plan, self.log, self.today))
