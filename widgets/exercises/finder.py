"""The conversation finder view: four questions that become a saved conversation brief."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.cohort import share
from widgets.brief import FinderSpec, brief_ready, check_brief, load_finder
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, Exercise, Line, arrange, button, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.markup import feedback_html

RESULT = "_result"  # what the Social Leadership Plan reads (docs/course-builders.md)


class ConversationFinderExercise(Exercise):
    """Answer the four questions; check them; save the brief that later lessons build on."""

    answers = traitlets.Dict(help="question id -> the learner's answer").tag(sync=False)
    ready = traitlets.Bool(False, help="every answer passes its check").tag(sync=False)

    def __init__(self, spec: FinderSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        saved = self._saver.load()
        self._inputs: dict[str, w.Widget] = {}
        self._feedback: dict[str, Line] = {}
        rows = [html(f"<p>{escape(spec.prompt)}</p>")]
        for number, q in enumerate(spec.questions, 1):
            value = saved.get(q.id) if isinstance(saved.get(q.id), str) else ""
            if q.id == "conversation":
                box = w.Combobox(options=list(spec.niches), value=value, placeholder=q.placeholder,
                                 ensure_option=False, layout=w.Layout(width="100%", max_width="640px"))
            else:
                box = w.Textarea(value=value, placeholder=q.placeholder, rows=2,
                                 layout=w.Layout(width="100%", max_width="640px"))
            box.observe(self._on_type, names="value")
            self._inputs[q.id] = box
            self._feedback[q.id] = Line("sll-feedback")
            rows += [html(f"<p style='margin:10px 0 2px'><strong>{number}. {escape(q.prompt)}</strong><br>"
                          f"<span style='color:#4a5260'>{escape(q.help)}</span></p>"), box, self._feedback[q.id]]
        self._check = button(CHECK, "Check all four answers", "primary")
        self._example = button(ANSWER, "A finished example brief")
        self._brief = Line("sll-brief")
        self._check.on_click(self._on_check)
        self._example.on_click(self._on_example)
        self.add_class("sll-conversation-finder")
        arrange(self, [*rows, lean.hbox([self._check, self._example]), self._brief, self._saver.status])
        self.answers = {q: b.value for q, b in self._inputs.items()}
        if saved.get("_brief"):
            self._on_check(save=False)  # shows the saved brief; opening the page saves and shares nothing

    @classmethod
    def from_dataset(cls, relative: str = "lesson01/conversation_finder.yaml", workbook=None):
        return cls(load_finder(relative), workbook=workbook)

    def _on_type(self, change) -> None:
        qid = next(q for q, box in self._inputs.items() if box is change.owner)
        text, _ = clean_text(change.new, limit=2000)
        self.answers = {**self.answers, qid: text}
        self._saver.schedule(qid, text)

    def _on_check(self, _=None, save: bool = True) -> None:
        results = check_brief(self.spec, self.answers)
        for qid, feedback in results.items():
            show_feedback(self._feedback[qid], feedback)
        self.ready = brief_ready(results)
        if not self.ready:
            todo = sum(not f.passed for f in results.values())
            self._brief.value = feedback_html(Feedback(
                "partial", f"{todo} answer{'s' if todo > 1 else ''} to strengthen before your brief is ready."))
            return
        lines = "".join(f"<dt style='font-weight:600'>{escape(q.prompt)}</dt>"
                        f"<dd style='margin:0 0 6px 0'>{escape(self.answers[q.id])}</dd>"
                        for q in self.spec.questions)
        self._brief.value = (f"<section aria-label='Your conversation brief' style='border:2px solid #2d6a4f;"
                             f"border-radius:8px;padding:10px 14px;max-width:640px'><h4 style='margin:0 0 6px'>"
                             f"Your conversation brief</h4><dl style='margin:0'>{lines}</dl></section>")
        brief = {q.id: self.answers[q.id] for q in self.spec.questions}
        if not save:
            return
        self._saver.save_now("_brief", brief)
        self._saver.save_now(RESULT, {"title": "Conversation brief",
                                      "items": [[q.prompt, brief[q.id]] for q in self.spec.questions],
                                      "brief": brief})
        share(self.spec.id, {"brief": brief})  # a cohort sees it only if the learner joined one

    def _on_example(self, _=None) -> None:
        details = tuple(f"{q.prompt} {q.example}" for q in self.spec.questions)
        show_feedback(self._brief, Feedback("empty", "An example brief (write your own, in your words)",
                                            details))
