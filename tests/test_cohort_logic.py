"""Cohort pure logic: payload normalisation, aggregates, chart dicts, links; no ipywidgets."""

from __future__ import annotations

import subprocess
import sys

import pytest

from widgets import cohort as co


def _sub(i, member, kind, payload, label=None, approved=False):
    return co.Submission(id=i, member_id=member, member_label=label or co.anonymous_label(member),
                         exercise_id=next(e for e, k in co.KIND_BY_EXERCISE.items() if k == kind), kind=kind,
                         payload=payload, created_at=0.0, hidden=False, approved=approved)


@pytest.mark.parametrize("exercise,payload,expected", [
    pytest.param("00.stage-assessment", {"stage": "Listener"}, {"stage": "Listener"}, id="stage-field"),
    pytest.param("00.stage-assessment", {"title": "Stage", "items": [["Your stage", "Host"]]}, {"stage": "Host"},
                 id="stage-from-result-items"),
    pytest.param("00.stage-assessment", {"items": [["Stage", "The Listener"], ["Focus now", "x"]], "stage": "listener"},
                 {"stage": "The Listener"}, id="lesson00-result-shows-the-stage-name"),
    pytest.param("01.conversation-finder", {"title": "Brief", "items": [], "brief": {"conversation": "knitting"}},
                 {"conversation": "knitting"}, id="finder-result-brief"),
    pytest.param("02.benefit-ladder", {"essence": "belonging"}, {"essence": "belonging"}, id="essence-field"),
    pytest.param("02.benefit-ladder", {"items": [["Feature", "drill"], ["Essence", "pride at home"]]},
                 {"essence": "pride at home"}, id="essence-is-the-last-rung"),
    pytest.param("01.rewrite-studio", {"before_verdict": "bullhorn", "after_verdict": "walkie-talkie", "rewrite": "hi"},
                 {"before_verdict": "bullhorn", "after_verdict": "walkie-talkie", "rewrite": "hi"}, id="voice-given"),
    pytest.param("01.rewrite-studio", {"before_verdict": "loud", "after_verdict": "quiet", "rewrite": "hi"},
                 {"before_verdict": "", "after_verdict": "", "rewrite": "hi"}, id="unknown-verdicts-dropped"),
])
def test_normalize_payload(exercise, payload, expected):
    assert co.normalize_payload(exercise, payload)[1] == expected


def test_voice_verdicts_are_computed_from_the_studio_result():
    kind, data = co.normalize_payload("01.rewrite-studio", {"pairs": [
        {"task": "t", "before": "BUY NOW!!! Best app ever. Click the link!!!",
         "after": "What helped your team this week? I'd love to hear what worked for you."}]})
    assert kind == "voice" and data["before_verdict"] in co.VERDICTS and data["after_verdict"] in co.VERDICTS


def test_aggregate_counts_improvement():
    rows = [_sub(1, "a", "voice", {"before_verdict": "bullhorn", "after_verdict": "walkie-talkie"}),
            _sub(2, "b", "voice", {"before_verdict": "mixed", "after_verdict": "mixed"}),
            _sub(3, "c", "voice", {"before_verdict": "walkie-talkie", "after_verdict": "bullhorn"})]
    agg = co._aggregate(rows)
    assert (agg.improved, agg.voice_total) == (1, 3)
    assert agg.voice_after == {"bullhorn": 1, "mixed": 1, "walkie-talkie": 1}


AGG = co._aggregate([
    _sub(1, "a", "stage", {"stage": "Listener"}), _sub(2, "b", "stage", {"stage": "<b>Host</b>"}),
    _sub(3, "a", "voice", {"before_verdict": "bullhorn", "after_verdict": "mixed"}),
    _sub(4, "a", "conversation", {"conversation": "urban gardening"}),
])


@pytest.mark.parametrize("build", [
    pytest.param(co.stages_figure_data, id="stages"),
    pytest.param(co.voice_figure_data, id="voice"),
    pytest.param(co.conversations_figure_data, id="conversations"),
])
@pytest.mark.parametrize("agg", [pytest.param(AGG, id="some-data"), pytest.param(co._aggregate([]), id="empty")])
def test_figure_dicts_are_valid_plotly(build, agg):
    import plotly.graph_objects as go

    go.Figure(build(agg))  # raises on any invalid property


@pytest.mark.parametrize("query,token", [
    pytest.param("", None, id="none"),
    pytest.param("sll_join=ABC.d.e", "ABC.d.e", id="only-param"),
    pytest.param("?a=1&sll_join=ABC.d.e", "ABC.d.e", id="leading-question-mark"),
    pytest.param("sll_join=", None, id="empty-value"),
])
def test_token_from_query(query, token):
    assert co.token_from_query(query) == token


def test_share_without_joining_sends_nothing(tmp_path):
    co.set_membership(None, co.CohortStore(tmp_path / "c.sqlite"))
    assert co.share("00.stage-assessment", {"stage": "Listener"}) is False


def test_share_after_joining_stores_and_never_raises(tmp_path):
    store = co.CohortStore(tmp_path / "c.sqlite")
    made, key = store.create_cohort("Hooked")
    co.set_membership(store.join(made.code).token, store)
    try:
        assert co.share("00.stage-assessment", {"stage": "Listener"}) is True
        assert co.share("00.stage-assessment", {}) is False, "refused, not raised"
        assert co.share("01.listening-lab", {"x": 1}) is False
        assert len(store.coach(made.code, key).submissions()) == 1
    finally:
        co.set_membership(None)


def test_pure_cohort_module_does_not_import_ipywidgets():
    code = "import sys, widgets.cohort; assert 'ipywidgets' not in sys.modules, 'ipywidgets imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_consent_lists_every_exercise_that_can_share():
    consent = co.load_consent()
    assert {exercise for exercise, _what in consent.shared} == set(co.KIND_BY_EXERCISE)
    assert "anonymous" in consent.anonymity.lower()


def test_join_box_shows_the_consent_escaped():
    from widgets.exercises.cohort import consent_html

    hostile = co.Consent("<b>h</b>", "<script>x</script>", (("00.x", "<img src=x onerror=1>"),), "w", "anonymous")
    page = consent_html(hostile)
    assert "<script>" not in page and "<img" not in page and "&lt;b&gt;h" in page


def test_real_lesson_results_normalise():
    """The ``_result`` dicts the lesson exercises save are what ``share`` receives from the hooks."""
    from widgets.exercises.ladder import ladder_result
    from widgets.exercises.studio import studio_result
    from widgets.rewrite import load_studio

    assert co.normalize_payload("02.benefit-ladder", ladder_result(["drill", "hole", "a picture on the wall"]))[1] == {
        "essence": "a picture on the wall"}
    spec = load_studio()
    task = spec.tasks[0]
    kind, data = co.normalize_payload("01.rewrite-studio", studio_result(spec, {task.id: task.model_rewrite}))
    assert kind == "voice" and data["after_verdict"] in co.VERDICTS and data["rewrite"] == task.model_rewrite.strip()
