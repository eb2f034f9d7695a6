"""The cohort store, the same suite against SQLite and PostgreSQL (``$SOCIAL_LAB_TEST_POSTGRES_URL``)."""

from __future__ import annotations

import json
import os
import secrets

import pytest

from widgets.cohort import CohortError, CohortStore, anonymous_label

POSTGRES_ENV = "SOCIAL_LAB_TEST_POSTGRES_URL"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        if _in_ci():
            pytest.fail(f"CI is set but ${POSTGRES_ENV} is not: run `eval \"$(bash .ci/postgres.sh)\"` first",
                        pytrace=False)
        pytest.skip(f"PostgreSQL leg needs ${POSTGRES_ENV} (see .ci/postgres.sh)")
    return url


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"), pytest.param("postgres", id="postgres")])
def store(request, tmp_path):
    """A fresh, empty store: a SQLite file, or a private schema in the test PostgreSQL database."""
    if request.param == "sqlite":
        s = CohortStore(tmp_path / "cohort.sqlite")
        yield s
        s.close()
        return
    import sqlalchemy as sa

    url = _postgres_url()
    schema = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    s = CohortStore(f"{url}{sep}options=-csearch_path%3D{schema}")
    yield s
    s.close()
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def cohort(store):
    """A cohort with its coach session and key."""
    made, key = store.create_cohort("Tuesday evening group")
    return made, key, store.coach(made.code, key)


REWRITE = {"pairs": [{"task": "t1", "before": "BUY NOW!!! Our award-winning app is the best. Click the link!",
                      "after": "What is one small habit that helped your team this week? I'd love to hear yours."}]}


def test_create_returns_code_and_key_once_and_stores_only_a_hash(store):
    made, key = store.create_cohort("Morning circle")
    assert len(made.code) == 6 and made.code.isalnum()
    with store.engine.connect() as conn:
        row = conn.execute(store._cohorts.select()).one()
    assert key not in json.dumps([str(v) for v in row])
    assert [c.name for c, _m, _s in store.cohorts()] == ["Morning circle"]


def test_duplicate_name_is_refused(store):
    store.create_cohort("Same")
    with pytest.raises(CohortError, match="already exists"):
        store.create_cohort("Same")


@pytest.mark.parametrize("name", [
    pytest.param("", id="empty"),
    pytest.param("   \n", id="whitespace"),
])
def test_blank_cohort_name_is_refused(store, name):
    with pytest.raises(CohortError, match="name"):
        store.create_cohort(name)


def test_coach_opens_by_name_or_code(store, cohort):
    made, key, _ = cohort
    assert store.coach(made.name, key).cohort == made
    assert store.coach(made.code.lower(), key).cohort == made


@pytest.mark.parametrize("display,label", [
    pytest.param(None, None, id="anonymous-by-default"),
    pytest.param("  ", None, id="blank-name-stays-anonymous"),
    pytest.param("Ana 🌱", "Ana 🌱", id="chosen-name-with-emoji"),
    pytest.param("x" * 500, "x" * 40, id="long-name-capped"),
])
def test_join_anonymous_unless_named(store, cohort, display, label):
    made, _key, _ = cohort
    member = store.join(made.code, display)
    assert member.label == (label or anonymous_label(member.id))
    assert store.member(member.token).id == member.id


def test_join_with_unknown_code_is_refused(store, cohort):
    with pytest.raises(CohortError, match="join code"):
        store.join("ZZZZZZ")


def test_join_by_cohort_name_is_refused(store, cohort):
    """Only the code admits learners: a guessable cohort name is not a join code."""
    with pytest.raises(CohortError):
        store.join(cohort[0].name)


def test_submissions_feed_every_aggregate(store, cohort):
    made, _key, coach = cohort
    ana, ben, cy = (store.join(made.code, n) for n in ("Ana", None, "Cy"))
    store.submit(ana.token, "00.stage-assessment", {"stage": "Listener"})
    store.submit(ben.token, "00.stage-assessment", {"title": "Stage", "items": [["Stage", "Broadcaster"]]})
    store.submit(cy.token, "00.stage-assessment", {"stage": "Listener"})
    store.submit(ana.token, "01.rewrite-studio", REWRITE)
    store.submit(ben.token, "01.conversation-finder", {"brief": {"conversation": "Bread  baking"}})
    store.submit(cy.token, "01.conversation-finder", {"conversation": "bread baking"})
    store.submit(ana.token, "02.benefit-ladder", {"items": [["Feature", "drill"], ["Essence", "a home that feels yours"]]})
    agg = coach.aggregates()
    assert agg.members == 3 and agg.submissions == 7
    assert agg.stages == {"Listener": 2, "Broadcaster": 1}
    assert agg.voice_before["bullhorn"] == 1 and agg.voice_total == 1
    assert agg.conversations == [("Bread baking", 2)]
    assert [(label, text, ok) for _id, label, text, ok in agg.essences] == [("Ana", "a home that feels yours", False)]


def test_a_later_share_replaces_the_earlier_one(store, cohort):
    made, _key, coach = cohort
    ana = store.join(made.code)
    store.submit(ana.token, "00.stage-assessment", {"stage": "Broadcaster"})
    store.submit(ana.token, "00.stage-assessment", {"stage": "Listener"})
    assert coach.aggregates().stages == {"Listener": 1}


def test_hidden_submissions_leave_the_aggregates_and_revision_changes(store, cohort):
    made, _key, coach = cohort
    ana = store.join(made.code)
    first = coach.revision()
    sid = store.submit(ana.token, "01.conversation-finder", {"conversation": "spam spam"})
    second = coach.revision()
    assert second != first
    assert coach.set_hidden(sid) is True
    assert coach.revision() != second
    assert coach.aggregates().conversations == []
    assert [s.hidden for s in coach.submissions()] == [True]
    assert coach.set_hidden(sid, False) and coach.aggregates().conversations == [("spam spam", 1)]


def test_learners_see_totals_and_only_approved_essences(store, cohort):
    made, _key, coach = cohort
    ana, ben = store.join(made.code, "Ana"), store.join(made.code, "Ben")
    keep = store.submit(ana.token, "02.benefit-ladder", {"essence": "feeling at home"})
    store.submit(ben.token, "02.benefit-ladder", {"essence": "private draft"})
    assert store.learner_view(ben.token).essences == []
    coach.set_approved(keep)
    view = store.learner_view(ben.token)
    assert [text for _i, _l, text, _ok in view.essences] == ["feeling at home"]
    assert "Ana" not in repr(view.essences), "learners never see who wrote an essence"


def test_a_coach_cannot_moderate_another_cohort(store, cohort):
    made, _key, _coach = cohort
    other, other_key = store.create_cohort("Other group")
    sid = store.submit(store.join(made.code).token, "00.stage-assessment", {"stage": "Listener"})
    assert store.coach(other.code, other_key).set_hidden(sid) is False
    assert store.coach(other.code, other_key).submissions() == []


@pytest.mark.parametrize("text", [
    pytest.param("x" * 50_000, id="huge-paste-capped"),
    pytest.param("مرحبا بالعالم — RTL", id="right-to-left"),
    pytest.param("👩‍👩‍👧 family bakers", id="emoji-zwj"),
    pytest.param("tab\tand\x00nul\x07bell", id="control-characters"),
    pytest.param("<script>alert(1)</script>", id="markup-is-text"),
])
def test_hostile_text_is_stored_as_cleaned_text(store, cohort, text):
    made, _key, coach = cohort
    store.submit(store.join(made.code).token, "01.conversation-finder", {"conversation": text})
    stored = coach.submissions()[0].payload["conversation"]
    assert len(stored) <= 600 and "\x00" not in stored and "\x07" not in stored
    assert stored.strip()


@pytest.mark.parametrize("exercise,payload,match", [
    pytest.param("01.listening-lab", {"x": 1}, "not one of", id="exercise-not-shared"),
    pytest.param("1.bad", {"stage": "x"}, "exercise id", id="malformed-id"),
    pytest.param("00.stage-assessment", {}, "nothing to share", id="empty-result"),
    pytest.param("00.stage-assessment", ["stage"], "dict", id="not-a-dict"),
])
def test_bad_submissions_are_refused_with_a_reason(store, cohort, exercise, payload, match):
    made, _key, coach = cohort
    with pytest.raises(CohortError, match=match):
        store.submit(store.join(made.code).token, exercise, payload)
    assert coach.submissions() == []
