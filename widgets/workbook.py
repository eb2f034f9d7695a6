"""The learner workbook: exercise answers and their revisions, kept in one local SQLite file."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sqlite3
import threading
import time
import types
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, NamedTuple

import platformdirs

__all__ = [
    "FORMAT",
    "VERSION",
    "MAX_HISTORY",
    "MAX_NAME_CHARS",
    "MAX_VALUE_BYTES",
    "WorkbookError",
    "Revision",
    "ImportSummary",
    "Workbook",
    "Autosaver",
    "home_dir",
    "validate_export",
]

FORMAT = "social-leadership-lab/workbook"
VERSION = 1
MAX_HISTORY = 50
MAX_NAME_CHARS = 200
MAX_VALUE_BYTES = 1_000_000
BUSY_TIMEOUT_S = 10.0
_SCHEMA_VERSION = 1
# SQLite primary result codes that mean "this file is damaged", as opposed to busy/locked/permissions.
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    exercise TEXT NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    saved_at REAL NOT NULL,
    PRIMARY KEY (exercise, key)
);
CREATE TABLE IF NOT EXISTS revisions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise TEXT NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    saved_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS revisions_by_key ON revisions (exercise, key, saved_at);
"""


class WorkbookError(Exception):
    """The workbook cannot do what was asked; the message is written for the learner."""


class Revision(NamedTuple):
    """One saved value of one key, with when it was saved (seconds since the epoch)."""

    value: Any
    saved_at: float


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed.

    >>> str(ImportSummary(added=2, updated=1, unchanged=0, revisions=5, exercises=("ladder",), replaced=False))
    'Imported 1 exercise: 2 answers added, 1 updated, 0 already up to date, 5 revisions.'
    """

    added: int
    updated: int
    unchanged: int
    revisions: int
    exercises: tuple[str, ...]
    replaced: bool

    def __str__(self) -> str:
        n = len(self.exercises)
        verb = "Replaced the workbook with" if self.replaced else "Imported"
        return (
            f"{verb} {n} exercise{'' if n == 1 else 's'}: {self.added} answers added, "
            f"{self.updated} updated, {self.unchanged} already up to date, {self.revisions} revisions."
        )


def home_dir() -> Path:
    """Where the course keeps learner files: ``$SOCIAL_LAB_HOME``, else the platform's user data folder.

    A folder made here is private (0700): it holds the learner's work and cohort secrets.

    >>> home_dir().is_dir()
    True
    """
    configured = os.environ.get("SOCIAL_LAB_HOME", "").strip()
    path = Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("social-leadership-lab"))
    private_folder(path)
    return path


def private_folder(path: Path) -> None:
    """Make ``path`` (and missing parents) if needed; the folders made are readable by their owner only.

    A folder that already exists keeps its permissions: it may be shared on purpose.
    """
    if path.is_dir():
        return
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for made in missing:  # mkdir's mode is filtered by the umask (and parents ignore it): say it again
        with contextlib.suppress(OSError):
            os.chmod(made, 0o700)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (its folder 0700 if new).

    SQLite then opens it, and gives its -wal and -shm files the same mode. An existing file is
    left as it is.
    """
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (half an emoji, as a browser can send) replaced by U+FFFD.

    A surrogate pair that arrived as two halves becomes the character it encodes; any other
    surrogate becomes one replacement character. Nothing else changes, and nothing is dropped.

    >>> ascii(without_surrogates("ok \\ud83d!")), ascii(without_surrogates("\\ud83d\\ude00"))
    ("'ok \\\\ufffd!'", "'\\\\U0001f600'")
    """
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _check_name(name: Any, what: str) -> str:
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_CHARS:
        raise WorkbookError(
            f"{what} must be a non-empty string of at most {MAX_NAME_CHARS} characters, got {_describe(name)}"
        )
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise WorkbookError(f"{what} contains characters that are not valid text: {name!r}") from None
    return name


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"a string of {len(value)} characters" if len(value) > 40 else repr(value)
    return type(value).__name__


def _encode(value: Any, where: str) -> str:
    """Canonical stored form of a value; ASCII escapes so lone surrogates and control chars survive."""
    try:
        text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        raise WorkbookError(f"{where}: the value cannot be saved as JSON ({exc})") from None
    if len(text) > MAX_VALUE_BYTES:
        raise WorkbookError(
            f"{where}: the value is too large ({len(text):,} bytes as JSON; the limit is {MAX_VALUE_BYTES:,})"
        )
    return text


def _check_time(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise WorkbookError(f"{where}: 'saved_at' must be a time in seconds since 1970, got {_describe(value)}")
    return float(value)


def _sqlite_code(exc: sqlite3.Error) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF


class Workbook:
    """Learner work keyed by ``(exercise, key)``, with a short history per key.

    Every public write is one SQLite transaction on a fresh connection, so a workbook can be
    shared by threads (autosave timers) and by several kernels at once.

    >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
    >>> wb.save("ladder", "rung", "walkie-talkie")
    True
    >>> wb.get("ladder", "rung")
    'walkie-talkie'
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else self.default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = exc.strerror or exc
            raise WorkbookError(f"Cannot create the folder for the workbook {self.path}: {why}.") from exc
        self._initialise()

    @classmethod
    def default_path(cls) -> Path:
        """The learner's workbook file: ``home_dir() / "workbook.sqlite3"``.

        >>> Workbook.default_path() == home_dir() / "workbook.sqlite3"
        True
        """
        try:
            return home_dir() / "workbook.sqlite3"
        except OSError as exc:
            raise WorkbookError(f"Cannot create the course folder: {exc}.") from exc

    @classmethod
    def open_default(cls) -> Workbook:
        """Open (creating if needed) the learner's workbook in ``home_dir()``.

        >>> Workbook.open_default().path.name
        'workbook.sqlite3'
        """
        return cls(cls.default_path())

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r})"

    # -- connections -------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE) so a write never has to
        # upgrade a read lock, which is what deadlocks concurrent writers in SQLite.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        return conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            with contextlib.closing(self._connect()) as conn:
                yield conn
        except sqlite3.Error as exc:
            raise self._error("read", exc) from exc

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            with contextlib.closing(self._connect()) as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._error("save to", exc) from exc

    def _error(self, doing: str, exc: sqlite3.Error) -> WorkbookError:
        code = _sqlite_code(exc)
        if code == 5:  # SQLITE_BUSY
            why = f"another program kept it locked for more than {BUSY_TIMEOUT_S:g} seconds"
        elif code in _CORRUPT_CODES:
            why = "the file is damaged; restart the course to move it aside and start a fresh workbook"
        else:
            why = str(exc)
        return WorkbookError(f"Could not {doing} the workbook at {self.path}: {why}.")

    def _identity(self) -> tuple[int, ...] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def _initialise(self) -> None:
        before = self._identity()
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            if _sqlite_code(exc) not in _CORRUPT_CODES:
                raise self._error("open", exc) from exc
            if self._identity() != before:
                # Another kernel has just moved the damaged file aside and started afresh: use theirs.
                try:
                    return self._prepare()
                except sqlite3.Error as again:
                    raise self._error("open", again) from again
            moved = self._move_aside()
            try:
                self._prepare()
            except sqlite3.Error as again:
                raise self._error("start a fresh", again) from again
            raise WorkbookError(
                f"The workbook at {self.path} was damaged ({exc}). It was moved aside to {moved} "
                "(nothing was deleted) and a fresh, empty workbook was started in its place."
            ) from exc

    def _prepare(self) -> None:
        with contextlib.closing(self._connect()) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                detail = "; ".join(str(r[0]) for r in rows[:3])
                raise sqlite3.DatabaseError(f"integrity check failed: {detail}")
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found > _SCHEMA_VERSION:
                raise WorkbookError(
                    f"The workbook at {self.path} was written by a newer version of Social Leadership Lab "
                    f"(schema {found}); please upgrade the course to open it."
                )
            # WAL lets readers carry on while a kernel writes, and survives a killed process; on
            # filesystems without shared memory SQLite keeps its rollback journal, which is also safe.
            conn.execute("PRAGMA journal_mode = WAL")
            if found < _SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                # Statement by statement: executescript() would commit the transaction early.
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                conn.execute("COMMIT")

    def _move_aside(self) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        # Move the journal files with it: a stale WAL left behind could be replayed into the new file.
        for suffix in ("", "-wal", "-shm", "-journal"):
            source = Path(f"{self.path}{suffix}")
            with contextlib.suppress(FileNotFoundError):
                os.replace(source, f"{target}{suffix}")
        return target

    # -- writing -----------------------------------------------------------------------------

    @staticmethod
    def _put(conn: sqlite3.Connection, exercise: str, key: str, encoded: str, saved_at: float) -> bool:
        row = conn.execute("SELECT value FROM entries WHERE exercise = ? AND key = ?", (exercise, key)).fetchone()
        if row is not None and row[0] == encoded:
            return False
        conn.execute(
            "INSERT INTO entries (exercise, key, value, saved_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (exercise, key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at",
            (exercise, key, encoded, saved_at),
        )
        conn.execute(
            "INSERT INTO revisions (exercise, key, value, saved_at) VALUES (?, ?, ?, ?)",
            (exercise, key, encoded, saved_at),
        )
        Workbook._prune(conn, exercise, key)
        return True

    @staticmethod
    def _prune(conn: sqlite3.Connection, exercise: str, key: str) -> None:
        conn.execute(
            "DELETE FROM revisions WHERE exercise = ? AND key = ? AND id NOT IN ("
            " SELECT id FROM revisions WHERE exercise = ? AND key = ?"
            " ORDER BY saved_at DESC, id DESC LIMIT ?)",
            (exercise, key, exercise, key, MAX_HISTORY),
        )

    def save(self, exercise: str, key: str, value: Any) -> bool:
        """Store ``value`` under ``(exercise, key)``; True if it changed (and a revision was added).

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.save("voice", "draft", "Ask, don't announce."), wb.save("voice", "draft", "Ask, don't announce.")
        (True, False)
        """
        where = f"{exercise!r}/{key!r}"
        _check_name(exercise, "exercise")
        _check_name(key, "key")
        encoded = _encode(value, where)
        with self._writing() as conn:
            return self._put(conn, exercise, key, encoded, time.time())

    def save_many(self, exercise: str, mapping: Mapping[str, Any]) -> int:
        """Store several keys of one exercise in one transaction; returns how many changed.

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.save_many("ladder", {"a": 1, "b": 2})
        2
        """
        _check_name(exercise, "exercise")
        if not isinstance(mapping, Mapping):
            raise WorkbookError(f"save_many needs a mapping of key -> value, got {_describe(mapping)}")
        encoded = {_check_name(k, "key"): _encode(v, f"{exercise!r}/{k!r}") for k, v in mapping.items()}
        if not encoded:
            return 0
        now = time.time()
        with self._writing() as conn:
            return sum(self._put(conn, exercise, key, text, now) for key, text in encoded.items())

    def setdefault(self, exercise: str, key: str, value: Any) -> Any:
        """The saved value of ``(exercise, key)``; if there is none, save ``value`` and return it.

        One transaction: two kernels asking at once get the same answer (the first one's).

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.setdefault("cohort", "id", "a"), wb.setdefault("cohort", "id", "b")
        ('a', 'a')
        """
        _check_name(exercise, "exercise")
        _check_name(key, "key")
        encoded = _encode(value, f"{exercise!r}/{key!r}")
        with self._writing() as conn:
            row = conn.execute("SELECT value FROM entries WHERE exercise = ? AND key = ?", (exercise, key)).fetchone()
            if row is not None:
                return json.loads(row[0])
            self._put(conn, exercise, key, encoded, time.time())
            return json.loads(encoded)

    def delete(self, exercise: str, key: str | None = None) -> int:
        """Forget one key of an exercise (or the whole exercise), history included; returns keys removed.

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> _ = wb.save_many("voice", {"draft": "v1", "final": "v2"})
        >>> wb.delete("voice", "draft"), wb.load("voice")
        (1, {'final': 'v2'})
        """
        _check_name(exercise, "exercise")
        where, params = ("exercise = ?", (exercise,)) if key is None else (
            "exercise = ? AND key = ?", (exercise, _check_name(key, "key")))
        with self._writing() as conn:
            removed = conn.execute(f"DELETE FROM entries WHERE {where}", params).rowcount
            conn.execute(f"DELETE FROM revisions WHERE {where}", params)
            return removed

    # -- reading -----------------------------------------------------------------------------

    def load(self, exercise: str) -> dict[str, Any]:
        """Every saved key of one exercise, as ``{key: value}`` (empty if never attempted).

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.load("never-opened")
        {}
        """
        with self._reading() as conn:
            rows = conn.execute("SELECT key, value FROM entries WHERE exercise = ? ORDER BY key", (exercise,))
            return {key: json.loads(text) for key, text in rows}

    def get(self, exercise: str, key: str, default: Any = None) -> Any:
        """One saved value, or ``default`` if that key was never saved.

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.get("voice", "draft", default="")
        ''
        """
        with self._reading() as conn:
            row = conn.execute(
                "SELECT value FROM entries WHERE exercise = ? AND key = ?", (exercise, key)
            ).fetchone()
        return default if row is None else json.loads(row[0])

    def history(self, exercise: str, key: str, limit: int = 20) -> list[Revision]:
        """Earlier values of one key, newest first (at most ``MAX_HISTORY`` are kept).

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> _ = wb.save("voice", "draft", "v1"); _ = wb.save("voice", "draft", "v2")
        >>> [r.value for r in wb.history("voice", "draft")]
        ['v2', 'v1']
        """
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT value, saved_at FROM revisions WHERE exercise = ? AND key = ?"
                " ORDER BY saved_at DESC, id DESC LIMIT ?",
                (exercise, key, max(0, int(limit))),
            )
            return [Revision(json.loads(text), saved_at) for text, saved_at in rows]

    def exercises(self) -> list[str]:
        """Ids of the exercises that have saved work, sorted.

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> _ = wb.save("voice", "draft", "x"); _ = wb.save("ladder", "rung", 2)
        >>> wb.exercises()
        ['ladder', 'voice']
        """
        with self._reading() as conn:
            return [row[0] for row in conn.execute("SELECT DISTINCT exercise FROM entries ORDER BY exercise")]

    # -- export / import ---------------------------------------------------------------------

    def export_data(self) -> dict[str, Any]:
        """The whole workbook as a versioned, JSON-ready document (see ``import_data``).

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.export_data()["format"]
        'social-leadership-lab/workbook'
        """
        # One read transaction so entries and revisions come from the same moment.
        with self._reading() as conn:
            conn.execute("BEGIN")
            entries = conn.execute(
                "SELECT exercise, key, value, saved_at FROM entries ORDER BY exercise, key"
            ).fetchall()
            revisions = conn.execute(
                "SELECT exercise, key, value, saved_at FROM revisions ORDER BY exercise, key, saved_at, id"
            ).fetchall()
            conn.execute("COMMIT")

        def rows(found: list[tuple]) -> list[dict[str, Any]]:
            return [{"exercise": e, "key": k, "value": json.loads(v), "saved_at": t} for e, k, v, t in found]

        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "entries": rows(entries),
            "revisions": rows(revisions),
        }

    def import_data(self, doc: Any, *, replace: bool = False) -> ImportSummary:
        """Bring in a document made by ``export_data``: checked whole first, then written in one transaction.

        Merging keeps, for each key, whichever value was saved last, and unions the histories;
        ``replace=True`` makes the workbook exactly the document. A bad document raises
        ``WorkbookError`` and changes nothing.

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> wb.import_data({"format": "social-leadership-lab/workbook", "version": 1, "entries": []}).added
        0
        """
        entries, revisions = _validate_document(doc)
        added = updated = unchanged = new_revisions = 0
        with self._writing() as conn:
            if replace:
                conn.execute("DELETE FROM entries")
                conn.execute("DELETE FROM revisions")
            touched: set[tuple[str, str]] = set()
            for exercise, key, encoded, saved_at in revisions + entries:
                exists = conn.execute(
                    "SELECT 1 FROM revisions WHERE exercise = ? AND key = ? AND value = ? AND saved_at = ?",
                    (exercise, key, encoded, saved_at),
                ).fetchone()
                if not exists:
                    conn.execute(
                        "INSERT INTO revisions (exercise, key, value, saved_at) VALUES (?, ?, ?, ?)",
                        (exercise, key, encoded, saved_at),
                    )
                    new_revisions += 1
                touched.add((exercise, key))
            for exercise, key, encoded, saved_at in entries:
                row = conn.execute(
                    "SELECT value, saved_at FROM entries WHERE exercise = ? AND key = ?", (exercise, key)
                ).fetchone()
                if row is None:
                    added += 1
                elif row[0] == encoded:
                    unchanged += 1
                    continue
                elif row[1] > saved_at:
                    unchanged += 1  # the learner's own later work wins; the import stays in history
                    continue
                else:
                    updated += 1
                conn.execute(
                    "INSERT INTO entries (exercise, key, value, saved_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (exercise, key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at",
                    (exercise, key, encoded, saved_at),
                )
            for exercise, key in touched:
                self._prune(conn, exercise, key)
        return ImportSummary(
            added=added,
            updated=updated,
            unchanged=unchanged,
            revisions=new_revisions,
            exercises=tuple(sorted({e for e, _, _, _ in entries})),
            replaced=replace,
        )


_Row = tuple[str, str, str, float]


def validate_export(doc: Any) -> None:
    """Raise ``WorkbookError`` (with a reason a learner can act on) unless ``doc`` can be imported.

    >>> validate_export({"format": "social-leadership-lab/workbook", "version": 1, "entries": []})
    """
    _validate_document(doc)


def _validate_document(doc: Any) -> tuple[list[_Row], list[_Row]]:
    """Check a whole export document before anything is written; returns encoded rows."""
    if not isinstance(doc, dict):
        raise WorkbookError(f"This is not a workbook export: expected a JSON object, got {_describe(doc)}.")
    if doc.get("format") != FORMAT:
        raise WorkbookError(
            f"This is not a Social Leadership Lab workbook export (its 'format' is {_describe(doc.get('format'))}, "
            f"expected '{FORMAT}')."
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorkbookError(f"The export has no valid 'version' number (got {_describe(version)}).")
    if version > VERSION:
        raise WorkbookError(
            f"The export is version {version}, made by a newer Social Leadership Lab; this one reads version "
            f"{VERSION}. Please upgrade the course first."
        )
    if version < 1:
        raise WorkbookError(f"The export has an unknown version {version}.")
    entries = _validate_rows(doc.get("entries"), "entries", required=True)
    revisions = _validate_rows(doc.get("revisions", []), "revisions", required=False)
    seen: set[tuple[str, str]] = set()
    for i, (exercise, key, _, _) in enumerate(entries):
        if (exercise, key) in seen:
            raise WorkbookError(f"entries[{i}]: {exercise!r}/{key!r} appears twice in the export.")
        seen.add((exercise, key))
    return entries, revisions


def _validate_rows(rows: Any, field: str, *, required: bool) -> list[_Row]:
    if not isinstance(rows, list):
        missing = rows is None and required
        raise WorkbookError(
            f"The export has no '{field}' list." if missing else f"'{field}' must be a list, got {_describe(rows)}."
        )
    checked = []
    for i, row in enumerate(rows):
        where = f"{field}[{i}]"
        if not isinstance(row, dict):
            raise WorkbookError(f"{where}: expected an object, got {_describe(row)}.")
        for name in ("exercise", "key", "value", "saved_at"):
            if name not in row:
                raise WorkbookError(f"{where}: missing field '{name}'.")
        try:
            exercise = _check_name(row["exercise"], f"{where}: 'exercise'")
            key = _check_name(row["key"], f"{where}: 'key'")
            encoded = _encode(row["value"], where)
        except WorkbookError as exc:
            raise WorkbookError(f"{exc}.") from None
        checked.append((exercise, key, encoded, _check_time(row["saved_at"], where)))
    return checked


OnSave = Callable[[Exception | None], None]


class _Pending:
    """Autosaver state kept apart from the Autosaver so a finalizer can flush it without a cycle."""

    def __init__(self, workbook: Workbook, exercise: str, on_save: OnSave | None) -> None:
        self.workbook = workbook
        self.exercise = exercise
        # A bound method is held weakly: a view that owns its Autosaver must stay collectable.
        self.on_save: Callable[[], OnSave | None] = (
            weakref.WeakMethod(on_save) if isinstance(on_save, types.MethodType) else (lambda: on_save)
        )
        self.values: dict[str, Any] = {}
        self.lock = threading.Lock()  # guards values and timer
        self.write_lock = threading.Lock()  # one write at a time, so flush waits for a timer mid-write
        self.timer: threading.Timer | None = None
        self.last_error: Exception | None = None

    def flush(self) -> bool:
        with self.write_lock:
            with self.lock:
                if self.timer is not None:
                    self.timer.cancel()
                    self.timer = None
                batch, self.values = self.values, {}
            if not batch:
                return True
            try:
                self.workbook.save_many(self.exercise, batch)
            except Exception as exc:  # a background thread must never take the kernel down
                self.last_error = exc
                with self.lock:
                    # Keep the unsaved values for the next try, unless newer ones arrived meanwhile.
                    self.values = {**batch, **self.values}
                self.notify(exc)
                return False
            self.last_error = None
            self.notify(None)
            return True

    def notify(self, error: Exception | None) -> None:
        callback = self.on_save()
        if callback is not None:
            # Only a status display: its failure must not turn a good save into a crashed thread.
            with contextlib.suppress(Exception):
                callback(error)


class Autosaver:
    """Debounced saving for one exercise: many quick edits become one write after ``delay`` s of quiet.

    Writes happen on a timer thread; a failure is kept in ``last_error`` (and the values stay
    pending for the next try) instead of raising. Pending values are flushed at interpreter exit.
    ``on_save(error_or_None)`` is called after each write attempt, on the writing thread.

    >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
    >>> saver = Autosaver(wb, "voice", delay=0.8)
    >>> saver.schedule("draft", "We"); saver.schedule("draft", "We listen")
    >>> saver.pending
    {'draft': 'We listen'}
    >>> saver.flush(), saver.pending
    (True, {})
    """

    def __init__(
        self, workbook: Workbook, exercise: str, delay: float = 0.8, on_save: OnSave | None = None
    ) -> None:
        self._state = _Pending(workbook, _check_name(exercise, "exercise"), on_save)
        self.delay = float(delay)
        # Runs at garbage collection or at interpreter exit, whichever comes first.
        self._finalizer = weakref.finalize(self, self._state.flush)

    @property
    def workbook(self) -> Workbook:
        return self._state.workbook

    @property
    def exercise(self) -> str:
        return self._state.exercise

    @property
    def pending(self) -> dict[str, Any]:
        """A copy of the values scheduled but not yet written (empty when everything is saved)."""
        with self._state.lock:
            return dict(self._state.values)

    @property
    def last_error(self) -> Exception | None:
        """Why the most recent write failed, or None once a write succeeds."""
        return self._state.last_error

    def schedule(self, key: str, value: Any) -> None:
        """Remember ``value`` for ``key`` and (re)start the quiet-period timer; the latest value wins."""
        _check_name(key, "key")
        _encode(value, f"{self.exercise!r}/{key!r}")  # a bad value is the caller's bug: say so now
        state = self._state
        with state.lock:
            state.values[key] = value
            if state.timer is not None:
                state.timer.cancel()
            # The timer holds only the state, never self, so the Autosaver can still be collected.
            state.timer = threading.Timer(self.delay, state.flush)
            state.timer.daemon = True  # exit is not delayed; the finalizer flushes instead
            state.timer.start()

    def flush(self) -> bool:
        """Write everything pending now; True if nothing is left unsaved."""
        return self._state.flush()

    def close(self) -> bool:
        """Flush and stop flushing at exit; True if nothing is left unsaved."""
        ok = self.flush()
        if ok:
            self._finalizer.detach()
        return ok
