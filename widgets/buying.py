"""What people buy: direction, relationship, solutions — classify posts, judge a mix, check an order."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text

ORDER = ("direction", "relationship", "solution")
LABELS = {"direction": "Direction", "relationship": "Relationship", "solution": "Solution"}
COLORS = {"direction": "#1f5f99", "relationship": "#2d6a4f", "solution": "#b23a48", "unclear": "#6b7280"}
MAX_POSTS = 40
MAX_PASTE = 50_000
MAX_POST_CHARS = 2_000

# (pattern, weight, why). Direction: guidance and perspective, where to go and why.
_CUES = {
    "direction": (
        (r"\b(?:lesson|lessons|learned|learnt|what i wish|mistake|mistakes|principle|rule of thumb|"
         r"the truth is|here's why|here is why|why you|why we|stop (?:doing|trying|chasing)|start with|"
         r"focus on|instead of|the secret|what matters|matters more|the real|the way to|how to|"
         r"steps?|tips?|advice|remember|don't|do not|never|always|if you want|the best way|try this|"
         r"my take|i believe|we believe|belief|trend|future|in \d+ years|the question isn't|think about|"
         r"myth|most people|beginners?|before you)\b", 1.5, "guides people: a lesson, a view or a next step"),
        (r"^\s*\d+[.)]|\n\s*\d+[.)]|\n\s*[-•]", 1.0, "a list of points to follow"),
    ),
    # Relationship: the person behind it, the people around it, a real exchange.
    "relationship": (
        (r"\?", 2.0, "asks people something"),
        (r"\b(?:what's your|what is your|what was (?:the|your)|what's the|which (?:one|was)|how do you|how did you|tell me|who else|anyone else|have you|"
         r"do you|would you|your story|your turn|share yours|reply|comments?)\b", 2.0, "invites people to talk"),
        (r"\b(?:thank you|thanks|grateful|shout-?out|congrats|congratulations|welcome|proud of|"
         r"meet|celebrat\w*|birthday|anniversary|our team|behind the scenes|this morning|yesterday|"
         r"my (?:son|daughter|kids?|wife|husband|partner|dad|mum|mom|dog|cat|grandmother|neighbour)|"
         r"i (?:was|felt|cried|laughed|messed up|failed|admit)|confession|honestly|personal)\b", 1.5,
         "shows the person or the people around you"),
    ),
    # Solution: what you sell — the offer, the price, the call to buy.
    "solution": (
        (r"\b(?:buy|order|shop|book (?:now|a|your)|sign up|signup|subscribe|register|enrol|enroll|"
         r"dm me|link in bio|checkout|add to cart|pre-?order|waitlist|spots? left|limited|"
         r"discount|% off|\d+% off|sale|deal|offer|coupon|promo|price|pricing|€\d+|\$\d+|£\d+|"
         r"launch\w*|new (?:product|course|service|collection|release|feature)|our (?:product|"
         r"course|service|app|programme|program|package|plans?)|available now|now available|"
         r"get yours|hire me|work with me|my (?:course|programme|program|ebook|book|coaching|services?)|"
         r"free trial|demo|features?)\b", 2.0, "pitches your product or service"),
    ),
}
@functools.cache
def _compiled() -> dict[str, tuple]:
    """The cue lists, compiled when posts are first read (not at import, while a lesson opens)."""
    return {k: tuple((re.compile(p, re.IGNORECASE), wgt, why) for p, wgt, why in v) for k, v in _CUES.items()}


@dataclass(frozen=True)
class PostKind:
    """One post read as direction, relationship or solution, with the words that decided it."""

    text: str
    kind: str  # "direction" | "relationship" | "solution" | "unclear"
    reasons: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]  # (start, end, kind) into text
    scores: dict


def classify_post(text: object) -> PostKind:
    """Say whether a post mainly gives direction, builds a relationship, or sells a solution.

    >>> classify_post("Our new course launches Monday: 20% off for the first 50 sign-ups!").kind
    'solution'
    >>> classify_post("What's the first dish you ever cooked for someone you love?").kind
    'relationship'
    >>> classify_post("The lesson I learned: start with one habit, not five.").kind
    'direction'
    """
    clean, _ = clean_text(text, MAX_POST_CHARS)
    if not re.search(r"[^\W\d_]", clean):
        return PostKind(clean, "unclear", ("No words to read.",), (), {})
    scores, spans, why = {}, [], {}
    for kind in ORDER:
        score, seen = 0.0, []
        for pattern, weight, reason in _compiled()[kind]:
            for m in pattern.finditer(clean):
                if m.end() > m.start():
                    score += weight
                    spans.append((m.start(), m.end(), kind))
                    seen.append((reason, clean[m.start():m.end()].strip() or m.group()))
        scores[kind] = score
        why[kind] = seen
    best = max(ORDER, key=lambda k: (scores[k], -ORDER.index(k)))
    if scores[best] == 0:
        return PostKind(clean, "unclear", ("No clear cue: say what it guides people to, ask them something, "
                                           "or name the offer.",), (), scores)
    # A pitch anywhere turns a post into a solution post unless something else clearly outweighs it.
    if scores["solution"] and scores["solution"] >= scores[best] - 1.5:
        best = "solution"
    reasons = []
    for reason, words in why[best][:3]:
        reasons.append(f"{reason}: “{words}”")
    spans = tuple(s for s in spans if s[2] == best)
    return PostKind(clean, best, tuple(dict.fromkeys(reasons)), spans, scores)


def split_posts(pasted: object) -> tuple[list[str], str | None]:
    """Split a paste into posts: blank lines separate posts if there are any, else one post a line."""
    text, note = clean_text(pasted, MAX_PASTE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n\s*\n", text):
        parts = re.split(r"\n\s*\n", text)
    else:
        parts = text.split("\n")
    posts = [" ".join(p.split()) if "\n" not in p.strip() else p.strip() for p in parts]
    posts = [p for p in posts if p.strip()]
    if len(posts) > MAX_POSTS:
        note = ((note + " ") if note else "") + f"Read the first {MAX_POSTS} posts."
        posts = posts[:MAX_POSTS]
    return posts, note


@dataclass(frozen=True)
class Mix:
    kinds: tuple[PostKind, ...]
    counts: dict
    feedback: Feedback


def judge_mix(pasted: object) -> Mix:
    """Classify every pasted post and say what the mix implies (direction → relationship → solutions).

    >>> judge_mix("").feedback.status
    'empty'
    """
    posts, note = split_posts(pasted)
    notes = (note,) if note else ()
    if not posts:
        return Mix((), {}, Feedback("empty", "Paste a few of your recent posts (one a line, or separated by "
                                             "blank lines).", notes))
    kinds = tuple(classify_post(p) for p in posts)
    counts = {k: sum(p.kind == k for p in kinds) for k in (*ORDER, "unclear")}
    n = len(kinds)
    share = {k: counts[k] / n for k in counts}
    if n < 3:
        fb = Feedback("partial", f"{n} post{'s' if n != 1 else ''} is too few to see a habit: paste five to ten.",
                      notes)
    elif share["solution"] > 0.5:
        fb = Feedback("incorrect", "Mostly solutions: you are pitching before people know you.",
                      ("People want direction first, then a relationship; only then do they want your "
                       "solution. Swap two pitches for a lesson you learned and a question to your readers.",)
                      + notes)
    elif counts["relationship"] == 0:
        fb = Feedback("partial", "No relationship posts: people get your advice but never meet you.",
                      ("Add a story from your week, thank someone, or ask a real question.",) + notes)
    elif counts["direction"] == 0:
        fb = Feedback("partial", "No direction: friendly, but why would someone follow you?",
                      ("Share one thing you believe or learned that points people somewhere better.",) + notes)
    elif share["solution"] > 1 / 3:
        fb = Feedback("partial", "A healthy start, but solutions crowd the feed.",
                      ("Keep pitches to the minority: they land once people have direction and trust you.",) + notes)
    else:
        fb = Feedback("correct", "A mix that leads with direction and relationship; your solutions can follow.",
                      (f"{counts['direction']} direction, {counts['relationship']} relationship, "
                       f"{counts['solution']} solution.",) + notes)
    return Mix(kinds, counts, fb)


def mix_figure_data(counts: dict) -> dict:
    """The content mix as a plotly bar chart dict (no plotly import).

    >>> mix_figure_data({"direction": 2, "relationship": 1, "solution": 3, "unclear": 0})["data"][0]["y"]
    [2, 1, 3]
    """
    kinds = list(ORDER) + (["unclear"] if counts.get("unclear") else [])
    return {
        "data": [{"type": "bar", "x": [LABELS.get(k, "Unclear") for k in kinds],
                  "y": [int(counts.get(k, 0)) for k in kinds],
                  "marker": {"color": [COLORS[k] for k in kinds]},
                  "text": [str(int(counts.get(k, 0))) for k in kinds], "textposition": "auto"}],
        "layout": {"height": 290, "margin": {"l": 50, "r": 10, "t": 40, "b": 60},
                   "title": {"text": "Your content mix (the order people want: left to right)"},
                   "xaxis": {"title": {"text": "kind of post"}}, "yaxis": {"title": {"text": "posts"}, "dtick": 1}},
    }


# ------------------------------------------------------------------ the ordering exercise

@dataclass(frozen=True)
class BuyItem:
    id: str
    label: str
    explanation: str


@dataclass(frozen=True)
class OrderSpec:
    id: str
    prompt: str
    items: tuple[BuyItem, ...]
    order: tuple[str, ...]
    hint: str
    model_answer: str
    sample_posts: str

    def item(self, item_id: str) -> BuyItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@functools.lru_cache(maxsize=None)
def load_buying(relative: str = "lesson02/buying.yaml") -> OrderSpec:
    """The "what people buy" ordering exercise and the content mix's sample posts.

    >>> load_buying().order
    ('direction', 'relationship', 'solution')
    """
    raw = read_yaml(relative)
    items = tuple(BuyItem(require(r, "id", f"{relative} item {i}"), require(r, "label", f"{relative} item {i}"),
                          require(r, "explanation", f"{relative} item {i}"))
                  for i, r in enumerate(require(raw, "items", relative, list)))
    unique_ids(items, relative)
    order = tuple(require(raw, "order", relative, list))
    if sorted(order) != sorted(i.id for i in items):
        raise ContentError(f"{relative}: 'order' must list every item id once")
    return OrderSpec(require(raw, "id", relative), require(raw, "prompt", relative), items, order,
                     require(raw, "hint", relative), require(raw, "model_answer", relative),
                     require(raw, "sample_posts", relative))


def check_order(spec: OrderSpec, answer) -> Feedback:
    """Judge an ordering (a sequence of item ids, first to last), explaining each misplaced item.

    >>> check_order(load_buying(), ["direction", "relationship", "solution"]).status
    'correct'
    """
    answer = [a for a in (answer or []) if a]
    if not answer:
        return Feedback("empty", "Put the three in the order people want them.")
    if len(answer) != len(spec.order) or len(set(answer)) != len(answer):
        return Feedback("invalid", "Use each of the three exactly once.")
    if any(spec.item(a) is None for a in answer):
        return Feedback("invalid", "That is not one of the three options.")
    if tuple(answer) == spec.order:
        return Feedback("correct", "Yes: direction, then relationship, then solutions.",
                        tuple(f"{i + 1}. {spec.item(a).label}: {spec.item(a).explanation}" for i, a in enumerate(answer)))
    wrong = [(i, a) for i, a in enumerate(answer) if spec.order[i] != a]
    details = tuple(f"{spec.item(a).label} is not number {i + 1}: {spec.item(a).explanation}" for i, a in wrong)
    status = "partial" if answer[0] == spec.order[0] else "incorrect"
    return Feedback(status, "Not yet: which would a stranger want from you first?", details)
