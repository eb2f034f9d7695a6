"""The advice filter: is a piece of popular social-media advice safe for me now, and why?"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback

DEFAULT = "lesson02/guru/advice.yaml"
STAGES = ("beginner", "growing", "established")
CHOICES = ("safe", "not-yet", "never")


@dataclass(frozen=True)
class Stage:
    """Where the learner's audience is today."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Advice:
    """One popular piece of advice, with a verdict and a reason for every stage."""

    id: str
    advice: str
    verdicts: dict
    why: dict


@dataclass(frozen=True)
class AdviceSpec:
    """The advice filter: prompt, hint, stages, answer labels and the advice to judge."""

    id: str
    prompt: str
    hint: str
    stages: tuple[Stage, ...]
    choice_labels: dict
    items: tuple[Advice, ...]

    def item(self, item_id: str) -> Advice | None:
        return next((i for i in self.items if i.id == item_id), None)

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)


@functools.lru_cache(maxsize=None)
def load_advice(relative: str = DEFAULT) -> AdviceSpec:
    """Load and validate the advice filter.

    >>> len(load_advice().items) >= 12
    True
    """
    raw = read_yaml(relative)
    stages = tuple(Stage(require(s, "id", f"{relative} stage {i}"), require(s, "label", f"{relative} stage {i}"),
                         require(s, "description", f"{relative} stage {i}"))
                   for i, s in enumerate(require(raw, "stages", relative, list)))
    if tuple(s.id for s in stages) != STAGES:
        raise ContentError(f"{relative}: stages must be {STAGES} in that order")
    labels = {}
    for i, c in enumerate(require(raw, "choices", relative, list)):
        labels[require(c, "id", f"{relative} choice {i}")] = require(c, "label", f"{relative} choice {i}")
    if tuple(labels) != CHOICES:
        raise ContentError(f"{relative}: choices must be {CHOICES} in that order")
    items = []
    for i, rec in enumerate(require(raw, "items", relative, list)):
        where = f"{relative} item {i}"
        verdicts = require(rec, "verdicts", where, dict)
        why = require(rec, "why", where, dict)
        for stage in STAGES:
            if verdicts.get(stage) not in CHOICES:
                raise ContentError(f"{where}: verdicts.{stage} must be one of {CHOICES}")
            require(why, stage, f"{where} why")
        if verdicts["established"] == "not-yet":
            raise ContentError(f"{where}: 'not-yet' makes no sense for an established account")
        items.append(Advice(require(rec, "id", where), require(rec, "advice", where),
                            {s: verdicts[s] for s in STAGES}, {s: why[s].strip() for s in STAGES}))
    unique_ids(items, relative)
    return AdviceSpec(require(raw, "id", relative), require(raw, "prompt", relative),
                      require(raw, "hint", relative), stages, labels, tuple(items))


def with_article(stage: str) -> str:
    """``a beginner``, ``a growing``, ``an established``."""
    return f"{'an' if stage[:1] in 'aeiou' else 'a'} {stage}"


def check_judgement(item: Advice, stage: str | None, choice: str | None, labels: dict | None = None) -> Feedback:
    """Judge one answer: the verdict for this stage, why, and how it differs at the other stages.

    >>> item = load_advice().item("buy-followers")
    >>> check_judgement(item, "beginner", "never").status
    'correct'
    >>> check_judgement(item, "beginner", None).status
    'empty'
    """
    labels = labels or {"safe": "Safe now", "not-yet": "Not yet", "never": "Never"}
    if stage not in STAGES:
        return Feedback("empty", "Choose your stage first: the right answer depends on it.")
    if not choice:
        return Feedback("empty", "Choose safe now, not yet, or never.")
    if choice not in CHOICES:
        return Feedback("invalid", "That answer is not one of the choices.")
    truth = item.verdicts[stage]
    others = tuple(f"For {with_article(s)} account: {labels[item.verdicts[s]].lower()}. {item.why[s]}"
                   for s in STAGES if s != stage and item.verdicts[s] != truth)
    details = (item.why[stage],) + others
    if choice == truth:
        return Feedback("correct", f"Right: {labels[truth].lower()} for {with_article(stage)} account.", details)
    if {choice, truth} == {"not-yet", "never"}:
        return Feedback("partial", f"Close: it is not for you now either way, but the answer is "
                                   f"'{labels[truth].lower()}'.", details)
    if choice == "safe":
        return Feedback("incorrect", f"This is the guru trap: {labels[truth].lower()} for "
                                     f"{with_article(stage)} account.", details)
    return Feedback("incorrect", f"Too cautious: this one is {labels[truth].lower()} for "
                                 f"{with_article(stage)} account.", details)


@dataclass(frozen=True)
class FilterScore:
    """The learner's answers for one stage, counted."""

    right: int
    close: int
    wrong: int
    answered: int
    total: int


def score(spec: AdviceSpec, stage: str, answers: dict) -> FilterScore:
    """Count right, close (not-yet vs never) and wrong answers for ``stage``; unknown ids are ignored."""
    right = close = wrong = 0
    for item in spec.items:
        choice = answers.get(item.id) if isinstance(answers, dict) else None
        if choice not in CHOICES or stage not in STAGES:
            continue
        status = check_judgement(item, stage, choice).status
        right += status == "correct"
        close += status == "partial"
        wrong += status == "incorrect"
    return FilterScore(right, close, wrong, right + close + wrong, len(spec.items))


def summary(spec: AdviceSpec, stage: str, answers: dict) -> Feedback:
    """The filter as a whole: how many judged, how many right, which traps remain.

    >>> spec = load_advice()
    >>> summary(spec, "beginner", {}).status
    'empty'
    """
    if stage not in STAGES:
        return Feedback("empty", "Choose your stage first.")
    s = score(spec, stage, answers)
    if not s.answered:
        return Feedback("empty", "Judge at least one piece of advice.")
    traps = tuple(f"Trap: '{i.advice}' is {spec.choice_labels[i.verdicts[stage]].lower()} for you now."
                  for i in spec.items if answers.get(i.id) == "safe" and i.verdicts[stage] != "safe")
    head = f"{s.right} of {s.answered} judged right ({s.total - s.answered} still to judge)."
    if s.right == s.total:
        return Feedback("correct", f"All {s.total} judged right for {with_article(stage)} account.", traps)
    if s.wrong == 0:
        return Feedback("partial", head, traps)
    return Feedback("partial" if s.right >= s.wrong else "incorrect", head, traps)


def result(spec: AdviceSpec, stage: str, answers: dict) -> dict:
    """The outcome for the learner's plan: advice to follow now and advice to set aside, with reasons."""
    items = []
    for item in spec.items:
        verdict = item.verdicts.get(stage) if stage in STAGES else None
        if verdict == "safe":
            items.append(["Follow now", f"{item.advice} — {item.why[stage]}"])
    for item in spec.items:
        verdict = item.verdicts.get(stage) if stage in STAGES else None
        if verdict == "not-yet":
            items.append(["Later", f"{item.advice} — {item.why[stage]}"])
    s = score(spec, stage, answers)
    return {"title": f"Advice that fits my stage ({stage})", "items": items, "stage": stage,
            "answers": {k: v for k, v in answers.items() if v in CHOICES}, "right": s.right, "total": s.total}
