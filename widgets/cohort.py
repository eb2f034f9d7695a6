"""Cohorts: a coach's group of learners who opt in to share chosen results, and the live aggregates.

Pure logic and storage (SQLAlchemy Core, parameterised queries only): no ipywidgets here.
SQLite is the embedded default (a file under ``home_dir()``); a PostgreSQL URL works the same.

Privacy model: a learner shares only by joining (opt-in) and only what the chosen exercises send;
learners read aggregates and coach-approved text, never another learner's raw submission; the
coach reads everything for their own cohort after proving the coach key, which is stored hashed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qs

from widgets.feedback import clean_text as _clean_text
from widgets.workbook import home_dir

URL_ENV = "SOCIAL_LAB_COHORT_URL"  # a SQLAlchemy URL or a file path; default: home_dir()/cohort.sqlite
STORE_NAME = "cohort.sqlite"
JOIN_PARAM = "sll_join"  # the query-string parameter carrying a learner's signed join token

NAME_LIMIT = 80
DISPLAY_NAME_LIMIT = 40
TEXT_LIMIT = 600  # any one shared text (a rewrite, an essence) is capped at this many characters
PAYLOAD_LIMIT = 8_000  # the whole JSON payload of one submission
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud in a room
CODE_LENGTH = 6
# scrypt cost: ~16 MiB and tens of ms per check, so a stolen store resists guessing the coach key.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}

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
    token: str  # signed join token: cohort code, member id and an HMAC over both

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
    return _clean_text(text, limit)[0]


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


def default_url() -> str:
    """``$SOCIAL_LAB_COHORT_URL``, else the SQLite file ``home_dir()/cohort.sqlite`` (never a served folder)."""
    configured = os.environ.get(URL_ENV, "").strip()
    return configured or str(home_dir() / STORE_NAME)


def _to_url(target: str | os.PathLike[str]) -> str:
    text = str(target)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _schema():
    import sqlalchemy as sa

    meta = sa.MetaData()
    cohorts = sa.Table(
        "sll_cohorts", meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(NAME_LIMIT * 4), nullable=False, unique=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("key_salt", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(128), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    members = sa.Table(
        "sll_members", meta,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("cohort_id", sa.Integer, sa.ForeignKey("sll_cohorts.id"), nullable=False, index=True),
        sa.Column("display_name", sa.String(DISPLAY_NAME_LIMIT * 4), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    submissions = sa.Table(
        "sll_submissions", meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("cohort_id", sa.Integer, sa.ForeignKey("sll_cohorts.id"), nullable=False, index=True),
        sa.Column("member_id", sa.String(32), sa.ForeignKey("sll_members.id"), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False, default=False),
        sa.Column("approved", sa.Boolean, nullable=False, default=False),
    )
    return meta, cohorts, members, submissions


class CohortStore:
    """The cohort database: ``CohortStore(url)`` with a SQLAlchemy URL or a file path (default: ``default_url()``)."""

    def __init__(self, url: str | os.PathLike[str] | None = None) -> None:
        import sqlalchemy as sa

        self.url = _to_url(url if url is not None else default_url())
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine = sa.create_engine(self.url, **kwargs)
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self._meta, self._cohorts, self._members, self._subs = _schema()
        self._retrying(lambda: self._meta.create_all(self.engine))

    def __repr__(self) -> str:
        return f"CohortStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    # -- plumbing -------------------------------------------------------------------------------

    def _retrying(self, work, attempts: int = 8):
        """Run ``work``; SQLite may say "locked" under many writers: wait a moment and try again."""
        import sqlalchemy as sa

        for attempt in range(attempts):
            try:
                return work()
            except sa.exc.OperationalError as exc:
                if not self.is_sqlite or "locked" not in str(exc).lower() or attempt == attempts - 1:
                    raise
                time.sleep(0.05 * (attempt + 1) + secrets.randbelow(50) / 1000)
        return None  # pragma: no cover

    def _row_cohort(self, row) -> Cohort:
        return Cohort(id=row.id, name=row.name, code=row.code, created_at=row.created_at)

    def _find_cohort_row(self, conn, name_or_code: str):
        import sqlalchemy as sa

        c = self._cohorts
        text = str(name_or_code or "").strip()
        return conn.execute(
            sa.select(c).where(sa.or_(c.c.code == normalize_code(text), c.c.name == text))
        ).first()

    # -- cohorts (coach side) -------------------------------------------------------------------

    def create_cohort(self, name: str, key: str | None = None) -> tuple[Cohort, str]:
        """A new cohort and its coach key (returned once; only a salted scrypt hash is kept)."""
        import sqlalchemy as sa

        clean = clean_text(str(name or ""), NAME_LIMIT).strip()
        if not clean:
            raise CohortError("Give the cohort a name (for example 'Tuesday evening group').")
        key = key or secrets.token_urlsafe(18)
        if len(key) < 12:
            raise CohortError("A coach key needs at least 12 characters.")
        salt = secrets.token_bytes(16)
        values = {
            "name": clean, "key_salt": salt.hex(), "key_hash": hash_key(key, salt).hex(),
            "secret": secrets.token_hex(32), "created_at": time.time(),
        }
        for _ in range(10):
            values["code"] = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                def insert():
                    with self.engine.begin() as conn:
                        if conn.execute(sa.select(self._cohorts.c.id).where(self._cohorts.c.name == clean)).first():
                            raise CohortError(f"A cohort named {clean!r} already exists; choose another name.")
                        return conn.execute(sa.insert(self._cohorts).values(**values)).inserted_primary_key[0]
                new_id = self._retrying(insert)
            except sa.exc.IntegrityError:
                continue  # a join code collision (or a race on the name): try again
            return Cohort(id=new_id, name=clean, code=values["code"], created_at=values["created_at"]), key
        raise CohortError("Could not create the cohort; try again.")

    def cohorts(self) -> list[tuple[Cohort, int, int]]:
        """Every cohort with its member and submission counts (never keys or secrets)."""
        import sqlalchemy as sa

        c, m, s = self._cohorts, self._members, self._subs
        members = sa.select(sa.func.count()).where(m.c.cohort_id == c.c.id).scalar_subquery()
        subs = sa.select(sa.func.count()).where(s.c.cohort_id == c.c.id).scalar_subquery()
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c, members.label("n_members"), subs.label("n_subs")).order_by(c.c.id)).all()
        return [(self._row_cohort(r), r.n_members, r.n_subs) for r in rows]

    def coach(self, name_or_code: str, key: str) -> "CoachSession":
        """The coach's view of a cohort; a wrong key or unknown cohort is refused with one message."""
        with self.engine.connect() as conn:
            row = self._find_cohort_row(conn, name_or_code)
        # Hash even for an unknown cohort, so timing does not tell which cohorts exist.
        salt = bytes.fromhex(row.key_salt) if row else b"\0" * 16
        expected = bytes.fromhex(row.key_hash) if row else b"\1" * SCRYPT["dklen"]
        given = hash_key(str(key or ""), salt)
        if not hmac.compare_digest(given, expected) or row is None:
            raise CohortError("That cohort and coach key do not match.")
        return CoachSession(self, self._row_cohort(row))

    # -- members (learner side) -----------------------------------------------------------------

    def join(self, code: str, display_name: str | None = None) -> Member:
        """Join the cohort with this code: a new member, anonymous unless a display name is given."""
        import sqlalchemy as sa

        with self.engine.connect() as conn:
            row = self._find_cohort_row(conn, normalize_code(code))
        if row is None or row.code != normalize_code(code):
            raise CohortError("No cohort has that join code. Check it with your coach.")
        name = clean_text(str(display_name or ""), DISPLAY_NAME_LIMIT).strip() or None
        member_id = secrets.token_hex(8)

        def insert():
            with self.engine.begin() as conn:
                conn.execute(sa.insert(self._members).values(
                    id=member_id, cohort_id=row.id, display_name=name, created_at=time.time()))
        self._retrying(insert)
        token = f"{row.code}.{member_id}.{_sign(row.secret, row.id, member_id)}"
        return Member(id=member_id, cohort=self._row_cohort(row), display_name=name, token=token)

    def member(self, token: str) -> Member:
        """The member a signed join token names; a forged, altered or unknown token is refused."""
        import sqlalchemy as sa

        refused = CohortError("This join link is not valid. Ask your coach for the join code and join again.")
        parts = str(token or "").strip().split(".")
        if len(parts) != 3 or not all(parts) or len(token) > 200:
            raise refused
        code, member_id, signature = parts
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(self._cohorts).where(self._cohorts.c.code == code)).first()
            if row is None:
                raise refused
            if not hmac.compare_digest(_sign(row.secret, row.id, member_id).encode(), signature.encode("utf-8", "replace")):
                raise refused
            m = conn.execute(sa.select(self._members).where(
                self._members.c.id == member_id, self._members.c.cohort_id == row.id)).first()
        if m is None:
            raise refused
        return Member(id=m.id, cohort=self._row_cohort(row), display_name=m.display_name, token=str(token).strip())

    def submit(self, token: str, exercise_id: str, payload: Mapping[str, Any]) -> int:
        """Store one shared result for the member the token names; returns the submission id."""
        import sqlalchemy as sa

        member = self.member(token)
        kind, data = normalize_payload(exercise_id, payload)
        values = {"cohort_id": member.cohort.id, "member_id": member.id, "exercise_id": exercise_id,
                  "kind": kind, "payload": json.dumps(data, ensure_ascii=False), "created_at": time.time(),
                  "hidden": False, "approved": False}

        def insert():
            with self.engine.begin() as conn:
                return conn.execute(sa.insert(self._subs).values(**values)).inserted_primary_key[0]
        return self._retrying(insert)

    def learner_view(self, token: str) -> Aggregates:
        """What a learner may see: totals, and only the essences the coach approved (no names)."""
        member = self.member(token)
        agg = _aggregate(self._rows(member.cohort.id, include_hidden=False))
        approved = [(0, "", text, True) for _id, _label, text, ok in agg.essences if ok]
        return Aggregates(**{**agg.__dict__, "essences": approved})

    # -- reading (shared by the coach session) -------------------------------------------------

    def _rows(self, cohort_id: int, *, include_hidden: bool) -> list[Submission]:
        import sqlalchemy as sa

        s, m = self._subs, self._members
        query = (sa.select(s, m.c.display_name).join(m, m.c.id == s.c.member_id)
                 .where(s.c.cohort_id == cohort_id).order_by(s.c.id))
        if not include_hidden:
            query = query.where(s.c.hidden == sa.false())
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [Submission(id=r.id, member_id=r.member_id, member_label=r.display_name or anonymous_label(r.member_id),
                           exercise_id=r.exercise_id, kind=r.kind, payload=_loads(r.payload),
                           created_at=r.created_at, hidden=bool(r.hidden), approved=bool(r.approved))
                for r in rows]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) never block writers
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _loads(text: str) -> dict:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


class CoachSession:
    """A coach's authenticated view of one cohort: every submission, moderation, aggregates."""

    def __init__(self, store: CohortStore, cohort: Cohort) -> None:
        self.store = store
        self.cohort = cohort
        self._lock = threading.Lock()

    def submissions(self, include_hidden: bool = True) -> list[Submission]:
        return self.store._rows(self.cohort.id, include_hidden=include_hidden)

    def aggregates(self) -> Aggregates:
        return _aggregate(self.submissions(include_hidden=False))

    def revision(self) -> tuple:
        """A cheap fingerprint that changes when anything the dashboard shows changes."""
        import sqlalchemy as sa

        s = self.store._subs
        flags = sa.case((s.c.hidden == sa.true(), s.c.id * 2), else_=0) + sa.case((s.c.approved == sa.true(), s.c.id * 3), else_=0)
        query = sa.select(sa.func.count(), sa.func.max(s.c.id), sa.func.sum(flags)).where(s.c.cohort_id == self.cohort.id)
        with self.store.engine.connect() as conn:
            count, last, flag_sum = conn.execute(query).one()
        return (count, last or 0, int(flag_sum or 0))

    def set_hidden(self, submission_id: int, hidden: bool = True) -> bool:
        """Hide (or show again) one submission of this cohort; False if no such submission here."""
        return self._update(submission_id, hidden=bool(hidden))

    def set_approved(self, submission_id: int, approved: bool = True) -> bool:
        """Let learners see this essence (or stop them seeing it)."""
        return self._update(submission_id, approved=bool(approved))

    def _update(self, submission_id: int, **values) -> bool:
        import sqlalchemy as sa

        s = self.store._subs
        try:
            ident = int(submission_id)
        except (TypeError, ValueError):
            return False

        def update():
            with self.store.engine.begin() as conn:
                return conn.execute(sa.update(s).where(s.c.id == ident, s.c.cohort_id == self.cohort.id)
                                    .values(**values)).rowcount
        return bool(self.store._retrying(update))


# -- payloads ------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    return clean_text(str(value), TEXT_LIMIT).strip() if isinstance(value, (str, int, float)) else ""


def _last_item(payload: Mapping[str, Any]) -> str:
    items = payload.get("items")
    if isinstance(items, list) and items and isinstance(items[-1], (list, tuple)) and len(items[-1]) == 2:
        return _text(items[-1][1])
    return ""


def _item(payload: Mapping[str, Any], label: str) -> str:
    items = payload.get("items")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, (list, tuple)) and len(item) == 2 and item[0] == label:
            return _text(item[1])
    return ""


def normalize_payload(exercise_id: str, payload: Mapping[str, Any]) -> tuple[str, dict]:
    """The kind and the small dict stored for a shared result (an exercise's ``_result`` or a plain dict).

    Only the fields the dashboard needs are kept, each cleaned and capped.

    >>> normalize_payload("01.conversation-finder", {"brief": {"conversation": "bread baking"}})
    ('conversation', {'conversation': 'bread baking'})
    """
    if not isinstance(exercise_id, str) or not _EXERCISE_ID.match(exercise_id):
        raise CohortError("An exercise id looks like '01.rewrite-studio'.")
    kind = KIND_BY_EXERCISE.get(exercise_id)
    if kind is None:
        raise CohortError(f"{exercise_id} is not one of the exercises a cohort shares.")
    if not isinstance(payload, Mapping):
        raise CohortError("A shared result must be a dict.")
    if kind == "stage":
        # The stage's name ("Stage" item of the lesson 00 result) reads better on a chart than its id.
        data = {"stage": _item(payload, "Stage") or _text(payload.get("stage")) or _last_item(payload)}
    elif kind == "conversation":
        brief = payload.get("brief") if isinstance(payload.get("brief"), Mapping) else {}
        data = {"conversation": _text(payload.get("conversation")) or _text(brief.get("conversation"))}
    elif kind == "essence":
        data = {"essence": _text(payload.get("essence")) or _last_item(payload)}
    else:
        data = _voice_payload(payload)
    if not any(data.values()):
        raise CohortError("There is nothing to share yet: finish the exercise first.")
    if len(json.dumps(data, ensure_ascii=False)) > PAYLOAD_LIMIT:
        raise CohortError("That result is too long to share.")
    return kind, data


def _voice_payload(payload: Mapping[str, Any]) -> dict:
    """Before/after verdicts (computed here from the texts when not given) and the rewrite."""
    before, after = payload.get("before_verdict"), payload.get("after_verdict")
    rewrite, original = payload.get("rewrite") or payload.get("after"), payload.get("before")
    pairs = payload.get("pairs")
    if isinstance(pairs, list) and pairs and isinstance(pairs[-1], Mapping):
        original, rewrite = pairs[-1].get("before", original), pairs[-1].get("after", rewrite)
    if (before not in VERDICTS or after not in VERDICTS) and original and rewrite:
        from widgets.voice import analyze

        before, after = analyze(_text(original)).verdict, analyze(_text(rewrite)).verdict
    return {"before_verdict": before if before in VERDICTS else "",
            "after_verdict": after if after in VERDICTS else "",
            "rewrite": _text(rewrite)}


def _aggregate(rows: Iterable[Submission]) -> Aggregates:
    rows = list(rows)
    latest: dict[tuple[str, str], Submission] = {}
    for row in rows:  # ordered by id: later shares replace earlier ones of the same kind
        latest[(row.member_id, row.kind)] = row
    stages: Counter = Counter()
    before: Counter = Counter()
    after: Counter = Counter()
    conversations: Counter = Counter()
    shown_as: dict[str, str] = {}
    improved = voice_total = 0
    essences = []
    for (_member, kind), row in sorted(latest.items(), key=lambda kv: kv[1].id):
        p = row.payload
        if kind == "stage" and p.get("stage"):
            stages[p["stage"]] += 1
        elif kind == "voice" and p.get("before_verdict") in VERDICTS and p.get("after_verdict") in VERDICTS:
            voice_total += 1
            before[p["before_verdict"]] += 1
            after[p["after_verdict"]] += 1
            improved += VERDICTS.index(p["after_verdict"]) > VERDICTS.index(p["before_verdict"])
        elif kind == "conversation" and p.get("conversation"):
            key = " ".join(p["conversation"].casefold().split())
            shown_as.setdefault(key, " ".join(p["conversation"].split()))
            conversations[key] += 1
        elif kind == "essence" and p.get("essence"):
            essences.append((row.id, row.member_label, p["essence"], row.approved))
    return Aggregates(
        members=len({row.member_id for row in rows}), submissions=len(rows),
        stages=dict(stages), voice_before={v: before[v] for v in VERDICTS}, voice_after={v: after[v] for v in VERDICTS},
        improved=improved, voice_total=voice_total,
        conversations=[(shown_as[k], n) for k, n in sorted(conversations.items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
        essences=essences,
    )


# -- charts (plotly figure dicts; plotly itself is never imported here) ------------------------

_COLORS = {"bullhorn": "#b23a48", "mixed": "#c98b2b", "walkie-talkie": "#2d6a4f"}


def stages_figure_data(agg: Aggregates) -> dict:
    """Learners per stage, as a horizontal bar chart dict.

    >>> stages_figure_data(_aggregate([]))["data"][0]["x"]
    []
    """
    names = sorted(agg.stages, key=lambda s: (-agg.stages[s], s))
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": [agg.stages[s] for s in names],
                  "y": names, "marker": {"color": "#3a5a8c"}, "text": [str(agg.stages[s]) for s in names],
                  "textposition": "auto"}],
        "layout": {"height": 260, "margin": {"l": 160, "r": 10, "t": 40, "b": 30},
                   "title": {"text": f"Stages ({sum(agg.stages.values())} learners)"},
                   "xaxis": {"dtick": 1, "rangemode": "tozero"}, "yaxis": {"autorange": "reversed"}},
    }


def voice_figure_data(agg: Aggregates) -> dict:
    """Verdicts before and after the rewrite, grouped, with how many improved in the title."""
    return {
        "data": [{"type": "bar", "name": label, "x": list(VERDICTS), "y": [counts[v] for v in VERDICTS],
                  "marker": {"color": color}}
                 for label, counts, color in (("Before", agg.voice_before, "#8a94a6"),
                                               ("After the rewrite", agg.voice_after, "#2d6a4f"))],
        "layout": {"barmode": "group", "height": 280, "margin": {"l": 40, "r": 10, "t": 40, "b": 40},
                   "title": {"text": f"Voice: {agg.improved} of {agg.voice_total} rewrites improved"},
                   "yaxis": {"dtick": 1, "rangemode": "tozero"}},
    }


def conversations_figure_data(agg: Aggregates) -> dict:
    """The conversations learners chose (top ten), most chosen first."""
    names = [name for name, _ in agg.conversations]
    counts = [n for _, n in agg.conversations]
    return {
        "data": [{"type": "bar", "orientation": "h", "name": "Learners", "x": counts, "y": names,
                  "marker": {"color": "#6b4c9a"}}],
        "layout": {"height": 280, "margin": {"l": 200, "r": 10, "t": 40, "b": 30},
                   "title": {"text": "Conversations chosen"},
                   "xaxis": {"dtick": 1, "rangemode": "tozero"}, "yaxis": {"autorange": "reversed"}},
    }


def summary_text(agg: Aggregates) -> str:
    """One sentence for screen readers and the page: the state of the cohort.

    >>> summary_text(_aggregate([]))
    '0 learners have shared 0 results.'
    """
    people = "learner has" if agg.members == 1 else "learners have"
    return f"{agg.members} {people} shared {agg.submissions} result{'' if agg.submissions == 1 else 's'}."


# -- the learner's kernel: who is sharing, and the one-line hook exercises call ----------------

_STATE: dict[str, Any] = {}


def set_membership(token: str | None, store: CohortStore | None = None) -> None:
    """Remember (or forget, with None) the signed token this kernel shares under."""
    if token is None:
        _STATE.pop("token", None)
    else:
        _STATE["token"] = token
    if store is not None:
        _STATE["store"] = store


def current_token() -> str | None:
    return _STATE.get("token")


def default_store() -> CohortStore:
    """The kernel's store, opened once."""
    if "store" not in _STATE:
        _STATE["store"] = CohortStore()
    return _STATE["store"]


def share(exercise_id: str, payload: Mapping[str, Any]) -> bool:
    """Share one exercise's result with the cohort, if this learner joined one; never raises.

    The hook exercises call after saving their ``_result``. Returns True when stored.

    >>> share("01.conversation-finder", {"conversation": "bread"})  # not joined: nothing leaves
    False
    """
    token = _STATE.get("token")
    if not token or exercise_id not in KIND_BY_EXERCISE:
        return False
    try:
        default_store().submit(token, exercise_id, payload)
    except Exception as exc:  # a failing share must never break the exercise that called it
        _STATE["last_error"] = f"{type(exc).__name__}: {exc}"
        return False
    return True


# -- the command line and presenting (used by widgets/cli.py) -----------------------------------

DASHBOARD = "coach/dashboard.ipynb"  # relative to the lessons folder; not in the learner's list
PRESENT_TEMPLATE = "sll-present"  # datasets/cohort/voila/templates/sll-present: the lab template, larger type


def describe_new_cohort(cohort: Cohort, key: str, store: CohortStore) -> str:
    """What ``social-lab cohort create`` prints: the join code, the coach key (once), what to do next."""
    return "\n".join([
        f"Created cohort {cohort.name!r}.",
        f"  Join code (give it to learners):      {cohort.code}",
        f"  Coach key (shown only now; keep it):  {key}",
        f"  Store: {store!r}",
        "Open the live dashboard:",
        "  social-lab present --coach --large-type",
        f"  then open /voila/render/{DASHBOARD} and enter the cohort name or code and the coach key.",
    ])


def describe_cohorts(store: CohortStore) -> str:
    """What ``social-lab cohort list`` prints: name, join code, members, submissions (never keys)."""
    rows = store.cohorts()
    if not rows:
        return f"No cohorts yet in {store!r}. Create one: social-lab cohort create NAME"
    lines = [f"{'join code':<10} {'members':>7} {'shared':>7}  name"]
    lines += [f"{c.code:<10} {members:>7} {subs:>7}  {c.name}" for c, members, subs in rows]
    return "\n".join(lines)


def present_options(lessons: list[str], *, pool: int, large_type: bool, data_dir: Path) -> tuple[list[str], dict]:
    """Extra Voilà arguments and environment for presenting: preheated pools only for ``lessons``.

    Every other notebook gets a pool of 0, so memory stays bounded to ``pool`` kernels per
    presented lesson. Preheating cannot be combined with progressive rendering, so that is off.

    >>> args, env = present_options(["01_x.ipynb"], pool=2, large_type=False, data_dir=Path("/d"))
    >>> args[0], json.loads(args[1].split("=", 1)[1])["01_x.ipynb"]
    ('--preheat_kernel=True', {'pool_size': 2})
    """
    args: list[str] = []
    env: dict[str, str] = {}
    if pool > 0 and lessons:
        pools = {"default": {"pool_size": 0}, **{name: {"pool_size": pool} for name in lessons}}
        args += ["--preheat_kernel=True", f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
                 "--VoilaConfiguration.progressive_rendering=False"]
    if large_type:
        args.append(f"--template={PRESENT_TEMPLATE}")
        existing = os.environ.get("JUPYTER_PATH", "")
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data_dir), existing]))
    return args, env


def add_present_options(present) -> None:
    """``social-lab present`` options for coaches: preheated pools and larger type."""
    present.add_argument("--preheat", type=int, default=1, metavar="N",
                         help="keep N warm kernels per presented lesson (default 1; 0 turns preheating off)")
    present.add_argument("--lesson", action="append", metavar="NOTEBOOK", dest="present_lessons",
                         help="a lesson you will present (repeatable; default: the first lesson, "
                              "plus the cohort dashboard with --coach); only these are preheated")
    present.add_argument("--large-type", action="store_true", help="larger type, for a room or a video call")


def present_extra(args, folder: Path, first: str | None) -> tuple[list[str], dict[str, str]]:
    """The Voilà arguments and environment that ``add_present_options`` asked for."""
    from widgets.content import datasets_dir

    pool = getattr(args, "preheat", 0) or 0
    if not 0 <= pool <= 8:
        raise CohortError("--preheat must be between 0 and 8 kernels per lesson.")
    names = list(getattr(args, "present_lessons", None) or ([first] if first else []))
    for name in names:
        if not (folder / name).is_file():
            raise CohortError(f"No lesson {name!r} in {folder}.")
    coach = getattr(args, "coach", False)
    if coach and (folder / DASHBOARD).is_file() and DASHBOARD not in names:
        names.append(DASHBOARD)
    return present_options(names, pool=pool, large_type=getattr(args, "large_type", False),
                           data_dir=datasets_dir() / "cohort")


def add_commands(commands) -> None:
    """``social-lab cohort create NAME`` and ``social-lab cohort list``."""
    cohort = commands.add_parser("cohort", help="create and list coach cohorts (live dashboard of shared results)")
    sub = cohort.add_subparsers(title="cohort commands", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="create a cohort: prints its join code and coach key (once)")
    create.add_argument("name", metavar="NAME", help="a name you will recognise, e.g. 'Tuesday group'")
    create.add_argument("--store", metavar="URL", help=f"a SQLAlchemy URL or file (default ${URL_ENV} or {STORE_NAME})")
    create.set_defaults(run=_cli_create)
    listing = sub.add_parser("list", help="list cohorts with their join codes and counts (never keys)")
    listing.add_argument("--store", metavar="URL", help="as for 'create'")
    listing.set_defaults(run=_cli_list)


def _cli(work) -> int:
    import sys

    try:
        print(work())
    except CohortError as exc:
        print(f"social-lab: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bad URL or an unreachable server: one line, no traceback
        print(f"social-lab: cannot use the cohort store: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
              file=sys.stderr)
        return 1
    return 0


def _cli_create(args) -> int:
    def work():
        store = CohortStore(args.store)
        made, key = store.create_cohort(args.name)
        return describe_new_cohort(made, key, store)
    return _cli(work)


def _cli_list(args) -> int:
    return _cli(lambda: describe_cohorts(CohortStore(args.store)))
