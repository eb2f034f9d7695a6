"""The dashboard's empty states, count axes, plurals and a moderation list that reaches every submission."""

from __future__ import annotations

import pytest

from widgets import cohort as co
from widgets.cohort.aggregate import _aggregate
from widgets.cohort.charts import count_axis, plural
from widgets.cohort.model import Submission
from widgets.cohort.moderation import moderation_options
from widgets.exercises.cohort import CohortDashboard


def _sub(i: int, kind: str = "stage", payload=None, label: str | None = None, **flags) -> Submission:
    exercise = {"stage": "00.stage-assessment", "essence": "02.benefit-ladder",
                "conversation": "01.conversation-finder"}[kind]
    return Submission(i, f"m{i % 3}", label or f"Learner {i % 3}", exercise, kind,
                      payload or {"stage": "Listener"}, float(i), flags.get("hidden", False),
                      flags.get("approved", False))


@pytest.mark.parametrize("largest, top, step", [
    pytest.param(0, 1, 1, id="empty-still-zero-to-one-not-minus-one-to-four"),
    pytest.param(1, 1, 1, id="one"),
    pytest.param(8, 8, 1, id="eight-ticks-of-one"),
    pytest.param(9, 10, 2, id="past-eight-steps-of-two"),
    pytest.param(37, 40, 5, id="a-room"),
    pytest.param(1234, 1400, 200, id="a-big-cohort"),
])
def test_count_axes_start_at_zero_with_whole_steps(largest, top, step):
    axis = count_axis(largest)
    assert axis["range"] == [0, top] and axis["dtick"] == step and axis["tick0"] == 0
    assert isinstance(step, int) and axis["tickformat"] == ",d"


@pytest.mark.parametrize("figure", [co.stages_figure_data, co.voice_figure_data, co.conversations_figure_data])
def test_empty_charts_say_no_one_has_shared_yet_and_keep_a_zero_axis(figure):
    layout = figure(_aggregate([]))["layout"]
    assert "no one has shared" in layout["title"]["text"].lower()
    assert layout["annotations"][0]["text"] == "No one has shared yet"
    count = layout.get("xaxis") if "range" in layout.get("xaxis", {}) else layout["yaxis"]
    assert count["range"] == [0, 1]


@pytest.mark.parametrize("subs, title, summary", [
    pytest.param([_sub(1)], "Stages (1 learner)", "1 learner has shared 1 result.", id="one"),
    pytest.param([_sub(1), _sub(2)], "Stages (2 learners)", "2 learners have shared 2 results.", id="two"),
    pytest.param([], "Stages: no one has shared yet", "No one has shared yet.", id="none"),
])
def test_plurals(subs, title, summary):
    agg = _aggregate(subs)
    assert co.stages_figure_data(agg)["layout"]["title"]["text"] == title
    assert co.summary_text(agg) == summary


def test_plural_helper():
    assert plural(1, "rewrite") == "1 rewrite" and plural(1200, "rewrite") == "1,200 rewrites"


def test_every_submission_is_reachable_not_only_the_newest_200():
    subs = [_sub(i) for i in range(1, 1001)]
    options, matches = moderation_options(subs)
    assert matches == 1000 and len(options) == 200 and options[0][1] == 1000, "newest first"
    assert moderation_options(subs, "#3")[0] == [(options[0][0].replace("#1000", "#3").replace("Learner 1", "Learner 0"), 3)]
    assert [v for _l, v in moderation_options(subs, "#999999")[0]] == []
    narrowed, n = moderation_options(subs + [_sub(1001, "essence", {"essence": "Belonging, at last"}, "Ana")],
                                     "ana BELONGING")
    assert n == 1 and narrowed[0][1] == 1001


def test_the_dashboard_finds_an_old_submission_and_hides_it(tmp_path):
    store = co.CohortStore(tmp_path / "cohort.sqlite")
    made, key = store.create_cohort("Big group")
    token = store.join(made.code, "Old Bo").token
    store.submit(token, "02.benefit-ladder", {"essence": "the very first essence"})
    for i in range(210):
        store.submit(store.join(made.code).token, "00.stage-assessment", {"stage": "Listener"})
    dash = CohortDashboard(store=store, auto_refresh=False)
    dash._cohort.value, dash._key.value = made.name, key
    dash._open.click()
    assert len(dash._pick.options) == 200 and "Showing the newest 200 of 211 matching submissions" in dash._found.value
    assert all("very first" not in label for label, _v in dash._pick.options)
    dash._find.value = "very first"
    [(label, sid)] = dash._pick.options
    assert "Old Bo" in label and "1 matching submission." in dash._found.value
    dash._pick.value = sid
    dash._hide.click()
    assert f"Hid submission #{sid}" in dash._status.value
    assert "Every essence shared so far is hidden" in dash._essences.value
    store.close()


def test_an_empty_cohort_dashboard_says_so(tmp_path):
    store = co.CohortStore(tmp_path / "cohort.sqlite")
    made, key = store.create_cohort("Empty group")
    dash = CohortDashboard(store=store, auto_refresh=False)
    dash._cohort.value, dash._key.value = made.code, key
    dash._open.click()
    assert "No one has shared yet." in dash._summary.value and "nothing to moderate" in dash._found.value
    assert "No one has shared an essence yet" in dash._essences.value
    store.close()
