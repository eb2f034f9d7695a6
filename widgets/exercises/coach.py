"""Facilitation notes as a widget: visible in coach mode, an empty box for learners."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from widgets.coach import CoachNotes, coach_mode, load_notes
from widgets.exercises.base import Exercise


class CoachNotesView(Exercise):
    """The lesson's session plan for coaches; renders nothing unless coach mode is on."""

    def __init__(self, notes: CoachNotes, show: bool | None = None, **kwargs):
        super().__init__(**kwargs)
        self.notes = notes
        self.exercise_id = notes.id
        self.visible = coach_mode() if show is None else show
        self.add_class("sll-coach-notes")
        if not self.visible:
            self.layout = w.Layout(display="none")
            return
        steps = "".join(f"<li><strong>{escape(s.title)}</strong> ({s.minutes} min): {escape(s.text)}</li>"
                        for s in notes.steps)
        self.children = [w.HTML(
            f"<aside aria-label='Notes for coaches' style='border:2px dashed #5a4fcf;border-radius:8px;"
            f"padding:8px 14px;background:#f4f2ff;color:#1d1a3a'><strong>For coaches: {escape(notes.title)}"
            f" (about {notes.minutes} minutes)</strong><ol style='margin:4px 0'>{steps}</ol></aside>")]

    @classmethod
    def from_dataset(cls, relative: str, show: bool | None = None) -> "CoachNotesView":
        return cls(load_notes(relative), show=show)
