"""Robot or human? Sort messages, see the automated patterns, rewrite the robotic ones in a human voice."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets import robot, voice
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, Line, arrange, button, html, show_feedback
from widgets.feedback import Feedback, clean_text
from widgets.exercises.meter import VoiceMeter
from widgets.markup import highlight
from widgets.robot import LABELS, RobotSpec, check_rewrite, check_sort, load_robot

CHANNELS = {"dm": "Direct message", "post": "Post", "reply": "Reply"}
CURRENT = "_current"
NONE_YET = "Sort the messages above first"


def picker_label(number: int, text: str) -> str:
    """A message as the rewrite picker names it: its place in the sorting and its first words (no ids).

    >>> picker_label(3, "Hi {first_name}! Thanks for following, check out my course today")
    'Message 3: Hi {first_name}! Thanks for following, check out…'
    """
    words = " ".join(text.split())
    return f"Message {number}: {words if len(words) <= 50 else words[:49].rstrip() + '…'}"


def robot_line(text: str, signals) -> str:
    """The robot-pattern line shown above the voice meter while a rewrite is typed."""
    if not text.strip():
        body = "Start typing: robot patterns and the voice meter show here."
    else:
        found = "; ".join(f"{s.label} (“{text[s.spans[0][0]:s.spans[0][1]]}”)" for s in signals)
        body = f"Robot patterns: {found}." if signals else "No robot patterns."
    return f"<p class='sll-robot-reading' style='margin:4px 0;color:#2b2f33'>{escape(body)}</p>"


class RobotOrHumanExercise(Exercise):
    """Part 1: sort each message as robot or human. Part 2: rewrite robotic ones until they pass."""

    index = traitlets.Int(0, help="which message is shown for sorting").tag(sync=False)
    marks = traitlets.Dict(help="message id -> 'robot' | 'human'").tag(sync=False)
    rewrite_id = traitlets.Unicode(help="the robotic message being rewritten").tag(sync=False)
    draft = traitlets.Unicode(help="the learner's rewrite of it").tag(sync=False)

    def __init__(self, spec: RobotSpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        saved = self._saver.load()
        self._progress = html()
        self._card = html(css_class="sll-robot-card")
        self._robot = button("Robot", "Software sent this to everyone", "danger", css_class="sll-mark-robot")
        self._human = button("Human", "A person wrote this to a person", css_class="sll-mark-human",
                             look="green-button-style")
        self._prev = button("Previous", "Previous message")
        self._next = button("Next", "Next message")
        self._hint = button(HINT, "What to look for")
        self._feedback = Line("sll-feedback")
        self._score = html(css_class="sll-robot-score")
        self._robot.on_click(lambda _: self.mark("robot"))
        self._human.on_click(lambda _: self.mark("human"))
        self._prev.on_click(lambda _: self.go(self.index - 1))
        self._next.on_click(lambda _: self.go(self.index + 1))
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.hint,))))
        # Part 2: the rewrite
        self._drafts = {k: v for k, v in (saved.get("rewrites") or {}).items() if isinstance(v, str)} \
            if isinstance(saved.get("rewrites"), dict) else {}
        # The picker lists only robotic messages the learner has already sorted (their label is then no
        # secret): listing every robotic message up front would be the answer key to part 1.
        self._picker = w.Dropdown(options=[(NONE_YET, "")], value="", description="Rewrite:",
                                  layout=lean.layout("wide"), style=lean.style("description"),
                                  _dom_classes=("sll-robot-picker",))
        self._original = html(css_class="sll-robot-original")
        self._draft = w.Textarea(placeholder="Write it as you would to one person…", rows=3,
                                 layout=lean.layout("wide"), style=lean.style("text"),
                                 _dom_classes=("sll-robot-draft",))
        self._live = VoiceMeter("sll-robot-live", show_text=False)
        self._check = button(CHECK, "No robot patterns, and a human voice?", "primary")
        self._rewrite_hint = button("Rewrite hint", "How to make it human")
        self._model = button(ANSWER, "One way to write it (try yours first)")
        self._rewrite_feedback = Line("sll-feedback")
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._draft.observe(self._on_type, names="value")
        self._check.on_click(self._on_check)
        self._rewrite_hint.on_click(lambda _: show_feedback(self._rewrite_feedback,
                                                            Feedback("empty", "Hint", (spec.rewrite_hint,))))
        self._model.on_click(self._on_model)
        self.add_class("sll-robot-or-human")
        arrange(self, [
            html(f"<p>{escape(spec.prompt)}</p>"), self._progress, self._card,
            lean.hbox([self._robot, self._human, self._hint]), self._feedback,
            lean.hbox([self._prev, self._next]), self._score,
            html("<h4 style='margin:14px 0 4px'>Now rewrite a robotic one</h4>"), self._picker, self._original,
            self._draft, self._live,
            w.HBox([self._check, self._rewrite_hint, self._model], layout=lean.layout("wrap")),
            self._rewrite_feedback, self._saver.status,
        ])
        marks = saved.get("marks") if isinstance(saved.get("marks"), dict) else {}
        self.marks = {k: v for k, v in marks.items() if spec.message(k) is not None and v in LABELS}
        self.go(next((i for i, m in enumerate(spec.messages) if m.id not in self.marks), 0))
        self._refresh_score()
        choices = self._refresh_picker()
        start = saved.get(CURRENT)
        self.select(start if start in choices else (choices[0] if choices else ""))

    @classmethod
    def from_dataset(cls, relative: str = "lesson03/messages.yaml", workbook=None):
        return cls(load_robot(relative), workbook=workbook)

    @property
    def current(self):
        return self.spec.messages[self.index]

    # --- part 1: sorting ---
    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.spec.messages) - 1))
        self._render_card()
        show_feedback(self._feedback, check_sort(self.current, self.marks.get(self.current.id)))
        self._prev.disabled = self.index == 0
        self._next.disabled = self.index == len(self.spec.messages) - 1

    def mark(self, label: str) -> None:
        msg = self.current
        self.marks = {**self.marks, msg.id: label}
        self._render_card()
        show_feedback(self._feedback, check_sort(msg, label))
        self._saver.save_now("marks", dict(self.marks))
        self._refresh_score()
        choices = self._refresh_picker()
        if not self.rewrite_id and choices:
            self.select(choices[0])

    def _render_card(self) -> None:
        msg = self.current
        self._progress.value = f"<strong>Message {self.index + 1} of {len(self.spec.messages)}</strong>"
        # Triggers are revealed only after the learner has sorted the message.
        spans = [(s, e, "red") for sig in robot.detect(msg.text) for s, e in sig.spans] if msg.id in self.marks else []
        self._card.value = (f"<article class='sll-card' style='border:1px solid #c9ced6;border-radius:8px;"
                            f"padding:10px 14px;max-width:640px;background:#fff;color:#1d2125'>"
                            f"<div style='color:#4a5260'>{escape(CHANNELS.get(msg.channel, msg.channel))}</div>"
                            f"<p style='margin:6px 0 0 0;overflow-wrap:anywhere'>{highlight(msg.text, spans)}</p>"
                            f"</article>")

    def _refresh_score(self) -> None:
        right = sum(self.spec.message(k).label == v for k, v in self.marks.items())
        self._score.value = (f"<p>You have sorted {len(self.marks)} of {len(self.spec.messages)} messages; "
                             f"{right} match the label.</p>")

    # --- part 2: rewriting ---
    def rewritable(self) -> list[str]:
        """Robotic messages the learner has sorted (or already rewrote), in the order they were sorted in."""
        return [m.id for m in self.spec.messages
                if m.label == "robot" and (m.id in self.marks or self._drafts.get(m.id))]

    def _refresh_picker(self) -> list[str]:
        ids = self.rewritable()
        number = {m.id: i for i, m in enumerate(self.spec.messages, 1)}
        options = [(picker_label(number[i], self.spec.message(i).text), i) for i in ids] or [(NONE_YET, "")]
        if list(self._picker.options) != options:
            self._refreshing = True  # new options are not a choice by the learner
            try:
                self._picker.options = options
                self._picker.value = self.rewrite_id if self.rewrite_id in ids else options[0][1]
            finally:
                self._refreshing = False
        self._picker.disabled = not ids
        return ids

    def select(self, message_id: str | None) -> None:
        if getattr(self, "_refreshing", False):
            return
        self._saver.flush()
        msg = self.spec.message(message_id or "")
        self.rewrite_id = msg.id if msg is not None else ""
        if self._picker.value != self.rewrite_id and self.rewrite_id in self.rewritable():
            self._picker.value = self.rewrite_id
        self._draft.disabled = msg is None
        if msg is None:
            self._original.value = ("<p class='sll-robot-none' style='margin:6px 0;color:#4a5260'>Sort the messages "
                                    "above. Each robotic one you find comes here for you to rewrite.</p>")
            self._rewrite_feedback.value = ""
            self._render_live("")
            return
        spans = [(s, e, "red") for sig in robot.detect(msg.text) for s, e in sig.spans]
        self._original.value = (f"<p style='margin:6px 0'><span style='color:#4a5260'>Original:</span> "
                                f"{highlight(msg.text, spans)}</p>")
        self._rewrite_feedback.value = ""
        self._showing = True  # putting the saved draft back in the box is not typing: nothing is saved
        try:
            self._draft.value = self._drafts.get(message_id, "")
        finally:
            self._showing = False
        self._render_live(self._draft.value)

    def _on_type(self, change) -> None:
        if getattr(self, "_showing", False):
            return
        text, _ = clean_text(change.new)
        if not self.rewrite_id:
            return
        if text or self.rewrite_id in self._drafts:  # switching messages clears the box: not a draft
            self._drafts[self.rewrite_id] = text
            self._saver.schedule("rewrites", {k: v for k, v in self._drafts.items() if v})
            self._saver.schedule(CURRENT, self.rewrite_id)
        self._render_live(text)

    def _render_live(self, text: str) -> None:
        self.draft = text
        signals = robot.detect(text)
        self._live.show(voice.analyze(text), lead=robot_line(text, signals), attrs=f"data-robot='{len(signals)}'")

    def _on_check(self, _=None) -> None:
        if not self.rewrite_id:
            show_feedback(self._rewrite_feedback, Feedback("empty", "Sort a robotic message first, then rewrite it."))
            return
        show_feedback(self._rewrite_feedback, check_rewrite(self.spec.message(self.rewrite_id).text, self.draft))

    def _on_model(self, _=None) -> None:
        if not self.rewrite_id:
            show_feedback(self._rewrite_feedback, Feedback("empty", "Sort a robotic message first, then rewrite it."))
            return
        model = self.spec.model_rewrites.get(self.rewrite_id)
        text = (model,) if model else ("No model for this one yet: use the hint.",)
        show_feedback(self._rewrite_feedback, Feedback("empty", "One human version (yours can be better)", text))
