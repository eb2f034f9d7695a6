"""The welcome playbook view: build, order and check a checklist for greeting new followers."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, Line, arrange, button, html, show_feedback
from widgets.feedback import Feedback
from widgets.playbook import (MAX_STEPS, PlaybookSpec, Step, check_playbook, load_playbook, make_step,
                              move, playbook_result, steps_from_saved)

KIND_NAMES = {"personal": "done by me", "automated": "done by software"}


class WelcomePlaybookExercise(Exercise):
    """Add suggested or own steps, tag each personal or automated, reorder, remove, check."""

    steps = traitlets.List(help="the playbook, in order: dicts with text and kind").tag(sync=False)
    status = traitlets.Unicode("empty", help="feedback status of the last check").tag(sync=False)

    def __init__(self, spec: PlaybookSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        self._suggested = w.Dropdown(options=[(f"{s.text} ({KIND_NAMES[s.kind]})", s.id) for s in spec.suggestions],
                                     description="Suggested:", layout=lean.layout("wide"),
                                     style=lean.style("description"))
        self._add_suggested = button("Add suggested step", "Add the chosen suggestion to the end of your playbook")
        self._own = w.Text(placeholder="Write your own step, e.g. 'Ask what brought them here'",
                           layout=w.Layout(width="100%", max_width="520px"), style=lean.style("text"),
                           _dom_classes=("sll-own-step",))
        self._kind = lean.toggles(options=[("Done by me", "personal"), ("Done by software", "automated")],
                                  value="personal", tooltips=["A person does this step",
                                                              "Software does this step automatically"])
        self._add_own = button("Add my step", "Add your own step to the end of your playbook")
        self._list = lean.vbox([], _dom_classes=("sll-playbook-steps",))
        self._rows: list[w.HBox] = []
        self._empty = html("<p style='color:#4a5260'><em>No steps yet: add a suggested step or write your own.</em></p>")
        self._check = button(CHECK, "Does it welcome people like a host?", "primary")
        self._hint = button(HINT, "A nudge before the model playbook")
        self._model = button(ANSWER, "One way to do it (build yours first)")
        self._feedback = Line("sll-feedback")
        self._add_suggested.on_click(self._on_add_suggested)
        self._add_own.on_click(self._on_add_own)
        self._check.on_click(self._on_check)
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.hint,))))
        self._model.on_click(self._on_model)
        self.add_class("sll-welcome-playbook")
        arrange(self, [
            html(f"<p>{escape(spec.prompt)}</p>"),
            w.HBox([self._suggested, self._add_suggested], layout=lean.layout("wrap")),
            w.HBox([self._own, self._kind, self._add_own], layout=lean.layout("wrap")),
            html("<p style='margin:8px 0 2px'><strong>Your playbook, in order</strong></p>"), self._list,
            w.HBox([self._check, self._hint, self._model], layout=lean.layout("wrap")),
            self._feedback, self._saver.status,
        ])
        restored = steps_from_saved(self._saver.load().get("steps"))
        self._set([{"text": s.text, "kind": s.kind} for s in restored], save=False)
        if restored:
            self._on_check()

    @classmethod
    def from_dataset(cls, relative: str = "lesson03/playbook.yaml", workbook=None):
        return cls(load_playbook(relative), workbook=workbook)

    @property
    def playbook(self) -> tuple[Step, ...]:
        return tuple(Step(s["text"], s["kind"]) for s in self.steps)

    def add(self, text, kind) -> Feedback | None:
        """Append a step; returns the feedback shown when the step was refused."""
        if len(self.steps) >= MAX_STEPS:
            refusal = Feedback("invalid", f"A playbook of {MAX_STEPS} steps is long enough; remove one first.")
            show_feedback(self._feedback, refusal)
            return refusal
        step, note = make_step(text, kind)
        if step is None:
            refusal = Feedback("empty", note)
            show_feedback(self._feedback, refusal)
            return refusal
        if any(s["text"].lower() == step.text.lower() for s in self.steps):
            refusal = Feedback("invalid", "That step is already in your playbook.")
            show_feedback(self._feedback, refusal)
            return refusal
        self._set([*self.steps, {"text": step.text, "kind": step.kind}])
        show_feedback(self._feedback, Feedback("empty", f"Added step {len(self.steps)}.", (note,) if note else ()))
        return None

    def move_step(self, index: int, offset: int) -> None:
        """Move a step up (-1) or down (+1); keyboard focus follows the step to its new row."""
        if not 0 <= index < len(self.steps):
            return
        self._set(list(move(self.steps, index, offset)))
        target = max(0, min(len(self.steps) - 1, index + offset))
        up, down = self._rows[target].children[1:3]
        preferred, other = (up, down) if offset < 0 else (down, up)
        (other if preferred.disabled else preferred).focus()

    def remove_step(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self._set([s for i, s in enumerate(self.steps) if i != index])
            if self.steps:
                self._rows[min(index, len(self.steps) - 1)].children[3].focus()

    def _on_add_suggested(self, _=None) -> None:
        s = self.spec.suggestion(self._suggested.value or "")
        if s is not None:
            self.add(s.text, s.kind)
            show_feedback(self._feedback, Feedback("empty", f"Added: {s.text}", (s.why,)))

    def _on_add_own(self, _=None) -> None:
        if self.add(self._own.value, self._kind.value) is None:
            self._own.value = ""

    def _set(self, steps: list, save: bool = True) -> None:
        self.steps = steps
        # Rows are reused, never rebuilt: the focused button survives a move (keyboard users).
        while len(self._rows) < len(steps):
            self._rows.append(self._row(len(self._rows)))
        for i, row in enumerate(self._rows[:len(steps)]):
            self._fill(i, row, steps[i])
        self._list.children = self._rows[:len(steps)] or [self._empty]
        if save:
            self._saver.save_now("steps", steps)
            self._saver.save_now("_result", playbook_result(self.playbook))

    def _row(self, index: int) -> w.HBox:
        n = index + 1
        up = button("Up", f"Move step {n} up")
        down = button("Down", f"Move step {n} down")
        remove = button("Remove", f"Remove step {n}")
        up.on_click(lambda _: self.move_step(index, -1))
        down.on_click(lambda _: self.move_step(index, +1))
        remove.on_click(lambda _: self.remove_step(index))
        label = html()
        label.layout = w.Layout(flex="1 1 auto")
        row = w.HBox([label, up, down, remove], layout=w.Layout(align_items="center", max_width="760px"),
                     _dom_classes=("sll-playbook-step",))
        return row

    def _fill(self, index: int, row: w.HBox, step: dict) -> None:
        label, up, down, _remove = row.children
        up.disabled, down.disabled = index == 0, index == len(self.steps) - 1
        badge = ("#d8f3dc", "#1b4332") if step["kind"] == "personal" else ("#ffe8cc", "#6b3500")
        label.value = (f"<span style='display:inline-block;min-width:1.6em'><strong>{index + 1}.</strong></span>"
                       f"{escape(step['text'])} <span style='background:{badge[0]};color:{badge[1]};"
                       f"border-radius:10px;padding:0 8px;font-size:0.85em'>{escape(KIND_NAMES[step['kind']])}</span>")

    def _on_check(self, _=None) -> None:
        feedback = check_playbook(self.playbook)
        self.status = feedback.status
        show_feedback(self._feedback, feedback)

    def _on_model(self, _=None) -> None:
        show_feedback(self._feedback, Feedback(
            "empty", "A model playbook (yours can differ)",
            tuple(f"{n}. {s.text} ({KIND_NAMES[s.kind]})" for n, s in enumerate(self.spec.model, 1))))
