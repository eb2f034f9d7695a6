"""Read what a damaged workbook file still holds, with nothing but Python (no sqlite3 CLI, no extension).

Two passes, best first:

1. **SQL**: a private copy of the file (and its ``-wal``) opened with ``sqlite3``; each table that
   can be read to the end is taken whole. This is what a file with a damaged index or a bad
   page elsewhere still gives.
2. **Pages**: the SQLite file format read by hand (https://www.sqlite.org/fileformat2.html): every
   page that looks like a table leaf is parsed, cell by cell, overflow chains followed, WAL
   frames laid over the pages they replace. This reads a file whose header was overwritten, that
   was cut short, or that has garbage in the middle: every row whose page survived.

A row is kept only if it looks exactly like a workbook row (exercise and key names, a value that
parses as JSON, a sane time); anything else is skipped. Nothing here writes to the damaged file.
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"SQLite format 3\x00"
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
MAX_NAME = 200
MAX_VALUE = 1_000_000

Row = tuple[str, str, str, float]  # exercise, key, value (JSON text), saved_at


@dataclass
class Salvaged:
    """What was read back: current answers, their history, and how."""

    entries: list[Row] = field(default_factory=list)
    revisions: list[Row] = field(default_factory=list)
    how: list[str] = field(default_factory=list)

    @property
    def exercises(self) -> list[str]:
        return sorted({row[0] for row in self.entries + self.revisions})

    def __bool__(self) -> bool:
        return bool(self.entries or self.revisions)


def salvage(path: str | Path) -> Salvaged:
    """Everything readable from the workbook file at ``path`` (and its ``-wal`` beside it)."""
    path = Path(path)
    found = Salvaged()
    by_sql = _by_sql(path)
    scanned: dict[str, list[Row]] | None = None
    for table in ("entries", "revisions"):
        rows = by_sql.get(table)
        if rows is None:
            if scanned is None:
                scanned = _by_pages(path)
            rows = scanned[table]
            if rows:
                found.how.append(f"{table}: read page by page")
        elif rows:
            found.how.append(f"{table}: read whole")
        setattr(found, table, _valid(rows))
    found.entries = _latest_per_key(found.entries)
    found.revisions = sorted(set(found.revisions), key=lambda r: (r[0], r[1], r[3]))
    # An answer whose only trace is in the history comes back as the latest version in it.
    have = {(e, k) for e, k, _v, _t in found.entries}
    for exercise, key, value, saved_at in _latest_per_key(found.revisions):
        if (exercise, key) not in have:
            found.entries.append((exercise, key, value, saved_at))
    found.entries.sort(key=lambda r: (r[0], r[1]))
    return found


# -- pass 1: SQL on a private copy ------------------------------------------------------------------

def _by_sql(path: Path) -> dict[str, list[Row]]:
    """Tables that read to the end through SQLite (on a copy: the damaged file is never opened for writing)."""
    out: dict[str, list[Row]] = {}
    with tempfile.TemporaryDirectory(prefix="sll-salvage-") as scratch:
        copy = Path(scratch) / "copy.sqlite3"
        try:
            shutil.copyfile(path, copy)
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        except OSError:
            return out
        try:
            conn = sqlite3.connect(copy, isolation_level=None)
        except sqlite3.Error:
            return out
        with contextlib.closing(conn):
            for table, columns in (("entries", "exercise, key, value, saved_at"),
                                   ("revisions", "exercise, key, value, saved_at")):
                try:
                    out[table] = [tuple(r) for r in conn.execute(f"SELECT {columns} FROM {table}")]
                except sqlite3.Error:
                    continue
    return out


# -- pass 2: the file format by hand -----------------------------------------------------------------

def _by_pages(path: Path) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {"entries": [], "revisions": []}
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    try:
        wal = Path(f"{path}-wal").read_bytes()
    except OSError:
        wal = b""
    best: tuple[int, dict[str, list[Row]]] = (0, found)
    for size in _page_sizes(data, wal):
        pages = _pages(data, size)
        pages.update(_wal_pages(wal, size))
        rows = _rows_from_pages(pages, size, _reserved(data))
        score = len(rows["entries"]) + len(rows["revisions"])
        if score > best[0]:
            best = (score, rows)
        if score and data[:16] == MAGIC:
            break  # the header's own page size worked: no need to guess
    return best[1]


def _page_sizes(data: bytes, wal: bytes) -> list[int]:
    sizes = []
    if data[:16] == MAGIC and len(data) >= 18:
        raw = struct.unpack(">H", data[16:18])[0]
        sizes.append(65536 if raw == 1 else raw)
    if len(wal) >= 32:
        sizes.append(struct.unpack(">I", wal[8:12])[0])
    return [s for s in dict.fromkeys(sizes + list(PAGE_SIZES)) if s in PAGE_SIZES]


def _reserved(data: bytes) -> int:
    return data[20] if data[:16] == MAGIC and len(data) > 20 else 0


def _pages(data: bytes, size: int) -> dict[int, bytes]:
    """Page number (from 1) -> bytes; a last page cut short is kept as far as it goes."""
    return {n + 1: data[n * size:(n + 1) * size] for n in range(-(-len(data) // size))}


def _wal_pages(wal: bytes, size: int) -> dict[int, bytes]:
    """The newest copy of each page in a WAL file whose header names this page size."""
    if len(wal) < 32 or struct.unpack(">I", wal[8:12])[0] != size:
        return {}
    salt = wal[16:24]
    pages: dict[int, bytes] = {}
    offset = 32
    while offset + 24 + size <= len(wal):
        number = struct.unpack(">I", wal[offset:offset + 4])[0]
        if wal[offset + 8:offset + 16] != salt:
            break  # frames of an older generation of the log: not part of the database
        if number:
            pages[number] = wal[offset + 24:offset + 24 + size]
        offset += 24 + size
    return pages


def _varint(buf: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = buf[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    raise IndexError  # pragma: no cover


def _rows_from_pages(pages: dict[int, bytes], size: int, reserved: int) -> dict[str, list[Row]]:
    usable = size - reserved
    found: dict[str, list[Row]] = {"entries": [], "revisions": []}
    for number, page in pages.items():
        start = 100 if number == 1 else 0
        if len(page) < start + 8 or page[start] != 0x0D:  # 0x0D: a table b-tree leaf
            continue
        cells = struct.unpack(">H", page[start + 3:start + 5])[0]
        for i in range(cells):
            try:
                pointer = struct.unpack(">H", page[start + 8 + 2 * i:start + 10 + 2 * i])[0]
                payload = _payload(page, pointer, usable, pages)
                values = _record(payload) if payload is not None else None
            except (IndexError, struct.error, ValueError, UnicodeDecodeError, RecursionError):
                continue
            row = _as_row(values)
            if row is not None:
                found[row[0]].append(row[1])
    return found


def _payload(page: bytes, at: int, usable: int, pages: dict[int, bytes]) -> bytes | None:
    total, at = _varint(page, at)
    _rowid, at = _varint(page, at)
    if total > MAX_VALUE * 2 + 1000:
        return None
    most = usable - 35
    if total <= most:
        local = total
    else:
        least = (usable - 12) * 32 // 255 - 23
        local = least + (total - least) % (usable - 4)
        if local > most:
            local = least
    body = bytearray(page[at:at + local])
    if len(body) < local:
        return None
    if total > local:
        next_page = struct.unpack(">I", page[at + local:at + local + 4])[0]
        seen = set()
        while len(body) < total:
            if next_page in seen or next_page not in pages:
                return None  # the rest of this value is lost
            seen.add(next_page)
            overflow = pages[next_page]
            if len(overflow) < 4:
                return None
            body += overflow[4:usable][:total - len(body)]
            next_page = struct.unpack(">I", overflow[:4])[0]
    return bytes(body)


def _record(payload: bytes) -> list:
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        kind, at = _varint(payload, at)
        types.append(kind)
    if len(types) > 8:
        raise ValueError("not a workbook row")
    values, at = [], header_size
    for kind in types:
        if kind == 0:
            values.append(None)
        elif 1 <= kind <= 6:
            width = (1, 2, 3, 4, 6, 8)[kind - 1]
            values.append(int.from_bytes(payload[at:at + width], "big", signed=True))
            at += width
        elif kind == 7:
            values.append(struct.unpack(">d", payload[at:at + 8])[0])
            at += 8
        elif kind in (8, 9):
            values.append(kind - 8)
        elif kind >= 12:
            width = (kind - 12) // 2
            chunk = payload[at:at + width]
            if len(chunk) < width:
                raise ValueError("cut short")
            values.append(chunk.decode("utf-8") if kind % 2 else bytes(chunk))
            at += width
        else:
            raise ValueError("reserved serial type")
    return values


def _as_row(values: list | None) -> tuple[str, Row] | None:
    """('entries' | 'revisions', row) for a record shaped like one of the workbook's rows."""
    if values is None:
        return None
    if len(values) == 4:
        table, cols = "entries", values
    elif len(values) == 5 and values[0] is None:  # revisions: id is the rowid, stored as NULL
        table, cols = "revisions", values[1:]
    else:
        return None
    exercise, key, value, saved_at = cols
    if not all(isinstance(v, str) for v in (exercise, key, value)) or isinstance(saved_at, (bytes, str)):
        return None
    return table, (exercise, key, value, float(saved_at) if saved_at is not None else -1.0)


def _valid(rows) -> list[Row]:
    kept = []
    for row in rows:
        try:
            exercise, key, value, saved_at = row
            saved_at = float(saved_at)
        except (TypeError, ValueError):
            continue
        if not (isinstance(exercise, str) and isinstance(key, str) and isinstance(value, str)):
            continue
        if not (0 < len(exercise) <= MAX_NAME and 0 < len(key) <= MAX_NAME and len(value) <= MAX_VALUE):
            continue
        if not (math.isfinite(saved_at) and saved_at >= 0):
            continue
        try:
            json.loads(value)
        except (ValueError, RecursionError):
            continue
        kept.append((exercise, key, value, saved_at))
    return kept


def _latest_per_key(rows: list[Row]) -> list[Row]:
    latest: dict[tuple[str, str], Row] = {}
    for row in rows:
        held = latest.get((row[0], row[1]))
        if held is None or row[3] >= held[3]:
            latest[(row[0], row[1])] = row
    return list(latest.values())
