"""Progress rules of Lessons 03 and 04: robot or human, playbook, connector, rhythm, and the plan itself."""

from __future__ import annotations

from typing import Mapping

from widgets.progress import CONNECTOR_INTROS, PLAN, Status, _rule, _mapping, _state, _text


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


@_rule(PLAN)
def _plan(saved, data) -> Status:
    from widgets.plan import assemble

    plan = assemble(data)
    return _state(not plan.gaps, plan.filled > 0, f"{plan.filled} of {len(plan.sections)} sections filled")
