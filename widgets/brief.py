"""The conversation finder: four questions that become the learner's conversation brief."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text


@dataclass(frozen=True)
class FinderQuestion:
    """One of the four questions, with help, an example answer and a minimum length."""

    id: str
    prompt: str
    help: str
    placeholder: str
    example: str
    min_words: int


@dataclass(frozen=True)
class FinderSpec:
    """The conversation finder's questions, suggested niches and a model brief."""

    id: str
    prompt: str
    niches: tuple[str, ...]
    sales_words: tuple[str, ...]
    questions: tuple[FinderQuestion, ...]
    model_brief: str
    known_wrong: tuple[dict, ...]


@functools.lru_cache(maxsize=None)
def load_finder(relative: str = "lesson01/conversation_finder.yaml") -> FinderSpec:
    """Load and validate the conversation finder.

    >>> [q.id for q in load_finder().questions]
    ['conversation', 'voice', 'topics', 'help']
    """
    raw = read_yaml(relative)
    questions = []
    for i, rec in enumerate(require(raw, "questions", relative, list)):
        where = f"{relative} question {i}"
        questions.append(FinderQuestion(
            id=require(rec, "id", where),
            prompt=require(rec, "prompt", where),
            help=require(rec, "help", where),
            placeholder=require(rec, "placeholder", where),
            example=require(rec, "example", where),
            min_words=require(rec, "min_words", where, int),
        ))
    unique_ids(questions, relative)
    known_wrong = tuple(require(raw, "known_wrong", relative, list))
    for i, sample in enumerate(known_wrong):
        require(sample, "answers", f"{relative} known_wrong {i}", dict)
    niches = require(raw, "niches", relative, list)
    if not niches:
        raise ContentError(f"{relative}: no niches listed")
    return FinderSpec(
        id=require(raw, "id", relative),
        prompt=require(raw, "prompt", relative),
        niches=tuple(str(n) for n in niches),
        sales_words=tuple(str(w).lower() for w in require(raw, "sales_words", relative, list)),
        questions=tuple(questions),
        model_brief=require(raw, "model_brief", relative),
        known_wrong=known_wrong,
    )


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def check_answer(spec: FinderSpec, question: FinderQuestion, answer: str | None) -> Feedback:
    """Feedback on one answer: blank, too thin, a sales pitch in disguise, or ready.

    >>> spec = load_finder(); q = spec.questions[3]
    >>> check_answer(spec, q, "Buy my course, link in bio").status
    'incorrect'
    """
    text, _ = clean_text(answer or "", limit=2000)
    if not text.strip():
        return Feedback("empty", "Not answered yet.", (question.help,))
    if question.id == "help":
        lowered = text.lower()
        selling = [w for w in spec.sales_words if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", lowered)]
        if selling:
            return Feedback("incorrect", "This reads as selling, not helping.",
                            (f"Words like {', '.join(repr(w) for w in selling[:3])} point at your product. "
                             "List help someone could use even if they never buy from you.",))
    if _words(text) < question.min_words:
        return Feedback("partial", "Say a little more.",
                        (f"Aim for at least {question.min_words} words. {question.help}",))
    return Feedback("correct", "Clear and specific enough to act on.")


def check_brief(spec: FinderSpec, answers: dict[str, str]) -> dict[str, Feedback]:
    """Feedback for every question, keyed by question id."""
    return {q.id: check_answer(spec, q, answers.get(q.id)) for q in spec.questions}


def brief_ready(feedback: dict[str, Feedback]) -> bool:
    """A brief can be saved as finished when every answer passes."""
    return all(f.passed for f in feedback.values())
