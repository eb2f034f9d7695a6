"""Who a browser is on a shared ``present`` server: a signed learner cookie and the learner's own home.

A learner is a random 128-bit id, kept by the browser in a cookie whose value is the id and an
HMAC of it under a server-side secret; a cookie the server did not sign names nobody. The secret
lives in ``<home>/learners/room-secret`` (0600), so a learner who comes back after the server
restarted is still the same learner with the same work. Pure functions here: no tornado.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

COOKIE = "sll-learner"
OWNER = "owner"  # the person running the server: their workbook is the home folder itself
LEARNERS = "learners"
SECRET_FILE = "room-secret"
COOKIE_DAYS = 180
OWNER_ENV = "SOCIAL_LAB_ROOM_OWNER"  # the owner link's token, from `social-lab present` (never on a command line)
OWNER_PARAM = "owner"  # http://HOST:PORT/?owner=TOKEN makes a browser the owner
_ID = re.compile(r"^(?:[0-9a-f]{32}|owner)$")
_TAG = b"social-lab learner v1:"


def new_learner() -> str:
    """A fresh learner id: 32 hex digits.

    >>> len(new_learner())
    32
    """
    return secrets.token_hex(16)


def sign(secret: bytes, learner: str) -> str:
    """The cookie value naming ``learner``: ``<id>.<hmac>``.

    >>> sign(b"k" * 32, "owner").startswith("owner.")
    True
    """
    if not _ID.match(learner):
        raise ValueError("not a learner id")
    mac = hmac.new(secret, _TAG + learner.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{learner}.{mac}"


def verify(secret: bytes, value: str | None) -> str | None:
    """The learner a cookie value names, or None when it is absent, malformed or not signed by ``secret``.

    >>> key = b"k" * 32
    >>> verify(key, sign(key, "owner")), verify(key, "owner.0000")
    ('owner', None)
    """
    if not value or len(value) > 200 or value.count(".") != 1:
        return None
    learner, _mac = value.split(".")
    if not _ID.match(learner):
        return None
    return learner if hmac.compare_digest(sign(secret, learner), value) else None


def load_secret(home: Path) -> bytes:
    """The room's signing secret, made on first use (``<home>/learners/room-secret``, readable by its owner only)."""
    folder = home / LEARNERS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / SECRET_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    if len(data) >= 32:
        return data
    data = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return data


def learner_home(home: Path, learner: str) -> Path:
    """Where ``learner`` keeps their workbook: the home itself for the owner, else ``<home>/learners/<id>`` (0700).

    >>> learner_home(Path("/h"), "owner")
    PosixPath('/h')
    """
    if not _ID.match(learner):
        raise ValueError("not a learner id")
    if learner == OWNER:
        return home
    path = home / LEARNERS / learner
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def same_token(given: str | None, expected: str | None) -> bool:
    """Whether ``given`` is the owner token (compared in constant time; an empty token matches nothing)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))
