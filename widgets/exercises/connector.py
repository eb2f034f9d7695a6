"""The connector view: pick a suggested introduction, draft the message, record it, see the map."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets import robot, voice
from widgets.connector import (CommunitySpec, check_intro, intro_result, load_community, network_figure_data,
                               pair_key, suggest)
from widgets.exercises import lean
from widgets.exercises.base import ANSWER, CHECK, HINT, Exercise, Line, arrange, button, draw, html, show_feedback
from widgets.exercises.meter import VoiceMeter
from widgets.feedback import Feedback, clean_text

SHOWN = 12  # suggestions offered at a time


def _robot_line(text: str, signals) -> str:
    if not text.strip():
        body = "Start typing: the check reads your introduction as you write."
    else:
        body = "Robot patterns: " + "; ".join(s.label for s in signals) + "." if signals else "No robot patterns."
    return f"<p class='sll-intro-reading' style='margin:4px 0'>{escape(body)}</p>"


class ConnectorExercise(Exercise):
    """Suggested introductions with reasons; a drafted, checked message; a list and a network map."""

    pair = traitlets.Tuple(help="the chosen pair of member ids").tag(sync=False)
    introduced = traitlets.List(help="introductions made: dicts with a, b, names, message").tag(sync=False)
    draft = traitlets.Unicode(help="the introduction being written").tag(sync=False)

    def __init__(self, spec: CommunitySpec, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._bind(spec, workbook)
        saved = self._saver.load()
        self._drafts = ({k: v for k, v in saved["drafts"].items() if isinstance(v, str)}
                        if isinstance(saved.get("drafts"), dict) else {})
        self.introduced = [r for r in (saved.get("introduced") or [])
                           if isinstance(r, dict) and spec.member(str(r.get("a"))) and spec.member(str(r.get("b")))] \
            if isinstance(saved.get("introduced"), list) else []
        self._picker = w.Dropdown(description="Introduce:", layout=lean.layout("wide"),
                                  style=lean.style("description"), _dom_classes=("sll-intro-picker",))
        self._why = html(css_class="sll-intro-why")
        self._draft = w.Textarea(placeholder="Name both people, say why they should talk, offer an easy first question…",
                                 rows=4, layout=lean.layout("wide"), style=lean.style("text"),
                                 _dom_classes=("sll-intro-draft",))
        self._live = VoiceMeter("sll-intro-live", show_text=False)
        self._check = button(CHECK, "Does it sound like a host, not a robot?", "primary")
        self._record = button("Mark as introduced", "Record this introduction in your list")
        self._hint = button(HINT, "How to write a good introduction")
        self._model = button(ANSWER, "One example (for a different pair)")
        self._map_button = button("Show network map", "Draw your community and the introductions made")
        self._feedback = Line("sll-feedback")
        self._list = html(css_class="sll-intro-list")
        self._map = w.Output(layout=lean.layout("chart"))
        self._picker.observe(lambda ch: self.select(ch.new), names="value")
        self._draft.observe(self._on_type, names="value")
        self._check.on_click(self._on_check)
        self._record.on_click(self._on_record)
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.hint,))))
        self._model.on_click(lambda _: show_feedback(self._feedback, Feedback(
            "empty", "A model introduction (Ana and Bruno)", (spec.model_intro,))))
        self._map_button.on_click(self.show_map)
        self.add_class("sll-connector")
        arrange(self, [
            html(f"<p>{escape(spec.prompt)}</p>"), self._picker, self._why, self._draft, self._live,
            w.HBox([self._check, self._record, self._hint, self._model], layout=lean.layout("wrap")),
            self._feedback, self._list, lean.hbox([self._map_button]), self._map, self._saver.status,
        ])
        self._refresh()

    @classmethod
    def from_dataset(cls, relative: str = "lesson03/community.yaml", workbook=None):
        return cls(load_community(relative), workbook=workbook)

    @property
    def introduced_pairs(self) -> list[tuple[str, str]]:
        return [pair_key(r["a"], r["b"]) for r in self.introduced]

    def _refresh(self) -> None:
        """Recompute suggestions (never an introduced pair) and the list; keep the choice if still offered."""
        self._suggestions = suggest(self.spec.members, self.introduced_pairs, limit=SHOWN)
        options = []
        for s in self._suggestions:
            a, b = self.spec.member(s.a), self.spec.member(s.b)
            options.append((f"{a.name} ↔ {b.name}", f"{s.a}|{s.b}"))
        keep = self._picker.value if self._picker.value in {v for _, v in options} else None
        self._picker.options = options
        if options:
            self._picker.value = keep or options[0][1]
            self.select(self._picker.value)
        rows = "".join(f"<li><strong>{escape(r.get('names', ''))}</strong>: {escape(r.get('message', ''))}</li>"
                       for r in self.introduced)
        self._list.value = (f"<p style='margin:8px 0 2px'><strong>Introductions made: {len(self.introduced)}</strong>"
                            f"</p><ol style='margin:0'>{rows}</ol>" if rows else
                            "<p style='color:#4a5260'><em>No introductions recorded yet.</em></p>")

    def select(self, value: str | None) -> None:
        if not value or "|" not in value:
            return
        self._saver.flush()
        a_id, b_id = value.split("|", 1)
        self.pair = (a_id, b_id)
        s = next((x for x in self._suggestions if (x.a, x.b) == self.pair), None)
        a, b = self.spec.member(a_id), self.spec.member(b_id)
        reasons = "".join(f"<li>{escape(r)}</li>" for r in (s.reasons if s else ()))
        self._why.value = (f"<div style='margin:4px 0'><strong>Why {escape(a.first_name)} and {escape(b.first_name)}"
                           f"</strong><ul style='margin:2px 0 0 18px;padding:0'>{reasons}</ul></div>")
        self._feedback.value = ""
        self._draft.value = self._drafts.get(f"{a_id}|{b_id}", "")
        self._render_live(self._draft.value)

    def _on_type(self, change) -> None:
        text, _ = clean_text(change.new, limit=2000)
        if self.pair:
            key = "|".join(self.pair)
            if text or key in self._drafts:  # switching pairs clears the box: that is not a draft
                self._drafts[key] = text
                self._saver.schedule("drafts", {k: v for k, v in self._drafts.items() if v})
        self._render_live(text)

    def _render_live(self, text: str) -> None:
        self.draft = text
        signals = robot.detect(text)
        self._live.show(voice.analyze(text), lead=_robot_line(text, signals), attrs=f"data-robot='{len(signals)}'")

    def _feedback_now(self) -> Feedback:
        if not self.pair:
            return Feedback("empty", "Everyone suggested has been introduced. Well hosted!")
        return check_intro(self.spec.member(self.pair[0]), self.spec.member(self.pair[1]), self.draft)

    def _on_check(self, _=None) -> None:
        show_feedback(self._feedback, self._feedback_now())

    def _on_record(self, _=None) -> None:
        feedback = self._feedback_now()
        if not feedback.passed:
            show_feedback(self._feedback, Feedback(feedback.status, "Not recorded yet: " + feedback.message,
                                                   feedback.details))
            return
        a, b = (self.spec.member(x) for x in self.pair)
        self.introduced = [*self.introduced, {"a": a.id, "b": b.id, "names": f"{a.name} ↔ {b.name}",
                                              "message": self.draft}]
        self._drafts.pop("|".join(self.pair), None)
        self._saver.save_now("introduced", list(self.introduced))
        self._saver.save_now("drafts", dict(self._drafts))
        self._saver.save_now("_result", intro_result(self.introduced))
        show_feedback(self._feedback, Feedback("correct", f"Recorded: {a.first_name} and {b.first_name} have met.",
                                               ("The next suggestion is ready; the map shows who you have connected.",)))
        self._refresh()

    def show_map(self, _=None) -> None:
        """Draw the network map (on request only: it keeps the lesson quick to open)."""
        n = len(self.introduced)
        alt = (f"Network map of {len(self.spec.members)} community members arranged in a circle by interest, "
               f"with {n} introduction{'s' if n != 1 else ''} drawn as lines.")
        draw(self._map, network_figure_data(self.spec.members, self.introduced_pairs, self.pair or None), alt)
