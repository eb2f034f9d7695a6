"""The voice meter view: one component for every exercise that reads a post's voice."""

from __future__ import annotations

import ipywidgets as w
import traitlets

from widgets import meter, voice
from widgets.exercises import lean
from widgets.exercises.base import BuiltBox, html, shared

SHOW, HIDE = "Show every signal", "Hide every signal"


class VoiceMeter(BuiltBox):
    """The verdict on its scale, the moves that matter, and every signal behind a toggle.

    ``show(report)`` renders a reading; the full signal list is rendered only while it is open, so a
    keystroke costs the glanceable part alone. The toggle is a button (keyboard reachable) and keeps
    its state while the learner types, which a ``<details>`` rewritten on each keystroke would not.
    """

    verdict = traitlets.Unicode("none", help="the verdict shown: one of voice.VERDICT_SCALE, or none").tag(sync=False)
    expanded = traitlets.Bool(False, help="whether every signal is shown").tag(sync=False)

    def __init__(self, css_class: str = "sll-voice-meter", show_text: bool = True, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self._show_text = show_text
        self._report = None
        self._lead = self._attrs = ""
        self._head = html(css_class="sll-meter-head")
        self._toggle = w.ToggleButton(False, description=SHOW, tooltip="Every signal the meter listened for, and why",
                                      layout=shared("button-layout"), style=lean.style("toggle-button"),
                                      _dom_classes=("sll-meter-toggle",))
        self._all = None  # the full list: made on first opening (a model fewer for a page to load)
        self._toggle.observe(lambda ch: self.set_open(ch.new), names="value")
        self.add_class(css_class)
        self.add_class("sll-meter")
        self.children = [self._head, self._toggle]
        voice.load_soon()  # a meter is read as the learner types: have the cue lists ready by the first key

    def show(self, report, *, lead: str = "", attrs: str = "") -> None:
        """Show ``report`` (a ``voice.VoiceReport``); ``lead`` is escaped markup shown above the verdict."""
        self._report, self._lead, self._attrs = report, lead, attrs
        self.verdict = report.verdict if report.status == "ok" and report.verdict else "none"
        self._head.value = (f"<style>{meter.METER_CSS}</style>"
                            + meter.head_html(report, show_text=self._show_text, lead=lead, attrs=attrs))
        if self.expanded:
            self._all.value = meter.signals_html(report)

    def set_open(self, on: bool) -> None:
        self.expanded = bool(on)
        if self._toggle.value != self.expanded:
            self._toggle.value = self.expanded
        self._toggle.description = HIDE if self.expanded else SHOW
        if self.expanded and self._all is None:
            self._all = html(css_class="sll-meter-all")  # a child only while open: no layout model of its own
        if self.expanded and self._report is not None:
            self._all.value = meter.signals_html(self._report)
        self.children = [self._head, self._toggle, self._all] if self.expanded else [self._head, self._toggle]

    @property
    def value(self) -> str:
        """Everything the meter shows now, as markup (for tests and text checks)."""
        return self._head.value + (self._all.value if self.expanded and self._all is not None else "")
