"""Join links and limits, on SQLite and PostgreSQL: expiry, Stop sharing, the coach's switch, one learner one
member, rate and size limits, a store made by the earlier version, private files."""

from __future__ import annotations

import json
import os
import stat

import pytest

from test_cohort_store import store  # noqa: F401  (the SQLite + PostgreSQL fixture)
from widgets import cohort as co
from widgets.cohort import store as store_module

DAY = 86_400


class Clock:
    """A clock the test moves: links expire and rate windows pass without waiting."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def timed(store, clock):  # noqa: F811
    """The same database as ``store``, read through a store whose clock the test moves."""
    s = co.CohortStore(store.url, clock=clock)
    yield s
    s.close()


@pytest.fixture
def made(timed):
    cohort, key = timed.create_cohort("Links group")
    return cohort, key


def test_a_link_lasts_the_cohorts_days_then_is_refused_with_its_date(timed, made, clock):
    cohort, _key = made
    member = timed.join(cohort.code, "Ana")
    assert member.expires_at == pytest.approx(clock.now + co.LINK_DAYS * DAY, abs=1)
    clock.now += co.LINK_DAYS * DAY - 60
    assert timed.member(member.token).id == member.id, "still good a minute before"
    clock.now += 120
    with pytest.raises(co.LinkRefused, match=r"expired on \d+ \w+ \d{4}\. Join again"):
        timed.submit(member.token, "00.stage-assessment", {"stage": "Host"})
    again = timed.join(cohort.code, "Ana")
    assert timed.submit(again.token, "00.stage-assessment", {"stage": "Host"})


def test_link_days_are_set_per_cohort_and_the_coach_can_change_them(timed, clock):
    cohort, key = timed.create_cohort("Short course", link_days=2)
    assert timed.join(cohort.code).expires_at == pytest.approx(clock.now + 2 * DAY, abs=1)
    timed.coach(cohort.code, key).set_link_days(30)
    assert timed.join(cohort.code).expires_at == pytest.approx(clock.now + 30 * DAY, abs=1)


@pytest.mark.parametrize("days", [
    pytest.param(0, id="zero"),
    pytest.param(366, id="over-a-year"),
    pytest.param("7", id="text"),
    pytest.param(True, id="bool"),
])
def test_link_days_out_of_range_are_refused(timed, days):
    with pytest.raises(co.CohortError, match="between 1 and 365 days"):
        timed.create_cohort("Odd", link_days=days)


def test_one_learner_is_one_member_however_often_they_join(timed, made):
    cohort, key = made
    first = timed.join(cohort.code, "Ana", learner="learner-a-0123456789abcdef")
    second = timed.join(cohort.code, "", learner="learner-a-0123456789abcdef")
    other = timed.join(cohort.code, "Ben", learner="learner-b-0123456789abcdef")
    assert first.id == second.id != other.id
    assert second.label.startswith("Learner "), "the latest join's choice of name wins (here: anonymous)"
    assert timed.member(first.token).id == first.id, "the earlier link still works: same learner"
    assert sorted(m.id for m in timed.coach(cohort.code, key).members()) == sorted([first.id, other.id])


def test_without_a_learner_id_every_join_is_a_new_member(timed, made):
    cohort, _key = made
    assert timed.join(cohort.code).id != timed.join(cohort.code).id


def test_the_store_keeps_a_hash_of_the_learner_id_not_the_id(timed, made):
    cohort, _key = made
    timed.join(cohort.code, learner="my-secret-learner-id-0123456789")
    with timed.engine.connect() as conn:
        rows = conn.execute(timed._members.select()).all()
    assert "my-secret-learner-id-0123456789" not in json.dumps([[str(v) for v in r] for r in rows])


def test_stop_sharing_turns_off_every_link_of_that_learner(timed, made):
    cohort, key = made
    a = timed.join(cohort.code, learner="learner-a-0123456789abcdef")
    b = timed.join(cohort.code, learner="learner-a-0123456789abcdef")  # a second page, a second link
    timed.submit(a.token, "00.stage-assessment", {"stage": "Host"})
    assert timed.shared_count(a.token) == 1
    timed.leave(a.token)
    for token in (a.token, b.token):
        with pytest.raises(co.LinkRefused, match="Stop sharing"):
            timed.submit(token, "00.stage-assessment", {"stage": "Listener"})
    coach = timed.coach(cohort.code, key)
    assert [m.revoked_by for m in coach.members()] == ["learner"]
    assert len(coach.submissions()) == 1, "what was shared stays for the coach"
    back = timed.join(cohort.code, learner="learner-a-0123456789abcdef")
    assert back.id == a.id and timed.submit(back.token, "00.stage-assessment", {"stage": "Listener"})
    with pytest.raises(co.LinkRefused, match="Stop sharing"):
        timed.member(a.token)


def test_leaving_with_an_expired_link_still_turns_it_off(timed, made, clock):
    cohort, _key = made
    member = timed.join(cohort.code, learner="learner-a-0123456789abcdef")
    clock.now += 100 * DAY
    timed.leave(member.token)
    assert [m.revoked_by for m in timed.coach(cohort.code, made[1]).members()] == ["learner"]


def test_the_coach_turns_a_learner_off_and_back_on(timed, made):
    cohort, key = made
    coach = timed.coach(cohort.code, key)
    member = timed.join(cohort.code, "Troll", learner="learner-t-0123456789abcdef")
    assert coach.set_revoked(member.id) is True
    with pytest.raises(co.LinkRefused, match="Your coach turned sharing off for this join link"):
        timed.submit(member.token, "00.stage-assessment", {"stage": "Host"})
    with pytest.raises(co.LinkRefused, match="turned sharing off for you"):
        timed.join(cohort.code, "Troll", learner="learner-t-0123456789abcdef")
    assert coach.set_revoked(member.id, False) is True
    back = timed.join(cohort.code, learner="learner-t-0123456789abcdef")
    assert back.id == member.id and timed.submit(back.token, "00.stage-assessment", {"stage": "Host"})


def test_a_coach_cannot_turn_off_another_cohorts_learner(timed, made):
    cohort, _key = made
    other, other_key = timed.create_cohort("Other")
    member = timed.join(cohort.code)
    assert timed.coach(other.code, other_key).set_revoked(member.id) is False
    assert timed.member(member.token).id == member.id


def test_a_link_from_the_earlier_version_is_refused_with_a_reason(timed, made):
    with pytest.raises(co.LinkRefused, match="earlier version of the course"):
        timed.member(f"{made[0].code}.0123456789abcdef.c2lnbmF0dXJl")


def test_a_flood_of_submissions_is_refused_after_the_rate_and_allowed_a_minute_later(timed, made, clock):
    cohort, key = made
    member = timed.join(cohort.code)
    for n in range(co.RATE_PER_MINUTE):
        clock.now += 0.01
        timed.submit(member.token, "00.stage-assessment", {"stage": f"S{n}"})
    with pytest.raises(co.LimitReached, match=rf"faster than your cohort accepts \({co.RATE_PER_MINUTE} results a "
                                              r"minute\)\. Wait a minute"):
        timed.submit(member.token, "00.stage-assessment", {"stage": "one too many"})
    other = timed.join(cohort.code)
    assert timed.submit(other.token, "00.stage-assessment", {"stage": "Host"}), "the limit is per learner"
    clock.now += 61
    assert timed.submit(member.token, "00.stage-assessment", {"stage": "later"})
    assert len(timed.coach(cohort.code, key).submissions()) == co.RATE_PER_MINUTE + 2


def test_one_learner_cannot_store_more_than_the_limit(timed, made, clock, monkeypatch):
    monkeypatch.setattr(store_module, "MEMBER_SUBMISSION_LIMIT", 3)
    member = timed.join(made[0].code)
    for _ in range(3):
        clock.now += 61
        timed.submit(member.token, "00.stage-assessment", {"stage": "Host"})
    clock.now += 61
    with pytest.raises(co.LimitReached, match="the most it keeps from one learner"):
        timed.submit(member.token, "00.stage-assessment", {"stage": "Host"})


@pytest.mark.parametrize("size,refused", [
    pytest.param(co.RAW_PAYLOAD_LIMIT - 1_000, False, id="just-under-the-limit"),
    pytest.param(co.RAW_PAYLOAD_LIMIT + 1, True, id="over-the-limit"),
    pytest.param(5_000_000, True, id="five-megabytes"),
])
def test_a_result_too_large_is_refused_with_its_size(timed, made, size, refused):
    member = timed.join(made[0].code)
    payload = {"conversation": "bread", "padding": "x" * size}
    if refused:
        with pytest.raises(co.LimitReached, match=r"too large to share \([\d,]+ KB; the limit is 256 KB\)"):
            timed.submit(member.token, "01.conversation-finder", payload)
    else:
        assert timed.submit(member.token, "01.conversation-finder", payload)


def test_a_full_cohort_says_so(timed, made, monkeypatch):
    monkeypatch.setattr(store_module, "MEMBER_LIMIT", 2)
    timed.join(made[0].code)
    timed.join(made[0].code)
    with pytest.raises(co.LimitReached, match="This cohort is full"):
        timed.join(made[0].code)


@pytest.mark.parametrize("text,stored", [
    pytest.param("bread \ud83d baking", "bread \ufffd baking", id="lone-surrogate-replaced"),
    pytest.param("\ud83c\udf5e bread", "\U0001f35e bread", id="surrogate-pair-joined"),
])
def test_half_an_emoji_is_stored_not_dropped(timed, made, text, stored):
    cohort, key = made
    timed.submit(timed.join(cohort.code).token, "01.conversation-finder", {"conversation": text})
    [row] = timed.coach(cohort.code, key).submissions()
    assert row.payload["conversation"] == stored


def test_a_learner_sees_counts_never_another_learners_words(timed, made):
    cohort, key = made
    ana, ben = timed.join(cohort.code, "Ana"), timed.join(cohort.code, "Ben")
    timed.submit(ana.token, "01.conversation-finder", {"conversation": "ana's private topic"})
    timed.submit(ana.token, "00.stage-assessment", {"stage": "ana's own stage words"})
    timed.submit(ana.token, "02.benefit-ladder", {"essence": "ana's essence"})
    view = timed.learner_view(ben.token)
    assert view.members == 1 and view.submissions == 3
    assert "ana" not in json.dumps(view.__dict__).lower()


# -- a store made by the version before links expired ---------------------------------------------

def _old_schema(engine) -> None:
    """The three tables exactly as the first release created them."""
    import sqlalchemy as sa

    meta = sa.MetaData()
    sa.Table("sll_cohorts", meta, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("name", sa.String(320), nullable=False, unique=True),
             sa.Column("code", sa.String(16), nullable=False, unique=True),
             sa.Column("key_salt", sa.String(64), nullable=False), sa.Column("key_hash", sa.String(128), nullable=False),
             sa.Column("secret", sa.String(128), nullable=False), sa.Column("created_at", sa.Float, nullable=False))
    sa.Table("sll_members", meta, sa.Column("id", sa.String(32), primary_key=True),
             sa.Column("cohort_id", sa.Integer, sa.ForeignKey("sll_cohorts.id"), nullable=False, index=True),
             sa.Column("display_name", sa.String(160), nullable=True), sa.Column("created_at", sa.Float, nullable=False))
    sa.Table("sll_submissions", meta, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("cohort_id", sa.Integer, sa.ForeignKey("sll_cohorts.id"), nullable=False, index=True),
             sa.Column("member_id", sa.String(32), sa.ForeignKey("sll_members.id"), nullable=False),
             sa.Column("exercise_id", sa.String(64), nullable=False), sa.Column("kind", sa.String(16), nullable=False),
             sa.Column("payload", sa.Text, nullable=False), sa.Column("created_at", sa.Float, nullable=False),
             sa.Column("hidden", sa.Boolean, nullable=False, default=False),
             sa.Column("approved", sa.Boolean, nullable=False, default=False))
    meta.create_all(engine)


def test_a_store_made_by_the_earlier_version_opens_with_its_data(store, tmp_path):  # noqa: F811
    import sqlalchemy as sa

    url = store.url
    store.close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in ("sll_submissions", "sll_members", "sll_cohorts"):
            conn.execute(sa.text(f"DROP TABLE {table}"))
    _old_schema(engine)
    salt = b"\0" * 16
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO sll_cohorts (name, code, key_salt, key_hash, secret, created_at) VALUES "
                             "('Old group', 'OLD234', :salt, :hash, :secret, 1)"),
                     {"salt": salt.hex(), "hash": co.hash_key("an-old-coach-key", salt).hex(), "secret": "ab" * 32})
        conn.execute(sa.text("INSERT INTO sll_members (id, cohort_id, display_name, created_at) "
                             "VALUES ('0123456789abcdef', 1, 'Old Ana', 2)"))
        conn.execute(sa.text("INSERT INTO sll_submissions (cohort_id, member_id, exercise_id, kind, payload, "
                             "created_at, hidden, approved) VALUES (1, '0123456789abcdef', '00.stage-assessment', "
                             "'stage', '{\"stage\": \"Host\"}', 3, false, false)"))
    engine.dispose()
    upgraded = co.CohortStore(url)
    try:
        coach = upgraded.coach("OLD234", "an-old-coach-key")
        assert [s.payload for s in coach.submissions()] == [{"stage": "Host"}]
        assert [(m.label, m.revoked_by) for m in coach.members()] == [("Old Ana", None)]
        member = upgraded.join("OLD234", "New Ben", learner="learner-b-0123456789abcdef")
        assert upgraded.submit(member.token, "00.stage-assessment", {"stage": "Listener"})
        assert coach.aggregates().stages == {"Host": 1, "Listener": 1}
        assert coach.set_revoked("0123456789abcdef") is True
        co.CohortStore(url).close()  # opening an upgraded store again changes nothing
    finally:
        upgraded.close()


# -- files ------------------------------------------------------------------------------------------

def test_the_sqlite_store_and_its_journal_are_private(tmp_path):
    folder = tmp_path / "new-folder"
    s = co.CohortStore(folder / "cohort.sqlite")
    try:
        cohort, _key = s.create_cohort("Private")
        s.submit(s.join(cohort.code).token, "00.stage-assessment", {"stage": "Host"})
        files = [p for p in folder.iterdir() if p.name.startswith("cohort.sqlite")]
        assert {p.name for p in files} >= {"cohort.sqlite", "cohort.sqlite-wal"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        s.close()


def test_an_existing_folder_keeps_its_permissions(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    co.CohortStore(shared / "cohort.sqlite").close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "cohort.sqlite").stat().st_mode) == 0o600
