"""The audience growth teaching model: properties pinned over parameter grids, its chart, its view."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from widgets import charts, growth
from widgets.growth import HABITS, STARTS, GrowthParams, compare, overtake_week, run_habit, simulate, start_by_id

HOURS = (1, 2, 5, 10, 20, 40)
WEEKS_SMALL = (52, 104)
NEW, FAMOUS = start_by_id("new"), start_by_id("famous")
# Every assumption at zero, at its default, and at a large value: the model must stay sane.
EXTREMES = [pytest.param(GrowthParams(**{f: 0.0 if f != "market_size" else 1.0}), id=f"{f}=min")
            for f in GrowthParams.__dataclass_fields__] + \
           [pytest.param(GrowthParams(**{f: 1.0 if f in ("pass_on_stranger", "pass_on_fan", "referred_fan_share",
                                                          "stranger_churn", "fan_churn") else 1e6}), id=f"{f}=max")
            for f in GrowthParams.__dataclass_fields__]


# --------------------------------------------------------------------------- the lesson's claims

@pytest.mark.parametrize("hours,weeks", itertools.product(HOURS, WEEKS_SMALL))
def test_from_a_small_start_relationship_first_overtakes_within_the_horizon(hours, weeks):
    c = compare("new", hours, 0.5, weeks)
    assert c.overtake_week is not None and c.overtake_week < weeks
    assert c.relationship.final > c.broadcast.final


@pytest.mark.parametrize("hours", HOURS)
def test_from_a_small_start_broadcast_looks_faster_at_first(hours):
    # The honest part of the story: broadcasting gives quick early numbers, then relationships compound.
    c = compare("new", hours, 0.5, 104)
    assert c.broadcast.audience[4] >= c.relationship.audience[4]
    assert c.overtake_week > 4


@pytest.mark.parametrize("hours", [h for h in HOURS if h >= GrowthParams().presence_hours])
def test_from_a_famous_start_broadcasting_never_shrinks_and_stays_ahead_for_five_years(hours):
    # With at least ``presence_hours`` a week (below that even fans stop mentioning you).
    c = compare("famous", hours, 0.5, growth.MAX_WEEKS)
    b, r = c.broadcast.audience, c.relationship.audience
    assert all(later >= earlier for earlier, later in zip(b, b[1:])), "broadcast-first shrank from a famous start"
    assert all(x > y for x, y in zip(b[1:], r[1:])), "relationship-first caught up with a famous broadcaster"
    assert c.overtake_week is None


@pytest.mark.parametrize("start", STARTS, ids=lambda s: s.id)
@pytest.mark.parametrize("broadcast_hours", (0, 1, 5, 20, 60))
def test_more_relationship_hours_never_cost_followers_or_fans(start, broadcast_hours):
    runs = [simulate(start.audience, start.audience * start.fan_share, broadcast_hours, rh, 156)
            for rh in (0, 0.5, 1, 2, 5, 10, 20, 40, 60)]
    for weaker, stronger in zip(runs, runs[1:]):
        assert all(s >= w - 1e-9 for w, s in zip(weaker.audience, stronger.audience))
        assert all(s >= w - 1e-9 for w, s in zip(weaker.fans, stronger.fans))


@pytest.mark.parametrize("hours", (1, 5, 10, 20, 40))
def test_from_a_small_start_more_relationship_share_helps_up_to_half_and_the_best_mix_leans_on_it(hours):
    # Not monotone all the way: once there are fans, a little broadcasting gives them something to
    # pass on, so at many hours the best mix is 60-80 % relationships, never broadcast-heavy.
    finals = [run_habit(NEW, hours, share / 10, 104).final for share in range(0, 11)]
    assert finals[:6] == sorted(finals[:6])
    assert finals.index(max(finals)) >= 6


def test_the_two_habits_are_what_the_chart_says():
    assert HABITS == {"broadcast-first": 0.1, "relationship-first": 0.8}


# --------------------------------------------------------------------------- sanity

@pytest.mark.parametrize("start", STARTS, ids=lambda s: s.id)
@pytest.mark.parametrize("hours,share", [(0, 0), (0, 1), (60, 0), (60, 1), (10, 0.5)])
def test_deterministic_non_negative_and_fans_within_audience(start, hours, share):
    one = run_habit(start, hours, share, growth.MAX_WEEKS)
    two = run_habit(start, hours, share, growth.MAX_WEEKS)
    assert one == two
    assert all(a >= 0 and 0 <= f <= a + 1e-9 for a, f in zip(one.audience, one.fans))
    assert all(a <= GrowthParams().market_size for a in one.audience)


@pytest.mark.parametrize("params", EXTREMES)
def test_every_assumption_at_zero_and_at_its_maximum_stays_finite_and_non_negative(params):
    for start in STARTS:
        run = run_habit(start, 60, 0.5, growth.MAX_WEEKS, params)
        assert all(0 <= a < float("inf") and 0 <= f <= a + 1e-9 for a, f in zip(run.audience, run.fans))


def test_no_time_means_no_growth():
    for start in STARTS:
        run = run_habit(start, 0, 0.5, 52)
        assert all(later <= earlier for earlier, later in zip(run.audience, run.audience[1:]))


@pytest.mark.parametrize("value", [
    pytest.param(-5, id="negative"), pytest.param(float("nan"), id="nan"), pytest.param(None, id="none"),
    pytest.param("ten", id="text"), pytest.param(10 ** 9, id="huge"),
])
def test_bad_inputs_are_clamped_not_raised(value):
    run = simulate(value, value, value, value, value)
    assert all(a >= 0 for a in run.audience)
    assert len(run.audience) <= growth.MAX_WEEKS + 1


@pytest.mark.parametrize("field,value", [
    pytest.param("reach_per_post", -0.1, id="negative"),
    pytest.param("stranger_churn", 1.5, id="share-above-one"),
    pytest.param("market_size", 0.0, id="no-market"),
    pytest.param("fans_per_hour", float("nan"), id="nan"),
])
def test_invalid_assumptions_are_refused_with_a_message(field, value):
    with pytest.raises(ValueError, match=field):
        GrowthParams(**{field: value})


@pytest.mark.parametrize("leader,chaser,expected", [
    pytest.param((1, 2, 3), (1, 2, 3), None, id="tied-never-ahead"),
    pytest.param((1, 5, 6, 7), (1, 2, 7, 9), 2, id="overtakes-and-stays"),
    pytest.param((1, 5, 6, 7), (1, 6, 5, 9), 3, id="ahead-then-behind-then-ahead"),
    pytest.param((1, 5, 6, 7), (1, 6, 7, 6), None, id="ahead-but-falls-back-at-the-end"),
])
def test_overtake_week(leader, chaser, expected):
    assert overtake_week(leader, chaser) == expected


def test_every_assumption_is_documented_for_the_visible_note():
    rows = growth.assumptions()
    assert {name for name, _, _ in rows} == set(GrowthParams.__dataclass_fields__)
    assert all(meaning.strip() for _, _, meaning in rows)


# --------------------------------------------------------------------------- reading and chart

@pytest.mark.parametrize("start,hours,phrase", [
    pytest.param("new", 10, "overtakes it in week", id="small-start-overtake"),
    pytest.param("famous", 10, "broadcast-first stays ahead", id="famous-broadcast-fine"),
    pytest.param("new", 0, "Any habit needs some time", id="zero-hours"),
])
def test_reading_says_what_the_chart_shows(start, hours, phrase):
    assert phrase in growth.reading(compare(start, hours, 0.5, 104))


@pytest.mark.parametrize("start", [s.id for s in STARTS])
def test_figure_dict_is_a_valid_plotly_figure(start):
    data = growth.figure_data(compare(start, 10, 0.3, 52))
    fig = charts.figure(data)
    assert len(fig.data) == 3 and all(len(t.y) == 53 for t in fig.data)
    assert "Teaching model, not data" in fig.layout.title.text


def test_pure_module_does_not_import_ipywidgets():
    code = ("import sys, widgets.growth; "
            "assert 'ipywidgets' not in sys.modules, 'widgets.growth imported ipywidgets'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- the view, without a kernel

def test_view_reads_on_open_draws_on_demand_and_is_labelled_a_teaching_model(workbook):
    from widgets.exercises.growth import GrowthModelExercise

    g = GrowthModelExercise.from_dataset(workbook=workbook)
    assert g.exercise_id == "02.growth-model" and "sll-growth-model" in g._dom_classes
    assert "This is a teaching model, not data" in g._note.value
    assert "data-overtake='" in g._reading.value and g.summary
    # No chart at build (plotly.js would load with the page): the button draws it, nothing is saved.
    assert g._chart is None and g._show in g.children
    g._show.click()
    assert g._chart in g.children and g._show not in g.children and "sll-growth-chart" in g._chart._dom_classes
    assert workbook.load("02.growth-model") == {}
    charts.figure(g.figure)  # the dict drawn is a valid plotly figure
    for control in (g._start, g._hours, g._share, g._weeks):
        assert control.description and len(control.tooltips) == len(control.options)


def test_sliders_change_the_reading_and_chart_and_are_restored(workbook):
    from widgets.exercises.growth import GrowthModelExercise

    g = GrowthModelExercise.from_dataset(workbook=workbook)
    before = g.figure["data"][2]["y"][-1]
    assert g._chart is None
    g._share.value = 100
    after = g.figure["data"][2]["y"][-1]
    assert after != before and "data-share='100'" in g._reading.value
    assert g._chart in g.children  # the first change draws the chart
    g._start.value = "famous"
    assert "stays ahead" in g.summary
    g._weeks.value = 104
    g._saver.flush()
    saved = workbook.load("02.growth-model")
    assert saved["settings"] == {"start": "famous", "hours": 10, "share": 100, "weeks": 104}
    assert saved["_result"]["title"] and saved["_result"]["items"][0] == ["Hours a week", "10"]
    again = GrowthModelExercise.from_dataset(workbook=workbook)
    assert (again.start, again.share, again.weeks) == ("famous", 100, 104)


@pytest.mark.parametrize("saved", [
    pytest.param({"start": "<script>", "hours": "ten", "share": 1000, "weeks": -1}, id="garbage"),
    pytest.param(["not", "a", "dict"], id="wrong-type"),
    pytest.param({"start": "nowhere", "hours": True, "share": 1, "weeks": 52.5}, id="bool-and-off-grid"),
])
def test_damaged_saved_settings_fall_back_to_defaults(workbook, saved):
    from widgets.exercises.growth import GrowthModelExercise

    workbook.save("02.growth-model", "settings", saved)
    g = GrowthModelExercise.from_dataset(workbook=workbook)
    assert (g.start, g.hours, g.share, g.weeks) == ("new", 10, 50, 52)


def test_questions_to_explore_are_all_listed(workbook):
    from widgets.exercises.growth import HINTS, GrowthModelExercise

    from html import escape

    g = GrowthModelExercise.from_dataset(workbook=workbook)
    # Every question to explore is on the page, in a static <details> before the controls.
    assert "<details class='sll-hint'" in g._note.value and g.children[0] is g._note
    assert len(HINTS) == 3 and all(escape(hint) in g._note.value for hint in HINTS)


@pytest.mark.parametrize("module,name", [
    pytest.param("widgets.exercises.advice", "AdviceFilterExercise", id="advice"),
    pytest.param("widgets.exercises.growth", "GrowthModelExercise", id="growth"),
    pytest.param("widgets.exercises.hero", "HeroCheckExercise", id="hero"),
    pytest.param("widgets.exercises.crosspost", "CrossPostExercise", id="crosspost"),
])
def test_guru_trap_views_open_with_no_arguments_and_shadow_no_widget_internals(module, name):
    # The lesson calls ``from_dataset()`` bare; a child named like a Widget method breaks syncing.
    import importlib

    import ipywidgets as w

    view = getattr(importlib.import_module(module), name).from_dataset()
    reserved = set(dir(w.VBox))
    assert not (set(vars(view)) - {"spec"}) & reserved
    assert not set(type(view).class_own_traits()) & reserved
    assert repr(view) == f"{name}({view.exercise_id!r})"
