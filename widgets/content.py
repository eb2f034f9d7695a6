"""Course content: loads ``datasets/`` into frozen dataclasses and validates it."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS = ("bullhorn", "walkie-talkie", "mixed")
# Every YAML file of datasets/ parsed once and stored as JSON, keyed by its path under datasets/.
# The browser edition ships this instead of the YAML: PyYAML has no wheel for Pyodide.
COMPILED = "compiled-yaml.json"
COMPILED_FORMAT = "social-leadership-lab/datasets-json"


class ContentError(ValueError):
    """A dataset file is missing, malformed, or breaks its schema."""


def datasets_dir() -> Path:
    """Where the datasets are: inside the installed wheel, else the repository's ``datasets/``.

    >>> (datasets_dir() / "README.md").exists()
    True
    """
    packaged = Path(__file__).parent / "_datasets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "datasets"


def lessons_dir() -> Path:
    """Where the lesson notebooks are: inside the installed wheel, else the repository's ``lessons/``."""
    packaged = Path(__file__).parent / "_lessons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lessons"


@functools.lru_cache(maxsize=None)
def read_yaml(relative: str) -> Any:
    """Parse one YAML file under the datasets folder, with a clear error naming the file.

    Where the datasets folder holds ``compiled-yaml.json`` (the browser edition), the file's
    content comes from there and YAML is never imported.
    """
    compiled = _compiled()
    if compiled is not None:
        if relative not in compiled:
            raise ContentError(f"{relative}: cannot be read (not in {COMPILED})")
        return compiled[relative]
    import yaml  # deferred: only where the datasets are YAML (never in the browser edition)

    path = datasets_dir() / relative
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{relative}: cannot be read ({exc.strerror or exc})") from exc
    try:
        return yaml.load(text, Loader=_safe_loader(yaml))
    except yaml.YAMLError as exc:
        raise ContentError(f"{relative}: not valid YAML ({exc})") from exc


def _safe_loader(yaml):
    """PyYAML's safe loader, on libyaml where PyYAML was built with it: the same documents, parsed about
    ten times faster (a lesson reads a dozen files while its page is opening; pure Python took ~0.3 s)."""
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=1)
def _compiled() -> dict[str, Any] | None:
    """The parsed YAML of every dataset file from ``compiled-yaml.json``, or None where there is none."""
    path = datasets_dir() / COMPILED
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ContentError(f"{COMPILED}: cannot be read ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != COMPILED_FORMAT or not isinstance(doc.get("files"), dict):
        raise ContentError(f"{COMPILED}: not a compiled datasets file")
    return doc["files"]


def compile_yaml(folder: Path | None = None) -> dict[str, Any]:
    """Every ``*.yaml`` under ``folder`` (default: the datasets) parsed, as the ``compiled-yaml.json`` document.

    Raises ContentError for a file that is not valid YAML or whose content JSON cannot hold
    unchanged (dates, non-text keys): the browser edition must read exactly what the YAML says.

    >>> "posts.yaml" in compile_yaml()["files"]
    True
    """
    import yaml

    folder = Path(folder) if folder is not None else datasets_dir()
    files: dict[str, Any] = {}
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).as_posix()
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_safe_loader(yaml))
        except (OSError, yaml.YAMLError) as exc:
            raise ContentError(f"{relative}: not valid YAML ({exc})") from exc
        try:
            same = json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False)) == data
        except (TypeError, ValueError):
            same = False
        if not same:
            raise ContentError(f"{relative}: holds values JSON cannot carry unchanged (dates, non-text keys)")
        files[relative] = data
    return {"format": COMPILED_FORMAT, "files": files}


def require(record: dict, key: str, where: str, kind: type = str) -> Any:
    """Fetch ``record[key]``, checking that it is present, of ``kind`` and (for text) not blank."""
    if not isinstance(record, dict):
        raise ContentError(f"{where}: expected a mapping, got {type(record).__name__}")
    if key not in record:
        raise ContentError(f"{where}: missing field '{key}'")
    value = record[key]
    if not isinstance(value, kind):
        raise ContentError(f"{where}: field '{key}' should be {kind.__name__}, got {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        raise ContentError(f"{where}: field '{key}' is empty")
    return value


def unique_ids(items, where: str) -> None:
    """Refuse two records with the same ``id``: exercises key learner work by id."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ContentError(f"{where}: id '{item.id}' is used twice")
        seen.add(item.id)


@dataclass(frozen=True)
class Post:
    """One example post written for the course, labeled for the voice analyzer."""

    id: str
    niche: str
    label: str
    note: str
    text: str


@functools.lru_cache(maxsize=None)
def load_posts() -> tuple[Post, ...]:
    """All labeled example posts in ``datasets/posts.yaml``.

    >>> {p.label for p in load_posts()} == set(LABELS)
    True
    """
    raw = read_yaml("posts.yaml")
    if not isinstance(raw, list):
        raise ContentError("posts.yaml: expected a list of posts")
    posts = []
    for i, rec in enumerate(raw):
        where = f"posts.yaml item {i}"
        post = Post(
            id=require(rec, "id", where),
            niche=require(rec, "niche", where),
            label=require(rec, "label", where),
            note=require(rec, "note", where),
            text=require(rec, "text", where).strip(),
        )
        if post.label not in LABELS:
            raise ContentError(f"{where} ({post.id}): label '{post.label}' is not one of {LABELS}")
        posts.append(post)
    unique_ids(posts, "posts.yaml")
    return tuple(posts)


def post_by_id(post_id: str) -> Post:
    """The labeled post with this id (a clear ContentError if there is none)."""
    for post in load_posts():
        if post.id == post_id:
            return post
    raise ContentError(f"no post with id '{post_id}' in posts.yaml")
