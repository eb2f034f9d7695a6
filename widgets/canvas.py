"""The culture canvas and the content pillars plan: specs, checks and the plan entries they save."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text
from widgets.ladder import classify_rung

MAX_FIELD = 1_000
MIN_PILLARS, MAX_PILLARS = 3, 5
RHYTHM = re.compile(r"\b(?:every|each|weekly|monthly|daily|fortnightly|once a|twice a|on (?:mondays|tuesdays|"
                    r"wednesdays|thursdays|fridays|saturdays|sundays)|mondays?|tuesdays?|wednesdays?|"
                    r"thursdays?|fridays?|saturdays?|sundays?|month|week|year|annual|yearly)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One box on the canvas: a stable id, its question, and an example answer."""

    id: str
    label: str
    question: str
    example: str


@dataclass(frozen=True)
class CanvasSpec:
    id: str
    prompt: str
    must: tuple[Field, ...]  # what a person must believe, value, get, know, understand, learn
    around: tuple[Field, ...]  # what the tribe organises around: ideas, lessons, strategies, stories, tools, systems
    hint: str
    sample: dict  # a complete sample canvas (field id → text), with "essence"
    pillars_id: str
    pillars_prompt: str
    pillars_hint: str
    model_pillars: tuple[dict, ...]
    model_traditions: tuple[str, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.must + self.around


def _fields(raw, key: str, where: str) -> tuple[Field, ...]:
    out = []
    for i, rec in enumerate(require(raw, key, where, list)):
        at = f"{where} {key} {i}"
        out.append(Field(require(rec, "id", at), require(rec, "label", at), require(rec, "question", at),
                         require(rec, "example", at)))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def load_canvas(relative: str = "lesson02/canvas.yaml") -> CanvasSpec:
    """The culture canvas and content pillars planner.

    >>> [f.id for f in load_canvas().must]
    ['believe', 'value', 'get', 'know', 'understand', 'learn']
    """
    raw = read_yaml(relative)
    must, around = _fields(raw, "must", relative), _fields(raw, "around", relative)
    unique_ids(must + around, relative)
    sample = require(raw, "sample", relative, dict)
    for f in (*must, *around):
        if not isinstance(sample.get(f.id), str) or not sample[f.id].strip():
            raise ContentError(f"{relative}: sample is missing field '{f.id}'")
    require(sample, "essence", f"{relative} sample")
    pillars = tuple(require(raw, "model_pillars", relative, list))
    for i, p in enumerate(pillars):
        require(p, "name", f"{relative} model_pillars {i}")
        require(p, "ideas", f"{relative} model_pillars {i}", list)
    return CanvasSpec(require(raw, "id", relative), require(raw, "prompt", relative), must, around,
                      require(raw, "hint", relative), dict(sample), require(raw, "pillars_id", relative),
                      require(raw, "pillars_prompt", relative), require(raw, "pillars_hint", relative),
                      pillars, tuple(require(raw, "model_traditions", relative, list)))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def clean_answers(answers) -> dict[str, str]:
    """Canvas answers as clean strings (unknown types dropped, control characters removed, capped)."""
    out = {}
    for key, value in (answers or {}).items():
        if isinstance(key, str) and isinstance(value, str):
            out[key] = clean_text(value, MAX_FIELD)[0].strip()
    return out


def check_canvas(spec: CanvasSpec, answers) -> Feedback:
    """Is the canvas full enough to build a culture on? Names the empty or thin boxes.

    >>> check_canvas(load_canvas(), {}).status
    'empty'
    >>> check_canvas(load_canvas(), load_canvas().sample).status
    'correct'
    """
    answers = clean_answers(answers)
    if not any(answers.get(f.id) for f in spec.fields) and not answers.get("essence"):
        return Feedback("empty", "Start with one box: what must a person believe to get your promise?")
    details = []
    if len(_words(answers.get("essence", ""))) < 2:
        details.append("Brand essence: write the top rung of your benefit ladder (or build the ladder first).")
    elif essence_warning(answers["essence"]):
        details.append(essence_warning(answers["essence"]))
    thin_must = [f.label for f in spec.must if len(_words(answers.get(f.id, ""))) < 3]
    thin_around = [f.label for f in spec.around if len(_words(answers.get(f.id, ""))) < 3]
    # An empty box is empty, not "thin": the learner is told which boxes to start and which to grow.
    empty = {f.label for f in spec.fields if not _words(answers.get(f.id, ""))}
    for labels, none, few in ((thin_must, "Still empty", "Still thin (a few words each)"),
                              (thin_around, "Not yet named", "Say a little more (a few words each)")):
        if [x for x in labels if x in empty]:
            details.append(f"{none}: {', '.join(x for x in labels if x in empty)}.")
        if [x for x in labels if x not in empty]:
            details.append(f"{few}: {', '.join(x for x in labels if x not in empty)}.")
    for f in spec.must:
        text = answers.get(f.id, "")
        if text and classify_rung(text).hype:
            details.append(f"{f.label}: “{text[:50]}” reads like a slogan; what would a person actually think or do?")
    filled = len(spec.must) - len(thin_must) + len(spec.around) - len(thin_around)
    if filled == len(spec.fields) and len(details) == 0:
        return Feedback("correct", "A culture people can join: a promise, what they need to get it, and what "
                        "you will gather them around.", ("Next: turn the bottom half into content pillars.",))
    status = "partial" if filled >= len(spec.fields) // 2 else "incorrect"
    message = "Good bones; fill the boxes below." if status == "partial" else "Most boxes are still empty."
    return Feedback(status, message, tuple(details))


def canvas_result(spec: CanvasSpec, answers) -> dict:
    answers = clean_answers(answers)
    items = [["Brand essence", answers.get("essence", "")]] + [[f.label, answers.get(f.id, "")] for f in spec.fields]
    return {"title": "Culture canvas", "items": [i for i in items if i[1]],
            "essence": answers.get("essence", ""), "fields": {f.id: answers.get(f.id, "") for f in spec.fields}}


# ------------------------------------------------------------------ pillars and traditions

def split_lines(text: object, limit: int = MAX_FIELD) -> list[str]:
    clean, _ = clean_text(text, limit)
    return [" ".join(line.split()) for line in clean.splitlines() if line.strip()]


def suggest_pillars(spec: CanvasSpec, answers) -> list[str]:
    """Pillar names drawn from the canvas's "organise around" boxes (first phrase of each)."""
    answers = clean_answers(answers)
    out = []
    for f in spec.around:
        first = re.split(r"[;,.\n]", answers.get(f.id, ""))[0].strip()
        if first:
            out.append(f"{f.label}: {first[:60]}")
    return out[:MAX_PILLARS]


def check_pillars(pillars, traditions) -> Feedback:
    """3–5 pillars, each with at least two post ideas, and at least one recurring tradition.

    >>> check_pillars([], []).status
    'empty'
    """
    pillars = [p for p in (pillars or []) if isinstance(p, dict)]
    named = [(clean_text(p.get("name", ""), 120)[0].strip(), [i for i in p.get("ideas", []) if isinstance(i, str) and i.strip()])
             for p in pillars]
    named = [(n, ideas) for n, ideas in named if n or ideas]
    traditions = [t for t in (traditions or []) if isinstance(t, str) and t.strip()]
    if not named and not traditions:
        return Feedback("empty", "Name your first pillar: a theme your culture keeps coming back to.")
    details = []
    no_name = sum(1 for n, _ in named if not n)
    if no_name:
        details.append(f"{no_name} pillar{'s have' if no_name > 1 else ' has'} ideas but no name.")
    thin = [n for n, ideas in named if n and len(ideas) < 2]
    if thin:
        details.append(f"Give each pillar two or more post ideas: {', '.join(thin)}.")
    count = sum(1 for n, _ in named if n)
    if count < MIN_PILLARS:
        details.append(f"{count} pillar{'s' if count != 1 else ''}: aim for {MIN_PILLARS}–{MAX_PILLARS}.")
    elif count > MAX_PILLARS:
        details.append(f"{count} pillars is a lot to keep up: keep the {MAX_PILLARS} closest to your promise.")
    if not traditions:
        details.append("Add a tradition: something people can count on, such as a weekly question.")
    elif not any(RHYTHM.search(t) for t in traditions):
        details.append("Say when each tradition happens (“every Friday”, “monthly”) so people can expect it.")
    if not details:
        return Feedback("correct", "A plan people can recognise: steady themes, and rituals they can count on.")
    return Feedback("partial" if count >= 1 else "incorrect", "Getting there.", tuple(details))


def pillars_result(pillars, traditions) -> dict:
    clean = [{"name": clean_text(p.get("name", ""), 120)[0].strip(),
              "ideas": [clean_text(i, 300)[0].strip() for i in p.get("ideas", []) if isinstance(i, str) and i.strip()]}
             for p in pillars if isinstance(p, dict)]
    clean = [p for p in clean if p["name"] or p["ideas"]]
    traditions = [clean_text(t, 300)[0].strip() for t in traditions if isinstance(t, str) and t.strip()]
    items = [[p["name"] or "Pillar", "; ".join(p["ideas"])] for p in clean] + [["Tradition", t] for t in traditions]
    return {"title": "Content pillars and traditions", "items": items, "pillars": clean, "traditions": traditions}


def essence_of(rungs, typed: str = "") -> tuple[str, str]:
    """The canvas's brand essence and where it comes from: ``"ladder"``, ``"typed"`` or ``""``.

    The canvas follows the ladder: a ladder of two or more rungs gives its top rung, whatever the
    canvas once copied, so the plan never shows two essences. Without a ladder, the learner's own
    typed essence stands.

    >>> essence_of(["Pottery classes", "Calm hands after work"], "An old essence")
    ('Calm hands after work', 'ladder')
    >>> essence_of([], "Calm hands")
    ('Calm hands', 'typed')
    """
    rungs = [clean_text(r, MAX_FIELD)[0].strip() for r in (rungs or []) if isinstance(r, str)]
    rungs = [r for r in rungs if r]
    if len(rungs) >= 2:
        return rungs[-1], "ladder"
    typed = clean_text(typed if isinstance(typed, str) else "", MAX_FIELD)[0].strip()
    return (typed, "typed") if typed else ("", "")


def essence_warning(essence: str) -> str:
    """A warning when the essence is a slogan or still product talk ('' when it reads as a benefit).

    >>> essence_warning("Be the best bakery in the world") != ""
    True
    """
    if not essence.strip():
        return ""
    verdict = classify_rung(essence)
    if verdict.hype:
        return (f"Your essence “{essence[:80]}” reads like a slogan ({', '.join(verdict.cue_words[:3])}): "
                "a culture cannot grow around it. Climb your ladder once more to what a person feels or gains.")
    if verdict.kind == "feature":
        return (f"Your essence “{essence[:80]}” still describes the product. Ask “so that…?” on your ladder "
                "until the top rung is about the person.")
    return ""
