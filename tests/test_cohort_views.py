"""The cohort views driven without a kernel: joining, sharing, the dashboard and moderation."""

from __future__ import annotations

import pytest

from widgets import charts
from widgets import cohort as co
from widgets.exercises.cohort import CohortDashboard, CohortJoin


@pytest.fixture
def store(tmp_path):
    s = co.CohortStore(tmp_path / "cohort.sqlite")
    yield s
    co.set_membership(None)
    s.close()


@pytest.fixture
def made(store):
    return store.create_cohort("View group")


def test_join_needs_consent_and_a_code(store, made):
    cohort, _key = made
    view = CohortJoin(store=store, query_token="")
    view._join.click()
    assert not view.joined and "join code" in view._status.value
    view._code.value = cohort.code.lower()
    view._join.click()
    assert not view.joined and "Tick the box" in view._status.value
    view._consent.value = True
    view._join.click()
    assert view.joined and view.member_label.startswith("Learner ")
    token = co.current_token()
    assert token and "Your join lasts until" in view._status.value
    assert token not in _page_text(view) and token.split(".")[-1] not in _page_text(view), \
        "the signed token is never page text"


def _page_text(widget) -> str:
    """Every string a widget tree puts on the page (HTML values, labels, options, placeholders)."""
    import ipywidgets as w

    found = []
    for child in [widget, *getattr(widget, "children", ())]:
        if child is not widget and isinstance(child, w.Box):
            found.append(_page_text(child))
            continue
        for trait in ("value", "description", "placeholder", "tooltip"):
            value = getattr(child, trait, None)
            if isinstance(value, str):
                found.append(value)
        found.extend(str(option) for option in getattr(child, "options", ()) or ())
    return "\n".join(found)


@pytest.mark.parametrize("name", [
    pytest.param("<img src=x onerror=alert(1)>", id="markup-escaped"),
    pytest.param("שלום 👋", id="rtl-and-emoji"),
])
def test_display_name_is_escaped_in_the_status(store, made, name):
    cohort, _key = made
    view = CohortJoin(store=store, query_token="")
    view._code.value, view._name.value, view._consent.value = cohort.code, name, True
    view._join.click()
    assert view.joined and "<img" not in view._status.value


def test_a_wrong_code_explains_and_does_not_raise(store, made):
    view = CohortJoin(store=store, query_token="")
    view._code.value, view._consent.value = "NOPE99", True
    view._join.click()
    assert not view.joined and "No cohort has that join code" in view._status.value


def test_personal_link_rejoins_and_a_forged_one_is_refused(store, made):
    cohort, _key = made
    member = store.join(cohort.code, "Ana")
    assert CohortJoin(store=store, query_token=member.token).member_label == "Ana"
    co.set_membership(None)
    forged = CohortJoin(store=store, query_token=member.token[:-2] + "xx")
    assert not forged.joined and "not valid" in forged._status.value


def test_stop_sharing_forgets_the_membership_and_turns_the_link_off(store, made):
    cohort, key = made
    token = store.join(cohort.code).token
    view = CohortJoin(store=store, query_token=token)
    assert co.share("00.stage-assessment", {"stage": "Listener"}) is True
    view._leave.click()
    assert not view.joined and co.current_token() is None
    assert "Your coach still sees the 1 result you shared before" in view._status.value
    assert co.share("00.stage-assessment", {"stage": "Listener"}) is False
    with pytest.raises(co.LinkRefused, match="Stop sharing"):
        store.submit(token, "00.stage-assessment", {"stage": "Host"})
    again = CohortJoin(store=store, query_token=token)
    assert not again.joined and "Stop sharing" in again._status.value
    assert len(store.coach(cohort.code, key).submissions()) == 1


def test_a_refused_share_is_said_in_the_join_box(store, made, monkeypatch):
    cohort, _key = made
    view = CohortJoin(store=store, query_token=store.join(cohort.code).token)
    monkeypatch.setattr(co.store, "RATE_PER_MINUTE", 1)
    assert co.share("00.stage-assessment", {"stage": "Listener"}) is True
    assert "Shared your stage result" in view._shared.value
    assert co.share("00.stage-assessment", {"stage": "Host"}) is False
    assert "Not shared" in view._shared.value and "a minute" in view._shared.value


def test_joining_again_in_the_same_workbook_is_the_same_member(store, made, workbook, monkeypatch):
    from widgets.exercises import base

    cohort, key = made
    monkeypatch.setitem(base._DEFAULT, "workbook", workbook)
    monkeypatch.setitem(base._DEFAULT, "note", None)
    labels = []
    for _ in range(3):  # three reloads of the page, each joining with the code
        view = CohortJoin(store=store, query_token="")
        view._code.value, view._consent.value = cohort.code, True
        view._join.click()
        labels.append(view.member_label)
    assert len(set(labels)) == 1 and len(store.coach(cohort.code, key).members()) == 1


def _open(store, cohort, key) -> CohortDashboard:
    dash = CohortDashboard(store=store, auto_refresh=False)
    dash._cohort.value, dash._key.value = cohort.name, key
    dash._open.click()
    return dash


def test_dashboard_refuses_a_wrong_key(store, made):
    cohort, _key = made
    dash = _open(store, cohort, "wrong-key-wrong-key")
    assert not dash.opened and "do not match" in dash._status.value


def test_dashboard_redraws_only_when_the_store_changes(store, made):
    cohort, key = made
    dash = _open(store, cohort, key)
    assert dash.opened and dash._key.value == "", "the key is cleared once checked"
    assert dash.redraws == 1 and dash.refresh() is False
    member = store.join(cohort.code)
    store.submit(member.token, "00.stage-assessment", {"stage": "Listener"})
    assert dash.refresh() is True and dash.refresh() is False
    stages = dash._stages.outputs[0]["data"][charts.PLOTLY_MIME]
    assert stages["data"][0]["y"] == ["Listener"]
    assert "data-submissions='1'" in dash._summary.value


def test_dashboard_hides_a_submission(store, made):
    cohort, key = made
    member = store.join(cohort.code, "<b>Bo</b>")
    store.submit(member.token, "02.benefit-ladder", {"essence": "<script>x</script> belonging"})
    dash = _open(store, cohort, key)
    assert "&lt;script&gt;" in dash._essences.value and "<script>" not in dash._essences.value
    assert "&lt;b&gt;Bo" in dash._essences.value
    dash._pick.value = dash._pick.options[0][1]
    dash._hide.click()
    assert "Every essence shared so far is hidden" in dash._essences.value
    assert "[hidden]" in dash._pick.options[0][0]


def test_dashboard_turns_a_learners_link_off_and_back_on(store, made):
    cohort, key = made
    member = store.join(cohort.code, "Ana", learner="ana-learner-0123456789")
    dash = _open(store, cohort, key)
    [(label, member_id)] = dash._member_pick.options
    assert member_id == member.id and "Ana · 0 shared · sharing" == label
    dash._member_pick.value = member_id
    dash._revoke.click()
    assert "Turned off Ana&#x27;s link" in dash._status.value
    assert "turned off by you" in dash._member_pick.options[0][0]
    with pytest.raises(co.LinkRefused, match="Your coach turned sharing off"):
        store.submit(member.token, "00.stage-assessment", {"stage": "Host"})
    with pytest.raises(co.LinkRefused, match="Your coach turned sharing off for you"):
        store.join(cohort.code, "Ana", learner="ana-learner-0123456789")
    dash._restore.click()
    assert "can join again" in dash._status.value
    again = store.join(cohort.code, "Ana", learner="ana-learner-0123456789")
    assert again.id == member.id and store.submit(again.token, "00.stage-assessment", {"stage": "Host"})
    with pytest.raises(co.LinkRefused):
        store.member(member.token)  # the link from before stays off


def test_dashboard_timer_polls_in_the_background(store, made):
    cohort, key = made
    dash = CohortDashboard(store=store, auto_refresh=True, interval=0.05)
    dash._cohort.value, dash._key.value = cohort.code, key
    dash._open.click()
    try:
        store.submit(store.join(cohort.code).token, "00.stage-assessment", {"stage": "Host"})
        dash._thread.join(timeout=0)  # still alive
        for _ in range(200):  # bounded wait for the poller (no timing assertion)
            if dash.redraws >= 2:
                break
            dash._stop.wait(0.05)
        assert dash.redraws >= 2
    finally:
        dash.stop()
    assert not dash._thread.is_alive()


def test_joining_never_changes_a_shared_button_layout(store, made):
    """base.button shares one Layout between all buttons: hiding one would hide them all."""
    from widgets.exercises.base import button

    other = button("Elsewhere", "a button in another exercise")
    view = CohortJoin(store=store, query_token=store.join(made[0].code).token)
    view._leave.click()
    assert other.layout.display in (None, "")
    assert view._join.layout.display in (None, "")


def test_the_join_box_keeps_a_learners_kernel_light():
    # Lesson 00 carries the join box: outside a preheated Voila kernel, building it must not
    # import voila/jupyter_server (~40 MiB) or SQLAlchemy; the store opens only on joining.
    import subprocess
    import sys

    code = ("import sys, os; os.environ.pop('VOILA_PREHEAT', None); "
            "from widgets.exercises.cohort import CohortJoin; CohortJoin(); "
            "print(sorted(m for m in ('sqlalchemy', 'voila', 'jupyter_server') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
