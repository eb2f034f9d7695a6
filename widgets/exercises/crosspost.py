"""The cross-post adapter view: a core idea, a version per chosen network, live limits and a copy check."""

from __future__ import annotations

from html import escape
from typing import NamedTuple

import ipywidgets as w
import traitlets

from widgets.crosspost import DEFAULT, LIMIT, CrossPostSpec, check_set, check_version, load_networks, result
from widgets.exercises.base import ANSWER, CHECK, Exercise, Line, arrange, button, html, show_feedback
from widgets.exercises.lean import dropdown, hbox, hint_html, layout, textarea, vbox
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
        self._bind(spec, workbook)
        saved = self._saver.load()
        self._core = textarea("Your core idea, in one or two sentences…", rows=2,
                              _dom_classes=("sll-crosspost-core",))
        # One menu and one button instead of a checkbox per network; a network's panel (its text box,
        # live reading and Remove button) is built only when the learner adds it.
        self._network = dropdown(options=[("— choose a network —", "")] + [(n.name, n.id) for n in spec.networks],
                                 value="", description="Where will you post it?", initial=True,
                                 _dom_classes=("sll-crosspost-network",))
        self._add = button("Add network", "Add a box for your version on the network chosen in the menu",
                           css_class="sll-crosspost-add")
        self._add.on_click(self._on_add)
        self._panels: dict[str, Panel] = {}
        self._shown = vbox([], _dom_classes=("sll-crosspost-panels",))
        self._check = button(CHECK, "Check each version's length and norms, and look for copies",
                             "primary")
        self._model = button(ANSWER, "One idea adapted for three networks (try yours first)")
        self._feedback = Line(("sll-feedback", "sll-crosspost-feedback"))
        self._check.on_click(self._on_check)
        self._model.on_click(self._on_model)
        self._core.observe(self._on_core, names="value")
        self._intro = html(f"<p>{escape(spec.prompt)}</p>{hint_html(spec.hint)}"
                           "<p style='margin:8px 0 2px'><strong>Your core idea</strong></p>")
        self.add_class("sll-cross-post")
        arrange(self, [
            self._intro,
            self._core,
            hbox([self._network, self._add], wrap=True), self._shown, self._saver.status,
            hbox([self._check, self._model], wrap=True),
            self._feedback,
            html(f"<p style='color:#4a5260;font-size:0.9em'>Limits and norms as of {escape(spec.as_of)}. "
                 f"{escape(spec.source)} Networks change these often: recheck before you rely on them.</p>",
                 css_class="sll-crosspost-asof"),
        ])
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
                if self.spec.network(nid) is not None and isinstance(text, str):
                    cleaned, _ = clean_text(text, LIMIT)
                    if cleaned.strip():
                        versions[nid] = cleaned
            self.versions = versions
            chosen = saved.get(CHOSEN)
            for nid in (chosen if isinstance(chosen, list) else ()):
                if isinstance(nid, str):
                    self.pick(nid)
        finally:
            self._loading = False

    def _panel(self, nid: str) -> Panel:
        """The panel for network ``nid``, built the first time it is needed."""
        if nid not in self._panels:
            net = self.spec.network(nid)
            area = textarea(f"Your version for {net.name} (at most {net.char_limit:,} characters)…", rows=3,
                            value=self.versions.get(nid, ""), continuous_update=True,
                            _dom_classes=("sll-crosspost-version",))
            area.add_class(f"sll-crosspost-{nid}")
            meter = html(css_class="sll-crosspost-meter")
            remove = button("Remove", f"Stop planning a version for {net.name} (its text is kept if you add it again)",
                            css_class="sll-crosspost-remove")
            remove.on_click(lambda _, n=nid: self.unpick(n))
            box = vbox([html(f"<p style='margin:10px 0 2px'><strong>{escape(net.name)}</strong> — "
                             f"{escape(net.tone)}</p>"), area, hbox([remove]), meter],
                                       _dom_classes=(f"sll-crosspost-panel-{nid}",))
            area.observe(lambda ch, n=nid: self._on_type(n, ch.new), names="value")
            self._panels[nid] = Panel(box, area, meter)
        return self._panels[nid]

    def pick(self, nid: str) -> None:
        """Add network ``nid`` (a no-op for an unknown or already chosen one)."""
        if self.spec.network(nid or "") is None or nid in self.chosen:
            return
        self._set_chosen([n.id for n in self.spec.networks if n.id in self.chosen or n.id == nid])
        self._render(nid, self._panels[nid].area.value)

    def _on_add(self, _=None) -> None:
        nid = self._network.value
        if not nid:
            show_feedback(self._feedback, Feedback("empty", "Choose a network in the menu first, then add it."))
        elif nid in self.chosen:
            show_feedback(self._feedback, Feedback("empty", f"{self.spec.network(nid).name} is already in your list."))
        else:
            self.pick(nid)

    def unpick(self, nid: str) -> None:
        """Remove network ``nid``; its text is kept and comes back if the network is added again."""
        if nid in self.chosen:
            self._set_chosen([n for n in self.chosen if n != nid])

    def _set_chosen(self, chosen: list) -> None:
        self.chosen = chosen
        # Panels appear in the networks' order.
        self._shown.children = [self._panel(n).box for n in chosen]
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
