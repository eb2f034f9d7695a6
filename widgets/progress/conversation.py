"""Progress rules of Lesson 01: listening lab, conversation finder, rewrite studio."""

from __future__ import annotations

from typing import Any, Mapping

from widgets.progress import STUDIO_REWRITES, Status, _rule, _mapping, _state, _text


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
