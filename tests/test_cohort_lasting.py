"""A join that lasts: kept in the workbook across pages, lessons and days; asked once about earlier work.

A "reload" or "next lesson" is a new kernel: ``co.set_membership(None)`` forgets what the old kernel
held, and only the workbook remains. Runs against SQLite and PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

import pytest

from progress_states import finished  # tests/progress_states.py: real work that passes each check
from test_cohort_store import store  # noqa: F401 (the fixture: SQLite and PostgreSQL)
from widgets import cohort as co
from widgets.exercises.joining import CohortJoin, CohortStrip


@pytest.fixture
def made(store):  # noqa: F811
    yield store.create_cohort("Lasting group")
    co.set_membership(None)


def _new_kernel() -> None:
    co.set_membership(None)


def _join(view, code: str, name: str = "") -> None:
    view._code.value, view._name.value, view._consent.value = code, name, True
    view._join.click()


def _strings(widget) -> str:
    """Every string a widget tree puts on the page."""
    import ipywidgets as w

    found = []
    for child in getattr(widget, "children", ()):
        if isinstance(child, w.Box):
            found.append(_strings(child))
            continue
        for trait in ("value", "description", "placeholder", "tooltip"):
            value = getattr(child, trait, None)
            if isinstance(value, str):
                found.append(value)
    return "\n".join(found)


@pytest.mark.parametrize("view_class", [pytest.param(CohortJoin, id="lesson00-box"),
                                        pytest.param(CohortStrip, id="lesson-strip")])
def test_joined_stays_joined_on_the_next_page_and_shares_from_there(store, made, workbook, view_class):  # noqa: F811
    cohort, key = made
    first = view_class(store=store, query_token="", workbook=workbook)
    _join(first, cohort.code, "Ana")
    assert first.joined
    _new_kernel()
    later = CohortStrip(store=store, query_token="", workbook=workbook)  # the next lesson, or tomorrow
    assert later.joined and later.member_label == "Ana"
    assert "Sharing with Lasting group as Ana (joined earlier)" in later._status.value
    token = co.current_token()
    assert token and token not in _strings(later) and token.split(".")[-1] not in _strings(later)
    assert co.share("01.conversation-finder", {"conversation": "bread"}) is True
    assert "Shared your conversation result" in later._shared.value
    assert len(store.coach(cohort.code, key).submissions()) == 1


def _finish(workbook, exercise_id: str, result: dict) -> None:
    """Finished work for one exercise (only done work is offered as earlier results), with its result."""
    for key, value in finished()[exercise_id].items():
        workbook.save(exercise_id, key, value)
    workbook.save(exercise_id, "_result", result)


def test_rejoining_is_one_member_and_the_earlier_question_is_asked_once(store, made, workbook):  # noqa: F811
    cohort, key = made
    _finish(workbook, "00.stage-assessment", {"stage": "Listener"})
    _finish(workbook, "02.benefit-ladder", {"essence": "belonging"})
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    _join(view, cohort.code)
    assert view.asking_earlier and "You saved 2 results before joining (essence, stage)" in view._earlier_text.value
    view._share_earlier.click()
    assert not view.asking_earlier and "Shared 2 earlier results" in view._shared.value
    assert {s.exercise_id for s in store.coach(cohort.code, key).submissions()} == \
        {"00.stage-assessment", "02.benefit-ladder"}
    for _ in range(3):  # reloads and re-joins with the code: the same member, never asked again
        _new_kernel()
        again = CohortStrip(store=store, query_token="", workbook=workbook)
        assert again.joined and not again.asking_earlier
        _join(again, cohort.code)
    assert len(store.coach(cohort.code, key).members()) == 1
    assert len(store.coach(cohort.code, key).submissions()) == 2


def test_the_strip_opens_as_one_line_and_grows_in_order(store, made, workbook):  # noqa: F811
    """No empty line while the lesson opens; the form, status, earlier results and shares then join in order."""
    cohort, _key = made
    _finish(workbook, "00.stage-assessment", {"stage": "Listener"})
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    assert view.children == (view._opener, view._line) and view._line.children == ()
    view._open.click()
    assert view.children == (view._opener, view._form, view._line)
    view._join.click()  # no code typed: the status line is made, in the line under the form
    assert "join code" in view._status.value and view._line.children == (view._status.widget,)
    _join(view, cohort.code)
    assert view.joined and view._line.children == (view._status.widget, view._leave_box)
    assert view.children == (view._opener, view._form, view._line, view._earlier_box)
    view._share_earlier.click()
    assert view.children == (view._opener, view._form, view._line, view._earlier_box, view._shared.widget)
    assert "Shared 1 earlier result" in view._shared.value


def test_not_now_shares_nothing_earlier_and_is_not_asked_again(store, made, workbook):  # noqa: F811
    cohort, key = made
    _finish(workbook, "00.stage-assessment", {"stage": "Host"})
    view = CohortJoin(store=store, query_token="", workbook=workbook)
    _join(view, cohort.code)
    assert view.asking_earlier and "You saved 1 result before joining (stage)" in view._earlier_text.value
    view._keep_earlier.click()
    assert "stay with you" in view._shared.value
    _new_kernel()
    assert not CohortStrip(store=store, query_token="", workbook=workbook).asking_earlier
    assert store.coach(cohort.code, key).submissions() == []


def test_nothing_earlier_means_no_question(store, made, workbook):  # noqa: F811
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    _join(view, made[0].code)
    assert view.joined and not view.asking_earlier and view._earlier_box.layout.display == "none"


def test_leaving_ends_the_join_everywhere_and_says_what_the_coach_still_sees(store, made, workbook):  # noqa: F811
    cohort, _key = made
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    _join(view, cohort.code)
    assert co.share("00.stage-assessment", {"stage": "Listener"})
    view._leave.click()
    assert "Your coach still sees the 1 result you shared before" in view._status.value
    assert view._opener.layout.display is None and view._form.layout.display == "none"
    _new_kernel()
    later = CohortStrip(store=store, query_token="", workbook=workbook)
    assert not later.joined and co.current_token() is None
    assert co.share("00.stage-assessment", {"stage": "Host"}) is False
    assert workbook.get(co.learner.LEARNER_EXERCISE, co.learner.MEMBERSHIP_KEY) is None


def test_a_join_the_coach_turned_off_is_forgotten_with_a_reason(store, made, workbook):  # noqa: F811
    cohort, key = made
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    _join(view, cohort.code, "Bo")
    [member] = store.coach(cohort.code, key).members()
    store.coach(cohort.code, key).set_revoked(member.id, True)
    _new_kernel()
    later = CohortStrip(store=store, query_token="", workbook=workbook)
    assert not later.joined and "Your earlier join has ended" in later._status.value
    assert workbook.get(co.learner.LEARNER_EXERCISE, co.learner.MEMBERSHIP_KEY) is None


def test_the_strip_is_one_line_until_asked(store, made, workbook):  # noqa: F811
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    assert not view.joined and view._form.layout.display == "none" and view._opener.layout.display is None
    view._open.click()
    assert view._form.layout.display is None and view._opener.layout.display == "none"
    _join(view, made[0].code)
    assert view.joined and view._form.layout.display == "none" and view._opener.layout.display == "none"
    assert view._leave_box.layout.display is None


def test_an_unreachable_cohort_keeps_the_join_for_the_next_page(made, workbook, monkeypatch, store):  # noqa: F811
    cohort, _key = made
    view = CohortStrip(store=store, query_token="", workbook=workbook)
    _join(view, cohort.code)
    _new_kernel()

    class Down:
        def check(self, token):
            raise ConnectionError("down")

    member, why = co.resume(workbook, store=Down())
    assert member is None and "not reachable" in why
    assert co.resume(workbook, store=store)[0] is not None, "kept for when the cohort is back"


def test_lessons_with_a_share_hook_carry_the_strip():
    """Every lesson whose exercises call ``share`` has the strip near the top (Lesson 00: the join box)."""
    import nbformat

    from widgets.content import lessons_dir

    for name in ("01_conversation.ipynb", "02_culture.ipynb", "03_community.ipynb"):
        cells = nbformat.read(lessons_dir() / name, as_version=4).cells
        position = next(i for i, c in enumerate(cells) if "CohortStrip" in c.source)
        assert position <= 5, f"{name}: the strip sits near the top (after the Lab note, the header, the imports)"
        outputs = cells[position].get("outputs", [])
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), \
            f"{name}: re-executed with the strip"
