"""Choice questions: spec, validation and check, for every lesson's check of understanding."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback


@dataclass(frozen=True)
class Option:
    """One answer option; every option carries the explanation shown when it is chosen."""

    id: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class ChoiceSpec:
    """A single- or multiple-answer question keyed by a stable id."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    hint: str
    multiple: bool = False

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


def choice_from_dict(record: dict, where: str) -> ChoiceSpec:
    """Validate one question record from YAML into a ChoiceSpec (ContentError on any problem)."""
    qid = require(record, "id", where)
    where = f"{where} ({qid})"
    raw_options = require(record, "options", where, list)
    options = []
    for i, raw in enumerate(raw_options):
        owhere = f"{where} option {i}"
        options.append(Option(
            id=require(raw, "id", owhere),
            text=require(raw, "text", owhere),
            correct=require(raw, "correct", owhere, bool),
            explanation=require(raw, "explanation", owhere),
        ))
    spec = ChoiceSpec(
        id=qid,
        prompt=require(record, "prompt", where),
        options=tuple(options),
        hint=require(record, "hint", where),
        multiple=bool(record.get("multiple", False)),
    )
    if len(spec.options) < 2:
        raise ContentError(f"{where}: a question needs at least two options")
    unique_ids(spec.options, where)
    if not spec.correct_ids:
        raise ContentError(f"{where}: no option is marked correct")
    if not spec.multiple and len(spec.correct_ids) != 1:
        raise ContentError(f"{where}: a single-answer question needs exactly one correct option")
    return spec


def load_choices(relative: str) -> tuple[ChoiceSpec, ...]:
    """Load a YAML file holding a list of questions (``questions:``).

    >>> load_choices("lesson01/check.yaml")[0].id
    'markets'
    """
    raw = read_yaml(relative)
    questions = require(raw, "questions", relative, list)
    specs = tuple(choice_from_dict(q, f"{relative} question {i}") for i, q in enumerate(questions))
    unique_ids(specs, relative)
    return specs


def check_choice(spec: ChoiceSpec, answer) -> Feedback:
    """Check an answer (an option id, or ids for a multiple-answer question).

    >>> q = load_choices("lesson01/check.yaml")[0]
    >>> check_choice(q, None).status
    'empty'
    """
    chosen = _as_ids(answer)
    if not chosen:
        return Feedback("empty", "Choose an answer, then check it.")
    unknown = [c for c in chosen if spec.option(c) is None]
    if unknown:
        return Feedback("invalid", "That answer is not one of the options.")
    details = tuple(f"{spec.option(c).text}: {spec.option(c).explanation}" for c in sorted(chosen))
    if chosen == spec.correct_ids:
        return Feedback("correct", "Right.", details)
    if spec.multiple and chosen & spec.correct_ids:
        missing = len(spec.correct_ids - chosen)
        extra = len(chosen - spec.correct_ids)
        parts = []
        if missing:
            parts.append(f"{missing} right option{'s' if missing > 1 else ''} not chosen yet")
        if extra:
            parts.append(f"{extra} chosen option{'s' if extra > 1 else ''} that don't fit")
        return Feedback("partial", "Partly: " + " and ".join(parts) + ".", details)
    return Feedback("incorrect", "Not quite. Read why, then try again.", details)


def _as_ids(answer) -> frozenset[str]:
    if answer is None:
        return frozenset()
    if isinstance(answer, str):
        return frozenset([answer]) if answer else frozenset()
    return frozenset(a for a in answer if isinstance(a, str) and a)
