"""The hero check view: would sharing this post make the sharer look good? Samples or your own draft."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.exercises import lean
from widgets.exercises.base import CHECK, Exercise, Line, arrange, button, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.hero import DEFAULT, LIMIT, HeroSpec, analyze, check_call, explain, load_hero
from widgets.markup import feedback_html, highlight

OWN = "own"  # the picker's value for the learner's own post
CURRENT, DRAFT, CALLS = "_current", "own_draft", "calls"


class HeroCheckExercise(Exercise):
    """Judge sample posts (or your own) by whether the person who shares them looks good."""

    post_id = traitlets.Unicode(OWN, help="the sample being judged, or 'own'").tag(sync=False)
    text = traitlets.Unicode("", help="the post being judged").tag(sync=False)
    verdict = traitlets.Unicode("none", help="the check's verdict: hero, not-hero or none").tag(sync=False)
    call = traitlets.Unicode("", help="the learner's call for this post").tag(sync=False)

    def __init__(self, spec: HeroSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self._bind(spec, workbook)
        saved = self._saver.load()
        self._own = saved.get(DRAFT) if isinstance(saved.get(DRAFT), str) else ""
        calls = saved.get(CALLS)
        self._calls = {k: v for k, v in calls.items() if v in ("hero", "not-hero")} if isinstance(calls, dict) else {}
        self._picker = w.Dropdown(options=[("My own post", OWN)] + [(f"Sample {i}", s.id)
                                                                    for i, s in enumerate(spec.samples, 1)],
                                  value=OWN, description="Post:", layout=lean.layout("auto"),
                                  style=lean.style("description"), _dom_classes=("sll-hero-picker",))
        self._sample = Line("sll-hero-sample")
        self._draft = w.Textarea(placeholder="Paste or write a post you might share…", rows=4,
                                 continuous_update=True, style=lean.style("text"),
                                 layout=w.Layout(width="100%", max_width="720px"),  # its own: hidden for samples
                                 _dom_classes=("sll-hero-draft",))
        self._call = w.ToggleButtons(options=[("Yes, sharing it makes me look good", "hero"),
                                              ("No, it only serves the author", "not-hero")], value=None,
                                     tooltips=["It gives my followers something useful, sharp or funny",
                                               "It mainly promotes, brags or baits"],
                                     style=lean.style("toggle"), layout=lean.layout(),
                                     **lean.labelled("<strong>Your call:</strong> would sharing it make you look "
                                                     "good to your own followers?", "sll-hero-call"))
        self._check = button(CHECK, "Compare your call with the check's reasons", "primary")
        self._meter = Line("sll-hero-meter")
        self._live = html(css_class="sll-hero-live")
        self._feedback = Line("sll-feedback")
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._draft.observe(self._on_type, names="value")
        self._call.observe(self._on_call, names="value")
        self._check.on_click(self._on_check)
        self.add_class("sll-hero-check")
        self._intro = html(f"<p>{escape(spec.prompt)}</p>{lean.hint_html(spec.hint)}")
        arrange(self, [self._intro, self._picker, self._sample, self._draft,
                       self._live, self._saver.status, self._call, w.HBox([self._check], layout=lean.layout()),
                       self._feedback, self._meter])
        start = saved.get(CURRENT)
        self.select(start if start == OWN or spec.sample(start or "") else OWN)

    @classmethod
    def from_dataset(cls, workbook=None, relative: str = DEFAULT) -> "HeroCheckExercise":
        """``HeroCheckExercise.from_dataset()``."""
        return cls(load_hero(relative), workbook=workbook)

    def select(self, post_id: str) -> None:
        """Show a sample (read-only) or the learner's own draft; the reasons stay hidden until checked."""
        self.post_id = post_id
        if self._picker.value != post_id:
            self._picker.value = post_id
        sample = self.spec.sample(post_id)
        self._feedback.value = ""
        self._meter.value = ""
        if sample is None:
            self._sample.value = ""
            self._draft.layout.display = ""
            self._draft.value = self._own
            self._set_text(self._own)
        else:
            self._draft.layout.display = "none"
            self._sample.value = (f"<blockquote class='sll-hero-sample-text' style='border-left:3px solid #8a94a6;"
                                  f"margin:6px 0;padding:4px 10px;overflow-wrap:anywhere'>"
                                  f"{escape(sample.text)}</blockquote>")
            self._set_text(sample.text)
        self._showing = True  # showing the call made earlier is not a new call: nothing is saved
        try:
            self._call.value = self._calls.get(post_id)
        finally:
            self._showing = False

    def _set_text(self, text: str) -> None:
        self.text = text
        self.verdict = analyze(text).verdict
        # Live line: follows every keystroke (data-chars) without giving the answer away.
        words = len(text.split())
        self._live.value = (f"<span class='sll-hero-live-body' data-chars='{len(text)}' "
                            f"style='color:#4a5260;font-size:0.9em'>{words} word{'s' if words != 1 else ''}. "
                            f"Make your call, then check it to see the reasons.</span>")

    def _on_type(self, change) -> None:
        if self.post_id != OWN:
            return
        text, _ = clean_text(change.new, LIMIT)
        self._own = text
        self._set_text(text)
        self._saver.schedule(DRAFT, text)
        self._saver.schedule(CURRENT, OWN)
        if self._meter.value:  # once checked, the reasons follow the typing
            self._render_meter()

    def _on_call(self, change) -> None:
        self.call = change.new or ""
        if change.new in ("hero", "not-hero") and not getattr(self, "_showing", False):
            self._calls[self.post_id] = change.new
            self._saver.save_now(CALLS, self._calls)
            self._saver.save_now(CURRENT, self.post_id)  # reopened on the post last judged

    def _on_check(self, _=None) -> None:
        sample = self.spec.sample(self.post_id)
        feedback = check_call(self.text, self.call or None, sample.label if sample else None)
        if feedback.attempted:  # the reasons appear once, in the highlighted reading below
            feedback = Feedback(feedback.status, feedback.message, (f"Why: {sample.note}",) if sample else ())
        show_feedback(self._feedback, feedback)
        if feedback.attempted:
            self._render_meter()

    def _render_meter(self) -> None:
        report = analyze(self.text)
        marked = highlight(report.text, report.spans) if report.text else ""
        self._meter.value = (
            f"<div class='sll-hero-reading' data-chars='{len(report.text)}' data-verdict='{report.verdict}' "
            f"data-score='{report.score}'>"
            f"<div class='sll-highlighted' style='border-left:3px solid #8a94a6;padding:4px 10px;margin:6px 0;"
            f"overflow-wrap:anywhere'>{marked}</div>{feedback_html(explain(report))}</div>")
