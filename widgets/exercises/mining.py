"""Daily-life mining: a week's moments, observations, lessons and stories become post ideas."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import traitlets

from widgets.exercises import lean
from widgets.exercises.base import Exercise, Line, arrange, button, html, show_feedback
from widgets.feedback import clean_text
from widgets.mining import MAX_NOTES, MiningSpec, load_mining, mine_week

PILLARS_ID = "02.content-pillars"


class DailyLifeExercise(Exercise):
    """Jot the week under four prompts; get one post idea per line, linked to a pillar."""

    status = traitlets.Unicode("empty").tag(sync=False)
    ideas = traitlets.List(help="[pillar, idea] pairs from the last run").tag(sync=False)

    def __init__(self, spec: MiningSpec, workbook=None, **kwargs):
        super().__init__(layout=lean.layout(), **kwargs)
        self._bind(spec, workbook)
        self._notes = {p.id: w.Textarea(placeholder=f"e.g. {p.example}", rows=2, layout=lean.layout("wide"),
                                        style=lean.style("text"),
                                        **lean.labelled(f"<strong>{escape(p.label)}:</strong> {escape(p.question)}",
                                                        f"sll-mining-{p.id}"))
                       for p in spec.prompts}
        self._run = button("Turn my week into post ideas", "One post idea per line, linked to your pillars", "primary")
        self._example = button("Try an example week", "Fill the prompts with an example week")
        self._feedback = Line("sll-feedback")
        self._list = Line("sll-mining-ideas")
        self._run.on_click(lambda _: self.mine())
        self._example.on_click(self._on_example)
        self._intro = html(f"<p>{escape(spec.prompt)}</p>{lean.hint_html(spec.hint)}")
        self.add_class("sll-daily-life")
        arrange(self, [self._intro, *self._notes.values(), self._saver.status,
                       w.HBox([self._run, self._example], layout=lean.layout("wrap")), self._feedback, self._list])
        saved = self._saver.load().get("notes")
        if isinstance(saved, dict):
            for pid, box in self._notes.items():
                if isinstance(saved.get(pid), str):
                    box.value = clean_text(saved[pid], MAX_NOTES)[0]
        for box in self._notes.values():
            box.observe(lambda _: self._saver.schedule("notes", self.notes), names="value")

    @classmethod
    def from_dataset(cls, relative: str = "lesson02/mining.yaml", workbook=None):
        return cls(load_mining(relative), workbook=workbook)

    @property
    def notes(self) -> dict:
        return {pid: clean_text(box.value, MAX_NOTES)[0] for pid, box in self._notes.items()}

    def _on_example(self, _=None) -> None:
        for pid, box in self._notes.items():
            box.value = self.spec.example_week.get(pid, "")
        self.mine()

    def mine(self) -> None:
        wb = self._saver.workbook
        pillars = wb.get(PILLARS_ID, "pillars") if wb is not None else None
        ideas, feedback = mine_week(self.spec, self.notes, pillars if isinstance(pillars, list) else [])
        self.status = feedback.status
        self.ideas = [[i.pillar, i.idea] for i in ideas]
        show_feedback(self._feedback, feedback)
        rows = "".join(f"<li style='margin:4px 0;overflow-wrap:anywhere'><strong>{escape(i.pillar or 'No pillar yet')}"
                       f"</strong> — {escape(i.idea)}</li>" for i in ideas)
        self._list.value = f"<ol style='padding-left:20px'>{rows}</ol>" if rows else ""
        self._saver.save_now("notes", self.notes)
        if ideas:
            self._saver.save_now("_result", {"title": "Post ideas from my week",
                                             "items": [[i.pillar or "No pillar yet", i.idea] for i in ideas],
                                             "ideas": [{"pillar": i.pillar, "idea": i.idea, "source": i.source}
                                                       for i in ideas]})
