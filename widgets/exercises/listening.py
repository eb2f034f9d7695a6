"""The listening lab view: mark each timeline post as a human voice or a broadcast."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets import charts
from widgets.exercises import lean
from widgets.exercises.base import HINT, Exercise, Line, arrange, button, draw, html, show_feedback
from widgets.feedback import Feedback
from widgets.listening import TimelineSpec, check_mark, load_timeline, summarize, tally
from widgets.markup import card_html


class ListeningLabExercise(Exercise):
    """One post at a time; two buttons; feedback that explains; a running tally chart."""

    index = traitlets.Int(0, help="which timeline post is shown").tag(sync=False)
    marks = traitlets.Dict(help="item id -> 'human' | 'broadcast'").tag(sync=False)

    def __init__(self, spec: TimelineSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        self._progress = html()
        self._card = html(css_class="sll-timeline-card")
        self._human = button("Human voice", "This post sounds like a person talking with me",
                             css_class="sll-mark-human", look="green-button-style")
        self._broadcast = button("Broadcast", "This post is shouting at everyone", "danger",
                                 css_class="sll-mark-broadcast")
        self._prev = button("Previous", "Previous post")
        self._next = button("Next", "Next post")
        self._hint = button(HINT, "What to listen for")
        self._feedback = Line("sll-feedback")
        self._summary = html(css_class="sll-tally-summary")
        self._chart = w.Output(layout=lean.layout("chart"))
        self._human.on_click(lambda _: self.mark("human"))
        self._broadcast.on_click(lambda _: self.mark("broadcast"))
        self._prev.on_click(lambda _: self.go(self.index - 1))
        self._next.on_click(lambda _: self.go(self.index + 1))
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.hint,))))
        self.add_class("sll-listening-lab")
        arrange(self, [html(f"<p>{escape(spec.prompt)}</p>"), self._progress, self._card,
                       lean.hbox([self._human, self._broadcast, self._hint]), self._feedback,
                       lean.hbox([self._prev, self._next]), self._summary, self._chart, self._saver.status])
        saved = self._saver.load()
        self.marks = {k: v for k, v in saved.items() if spec.item(k) is not None and v in ("human", "broadcast")}
        first_unmarked = next((i for i, item in enumerate(spec.items) if item.id not in self.marks), 0)
        self.go(first_unmarked)
        self._refresh_tally()

    @classmethod
    def from_dataset(cls, relative: str = "lesson01/timeline.yaml", workbook=None) -> "ListeningLabExercise":
        return cls(load_timeline(relative), workbook=workbook)

    @property
    def current(self):
        return self.spec.items[self.index]

    def go(self, index: int) -> None:
        """Show post ``index`` (clamped), with its feedback if it was already marked."""
        self.index = max(0, min(index, len(self.spec.items) - 1))
        item = self.current
        self._progress.value = f"<strong>Post {self.index + 1} of {len(self.spec.items)}</strong>"
        self._card.value = card_html(item.author, item.handle, f"{item.minutes_ago} min ago", item.text)
        show_feedback(self._feedback, check_mark(item, self.marks.get(item.id)))
        self._prev.disabled = self.index == 0
        self._next.disabled = self.index == len(self.spec.items) - 1

    def mark(self, mark: str) -> None:
        """Record the learner's mark for the current post, explain it, and update the tally."""
        item = self.current
        self.marks = {**self.marks, item.id: mark}
        show_feedback(self._feedback, check_mark(item, mark))
        self._saver.save_now(item.id, mark)
        self._refresh_tally()

    def _refresh_tally(self) -> None:
        t = tally(self.spec, self.marks)
        text = summarize(self.spec, self.marks)
        self._summary.value = f"<p>{escape(text)}</p>"
        if t.right + t.wrong:
            draw(self._chart, charts.tally_figure_data(t.right, t.wrong, t.unmarked), text)
