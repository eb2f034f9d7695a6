"""What people buy: an ordering exercise, and a content-mix tool over the learner's own posts."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.buying import (LABELS, MAX_PASTE, OrderSpec, check_order, judge_mix, load_buying,
                            mix_figure_data)
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, Exercise, Line, Saver, arrange, button, draw, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.ladder import marked_html

MIX_ID = "02.content-mix"
POSITIONS = ("First", "Second", "Third")


class WhatPeopleBuyExercise(Exercise):
    """Order direction, relationship and solutions; every placement is explained."""

    answer = traitlets.List(traitlets.Unicode(), help="chosen ids, first to last").tag(sync=False)
    status = traitlets.Unicode("empty").tag(sync=False)

    def __init__(self, spec: OrderSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self._bind(spec, workbook)
        options = [("— choose —", "")] + [(i.label, i.id) for i in spec.items]
        self._slots = [w.Dropdown(options=options, value="", description=f"{p}:", layout=lean.layout("auto"),
                                  style=lean.style("description"), _dom_classes=("sll-order-slot",))
                       for p in POSITIONS]
        self._check = button(CHECK, "Is this the order people want?", "primary")
        self._reveal = button(ANSWER, "The order, and why")
        self._feedback = Line("sll-feedback")
        self._check.on_click(lambda _: self.check())
        self._reveal.on_click(lambda _: show_feedback(self._feedback, Feedback(
            "empty", spec.model_answer, tuple(f"{spec.item(i).label}: {spec.item(i).explanation}" for i in spec.order))))
        self.add_class("sll-what-people-buy")
        self._intro = html(f"<p>{escape(spec.prompt)}</p>{lean.hint_html(spec.hint)}")
        arrange(self, [self._intro, w.HBox(self._slots, layout=lean.layout("wrap")),
                       w.HBox([self._check, self._reveal], layout=lean.layout()), self._feedback, self._saver.status])
        saved = self._saver.load().get("answer")
        if isinstance(saved, list) and len(saved) == len(self._slots):
            for slot, value in zip(self._slots, saved):
                if spec.item(value or ""):
                    slot.value = value
            self.check(save=False)

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/buying.yaml", workbook=None):
        return cls(load_buying(relative), workbook=workbook)

    def check(self, save: bool = True) -> None:
        self.answer = [s.value or "" for s in self._slots]
        feedback = check_order(self.spec, self.answer)
        self.status = feedback.status
        show_feedback(self._feedback, feedback)
        if save and feedback.attempted:
            self._saver.save_now("answer", list(self.answer))


class ContentMixExercise(Exercise):
    """Paste recent posts; each is read as direction / relationship / solution, then the mix is charted."""

    counts = traitlets.Dict(help="posts per kind after the last analysis").tag(sync=False)
    status = traitlets.Unicode("empty").tag(sync=False)

    def __init__(self, spec: OrderSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self.spec = spec
        self.exercise_id = MIX_ID
        self._saver = Saver(MIX_ID, workbook)
        self._posts = w.Textarea(placeholder="Paste 5–10 of your recent posts: one a line, or separated by blank lines.",
                                 rows=7, layout=lean.layout("wide"), style=lean.style("text"),
                                 _dom_classes=("sll-mix-posts",))
        self._analyse = button("Read my mix", "Classify each post and chart the mix", "primary")
        self._sample = button("Try sample posts", "Fill the box with six example posts")
        self._feedback = Line("sll-feedback")
        self._list = Line("sll-mix-list")
        self._chart: w.Output | None = None  # built with the first chart (keeps plotly.js off page load)
        self._posts.observe(self._on_type, names="value")
        self._analyse.on_click(lambda _: self.analyse())
        self._sample.on_click(self._on_sample)
        self.add_class("sll-content-mix")
        arrange(self, [
            html("<p>Which of the three do your posts give? Paste your last posts and find out.</p>"),
            self._posts, self._saver.status, w.HBox([self._analyse, self._sample], layout=lean.layout()),
            self._feedback, self._list,
        ])
        saved = self._saver.load().get("posts")
        if isinstance(saved, str):
            self._posts.value = saved

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/buying.yaml", workbook=None):
        return cls(load_buying(relative), workbook=workbook)

    def _on_type(self, change) -> None:
        text, _ = clean_text(change.new, MAX_PASTE)
        self._saver.schedule("posts", text)

    def _on_sample(self, _=None) -> None:
        self._posts.value = self.spec.sample_posts.strip()
        self.analyse()

    def analyse(self) -> None:
        mix = judge_mix(self._posts.value)
        self.status = mix.feedback.status
        self.counts = dict(mix.counts)
        show_feedback(self._feedback, mix.feedback)
        chars = len(clean_text(self._posts.value, MAX_PASTE)[0])
        if not mix.kinds:
            self._list.value = f"<div data-chars='{chars}'></div>"
            if self._chart is not None:
                self._chart.clear_output()
            return
        rows = []
        for i, post in enumerate(mix.kinds, 1):
            label = LABELS.get(post.kind, "Unclear")
            marks = list(post.spans)
            reasons = "; ".join(escape(r) for r in post.reasons)
            rows.append(f"<li data-kind='{post.kind}' style='margin:4px 0;overflow-wrap:anywhere'><strong>{label}</strong>"
                        f" — {marked_html(post.text, marks)}<br><span style='font-size:0.85em;color:#4a5260'>"
                        f"{reasons}</span></li>")
        self._list.value = f"<ol data-chars='{chars}' style='padding-left:20px'>{''.join(rows)}</ol>"
        alt = ", ".join(f"{LABELS.get(k, 'Unclear')}: {v}" for k, v in mix.counts.items() if v or k != "unclear")
        if self._chart is None:
            self._chart = w.Output(layout=w.Layout(min_height="10px"))
            self.children = [*self.children, self._chart]
        draw(self._chart, mix_figure_data(mix.counts), f"Your content mix — {alt}")
        self._saver.save_now("posts", clean_text(self._posts.value, MAX_PASTE)[0])
        self._saver.save_now("_result", {
            "title": "Content mix",
            "items": [[LABELS.get(k, "Unclear"), f"{v} post{'s' if v != 1 else ''}"] for k, v in mix.counts.items()
                      if v or k != "unclear"] + [["What it implies", mix.feedback.message]],
            "counts": dict(mix.counts)})
