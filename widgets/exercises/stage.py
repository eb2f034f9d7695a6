"""The stage self-assessment view: four questions, a radar chart, your stage and your focus."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.cohort import share
from widgets.exercises import lean
from widgets.exercises.base import Exercise, draw, html, show_feedback
from widgets.stage import AssessmentSpec, assess, load_assessment, radar_alt, radar_figure_data, result_of


class StageAssessmentExercise(Exercise):
    """Answer four questions about audience, replies, relationships and offers; see where you stand."""

    scores = traitlets.Dict(help="axis id -> score 0-3, answered axes only").tag(sync=False)
    stage = traitlets.Unicode("", help="the stage id once all four are answered").tag(sync=False)
    charted = traitlets.Bool(False, help="the radar chart is drawn").tag(sync=False)

    def __init__(self, spec: AssessmentSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        saved = self._saver.load()
        self._choices: dict[str, w.RadioButtons] = {}
        rows = [html(f"<p>{escape(spec.prompt)}</p>")]
        for number, q in enumerate(spec.questions, 1):
            box = w.RadioButtons(options=[(o.text, o.score) for o in q.options], value=None,
                                 layout=lean.layout("auto"), _dom_classes=(f"sll-stage-{q.id}",))
            if q.option(saved.get(q.id)) is not None:
                box.value = saved[q.id]
            box.observe(self._on_answer, names="value")
            self._choices[q.id] = box
            rows += [html(f"<p style='font-weight:600;margin:10px 0 2px'>{number}. {escape(q.axis)}: "
                          f"{escape(q.prompt)}</p>"), box]
        self._outcome = html(css_class="sll-stage-result")
        self._chart = w.Output(layout=lean.layout("chart"), _dom_classes=("sll-stage-chart",))
        self.add_class("sll-stage-assessment")
        self.children = [*rows, self._saver.status, self._outcome, self._chart]
        self._update(save=False)

    @classmethod
    def from_dataset(cls, relative: str = "lesson00/stage_assessment.yaml", workbook=None):
        return cls(load_assessment(relative), workbook=workbook)

    def answer(self, axis: str, score: int) -> None:
        """Choose ``score`` for ``axis`` (what a click on an option does)."""
        self._choices[axis].value = score

    def _on_answer(self, change) -> None:
        axis = next(q for q, box in self._choices.items() if box is change.owner)
        if change.new is not None:
            self._saver.save_now(axis, change.new)
        self._update(save=True)

    def _update(self, save: bool) -> None:
        answers = {q: box.value for q, box in self._choices.items()}
        outcome = assess(self.spec, answers)
        self.scores = dict(outcome.scores)
        show_feedback(self._outcome, outcome.feedback)
        if outcome.complete:
            self.stage = outcome.stage.id
            self._outcome.value = (f"<div data-stage='{escape(outcome.stage.id)}'>{self._outcome.value}</div>")
            draw(self._chart, radar_figure_data(self.spec, outcome.scores), radar_alt(self.spec, outcome.scores))
            self.charted = True
            if save:
                result = result_of(self.spec, outcome)
                self._saver.save_now("_result", result)
                share(self.spec.id, result)  # a cohort sees it only if the learner joined one
        else:
            self.stage = ""
            self._chart.clear_output()
            self.charted = False
