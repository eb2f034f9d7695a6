"""The rewrite studio view: turn bullhorn posts into walkie-talkie posts with a live voice meter."""

from __future__ import annotations

import time
from html import escape

import ipywidgets as w
import traitlets

from widgets import charts, voice
from widgets.cohort import share
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, Line, arrange, button, draw, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.exercises.meter import VoiceMeter
from widgets.rewrite import OWN, StudioSpec, check_rewrite, load_studio
from widgets.subject import same_subject

CURRENT = "_current"  # workbook key remembering which task the learner was on
RESULT = "_result"  # the before/after pairs the Social Leadership Plan reads
OWN_POST = "_own_post"  # the learner's own post, the "before" of the own-post task (its rewrite is under OWN)
OWN_SLOT = object()  # where the own-post box goes among the studio's children


def studio_result(spec: StudioSpec, drafts: dict) -> dict:
    """The plan's view of the studio: the learner's own post first (when rewritten), then every task with
    a non-empty rewrite, before and after."""
    tasks = list(spec.tasks)
    own = spec.own_task(str(drafts.get(OWN_POST, ""))) if spec.own else None
    if own is not None and own.post:
        tasks.insert(0, own)
    pairs = [{"task": t.id, "before": t.post, "after": drafts[t.id]}
             for t in tasks if str(drafts.get(t.id, "")).strip()]
    titles = {t.id: t.title for t in tasks}
    return {"title": "Before/after rewrites",
            "items": [[titles[p["task"]], p["after"]] for p in pairs],
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
        options = [(f"{i}. {t.title}", t.id) for i, t in enumerate(spec.tasks, 1)]
        if spec.own:
            options.append((f"{len(options) + 1}. {spec.own.title}", OWN))
        self._picker = w.Dropdown(options=options, description="Post:", layout=lean.layout("auto"),
                                  _dom_classes=("sll-post-picker",))
        self._own = None  # the own-post box, made when the learner first chooses their own post
        self._original = VoiceMeter("sll-original-meter")
        self._draft = w.Textarea(placeholder="Write your walkie-talkie version here…", rows=4,
                                 continuous_update=True, layout=lean.layout("wide"), _dom_classes=("sll-draft",))
        self._meter = VoiceMeter("sll-voice-meter")
        self._hint = button(HINT, "A nudge for this post")
        self._model = button(ANSWER, "One way to rewrite it (try yours first)")
        self._compare_button = button("Compare before/after", "Chart each voice signal, original vs yours")
        self._check = button(CHECK, "Is it a walkie-talkie post yet?", "primary")
        self._history = button("Earlier drafts", "Your saved drafts of this post")
        self._feedback = Line("sll-feedback")
        self._chart = w.Output(layout=lean.layout("chart"))
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._draft.observe(self._on_type, names="value")
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (self.task.hint,))))
        self._model.on_click(self._on_model)
        self._compare_button.on_click(self._on_compare)
        self._check.on_click(self._on_check)
        self._history.on_click(self._on_history)
        self.add_class("sll-rewrite-studio")
        self._parts = [
            html(f"<p>{escape(spec.prompt)}</p>"), self._picker, OWN_SLOT, self._original,
            html("<p style='margin:8px 0 2px'><strong>Your rewrite</strong></p>"), self._draft,
            self._saver.status, self._meter,
            w.HBox([self._check, self._hint, self._model, self._compare_button, self._history],
                   layout=lean.layout("wrap")),
            self._feedback, self._chart,
        ]
        start = self._drafts.get(CURRENT)
        self.select(start if spec.task(start or "") or (start == OWN and spec.own) else spec.tasks[0].id)

    @classmethod
    def from_dataset(cls, relative: str = "lesson01/rewrite_studio.yaml", workbook=None):
        return cls(load_studio(relative), workbook=workbook)

    @property
    def task(self):
        """The task being rewritten: one of the studio's posts, or the learner's own."""
        if self.task_id == OWN:
            return self.spec.own_task(self._drafts.get(OWN_POST, ""))
        return self.spec.task(self.task_id)

    @property
    def own(self) -> bool:
        return self.task_id == OWN

    def select(self, task_id: str) -> None:
        """Switch to a task, restoring the learner's saved draft for it."""
        self._saver.flush()
        self.task_id = task_id
        if self._picker.value != task_id:
            self._picker.value = task_id
        task = self.task
        # The own-post box is made on first use and is a child only while the own post is chosen.
        if self.own and self._own is None:
            self._own_intro = html(f"<p style='margin:6px 0 2px;color:#4a5260;line-height:1.45;max-width:720px'>"
                                   f"{escape(task.context)}</p>")
            self._own = w.Textarea(self._drafts.get(OWN_POST, ""), placeholder="Paste your own post here…", rows=3,
                                   continuous_update=True, layout=lean.layout("wide"), _dom_classes=("sll-own-post",))
            self._own.observe(self._on_own, names="value")
        parts = []
        for p in self._parts:
            parts += ([self._own_intro, self._own] if self.own else []) if p is OWN_SLOT else [p]
        arrange(self, parts)
        self._show_original(task)
        self._feedback.value = ""
        self._chart.clear_output()
        self._showing = True  # putting the saved draft back in the box is not typing: nothing is saved
        try:
            self._draft.value = self._drafts.get(task_id, "")
        finally:
            self._showing = False
        self._render(self._draft.value)

    def _on_type(self, change) -> None:
        if getattr(self, "_showing", False):
            return
        text, _ = clean_text(change.new)
        self._drafts[self.task_id] = text
        if self._drafts.get(CURRENT) != self.task_id:  # the post the learner last worked on, reopened next time
            self._drafts[CURRENT] = self.task_id
            self._saver.schedule(CURRENT, self.task_id)
        # Status first ("Saving…"), then the meter: a page that sees the meter move knows the
        # save is already pending, so a later "Saved" is this draft's.
        self._saver.schedule(self.task_id, text)
        self._saver.schedule(RESULT, studio_result(self.spec, self._drafts))
        self._render(text)

    def _show_original(self, task) -> None:
        """The post being rewritten, read by the meter, under who wrote it (or a line for the learner's own)."""
        heading = "The meter on your post" if self.own else "The original post"
        context = ("" if self.own else f"<p style='margin:6px 0 2px;color:#4a5260'>{escape(task.context)}</p>") + \
            f"<p style='margin:6px 0 2px'><strong>{heading}</strong></p>"
        self._original.show(voice.analyze(task.post), lead=context)

    def _on_own(self, change) -> None:
        text, _ = clean_text(change.new)
        self._drafts[OWN_POST] = text
        self._saver.schedule(OWN_POST, text)
        self._saver.schedule(RESULT, studio_result(self.spec, self._drafts))
        if self.own:
            self._show_original(self.task)

    def _render(self, text: str) -> None:
        self.draft = text
        report = voice.analyze(text)
        self._meter.show(report)
        self.verdict = self._meter.verdict

    def _on_model(self, _=None) -> None:
        if self.own:
            show_feedback(self._feedback, Feedback("empty", "There is no model rewrite of your own post",
                                                   ("Make the first move the meter suggests, then check again.",)))
            return
        show_feedback(self._feedback, Feedback("empty", "One model rewrite (yours can be different and better)",
                                               (self.task.model_rewrite,)))

    def _missing_own(self) -> bool:
        if self.own and not self.task.post:
            show_feedback(self._feedback, Feedback("empty", "Paste your own post in the box above first, then "
                                                   "rewrite it here."))
            return True
        return False

    def _on_check(self, _=None) -> None:
        if not self._missing_own():
            show_feedback(self._feedback, check_rewrite(self.task, self.draft))

    def _on_compare(self, _=None) -> None:
        if self._missing_own():
            return
        if not self.draft.strip():
            show_feedback(self._feedback, Feedback("empty", "Write a rewrite first, then compare."))
            return
        result = voice.compare(self.task.post, self.draft)
        changed = tuple(c.says for c in result.changes if c.direction != "same")
        if not same_subject(self.task.post, self.draft, self.task.subject).same:
            changed = ("This reads like a different post: keep the subject and change the voice.",) + changed
        show_feedback(self._feedback, Feedback("empty", result.summary, changed))
        draw(self._chart, charts.compare_figure_data(result.changes), result.summary)
        if check_rewrite(self.task, self.draft).status == "correct":  # a passing rewrite only, and only if joined
            share(self.exercise_id, {"before": self.task.post, "rewrite": self.draft})

    def _on_history(self, _=None) -> None:
        # An emptied box is saved too (so a cleared draft stays cleared), but it is not a draft to show.
        revisions = [r for r in self._saver.history(self.task_id, limit=20)
                     if isinstance(r.value, str) and r.value.strip()]
        if not revisions:
            show_feedback(self._feedback, Feedback("empty", "No saved drafts of this post yet."))
            return
        details = tuple(f"{time.strftime('%d %b %H:%M', time.localtime(r.saved_at))}: {r.value}"
                        for r in revisions[:5])
        show_feedback(self._feedback, Feedback("empty", "Your latest saved drafts (newest first)", details))
