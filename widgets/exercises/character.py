"""Character check: a draft post judged against the learner's own canvas and ladder, live."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets import voice
from widgets.canvas import CanvasSpec, clean_answers, load_canvas
from widgets.character import MAX_DRAFT, check_character
from widgets.exercises import lean
from widgets.exercises.base import Exercise, Saver, button, html
from widgets.feedback import clean_text
from widgets.ladder import marked_html
from widgets.exercises.meter import VoiceMeter
from widgets.markup import feedback_html

EXERCISE_ID = "02.character-check"
CANVAS_ID = "02.culture-canvas"
LADDER_ID = "02.benefit-ladder"


class CharacterCheckExercise(Exercise):
    """Type a draft; see at once whether it is in character, which words fit and which clash."""

    verdict = traitlets.Unicode("none", help="in | out | mixed | none").tag(sync=False)
    using_sample = traitlets.Bool(False, help="checking against the sample canvas").tag(sync=False)

    def __init__(self, spec: CanvasSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self.spec = spec
        self.exercise_id = EXERCISE_ID
        self._saver = Saver(EXERCISE_ID, workbook)
        self._source = html(css_class="sll-character-source")
        self._sample = button("Use the sample canvas", "Check against the example home-cooking canvas")
        self._mine = button("Use my canvas", "Check against your own canvas and ladder (reloads them)")
        self._draft = w.Textarea(placeholder="Write a draft post you are thinking of publishing…", rows=4,
                                 continuous_update=True, layout=lean.layout("wide"), style=lean.style("text"),
                                 _dom_classes=("sll-character-draft",))
        self._result = html("<div data-chars='0'></div>", css_class="sll-character-result")
        self._voice = VoiceMeter("sll-character-voice", show_text=False)
        self._sample.on_click(lambda _: self.use_sample(True))
        self._mine.on_click(lambda _: self.use_sample(False))
        self._draft.observe(self._on_type, names="value")
        self.add_class("sll-character-check")
        self.children = [self._source, w.HBox([self._mine, self._sample], layout=lean.layout()), self._draft, self._saver.status,
                         self._result, self._voice]
        saved = self._saver.load()
        self.using_sample = saved.get("sample") is True
        self._load_culture()
        if isinstance(saved.get("draft"), str):
            self._draft.value = clean_text(saved["draft"], MAX_DRAFT)[0]
        self._render()

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/canvas.yaml", workbook=None):
        return cls(load_canvas(relative), workbook=workbook)

    def _load_culture(self) -> None:
        if self.using_sample:
            self._canvas, self._rungs = dict(self.spec.sample), []
            self._source.value = (f"<p>Checking against the <strong>sample canvas</strong> (essence: "
                                  f"{escape(self.spec.sample['essence'])}).</p>")
            return
        wb = self._saver.workbook
        canvas = wb.get(CANVAS_ID, "answers") if wb is not None else None
        rungs = wb.get(LADDER_ID, "rungs") if wb is not None else None
        self._canvas = clean_answers(canvas if isinstance(canvas, dict) else {})
        self._rungs = [r for r in rungs if isinstance(r, str)] if isinstance(rungs, list) else []
        if any(self._canvas.values()) or self._rungs:
            essence = self._canvas.get("essence") or (self._rungs[-1] if self._rungs else "")
            self._source.value = (f"<p>Checking against <strong>your canvas and ladder</strong>"
                                  f"{' (essence: ' + escape(essence) + ')' if essence else ''}.</p>")
        else:
            self._source.value = ("<p>Your canvas and ladder are still empty, so there is nothing to check against. "
                                  "Fill them in above, or try the sample canvas.</p>")

    def use_sample(self, on: bool) -> None:
        self.using_sample = on
        self._load_culture()
        self._saver.save_now("sample", on)
        self._render()

    def _on_type(self, change) -> None:
        self._render()
        self._saver.schedule("draft", clean_text(change.new, MAX_DRAFT)[0])

    def _render(self) -> None:
        report = check_character(self._draft.value, self._canvas, self._rungs)
        self.verdict = report.verdict
        marked = ""
        if report.text.strip() and report.marks:
            marked = (f"<div class='sll-highlighted' style='border-left:3px solid #8a94a6;padding:4px 10px;margin:6px 0;"
                      f"overflow-wrap:anywhere'>{marked_html(report.text, report.marks)}</div>")
        self._result.value = (f"<div data-chars='{len(report.text)}' data-verdict='{report.verdict}'>"
                              f"{feedback_html(report.feedback)}{marked}</div>")
        self._voice.show(report.voice if report.voice is not None else voice.analyze(self._draft.value),
                         lead="<p style='margin:8px 0 2px'><strong>Voice meter for this draft</strong></p>")
