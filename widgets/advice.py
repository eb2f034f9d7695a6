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
class Round:
    """A short run of the drill: its advice ids in order, about how long it takes, and whether "done" needs it."""

    id: str
    items: tuple[str, ...]
    minutes: int
    optional: bool = False


@dataclass(frozen=True)
class AdviceSpec:
    """The advice filter: prompt, hint, stages, answer labels, the advice to judge (in round order) and its rounds."""

    id: str
    prompt: str
    hint: str
    stages: tuple[Stage, ...]
    choice_labels: dict
    items: tuple[Advice, ...]
    rounds: tuple[Round, ...] = ()

    def item(self, item_id: str) -> Advice | None:
        return next((i for i in self.items if i.id == item_id), None)

    def round_of(self, item_id: str) -> Round | None:
        return next((r for r in self.rounds if item_id in r.items), None)

    @property
    def required(self) -> tuple[str, ...]:
        """The advice ids "done" asks for: every round that is not optional."""
        return tuple(i for r in self.rounds if not r.optional for i in r.items)

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
    rounds = _rounds(raw.get("rounds"), [i.id for i in items], relative)
    by_id = {i.id: i for i in items}
    ordered = tuple(by_id[i] for r in rounds for i in r.items)
    return AdviceSpec(require(raw, "id", relative), require(raw, "prompt", relative),
                      require(raw, "hint", relative), stages, labels, ordered, rounds)


def _rounds(raw, ids: list[str], relative: str) -> tuple[Round, ...]:
    """The drill's rounds (one round of everything when the file names none); every item in exactly one."""
    if raw is None:
        return (Round("all", tuple(ids), 0),)
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{relative}: 'rounds' must be a list of rounds")
    rounds = []
    for i, rec in enumerate(raw):
        where = f"{relative} round {i}"
        listed = require(rec, "items", where, list)
        minutes = rec.get("minutes", 0)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
            raise ContentError(f"{where}: 'minutes' must be a whole number, got {minutes!r}")
        rounds.append(Round(require(rec, "id", where), tuple(listed), minutes, rec.get("optional") is True))
    placed = [i for r in rounds for i in r.items]
    unknown = sorted(set(placed) - set(ids))
    if unknown:
        raise ContentError(f"{relative}: rounds name advice that does not exist: {', '.join(unknown)}")
    missing = [i for i in ids if placed.count(i) != 1]
    if missing:
        raise ContentError(f"{relative}: each piece of advice belongs to exactly one round: {', '.join(missing)}")
    if rounds[0].optional or any(a.optional and not b.optional for a, b in zip(rounds, rounds[1:])):
        raise ContentError(f"{relative}: optional rounds come after the rounds that count")
    return tuple(rounds)


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

    Judging every required round right is done; an optional round is practice on top.

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
    if s.right == s.total:
        return Feedback("correct", f"All {s.total} judged right for {with_article(stage)} account.", traps)
    required = [spec.item(i) for i in spec.required]
    if all(answers.get(i.id) == i.verdicts[stage] for i in required):
        extra = s.total - len(required)
        return Feedback("correct", f"All {len(required)} of round 1 judged right for {with_article(stage)} account. "
                                   f"Round 2 ({extra} more) is there if you want more practice.", traps)
    left = sum(answers.get(i.id) not in CHOICES for i in required)
    head = f"{s.right} of {s.answered} judged right ({left} of round 1 still to judge)."
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
