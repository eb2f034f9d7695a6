"""Facilitation notes as a widget: a panel beside the lesson in coach mode, an empty box for learners."""

from __future__ import annotations

import threading
from html import escape

import ipywidgets as w

from widgets.coach import CoachNotes, coach_mode, load_notes
from widgets.exercises import lean
from widgets.exercises.base import Exercise

LIVE_EVERY_S = 10.0  # how often the panel re-reads the cohort numbers

# The panel stays in view while the coach scrolls the lesson: at the right of a laptop-wide page (the
# lesson's column moves left to make room), along the bottom of a narrow one. It is a <details>, so
# the coach can fold it away. Only coach mode draws it; the room's pages never carry this sheet.
PANEL_CSS = """
<style>
.sll-coach-panel { box-sizing: border-box; border: 2px dashed #5a4fcf; border-radius: 8px; background: #f4f2ff;
  color: #1d1a3a; padding: 8px 14px; z-index: 30; overflow: auto; font-size: 15px; line-height: 1.45; }
.sll-coach-panel summary { cursor: pointer; font-weight: 600; }
.sll-coach-panel ol { margin: 6px 0; padding-left: 1.3em; }
.sll-coach-panel li { margin: 0 0 6px; }
.sll-coach-panel .sll-coach-live { margin: 0 0 6px; padding-bottom: 6px; border-bottom: 1px solid #c9c2f2; font-weight: 600; }
.sll-coach-panel a { color: #3d2fb8; }
/* Voilà's page is a Lumino layout whose panels set `contain: strict`, which would pin a fixed box to
   the panel (it then scrolls away with the lesson); the panels holding the notes give that up. */
body[data-voila] .lm-Widget:has(.sll-coach-panel) { contain: none !important; }
@media (min-width: 1100px) {
  .sll-coach-panel { position: fixed; top: 12px; right: 12px; width: 20rem; max-height: calc(100vh - 24px); }
  body[data-voila]:has(.sll-coach-panel) #rendered_cells > div { margin-left: max(0px, calc((100vw - 22rem - var(--sll-column, 46rem)) / 2)); margin-right: 22rem; }
}
@media (max-width: 1099.98px) {
  .sll-coach-panel { position: fixed; left: 0; right: 0; bottom: 0; max-height: 45vh; border-radius: 8px 8px 0 0; }
  body[data-voila]:has(.sll-coach-panel) #rendered_cells > div { padding-bottom: 50vh; }
}
</style>
"""


def notes_html(notes: CoachNotes) -> str:
    """The panel's markup: the session plan and the dashboard link (the live line is a widget below it)."""
    from widgets.cohort.present import DASHBOARD  # coach mode only

    steps = "".join(f"<li><strong>{escape(s.title)}</strong> ({s.minutes} min): {escape(s.text)}</li>"
                    for s in notes.steps)
    return (f"{PANEL_CSS}<aside aria-label='Notes for coaches'><details open>"
            f"<summary>For coaches: {escape(notes.title)} (about {notes.minutes} minutes)</summary>"
            f"<ol>{steps}</ol><p style='margin:4px 0'><a href='{escape(DASHBOARD)}' target='_blank' rel='noopener'>"
            f"Open the cohort dashboard</a> (a new tab; the room never sees these notes)</p></details></aside>")


class CoachNotesView(Exercise):
    """The lesson's session plan for coaches; renders nothing unless coach mode is on."""

    def __init__(self, notes: CoachNotes, show: bool | None = None, live: bool | None = None, **kwargs):
        """``live``: keep a line of cohort numbers up to date (default: when shown in coach mode)."""
        super().__init__(**kwargs)
        self._store = None
        self._stop = threading.Event()
        self.notes = notes
        self.exercise_id = notes.id
        self.visible = coach_mode() if show is None else show
        self.add_class("sll-coach-notes")
        if not self.visible:
            self.layout = lean.layout("hidden")
            return
        self.add_class("sll-coach-panel")  # the box itself is the panel: the notes and the live line in it
        self._live = w.HTML(layout=w.Layout(display="none"), _dom_classes=("sll-coach-live-line",))
        self.children = [self._live, w.HTML(notes_html(notes))]  # the live line stays in view when the notes scroll
        if live if live is not None else show is None:
            self.refresh_live()
            threading.Thread(target=self._keep_live, name="sll-coach-live", daemon=True).start()

    def refresh_live(self, store=None) -> str:
        """Re-read the cohort numbers into the panel's live line; returns the line."""
        try:
            from widgets.cohort import default_store, live_numbers  # coach mode only: learners never load the store

            if store is None:
                if self._store is None:
                    self._store = default_store()
                store = self._store
            line = live_numbers(store.cohorts())
        except Exception as exc:  # the store is unreachable: say so, keep the notes
            line = f"Cohort numbers are not available ({type(exc).__name__})."
        self._live.value = f"<p class='sll-coach-live' role='status'>Live: {escape(line)}</p>"
        self._live.layout.display = None
        return line

    def _keep_live(self) -> None:
        while not self._stop.wait(LIVE_EVERY_S):
            self.refresh_live()

    def close(self) -> None:
        self._stop.set()  # the page went away: stop re-reading the store
        super().close()

    @classmethod
    def from_dataset(cls, relative: str, show: bool | None = None) -> "CoachNotesView":
        return cls(load_notes(relative), show=show)
