"""The learner workbook: exercise answers and their revisions, kept in one local SQLite file."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import sqlite3
import sys
import tempfile
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
    "MAX_IMPORT_BYTES",
    "WorkbookError",
    "WorkbookRecovered",
    "Revision",
    "ImportSummary",
    "Workbook",
    "Autosaver",
    "home_dir",
    "private_file",
    "private_folder",
    "without_surrogates",
    "validate_export",
]

FORMAT = "social-leadership-lab/workbook"
VERSION = 1
MAX_HISTORY = 50
MAX_NAME_CHARS = 200
MAX_VALUE_BYTES = 1_000_000
# An import's answers and history together (as stored): a real learner's workbook is well under 1 MB.
MAX_IMPORT_BYTES = 16_000_000
BUSY_TIMEOUT_S = 10.0
_SCHEMA_VERSION = 1
# SQLite primary result codes that mean "this file is damaged", as opposed to busy/locked/permissions.
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_READ_ONLY_CODES = {3, 8, 14, 23}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH

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


#: The class ``Workbook.open_default`` opens (None: ``Workbook`` itself).
DEFAULT_CLASS: type | None = None


class WorkbookError(Exception):
    """The workbook cannot do what was asked; the message is written for the learner."""


class WorkbookRecovered(WorkbookError):
    """The workbook was damaged: moved aside, a fresh one started, what it held brought back (say so).

    Opening the workbook again works; ``restored`` says how many answers came back.
    """

    def __init__(self, message: str, restored: int = 0) -> None:
        super().__init__(message)
        self.restored = restored


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
            f"{verb} {n} exercise{'' if n == 1 else 's'}: {self.added} answer{'' if self.added == 1 else 's'} added, "
            f"{self.updated} updated, {self.unchanged} already up to date, "
            f"{self.revisions} revision{'' if self.revisions == 1 else 's'}."
        )


def home_dir(*, create: bool = True) -> Path:
    """Where the course keeps learner files: ``$SOCIAL_LAB_HOME``, else the platform's user data folder.

    ``create=False`` only names it (a dry run changes nothing on disk). A folder made here is
    private (0700): it holds the learner's work and cohort secrets.

    >>> home_dir().is_dir()
    True
    """
    configured = os.environ.get("SOCIAL_LAB_HOME", "").strip()
    path = Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("social-leadership-lab"))
    if create:
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


# A surrogate escape in JSON text that is not half of a pair (json.dumps writes pairs as two escapes).
_LONE_ESCAPE = re.compile(r"\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}",
                          re.IGNORECASE)


def _clean_value(value: Any) -> Any:
    """``value`` with every string (keys too) free of lone surrogates."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, dict):
        return {_clean_value(k): _clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    return value


def _clean_encoded(text: str) -> str:
    """Stored JSON text made safe (an older workbook may hold lone surrogates)."""
    if not _LONE_ESCAPE.search(text):
        return text
    return json.dumps(_clean_value(json.loads(text)), ensure_ascii=True, separators=(",", ":"))


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
    """Canonical stored form of a value: ASCII-escaped JSON, any lone surrogate replaced by U+FFFD.

    Half an emoji (a lone surrogate, as a browser can send) would make the export and every
    message to the page fail later; replaced here, the rest of the text is saved as typed.
    """
    try:
        text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
        if _LONE_ESCAPE.search(text):
            text = json.dumps(_clean_value(value), ensure_ascii=True, allow_nan=False, separators=(",", ":"))
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
        #: Why nothing can be saved (a read-only file or folder), or None when saving works.
        self.read_only: str | None = None
        self._read_from = self.path  # a private copy when even reading in place is refused
        try:
            private_folder(self.path.parent)
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

        The browser edition sets ``DEFAULT_CLASS`` to its subclass that keeps a copy in the
        browser's storage (``widgets/site/store.py``).

        >>> Workbook.open_default().path.name
        'workbook.sqlite3'
        """
        return (DEFAULT_CLASS or cls)(cls.default_path())

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r})"

    # -- connections -------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE) so a write never has to
        # upgrade a read lock, which is what deadlocks concurrent writers in SQLite.
        if self.read_only:
            conn = sqlite3.connect(f"{self._read_from.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        else:
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
        if self.read_only:
            raise WorkbookError(f"Nothing can be saved: {self.read_only}")
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
            why = "the file is damaged; restart the course to recover what it holds into a fresh workbook"
        elif code in _READ_ONLY_CODES:
            why = "the file or its folder cannot be written to"
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
        if not self.path.exists():
            self._create()
        before = self._identity()
        if before is not None and before[2] == 0:  # never a workbook this course made: it is always whole
            return self._replace_damaged("it is empty (0 bytes)", empty=True)
        if not os.access(self.path, os.W_OK):
            return self._open_read_only(PermissionError(f"{self.path} is read-only"))
        try:
            self._prepare()
        except (sqlite3.DatabaseError, PermissionError) as exc:
            code = _sqlite_code(exc) if isinstance(exc, sqlite3.Error) else 3
            if code in _READ_ONLY_CODES or not os.access(self.path, os.W_OK):
                return self._open_read_only(exc)
            if code not in _CORRUPT_CODES:
                raise self._error("open", exc) from exc
            if self._identity() != before:
                # Another kernel has just moved the damaged file aside and started afresh: use theirs.
                try:
                    return self._prepare()
                except sqlite3.Error as again:
                    raise self._error("open", again) from again
            return self._replace_damaged(f"it is damaged ({exc})")

    def _create(self) -> None:
        """A new workbook, private (0600) and complete before it appears under its name.

        Built beside the target and linked into place: another kernel starting at the same moment
        sees either no file or a whole one, never an empty file it might take for a damaged one.
        """
        scratch = self.path.with_name(f".{self.path.name}.new-{os.getpid()}-{threading.get_ident()}")
        try:
            os.close(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            with contextlib.closing(sqlite3.connect(scratch, isolation_level=None)) as conn:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("BEGIN IMMEDIATE")
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                conn.execute("COMMIT")
            link = getattr(os, "link", None)  # Pyodide's os has no link at all
            try:
                if link is None:
                    raise OSError("no hard links here")
                link(scratch, self.path)
            except FileExistsError:
                pass  # another kernel made it first: theirs is as good
            except OSError:  # a filesystem (or a Python) without hard links: only if still absent
                if not self.path.exists():
                    os.replace(scratch, self.path)
        except PermissionError as exc:
            if self.path.exists():
                return
            raise WorkbookError(f"Cannot create the workbook {self.path}: its folder cannot be written to "
                                f"({exc.strerror or exc}).") from exc
        except (OSError, sqlite3.Error) as exc:
            raise WorkbookError(f"Cannot create the workbook {self.path}: {getattr(exc, 'strerror', None) or exc}.") \
                from exc
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{scratch}{suffix}")

    def _prepare(self) -> None:
        with contextlib.closing(self._connect()) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                detail = "; ".join(" ".join(str(r[0]).split()) for r in rows[:3])
                damaged = sqlite3.DatabaseError(f"integrity check failed: {detail}")
                damaged.sqlite_errorcode = 11  # SQLITE_CORRUPT: what the rest of the file says too
                raise damaged
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found > _SCHEMA_VERSION:
                raise WorkbookError(
                    f"The workbook at {self.path} was written by a newer version of Social Leadership Lab "
                    f"(schema {found}); please upgrade the course to open it."
                )
            if self.read_only:
                return
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

    def _open_read_only(self, why: BaseException) -> None:
        """Show what the workbook holds when it cannot be written: read in place, else from a private copy."""
        self.read_only = (f"the workbook at {self.path} is read-only (the file or its folder cannot be written to). "
                          "Your earlier work is shown; export it with 'social-lab export my-work.json' "
                          "or the capstone's download, or ask for write access.")
        try:
            self._prepare()
            return
        except WorkbookError:
            raise
        except (sqlite3.Error, OSError):
            pass
        # Reading in place needs the -shm file SQLite may not be able to make: read a copy instead.
        scratch = Path(tempfile.mkdtemp(prefix="sll-read-only-"))
        weakref.finalize(self, shutil.rmtree, scratch, True)
        try:
            copy = scratch / self.path.name
            shutil.copyfile(self.path, copy)
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(f"{self.path}-wal", f"{copy}-wal")
            os.chmod(copy, 0o600)
            self._read_from = copy
            with contextlib.closing(sqlite3.connect(copy, isolation_level=None)) as conn:  # replays the WAL
                conn.execute("PRAGMA quick_check").fetchall()
            self._prepare()
        except (OSError, sqlite3.Error) as exc:
            raise WorkbookError(f"The workbook at {self.path} can be neither written nor read "
                                f"({getattr(exc, 'strerror', None) or exc}).") from exc

    def _replace_damaged(self, what: str, empty: bool = False) -> None:
        """Move the damaged file aside (nothing is deleted), start afresh, bring back what it still holds."""
        from widgets.salvage import salvage

        moved = self._move_aside()
        try:
            self._create()
            self._prepare()
        except (sqlite3.Error, OSError) as again:
            raise self._error("start a fresh", again) from again
        found = salvage(moved)
        restored = self._restore(found) if found else 0
        if restored:
            exercises = found.exercises
            outcome = (f"{restored} answer{'' if restored == 1 else 's'} from {len(exercises)} "
                       f"exercise{'' if len(exercises) == 1 else 's'} ({', '.join(exercises[:6])}"
                       f"{', …' if len(exercises) > 6 else ''}) and {len(found.revisions)} earlier "
                       "version(s) were recovered into it. Check your recent work: the latest changes may be missing.")
        elif empty:
            outcome = ("it held nothing to recover (a full disk or an unfinished copy can leave a file empty); "
                       "a backup or an export (social-lab import) can bring earlier work back.")
        else:
            outcome = "nothing could be recovered from it; a backup or an export (social-lab import) can bring earlier work back."
        raise WorkbookRecovered(
            f"The workbook at {self.path} could not be opened: {what}. It was moved aside to {moved} "
            f"(nothing was deleted) and a fresh workbook was started in its place; {outcome}",
            restored=restored,
        )

    def _restore(self, found) -> int:
        """Write salvaged rows into this (fresh) workbook; returns how many answers came back."""
        entries = [(e, k, _clean_encoded(v), t) for e, k, v, t in found.entries]
        revisions = [(e, k, _clean_encoded(v), t) for e, k, v, t in found.revisions]
        with self._writing() as conn:
            conn.executemany("INSERT INTO revisions (exercise, key, value, saved_at) VALUES (?, ?, ?, ?)", revisions)
            conn.executemany(
                "INSERT INTO entries (exercise, key, value, saved_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (exercise, key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at",
                entries)
            for exercise, key in {(e, k) for e, k, _v, _t in entries + revisions}:
                self._prune(conn, exercise, key)
        return len(entries)

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

    def save_checked(self, exercise: str, mapping: Mapping[str, Any],
                     seen: Mapping[str, str | None]) -> tuple[int, list[str]]:
        """``save_many``, also saying which keys someone else changed since this writer last saw them.

        ``seen[key]`` is the stored JSON text this writer last read or wrote (None: absent). A key
        whose stored value is neither that nor the new value was changed elsewhere (another tab,
        another kernel). The new value is still saved, and the other stays in the key's history,
        so nothing is erased; the caller tells the learner. Returns (keys changed, keys conflicted).

        >>> import tempfile; wb = Workbook(Path(tempfile.mkdtemp(), "workbook.sqlite3"))
        >>> _ = wb.save("voice", "draft", "from the other tab")
        >>> wb.save_checked("voice", {"draft": "mine"}, {"draft": None})
        (1, ['draft'])
        >>> [r.value for r in wb.history("voice", "draft")]
        ['mine', 'from the other tab']
        """
        _check_name(exercise, "exercise")
        encoded = {_check_name(k, "key"): _encode(v, f"{exercise!r}/{k!r}") for k, v in mapping.items()}
        if not encoded:
            return 0, []
        now = time.time()
        conflicts = []
        with self._writing() as conn:
            changed = 0
            for key, text in encoded.items():
                row = conn.execute("SELECT value FROM entries WHERE exercise = ? AND key = ?", (exercise, key)).fetchone()
                stored = None if row is None else row[0]
                if stored != seen.get(key) and stored != text:
                    conflicts.append(key)
                changed += self._put(conn, exercise, key, text, now)
        return changed, conflicts

    def snapshot(self, exercise: str) -> dict[str, str]:
        """Every saved key of one exercise as its stored JSON text (what ``save_checked`` compares)."""
        with self._reading() as conn:
            rows = conn.execute("SELECT key, value FROM entries WHERE exercise = ?", (exercise,))
            return {key: text for key, text in rows}

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
            return [{"exercise": e, "key": k, "value": json.loads(_clean_encoded(v)), "saved_at": t}
                    for e, k, v, t in found]

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
    total = sum(len(row[2]) for row in entries) + sum(len(row[2]) for row in revisions)
    if total > MAX_IMPORT_BYTES:
        raise WorkbookError(
            f"This export holds {total / 1e6:,.1f} MB of answers and history; a workbook takes at most "
            f"{MAX_IMPORT_BYTES / 1e6:,.0f} MB. Nothing was imported. (A course workbook is usually well under 1 MB: "
            "check that this is the file you meant.)"
        )
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


def _start_timer(delay: float, action: Callable[[], object]):
    """Call ``action`` once after ``delay`` seconds; the result has ``cancel()``.

    A daemon thread (exit is not delayed; the finalizer flushes instead), except in the browser
    edition: Pyodide has no threads, so there the kernel's event loop keeps the time.
    """
    if sys.platform == "emscripten":
        import asyncio

        return asyncio.get_event_loop().call_later(delay, action)
    timer = threading.Timer(delay, action)
    timer.daemon = True
    timer.start()
    return timer


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
        self.timer = None  # a threading.Timer, or an asyncio.TimerHandle in the browser
        self.last_error: Exception | None = None
        self.seen: dict[str, str] | None = None  # stored JSON this writer last saw; None: no check
        self.last_conflicts: list[str] = []

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
                if self.seen is None:
                    self.workbook.save_many(self.exercise, batch)
                    self.last_conflicts = []
                else:
                    _changed, self.last_conflicts = self.workbook.save_checked(self.exercise, batch, self.seen)
                    self.seen.update({k: _encode(v, k) for k, v in batch.items()})
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
        self, workbook: Workbook, exercise: str, delay: float = 0.8, on_save: OnSave | None = None,
        check_others: bool = False,
    ) -> None:
        self._state = _Pending(workbook, _check_name(exercise, "exercise"), on_save)
        self.delay = float(delay)
        if check_others:  # notice another tab's (or kernel's) saves of the same keys: see last_conflicts
            self.remember(workbook.snapshot(self.exercise))
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

    @property
    def last_conflicts(self) -> list[str]:
        """Keys the latest write found changed elsewhere since this saver last saw them (kept in history)."""
        return list(self._state.last_conflicts)

    def remember(self, snapshot: Mapping[str, str]) -> None:
        """What the page shows now (``Workbook.snapshot``): later writes are checked against it."""
        with self._state.lock:
            self._state.seen = dict(snapshot)

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
            state.timer = _start_timer(self.delay, state.flush)

    def flush(self) -> bool:
        """Write everything pending now; True if nothing is left unsaved."""
        return self._state.flush()

    def close(self) -> bool:
        """Flush and stop flushing at exit; True if nothing is left unsaved."""
        ok = self.flush()
        if ok:
            self._finalizer.detach()
        return ok
