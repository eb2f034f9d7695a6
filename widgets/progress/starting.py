"""Progress rules of Lesson 00: the stage self-assessment and every check of understanding."""

from __future__ import annotations

from widgets.progress import CHECKS, RULES, Rule, Status, _mapping, _rule, _state


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
