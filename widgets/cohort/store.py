"""The cohort store: SQLite or PostgreSQL through SQLAlchemy Core (parameterised queries only).

SQLite is the embedded default (a file under ``home_dir()``); a PostgreSQL URL works the same.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any, Mapping

from widgets.cohort.aggregate import _aggregate, normalize_payload
from widgets.cohort.keys import SCRYPT, _sign, hash_key
from widgets.cohort.model import (DISPLAY_NAME_LIMIT, NAME_LIMIT, Aggregates, Cohort, CohortError, Member, Submission,
                                  anonymous_label, clean_text, normalize_code)
from widgets.workbook import home_dir

URL_ENV = "SOCIAL_LAB_COHORT_URL"  # a SQLAlchemy URL or a file path; default: home_dir()/cohort.sqlite
STORE_NAME = "cohort.sqlite"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud in a room
CODE_LENGTH = 6


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
