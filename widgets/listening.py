"""The listening lab: a simulated timeline, checking each mark, and the learner's tally."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback

MARKS = ("human", "broadcast")
MARK_NAMES = {"human": "a human voice", "broadcast": "a broadcast"}


@dataclass(frozen=True)
class TimelineItem:
    """One post on the simulated timeline, with the label and the reason it has it."""

    id: str
    author: str
    handle: str
    minutes_ago: int
    label: str
    text: str
    why: str


@dataclass(frozen=True)
class TimelineSpec:
    """The listening lab: a prompt, a hint and the timeline's posts."""

    id: str
    prompt: str
    hint: str
    items: tuple[TimelineItem, ...]

    def item(self, item_id: str) -> TimelineItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Tally:
    """How the learner's marks stand: counts by verdict and by what they marked."""

    right: int
    wrong: int
    unmarked: int
    marked_human: int
    marked_broadcast: int

    @property
    def done(self) -> bool:
        return self.unmarked == 0


@functools.lru_cache(maxsize=None)
def load_timeline(relative: str = "lesson01/timeline.yaml") -> TimelineSpec:
    """Load and validate the listening lab's timeline.

    >>> len(load_timeline().items) >= 10
    True
    """
    raw = read_yaml(relative)
    items = []
    for i, rec in enumerate(require(raw, "items", relative, list)):
        where = f"{relative} item {i}"
        item = TimelineItem(
            id=require(rec, "id", where),
            author=require(rec, "author", where),
            handle=require(rec, "handle", where),
            minutes_ago=require(rec, "minutes_ago", where, int),
            label=require(rec, "label", where),
            text=require(rec, "text", where).strip(),
            why=require(rec, "why", where),
        )
        if item.label not in MARKS:
            raise ContentError(f"{where} ({item.id}): label must be one of {MARKS}")
        items.append(item)
    unique_ids(items, relative)
    return TimelineSpec(
        id=require(raw, "id", relative),
        prompt=require(raw, "prompt", relative),
        hint=require(raw, "hint", relative),
        items=tuple(items),
    )


def check_mark(item: TimelineItem, mark: str | None) -> Feedback:
    """Feedback on one mark: right or not, and always why the post sounds the way it does.

    >>> item = load_timeline().items[1]
    >>> check_mark(item, "broadcast").status
    'correct'
    """
    if not mark:
        return Feedback("empty", "Mark this post: human voice or broadcast?")
    if mark not in MARKS:
        return Feedback("invalid", f"'{mark}' is not a mark; choose human voice or broadcast.")
    if mark == item.label:
        return Feedback("correct", f"Yes, this is {MARK_NAMES[item.label]}.", (item.why,))
    return Feedback("incorrect", f"Listen again: this one is {MARK_NAMES[item.label]}.", (item.why,))


def tally(spec: TimelineSpec, marks: dict[str, str]) -> Tally:
    """Count the learner's marks against the timeline (marks for unknown ids are ignored).

    >>> tally(load_timeline(), {}).unmarked == len(load_timeline().items)
    True
    """
    right = wrong = unmarked = human = broadcast = 0
    for item in spec.items:
        mark = marks.get(item.id)
        if mark not in MARKS:
            unmarked += 1
            continue
        human += mark == "human"
        broadcast += mark == "broadcast"
        if mark == item.label:
            right += 1
        else:
            wrong += 1
    return Tally(right, wrong, unmarked, human, broadcast)


def summarize(spec: TimelineSpec, marks: dict[str, str]) -> str:
    """One sentence on the tally, and what the whole timeline teaches once it is done."""
    t = tally(spec, marks)
    if t.right + t.wrong == 0:
        return "No posts marked yet."
    if not t.done:
        return f"{t.right} of {t.right + t.wrong} marked so far match; {t.unmarked} to go."
    humans = sum(1 for i in spec.items if i.label == "human")
    return (f"{t.right} of {len(spec.items)} right. {humans} of {len(spec.items)} posts were human voices: "
            "the ones you could actually reply to.")
