"""Daily-life mining: turn a week's moments, observations, lessons and stories into post ideas."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text

MAX_NOTES = 3_000
MAX_IDEAS = 30


@dataclass(frozen=True)
class Prompt:
    id: str
    label: str
    question: str
    example: str
    template: str  # "{note}" is replaced by the learner's note


@dataclass(frozen=True)
class MiningSpec:
    id: str
    prompt: str
    prompts: tuple[Prompt, ...]
    hint: str
    example_week: dict


@functools.lru_cache(maxsize=None)
def load_mining(relative: str = "lesson02/mining.yaml") -> MiningSpec:
    """Prompts for mining a week for post ideas.

    >>> [p.id for p in load_mining().prompts]
    ['moments', 'observations', 'lessons', 'stories']
    """
    raw = read_yaml(relative)
    prompts = []
    for i, rec in enumerate(require(raw, "prompts", relative, list)):
        at = f"{relative} prompt {i}"
        prompts.append(Prompt(require(rec, "id", at), require(rec, "label", at), require(rec, "question", at),
                              require(rec, "example", at), require(rec, "template", at)))
    unique_ids(prompts, relative)
    return MiningSpec(require(raw, "id", relative), require(raw, "prompt", relative), tuple(prompts),
                      require(raw, "hint", relative), dict(require(raw, "example_week", relative, dict)))


def _words(text: str) -> set[str]:
    return {w.lower()[:6] for w in re.findall(r"[^\W\d_]{4,}", text)}


@dataclass(frozen=True)
class Idea:
    source: str  # prompt id
    note: str
    idea: str
    pillar: str  # "" when no pillar matched


def mine_week(spec: MiningSpec, notes: dict | None, pillars: list | None = None) -> tuple[tuple[Idea, ...], Feedback]:
    """One post idea per note line, linked to the pillar it shares most words with.

    >>> ideas, fb = mine_week(load_mining(), {"stories": "Burnt the rice, kids loved it anyway"},
    ...                       [{"name": "Stories from the table", "ideas": ["kids at dinner"]}])
    >>> ideas[0].pillar
    'Stories from the table'
    """
    pillar_words = []
    for p in pillars or []:
        if isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"].strip():
            text = p["name"] + " " + " ".join(i for i in p.get("ideas", []) if isinstance(i, str))
            pillar_words.append((p["name"].strip(), _words(text)))
    ideas = []
    for prompt in spec.prompts:
        raw = (notes or {}).get(prompt.id, "")
        text, _ = clean_text(raw if isinstance(raw, str) else "", MAX_NOTES)
        for line in text.splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            words = _words(line)
            best = max(pillar_words, key=lambda pw: len(words & pw[1]), default=None)
            pillar = best[0] if best and words & best[1] else ""
            ideas.append(Idea(prompt.id, line, prompt.template.replace("{note}", line), pillar))
    ideas = ideas[:MAX_IDEAS]
    if not ideas:
        return (), Feedback("empty", "Jot a few words under any prompt: one line per moment.")
    unlinked = sum(1 for i in ideas if not i.pillar)
    details = []
    if not pillar_words:
        details.append("Plan your content pillars above to see which pillar each idea serves.")
    elif unlinked:
        details.append(f"{unlinked} idea{'s' if unlinked != 1 else ''} fit no pillar yet: keep them only if they "
                       "serve your culture (or rename a pillar).")
    status = "correct" if len(ideas) >= 3 and (not pillar_words or unlinked < len(ideas)) else "partial"
    msg = (f"{len(ideas)} post idea{'s' if len(ideas) != 1 else ''} from your week: your life is the material."
           if status == "correct" else "A start: three or more moments give you a week of posts.")
    return tuple(ideas), Feedback(status, msg, tuple(details))
