"""Progress that tells the truth: each exercise's own rule for "started" and "done", read from saved work.

One rule per exercise, shared by the course map, the capstone plan and the cohort. A rule reads what
the learner saved (never what a page did on opening) and re-runs the exercise's own check on it:

- **started** means the learner acted: answered, marked, typed or added something of their own.
  Choosing a post from a menu, opening a page or pressing "Show an example" is not acting.
- **done** means the exercise's check passes on the saved work, or its real minimum is completed.
  A wrong answer, one item of many, an example filled in by the page, or a check that itself says
  "still empty" is never done.

Exercises without a rule here (a course builder's new ones) fall back to the ``done:`` rule of
``datasets/lesson00/course.yaml`` (see ``widgets.course.DoneRule``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

DONE, STARTED, NOT_STARTED = "done", "started", "not started"

# Real minimums where an exercise has no single check (documented in docs/course-builders.md).
STUDIO_REWRITES = 3  # of the studio's posts, rewritten until the meter hears a walkie-talkie
HERO_CALLS = 3  # posts called in the hero check, every call agreeing with the label (or the check)
CONNECTOR_INTROS = 1  # introductions recorded (an introduction is recorded only when its check passes)

CHECKS = {  # checks of understanding: exercise id -> its questions
    "00.advice-teaser": "lesson00/advice_teaser.yaml",
    "00.check": "lesson00/check.yaml",
    "01.check": "lesson01/check.yaml",
    "02.check": "lesson02/check.yaml",
    "03.check": "lesson03/check.yaml",
    "04.check": "lesson04/check.yaml",
}
LADDER, CANVAS, PILLARS, PLAN = "02.benefit-ladder", "02.culture-canvas", "02.content-pillars", "04.plan"


@dataclass(frozen=True)
class Status:
    """One exercise's progress: ``state`` is "done", "started" or "not started"; ``note`` says why, briefly."""

    state: str
    note: str = ""

    @property
    def done(self) -> bool:
        return self.state == DONE


Data = Mapping[str, Mapping[str, Any]]
Rule = Callable[[Mapping[str, Any], Data], Status]
RULES: dict[str, Rule] = {}


def _rule(*ids: str):
    def register(fn: Rule) -> Rule:
        for exercise_id in ids:
            RULES[exercise_id] = fn
        return fn
    return register


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _state(done: bool, started: bool, note: str = "") -> Status:
    return Status(DONE if done else STARTED if started else NOT_STARTED, note)


def saved_of(data: Data, exercise_id: str) -> Mapping[str, Any]:
    """What ``data`` holds for one exercise (an empty mapping for nothing or a damaged entry)."""
    return _mapping(_mapping(data).get(exercise_id))


def status_of(exercise_id: str, data: Data, fallback=None) -> Status:
    """The progress of ``exercise_id`` from all saved work ``data`` (``{exercise: {key: value}}``).

    ``fallback`` is the course map's ``DoneRule``, used only for exercises without a rule here.
    A damaged saved state is "started" at most, never an error.

    >>> status_of("02.what-people-buy", {"02.what-people-buy": {"answer": ["solution", "", ""]}}).state
    'started'
    >>> status_of("02.what-people-buy", {}).state
    'not started'
    """
    data = _mapping(data)
    saved = saved_of(data, exercise_id)
    rule = RULES.get(exercise_id)
    if not saved and exercise_id != PLAN:
        # Nothing saved is never started: answered without loading the exercise's content (a course
        # map over a new workbook stays instant; the plan's rule reads the other exercises instead).
        return Status(NOT_STARTED)
    if rule is None:
        if fallback is None:
            return _state(False, bool(saved))
        return _state(fallback.met(saved), bool(saved))
    try:
        return rule(saved, data)
    except Exception:  # a saved value of an unexpected shape: progress is a report, never a crash
        return _state(False, bool(saved), "Some saved work could not be read.")


def is_done(exercise_id: str, data: Data) -> bool:
    return status_of(exercise_id, data).done


# ---------------------------------------------------------------------------- lesson 00

@_rule("00.stage-assessment")
def _stage(saved, data) -> Status:
    from widgets.stage import load_assessment, scores_from

    spec = load_assessment()
    answered = len(scores_from(spec, saved))
    return _state(answered == len(spec.questions), answered > 0,
                  f"{answered} of {len(spec.questions)} questions answered")


def _check_rule(relative: str) -> Rule:
    def rule(saved, data) -> Status:
        from widgets.quiz import check_choice, load_choices

        specs = load_choices(relative)
        answered = right = 0
        for spec in specs:
            answer = _mapping(saved.get(spec.id)).get("answer")
            status = check_choice(spec, answer).status
            answered += status != "empty"
            right += status == "correct"
        return _state(right == len(specs), answered > 0, f"{right} of {len(specs)} right")
    return rule


for _id, _relative in CHECKS.items():
    RULES[_id] = _check_rule(_relative)


# ---------------------------------------------------------------------------- lesson 01

@_rule("01.listening-lab")
def _listening(saved, data) -> Status:
    from widgets.listening import load_timeline

    spec = load_timeline()
    marks = {i.id: saved.get(i.id) for i in spec.items if saved.get(i.id) in ("human", "broadcast")}
    right = sum(marks.get(i.id) == i.label for i in spec.items)
    total = len(spec.items)
    note = f"{len(marks)} of {total} marked" + (f", {len(marks) - right} to look at again" if len(marks) > right else "")
    return _state(right == total, bool(marks), note)


@_rule("01.conversation-finder")
def _finder(saved, data) -> Status:
    from widgets.brief import brief_ready, check_brief, load_finder

    spec = load_finder()
    brief = _mapping(saved.get("_brief"))
    typed = any(_text(saved.get(q.id)) for q in spec.questions) or bool(brief)
    accepted = check_brief(spec, {q.id: _text(brief.get(q.id)) for q in spec.questions}) if brief else {}
    ready = bool(accepted) and brief_ready(accepted)
    latest = check_brief(spec, {q.id: _text(saved.get(q.id)) for q in spec.questions})
    passing = sum(f.passed for f in (accepted if ready else latest).values())
    return _state(ready, typed, f"{passing} of {len(spec.questions)} answers pass; check your brief to save it")


def passing_rewrites(saved: Mapping[str, Any]) -> list[tuple[Any, str]]:
    """The studio's (task, rewrite) pairs whose rewrite passes the studio's check, in the studio's order."""
    from widgets.rewrite import check_rewrite, load_studio

    studio = load_studio()
    own_post = saved.get("_own_post")  # the learner's own post as a before (widgets.exercises.studio)
    own = studio.own_task(own_post) if isinstance(own_post, str) and own_post.strip() else None
    return [(task, saved[task.id]) for task in ((own,) if own else ()) + tuple(studio.tasks)
            if _text(saved.get(task.id)) and check_rewrite(task, saved[task.id]).status == "correct"]


@_rule("01.rewrite-studio")
def _studio(saved, data) -> Status:
    from widgets.rewrite import load_studio

    written = sum(bool(_text(saved.get(t.id))) for t in load_studio().tasks)
    passing = len(passing_rewrites(saved))
    need = min(STUDIO_REWRITES, len(load_studio().tasks))
    return _state(passing >= need, written > 0, f"{passing} of {need} rewrites pass the meter")


# ---------------------------------------------------------------------------- lesson 02

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


# ---------------------------------------------------------------------------- lesson 03

@_rule("03.robot-or-human")
def _robot(saved, data) -> Status:
    from widgets.robot import check_rewrite, load_robot

    spec = load_robot()
    marks = {k: v for k, v in _mapping(saved.get("marks")).items() if spec.message(k) is not None and v in ("robot", "human")}
    right = sum(spec.message(k).label == v for k, v in marks.items())
    rewrites = {k: v for k, v in _mapping(saved.get("rewrites")).items() if isinstance(v, str) and v.strip()}
    passed = [k for k, v in rewrites.items() if spec.message(k) is not None
              and check_rewrite(spec.message(k).text, v).status == "correct"]
    total = len(spec.messages)
    note = f"{len(marks)} of {total} sorted" + (f", {len(marks) - right} to look at again" if len(marks) > right else "")
    note += f"; {len(passed)} rewrite{'s' if len(passed) != 1 else ''} passed"
    return _state(right == total and bool(passed), bool(marks) or bool(rewrites), note)


@_rule("03.welcome-playbook")
def _playbook(saved, data) -> Status:
    from widgets.playbook import check_playbook, steps_from_saved

    steps = steps_from_saved(saved.get("steps"))
    return _state(check_playbook(steps).status == "correct", bool(steps))


@_rule("03.connector")
def _connector(saved, data) -> Status:
    intros = [i for i in saved.get("introduced") or () if isinstance(i, Mapping)] \
        if isinstance(saved.get("introduced"), list) else []
    drafts = any(_text(v) for v in _mapping(saved.get("drafts")).values())
    return _state(len(intros) >= CONNECTOR_INTROS, bool(intros) or drafts,
                  f"{len(intros)} introduction{'s' if len(intros) != 1 else ''} recorded")


@_rule("03.hosting-rhythm")
def _rhythm(saved, data) -> Status:
    from widgets.rhythm import check_plan, clean_log, clean_plan

    plan = clean_plan(saved.get("plan"))
    logged = any(clean_log(saved.get("log")).values())
    feedback = check_plan(plan)
    return _state(feedback.status == "correct", any(plan.values()) or logged, feedback.message)


# ---------------------------------------------------------------------------- lesson 04

@_rule(PLAN)
def _plan(saved, data) -> Status:
    from widgets.plan import assemble

    plan = assemble(data)
    return _state(not plan.gaps, plan.filled > 0, f"{plan.filled} of {len(plan.sections)} sections filled")
