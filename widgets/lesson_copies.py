"""The learner's copy of the installed lessons: made on first start, brought up to date after an upgrade.

An installed course keeps its lessons inside the package (read-only, shared), so ``present`` and
``learn`` serve a copy in the learner's data folder. A record beside it (:data:`RECORD`) holds the
hash of each file as the course installed it, which tells three cases apart on every start:

- the installed file is the one copied last time: the copy is left alone (the learner's edits stay);
- it changed (an upgrade) and the copy is still as installed: the copy is replaced;
- it changed and so did the copy (the learner edited or ran it in JupyterLab), or there is no
  record to tell (a copy made before records were kept): the copy is moved to
  ``lessons.mine/<time>/`` and said so, then replaced. Nothing the learner made is overwritten.

The workbook (answers, history) lives beside ``lessons/``, never inside it, and is not touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

RECORD = "lessons-installed.json"  # in the data folder, beside lessons/: {"files": {relative: sha256}}
KEPT = "lessons.mine"
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__"}


@dataclass
class LessonSync:
    """What bringing the copy up to date did (or, on a dry run, would do)."""

    folder: Path
    copied: list[Path] = field(default_factory=list)  # new files
    updated: list[Path] = field(default_factory=list)  # replaced by the installed version, unedited
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (served file, where the learner's one went)
    removed: list[Path] = field(default_factory=list)  # gone from the installed course, unedited
    as_installed: list[Path] = field(default_factory=list)  # served files now exactly the course's

    def messages(self, *, dry_run: bool = False) -> list[str]:
        """One line per kind of change, e.g. ``Copied 5 new lesson file(s) to …``."""
        def said(done: str, would: str) -> str:
            return would if dry_run else done

        lines = []
        if self.copied:
            lines.append(f"{said('Copied', 'Would copy')} {len(self.copied)} new lesson file(s) to {self.folder}.")
        if self.updated:
            lines.append(f"{said('Updated', 'Would update')} {len(self.updated)} lesson file(s) to this version "
                         "of the course.")
        if self.removed:
            lines.append(f"{said('Removed', 'Would remove')} {len(self.removed)} lesson file(s) this version "
                         "no longer has.")
        for served, kept in self.kept:
            lines.append(f"Your copy of {served.name} differs from this version of the course: "
                         f"{said('it is kept in', 'it would be kept in')} {kept}.")
        return lines


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not SKIP_DIRS.intersection(relative.parts):
            found[relative.as_posix()] = path
    return found


def _read_record(path: Path) -> dict[str, str]:
    try:
        files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):  # missing, damaged, or not ours: as if no record
        return {}
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def sync_lessons(source: Path, home: Path, *, dry_run: bool = False, now: datetime | None = None) -> LessonSync:
    """Bring ``home/lessons`` up to date with the installed ``source``; on ``dry_run`` write nothing."""
    target = home / "lessons"
    record_path = home / RECORD
    record = _read_record(record_path)
    kept_root = home / KEPT / (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    sync = LessonSync(target)

    def keep(relative: str, dest: Path) -> None:
        aside = kept_root / relative
        sync.kept.append((dest, aside))
        if not dry_run:
            aside.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(dest), aside)

    installed = {relative: (path, file_hash(path)) for relative, path in _files(source).items()}
    for relative, (path, course_hash) in installed.items():
        dest = target / relative
        if not dest.exists():
            sync.copied.append(dest)
        else:
            copy_hash = file_hash(dest)
            if copy_hash == course_hash or record.get(relative) == course_hash:
                # Already this version, or the course did not change this file since it was copied:
                # the copy, edited or not, stays.
                if copy_hash == course_hash:
                    sync.as_installed.append(dest)
                continue
            if copy_hash == record.get(relative):
                sync.updated.append(dest)
            else:
                keep(relative, dest)
        sync.as_installed.append(dest)
        if not dry_run:
            _copy(path, dest)
    for relative, old_hash in record.items():
        dest = target / relative
        if relative in installed or not dest.is_file():
            continue
        if file_hash(dest) == old_hash:
            sync.removed.append(dest)
            if not dry_run:
                dest.unlink()
        else:
            keep(relative, dest)
    new_record = {relative: course_hash for relative, (_path, course_hash) in installed.items()}
    if not dry_run and new_record != record:
        home.mkdir(parents=True, exist_ok=True)
        partial = record_path.with_name(f".{record_path.name}.partial")
        partial.write_text(json.dumps({"files": new_record}, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, record_path)
    return sync


def _copy(path: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Contents only (not the package's read-only mode bits), via a temporary name so an
    # interrupted copy is never mistaken for a complete lesson next time.
    partial = dest.with_name(f".{dest.name}.partial")
    shutil.copyfile(path, partial)
    os.replace(partial, dest)


def trust(paths: list[Path]) -> None:
    """Sign the course's own notebooks in Jupyter's notary (``jupyter trust``), so neither Voilà nor
    JupyterLab logs "Notebook … is not trusted" for them. Files the learner changed are not ours to
    sign: JupyterLab signs those itself when it saves them."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    for path in paths:
        if path.suffix != ".ipynb":
            continue
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # not a notebook after all: Jupyter will say so when it is opened
            continue
        if not notary.check_signature(nb):
            notary.sign(nb)
