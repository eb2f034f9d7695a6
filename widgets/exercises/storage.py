"""The browser edition's "your work" panel: where the work lives, a download, and an import."""

from __future__ import annotations

import json
from html import escape

import ipywidgets as w

from widgets.exercises import lean
from widgets.exercises.base import button, default_workbook, html
from widgets.exercises.plan import data_link
from widgets.plan import export_json
from widgets.workbook import WorkbookError, validate_export

MAX_IMPORT_BYTES = 20_000_000
FILENAME = "social-leadership-workbook.json"


class BrowserWorkPanel(w.VBox):
    """Says where the learner's work lives in the browser edition; downloads and imports the workbook."""

    def __init__(self, note: str | None = None, workbook=None, **kwargs):
        super().__init__(**kwargs)
        from widgets.site.store import WHERE

        if workbook is None:
            workbook, opened_note = default_workbook()
            note = note or opened_note
        self.workbook = workbook
        self.add_class("sll-browser-work")
        self._download = html(css_class="sll-browser-download")
        self._refresh = button("Prepare a fresh download", "Read your workbook again for the download link")
        self._refresh.on_click(lambda _: self.refresh())
        self._upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                    description="Import a workbook", tooltip="Bring in a workbook JSON you downloaded",
                                    layout=lean.layout("auto"), _dom_classes=("sll-browser-import",))
        self._upload.observe(self._on_upload, names="value")
        self.message = html(css_class="sll-browser-message")
        intro = (f"<h2 style='font-size:1.1em;margin:4px 0'>Where your work is</h2><p>{escape(WHERE)}</p>"
                 + (f"<p role='status'><strong>Note:</strong> {escape(note)}</p>" if note else ""))
        self.children = [html(intro), self._download, lean.hbox([self._refresh, self._upload]), self.message]
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the download link from the workbook as it is now."""
        if self.workbook is None:
            self._download.value = "<p>There is no workbook open, so there is nothing to download.</p>"
            return
        try:
            text = export_json(self.workbook.export_data())
        except WorkbookError as exc:
            self._download.value = f"<p>Cannot read your workbook: {escape(str(exc))}</p>"
            return
        self._download.value = data_link(text, "application/json", FILENAME, "Download my workbook (JSON)",
                                         "sll-download sll-download-json")

    def import_text(self, text: str) -> str:
        """Merge a workbook export into this browser's workbook; returns what happened, in words."""
        if self.workbook is None:
            return "There is no workbook open to import into."
        try:
            doc = json.loads(text)
            validate_export(doc)
            summary = self.workbook.import_data(doc)
        except ValueError as exc:
            return f"That file is not a workbook export (it is not valid JSON: {exc}). Nothing was changed."
        except WorkbookError as exc:
            return f"{exc} Nothing was changed."
        self.refresh()
        return f"{summary} Reload the page to see the imported answers in the exercises."

    def _on_upload(self, change) -> None:
        files = change["new"] or ()
        if not files:
            return
        item = files[0]
        size = int(item.get("size") or 0)
        if size > MAX_IMPORT_BYTES:
            self._say(f"That file is {size:,} bytes; a workbook export is far smaller. Nothing was changed.")
            return
        raw = bytes(item.get("content") or b"")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._say("That file is not text (not UTF-8), so it cannot be a workbook export. Nothing was changed.")
            return
        self._say(self.import_text(text))

    def _say(self, text: str) -> None:
        self.message.value = f"<p role='status'>{escape(text)}</p>"

    def __repr__(self) -> str:
        return "BrowserWorkPanel()"
