"""The benefit ladder: is a rung feature or benefit language, and does the whole ladder climb?"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text

KINDS = ("feature", "benefit", "unclear")
MAX_RUNG_CHARS = 300  # a rung is a phrase; longer text is cut, with a note
MAX_RUNGS = 12


def _words(*items: str) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


# Cue families: (pattern, weight, why). Patterns are matched case-insensitively on word edges.
# Feature language names what the product IS, HAS or DOES: specs, numbers with units,
# materials, components, technology and "has/includes/with".
_UNITS = _words("mm", "cm", "m", "km", "kg", "g", "mg", "ml", "l", "litre", "litres", "liter", "liters",
                "gb", "tb", "mb", "mp", "mah", "wh", "w", "kw", "v", "hz", "ghz", "iu", "gsm", "lumens",
                "bar", "inch", "inches", "mph", "rpm", "fps", "k", "%", "percent", "hour", "hours",
                "minute", "minutes", "seconds", "second", "day", "days", "week", "weeks", "pages",
                "lessons", "layers", "keys", "tracks", "students", "sessions", "options", "pockets",
                "wheels", "speeds", "languages", "years")
FEATURE_CUES: tuple[tuple[str, float, str], ...] = (
    (rf"\d[\d.,/]*\s*-?\s*(?:{_UNITS})(?![a-z])", 2.0, "a number with a unit is a spec"),
    (r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred)"
     r"(?:-(?:minute|hour|week|day|year|page|speed|inch))\b", 2.0, "a counted length or size is a spec"),
    (r"\d+(?:\.\d+)?\s*%|\d+/\d+|\bf/\d", 2.0, "a figure describes the product"),
    (r"\b\d+\b", 1.0, "a count describes the product"),
    (r"\b(?:with|has|have|includes?|including|comes with|featuring|features|equipped with|built-in|"
     r"made (?:of|from|with)|rated at|powered by|lined with|printed on|spun from|delivered|roasted|"
     r"supports?|integrates? with|paying|weighing|heating up)\b", 1.0, "says what the product has or is made of"),
    (r"\b(?:steel|stainless|copper|aluminium|aluminum|titanium|carbon|leather|cotton|organic cotton|wool|"
     r"merino|alpaca|oak|larch|wood|wooden|bamboo|plastic|rubber|silicone|ceramic|glass|fabric|nylon|"
     r"spruce|paper|recycled|cardboard|yarn|fibre|fiber|feather|feathers|enzymes|acid|cocoa|flour|rye|"
     r"kibble|salmon|ingredients|capsules?|beans)\b", 1.5, "a material or ingredient"),
    (r"\b(?:battery|batteries|motor|engine|chip|processor|sensor|sensors|lens|screen|display|oled|led|"
     r"blade|chuck|gearbox|frame|sole|seams|hood|zip|pockets?|wheels|brakes|plate|filter|valve|cable|"
     r"strings|keys|armrests?|cushions|pages|core|timer|collar|presets?|templates?|dashboard|"
     r"module|modules|component|components|attachments?|spec|specs|specification|capacity|resolution|"
     r"runtime|aperture|stabilisation|stabilization|storage|pressure|voltage|wattage|interest|fees?)\b",
     1.5, "a component or specification"),
    (r"\b(?:app|apps|software|platform|api|ai|algorithm|cloud|sync|bluetooth|wifi|wi-fi|usb|gps|lidar|"
     r"hepa|isofix|crm|saas|encryption|authentication|backups?|integration|automated|automatic|"
     r"automation|smart|digital|wireless|cordless|noise-cancelling|waterproof|water-based|dishwasher-safe|"
     r"gluten-free|nut-free|vegan|grain-free|plant-based|ergonomic|adjustable|detachable|reinforced|"
     r"hand-stitched|accredited|certified|certificate|uptime|gantt|mapping|tracks?|monitor|"
     r"spaced repetition|categorisation|categorization|scheduling|thermal|compostable|hydraulic|"
     r"insulated|triple-glazed|organic|natural|untreated)\b", 1.5, "technology or a product attribute"),
    (r"\b(?:video lessons|lessons|quizzes|workbook|forum|sessions|classes|programme|program|course|"
     r"modules|tours|kit|kits|report|audit|deliverables?|style guide|logo|filing|payroll|service|support|"
     r"membership|plan|package|subscription|bundle|edition|model|version)\b",
     0.75, "a deliverable or format of the service"),
)

# Benefit language names what the product does FOR THE PERSON: outcomes, feelings, time or
# money saved, relationships, "so (that) you can", "you" plus a verb of experience.
BENEFIT_CUES: tuple[tuple[str, float, str], ...] = (
    (r"\bso (?:that )?(?:you|your|they|their|we|our|i|he|she|people|everyone|the family|the team)\b",
     3.0, "'so that…' names what it is for"),
    (r"\b(?:you|they|we|i|he|she|everyone|people|your \w+)\s+(?:can|could|will|'ll|get to|finally|"
     r"never|always|stop|stops|start|feel|feels|enjoy|know|make|finish|walk|sleep|sleeps|keep|"
     r"find|spend|love|look forward|trust|remember|recognise|recognize|get|ask|are proud|are happy|"
     r"have the energy)\b", 2.5, "you + a verb of experience: something the person does or feels"),
    (r"\b(?:feel|feels|feeling|felt|confident|confidence|calm|calmer|proud|pride|happy|happier|joy|"
     r"love|loved|loves|relaxed|relief|safe|secure|security|peace of mind|free|freedom|belong|belonging|"
     r"at home|rested|fresh|comfortable|comfort|pleasure|delight|enjoy|enjoying|enjoyment|guilt|dread|"
     r"worry|worrying|worries|stress|stressed|anxious|knot in your stomach|sleeping easy|sleep easy|"
     r"look forward|smile|smiles|fun|excited|grateful|trust|deserve|rested|energy|quiet|peaceful|cosy|cozy|"
     r"like a local|like yours|like home)\b", 2.0, "a feeling the person has"),
    (r"\b(?:save|saves|saving|saved|more time|less time|hours for|evening free|on time|earlier|faster for you|"
     r"lower (?:\w+ )?bills|cheaper|money|without (?:\w+ing|the|a|worrying|noticing|thinking)|instead of|"
     r"no more|never again|stop(?:s)? (?:\w+ing)|finally|again\b)", 2.0,
     "time, money or effort the person gets back"),
    (r"\b(?:your|our|my|their)\s+(?:kids?|children|child|daughter|son|baby|toddler|family|families|"
     r"friends?|partner|parents|mother|mum|mom|father|dad|grandma|grandmother|grandparents|grandchildren|"
     r"grandfather|wife|husband|team|clients|customers|guests|dog|cat|home|house|holiday|wedding|life|"
     r"weekend|evening|morning|day|week|own)\b",
     2.0, "the person's own life and people"),
    (r"\b(?:kids|children|family|friends|people you love|someone you love|loved ones|guests|everyone|"
     r"together|memories|ritual|moment|sunday|saturday|weekend|holiday|bedtime|campfire|party|"
     r"grandma's|the whole family)\b", 1.5, "a moment in the person's life"),
    (r"^\s*(?:\w+ing)\b(?! (?:with|made|from)\b)", 1.0, "starts with something the person is doing"),
    (r"\b(?:getting|being|going|keeping|letting|arriving|crossing|playing|picking|watching|walking|"
     r"waking|reading|driving|working|speaking|remembering|exploring|eating|ending|falling asleep|"
     r"spending|giving|hanging|leaving|retiring|finishing|breathing|sleeping|staying|understanding)\b",
     1.5, "an experience, not a part"),
    (r"\b(?:you|your|yours|yourself)\b", 1.0, "speaks about the person, not the product"),
)

# Slogans and hype: big words that promise nothing a person can picture.
HYPE_CUES: tuple[tuple[str, float, str], ...] = (
    (r"\b(?:be the best|the best|best[- ]in[- ]class|world[- ]class|number one|#1|no\. ?1|change the world|"
     r"changing the world|revolutionary|revolutionise|revolutionize|game[- ]changer|game[- ]changing|"
     r"disrupt|disruptive|unleash|next level|cutting[- ]edge|innovative|innovation|excellence|excellent|"
     r"ultimate|limitless|unlimited potential|dream big|synergy|leading|market[- ]leading|premium quality|"
     r"the future of|make history|legendary|epic|unstoppable|greatness|be amazing|amazing|awesome|"
     r"incredible|empower(?:ing|ment)?|transform(?:ative|ing)? (?:lives|the world|everything))\b",
     1.0, "a slogan: big words that name nothing a person can picture"),
)


def _compile(cues):
    return tuple((re.compile(p, re.IGNORECASE), wgt, why) for p, wgt, why in cues)


@functools.cache
def _cues() -> dict[str, tuple]:
    """The cue lists, compiled when a rung is first read (about 10 ms: not at import, while a lesson opens)."""
    return {"feature": _compile(FEATURE_CUES), "benefit": _compile(BENEFIT_CUES), "hype": _compile(HYPE_CUES)}


@dataclass(frozen=True)
class Cue:
    """One piece of evidence: where it is, the words, which way it points and why."""

    start: int
    end: int
    words: str
    points_to: str  # "feature" | "benefit" | "hype"
    why: str


@dataclass(frozen=True)
class RungVerdict:
    """How one rung reads: its kind, the cues that decided it and a reason.

    Cue spans index ``text``: the rung after cleaning (control characters dropped, capped at
    MAX_RUNG_CHARS), which is the input itself for ordinary text.
    """

    text: str
    kind: str  # "feature" | "benefit" | "unclear"
    cues: tuple[Cue, ...]
    reason: str
    hype: bool = False
    note: str | None = None

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((c.start, c.end) for c in self.cues)

    @property
    def cue_words(self) -> tuple[str, ...]:
        return tuple(c.words for c in self.cues)


def _scan(patterns, text: str, points_to: str) -> tuple[float, list[Cue]]:
    score, cues, taken = 0.0, [], []
    for pattern, weight, why in patterns:
        for m in pattern.finditer(text):
            start, end = m.span()
            if end <= start or any(s < end and start < e for s, e in taken):
                continue  # each stretch of text counts once per direction
            taken.append((start, end))
            score += weight
            cues.append(Cue(start, end, text[start:end], points_to, why))
    return score, cues


def classify_rung(text: object) -> RungVerdict:
    """Say whether a rung is feature language (the product) or benefit language (the person).

    >>> classify_rung("A cordless drill with a 18 V battery").kind
    'feature'
    >>> classify_rung("So you can hang the picture your mother painted").kind
    'benefit'
    >>> classify_rung("").kind
    'unclear'
    """
    clean, note = clean_text(text, MAX_RUNG_CHARS)
    if not re.search(r"[^\W\d_]", clean):
        return RungVerdict(clean, "unclear", (), "Write a few words for this rung.", note=note)
    cues = _cues()
    f_score, f_cues = _scan(cues["feature"], clean, "feature")
    b_score, b_cues = _scan(cues["benefit"], clean, "benefit")
    h_score, h_cues = _scan(cues["hype"], clean, "hype")
    if h_cues and h_score >= max(f_score, b_score - 1.0):
        return RungVerdict(clean, "unclear", tuple(h_cues),
                           "This reads like a slogan. Which change in a real person's day does it promise?",
                           hype=True, note=note)
    if b_score > f_score:
        kind, cues = "benefit", b_cues
        reason = "Benefit language: it says what the person gets, feels or can do."
    elif f_score > b_score:
        kind, cues = "feature", f_cues
        reason = "Feature language: it describes the product (what it is, has or does), not the person."
    elif f_score == 0:
        # No cue either way: a bare noun phrase names a thing; a phrase with a person in it is about them.
        if re.search(r"\b(?:you|your|people|we|our|i|my|me)\b", clean, re.IGNORECASE):
            kind, cues, reason = "benefit", (), "No strong cue, but it talks about a person."
        else:
            kind, cues, reason = "feature", (), ("No person in it, so it reads as a thing: the product. "
                                                 "Add what the person gets (\"so you can…\").")
    else:
        kind, cues = "unclear", f_cues + b_cues
        reason = "Equal pulls both ways: it mixes what the product has with what the person gets."
    cues = sorted(cues, key=lambda c: c.start)
    return RungVerdict(clean, kind, tuple(cues), reason, hype=bool(h_cues), note=note)


# ------------------------------------------------------------------ the whole ladder

_STOP = frozenset("a an the and or of to for in on at with your you my our their it is are be so that "
                  "can will this these those from by as into more less".split())


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return {w.rstrip("s") if len(w) > 4 else w for w in words if w not in _STOP}


def similarity(a: str, b: str) -> float:
    """Overlap of content words (Jaccard); 1.0 for the same words in any order.

    >>> similarity("Save time every day", "Saves time each day") > 0.5
    True
    """
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


DUPLICATE_AT = 0.6


@dataclass(frozen=True)
class RungIssue:
    """A problem with one rung (1-based position, bottom = 1) and why it matters."""

    position: int
    problem: str  # "feature-top" | "duplicate" | "slogan" | "step-down" | "unclear" | "empty"
    says: str


@dataclass(frozen=True)
class LadderFeedback:
    """The whole ladder judged: overall Feedback, each rung's verdict, the issues, and the essence."""

    feedback: Feedback
    verdicts: tuple[RungVerdict, ...]
    issues: tuple[RungIssue, ...]
    essence: str

    @property
    def status(self) -> str:
        return self.feedback.status


def _quote(text: str, limit: int = 60) -> str:
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def check_ladder(rungs: list[str] | tuple[str, ...] | None) -> LadderFeedback:
    """Judge a ladder (bottom first: the product, then each "so that…?" answer; top = brand essence).

    >>> check_ladder(["A cordless drill", "A clean hole in the wall", "Hanging the picture your mother painted",
    ...               "A home that feels like yours"]).status
    'correct'
    >>> check_ladder(["A drill", "A clean hole", "A cordless drill with a 18 V battery"]).issues[0].problem
    'feature-top'
    """
    raw = [r for r in (rungs or []) if isinstance(r, str)]
    texts = [clean_text(r, MAX_RUNG_CHARS)[0].strip() for r in raw][:MAX_RUNGS]
    texts = [t for t in texts if t]
    if not texts:
        fb = Feedback("empty", "Start at the bottom: name your product or service, then ask “so that…?”.")
        return LadderFeedback(fb, (), (), "")
    verdicts = tuple(classify_rung(t) for t in texts)
    essence = texts[-1]
    if len(texts) == 1:
        fb = Feedback("empty", "Good start. Now ask “so that…?” and add the next rung above it.",
                      ("The bottom rung is what you sell; each rung above answers “so that…?” of the one below.",))
        return LadderFeedback(fb, verdicts, (), "")
    issues: list[RungIssue] = []
    for i, (text, v) in enumerate(zip(texts, verdicts), 1):
        if i > 1 and v.hype:
            issues.append(RungIssue(i, "slogan", f"Rung {i} {_quote(text)} jumps to a slogan "
                                    f"({', '.join(v.cue_words[:3])}). Name what changes for one real person."))
        for j in range(1, i):
            if similarity(text, texts[j - 1]) >= DUPLICATE_AT or text.lower() == texts[j - 1].lower():
                issues.append(RungIssue(i, "duplicate", f"Rung {i} {_quote(text)} repeats rung {j} in other "
                                        "words. Ask “so that…?” again to climb instead of restating."))
                break
    top = verdicts[-1]
    n = len(texts)
    if top.kind == "feature":
        words = ", ".join(top.cue_words[:3]) or "product words"
        issues.append(RungIssue(n, "feature-top", f"The top rung {_quote(essence)} is still about the product "
                                f"({words}). Ask “so that…?” until you reach what the person gets."))
    elif top.kind == "unclear" and not top.hype:
        issues.append(RungIssue(n, "unclear", f"The top rung {_quote(essence)} is hard to read as a benefit: "
                                "say what the person feels, gains or can do."))
    for i in range(2, n):  # a middle rung that drops back to product talk above a benefit
        if verdicts[i - 1].kind == "feature" and verdicts[i - 2].kind == "benefit":
            issues.append(RungIssue(i, "step-down", f"Rung {i} {_quote(texts[i - 1])} steps back down to the "
                                    "product after a benefit. Each rung should answer “so that…?” of the one below."))
    issues.sort(key=lambda x: x.position)
    if any(x.problem in ("feature-top", "slogan") for x in issues):
        fb = Feedback("incorrect", "Not a benefit ladder yet.", tuple(x.says for x in issues))
    elif issues:
        fb = Feedback("partial", "Nearly: fix the rung named below.", tuple(x.says for x in issues))
    elif n < 3:
        fb = Feedback("partial", "It climbs. Ask “so that…?” once or twice more to reach the brand essence.",
                      (f"Top so far: {_quote(essence)}.",))
    else:
        fb = Feedback("correct", f"It climbs from the product to what a person lives: your brand essence is "
                      f"{_quote(essence, 120)}.",
                      ("Test it: could a customer feel this? Would a competitor's product promise the same?",))
    return LadderFeedback(fb, verdicts, tuple(issues), essence)


def ladder_result(rungs: list[str]) -> dict:
    """The plan entry for a ladder: bottom rung first, the top labelled as the brand essence.

    >>> ladder_result(["A drill", "A hole"])["essence"]
    'A hole'
    """
    items = [[f"Rung {i}", r] for i, r in enumerate(rungs, 1)]
    if len(items) >= 2:
        items[-1] = ["Brand essence", rungs[-1]]
    return {"title": "Benefit ladder", "items": items, "rungs": list(rungs),
            "essence": rungs[-1] if len(rungs) >= 2 else ""}


# ------------------------------------------------------------------ content

@dataclass(frozen=True)
class LabeledRung:
    id: str
    kind: str
    domain: str
    text: str
    note: str


@functools.lru_cache(maxsize=None)
def load_rungs(relative: str = "lesson02/rungs.yaml") -> tuple[LabeledRung, ...]:
    """Labeled rungs (feature/benefit, with a note) for measuring the classifier.

    >>> len(load_rungs()) >= 150
    True
    """
    raw = read_yaml(relative)
    out = []
    for i, rec in enumerate(require(raw, "rungs", relative, list)):
        where = f"{relative} rung {i}"
        rung = LabeledRung(id=require(rec, "id", where), kind=require(rec, "kind", where),
                           domain=require(rec, "domain", where), text=require(rec, "text", where),
                           note=require(rec, "note", where))
        if rung.kind not in ("feature", "benefit"):
            raise ContentError(f"{where}: kind '{rung.kind}' should be feature or benefit")
        out.append(rung)
    unique_ids(out, relative)
    return tuple(out)


def accuracy(rungs) -> float:
    """Share of labeled rungs classified as labeled ("unclear" counts as a miss)."""
    rungs = list(rungs)
    return sum(classify_rung(r.text).kind == r.kind for r in rungs) / len(rungs) if rungs else 0.0


@dataclass(frozen=True)
class WorkedLadder:
    id: str
    title: str
    rungs: tuple[str, ...]
    comment: str


@dataclass(frozen=True)
class LadderSpec:
    id: str
    prompt: str
    examples: tuple[WorkedLadder, ...]
    hints: tuple[str, ...]
    model_answer: tuple[str, ...]
    known_wrong: tuple[tuple[str, ...], ...]
    state_hints: dict  # ladder state (see ``ladder_state``) -> the hint that fits it

    def example(self, example_id: str) -> WorkedLadder | None:
        return next((e for e in self.examples if e.id == example_id), None)


@functools.lru_cache(maxsize=None)
def load_ladder(relative: str = "lesson02/ladder.yaml") -> LadderSpec:
    """The benefit ladder exercise: worked examples (the drill first), hints, a model answer.

    >>> load_ladder().examples[0].id
    'drill'
    """
    raw = read_yaml(relative)
    examples = []
    for i, rec in enumerate(require(raw, "examples", relative, list)):
        where = f"{relative} example {i}"
        rungs = tuple(require(rec, "rungs", where, list))
        if len(rungs) < 3 or not all(isinstance(r, str) and r.strip() for r in rungs):
            raise ContentError(f"{where}: a worked ladder needs at least three non-empty rungs")
        examples.append(WorkedLadder(require(rec, "id", where), require(rec, "title", where), rungs,
                                     require(rec, "comment", where)))
    unique_ids(examples, relative)
    return LadderSpec(
        id=require(raw, "id", relative), prompt=require(raw, "prompt", relative), examples=tuple(examples),
        hints=tuple(require(raw, "hints", relative, list)),
        model_answer=tuple(require(raw, "model_answer", relative, list)),
        known_wrong=tuple(tuple(k) for k in require(raw, "known_wrong", relative, list)),
        state_hints=_state_hints(require(raw, "state_hints", relative, dict), relative),
    )


LADDER_STATES = ("empty", "one-rung", "feature-top", "slogan", "duplicate", "step-down", "unclear", "short", "done")


def _state_hints(raw: dict, where: str) -> dict:
    missing = [s for s in LADDER_STATES if not isinstance(raw.get(s), str) or not raw[s].strip()]
    if missing or set(raw) - set(LADDER_STATES):
        raise ContentError(f"{where}: state_hints needs one hint for each of {LADDER_STATES}")
    return dict(raw)


def ladder_state(rungs) -> str:
    """Where a ladder stands, for choosing the hint that fits it (one of ``LADDER_STATES``).

    The most pressing problem wins: a slogan or a product-talk top before a repeat or a step down.

    >>> ladder_state([]), ladder_state(["A drill"]), ladder_state(["A drill", "Be the best drill ever"])
    ('empty', 'one-rung', 'slogan')
    """
    judged = check_ladder(rungs)
    if judged.status == "correct":
        return "done"
    texts = [r for r in (rungs or []) if isinstance(r, str) and r.strip()]
    if not texts:
        return "empty"
    if len(texts) == 1:
        return "one-rung"
    problems = [i.problem for i in judged.issues]
    for state in ("slogan", "feature-top", "duplicate", "step-down", "unclear"):
        if state in problems:
            return state
    return "short"


def hint_for(spec: "LadderSpec", rungs) -> str:
    """The hint that fits the ladder as it stands.

    >>> hint_for(load_ladder(), []).startswith("Start with the thing itself")
    True
    """
    return spec.state_hints[ladder_state(rungs)]


# ------------------------------------------------------------------ display (escaped HTML, no widgets)

MARK_STYLE = {  # background, text colour, word: at least 4.5:1 contrast, and never colour alone
    "feature": ("#dde7fb", "#173a73", "feature cue"),
    "benefit": ("#d8f3dc", "#1b4332", "benefit cue"),
    "hype": ("#ffd6d6", "#7a0000", "slogan cue"),
    "match": ("#d8f3dc", "#1b4332", "fits your culture"),
    "clash": ("#ffd6d6", "#7a0000", "clashes with your culture"),
    "direction": ("#dde7fb", "#173a73", "direction cue"),
    "relationship": ("#d8f3dc", "#1b4332", "relationship cue"),
    "solution": ("#ffe3d6", "#7a2600", "solution cue"),
}


def marked_html(text: str, marks) -> str:
    """Escape ``text`` and wrap each (start, end, kind) span in a titled <mark>; first mark wins on overlap.

    >>> marked_html("<b> so you can", [(4, 10, "benefit")]).startswith("&lt;b&gt; <mark")
    True
    """
    from html import escape

    out, pos = [], 0
    for start, end, kind in sorted(marks, key=lambda m: (m[0], -m[1])):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        bg, fg, word = MARK_STYLE[kind]
        out.append(escape(text[pos:start]))
        out.append(f"<mark class='sll-cue sll-cue-{kind}' title='{word}' "
                   f"style='background:{bg};color:{fg};padding:0 2px;border-radius:3px'>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


KIND_BADGE = {"feature": ("#dde7fb", "#173a73"), "benefit": ("#d8f3dc", "#1b4332"),
              "unclear": ("#eef1f4", "#2b2f33")}


def verdict_html(verdict: RungVerdict, label: str = "") -> str:
    """One rung: a badge naming its kind in words, the text with its cues marked, and the reason."""
    from html import escape

    bg, fg = KIND_BADGE[verdict.kind]
    kind = "slogan" if verdict.hype and verdict.kind == "unclear" else verdict.kind
    badge = (f"<span style='background:{bg};color:{fg};border-radius:10px;padding:0 8px;font-size:0.85em;"
             f"white-space:nowrap'>{escape(kind)}</span>")
    marks = [(c.start, c.end, c.points_to) for c in verdict.cues]
    cues = ", ".join(f"“{escape(c.words)}” ({escape(c.why)})" for c in verdict.cues[:4])
    why = f"<div style='font-size:0.85em;color:#4a5260'>{escape(verdict.reason)}{' Cues: ' + cues if cues else ''}</div>"
    head = f"<strong>{escape(label)}</strong> " if label else ""
    return (f"<div class='sll-rung' data-kind='{verdict.kind}' style='margin:3px 0;overflow-wrap:anywhere'>"
            f"{head}{badge} {marked_html(verdict.text, marks)}{why}</div>")
