"""The advice filter view: choose your stage, then judge popular advice one piece at a time."""

from __future__ import annotations

from html import escape

import traitlets

from widgets.advice import CHOICES, with_article, DEFAULT, AdviceSpec, check_judgement, load_advice, result, summary
from widgets.exercises.base import Exercise, Line, arrange, button, html, show_feedback
from widgets.exercises.lean import hbox, hint_html, layout, style, toggles
from widgets.feedback import Feedback

import ipywidgets as w

STAGE, ANSWERS = "stage", "answers"


class AdviceFilterExercise(Exercise):
    """Popular advice, judged for the learner's own stage: safe now, not yet, or never.

    One card at a time (like the listening lab): the advice, three judgement buttons, the feedback,
    previous/next and a running tally, in two short rounds (the second optional). Every stage keeps its
    own answers.
    """

    stage = traitlets.Unicode("", help="the learner's stage id (empty until chosen)").tag(sync=False)
    answers = traitlets.Dict(help="item id -> choice, for the current stage").tag(sync=False)
    status = traitlets.Unicode("empty", help="the summary's feedback status").tag(sync=False)
    index = traitlets.Int(0, help="which piece of advice is shown").tag(sync=False)

    def __init__(self, spec: AdviceSpec, workbook=None, **kwargs):
        super().__init__(layout=layout(), **kwargs)
        self._bind(spec, workbook)
        saved = self._saver.load()
        stored = saved.get(ANSWERS)
        # Keep only answers that still make sense (a known stage, a known item, a known choice).
        self._all = {stage: {k: v for k, v in answers.items() if spec.item(k) and v in CHOICES}
                     for stage, answers in (stored.items() if isinstance(stored, dict) else ())
                     if spec.stage(stage) and isinstance(answers, dict)}
        self._opening = False  # True while the saved stage is restored (restoring writes nothing)
        self._pending: dict[str, str] = {}  # answers given before any stage was chosen
        self._stage = w.RadioButtons(options=[(s.label, s.id) for s in spec.stages], value=None,
                                     description="Your stage:", style=style("description-initial"),
                                     layout=layout("auto"), _dom_classes=("sll-advice-stage",))
        # One HTML widget for the stage's description, "Advice n of N" and the advice itself.
        self._card = html(css_class="sll-advice-card")
        self._choice = toggles(options=[(spec.choice_labels[c], c) for c in CHOICES], value=None,
                               tooltips=[f"{spec.choice_labels[c]} for my stage" for c in CHOICES],
                               _dom_classes=("sll-advice-choice",))
        self._note = Line("sll-advice-feedback")
        self._prev = button("Previous", "The previous piece of advice")
        self._next = button("Next", "The next piece of advice")
        self._summary = Line(("sll-feedback", "sll-advice-summary"))
        self._reveal = button("Show all answers", "The verdict and reason for every piece of advice at your stage")
        self._reveal.on_click(self._on_reveal)
        self._prev.on_click(lambda _: self.go(self.index - 1))
        self._next.on_click(lambda _: self.go(self.index + 1))
        self.add_class("sll-advice-filter")
        self._intro = html(f"<p>{escape(spec.prompt)}</p>{hint_html(spec.hint)}")
        arrange(self, [self._intro, self._stage,
                       self._card, self._choice, self._note,
                       hbox([self._prev, self._next, self._reveal], wrap=True),
                       self._summary, self._saver.status])
        self._choice.observe(lambda ch: self._on_answer(ch.new), names="value")
        self._stage.observe(lambda ch: self.select_stage(ch.new), names="value")
        self.go(0)
        start = saved.get(STAGE)
        self._opening = True
        if spec.stage(start or ""):
            self._stage.value = start  # restores answers and feedback through select_stage
            current = self._all.get(start, {})
            self.go(next((i for i, item in enumerate(spec.items) if item.id not in current), 0))
        self._opening = False

    @classmethod
    def from_dataset(cls, workbook=None, relative: str = DEFAULT) -> "AdviceFilterExercise":
        """``AdviceFilterExercise.from_dataset()``."""
        return cls(load_advice(relative), workbook=workbook)

    @property
    def current(self):
        return self.spec.items[self.index]

    def show(self, item_id: str) -> None:
        """Show the piece of advice called ``item_id``."""
        self.go(next(i for i, item in enumerate(self.spec.items) if item.id == item_id))

    def go(self, index: int) -> None:
        """Show piece ``index`` (clamped), with its answer and feedback if it was already judged."""
        self.index = max(0, min(index, len(self.spec.items) - 1))
        item = self.current
        total = len(self.spec.items)
        stage = self.spec.stage(self.stage or "")
        note = (f"<p class='sll-stage-note' style='margin:2px 0 6px;color:#4a5260'>{escape(stage.description)}</p>"
                if stage else "")
        self._card.value = (f"{note}<strong class='sll-advice-progress'>{escape(self._place(item.id))}</strong>"
                            f"<blockquote style='border-left:3px solid #8a94a6;margin:6px 0;padding:4px 12px;"
                            f"font-size:1.05em' data-item='{escape(item.id)}'>{escape(item.advice)}</blockquote>")
        self._prev.disabled = self.index == 0
        self._next.disabled = self.index == total - 1
        self._restoring = True
        try:
            choice = self._answers_now().get(item.id)
            self._choice.value = choice if choice in CHOICES else None
        finally:
            self._restoring = False
        self._judge(self._choice.value)

    def _place(self, item_id: str) -> str:
        """"Round 1 of 2 (about 5 minutes) · Advice 3 of 8": where this piece is in the drill."""
        rounds = self.spec.rounds
        here = self.spec.round_of(item_id)
        if len(rounds) < 2 or here is None:
            return f"Advice {self.index + 1} of {len(self.spec.items)}"
        extra = ", optional" if here.optional else ""
        length = f" (about {here.minutes} minutes{extra})" if here.minutes else (f" ({extra[2:]})" if extra else "")
        return (f"Round {rounds.index(here) + 1} of {len(rounds)}{length} · "
                f"Advice {here.items.index(item_id) + 1} of {len(here.items)}")

    def _answers_now(self) -> dict:
        return self._all.get(self.stage, {}) if self.stage else self._pending

    def select_stage(self, stage_id: str | None) -> None:
        """Switch stage: each stage keeps its own answers, and feedback is re-judged for it."""
        if not self.spec.stage(stage_id or ""):
            return
        current = self._all.setdefault(stage_id, {})
        if not self.stage:  # answers given before any stage was chosen are kept, not lost
            for item_id, choice in self._pending.items():
                current.setdefault(item_id, choice)
            self._pending = {}
        self.stage = stage_id
        self.answers = dict(current)
        self.go(self.index)
        self._refresh_summary()
        if current and not self._opening:  # the stage is saved with answers, never on its own
            self._saver.save_now(STAGE, stage_id)
            self._saver.save_now(ANSWERS, self._all)
            self._saver.save_now("_result", result(self.spec, stage_id, current))

    def _on_answer(self, choice: str | None) -> None:
        if getattr(self, "_restoring", False):
            return
        item_id = self.current.id
        self._judge(choice)
        current = self._all.setdefault(self.stage, {}) if self.stage else self._pending
        if choice in CHOICES:
            current[item_id] = choice
        else:
            current.pop(item_id, None)
        if not self.stage:
            return
        self.answers = dict(current)
        self._refresh_summary()
        self._saver.save_now(STAGE, self.stage)
        self._saver.save_now(ANSWERS, self._all)
        self._saver.save_now("_result", result(self.spec, self.stage, current))

    def _judge(self, choice: str | None) -> None:
        if choice is None:
            self._note.value = ""
            return
        show_feedback(self._note, check_judgement(self.current, self.stage or None, choice, self.spec.choice_labels))

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
