"""Cohort records, limits and wording shared by every part of the package (no storage here)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from widgets.feedback import clean_text as _clean_text
from widgets.workbook import without_surrogates

NAME_LIMIT = 80
DISPLAY_NAME_LIMIT = 40
TEXT_LIMIT = 600  # any one shared text (a rewrite, an essence) is capped at this many characters
PAYLOAD_LIMIT = 8_000  # the whole JSON payload of one submission, once reduced to what the dashboard needs
RAW_PAYLOAD_LIMIT = 256_000  # a result as an exercise hands it over (before reduction): bigger is refused
RATE_PER_MINUTE = 20  # submissions one learner may store per minute (a click is one; a flood is refused)
MEMBER_SUBMISSION_LIMIT = 500  # submissions one learner may store in one cohort in all
MEMBER_LIMIT = 1_000  # members one cohort accepts (joining is open to anyone with the code)
LINK_DAYS = 14  # a join link lasts this many days unless the cohort says otherwise
LINK_DAYS_MAX = 365

# What each shareable exercise contributes to the dashboard.
KIND_BY_EXERCISE = {
    "00.stage-assessment": "stage",
    "01.rewrite-studio": "voice",
    "01.conversation-finder": "conversation",
    "02.benefit-ladder": "essence",
}
KINDS = ("stage", "voice", "conversation", "essence")
VERDICTS = ("bullhorn", "mixed", "walkie-talkie")  # worst to best
_EXERCISE_ID = re.compile(r"^\d\d\.[a-z0-9]+(?:-[a-z0-9]+)*$")

CONSENT_FILE = "cohort/consent.yaml"  # what a learner is told before joining: exactly what leaves their workbook


@dataclass(frozen=True)
class Consent:
    heading: str
    intro: str
    shared: tuple[tuple[str, str], ...]  # (exercise id, what is sent)
    who_sees: str
    anonymity: str


def load_consent(relative: str = CONSENT_FILE) -> Consent:
    """The consent statement shown before joining (``datasets/cohort/consent.yaml``)."""
    from widgets.content import read_yaml, require

    doc = read_yaml(relative)
    where = relative
    shared = tuple((require(item, "exercise", f"{where} shared"), require(item, "what", f"{where} shared"))
                   for item in require(doc, "shared", where, list))
    return Consent(heading=require(doc, "heading", where), intro=require(doc, "intro", where), shared=shared,
                   who_sees=require(doc, "who_sees", where), anonymity=require(doc, "anonymity", where))


class CohortError(Exception):
    """An expected refusal (wrong key, bad link, bad input), worded for the person who caused it."""

    status = 400  # the HTTP status the cohort service answers with


class LinkRefused(CohortError):
    """A join token that does not (or no longer) admit anyone: forged, expired or turned off."""

    status = 403


class CoachRefused(CohortError):
    """A wrong coach key, an unknown cohort, or a coach session that has ended."""

    status = 403


class LimitReached(CohortError):
    """Too many submissions too fast, too many in all, or one too large."""

    status = 429


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    code: str
    created_at: float


@dataclass(frozen=True)
class Member:
    id: str
    cohort: Cohort
    display_name: str | None
    token: str  # signed join token: cohort code, member id, expiry and an HMAC over them
    expires_at: float = 0.0  # when this token stops working (seconds since the epoch)

    @property
    def label(self) -> str:
        return self.display_name or anonymous_label(self.id)


@dataclass(frozen=True)
class Submission:
    id: int
    member_id: str
    member_label: str
    exercise_id: str
    kind: str
    payload: dict
    created_at: float
    hidden: bool
    approved: bool


@dataclass(frozen=True)
class MemberInfo:
    """What a coach sees about one member: never a token, never the learner's own id."""

    id: str
    label: str
    joined_at: float
    submissions: int
    revoked_by: str | None  # None while sharing; "learner" (Stop sharing) or "coach"


@dataclass(frozen=True)
class Aggregates:
    """Everything the dashboard draws, from the latest visible submission per learner and kind."""

    members: int
    submissions: int
    stages: dict[str, int]
    voice_before: dict[str, int]
    voice_after: dict[str, int]
    improved: int
    voice_total: int
    conversations: list[tuple[str, int]]
    essences: list[tuple[int, str, str, bool]]  # (submission id, learner label, text, approved)


def clean_text(text: object, limit: int) -> str:
    """Learner text without control characters, capped at ``limit`` characters.

    >>> clean_text("hi\\x00 there", 5)
    'hi th'
    """
    return _clean_text(without_surrogates(text) if isinstance(text, str) else text, limit)[0]


def anonymous_label(member_id: str) -> str:
    """A stable, non-identifying label for a learner without a display name.

    >>> anonymous_label("a1b2c3d4e5f60718")
    'Learner A1B2'
    """
    return f"Learner {member_id[:4].upper()}"


def normalize_code(code: str) -> str:
    """A join code as typed ('ab-c 2d3') in its stored form ('ABC2D3').

    >>> normalize_code(" ab-c 2d3 ")
    'ABC2D3'
    """
    return re.sub(r"[\s\-]", "", str(code or "")).upper()


def check_member(member_of, token: str | None) -> tuple[Member | None, str]:
    """Whether ``token`` still admits its learner: ``(member, "")`` or ``(None, why not)``; never raises.

    ``member_of`` is a store's or the cohort service client's ``member``: both answer the same way.
    """
    if not token:
        return None, "Not joined."
    try:
        return member_of(token), ""
    except CohortError as exc:
        return None, str(exc)
