"""The stage self-assessment: four answers → scores, a stage of influence, the focus that follows, a radar."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Mapping

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback

MAX_SCORE = 3
AXES = ("audience", "replies", "relationships", "offers")
STAGE_IDS = ("social-proof", "social-leadership", "social-profits")


@dataclass(frozen=True)
class StageOption:
    score: int
    text: str


@dataclass(frozen=True)
class StageQuestion:
    """One question on one axis of the radar; options scored 0 (not yet) to 3 (strong)."""

    id: str
    axis: str
    prompt: str
    options: tuple[StageOption, ...]

    def option(self, score: Any) -> StageOption | None:
        return next((o for o in self.options if o.score == score and not isinstance(score, bool)), None)


@dataclass(frozen=True)
class Stage:
    """A stage of influence with what it means and the focus that follows, and the lesson to start with."""

    id: str
    name: str
    summary: str
    focus: str
    lesson: str


@dataclass(frozen=True)
class AssessmentSpec:
    id: str
    prompt: str
    questions: tuple[StageQuestion, ...]
    stages: tuple[Stage, ...]

    def question(self, qid: str) -> StageQuestion | None:
        return next((q for q in self.questions if q.id == qid), None)

    def stage(self, sid: str) -> Stage:
        return next(s for s in self.stages if s.id == sid)


@functools.lru_cache(maxsize=None)
def load_assessment(relative: str = "lesson00/stage_assessment.yaml") -> AssessmentSpec:
    """Load and validate the self-assessment.

    >>> [q.id for q in load_assessment().questions]
    ['audience', 'replies', 'relationships', 'offers']
    """
    raw = read_yaml(relative)
    questions = []
    for i, rec in enumerate(require(raw, "questions", relative, list)):
        where = f"{relative} question {i}"
        options = tuple(StageOption(require(o, "score", f"{where} option {j}", int), require(o, "text", f"{where} option {j}"))
                        for j, o in enumerate(require(rec, "options", where, list)))
        if sorted(o.score for o in options) != list(range(MAX_SCORE + 1)):
            raise ContentError(f"{where}: options must be scored 0 to {MAX_SCORE}, once each")
        questions.append(StageQuestion(require(rec, "id", where), require(rec, "axis", where),
                                       require(rec, "prompt", where), options))
    unique_ids(questions, relative)
    if tuple(q.id for q in questions) != AXES:
        raise ContentError(f"{relative}: questions must be {AXES} in that order")
    stages = tuple(Stage(require(s, "id", f"{relative} stage {i}"), require(s, "name", f"{relative} stage {i}"),
                         require(s, "summary", f"{relative} stage {i}"), require(s, "focus", f"{relative} stage {i}"),
                         require(s, "lesson", f"{relative} stage {i}"))
                   for i, s in enumerate(require(raw, "stages", relative, list)))
    if tuple(s.id for s in stages) != STAGE_IDS:
        raise ContentError(f"{relative}: stages must be {STAGE_IDS} in that order")
    return AssessmentSpec(require(raw, "id", relative), require(raw, "prompt", relative), tuple(questions), stages)


def scores_from(spec: AssessmentSpec, answers: Mapping[str, Any] | None) -> dict[str, int]:
    """The valid answers only: ``{axis id: score}``; unknown ids and out-of-range scores are dropped."""
    answers = answers if isinstance(answers, Mapping) else {}
    return {q.id: answers[q.id] for q in spec.questions if q.option(answers.get(q.id)) is not None}


NOTICED_AT = 3  # audience + replies: a few hundred people and a comment now and then, or more


def place(scores: Mapping[str, int]) -> str:
    """The stage for four complete scores (0-3 each), as Lesson 00 defines the stages.

    - **Social Proof**, "few people notice you yet": audience and replies together below
      ``NOTICED_AT``. Relationships or offers without an audience show on the radar; they do not
      make people notice your posts.
    - **Social Profits**, "a community trusts you": people you do not know reply (replies 2+), you
      have real relationships (2+), and trust shows in at least one answer: people answer each
      other (replies 3), recommend you unasked (relationships 3) or send others to you (offers 3).
    - **Social Leadership**, "people notice you": everyone noticed who is not there yet.

    Raising any answer never moves you to an earlier stage (tests/test_stage.py checks all 256).

    >>> place({"audience": 0, "replies": 1, "relationships": 3, "offers": 0})
    'social-proof'
    """
    if scores["audience"] + scores["replies"] < NOTICED_AT:
        return "social-proof"
    community = scores["replies"] >= 2 and scores["relationships"] >= 2
    trust = MAX_SCORE in (scores["replies"], scores["relationships"], scores["offers"])
    return "social-profits" if community and trust else "social-leadership"


@dataclass(frozen=True)
class Assessment:
    """The outcome: feedback while incomplete; when complete, the stage, its focus and the weakest axis."""

    feedback: Feedback
    scores: dict[str, int]
    stage: Stage | None = None
    weakest: str = ""

    @property
    def complete(self) -> bool:
        return self.stage is not None


def assess(spec: AssessmentSpec, answers: Mapping[str, Any] | None) -> Assessment:
    """Score the answers; incomplete answers are not wrong, they just cannot place you yet.

    >>> assess(load_assessment(), {}).feedback.status
    'empty'
    """
    scores = scores_from(spec, answers)
    missing = [q for q in spec.questions if q.id not in scores]
    if len(missing) == len(spec.questions):
        return Assessment(Feedback("empty", "Answer the four questions to see your stage."), scores)
    if missing:
        names = ", ".join(q.axis.lower() for q in missing)
        return Assessment(Feedback("empty", f"{len(missing)} to go ({names}): answer them all to see your stage."),
                          scores)
    stage = spec.stage(place(scores))
    low = min(scores.values())
    weakest = next(q for q in spec.questions if scores[q.id] == low)
    details = (stage.summary, f"Your focus now: {stage.focus}",
               f"Your lowest score is {weakest.axis.lower()} ({low} of {MAX_SCORE}).")
    return Assessment(Feedback("correct", f"Your stage: {stage.name}.", details), scores, stage, weakest.id)


def result_of(spec: AssessmentSpec, assessment: Assessment) -> dict | None:
    """The plan's ``_result`` for a complete assessment (None while incomplete)."""
    if not assessment.complete:
        return None
    stage = assessment.stage
    items = [["Stage", stage.name], ["What it means", stage.summary], ["Focus now", stage.focus]]
    items += [[q.axis, f"{assessment.scores[q.id]} of {MAX_SCORE}: {q.option(assessment.scores[q.id]).text}"]
              for q in spec.questions]
    return {"title": "Where you stand", "items": items, "stage": stage.id, "scores": dict(assessment.scores),
            "focus_lesson": stage.lesson}


def radar_figure_data(spec: AssessmentSpec, scores: Mapping[str, int]) -> dict:
    """A plotly radar (scatterpolar) of the four axes, closed into a shape; unanswered axes plot as 0.

    >>> radar_figure_data(load_assessment(), {"audience": 2})["data"][0]["r"]
    [2, 0, 0, 0, 2]
    """
    labels = [q.axis for q in spec.questions]
    values = [int(scores.get(q.id, 0)) for q in spec.questions]
    return {
        "data": [{"type": "scatterpolar", "r": values + values[:1], "theta": labels + labels[:1],
                  "fill": "toself", "name": "You today", "line": {"color": "#2d6a4f"},
                  "fillcolor": "rgba(45,106,79,0.25)", "hovertemplate": "%{theta}: %{r} of 3<extra></extra>"}],
        "layout": {"height": 340, "margin": {"l": 60, "r": 60, "t": 50, "b": 30}, "showlegend": False,
                   "title": {"text": "Where you stand today (0 = not yet, 3 = strong)"},
                   "polar": {"radialaxis": {"range": [0, MAX_SCORE], "tickvals": [0, 1, 2, 3]}}},
    }


def radar_alt(spec: AssessmentSpec, scores: Mapping[str, int]) -> str:
    """The chart's text alternative."""
    parts = ", ".join(f"{q.axis} {scores.get(q.id, 0)} of {MAX_SCORE}" for q in spec.questions)
    return f"Radar chart of your answers: {parts}."
