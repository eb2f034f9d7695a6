"""The rewrite studio's tasks and check: is the learner's rewrite a walkie-talkie post?"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from widgets import voice
from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text
from widgets.subject import same_subject


OWN = "own"  # the task id of the learner's own post


@dataclass(frozen=True)
class RewriteTask:
    """One bullhorn post to rewrite, with who wrote it, a hint and a model rewrite."""

    id: str
    title: str
    context: str
    post: str
    hint: str
    model_rewrite: str
    known_wrong: tuple[str, ...]
    subject: tuple[str, ...] = ()  # words naming the post's subject in other terms (see widgets.subject)


@dataclass(frozen=True)
class StudioSpec:
    """The rewrite studio: a prompt and its tasks, in order."""

    id: str
    prompt: str
    tasks: tuple[RewriteTask, ...]
    own: RewriteTask | None = None  # the learner's own post: its title, context and hint; the post is theirs

    def task(self, task_id: str) -> RewriteTask | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def own_task(self, post: str) -> RewriteTask | None:
        """The learner's own post as a task to rewrite (None if this studio offers no own post).

        >>> load_studio().own_task("Buy my mugs!").post
        'Buy my mugs!'
        """
        return replace(self.own, post=clean_text(post)[0].strip()) if self.own else None


@functools.lru_cache(maxsize=None)
def load_studio(relative: str = "lesson01/rewrite_studio.yaml") -> StudioSpec:
    """Load and validate the rewrite studio's tasks.

    >>> len(load_studio().tasks) >= 6
    True
    """
    raw = read_yaml(relative)
    tasks = []
    for i, rec in enumerate(require(raw, "tasks", relative, list)):
        where = f"{relative} task {i}"
        tasks.append(RewriteTask(
            id=require(rec, "id", where),
            title=require(rec, "title", where),
            context=require(rec, "context", where),
            post=require(rec, "post", where).strip(),
            hint=require(rec, "hint", where),
            model_rewrite=require(rec, "model_rewrite", where).strip(),
            known_wrong=tuple(require(rec, "known_wrong", where, list)),
            subject=tuple(str(w) for w in rec.get("subject") or ()),
        ))
    unique_ids(tasks, relative)
    own = None
    if raw.get("own_post") is not None:
        rec, where = require(raw, "own_post", relative, dict), f"{relative} own_post"
        if any(t.id == OWN for t in tasks):
            raise ContentError(f"{relative}: the task id {OWN!r} is kept for the learner's own post")
        own = RewriteTask(id=OWN, title=require(rec, "title", where), context=require(rec, "context", where),
                          post="", hint=require(rec, "hint", where), model_rewrite="", known_wrong=())
    return StudioSpec(id=require(raw, "id", relative), prompt=require(raw, "prompt", relative),
                      tasks=tuple(tasks), own=own)


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def check_rewrite(task: RewriteTask, draft: str | None) -> Feedback:
    """Judge a rewrite by its voice, explaining what still sounds like a bullhorn.

    >>> task = load_studio().tasks[0]
    >>> check_rewrite(task, task.model_rewrite).status
    'correct'
    """
    text, _ = clean_text(draft or "")
    if not text.strip():
        return Feedback("empty", "Write your rewrite in the box; the meter reacts as you type.")
    if _normalised(text) == _normalised(task.post):
        return Feedback("incorrect", "That is still the original post. Change the voice, not just a word.")
    report = voice.analyze(text)
    if report.status == "not-english":
        return Feedback("invalid", "The meter reads English only for now, so it cannot judge this rewrite.",
                        report.notes)
    subject = same_subject(task.post, text, task.subject)
    if not subject.same:
        about = ", ".join(subject.original[:5])
        return Feedback("incorrect", "This reads like a different post: keep the subject and change the voice.",
                        (f"The original is about {about}; your rewrite mentions none of it. A rewrite says the same "
                         "thing to the same people, in a voice they would answer.",))
    red = [s for s in report.signals if s.light == "red"]
    amber = [s for s in report.signals if s.light == "amber"]
    moves = tuple(f"{s.label}: {s.move}" for s in red + amber)
    if report.verdict == "walkie-talkie":
        kept = tuple(f"{s.label}: {s.why}" for s in report.signals if s.light == "green")[:3]
        return Feedback("correct", "This sounds like a person someone could talk to.", kept + moves[:1])
    if report.verdict == "mixed":
        return Feedback("partial", "Closer: part of it talks with people, part of it still shouts at them.",
                        moves[:3])
    if report.verdict == "neutral":
        return Feedback("partial", "No bullhorn left, but not a conversation yet: give the reader something to use "
                        "or a question to answer.", report.reasons[-1:] + moves[:2])
    return Feedback("incorrect", "Still a bullhorn. Try the first of these moves.", moves[:3])
