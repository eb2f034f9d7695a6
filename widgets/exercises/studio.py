"""The rewrite studio view: turn bullhorn posts into walkie-talkie posts with a live voice meter."""

from __future__ import annotations

import time
from html import escape

import ipywidgets as w
import traitlets

from widgets import charts, voice
from widgets.cohort import share
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, button, draw, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.markup import report_html
from widgets.rewrite import StudioSpec, check_rewrite, load_studio

CURRENT = "_current"  # workbook key remembering which task the learner was on
RESULT = "_result"  # the before/after pairs the Social Leadership Plan reads


def studio_result(spec: StudioSpec, drafts: dict) -> dict:
    """The plan's view of the studio: every task with a non-empty rewrite, before and after."""
    pairs = [{"task": t.id, "before": t.post, "after": drafts[t.id]}
             for t in spec.tasks if str(drafts.get(t.id, "")).strip()]
    return {"title": "Before/after rewrites",
            "items": [[spec.task(p["task"]).title, p["after"]] for p in pairs],
            "pairs": pairs}


class RewriteStudioExercise(Exercise):
    """Pick a post, rewrite it, watch the meter explain every change; compare and check."""

    task_id = traitlets.Unicode(help="the task being rewritten").tag(sync=False)
    draft = traitlets.Unicode(help="the learner's rewrite of the current task").tag(sync=False)
    verdict = traitlets.Unicode("none", help="the meter's verdict on the draft").tag(sync=False)

    def __init__(self, spec: StudioSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        self._drafts = {k: v for k, v in self._saver.load().items() if isinstance(v, str) and k != RESULT}
        self._picker = w.Dropdown(options=[(f"{i}. {t.title}", t.id) for i, t in enumerate(spec.tasks, 1)],
                                  description="Post:", layout=w.Layout(width="auto"))
        self._picker.add_class("sll-post-picker")
        self._original = html(css_class="sll-original")
        self._draft = w.Textarea(placeholder="Write your walkie-talkie version here…", rows=4,
                                 continuous_update=True, layout=w.Layout(width="100%", max_width="720px"))
        self._draft.add_class("sll-draft")
        self._meter = html(css_class="sll-voice-meter")
        self._hint = button(HINT, "A nudge for this post")
        self._model = button(ANSWER, "One way to rewrite it (try yours first)")
        self._compare_button = button("Compare before/after", "Chart each voice signal, original vs yours")
        self._check = button(CHECK, "Is it a walkie-talkie post yet?", "primary")
        self._history = button("Earlier drafts", "Your saved drafts of this post")
        self._feedback = html(css_class="sll-feedback")
        self._chart = w.Output(layout=w.Layout(min_height="20px"))
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._draft.observe(self._on_type, names="value")
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (self.task.hint,))))
        self._model.on_click(self._on_model)
        self._compare_button.on_click(self._on_compare)
        self._check.on_click(self._on_check)
        self._history.on_click(self._on_history)
        self.add_class("sll-rewrite-studio")
        self.children = [
            html(f"<p>{escape(spec.prompt)}</p>"), self._picker, self._original,
            html("<p style='margin:8px 0 2px'><strong>Your rewrite</strong></p>"), self._draft,
            self._saver.status, self._meter,
            w.HBox([self._check, self._hint, self._model, self._compare_button, self._history],
                   layout=w.Layout(flex_flow="row wrap")),
            self._feedback, self._chart,
        ]
        start = self._drafts.get(CURRENT)
        self.select(start if spec.task(start or "") else spec.tasks[0].id)

    @classmethod
    def from_dataset(cls, relative: str = "lesson01/rewrite_studio.yaml", workbook=None):
        return cls(load_studio(relative), workbook=workbook)

    @property
    def task(self):
        return self.spec.task(self.task_id)

    def select(self, task_id: str) -> None:
        """Switch to a task, restoring the learner's saved draft for it."""
        self._saver.flush()
        self.task_id = task_id
        if self._picker.value != task_id:
            self._picker.value = task_id
        task = self.task
        self._original.value = (f"<p style='margin:6px 0 2px;color:#4a5260'>{escape(task.context)}</p>"
                                f"<div aria-label='The original post'>{report_html(voice.analyze(task.post))}</div>")
        self._feedback.value = ""
        self._chart.clear_output()
        self._draft.value = self._drafts.get(task_id, "")
        self._render(self._draft.value)
        if self._drafts.get(CURRENT) != task_id:
            self._drafts[CURRENT] = task_id
            self._saver.schedule(CURRENT, task_id)

    def _on_type(self, change) -> None:
        text, _ = clean_text(change.new)
        self._drafts[self.task_id] = text
        # Status first ("Saving…"), then the meter: a page that sees the meter move knows the
        # save is already pending, so a later "Saved" is this draft's.
        self._saver.schedule(self.task_id, text)
        self._saver.schedule(RESULT, studio_result(self.spec, self._drafts))
        self._render(text)

    def _render(self, text: str) -> None:
        self.draft = text
        report = voice.analyze(text)
        self.verdict = report.verdict or "none"
        self._meter.value = report_html(report)

    def _on_model(self, _=None) -> None:
        show_feedback(self._feedback, Feedback("empty", "One model rewrite (yours can be different and better)",
                                               (self.task.model_rewrite,)))

    def _on_check(self, _=None) -> None:
        show_feedback(self._feedback, check_rewrite(self.task, self.draft))

    def _on_compare(self, _=None) -> None:
        if not self.draft.strip():
            show_feedback(self._feedback, Feedback("empty", "Write a rewrite first, then compare."))
            return
        result = voice.compare(self.task.post, self.draft)
        show_feedback(self._feedback, Feedback("empty", result.summary,
                                               tuple(c.says for c in result.changes if c.direction != "same")))
        draw(self._chart, charts.compare_figure_data(result.changes), result.summary)
        share(self.exercise_id, {"before": self.task.post, "rewrite": self.draft})  # only if joined

    def _on_history(self, _=None) -> None:
        revisions = self._saver.history(self.task_id, limit=5)
        if not revisions:
            show_feedback(self._feedback, Feedback("empty", "No saved drafts of this post yet."))
            return
        details = tuple(f"{time.strftime('%d %b %H:%M', time.localtime(r.saved_at))}: {r.value}"
                        for r in revisions if isinstance(r.value, str))
        show_feedback(self._feedback, Feedback("empty", "Your latest saved drafts (newest first)", details))
