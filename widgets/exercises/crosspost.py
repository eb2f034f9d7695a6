"""The cross-post adapter view: a core idea, a version per chosen network, live limits and a copy check."""

from __future__ import annotations

from html import escape
from typing import NamedTuple

import ipywidgets as w
import traitlets

from widgets.crosspost import DEFAULT, LIMIT, CrossPostSpec, check_set, check_version, load_networks, result
from widgets.exercises.base import Exercise, button, html, show_feedback
from widgets.exercises.lean import LeanSaver, hbox, layout, style, textarea, vbox
from widgets.feedback import Feedback, clean_text
from widgets.markup import feedback_html

CORE, CHOSEN, VERSIONS = "core", "networks", "versions"


class Panel(NamedTuple):
    """One chosen network's box: the container, the text area and the live reading."""

    box: w.VBox
    area: w.Textarea
    meter: w.HTML


class CrossPostExercise(Exercise):
    """One idea, adapted per network instead of copied everywhere."""

    core = traitlets.Unicode("", help="the learner's core idea").tag(sync=False)
    chosen = traitlets.List(traitlets.Unicode(), help="ids of the networks chosen").tag(sync=False)
    versions = traitlets.Dict(help="network id -> the learner's version").tag(sync=False)
    status = traitlets.Unicode("empty", help="the last overall check's status").tag(sync=False)

    def __init__(self, spec: CrossPostSpec, workbook=None, **kwargs):
        super().__init__(layout=layout(), **kwargs)
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = LeanSaver(spec.id, workbook)
        saved = self._saver.load()
        self._core = textarea("Your core idea, in one or two sentences…", rows=2)
        self._core.add_class("sll-crosspost-core")
        # A network's panel (its text box and live reading) is built only when the learner picks it.
        self._picks: dict[str, w.Checkbox] = {}
        self._panels: dict[str, Panel] = {}
        for net in spec.networks:
            pick = w.Checkbox(False, description=net.name, indent=False, layout=layout("auto"),
                              style=style("checkbox"))
            pick.add_class(f"sll-crosspost-pick-{net.id}")
            pick.observe(lambda ch, n=net.id: self._on_pick(n, ch.new), names="value")
            self._picks[net.id] = pick
        self._shown = vbox([])
        self._shown.add_class("sll-crosspost-panels")
        self._check = button("Check my versions", "Check each version's length and norms, and look for copies",
                             "primary")
        self._hint = button("Hint", "How to keep the idea but change the package")
        self._model = button("Show a model", "One idea adapted for three networks (try yours first)")
        self._feedback = html(css_class="sll-feedback")
        self._feedback.add_class("sll-crosspost-feedback")
        self._check.on_click(self._on_check)
        self._hint.on_click(lambda _: show_feedback(self._feedback, Feedback("empty", "Hint", (spec.hint,))))
        self._model.on_click(self._on_model)
        self._core.observe(self._on_core, names="value")
        self.add_class("sll-cross-post")
        self.children = [
            html(f"<p>{escape(spec.prompt)}</p><p style='margin:8px 0 2px'><strong>Your core idea</strong></p>"),
            self._core,
            html("<p style='margin:8px 0 2px'><strong>Where will you post it?</strong></p>"),
            hbox(self._picks.values(), wrap=True), self._shown, self._saver.status,
            hbox([self._check, self._hint, self._model], wrap=True),
            self._feedback,
            html(f"<p style='color:#4a5260;font-size:0.9em'>Limits and norms as of {escape(spec.as_of)}. "
                 f"{escape(spec.source)} Networks change these often: recheck before you rely on them.</p>",
                 css_class="sll-crosspost-asof"),
        ]
        self._restore(saved)

    @classmethod
    def from_dataset(cls, workbook=None, relative: str = DEFAULT) -> "CrossPostExercise":
        """``CrossPostExercise.from_dataset()``."""
        return cls(load_networks(relative), workbook=workbook)

    def _restore(self, saved: dict) -> None:
        self._loading = True
        try:
            if isinstance(saved.get(CORE), str):
                self._core.value = saved[CORE]
            stored = saved.get(VERSIONS)
            versions = {}
            for nid, text in (stored.items() if isinstance(stored, dict) else ()):
                if nid in self._picks and isinstance(text, str):
                    cleaned, _ = clean_text(text, LIMIT)
                    if cleaned.strip():
                        versions[nid] = cleaned
            self.versions = versions
            chosen = saved.get(CHOSEN)
            for nid in (chosen if isinstance(chosen, list) else ()):
                if nid in self._picks:
                    self._picks[nid].value = True
        finally:
            self._loading = False

    def _panel(self, nid: str) -> Panel:
        """The panel for network ``nid``, built the first time it is needed."""
        if nid not in self._panels:
            net = self.spec.network(nid)
            area = textarea(f"Your version for {net.name} (at most {net.char_limit:,} characters)…", rows=3,
                            value=self.versions.get(nid, ""), continuous_update=True)
            area.add_class("sll-crosspost-version")
            area.add_class(f"sll-crosspost-{nid}")
            meter = html(css_class="sll-crosspost-meter")
            box = vbox([html(f"<p style='margin:10px 0 2px'><strong>{escape(net.name)}</strong> — "
                             f"{escape(net.tone)}</p>"), area, meter])
            box.add_class(f"sll-crosspost-panel-{nid}")
            area.observe(lambda ch, n=nid: self._on_type(n, ch.new), names="value")
            self._panels[nid] = Panel(box, area, meter)
        return self._panels[nid]

    def _on_pick(self, nid: str, on: bool) -> None:
        chosen = [n for n, pick in self._picks.items() if pick.value]
        self.chosen = chosen
        if on:
            panel = self._panel(nid)
            self._render(nid, panel.area.value)
        # Panels appear in the networks' order; an unpicked one keeps its text for later.
        self._shown.children = [self._panels[n].box for n in chosen]
        if not getattr(self, "_loading", False):
            self._saver.save_now(CHOSEN, chosen)

    def _on_core(self, change) -> None:
        text, _ = clean_text(change.new, LIMIT)
        self.core = text
        self._save(CORE, text)

    def _on_type(self, nid: str, value: str) -> None:
        text, _ = clean_text(value, LIMIT)
        versions = dict(self.versions)
        if text.strip():
            versions[nid] = text
        else:
            versions.pop(nid, None)
        self.versions = versions
        self._render(nid, text)
        self._save(VERSIONS, versions)

    def _render(self, nid: str, text: str) -> None:
        meter = self._panels[nid].meter
        feedback = check_version(self.spec.network(nid), text)
        meter.value = (f"<div class='sll-crosspost-reading' data-chars='{len(text)}' data-network='{nid}' "
                       f"data-status='{feedback.status}'>{feedback_html(feedback)}</div>")

    def _save(self, key: str, value) -> None:
        if getattr(self, "_loading", False):
            return
        self._saver.schedule(key, value)
        self._saver.schedule("_result", result(self.spec, self.core, self._chosen_versions()))

    def _chosen_versions(self) -> dict:
        return {nid: text for nid, text in self.versions.items() if nid in self.chosen}

    def _on_check(self, _=None) -> None:
        report = check_set(self.spec, self.core, self._chosen_versions())
        self.status = report.feedback.status
        self._feedback.value = (f"<div class='sll-crosspost-result' data-copies='{len(report.copies)}' "
                                f"data-status='{report.feedback.status}'>{feedback_html(report.feedback)}</div>")
        self._saver.flush()

    def _on_model(self, _=None) -> None:
        name = {n.id: n.name for n in self.spec.networks}
        details = (f"Core idea: {self.spec.model_core}",) + tuple(
            f"{name[nid]}: {text}" for nid, text in self.spec.model_versions.items())
        show_feedback(self._feedback, Feedback("empty", "One idea, three packages (yours can differ)", details))
