"""Choice questions as widgets: a reusable check of understanding for every lesson."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, Saver, button, html, show_feedback
from widgets.feedback import Feedback
from widgets.quiz import ChoiceSpec, check_choice, load_choices


class ChoiceExercise(Exercise):
    """One question: pick, check, read why; a hint first, the answer on request."""

    answer = traitlets.Unicode("", help="the chosen option id").tag(sync=False)
    status = traitlets.Unicode("empty", help="the feedback status of the last check").tag(sync=False)

    def __init__(self, spec: ChoiceSpec, saver: Saver, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = saver
        self._options = w.RadioButtons(options=[(o.text, o.id) for o in spec.options], value=None,
                                       layout=lean.layout("auto"), style=lean.style("description"))
        self._check = button(CHECK, "Check your answer", "primary")
        self._hint = button(HINT, "A nudge before the answer")
        self._reveal = button(ANSWER, "Show the right answer and why each option is or isn't")
        self._feedback = html(css_class="sll-feedback")
        self._check.on_click(self._on_check)
        self._hint.on_click(self._on_hint)
        self._reveal.on_click(self._on_reveal)
        self.add_class("sll-choice")
        self.children = [html(f"<p style='font-weight:600;margin:8px 0 2px'>{escape(spec.prompt)}</p>"),
                         self._options, lean.hbox([self._check, self._hint, self._reveal]), self._feedback]
        saved = saver.load().get(spec.id)
        if isinstance(saved, dict) and spec.option(saved.get("answer", "")):
            self._options.value = saved["answer"]
            self._on_check(save=False)

    def _on_check(self, _=None, save: bool = True) -> None:
        self.answer = self._options.value or ""
        feedback = check_choice(self.spec, self.answer)
        self.status = feedback.status
        show_feedback(self._feedback, feedback)
        if feedback.attempted and save:
            self._saver.save_now(self.spec.id, {"answer": self.answer, "status": feedback.status})

    def _on_hint(self, _=None) -> None:
        show_feedback(self._feedback, Feedback("empty", "Hint", (self.spec.hint,)))

    def _on_reveal(self, _=None) -> None:
        details = tuple(f"{'✓' if o.correct else '✗'} {o.text} — {o.explanation}" for o in self.spec.options)
        show_feedback(self._feedback, Feedback("empty", "Every option, and why", details))


class CheckOfUnderstanding(Exercise):
    """A lesson's short check: several choice questions sharing one save slot."""

    def __init__(self, specs: tuple[ChoiceSpec, ...], exercise: str, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self.exercise_id = exercise
        self._saver = Saver(exercise, workbook)
        self.questions = [ChoiceExercise(spec, self._saver) for spec in specs]
        self.add_class("sll-check")
        self.children = [*self.questions, self._saver.status]

    @classmethod
    def from_dataset(cls, relative: str, workbook=None) -> "CheckOfUnderstanding":
        """``CheckOfUnderstanding.from_dataset("lesson01/check.yaml")``."""
        from widgets.content import read_yaml

        return cls(load_choices(relative), exercise=read_yaml(relative)["id"], workbook=workbook)

    @property
    def score(self) -> tuple[int, int]:
        return sum(q.status == "correct" for q in self.questions), len(self.questions)
