"""The weekly hosting rhythm's pure logic: week keys, streaks, balance, the plan check. Dates are injected."""

from __future__ import annotations

import datetime as dt

import pytest

from widgets.rhythm import (balance, check_plan, clean_log, clean_plan, log_action, planned_counts,
                            rhythm_figure_data, rhythm_result, streak, summary, week_dates, week_key)

SAT = dt.date(2026, 11, 28)  # a Saturday in ISO week 48


@pytest.mark.parametrize("day, key", [
    pytest.param(dt.date(2026, 11, 23), "2026-W48", id="monday"),
    pytest.param(dt.date(2026, 11, 29), "2026-W48", id="sunday-same-week"),
    pytest.param(dt.date(2026, 11, 30), "2026-W49", id="next-monday"),
    pytest.param(dt.date(2027, 1, 1), "2026-W53", id="new-year-in-last-iso-week"),
    pytest.param(dt.date(2024, 12, 30), "2025-W01", id="december-in-next-iso-year"),
])
def test_week_key(day, key):
    assert week_key(day) == key


def test_week_dates_run_monday_to_sunday():
    days = week_dates(SAT)
    assert days[0] == dt.date(2026, 11, 23) and days[-1] == dt.date(2026, 11, 29)
    assert [d.weekday() for d in days] == list(range(7))


def d(day: int) -> str:
    return dt.date(2026, 11, day).isoformat()


@pytest.mark.parametrize("log, today, expected", [
    pytest.param({}, SAT, 0, id="nothing-logged"),
    pytest.param({d(28): ["affirm"]}, SAT, 1, id="today-only"),
    pytest.param({d(27): ["affirm"]}, SAT, 1, id="yesterday-keeps-the-streak-alive"),
    pytest.param({d(26): ["affirm"], d(27): ["connect"], d(28): ["reach_out"]}, SAT, 3, id="three-in-a-row"),
    pytest.param({d(25): ["affirm"], d(27): ["connect"], d(28): ["affirm"]}, SAT, 2, id="gap-breaks-it"),
    pytest.param({d(26): ["affirm"]}, SAT, 0, id="two-days-ago-is-broken"),
    pytest.param({d(30): ["affirm"], "2026-11-31": ["affirm"]}, SAT, 0, id="future-and-invalid-dates"),
    pytest.param({"2026-10-31": ["affirm"], "2026-11-01": ["affirm"]}, dt.date(2026, 11, 1), 2,
                 id="across-a-month-end"),
])
def test_streak(log, today, expected):
    assert streak(log, today) == expected


def test_balance_counts_only_this_week():
    log = {d(22): ["affirm"], d(23): ["affirm", "connect"], d(28): ["connect"], d(30): ["reach_out"]}
    assert balance(log, SAT) == {"affirm": 1, "reach_out": 0, "connect": 2}


@pytest.mark.parametrize("raw, expected", [
    pytest.param(None, {}, id="none"),
    pytest.param([], {}, id="not-a-dict"),
    pytest.param({"2026-13-01": ["affirm"], "<script>": ["affirm"]}, {}, id="bad-dates"),
    pytest.param({d(23): ["dance", "connect", "affirm"]}, {d(23): ["affirm", "connect"]}, id="known-actions-in-order"),
    pytest.param({d(23): "affirm"}, {}, id="actions-not-a-list"),
])
def test_clean_log(raw, expected):
    assert clean_log(raw) == expected


def test_log_action_adds_and_removes_without_changing_the_input():
    log = {d(23): ["affirm"]}
    added = log_action(log, dt.date(2026, 11, 23), "connect")
    assert added == {d(23): ["affirm", "connect"]} and log == {d(23): ["affirm"]}
    assert log_action(added, dt.date(2026, 11, 23), "connect", done=False) == log
    assert log_action(log, dt.date(2026, 11, 23), "affirm", done=False) == {}
    assert log_action(log, dt.date(2026, 11, 23), "dance") == log


@pytest.mark.parametrize("plan, status", [
    pytest.param({}, "empty", id="empty"),
    pytest.param({"affirm": ["mon"], "reach_out": ["wed"], "connect": ["fri"]}, "correct", id="balanced"),
    pytest.param({"affirm": ["mon", "tue"]}, "partial", id="missing-two-actions"),
    pytest.param({"affirm": list("x")}, "empty", id="unknown-days-ignored"),
    pytest.param({"affirm": ["mon", "tue", "wed", "thu", "fri", "sat"], "reach_out": ["mon"], "connect": ["mon"]},
                 "partial", id="lopsided"),
    pytest.param({a: ["mon", "tue", "wed", "thu", "fri"] for a in ("affirm", "reach_out", "connect")}, "partial",
                 id="too-much-to-keep-up"),
    pytest.param("nonsense", "empty", id="not-a-dict"),
])
def test_check_plan(plan, status):
    assert check_plan(plan).status == status


def test_clean_plan_keeps_week_order_and_known_actions():
    assert clean_plan({"connect": ["sun", "mon", "mon"], "evil": ["mon"], "affirm": "mon"}) == {
        "affirm": [], "reach_out": [], "connect": ["mon", "sun"]}
    assert planned_counts({"connect": ["sun"]}) == {"affirm": 0, "reach_out": 0, "connect": 1}


def test_rhythm_result_shape():
    assert rhythm_result({"affirm": ["mon", "thu"], "connect": ["fri"]}) == {
        "title": "Weekly hosting rhythm",
        "items": [["Affirm", "Mon, Thu"], ["Reach out", "not planned"], ["Connect", "Fri"]],
        "plan": {"affirm": ["mon", "thu"], "reach_out": [], "connect": ["fri"]},
    }


def test_figure_is_valid_plotly_and_summary_reads_well():
    from widgets.charts import figure

    plan = {"affirm": ["mon"], "connect": ["fri"]}
    log = {d(23): ["affirm"], d(28): ["affirm"]}
    fig = figure(rhythm_figure_data(plan, log, SAT))
    assert [t.name for t in fig.data] == ["Planned", "Done"]
    assert list(fig.data[1].y) == [2, 0, 0]
    assert summary(plan, log, SAT) == "Week 2026-W48: 1 of 2 planned actions done; streak 1 day."
