"""The benefit ladder view: study worked ladders, then climb your own from product to brand essence."""

from __future__ import annotations

import weakref
from html import escape

import ipywidgets as w
import traitlets

from widgets.cohort import share
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, HINT, Exercise, Line, arrange, button, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.ladder import (MAX_RUNG_CHARS, MAX_RUNGS, LadderSpec, check_ladder, classify_rung, hint_for,
                            ladder_result, load_ladder, verdict_html)

RUNGS = "rungs"
_FOLLOWERS: "weakref.WeakSet" = weakref.WeakSet()  # canvases on this page that show the ladder's essence


def follow(view) -> None:
    """Let ``view`` (a culture canvas) hear of every change to the ladder: ``view.follow_ladder(rungs)``."""
    _FOLLOWERS.add(view)
RESULT = "_result"


def ladder_html(rungs, label_top: bool = True) -> str:
    """A ladder drawn top rung first (as it climbs), each rung classified with its cues marked."""
    rows = []
    n = len(rungs)
    for i in range(n, 0, -1):
        label = "Brand essence:" if (label_top and i == n and n >= 2) else f"Rung {i}:"
        if i == 1:
            label = "Rung 1 (what you offer):"
        rows.append(f"<li style='list-style:none'>{verdict_html(classify_rung(rungs[i - 1]), label)}</li>")
        if i > 1:
            rows.append("<li aria-hidden='true' style='list-style:none;color:#4a5260;margin-left:12px'>"
                        "▲ so that…?</li>")
    return (f"<ol class='sll-ladder' aria-label='Ladder, top rung first' reversed style='padding:0;margin:4px 0'>"
            f"{''.join(rows)}</ol>")


class BenefitLadderExercise(Exercise):
    """Study worked ladders, then add rungs one by one; each is classified live and the ladder judged."""

    rungs = traitlets.List(traitlets.Unicode(), help="the learner's ladder, bottom (product) first").tag(sync=False)
    status = traitlets.Unicode("empty", help="the whole-ladder feedback status").tag(sync=False)
    live_kind = traitlets.Unicode("", help="kind of the rung being typed").tag(sync=False)

    def __init__(self, spec: LadderSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self._bind(spec, workbook)
        # The drill, the lesson's own example, is shown first: study it before climbing your own.
        self._examples = w.Dropdown(options=[(e.title, e.id) for e in spec.examples], value=spec.examples[0].id,
                                    description="Worked ladder:", style=lean.style("description-initial"),
                                    layout=lean.layout("auto"), _dom_classes=("sll-ladder-examples",))
        self._example_view = html(css_class="sll-ladder-example")
        self._rung_input = w.Text(placeholder="Bottom rung: what you offer, e.g. “Weekly pottery classes”",
                                  continuous_update=True, layout=lean.layout("wide"), style=lean.style("text"),
                                  **lean.labelled("<strong>2. Build your own</strong> (type a rung, then press "
                                                  "Enter or “Add rung”)", "sll-rung-input"))
        self._live = html("<div data-chars='0'></div>", css_class="sll-rung-live")
        self._add = button("Add rung", "Add this rung on top of your ladder", "primary")
        self._undo = button("Remove top rung", "Take the top rung off (to rewrite it)")
        self._restart = button("Start over", "Clear your ladder and begin again from the bottom rung",
                               css_class="sll-ladder-restart")
        self._hint = button(HINT, "A nudge for your ladder")
        self._model = button(ANSWER, "One worked answer (try yours first)")
        self._ladder = Line("sll-ladder-view")
        self._feedback = Line("sll-feedback")
        self._examples.observe(lambda ch: self.show_example(ch.new), names="value")
        self._rung_input.observe(self._on_type, names="value")
        self._add.on_click(lambda _: self.add_rung())
        self._undo.on_click(lambda _: self.remove_top())
        self._restart.on_click(lambda _: self.start_over())
        self._rung_input.on_msg(self._on_message)  # Enter in the box adds the rung
        self._hint.on_click(self._on_hint)
        self._model.on_click(self._on_model)
        self.add_class("sll-benefit-ladder")
        arrange(self, [
            html(f"<p>{escape(spec.prompt)}</p><p style='margin:4px 0'><strong>1. Study a worked ladder</strong></p>"),
            self._examples, self._example_view, self._rung_input, self._live,
            w.HBox([self._add, self._undo, self._restart, self._hint, self._model], layout=lean.layout("wrap")),
            self._ladder, self._feedback, self._saver.status,
        ])
        saved = self._saver.load().get(RUNGS)
        if isinstance(saved, list):
            self.rungs = [clean_text(r, MAX_RUNG_CHARS)[0] for r in saved if isinstance(r, str)][:MAX_RUNGS]
        self.show_example(self._examples.value)
        self._render()

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/ladder.yaml", workbook=None):
        return cls(load_ladder(relative), workbook=workbook)

    def show_example(self, example_id: str | None) -> None:
        example = self.spec.example(example_id or "")
        if example is None:
            self._example_view.value = ""
            return
        self._example_view.value = (f"<div style='border-left:3px solid #8a94a6;padding:2px 10px;margin:4px 0'>"
                                    f"{ladder_html(example.rungs)}<p style='margin:4px 0'><em>"
                                    f"{escape(example.comment)}</em></p></div>")

    def _on_type(self, change) -> None:
        text, note = clean_text(change.new, MAX_RUNG_CHARS)
        if not text.strip():
            self.live_kind = ""
            self._live.value = f"<div data-chars='{len(text)}'></div>"
            return
        verdict = classify_rung(text)
        self.live_kind = verdict.kind
        extra = f"<div><em>{escape(note)}</em></div>" if note else ""
        self._live.value = (f"<div data-chars='{len(text)}' data-kind='{verdict.kind}' role='status' "
                            f"aria-live='polite'>{verdict_html(verdict, 'This rung reads as:')}{extra}</div>")

    def add_rung(self) -> None:
        text, note = clean_text(self._rung_input.value, MAX_RUNG_CHARS)
        text = " ".join(text.split())
        if not text:
            show_feedback(self._feedback, Feedback("empty", "Type a rung first, then add it."))
            return
        if len(self.rungs) >= MAX_RUNGS:
            show_feedback(self._feedback, Feedback("invalid", f"A ladder of {MAX_RUNGS} rungs is plenty: "
                                                   "remove the top rung to change it."))
            return
        self.rungs = [*self.rungs, text]
        self._rung_input.value = ""
        self._save()
        self._render(note)

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.add_rung()

    def start_over(self) -> None:
        """Clear the ladder (each saved version stays in the workbook's history)."""
        if not self.rungs:
            show_feedback(self._feedback, Feedback("empty", "Your ladder is already empty: put what you offer "
                                                   "on the bottom rung."))
            return
        self.rungs = []
        self._rung_input.value = ""
        self._save()
        self._render()
        show_feedback(self._feedback, Feedback("empty", "Started over. Put what you offer on the bottom rung, "
                                               "then ask “so that…?”."))

    def remove_top(self) -> None:
        if not self.rungs:
            show_feedback(self._feedback, Feedback("empty", "Your ladder is empty."))
            return
        top = self.rungs[-1]
        self.rungs = self.rungs[:-1]
        self._rung_input.value = top  # nothing is lost: the removed rung comes back to the box to edit
        self._save()
        self._render()

    def _save(self) -> None:
        self._saver.save_now(RUNGS, list(self.rungs))
        result = ladder_result(self.rungs)
        self._saver.save_now(RESULT, result)
        for canvas in list(_FOLLOWERS):
            if canvas._saver.workbook is self._saver.workbook:
                canvas.follow_ladder(list(self.rungs))
        if check_ladder(self.rungs).status == "correct":  # a cohort sees a finished ladder only, if joined
            share(self.spec.id, result)

    def _render(self, note: str | None = None) -> None:
        n = len(self.rungs)
        self._rung_input.placeholder = ("Bottom rung: what you offer, e.g. “Weekly pottery classes”" if n == 0
                                        else "So that…? (the next rung up)")
        self._ladder.value = ladder_html(self.rungs) if self.rungs else ""
        result = check_ladder(self.rungs)
        self.status = result.status
        fb = result.feedback
        if note:
            fb = Feedback(fb.status, fb.message, fb.details + (note,))
        show_feedback(self._feedback, fb)

    def _on_hint(self, _=None) -> None:
        show_feedback(self._feedback, Feedback("empty", "Hint", (hint_for(self.spec, self.rungs),)))

    def _on_model(self, _=None) -> None:
        self._feedback.value = (f"<div class='sll-model-ladder'><strong>One model ladder</strong> (yours can be "
                                f"different and better){ladder_html(self.spec.model_answer)}</div>")
