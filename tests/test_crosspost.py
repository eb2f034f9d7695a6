"""The cross-post adapter: dated network data, per-version checks, copy detection, and the view."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from widgets.crosspost import NEAR_COPY, check_set, check_version, load_networks, measured_length, similarity

SPEC = load_networks()
NET = {n.id: n for n in SPEC.networks}


# --------------------------------------------------------------------------- dated data

@pytest.mark.parametrize("network_id,limit", [
    pytest.param("x", 280, id="x-standard-accounts"),
    pytest.param("linkedin", 3000, id="linkedin-posts"),
    pytest.param("instagram", 2200, id="instagram-captions"),
    pytest.param("threads", 500, id="threads"),
    pytest.param("bluesky", 300, id="bluesky"),
])
def test_limits_as_of_the_data_date(network_id, limit):
    assert NET[network_id].char_limit == limit


def test_the_data_is_dated_sourced_and_says_it_must_be_rechecked():
    assert SPEC.as_of.startswith("2026")
    assert datetime.date.fromisoformat(SPEC.as_of + "-01") <= datetime.date(2027, 12, 31)
    assert "recheck" in SPEC.source.lower() or "re-verified" in SPEC.source.lower()
    assert NET["facebook"].char_limit > 10_000
    assert not NET["instagram"].links_clickable


def test_model_versions_pass_the_adapters_own_checks():
    report = check_set(SPEC, SPEC.model_core, SPEC.model_versions)
    assert report.feedback.status == "correct" and report.copies == ()


# --------------------------------------------------------------------------- one version

@pytest.mark.parametrize("network_id,text,status", [
    pytest.param("x", "a" * 280, "correct", id="x-exactly-at-limit"),
    pytest.param("x", "a" * 281, "incorrect", id="x-one-over"),
    pytest.param("bluesky", "b" * 301, "incorrect", id="bluesky-over"),
    pytest.param("threads", "c" * 500, "correct", id="threads-at-limit"),
    pytest.param("x", "Read this https://example.org/" + "p" * 300, "correct", id="x-links-count-23"),
    pytest.param("x", "Tips #a #b #c #d", "partial", id="too-many-hashtags"),
    pytest.param("instagram", "Full guide at https://example.org/guide", "partial", id="instagram-dead-link"),
    pytest.param("linkedin", "", "empty", id="empty-is-not-wrong"),
    pytest.param("x", "x" * 50_000, "incorrect", id="huge-paste-measured-not-cut"),
])
def test_check_version(network_id, text, status):
    assert check_version(NET[network_id], text).status == status


def test_over_limit_says_by_how_much():
    fb = check_version(NET["x"], "a" * 300)
    assert "20 over" in fb.message


def test_measured_length_counts_links_as_fixed_only_where_the_network_does():
    long_link = "https://example.org/" + "p" * 100
    assert measured_length(NET["x"], long_link) == 23
    assert measured_length(NET["linkedin"], long_link) == len(long_link)


def test_linkedin_fold_tip_for_a_long_opening():
    fb = check_version(NET["linkedin"], "word " * 100)
    assert any("see more" in d for d in fb.details)


# --------------------------------------------------------------------------- copies

@pytest.mark.parametrize("a,b,near", [
    pytest.param("One idea, said once.", "One idea, said once.", True, id="identical"),
    pytest.param("One idea, said once.", "ONE IDEA said once!! #growth #tips", True, id="same-plus-hashtags"),
    pytest.param("Name each savings pot after its purpose and you stop raiding it.",
                 "Name every savings pot after its purpose and you stop raiding it.", True, id="one-word-changed"),
    pytest.param(SPEC.model_versions["x"], SPEC.model_versions["linkedin"], False, id="real-adaptation"),
])
def test_near_identical_copies(a, b, near):
    assert (similarity(a, b) >= NEAR_COPY) is near


@pytest.mark.parametrize("versions,status,copies", [
    pytest.param({"x": "Same post.", "linkedin": "Same post.", "bluesky": "Same post."}, "incorrect", 3,
                 id="pushed-everywhere"),
    pytest.param({"x": "Same post.", "linkedin": "Same post.", "bluesky": SPEC.model_versions["bluesky"]},
                 "partial", 1, id="two-copies-one-adapted"),
    pytest.param({"x": SPEC.model_versions["x"]}, "partial", 0, id="only-one-version"),
    pytest.param({}, "empty", 0, id="nothing-written"),
    pytest.param({"x": "   ", "nowhere": "text"}, "empty", 0, id="blank-and-unknown-network"),
    pytest.param({"x": "a" * 400, "linkedin": SPEC.model_versions["linkedin"]}, "partial", 0, id="one-too-long"),
])
def test_check_set(versions, status, copies):
    report = check_set(SPEC, "core idea", versions)
    assert report.feedback.status == status
    assert len(report.copies) == copies


def test_check_set_names_the_copied_networks():
    report = check_set(SPEC, "Same post.", {"x": "Same post.", "threads": "Same post."})
    assert any("X (Twitter) and Threads are identical" in d for d in report.feedback.details)
    assert any("pasted unchanged" in d for d in report.feedback.details)


def test_pure_module_does_not_import_ipywidgets():
    code = ("import sys, widgets.crosspost; "
            "assert 'ipywidgets' not in sys.modules, 'widgets.crosspost imported ipywidgets'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- the view

def view(workbook):
    from widgets.exercises.crosspost import CrossPostExercise

    return CrossPostExercise.from_dataset(workbook=workbook)


def test_choosing_a_network_shows_its_box_and_typing_measures_it(workbook):
    c = view(workbook)
    assert c.exercise_id == "02.cross-post" and "sll-cross-post" in c._dom_classes
    assert c._panels == {} and c._shown.children == ()  # panels are built only when added
    c._add.click()
    assert "Choose a network" in c._feedback.value and c.chosen == []
    c._network.value = "x"
    c._add.click()
    panel, area, meter = c._panels["x"]
    assert c._shown.children == (panel,) and c.chosen == ["x"]
    c._add.click()
    assert "already in your list" in c._feedback.value and c.chosen == ["x"]
    area.value = "a" * 281
    assert "data-chars='281'" in meter.value and "data-status='incorrect'" in meter.value
    area.value = "Short and fits."
    assert "data-status='correct'" in meter.value
    assert "2026" in c.children[-1].value


def test_identical_copies_are_flagged_and_everything_is_saved_and_restored(workbook):
    c = view(workbook)
    c._core.value = "Name your savings pots."
    for nid in ("x", "linkedin"):
        c.pick(nid)
        c._panels[nid].area.value = "Name your savings pots after their purpose."
    c._check.click()
    assert c.status == "incorrect" and "data-copies='1'" in c._feedback.value
    c._panels["linkedin"].area.value = SPEC.model_versions["linkedin"]
    c._check.click()
    assert c.status == "correct"
    saved = workbook.load("02.cross-post")
    assert saved["core"] == "Name your savings pots." and saved["networks"] == ["x", "linkedin"]
    assert saved["_result"]["title"] and saved["_result"]["items"][0] == ["Core idea", "Name your savings pots."]
    assert [label for label, _ in saved["_result"]["items"][1:]] == ["X (Twitter)", "LinkedIn"]
    again = view(workbook)
    assert again.core == c.core and again.chosen == ["x", "linkedin"]
    assert again._panels["linkedin"].area.value == SPEC.model_versions["linkedin"]
    assert again._shown.children == (again._panels["x"].box, again._panels["linkedin"].box)


def test_unchosen_networks_are_not_checked_or_put_in_the_plan(workbook):
    c = view(workbook)
    c.pick("x")
    c._panels["x"].area.value = "Draft for X."
    remove = c._panels["x"].box.children[2].children[0]
    assert remove.description == "Remove" and remove.tooltip
    remove.click()
    assert c._shown.children == () and c.chosen == []
    c._check.click()
    assert c.status == "empty"
    c.pick("x")  # added again: the draft is still there
    assert c._panels["x"].area.value == "Draft for X." and c._shown.children == (c._panels["x"].box,)


@pytest.mark.parametrize("text", [
    pytest.param("<script>alert(1)</script> idea", id="script-tag"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("x" * 50_000, id="huge-paste"),
    pytest.param("\x00\x1b[31m red \x07", id="control-chars"),
    pytest.param("مرحبا بكم في المتجر الجديد", id="right-to-left"),
    pytest.param("👩‍👩‍👧‍👦🎉🎉🎉", id="emoji-zwj"),
])
def test_bad_input_is_escaped_measured_and_kept(workbook, text):
    c = view(workbook)
    c._core.value = text
    c.pick("threads")
    c._panels["threads"].area.value = text
    c.pick("bluesky")
    c._panels["bluesky"].area.value = text
    c._check.click()
    for shown in (c._feedback.value, c._panels["threads"].meter.value):
        assert "<script>" not in shown and "<img" not in shown
    c._saver.flush()
    assert workbook.get("02.cross-post", "versions")["threads"] == c.versions["threads"]


@pytest.mark.parametrize("saved", [
    pytest.param({"core": 5, "networks": "x", "versions": ["x"]}, id="wrong-types"),
    pytest.param({"networks": ["<script>", "x"], "versions": {"x": 3, "nowhere": "t"}}, id="unknown-and-bad"),
])
def test_damaged_saved_work_opens_cleanly(workbook, saved):
    for key, value in saved.items():
        workbook.save("02.cross-post", key, value)
    c = view(workbook)
    assert set(c.chosen) <= set(NET) and all(isinstance(v, str) for v in c.versions.values())


def test_model_button_shows_the_adaptations(workbook):
    c = view(workbook)
    c._model.click()
    assert "Bluesky" in c._feedback.value and "LinkedIn" in c._feedback.value
