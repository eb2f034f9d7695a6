"""The welcome playbook: an ordered checklist for new followers, and a check on how human it is."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text

KINDS = ("personal", "automated")
MAX_STEPS = 12
MAX_STEP_CHARS = 280
TITLE = "Welcome playbook"

# A step that opens a conversation: it asks, replies or writes to the person.
_CONVERSATION = re.compile(r"\?|\b(?:ask|asks|asking|reply|replies|respond|answer|message|dm|write to|"
                           r"chat|talk|conversation|question|comment on|call)\b", re.I)


@dataclass(frozen=True)
class Step:
    """One step of a playbook: what the learner does, and whether a person or software does it."""

    text: str
    kind: str  # "personal" | "automated"


@dataclass(frozen=True)
class Suggestion:
    """A suggested step from the dataset, with why it helps (or why it is a trap)."""

    id: str
    text: str
    kind: str
    why: str


@dataclass(frozen=True)
class PlaybookSpec:
    """The welcome playbook: prompt, hint, suggested steps, a model playbook and known-weak ones."""

    id: str
    prompt: str
    hint: str
    suggestions: tuple[Suggestion, ...]
    model: tuple[Step, ...]
    known_wrong: tuple[tuple[Step, ...], ...]

    def suggestion(self, suggestion_id: str) -> Suggestion | None:
        return next((s for s in self.suggestions if s.id == suggestion_id), None)


def _steps(records, where: str) -> tuple[Step, ...]:
    steps = []
    for i, rec in enumerate(records):
        step = Step(text=require(rec, "text", f"{where} step {i}"), kind=require(rec, "kind", f"{where} step {i}"))
        if step.kind not in KINDS:
            raise ContentError(f"{where} step {i}: kind '{step.kind}' is not one of {KINDS}")
        steps.append(step)
    return tuple(steps)


@functools.lru_cache(maxsize=None)
def load_playbook(relative: str = "lesson03/playbook.yaml") -> PlaybookSpec:
    """Load and validate the welcome playbook's suggestions.

    >>> len(load_playbook().suggestions) >= 6
    True
    """
    raw = read_yaml(relative)
    suggestions = []
    for i, rec in enumerate(require(raw, "suggestions", relative, list)):
        where = f"{relative} suggestion {i}"
        s = Suggestion(id=require(rec, "id", where), text=require(rec, "text", where),
                       kind=require(rec, "kind", where), why=require(rec, "why", where))
        if s.kind not in KINDS:
            raise ContentError(f"{where}: kind '{s.kind}' is not one of {KINDS}")
        suggestions.append(s)
    unique_ids(suggestions, relative)
    known = tuple(_steps(require(rec, "steps", f"{relative} known_wrong {i}", list), f"{relative} known_wrong {i}")
                  for i, rec in enumerate(require(raw, "known_wrong", relative, list)))
    return PlaybookSpec(id=require(raw, "id", relative), prompt=require(raw, "prompt", relative),
                        hint=require(raw, "hint", relative), suggestions=tuple(suggestions),
                        model=_steps(require(raw, "model", relative, list), f"{relative} model"),
                        known_wrong=known)


def make_step(text: object, kind: object) -> tuple[Step | None, str | None]:
    """A cleaned step from learner input, or None and a message saying what to fix.

    >>> make_step("  Say hello  ", "personal")
    (Step(text='Say hello', kind='personal'), None)
    >>> make_step("", "personal")[1]
    'Write the step first.'
    """
    cleaned, note = clean_text(text, limit=MAX_STEP_CHARS)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        return None, "Write the step first."
    if kind not in KINDS:
        return None, "Choose whether a person or software does this step."
    return Step(cleaned, kind), note


def move(steps, index: int, offset: int) -> tuple:
    """The steps with ``steps[index]`` moved by ``offset`` (clamped; unchanged when out of range).

    >>> move(("a", "b", "c"), 2, -1)
    ('a', 'c', 'b')
    """
    steps = list(steps)
    if not 0 <= index < len(steps):
        return tuple(steps)
    target = max(0, min(len(steps) - 1, index + offset))
    steps.insert(target, steps.pop(index))
    return tuple(steps)


def starts_conversation(step: Step) -> bool:
    """A personal step that asks, replies or writes to the person.

    >>> starts_conversation(Step("Ask what they are working on", "personal"))
    True
    """
    return step.kind == "personal" and bool(_CONVERSATION.search(step.text))


def check_playbook(steps) -> Feedback:
    """Feedback on a playbook: empty, leaning on automation, never starting a conversation, or ready.

    >>> check_playbook([]).status
    'empty'
    >>> check_playbook([Step("Auto-DM my free guide", "automated")]).status
    'incorrect'
    """
    steps = [s for s in steps if isinstance(s, Step)]
    if not steps:
        return Feedback("empty", "Add a few steps: what do you do when someone new follows you?")
    personal = [s for s in steps if s.kind == "personal"]
    automated = [s for s in steps if s.kind == "automated"]
    talks = [s for s in steps if starts_conversation(s)]
    problems = []
    if len(automated) >= len(personal):
        problems.append(f"{len(automated)} of {len(steps)} steps are done by software. New followers notice "
                        "when a robot greets them; let people do most of the welcoming.")
    if steps[0].kind == "automated":
        problems.append("The first thing a new follower meets is automated. Start with something you do yourself.")
    if not talks:
        problems.append("No step starts a conversation. Add one where you ask, reply or write to the person.")
    if len(steps) < 3:
        problems.append("Three to seven steps make a playbook you can repeat; you have "
                        f"{len(steps)}.")
    if not problems:
        return Feedback("correct", "A welcome a person would enjoy receiving.",
                        (f"{len(personal)} personal step{'s' if len(personal) != 1 else ''}, "
                         f"{len(talks)} that start{'s' if len(talks) == 1 else ''} a conversation.",))
    leans = len(automated) >= len(personal) or not talks
    return Feedback("incorrect" if leans else "partial",
                    "This welcome leans on the robot." if leans else "Nearly there.", tuple(problems))


def playbook_result(steps) -> dict:
    """The ``_result`` saved for the capstone: title, numbered items and the structured steps.

    >>> playbook_result([Step("Say hi", "personal")])["items"]
    [['Step 1 (personal)', 'Say hi']]
    """
    steps = [s for s in steps if isinstance(s, Step)]
    return {"title": TITLE,
            "items": [[f"Step {n} ({s.kind})", s.text] for n, s in enumerate(steps, 1)],
            "steps": [{"text": s.text, "kind": s.kind} for s in steps]}


def steps_from_saved(value) -> tuple[Step, ...]:
    """Steps restored from the workbook; anything malformed is skipped, never raised.

    >>> steps_from_saved([{"text": "Say hi", "kind": "personal"}, {"bad": 1}, "x"])
    (Step(text='Say hi', kind='personal'),)
    """
    if not isinstance(value, list):
        return ()
    found = []
    for rec in value[:MAX_STEPS]:
        if isinstance(rec, dict):
            step, _ = make_step(rec.get("text"), rec.get("kind"))
            if step is not None:
                found.append(step)
    return tuple(found)
