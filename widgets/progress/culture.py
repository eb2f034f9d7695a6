"""Progress rules of Lesson 02: buying, mix, advice, growth, hero, cross-post, ladder, canvas, pillars, character, mining."""

from __future__ import annotations

from typing import Any, Mapping

from widgets.progress import CANVAS, HERO_CALLS, LADDER, PILLARS, Data, Status, _rule, _mapping, _state, _text, saved_of


@_rule("02.what-people-buy")
def _buying(saved, data) -> Status:
    from widgets.buying import check_order, load_buying

    status = check_order(load_buying(), saved.get("answer")).status
    return _state(status == "correct", status != "empty")


def own_posts(saved: Mapping[str, Any]) -> str:
    """The content mix's pasted posts, unless they are the page's sample posts (those are not the learner's)."""
    from widgets.buying import load_buying

    posts = _text(saved.get("posts"))
    return "" if posts == load_buying().sample_posts.strip() else posts


@_rule("02.content-mix")
def _mix(saved, data) -> Status:
    from widgets.buying import judge_mix

    posts = own_posts(saved)
    mix = judge_mix(posts)
    # Any honest reading of five or more of one's own posts completes it: a pitch-heavy mix is a finding.
    return _state(len(mix.kinds) >= 3, bool(posts), f"{len(mix.kinds)} of your posts read")


@_rule("02.advice-filter")
def _advice(saved, data) -> Status:
    from widgets.advice import load_advice, summary

    spec = load_advice()
    stage = saved.get("stage")
    answers = _mapping(_mapping(saved.get("answers")).get(stage)) if isinstance(stage, str) else {}
    started = any(_mapping(v) for v in _mapping(saved.get("answers")).values())
    if not answers:
        return _state(False, started)
    feedback = summary(spec, stage, dict(answers))
    return _state(feedback.status == "correct", True, feedback.message)


@_rule("02.growth-model")
def _growth(saved, data) -> Status:
    # A teaching model with no right answer: choosing your own habit (a saved setting) completes it.
    settings = _mapping(saved.get("settings"))
    chosen = isinstance(settings.get("hours"), int) and isinstance(settings.get("share"), int)
    return _state(chosen, chosen)


@_rule("02.hero-check")
def _hero(saved, data) -> Status:
    from widgets.hero import analyze, load_hero

    spec = load_hero()
    calls = {k: v for k, v in _mapping(saved.get("calls")).items() if v in ("hero", "not-hero")}
    right = 0
    for post_id, call in calls.items():
        sample = spec.sample(post_id)
        truth = sample.label if sample else analyze(_text(saved.get("own_draft"))).verdict
        right += call == truth
    wrong = len(calls) - right
    note = f"{right} right call{'s' if right != 1 else ''}" + (f", {wrong} to look at again" if wrong else "")
    return _state(len(calls) >= HERO_CALLS and wrong == 0, bool(calls) or bool(_text(saved.get("own_draft"))), note)


@_rule("02.cross-post")
def _crosspost(saved, data) -> Status:
    from widgets.crosspost import check_set, load_networks

    spec = load_networks()
    chosen = [n for n in saved.get("networks") or () if isinstance(n, str)] if isinstance(saved.get("networks"), list) else []
    versions = {k: v for k, v in _mapping(saved.get("versions")).items() if k in chosen and isinstance(v, str)}
    core = _text(saved.get("core"))
    status = check_set(spec, core, versions).feedback.status
    return _state(status == "correct", bool(core) or any(_text(v) for v in versions.values()))


def ladder_rungs(data: Data) -> list[str]:
    """The learner's current ladder, bottom rung first (from its saved ``rungs``)."""
    rungs = saved_of(data, LADDER).get("rungs")
    return [r for r in rungs if isinstance(r, str) and r.strip()] if isinstance(rungs, list) else []


@_rule(LADDER)
def _ladder(saved, data) -> Status:
    from widgets.ladder import ladder_state

    rungs = ladder_rungs(data)
    state = ladder_state(rungs)
    why = {"one-rung": "keep climbing", "feature-top": "the top is still about the product",
           "slogan": "a rung reads like a slogan", "duplicate": "two rungs say the same thing",
           "step-down": "a rung steps back to the product", "unclear": "the top is hard to read as a benefit",
           "short": "climb once or twice more"}.get(state, "")
    return _state(state == "done", bool(rungs), f"{len(rungs)} rung{'s' if len(rungs) != 1 else ''}: {why}")


def canvas_answers(data: Data) -> dict[str, str]:
    """The canvas as it stands now: its boxes, with the essence the ladder holds today (see ``canvas.essence``)."""
    from widgets.canvas import clean_answers, essence_of

    answers = clean_answers(_mapping(saved_of(data, CANVAS).get("answers")))
    essence, _source = essence_of(ladder_rungs(data), answers.get("essence", ""))
    return {**answers, "essence": essence}


@_rule(CANVAS)
def _canvas(saved, data) -> Status:
    from widgets.canvas import check_canvas, load_canvas

    spec = load_canvas()
    own = _mapping(saved.get("answers"))
    answers = canvas_answers(data)
    feedback = check_canvas(spec, answers)
    started = any(_text(own.get(f.id)) for f in spec.fields) or bool(_text(own.get("essence")))
    from widgets.canvas import essence_warning

    filled = sum(bool(answers.get(f.id)) for f in spec.fields)
    essence = answers.get("essence", "")
    why = ("no brand essence yet" if not essence else "the essence needs work" if essence_warning(essence)
           else "some boxes are still thin")
    return _state(feedback.status == "correct", started, f"{filled} of {len(spec.fields)} boxes written; {why}")


@_rule(PILLARS)
def _pillars(saved, data) -> Status:
    from widgets.canvas import check_pillars

    pillars = [p for p in saved.get("pillars") or () if isinstance(p, Mapping)] if isinstance(saved.get("pillars"), list) else []
    traditions = [t for t in saved.get("traditions") or () if isinstance(t, str)] if isinstance(saved.get("traditions"), list) else []
    started = any(_text(p.get("name")) or p.get("ideas") for p in pillars) or any(t.strip() for t in traditions)
    status = check_pillars([dict(p) for p in pillars], traditions).status
    return _state(status == "correct", started)


@_rule("02.character-check")
def _character(saved, data) -> Status:
    from widgets.canvas import load_canvas
    from widgets.character import check_character

    draft = _text(saved.get("draft"))
    if saved.get("sample") is True:
        canvas, rungs = dict(load_canvas().sample), []
    else:
        canvas, rungs = canvas_answers(data), ladder_rungs(data)
    verdict = check_character(draft, canvas, rungs).verdict if draft else "none"
    words = {"in": "in character", "out": "out of character", "mixed": "partly in character"}
    return _state(verdict == "in", bool(draft), f"your draft reads {words[verdict]}" if verdict in words else "")


@_rule("02.daily-life")
def _mining(saved, data) -> Status:
    from widgets.mining import load_mining, mine_week

    spec = load_mining()
    notes = {k: v for k, v in _mapping(saved.get("notes")).items() if isinstance(v, str)}
    if {k: v.strip() for k, v in notes.items() if v.strip()} == \
            {k: v.strip() for k, v in spec.example_week.items() if isinstance(v, str) and v.strip()}:
        notes = {}  # the page's example week is not the learner's week
    pillars = saved_of(data, PILLARS).get("pillars")
    ideas, feedback = mine_week(spec, notes, pillars if isinstance(pillars, list) else [])
    return _state(feedback.status == "correct", any(v.strip() for v in notes.values()),
                  f"{len(ideas)} post idea{'s' if len(ideas) != 1 else ''}")
