"""The browser edition's workbook: SQLite in the kernel's memory, copied into the browser's IndexedDB.

In the browser the kernel is Pyodide in a Web Worker. SQLite files written on JupyterLite's drive
are reported to corrupt, so the workbook file lives in the worker's memory (Emscripten's MEMFS),
and after every write its bytes (``Connection.serialize()``) go to IndexedDB, where they outlive
the page. ``restore()``, run by the first cell of every lesson in the browser edition, brings them
back before any exercise opens the workbook.

Two tabs of the course run two kernels with two copies. A copy is saved with a version number; a
tab that finds a newer version than the one it read merges it in first (``Workbook.import_data``:
the later value of each answer wins, histories are united), so one tab never wipes out another's
work. No ipywidgets here; nothing in this module touches the browser until ``restore()`` is called.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Protocol

from widgets import workbook as _workbook
from widgets.workbook import Workbook, WorkbookError

HOME = "/home/pyodide/social-leadership-lab"  # in the worker's memory (MEMFS), never on the drive
DB_NAME = "social-leadership-lab"
STORE_NAME = "workbook"
KEY = "workbook.sqlite3"
# What the learner is told about where their work lives (the panel at the end of each lesson).
WHERE = ("Your work is kept in this browser, on this device: in the storage the browser gives this "
         "site's address. It stays when you close the page or come back tomorrow. Another browser or "
         "device does not see it, and clearing this site's data (or a private window closing) "
         "deletes it. To take it away, download your workbook below; import it here, or into the "
         "course on any computer with 'social-lab import'.")


class Backend(Protocol):
    """Where the workbook's bytes are kept between visits: ``load()`` and ``save()`` with a version."""

    async def load(self) -> tuple[bytes | None, int]: ...

    async def save(self, data: bytes, version: int) -> None: ...

    async def keep_aside(self, data: bytes, name: str) -> None: ...


# JavaScript run once in the kernel's worker: IndexedDB behind three promise-returning functions.
_IDB_JS = """
(() => {
  const NAME = %(db)s, STORE = %(store)s;
  const open = () => new Promise((ok, no) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => ok(request.result);
    request.onerror = () => no(request.error);
  });
  const run = async (mode, act) => {
    const db = await open();
    try {
      return await new Promise((ok, no) => {
        const tx = db.transaction(STORE, mode);
        const request = act(tx.objectStore(STORE));
        tx.oncomplete = () => ok(request.result);
        tx.onerror = tx.onabort = () => no(tx.error || request.error);
      });
    } finally { db.close(); }
  };
  return {
    get: (key) => run("readonly", (s) => s.get(key)),
    put: (key, value) => run("readwrite", (s) => s.put(value, key)),
  };
})()
"""


class IndexedDBBackend:
    """The browser's IndexedDB, from the kernel's Web Worker (``js`` and ``pyodide`` exist only there)."""

    def __init__(self) -> None:
        from pyodide.code import run_js  # only in Pyodide

        self._idb = run_js(_IDB_JS % {"db": f'"{DB_NAME}"', "store": f'"{STORE_NAME}"'})

    async def load(self) -> tuple[bytes | None, int]:
        record = await self._idb.get(KEY)
        if record is None:
            return None, 0
        data, version = record.data, record.version
        return (bytes(data.to_py()) if data is not None else None), int(version or 0)

    async def save(self, data: bytes, version: int) -> None:
        import js
        from pyodide.ffi import to_js

        record = to_js({"data": to_js(data), "version": version, "saved_at": time.time()},
                       dict_converter=js.Object.fromEntries)
        await self._idb.put(KEY, record)

    async def keep_aside(self, data: bytes, name: str) -> None:
        from pyodide.ffi import to_js

        await self._idb.put(name, to_js(data))


class BrowserWorkbook(Workbook):
    """A ``Workbook`` whose every committed write is followed by a copy to the browser's storage."""

    backend: Backend | None = None
    version = 0  # the stored version this kernel's copy includes
    last_error: Exception | None = None
    _pending = False
    _merging = False
    _lock: asyncio.Lock | None = None

    @contextlib.contextmanager
    def _writing(self):
        with super()._writing() as conn:
            yield conn
        self._written()

    def _written(self) -> None:
        cls = type(self)
        if cls.backend is None or cls._merging or cls._pending:
            return
        cls._pending = True
        asyncio.get_event_loop().call_soon(lambda: asyncio.ensure_future(self.persist()))

    async def persist(self) -> bool:
        """Copy the workbook into the browser's storage (merging a newer copy another tab saved first)."""
        cls = type(self)
        cls._pending = False
        if cls.backend is None:
            return False
        if cls._lock is None:
            cls._lock = asyncio.Lock()
        async with cls._lock:
            try:
                stored, version = await cls.backend.load()
                if version > cls.version and stored:
                    self._merge(stored)
                await cls.backend.save(serialize(self.path), max(version, cls.version) + 1)
                cls.version = max(version, cls.version) + 1
            except Exception as exc:  # the learner's page keeps working; the panel says what failed
                cls.last_error = exc
                return False
        cls.last_error = None
        return True

    def _merge(self, stored: bytes) -> None:
        cls = type(self)
        with tempfile.TemporaryDirectory(prefix="sll-other-tab-") as folder:
            other = Path(folder) / "workbook.sqlite3"
            other.write_bytes(stored)
            doc = Workbook(other).export_data()
        cls._merging = True
        try:
            self.import_data(doc)
        finally:
            cls._merging = False


def serialize(path: Path) -> bytes:
    """The whole database at ``path`` as bytes (what ``sqlite3.Connection.deserialize`` reads back)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.serialize()


def _sound(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.Error:
        return False


async def restore(backend: Backend | None = None, home: str | os.PathLike[str] = HOME) -> str | None:
    """Bring the learner's workbook back from the browser's storage and make it the default workbook.

    Returns a note for the learner when something was off (storage unavailable, a damaged copy
    kept aside), else None. Safe to run twice in one kernel: the second run changes nothing.
    """
    if _workbook.DEFAULT_CLASS is BrowserWorkbook and BrowserWorkbook.backend is not None and backend is None:
        return None
    folder = Path(home)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["SOCIAL_LAB_HOME"] = str(folder)
    path = folder / "workbook.sqlite3"
    note = None
    try:
        backend = backend if backend is not None else IndexedDBBackend()
        data, version = await backend.load()
    except Exception as exc:  # storage blocked (some private windows, a sandboxed iframe)
        backend, data, version = None, None, 0
        note = (f"This browser does not let the course keep your work ({exc}). It works until you "
                "close the page; download your workbook at the end of the page to keep it.")
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")
    if data:
        path.write_bytes(data)
        if not _sound(path):
            stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
            aside = f"{KEY}.damaged-{stamp}"
            with contextlib.suppress(Exception):
                await backend.keep_aside(data, aside)
            os.remove(path)
            note = (f"The copy of your workbook in this browser was damaged. It was kept aside "
                    f"(as '{aside}' in this site's storage) and a fresh workbook was started.")
    BrowserWorkbook.backend, BrowserWorkbook.version = backend, version
    _workbook.DEFAULT_CLASS = BrowserWorkbook
    return note


def in_browser() -> bool:
    """True in the browser edition's kernel (Pyodide)."""
    return sys.platform == "emscripten"


__all__ = ["BrowserWorkbook", "IndexedDBBackend", "WHERE", "WorkbookError", "in_browser", "restore", "serialize"]
