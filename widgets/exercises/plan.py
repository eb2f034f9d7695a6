"""The capstone view: your Social Leadership Plan, its gaps, and downloads that work anywhere (Binder too)."""

from __future__ import annotations

import base64
from datetime import date
from html import escape

import traitlets

from widgets.course import export_data_by_exercise
from widgets.exercises import lean
from widgets.exercises.base import Exercise, Saver, button, html
from widgets.plan import PLAN_EXERCISE, assemble, export_json, preview_html, to_html, to_markdown

# Characters of one file inside a download link. The link carries it base64-encoded through the
# kernel's websocket into the page: a 48 MB workbook made a 149 MB link that crashed the tab.
LINK_LIMIT = 4_000_000

DOWNLOADS = (("html", "social-leadership-plan.html", "text/html", "Download my plan (web page)"),
             ("md", "social-leadership-plan.md", "text/markdown", "Download my plan (Markdown)"),
             ("json", "social-leadership-workbook.json", "application/json", "Download my workbook (JSON backup)"))


def data_link(text: str, mime: str, filename: str, label: str, css: str) -> str:
    """An ``<a download>`` holding the file itself: no server file access needed (JupyterLab, Voilà, Binder)."""
    payload = base64.b64encode(text.encode("utf-8", "replace")).decode("ascii")
    return (f"<a class='{css}' download='{escape(filename)}' href='data:{mime};charset=utf-8;base64,{payload}' "
            f"style='display:inline-block;margin:4px 8px 4px 0;padding:6px 12px;border-radius:4px;"
            f"background:#1d4f91;color:#fff;text-decoration:none;font-weight:600'>{escape(label)}</a>")


def backup_for_link(doc) -> tuple[str | None, str]:
    """The workbook backup for the download link, and what to say if it had to be cut or left out.

    Too large for a link: first without the earlier versions of each answer, else no link at all
    (``social-lab export`` writes any size).
    """
    if doc is None:
        return "{}\n", ""
    full = export_json(doc)
    if len(full) <= LINK_LIMIT:
        return full, ""
    slim = export_json({**doc, "revisions": []})
    size = f"{len(full) / 1e6:,.1f} MB"
    if len(slim) <= LINK_LIMIT:
        return slim, (f"Your whole workbook ({size}) is too large for a download link: the JSON backup holds your "
                      "answers without their earlier versions. For everything, run social-lab export my-work.json.")
    return None, (f"Your workbook ({size}) is too large to download from this page. "
                  "Run social-lab export my-work.json in a terminal to keep a copy.")


class PlanExercise(Exercise):
    """The assembled plan with its gaps, a refresh button, and three download links."""

    exercise_id = PLAN_EXERCISE
    filled = traitlets.Int(0, help="plan sections filled").tag(sync=False)
    gaps = traitlets.List(help="ids of the plan sections still empty").tag(sync=False)

    def __init__(self, workbook=None, **kwargs):
        super().__init__(**kwargs)
        self._saver = Saver(PLAN_EXERCISE, workbook)
        self._summary = html(css_class="sll-plan-summary")
        self._downloads = html(css_class="sll-plan-downloads")
        self._preview = html(css_class="sll-plan-preview")
        self._refresh = button("Refresh my plan", "Read your workbook again and rebuild the plan and downloads",
                               "primary", css_class="sll-plan-refresh")
        self._refresh.on_click(self.refresh)
        self.add_class("sll-plan")
        self.children = [self._summary, lean.hbox([self._refresh]), self._downloads, self._saver.status, self._preview]
        self.refresh()

    @classmethod
    def from_dataset(cls, workbook=None) -> "PlanExercise":
        """``PlanExercise.from_dataset()``: the plan from the learner's workbook."""
        return cls(workbook=workbook)

    def refresh(self, _=None) -> None:
        """Rebuild the plan from the workbook. Nothing is written: the course map reads the plan's
        progress from the work itself (``widgets.progress``), so opening the capstone marks nothing."""
        workbook = self._saver.workbook
        try:  # one read: the plan, the backup download and the stored state all come from it
            doc = workbook.export_data() if workbook is not None else None
        except Exception as exc:  # a locked or damaged workbook: say so, keep the page alive
            self._summary.value = f"<p role='status'>Could not read your workbook: {escape(str(exc))}</p>"
            return
        data = export_data_by_exercise(doc)
        backup, backup_note = backup_for_link(doc)
        plan = assemble(data)
        today = date.today().isoformat()
        self.filled, self.gaps = plan.filled, [s.id for s in plan.gaps]
        if plan.gaps:
            todo = ", ".join(f"{s.title} ({s.lesson.name if s.lesson else s.exercise})" for s in plan.gaps)
            message = (f"{plan.filled} of {len(plan.sections)} sections filled. Still to do: {todo}. "
                       "The links in each gap take you to the lesson.")
        else:
            message = f"All {len(plan.sections)} sections filled. Download your plan and keep it."
        self._summary.value = f"<p role='status' data-filled='{plan.filled}'>{escape(message)}</p>"
        files = {"html": to_html(plan, today), "md": to_markdown(plan, today),
                 "json": backup}
        self._downloads.value = (
            "<p style='margin:6px 0 2px'>Keep your work: these links download files to your computer, "
            "even on Binder. The JSON backup restores every exercise with <code>social-lab import</code>.</p>"
            + "".join(data_link(files[kind], mime, name, label, f"sll-download sll-download-{kind}")
                      for kind, name, mime, label in DOWNLOADS
                      if files[kind] is not None and len(files[kind]) <= LINK_LIMIT)
            + (f"<p role='status' class='sll-download-note'>{escape(backup_note)}</p>" if backup_note else ""))
        self._preview.value = preview_html(plan, today)
