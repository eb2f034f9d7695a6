"""The connector's pure logic: suggestion properties, scale, layout and the network figure."""

from __future__ import annotations

import pytest

from widgets.connector import (Member, check_intro, intro_result, layout, load_community, network_figure_data,
                               pair_key, reasons_for, suggest, synthetic_community)

SPEC = load_community()


def pairs(suggestions):
    return [s.pair for s in suggestions]


@pytest.mark.parametrize("members, limit", [
    pytest.param(SPEC.members, 50, id="course-community"),
    pytest.param(synthetic_community(200), 100, id="synthetic-200"),
])
def test_suggestions_have_no_duplicate_or_self_pairs_and_always_a_reason(members, limit):
    found = suggest(members, limit=limit)
    assert found
    assert len(set(pairs(found))) == len(found), "an unordered pair appeared twice"
    assert all(s.a != s.b for s in found)
    assert all(s.reasons and all(r.strip() for r in s.reasons) for s in found)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)


def test_suggestions_are_deterministic_and_independent_of_member_order():
    first = suggest(SPEC.members, limit=20)
    assert suggest(SPEC.members, limit=20) == first
    assert pairs(suggest(tuple(reversed(SPEC.members)), limit=20)) == pairs(first)


@pytest.mark.parametrize("introduced", [
    pytest.param([("femi", "jun")], id="same-order"),
    pytest.param([("jun", "femi")], id="reversed-order"),
    pytest.param([["jun", "femi"], ["dev", "elif"]], id="lists-from-json"),
])
def test_already_introduced_pairs_are_excluded(introduced):
    found = pairs(suggest(SPEC.members, introduced, limit=200))
    for a, b in introduced:
        assert pair_key(a, b) not in found
    assert len(suggest(SPEC.members, introduced, limit=5)) == 5, "the list is refilled from further down"


@pytest.mark.parametrize("introduced", [
    pytest.param(None, id="none"),
    pytest.param([("ana",), "x", 3, ("ana", 4)], id="malformed-entries"),
])
def test_bad_introduced_values_are_ignored(introduced):
    assert suggest(SPEC.members, introduced, limit=3) == suggest(SPEC.members, limit=3)


def test_a_need_met_by_an_offer_ranks_above_a_shared_interest():
    a = Member("a", "Ana X", ("baking",), ("bookkeeping",), ())
    b = Member("b", "Bo X", (), (), ("bookkeeping",))
    c = Member("c", "Cy X", ("baking",), (), ())
    assert pairs(suggest([a, b, c])) == [("a", "b"), ("a", "c")]


def test_members_with_nothing_in_common_get_no_suggestion():
    a = Member("a", "Ana X", ("x",), ("y",), ("z",))
    b = Member("b", "Bo X", ("p",), ("q",), ("r",))
    assert suggest([a, b]) == ()
    assert suggest([]) == ()


def test_a_member_who_needs_what_they_offer_is_never_paired_with_themselves():
    a = Member("a", "Ana X", ("x",), ("y",), ("y",))
    assert suggest([a]) == ()


def test_reasons_name_both_directions_and_shared_interests():
    reasons = reasons_for(SPEC.member("femi"), SPEC.member("jun"))
    assert reasons == ("Jun can help Femi with audio editing.", "Femi can help Jun with interview skills.",
                       "Both are into podcasting.")


def test_two_thousand_members_are_handled():
    members = synthetic_community(2000)
    assert len({m.id for m in members}) == 2000
    found = suggest(members, limit=25)
    assert len(found) == 25 and len(set(pairs(found))) == 25
    assert pairs(suggest(members, found[:5] and [s.pair for s in found[:5]], limit=20)) == pairs(found[5:25])


def test_synthetic_community_is_deterministic():
    assert synthetic_community(50) == synthetic_community(50)
    assert synthetic_community(50, seed=1) != synthetic_community(50)


def test_layout_is_deterministic_and_spreads_members():
    pos = layout(SPEC.members)
    assert pos == layout(tuple(reversed(SPEC.members)))
    assert len(set(pos.values())) == len(SPEC.members)


def test_network_figure_is_a_valid_plotly_figure_with_hover_and_edges():
    from widgets.charts import figure

    data = network_figure_data(SPEC.members, [("femi", "jun"), ("ana", "nobody")], ("dev", "elif"))
    fig = figure(data)
    names = [t.name for t in fig.data]
    assert names == ["Introduced", "Chosen introduction", "Members"]
    assert len([x for x in data["data"][0]["x"] if x is None]) == 1, "unknown members draw no edge"
    assert len(data["data"][-1]["hovertext"]) == len(SPEC.members)


def test_network_figure_escapes_member_text():
    evil = Member("e", "<img src=x onerror=alert(1)> Z", ("<b>",), (), ())
    data = network_figure_data([evil])
    assert "<img" not in str(data["data"][-1]["hovertext"]) and "<img" not in str(data["data"][-1]["text"])


ANA, BRUNO = SPEC.member("ana"), SPEC.member("bruno")


@pytest.mark.parametrize("draft, status", [
    pytest.param("", "empty", id="empty"),
    pytest.param(SPEC.model_intro, "correct", id="model"),
    pytest.param("Ana, meet someone who can help with your receipts. Would a chat this week work?", "partial",
                 id="names-only-one"),
    pytest.param("Hi {first_name}, meet {other_name}!", "incorrect", id="template"),
    pytest.param("<script>alert(1)</script>", "partial", id="script-tag"),
    pytest.param("x" * 50_000, "partial", id="huge-paste"),
])
def test_check_intro(draft, status):
    assert check_intro(ANA, BRUNO, draft).status == status


@pytest.mark.parametrize("wrong", SPEC.known_wrong_intros)
def test_known_wrong_intros_fail(wrong):
    assert not check_intro(ANA, BRUNO, wrong).passed


def test_intro_result_shape():
    result = intro_result([{"a": "ana", "b": "bruno", "names": "Ana ↔ Bruno", "message": "hi"}, "junk"])
    assert result == {"title": "Introductions", "items": [["Ana ↔ Bruno", "hi"]],
                      "introductions": [{"a": "ana", "b": "bruno", "names": "Ana ↔ Bruno", "message": "hi"}]}


def test_introduced_members_stand_out_on_the_map():
    data = network_figure_data(SPEC.members, [("femi", "jun")])
    nodes = data["data"][-1]
    big = {name for name, size in zip(nodes["text"], nodes["marker"]["size"]) if size > 10}
    assert big == {"Femi", "Jun"}
