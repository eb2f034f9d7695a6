"""The culture canvas and the content pillars planner: the learner's culture, written down and planned."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.canvas import (MAX_FIELD, MAX_PILLARS, CanvasSpec, canvas_result, check_canvas, check_pillars,
                            clean_answers, load_canvas, pillars_result, split_lines, suggest_pillars)
from widgets.exercises.base import Exercise, Saver, button, html, show_feedback
from widgets.feedback import Feedback, clean_text

LADDER_ID = "02.benefit-ladder"
ANSWERS = "answers"


def _box(placeholder: str, rows: int = 2) -> w.Textarea:
    box = w.Textarea(placeholder=placeholder, rows=rows, layout=w.Layout(width="100%", max_width="720px"))
    return box


def _label(text: str) -> w.HTML:
    return html(f"<div style='margin:6px 0 0'><strong>{escape(text)}</strong></div>")


class CultureCanvasExercise(Exercise):
    """Six things a person must believe… to get the promise, and six things the tribe gathers around."""

    answers = traitlets.Dict(help="field id → the learner's text, 'essence' included").tag(sync=False)
    status = traitlets.Unicode("empty").tag(sync=False)

    def __init__(self, spec: CanvasSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = Saver(spec.id, workbook)
        self._essence = w.Text(placeholder="Your brand essence (the top rung of your ladder)",
                               layout=w.Layout(width="100%", max_width="720px"))
        self._essence.add_class("sll-canvas-essence")
        self._boxes = {f.id: _box(f"e.g. {f.example}") for f in spec.fields}
        for fid, box in self._boxes.items():
            box.add_class(f"sll-canvas-{fid}")
        self._check = button("Check my canvas", "Which boxes still need work?", "primary")
        self._hint = button("Hint", "How to fill the boxes")
        self._example = button("Show an example canvas", "A complete canvas for a home-cooking account")
        self._feedback = html(css_class="sll-feedback")
        self._check.on_click(lambda _: self.check())
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.hint,))))
        self._example.on_click(self._on_example)
        rows = [html(f"<p>{escape(spec.prompt)}</p>"), _label("Brand essence"), self._essence,
                html("<p style='margin:10px 0 0'><em>To experience it, a person must…</em></p>")]
        for f in spec.must:
            rows += [_label(f.question), self._boxes[f.id]]
        rows.append(html("<p style='margin:10px 0 0'><em>…so your tribe organises around:</em></p>"))
        for f in spec.around:
            rows += [_label(f.question), self._boxes[f.id]]
        self.add_class("sll-culture-canvas")
        self.children = rows + [self._saver.status, w.HBox([self._check, self._hint, self._example],
                                                            layout=w.Layout(flex_flow="row wrap")), self._feedback]
        saved = self._saver.load().get(ANSWERS)
        saved = clean_answers(saved if isinstance(saved, dict) else {})
        if not saved.get("essence") and self._saver.workbook is not None:
            ladder = self._saver.workbook.get(LADDER_ID, "_result")
            if isinstance(ladder, dict) and isinstance(ladder.get("essence"), str):
                saved["essence"] = clean_text(ladder["essence"], MAX_FIELD)[0]
        self._essence.value = saved.get("essence", "")
        for fid, box in self._boxes.items():
            box.value = saved.get(fid, "")
        self.answers = self._collect()
        self._essence.observe(self._on_type, names="value")
        for box in self._boxes.values():
            box.observe(self._on_type, names="value")

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/canvas.yaml", workbook=None):
        return cls(load_canvas(relative), workbook=workbook)

    def _collect(self) -> dict:
        values = {"essence": self._essence.value, **{fid: b.value for fid, b in self._boxes.items()}}
        return clean_answers(values)

    def _on_type(self, _change=None) -> None:
        self.answers = self._collect()
        self._saver.schedule(ANSWERS, dict(self.answers))
        self._saver.schedule("_result", canvas_result(self.spec, self.answers))

    def check(self) -> None:
        feedback = check_canvas(self.spec, self.answers)
        self.status = feedback.status
        show_feedback(self._feedback, feedback)
        self._saver.flush()

    def _on_example(self, _=None) -> None:
        sample = self.spec.sample
        details = (f"Brand essence: {sample['essence']}",) + tuple(f"{f.label}: {sample[f.id]}" for f in self.spec.fields)
        show_feedback(self._feedback, Feedback("empty", "An example canvas (a home-cooking account)", details))


class ContentPillarsExercise(Exercise):
    """3–5 content pillars with post ideas, and traditions, planned from the canvas."""

    status = traitlets.Unicode("empty").tag(sync=False)

    def __init__(self, spec: CanvasSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        self.exercise_id = spec.pillars_id
        self._saver = Saver(spec.pillars_id, workbook)
        self._names = [w.Text(placeholder=f"Pillar {i} name, e.g. “Stories from the table”",
                              layout=w.Layout(width="100%", max_width="720px")) for i in range(1, MAX_PILLARS + 1)]
        self._ideas = [_box("Post ideas for this pillar, one a line") for _ in range(MAX_PILLARS)]
        for t in self._names:
            t.add_class("sll-pillar-name")
        self._traditions = _box("Traditions, one a line, e.g. “Every Friday: what did you cook this week?”", 3)
        self._traditions.add_class("sll-traditions")
        self._suggest = button("Suggest from my canvas", "Fill empty pillar names from your culture canvas")
        self._check = button("Check my plan", "Are the pillars and traditions ready?", "primary")
        self._hint = button("Hint", "Where pillars come from")
        self._model = button("Show a model plan", "One worked plan (try yours first)")
        self._feedback = html(css_class="sll-feedback")
        self._suggest.on_click(lambda _: self.suggest())
        self._check.on_click(lambda _: self.check())
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.pillars_hint,))))
        self._model.on_click(self._on_model)
        rows = [html(f"<p>{escape(spec.pillars_prompt)}</p>")]
        for i, (name, ideas) in enumerate(zip(self._names, self._ideas), 1):
            rows += [_label(f"Pillar {i}" + (" (optional)" if i > 3 else "")), name, ideas]
        rows += [_label("Traditions"), self._traditions]
        self.add_class("sll-content-pillars")
        self.children = rows + [self._saver.status, w.HBox([self._check, self._suggest, self._hint, self._model],
                                                            layout=w.Layout(flex_flow="row wrap")), self._feedback]
        saved = self._saver.load()
        pillars = saved.get("pillars") if isinstance(saved.get("pillars"), list) else []
        for (name, ideas), p in zip(zip(self._names, self._ideas), pillars):
            if isinstance(p, dict):
                name.value = clean_text(p.get("name", ""), 120)[0]
                ideas.value = "\n".join(i for i in p.get("ideas", []) if isinstance(i, str))
        traditions = saved.get("traditions")
        if isinstance(traditions, list):
            self._traditions.value = "\n".join(t for t in traditions if isinstance(t, str))
        for box in (*self._names, *self._ideas, self._traditions):
            box.observe(self._on_type, names="value")

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/canvas.yaml", workbook=None):
        return cls(load_canvas(relative), workbook=workbook)

    @property
    def pillars(self) -> list[dict]:
        return [{"name": clean_text(n.value, 120)[0].strip(), "ideas": split_lines(i.value, MAX_FIELD)}
                for n, i in zip(self._names, self._ideas)]

    @property
    def traditions(self) -> list[str]:
        return split_lines(self._traditions.value, MAX_FIELD)

    def _on_type(self, _change=None) -> None:
        self._saver.schedule("pillars", self.pillars)
        self._saver.schedule("traditions", self.traditions)
        self._saver.schedule("_result", pillars_result(self.pillars, self.traditions))

    def suggest(self) -> None:
        canvas = self._saver.workbook.get(self.spec.id, ANSWERS) if self._saver.workbook is not None else None
        names = suggest_pillars(self.spec, canvas if isinstance(canvas, dict) else {})
        if not names:
            show_feedback(self._feedback, Feedback("empty", "Your culture canvas is empty: fill its bottom half "
                                                   "first, or name your pillars yourself."))
            return
        empty = [t for t in self._names if not t.value.strip()]
        for box, name in zip(empty, names):
            box.value = name
        show_feedback(self._feedback, Feedback("empty", "Suggested from your canvas: rename them in your own words."))

    def check(self) -> None:
        feedback = check_pillars(self.pillars, self.traditions)
        self.status = feedback.status
        show_feedback(self._feedback, feedback)
        self._saver.flush()

    def _on_model(self, _=None) -> None:
        details = tuple(f"{p['name']}: {'; '.join(p['ideas'])}" for p in self.spec.model_pillars)
        details += tuple(f"Tradition: {t}" for t in self.spec.model_traditions)
        show_feedback(self._feedback, Feedback("empty", "One model plan (yours can be different and better)", details))
