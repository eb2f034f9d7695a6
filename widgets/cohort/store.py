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

from widgets.cohort.aggregate import _aggregate, check_size, normalize_payload
from widgets.cohort.keys import SCRYPT, hash_key, learner_ref, make_token, parse_token, signature_matches
from widgets.cohort.model import (check_member, DISPLAY_NAME_LIMIT, LINK_DAYS, LINK_DAYS_MAX, MEMBER_LIMIT, MEMBER_SUBMISSION_LIMIT,
                                  NAME_LIMIT, RATE_PER_MINUTE, Aggregates, CoachRefused, Cohort,
                                  CohortError, LimitReached, LinkRefused, Member, MemberInfo, Submission,
                                  anonymous_label, clean_text, normalize_code)
from widgets.workbook import home_dir, private_file

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
    private_file(path)  # it holds every cohort's signing secret: readable by its owner only
    return f"sqlite:///{path}"


INVALID = "This join link is not valid. Ask your coach for the join code and join again."
OLD_LINK = ("This join link is from an earlier version of the course and no longer works. "
            "Join again with your coach's join code.")
LEFT = "This join link was turned off when you chose Stop sharing. Join again with the code to share again."
COACH_OFF = "Your coach turned sharing off for this join link. Ask them if you think this is a mistake."
COACH_REMOVED = "Your coach turned sharing off for you in this cohort. Ask them if you think this is a mistake."


def _day(when: float) -> str:
    return time.strftime("%d %B %Y", time.gmtime(when)).lstrip("0")


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
        sa.Column("link_days", sa.Integer, nullable=True),  # NULL: LINK_DAYS
    )
    members = sa.Table(
        "sll_members", meta,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("cohort_id", sa.Integer, sa.ForeignKey("sll_cohorts.id"), nullable=False, index=True),
        sa.Column("display_name", sa.String(DISPLAY_NAME_LIMIT * 4), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        # A hash of the learner's stable id (keys.learner_ref): re-joining finds the same member.
        sa.Column("learner_ref", sa.String(64), nullable=True),
        # Raised whenever this member's links are turned off; tokens are signed over it.
        sa.Column("generation", sa.Integer, nullable=True),
        sa.Column("revoked_by", sa.String(16), nullable=True),  # None, "learner" or "coach"
        sa.Column("revoked_at", sa.Float, nullable=True),
        sa.Index("sll_members_learner", "cohort_id", "learner_ref", unique=True),
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
        sa.Index("sll_submissions_member_time", "member_id", "created_at"),
    )
    return meta, cohorts, members, submissions


# Columns added after the first release: a store made by an earlier version gains them on opening.
_ADDED_COLUMNS = {"sll_cohorts": ("link_days",),
                  "sll_members": ("learner_ref", "generation", "revoked_by", "revoked_at")}


class CohortStore:
    """The cohort database: ``CohortStore(url)`` with a SQLAlchemy URL or a file path (default: ``default_url()``)."""

    def __init__(self, url: str | os.PathLike[str] | None = None, clock=time.time) -> None:
        import sqlalchemy as sa

        self._now = clock  # seconds since the epoch; tests pass their own to reach expiry
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
        self._retrying(self._upgrade)

    def __repr__(self) -> str:
        return f"CohortStore({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    # -- plumbing -------------------------------------------------------------------------------

    def _upgrade(self) -> None:
        """Add the columns and indexes a store made by an earlier version lacks (data untouched)."""
        import sqlalchemy as sa

        inspector = sa.inspect(self.engine)
        for table in (self._cohorts, self._members):
            present = {col["name"] for col in inspector.get_columns(table.name)}
            for name in _ADDED_COLUMNS[table.name]:
                if name in present:
                    continue
                kind = table.c[name].type.compile(dialect=self.engine.dialect)
                try:
                    with self.engine.begin() as conn:
                        conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))
                except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
                    if "duplicate" not in str(exc).lower() and "already exists" not in str(exc).lower():
                        raise  # another process added it a moment ago: fine; anything else is not
        for table in (self._members, self._subs):
            for index in table.indexes:
                index.create(self.engine, checkfirst=True)

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

    def create_cohort(self, name: str, key: str | None = None, link_days: int = LINK_DAYS) -> tuple[Cohort, str]:
        """A new cohort and its coach key (returned once; only a salted scrypt hash is kept).

        ``link_days``: how long each join link lasts (learners join again with the code after).
        """
        import sqlalchemy as sa

        link_days = _check_days(link_days)
        clean = clean_text(str(name or ""), NAME_LIMIT).strip()
        if not clean:
            raise CohortError("Give the cohort a name (for example 'Tuesday evening group').")
        key = key or secrets.token_urlsafe(18)
        if len(key) < 12:
            raise CohortError("A coach key needs at least 12 characters.")
        salt = secrets.token_bytes(16)
        values = {
            "name": clean, "key_salt": salt.hex(), "key_hash": hash_key(key, salt).hex(),
            "secret": secrets.token_hex(32), "created_at": self._now(), "link_days": link_days,
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
            raise CoachRefused("That cohort and coach key do not match.")
        return CoachSession(self, self._row_cohort(row))

    # -- members (learner side) -----------------------------------------------------------------

    def join(self, code: str, display_name: str | None = None, learner: str | None = None) -> Member:
        """Join the cohort with this code; anonymous unless a display name is given.

        ``learner`` is the learner's stable id (kept in their workbook, or given by a shared
        server): joining again with it returns the same member with a fresh link, so one learner
        stays one member. Without it every join is a new member. A learner the coach turned off
        cannot come back this way.
        """
        import sqlalchemy as sa

        wanted = normalize_code(code)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(self._cohorts).where(self._cohorts.c.code == wanted)).first() if wanted else None
        if row is None:
            raise CohortError("No cohort has that join code. Check it with your coach.")
        name = clean_text(str(display_name or ""), DISPLAY_NAME_LIMIT).strip() or None
        ref = learner_ref(row.id, str(learner)) if learner else None
        m = self._members

        def upsert():
            with self.engine.begin() as conn:
                found = conn.execute(sa.select(m).where(m.c.cohort_id == row.id, m.c.learner_ref == ref)).first() \
                    if ref else None
                if found is not None:
                    if found.revoked_by == "coach":
                        raise LinkRefused(COACH_REMOVED)
                    conn.execute(sa.update(m).where(m.c.id == found.id).values(
                        display_name=name, revoked_by=None, revoked_at=None))
                    return found.id, found.generation or 0
                count = conn.execute(sa.select(sa.func.count()).where(m.c.cohort_id == row.id)).scalar_one()
                if count >= MEMBER_LIMIT:
                    raise LimitReached(f"This cohort is full ({MEMBER_LIMIT:,} learners). Tell your coach.")
                member_id = secrets.token_hex(8)
                conn.execute(sa.insert(m).values(id=member_id, cohort_id=row.id, display_name=name,
                                                 created_at=self._now(), learner_ref=ref, generation=0))
                return member_id, 0
        try:
            member_id, generation = self._retrying(upsert)
        except sa.exc.IntegrityError:  # the same learner joined twice at once: the other join made the row
            member_id, generation = self._retrying(upsert)
        expires = int(self._now() + 86_400 * (row.link_days or LINK_DAYS))
        token = make_token(row.code, row.secret, row.id, member_id, expires, generation)
        return Member(id=member_id, cohort=self._row_cohort(row), display_name=name, token=token, expires_at=expires)

    def _verify(self, token: str, *, allow_expired: bool = False):
        """(cohort row, member row, expiry) for a token signed under the member's current generation."""
        import sqlalchemy as sa

        parts = parse_token(token)
        if parts is None:
            raise LinkRefused(OLD_LINK if str(token or "").count(".") == 2 and len(str(token)) < 200 else INVALID)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(self._cohorts).where(self._cohorts.c.code == parts.code)).first()
            m = None if row is None else conn.execute(sa.select(self._members).where(
                self._members.c.id == parts.member_id, self._members.c.cohort_id == row.id)).first()
        if row is None or m is None:
            raise LinkRefused(INVALID)
        generation = m.generation or 0
        if not signature_matches(parts, row.secret, row.id, generation):
            # Signed under an earlier generation: a real link that was turned off since.
            if any(signature_matches(parts, row.secret, row.id, g) for g in range(max(0, generation - 50), generation)):
                raise LinkRefused(COACH_OFF if m.revoked_by == "coach" else LEFT)
            raise LinkRefused(INVALID)
        if m.revoked_by:  # cannot normally happen (turning off raises the generation); refuse anyway
            raise LinkRefused(COACH_OFF if m.revoked_by == "coach" else LEFT)
        if parts.expires <= self._now() and not allow_expired:
            raise LinkRefused(f"This join link expired on {_day(parts.expires)}. Join again with your coach's "
                              "join code; what you shared before stays shared.")
        return row, m, parts.expires

    def member(self, token: str) -> Member:
        """The member a signed join token names; a forged, expired, turned-off or unknown token is refused."""
        row, m, expires = self._verify(token)
        return Member(id=m.id, cohort=self._row_cohort(row), display_name=m.display_name, token=str(token).strip(),
                      expires_at=float(expires))

    def check(self, token: str | None) -> tuple[Member | None, str]:
        """Whether this token still admits its learner: ``(member, "")`` or ``(None, why not)``; never raises."""
        return check_member(self.member, token)

    def leave(self, token: str) -> Member:
        """Stop sharing: turn off every link this member holds (an expired one too). Shared results stay."""
        import sqlalchemy as sa

        row, m, expires = self._verify(token, allow_expired=True)

        def update():
            with self.engine.begin() as conn:
                conn.execute(sa.update(self._members).where(self._members.c.id == m.id).values(
                    generation=(m.generation or 0) + 1, revoked_by="learner", revoked_at=self._now()))
        self._retrying(update)
        return Member(id=m.id, cohort=self._row_cohort(row), display_name=m.display_name, token="", expires_at=0.0)

    def shared_count(self, token: str) -> int:
        """How many results this member has shared (what their coach can still see, unless hidden)."""
        import sqlalchemy as sa

        _row, m, _expires = self._verify(token, allow_expired=True)
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).where(self._subs.c.member_id == m.id)).scalar_one()

    def submit(self, token: str, exercise_id: str, payload: Mapping[str, Any]) -> int:
        """Store one shared result for the member the token names; returns the submission id.

        Refused with a reason: a bad link, a result too large, faster than ``RATE_PER_MINUTE`` or
        beyond ``MEMBER_SUBMISSION_LIMIT`` results from one learner.
        """
        import sqlalchemy as sa

        member = self.member(token)
        check_size(payload)
        kind, data = normalize_payload(exercise_id, payload)
        now = self._now()
        values = {"cohort_id": member.cohort.id, "member_id": member.id, "exercise_id": exercise_id,
                  "kind": kind, "payload": json.dumps(data, ensure_ascii=False), "created_at": now,
                  "hidden": False, "approved": False}
        s = self._subs
        recent = sa.func.sum(sa.case((s.c.created_at > now - 60, 1), else_=0))

        def insert():
            with self.engine.begin() as conn:
                total, last_minute = conn.execute(
                    sa.select(sa.func.count(), recent).where(s.c.member_id == member.id)).one()
                if (last_minute or 0) >= RATE_PER_MINUTE:
                    raise LimitReached(f"You are sharing faster than your cohort accepts ({RATE_PER_MINUTE} results "
                                       "a minute). Wait a minute; your work is saved in your workbook either way.")
                if total >= MEMBER_SUBMISSION_LIMIT:
                    raise LimitReached(f"You have shared {total:,} results with this cohort, the most it keeps from "
                                       "one learner. Your work is still saved in your workbook.")
                return conn.execute(sa.insert(s).values(**values)).inserted_primary_key[0]
        return self._retrying(insert)

    def learner_view(self, token: str) -> Aggregates:
        """What a learner may see: counts, and only the essences the coach approved (no names).

        No other learner's words reach a learner: stage names and conversations are typed text,
        so they are left out (the coach sees them on the dashboard).
        """
        member = self.member(token)
        agg = _aggregate(self._rows(member.cohort.id, include_hidden=False))
        approved = [(0, "", text, True) for _id, _label, text, ok in agg.essences if ok]
        return Aggregates(**{**agg.__dict__, "stages": {}, "conversations": [], "essences": approved})

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


def _check_days(days: Any) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= LINK_DAYS_MAX:
        raise CohortError(f"Join links last between 1 and {LINK_DAYS_MAX} days.")
    return days


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

        s, m = self.store._subs, self.store._members
        flags = sa.case((s.c.hidden == sa.true(), s.c.id * 2), else_=0) + sa.case((s.c.approved == sa.true(), s.c.id * 3), else_=0)
        query = sa.select(sa.func.count(), sa.func.max(s.c.id), sa.func.sum(flags)).where(s.c.cohort_id == self.cohort.id)
        people = sa.select(sa.func.count(), sa.func.sum(sa.func.coalesce(m.c.generation, 0))).where(
            m.c.cohort_id == self.cohort.id)
        with self.store.engine.connect() as conn:
            count, last, flag_sum = conn.execute(query).one()
            members, turned_off = conn.execute(people).one()
        return (count, last or 0, int(flag_sum or 0), members, int(turned_off or 0))

    def members(self) -> list[MemberInfo]:
        """Every member of this cohort, oldest first, with how many results each shared."""
        import sqlalchemy as sa

        m, s = self.store._members, self.store._subs
        count = sa.select(sa.func.count()).where(s.c.member_id == m.c.id).scalar_subquery()
        query = sa.select(m, count.label("n")).where(m.c.cohort_id == self.cohort.id).order_by(m.c.created_at, m.c.id)
        with self.store.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [MemberInfo(id=r.id, label=r.display_name or anonymous_label(r.id), joined_at=r.created_at,
                           submissions=r.n, revoked_by=r.revoked_by) for r in rows]

    def set_revoked(self, member_id: str, revoked: bool = True) -> bool:
        """Turn a member's join links off (they cannot share, or join again, until turned back on).

        Turning back on lets them join again with the code; their old links stay off.
        False if no such member in this cohort.
        """
        import sqlalchemy as sa

        m = self.store._members

        def update():
            with self.store.engine.begin() as conn:
                where = sa.and_(m.c.id == str(member_id or ""), m.c.cohort_id == self.cohort.id)
                if revoked:
                    values = {"generation": sa.func.coalesce(m.c.generation, 0) + 1, "revoked_by": "coach",
                              "revoked_at": self.store._now()}
                else:
                    values = {"revoked_by": None, "revoked_at": None}
                return conn.execute(sa.update(m).where(where).values(**values)).rowcount
        return bool(self.store._retrying(update))

    def set_link_days(self, days: int) -> None:
        """How long join links made from now on last."""
        import sqlalchemy as sa

        days = _check_days(days)
        c = self.store._cohorts

        def update():
            with self.store.engine.begin() as conn:
                conn.execute(sa.update(c).where(c.c.id == self.cohort.id).values(link_days=days))
        self.store._retrying(update)

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
