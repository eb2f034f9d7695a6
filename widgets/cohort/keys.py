"""Signing and keys: the coach key's scrypt hash, the HMAC-signed join token and its link."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs

JOIN_PARAM = "sll_join"  # the query-string parameter carrying a learner's signed join token

# scrypt cost: ~16 MiB and tens of ms per check, so a stolen store resists guessing the coach key.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_key(key: str, salt: bytes) -> bytes:
    """The scrypt hash of a coach key (only hashes are stored)."""
    return hashlib.scrypt(key.encode("utf-8"), salt=salt, **SCRYPT)


def _sign(secret: str, cohort_id: int, member_id: str) -> str:
    mac = hmac.new(bytes.fromhex(secret), f"{cohort_id}|{member_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def join_link(base_url: str, token: str) -> str:
    """The personal link a learner keeps: ``base_url`` with the signed token in the query string.

    >>> join_link("/voila/render/01_conversation.ipynb", "ABC234.x.y")
    '/voila/render/01_conversation.ipynb?sll_join=ABC234.x.y'
    """
    return f"{base_url}?{JOIN_PARAM}={token}"


def token_from_query(query: str) -> str | None:
    """The join token in a query string, if any.

    >>> token_from_query("sll_join=ABC234.x.y&other=1")
    'ABC234.x.y'
    """
    values = parse_qs(str(query or "").lstrip("?")).get(JOIN_PARAM)
    return values[0] if values else None
