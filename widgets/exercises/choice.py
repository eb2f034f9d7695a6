"""Choice questions as widgets: a reusable check of understanding for every lesson.

A check is one exercise with one Check / Hint / Show an answer triple under all its questions: answer
any or all of them, check, and each question says why its answer is or is not right. The triple acts
on every question at once, which also keeps the page light (three widget models a question until it
has feedback to show, instead of eight: a lesson opens faster in Voilà).
"""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, Line, Saver, arrange, button, show_feedback
from widgets.feedback import Feedback
from widgets.quiz import ChoiceSpec, check_choice, load_choices


class ChoiceExercise(Exercise):
    """One question: its prompt, its options and what the check says about them."""

    answer = traitlets.Unicode("", help="the checked option id").tag(sync=False)
    status = traitlets.Unicode("empty", help="the feedback status of the last check").tag(sync=False)

    def __init__(self, spec: ChoiceSpec, saver: Saver, **kwargs):
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = saver
        saved = saver.load().get(spec.id)
        restored = saved.get("answer", "") if isinstance(saved, dict) else ""
        restored = restored if isinstance(restored, str) and spec.option(restored) else None
        # The question is the options' own label (one model fewer than a line above them, and it names the group).
        self._options = w.RadioButtons(options=[(o.text, o.id) for o in spec.options], value=restored,
                                       layout=lean.layout("auto"), style=lean.style("description"),
                                       **lean.labelled(f"<strong>{escape(spec.prompt)}</strong>"))
        super().__init__(layout=lean.layout(), _dom_classes=("sll-choice",), **kwargs)
        self._feedback = Line("sll-feedback")  # under the options, made when the question first has something to say
        arrange(self, [self._options, self._feedback])
        if restored:
            self.check()

    @property
    def attempted(self) -> bool:
        return self.status not in ("empty", "invalid")

    def check(self) -> Feedback:
        """Check the chosen option and say why; the caller saves (one write for the whole check)."""
        self.answer = self._options.value or ""
        feedback = check_choice(self.spec, self.answer)
        self.status = feedback.status
        show_feedback(self._feedback, feedback)
        return feedback

    def hint(self) -> None:
        if self.status == "correct":
            return
        show_feedback(self._feedback, Feedback("empty", "Hint", (self.spec.hint,)))

    def reveal(self) -> None:
        if not self.attempted:  # teach before revealing: an answer is shown once this question was tried
            show_feedback(self._feedback, Feedback("empty", "Try this one first: choose an answer and check it. "
                                                            "Then the answer and the reasons are one click away."))
            return
        details = tuple(f"{'✓' if o.correct else '✗'} {o.text} — {o.explanation}" for o in self.spec.options)
        show_feedback(self._feedback, Feedback("empty", "Every option, and why", details))


class CheckOfUnderstanding(Exercise):
    """A lesson's short check: several choice questions, one triple, one save slot."""

    def __init__(self, specs: tuple[ChoiceSpec, ...], exercise: str, workbook=None, **kwargs):
        self.exercise_id = exercise
        self._saver = Saver(exercise, workbook)
        self.questions = [ChoiceExercise(spec, self._saver) for spec in specs]
        one = len(self.questions) == 1
        self._check = button(CHECK, "Check your answer" if one else "Check every answered question", "primary")
        self._hint = button(HINT, "A nudge for each question not yet right")
        self._reveal = button(ANSWER, "Show the right answer and why each option is or isn't "
                                      "(for the questions you have tried)")
        self._check.on_click(self._on_check)
        self._hint.on_click(self._on_hint)
        self._reveal.on_click(self._on_reveal)
        super().__init__(children=[*self.questions, lean.hbox([self._check, self._hint, self._reveal]),
                                   self._saver.status],
                         layout=lean.layout(), _dom_classes=("sll-check",), **kwargs)

    @classmethod
    def from_dataset(cls, relative: str, workbook=None) -> "CheckOfUnderstanding":
        """``CheckOfUnderstanding.from_dataset("lesson01/check.yaml")``."""
        from widgets.content import read_yaml

        return cls(load_choices(relative), exercise=read_yaml(relative)["id"], workbook=workbook)

    @property
    def score(self) -> tuple[int, int]:
        return sum(q.status == "correct" for q in self.questions), len(self.questions)

    def _on_check(self, _=None) -> None:
        attempted = []
        for question in self.questions:
            question.check()
            if question.attempted:
                attempted.append(question)
        for question in attempted:  # one write for the whole check
            self._saver.schedule(question.spec.id, {"answer": question.answer, "status": question.status})
        if attempted:
            self._saver.flush()

    def _on_hint(self, _=None) -> None:
        for question in self.questions:
            question.hint()

    def _on_reveal(self, _=None) -> None:
        for question in self.questions:
            question.reveal()
