"""Saved states for every exercise, built from the course's own content: finished work, and work that is not.

``finished()`` is a workbook's worth of real, passing work (each exercise's check passes on it); the
tables in test_progress.py break it one way at a time (a wrong answer, one item of many, an example
the page filled in) and assert the rule no longer says done.
"""

from __future__ import annotations

from widgets.advice import load_advice
from widgets.buying import load_buying
from widgets.canvas import load_canvas
from widgets.crosspost import load_networks
from widgets.hero import load_hero
from widgets.ladder import load_ladder
from widgets.listening import load_timeline
from widgets.playbook import load_playbook
from widgets.progress import CHECKS
from widgets.quiz import load_choices
from widgets.rewrite import load_studio
from widgets.robot import load_robot

OWN_POSTS = ("What is the one habit that saved your first year of running? Mine was walking breaks.\n"
             "Lesson from this week: start slower than you think, and finish wanting more.\n"
             "Thank you Maria for the trail tip yesterday, the views were worth the climb.\n"
             "Tell me your favourite rainy-day route, I'll share mine in the comments.\n"
             "Three things I wish I knew before my first 10k: sleep, shoes and patience.")
CHARACTER_DRAFT = "What did you cook for dinner with your family tonight? Tell me your simplest weeknight dish."


def check_answers(exercise_id: str, right: bool = True) -> dict:
    out = {}
    for spec in load_choices(CHECKS[exercise_id]):
        pick = next(o for o in spec.options if o.correct == right)
        out[spec.id] = {"answer": pick.id, "status": "correct" if right else "incorrect"}
    return out


def finished() -> dict[str, dict]:
    """Every exercise of the course, finished honestly."""
    studio, robot_spec, canvas = load_studio(), load_robot(), load_canvas()
    advice, hero, networks = load_advice(), load_hero(), load_networks()
    ladder = list(load_ladder().examples[0].rungs)
    from widgets.brief import load_finder
    from widgets.mining import load_mining

    data = {exercise_id: check_answers(exercise_id) for exercise_id in CHECKS}
    data.update({
        "00.stage-assessment": {"audience": 2, "replies": 2, "relationships": 1, "offers": 0},
        "01.listening-lab": {item.id: item.label for item in load_timeline().items},
        "01.conversation-finder": {"_brief": {q.id: q.example for q in load_finder().questions}},
        "01.rewrite-studio": {t.id: t.model_rewrite for t in studio.tasks[:3]},
        "02.what-people-buy": {"answer": list(load_buying().order)},
        "02.content-mix": {"posts": OWN_POSTS},
        "02.advice-filter": {"stage": "beginner",
                             "answers": {"beginner": {i.id: i.verdicts["beginner"] for i in advice.items}}},
        "02.growth-model": {"settings": {"start": "beginner", "hours": 5, "share": 60, "weeks": 52}},
        "02.hero-check": {"calls": {s.id: s.label for s in hero.samples[:3]}},
        "02.cross-post": {"core": networks.model_core, "networks": list(networks.model_versions),
                          "versions": dict(networks.model_versions)},
        "02.benefit-ladder": {"rungs": ladder},
        "02.culture-canvas": {"answers": {f.id: canvas.sample[f.id] for f in canvas.fields}},
        "02.content-pillars": {"pillars": [dict(p) for p in canvas.model_pillars],
                               "traditions": list(canvas.model_traditions)},
        "02.character-check": {"sample": True, "draft": CHARACTER_DRAFT},
        "02.daily-life": {"notes": {p.id: "\n".join(f"{pillar['name']}: {idea}" for idea in pillar["ideas"][:2])
                                   for p, pillar in zip(load_mining().prompts, canvas.model_pillars)}},
        "03.robot-or-human": {"marks": {m.id: m.label for m in robot_spec.messages},
                              "rewrites": {m.id: robot_spec.model_rewrites[m.id] for m in robot_spec.robotic[:1]}},
        "03.welcome-playbook": {"steps": [{"text": s.text, "kind": s.kind} for s in load_playbook().model]},
        "03.connector": {"introduced": [{"a": "x", "b": "y", "names": "X ↔ Y", "message": "You two should meet"}]},
        "03.hosting-rhythm": {"plan": {"affirm": ["mon", "thu"], "reach_out": ["tue"], "connect": ["fri"]}},
    })
    return data
