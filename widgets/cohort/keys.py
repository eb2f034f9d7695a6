"""Signing and keys: the coach key's scrypt hash, the HMAC-signed join token and its link.

A join token is ``CODE.MEMBER.EXPIRES.SIGNATURE``: the cohort's join code, the member id, when
the token stops working (base-36 seconds since 1970) and an HMAC-SHA256 over the cohort, the
member, the expiry and the member's *generation*. The generation is not in the token: turning a
member's links off ("Stop sharing", or the coach) raises it, and every token signed before stops
matching without a list of revoked tokens to keep.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import parse_qs

JOIN_PARAM = "sll_join"  # the query-string parameter carrying a learner's signed join token
TOKEN_LIMIT = 200  # characters; anything longer is not a token

# scrypt cost: ~16 MiB and tens of ms per check, so a stolen store resists guessing the coach key.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_key(key: str, salt: bytes) -> bytes:
    """The scrypt hash of a coach key (only hashes are stored)."""
    return hashlib.scrypt(key.encode("utf-8", "replace"), salt=salt, **SCRYPT)


def sign(secret: str, cohort_id: int, member_id: str, expires: int, generation: int) -> str:
    """The token's signature: HMAC-SHA256 under the cohort's secret, URL-safe base64."""
    message = f"v2|{cohort_id}|{member_id}|{expires}|{generation}".encode()
    mac = hmac.new(bytes.fromhex(secret), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def make_token(code: str, secret: str, cohort_id: int, member_id: str, expires: int, generation: int) -> str:
    """A signed join token for one member until ``expires``.

    >>> make_token("ABC234", "00" * 32, 1, "ab12", 1_700_000_000, 0).split(".")[:3]
    ['ABC234', 'ab12', 's44we8']
    """
    return f"{code}.{member_id}.{_base36(expires)}.{sign(secret, cohort_id, member_id, expires, generation)}"


@dataclass(frozen=True)
class TokenParts:
    code: str
    member_id: str
    expires: int
    signature: str


def parse_token(token: object) -> TokenParts | None:
    """The parts of a well-formed token, or None (the caller refuses it with one message).

    >>> parse_token("ABC234.ab12.s44we8.sig").expires
    1700000000
    >>> parse_token("ABC234.ab12.sig") is None  # the unexpiring tokens of earlier versions
    True
    """
    text = str(token or "").strip()
    parts = text.split(".")
    if len(text) > TOKEN_LIMIT or len(parts) != 4 or not all(parts):
        return None
    code, member_id, expires, signature = parts
    if not (code.isalnum() and code.isascii() and member_id.isalnum() and member_id.isascii()):
        return None
    try:
        when = int(expires, 36)
    except ValueError:
        return None
    return TokenParts(code, member_id, when, signature)


def signature_matches(parts: TokenParts, secret: str, cohort_id: int, generation: int) -> bool:
    expected = sign(secret, cohort_id, parts.member_id, parts.expires, generation)
    return hmac.compare_digest(expected.encode(), parts.signature.encode("utf-8", "replace"))


def learner_ref(cohort_id: int, learner: str) -> str:
    """What the store keeps of a learner's stable id: a hash, never the id (which admits them again).

    >>> len(learner_ref(1, "0f" * 16))
    64
    """
    return hashlib.sha256(f"sll-learner|{cohort_id}|{learner}".encode("utf-8", "replace")).hexdigest()


def join_link(base_url: str, token: str) -> str:
    """The personal link a learner keeps: ``base_url`` with the signed token in the query string.

    >>> join_link("/voila/render/01_conversation.ipynb", "ABC234.x.y.z")
    '/voila/render/01_conversation.ipynb?sll_join=ABC234.x.y.z'
    """
    return f"{base_url}?{JOIN_PARAM}={token}"


def token_from_query(query: str) -> str | None:
    """The join token in a query string, if any.

    >>> token_from_query("sll_join=ABC234.x.y.z&other=1")
    'ABC234.x.y.z'
    """
    values = parse_qs(str(query or "").lstrip("?")).get(JOIN_PARAM)
    return values[0] if values else None


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    number = max(0, int(number))
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out
