"""The advice filter view: choose your stage, judge each piece of advice, read why."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.advice import CHOICES, with_article, DEFAULT, AdviceSpec, check_judgement, load_advice, result, summary
from widgets.exercises.base import Exercise, Saver, button, html, show_feedback
from widgets.feedback import Feedback

STAGE, ANSWERS = "stage", "answers"


class AdviceFilterExercise(Exercise):
    """Popular advice, judged for the learner's own stage: safe now, not yet, or never."""

    stage = traitlets.Unicode("", help="the learner's stage id (empty until chosen)").tag(sync=False)
    answers = traitlets.Dict(help="item id -> choice, for the current stage").tag(sync=False)
    status = traitlets.Unicode("empty", help="the summary's feedback status").tag(sync=False)

    def __init__(self, spec: AdviceSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = Saver(spec.id, workbook)
        saved = self._saver.load()
        stored = saved.get(ANSWERS)
        # Keep only answers that still make sense (a known stage, a known item, a known choice).
        self._all = {stage: {k: v for k, v in answers.items() if spec.item(k) and v in CHOICES}
                     for stage, answers in (stored.items() if isinstance(stored, dict) else ())
                     if spec.stage(stage) and isinstance(answers, dict)}
        self._stage = w.RadioButtons(options=[(s.label, s.id) for s in spec.stages], value=None,
                                     description="Your stage:", style={"description_width": "initial"},
                                     layout=w.Layout(width="auto"))
        self._stage.add_class("sll-advice-stage")
        self._rows: dict[str, tuple[w.ToggleButtons, w.HTML]] = {}
        rows = []
        for n, item in enumerate(spec.items, 1):
            toggle = w.ToggleButtons(options=[(spec.choice_labels[c], c) for c in CHOICES], value=None,
                                     tooltips=[f"{spec.choice_labels[c]} for my stage" for c in CHOICES],
                                     style={"button_width": "auto"})
            toggle.add_class("sll-advice-choice")
            toggle.add_class(f"sll-advice-{item.id}")
            note = html(css_class="sll-advice-feedback")
            toggle.observe(lambda ch, i=item.id: self._on_answer(i, ch.new), names="value")
            self._rows[item.id] = (toggle, note)
            rows.append(w.VBox([html(f"<p style='margin:10px 0 2px'><strong>{n}.</strong> "
                                     f"{escape(item.advice)}</p>"), toggle, note]))
        self._summary = html(css_class="sll-feedback")
        self._summary.add_class("sll-advice-summary")
        self._hint = button("Hint", "Two questions to ask of any tip")
        self._reveal = button("Show all answers", "The verdict and reason for every piece of advice at your stage")
        self._hint.on_click(lambda _: show_feedback(self._summary, Feedback("empty", "Hint", (spec.hint,))))
        self._reveal.on_click(self._on_reveal)
        self.add_class("sll-advice-filter")
        self.children = [html(f"<p>{escape(spec.prompt)}</p>"), self._stage, html(css_class="sll-stage-note"),
                         *rows, w.HBox([self._hint, self._reveal]), self._summary, self._saver.status]
        self._stage_note = self.children[2]
        self._stage.observe(lambda ch: self.select_stage(ch.new), names="value")
        start = saved.get(STAGE)
        if spec.stage(start or ""):
            self._stage.value = start  # restores answers and feedback through select_stage

    @classmethod
    def from_dataset(cls, workbook=None, relative: str = DEFAULT) -> "AdviceFilterExercise":
        """``AdviceFilterExercise.from_dataset()``."""
        return cls(load_advice(relative), workbook=workbook)

    def select_stage(self, stage_id: str | None) -> None:
        """Switch stage: each stage keeps its own answers, and feedback is re-judged for it."""
        if not self.spec.stage(stage_id or ""):
            return
        stage = self.spec.stage(stage_id)
        self._stage_note.value = f"<p style='margin:2px 0 6px;color:#4a5260'>{escape(stage.description)}</p>"
        current = self._all.setdefault(stage_id, {})
        if not self.stage:  # answers given before any stage was chosen are kept, not lost
            for item_id, (toggle, _note) in self._rows.items():
                if toggle.value in CHOICES:
                    current.setdefault(item_id, toggle.value)
        self.stage = stage_id
        self._restoring = True
        try:
            for item_id, (toggle, note) in self._rows.items():
                choice = current.get(item_id)
                toggle.value = choice if choice in CHOICES else None
                self._judge(item_id, toggle.value)
        finally:
            self._restoring = False
        self.answers = dict(current)
        self._refresh_summary()
        self._saver.save_now(STAGE, stage_id)
        if current:
            self._saver.save_now(ANSWERS, self._all)
            self._saver.save_now("_result", result(self.spec, stage_id, current))

    def _on_answer(self, item_id: str, choice: str | None) -> None:
        if getattr(self, "_restoring", False):
            return
        self._judge(item_id, choice)
        if not self.stage:
            return
        current = self._all.setdefault(self.stage, {})
        if choice in CHOICES:
            current[item_id] = choice
        else:
            current.pop(item_id, None)
        self.answers = dict(current)
        self._refresh_summary()
        self._saver.save_now(ANSWERS, self._all)
        self._saver.save_now("_result", result(self.spec, self.stage, current))

    def _judge(self, item_id: str, choice: str | None) -> None:
        toggle, note = self._rows[item_id]
        if choice is None:
            note.value = ""
            return
        show_feedback(note, check_judgement(self.spec.item(item_id), self.stage or None, choice,
                                            self.spec.choice_labels))

    def _refresh_summary(self) -> None:
        feedback = summary(self.spec, self.stage, self.answers)
        self.status = feedback.status
        show_feedback(self._summary, feedback)

    def _on_reveal(self, _=None) -> None:
        if not self.stage:
            show_feedback(self._summary, Feedback("empty", "Choose your stage first: the answers depend on it."))
            return
        labels = self.spec.choice_labels
        details = tuple(f"{labels[i.verdicts[self.stage]]} — {i.advice} {i.why[self.stage]}" for i in self.spec.items)
        show_feedback(self._summary, Feedback("empty", f"Every answer for {with_article(self.stage)} account", details))
