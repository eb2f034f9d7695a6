"""Cohort security: coach keys, signed join links, SQL metacharacters (both backends)."""

from __future__ import annotations

import base64

import pytest

from test_cohort_store import store  # noqa: F401  (the SQLite + PostgreSQL fixture)
from widgets.cohort import CohortError

BOBBY = "Robert'); DROP TABLE sll_submissions;--"


@pytest.fixture
def made(store):  # noqa: F811
    cohort, key = store.create_cohort("Security group")
    return store, cohort, key


@pytest.mark.parametrize("key", [
    pytest.param("", id="empty"),
    pytest.param("not-the-key", id="wrong"),
    pytest.param("' OR '1'='1", id="sql-injection-attempt"),
])
def test_wrong_coach_key_is_refused(made, key):
    store, cohort, _key = made
    with pytest.raises(CohortError, match="do not match"):
        store.coach(cohort.code, key)


def test_right_key_for_unknown_cohort_is_refused_the_same_way(made):
    store, _cohort, key = made
    with pytest.raises(CohortError, match="do not match"):
        store.coach("NOSUCH", key)


def _flip(text: str) -> str:
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def _forgeries(store, cohort, victim, attacker):
    code, member_id, expires, sig = attacker.token.split(".")
    other, _ = store.create_cohort("Other cohort")
    later = int(expires, 36) + 365 * 86_400
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    later36 = ""
    while later:
        later, rest = divmod(later, 36)
        later36 = digits[rest] + later36
    return {
        "victim-id-with-own-signature": f"{code}.{victim.id}.{expires}.{sig}",
        "altered-signature": f"{code}.{member_id}.{expires}.{_flip(sig)}",
        "empty-signature": f"{code}.{member_id}.{expires}.",
        "expiry-pushed-back": f"{code}.{member_id}.{later36}.{sig}",
        "other-cohort-code": f"{other.code}.{member_id}.{expires}.{sig}",
        "unsigned-made-up-member": f"{code}.{'0' * 16}.{expires}.{base64.urlsafe_b64encode(b'x' * 32).decode().rstrip('=')}",
        "too-few-parts": f"{code}.{member_id}",
        "extra-part": f"{attacker.token}.x",
        "garbage": "'; DROP TABLE sll_members;--",
        "huge": "A" * 10_000,
    }


FORGERIES = ["victim-id-with-own-signature", "altered-signature", "empty-signature", "expiry-pushed-back",
             "other-cohort-code", "unsigned-made-up-member", "too-few-parts", "extra-part", "garbage", "huge"]


@pytest.mark.parametrize("forgery", [pytest.param(f, id=f) for f in FORGERIES])
def test_forged_or_altered_join_link_is_refused(made, forgery):
    store, cohort, key = made
    victim, attacker = store.join(cohort.code, "Victim"), store.join(cohort.code, "Attacker")
    token = _forgeries(store, cohort, victim, attacker)[forgery]
    with pytest.raises(CohortError, match="not valid"):
        store.member(token)
    with pytest.raises(CohortError):
        store.submit(token, "00.stage-assessment", {"stage": "Impostor"})
    assert store.coach(cohort.code, key).submissions() == []


def test_a_real_link_acts_only_as_its_own_member(made):
    store, cohort, key = made
    victim, attacker = store.join(cohort.code, "Victim"), store.join(cohort.code, "Attacker")
    store.submit(attacker.token, "00.stage-assessment", {"stage": "Listener"})
    [row] = store.coach(cohort.code, key).submissions()
    assert row.member_id == attacker.id != victim.id


def test_sql_metacharacters_are_stored_as_text(made):
    store, _cohort, _key = made
    evil, evil_key = store.create_cohort(BOBBY)
    member = store.join(evil.code, BOBBY)
    store.submit(member.token, "01.conversation-finder", {"conversation": BOBBY})
    coach = store.coach(BOBBY, evil_key)
    assert coach.cohort.name == BOBBY and member.display_name == BOBBY
    [row] = coach.submissions()
    assert row.payload["conversation"] == BOBBY and row.member_label == BOBBY
    assert {c.name for c, _m, _s in store.cohorts()} == {"Security group", BOBBY}
