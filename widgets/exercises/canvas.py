"""The culture canvas and the content pillars planner: the learner's culture, written down and planned."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.canvas import (MAX_FIELD, MAX_PILLARS, CanvasSpec, canvas_result, check_canvas, check_pillars,
                            clean_answers, essence_of, essence_warning, load_canvas, pillars_result, split_lines,
                            suggest_pillars)
from widgets.exercises import ladder as ladder_view
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, Exercise, Line, Saver, arrange, button, html, show_feedback
from widgets.feedback import Feedback, clean_text

LADDER_ID = "02.benefit-ladder"
ANSWERS = "answers"


def _box(placeholder: str, rows: int = 2, **kwargs) -> w.Textarea:
    return w.Textarea(placeholder=placeholder, rows=rows, layout=lean.layout("wide"), style=lean.style("text"),
                      **kwargs)


def _label(text: str) -> w.HTML:
    return html(f"<div style='margin:6px 0 0'><strong>{escape(text)}</strong></div>")


def _overview_row(label: str, text: str) -> str:
    shown = escape(text) if text else "<em style='color:#4a5260'>(empty)</em>"
    mark = "✓" if text else "…"
    return (f"<li style='margin:2px 0;overflow-wrap:anywhere'><span aria-hidden='true'>{mark}</span> "
            f"<strong>{escape(label)}:</strong> {shown}</li>")


class CultureCanvasExercise(Exercise):
    """Six things a person must believe… to get the promise, and six things the tribe gathers around.

    One box is edited at a time (pick it, or press "Next box") under an overview of the whole canvas:
    twelve text areas at once would make the lesson slow to open.
    """

    answers = traitlets.Dict(help="field id → the learner's text, 'essence' included").tag(sync=False)
    essence_source = traitlets.Unicode("", help="where the essence comes from: 'ladder', 'typed' or ''").tag(sync=False)
    field = traitlets.Unicode(help="the box being edited").tag(sync=False)
    status = traitlets.Unicode("empty").tag(sync=False)

    def __init__(self, spec: CanvasSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self._bind(spec, workbook)
        self._loading = True
        self._essence = w.Text(placeholder="Your brand essence (the top rung of your ladder)",
                               layout=lean.layout("wide"), style=lean.style("text"),
                               _dom_classes=("sll-canvas-essence",))
        self._essence_note = html(css_class="sll-canvas-essence-note")
        self._picker = w.Dropdown(options=[(f"{f.label}: {f.question}", f.id) for f in spec.fields],
                                  description="Box:", layout=lean.layout("wide"), style=lean.style("description"),
                                  _dom_classes=("sll-canvas-picker",))
        self._box = _box("", _dom_classes=("sll-canvas-box",))
        self._next = button("Next box", "Save this box and move to the next one")
        self._check = button(CHECK, "Which boxes still need work?", "primary")
        self._example = button(ANSWER, "An example canvas for a home-cooking account")
        self._overview = html(css_class="sll-canvas-overview")
        self._feedback = Line("sll-feedback")
        self._check.on_click(lambda _: self.check())
        self._next.on_click(lambda _: self.next_box())
        self._example.on_click(self._on_example)
        self.add_class("sll-culture-canvas")
        self._intro = html(f"<p>{escape(spec.prompt)}</p>{lean.hint_html(spec.hint)}"
                           "<div style='margin:6px 0 0'><strong>Brand essence</strong></div>")
        arrange(self, [self._intro,
                       self._essence, self._essence_note,
                       _label("Fill the canvas one box at a time"), self._picker, self._box, self._saver.status,
                       w.HBox([self._next, self._check, self._example],
                              layout=lean.layout("wrap")),
                       self._feedback, self._overview])
        saved = self._saver.load().get(ANSWERS)
        saved = clean_answers(saved if isinstance(saved, dict) else {})
        self._typed_essence = saved.get("essence", "")  # the learner's own, used only while there is no ladder
        self.answers = {k: saved.get(k, "") for k in ("essence", *(f.id for f in spec.fields))}
        rungs = self._saver.workbook.get(LADDER_ID, "rungs") if self._saver.workbook is not None else None
        self.follow_ladder(rungs if isinstance(rungs, list) else [])
        self._essence.observe(self._on_essence, names="value")
        ladder_view.follow(self)  # a ladder changed on this page moves the essence here too
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._box.observe(self._on_type, names="value")
        self.select(spec.fields[0].id)
        self._loading = False

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/canvas.yaml", workbook=None):
        return cls(load_canvas(relative), workbook=workbook)

    def select(self, field_id: str) -> None:
        """Edit one box: its example becomes the placeholder and its saved text is restored."""
        spec_field = next((f for f in self.spec.fields if f.id == field_id), self.spec.fields[0])
        self.field = spec_field.id
        if self._picker.value != spec_field.id:
            self._picker.value = spec_field.id
        self._box.placeholder = f"e.g. {spec_field.example}"
        self._box.value = self.answers.get(spec_field.id, "")
        self._render_overview()

    def set_answer(self, field_id: str, text: str) -> None:
        """Fill one box (as if the learner picked it and typed)."""
        self.select(field_id)
        self._box.value = text

    def next_box(self) -> None:
        ids = [f.id for f in self.spec.fields]
        self.select(ids[(ids.index(self.field) + 1) % len(ids)])

    def follow_ladder(self, rungs: list) -> None:
        """Show the ladder's current essence (the canvas follows the ladder, never an old copy of it)."""
        essence, source = essence_of(rungs, self._typed_essence)
        self.essence_source = source
        self._following = True
        try:
            self._essence.value = essence
        finally:
            self._following = False
        self._essence.disabled = source == "ladder"
        where = ("From your benefit ladder's top rung: change it there and it changes here." if source == "ladder"
                 else "No ladder yet: type your essence, or build the benefit ladder above.")
        warning = essence_warning(essence)
        self._essence_note.value = (
            f"<div data-source='{source or 'none'}' style='color:#4a5260;font-size:0.9em;margin:2px 0'>{escape(where)}</div>"
            + (f"<div role='status' class='sll-essence-warning' style='color:#7a2600;margin:2px 0'>"
               f"<span aria-hidden='true'>⚠ </span>{escape(warning)}</div>" if warning else ""))
        if self.answers.get("essence") != essence:
            self.answers = {**self.answers, "essence": essence}
            self._render_overview()

    def _on_essence(self, change) -> None:
        if self._following:
            return
        self._typed_essence = clean_text(change.new, MAX_FIELD)[0].strip()
        self.answers = {**self.answers, "essence": self._typed_essence}
        self.follow_ladder([])  # refreshes the slogan warning
        self._changed()

    def _on_type(self, change) -> None:
        if self._picker.value != self.field:
            return
        text = clean_text(change.new, MAX_FIELD)[0].strip()
        if self.answers.get(self.field, "") == text:
            return
        self.answers = {**self.answers, self.field: text}
        self._changed()

    def _changed(self) -> None:
        self._render_overview()
        if not self._loading:
            own = dict(self.answers)
            own["essence"] = self._typed_essence  # the ladder's essence is read from the ladder, not copied
            self._saver.schedule(ANSWERS, own)
            self._saver.schedule("_result", canvas_result(self.spec, self.answers))

    def _render_overview(self) -> None:
        a = self.answers
        must = "".join(_overview_row(f.label, a.get(f.id, "")) for f in self.spec.must)
        around = "".join(_overview_row(f.label, a.get(f.id, "")) for f in self.spec.around)
        self._overview.value = (
            f"<div style='border-left:3px solid #8a94a6;padding:2px 10px;margin:6px 0'>"
            f"<div><strong>Brand essence:</strong> {escape(a.get('essence', '')) or '<em>(empty)</em>'}</div>"
            f"<div style='margin-top:4px'><em>To experience it, a person must…</em></div>"
            f"<ul style='list-style:none;padding-left:4px;margin:2px 0'>{must}</ul>"
            f"<div><em>…so your tribe organises around:</em></div>"
            f"<ul style='list-style:none;padding-left:4px;margin:2px 0'>{around}</ul></div>")

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
    """3–5 content pillars with post ideas, and traditions, planned from the canvas (one pillar edited at a time)."""

    status = traitlets.Unicode("empty").tag(sync=False)
    current = traitlets.Int(0, help="index of the pillar being edited").tag(sync=False)

    def __init__(self, spec: CanvasSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self.spec = spec
        self.exercise_id = spec.pillars_id
        self._saver = Saver(spec.pillars_id, workbook)
        self._loading = True
        self._plan = [{"name": "", "ideas": []} for _ in range(MAX_PILLARS)]
        self._picker = w.Dropdown(options=[(f"Pillar {i + 1}{' (optional)' if i >= 3 else ''}", i)
                                           for i in range(MAX_PILLARS)], value=0, description="Editing:",
                                  layout=lean.layout("auto"), style=lean.style("description"),
                                  _dom_classes=("sll-pillar-picker",))
        self._name = w.Text(placeholder="Pillar name, e.g. “Stories from the table”",
                            layout=lean.layout("wide"), style=lean.style("text"), _dom_classes=("sll-pillar-name",))
        self._ideas = _box("Post ideas for this pillar, one a line", 3, _dom_classes=("sll-pillar-ideas",))
        self._traditions = _box("Traditions, one a line, e.g. “Every Friday: what did you cook this week?”", 3,
                                **lean.labelled("<strong>Traditions</strong>", "sll-traditions"))
        self._suggest = button("Suggest from my canvas", "Fill empty pillar names from your culture canvas")
        self._check = button(CHECK, "Are the pillars and traditions ready?", "primary")
        self._model = button(ANSWER, "One worked plan (try yours first)")
        self._overview = html(css_class="sll-pillars-overview")
        self._feedback = Line("sll-feedback")
        self._suggest.on_click(lambda _: self.suggest())
        self._check.on_click(lambda _: self.check())
        self._model.on_click(self._on_model)
        self.add_class("sll-content-pillars")
        self._intro = html(f"<p>{escape(spec.pillars_prompt)}</p>{lean.hint_html(spec.pillars_hint)}")
        arrange(self, [self._intro, self._picker, self._name, self._ideas,
                       self._traditions, self._saver.status,
                       w.HBox([self._check, self._suggest, self._model],
                              layout=lean.layout("wrap")), self._feedback, self._overview])
        saved = self._saver.load()
        pillars = saved.get("pillars") if isinstance(saved.get("pillars"), list) else []
        for slot, p in zip(self._plan, pillars):
            if isinstance(p, dict):
                slot["name"] = clean_text(p.get("name", ""), 120)[0]
                slot["ideas"] = [clean_text(i, 300)[0] for i in p.get("ideas", []) if isinstance(i, str)]
        traditions = saved.get("traditions")
        if isinstance(traditions, list):
            self._traditions.value = "\n".join(t for t in traditions if isinstance(t, str))
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._name.observe(self._on_type, names="value")
        self._ideas.observe(self._on_type, names="value")
        self._traditions.observe(self._on_type, names="value")
        self.select(0)
        self._loading = False

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/canvas.yaml", workbook=None):
        return cls(load_canvas(relative), workbook=workbook)

    @property
    def pillars(self) -> list[dict]:
        return [{"name": p["name"].strip(), "ideas": list(p["ideas"])} for p in self._plan]

    @property
    def traditions(self) -> list[str]:
        return split_lines(self._traditions.value, MAX_FIELD)

    def select(self, index: int) -> None:
        self._loading, was = True, self._loading
        self.current = index
        if self._picker.value != index:
            self._picker.value = index
        self._name.value = self._plan[index]["name"]
        self._ideas.value = "\n".join(self._plan[index]["ideas"])
        self._loading = was
        self._render_overview()

    def set_pillar(self, index: int, name: str, ideas: str) -> None:
        """Fill one pillar (as if the learner picked it and typed)."""
        self.select(index)
        self._name.value = name
        self._ideas.value = ideas

    def _on_type(self, _change=None) -> None:
        if self._loading:
            return
        self._plan[self.current] = {"name": clean_text(self._name.value, 120)[0],
                                    "ideas": split_lines(self._ideas.value, MAX_FIELD)}
        self._render_overview()
        self._saver.schedule("pillars", self.pillars)
        self._saver.schedule("traditions", self.traditions)
        self._saver.schedule("_result", pillars_result(self.pillars, self.traditions))

    def _render_overview(self) -> None:
        rows = "".join(_overview_row(p["name"] or f"Pillar {i + 1}", "; ".join(p["ideas"]))
                       for i, p in enumerate(self._plan) if p["name"] or p["ideas"] or i < 3)
        self._overview.value = (f"<div style='border-left:3px solid #8a94a6;padding:2px 10px;margin:6px 0'>"
                                f"<strong>Your plan</strong><ul style='list-style:none;padding-left:4px;margin:2px 0'>"
                                f"{rows}</ul></div>")

    def suggest(self) -> None:
        canvas = self._saver.workbook.get(self.spec.id, ANSWERS) if self._saver.workbook is not None else None
        names = suggest_pillars(self.spec, canvas if isinstance(canvas, dict) else {})
        if not names:
            show_feedback(self._feedback, Feedback("empty", "Your culture canvas is empty: fill its bottom half "
                                                   "first, or name your pillars yourself."))
            return
        empty = [p for p in self._plan if not p["name"].strip()]
        for slot, name in zip(empty, names):
            slot["name"] = name
        self.select(self.current)
        self._saver.schedule("pillars", self.pillars)
        self._saver.schedule("_result", pillars_result(self.pillars, self.traditions))
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
