"""Helpfulness: tips, lessons, stories and specifics the reader can use."""

from __future__ import annotations

import re

from .report import NAAMAN, Signal, _signal
from .text import _Post, _find, _lexicon

# --- helpfulness --------------------------------------------------------------------------------
_TIP_VERBS = frozenset((
    "add", "aim", "ask", "avoid", "batch", "bury", "cancel", "change", "check", "circle", "cook", "curl", "cut", "delete",
    "do", "don't", "drink", "eat", "end", "film", "focus", "give", "go", "hand", "keep", "lay", "leave", "let", "limit",
    "list", "log", "look", "lower", "make", "match", "mention", "move", "name", "never", "note", "pack", "pick", "plan",
    "plant", "practise", "practice", "put", "quote", "read", "record", "remember", "rest", "rewrite", "rinse", "roll",
    "salt", "say", "set", "shoot", "skip", "sleep", "slow", "snip", "speak", "spend", "start", "stick", "swap", "take",
    "talk", "tell", "test", "track", "treat", "try", "turn", "use", "wait", "walk", "watch", "water", "write", "expose",
    "deadhead", "freeze", "parboil", "stretch", "breathe", "choose", "find", "hold", "learn", "remove", "replace",
    "review", "prune", "mulch", "measure", "label", "pause", "reread", "work", "ship", "copy", "compare", "count", "save",
    "sit", "stand", "open", "close", "drop", "space", "sow", "feed", "wash", "soak", "season", "taste", "stir", "mix",
    "whisk", "chop", "bake", "roast", "boil", "fry", "heat", "cool", "store", "repeat", "reply", "praise", "listen",
    "show", "block", "protect", "budget", "automate", "pay", "invest", "negotiate", "apologise", "apologize", "notice",
    "celebrate", "forget", "mark", "hire"))
# Words that open a clause without being an instruction to the reader, or that instruct only to sell.
_NOT_TIPS = frozenset((
    "i", "you", "we", "they", "he", "she", "it", "this", "that", "these", "those", "there", "here", "my", "your", "our",
    "their", "his", "her", "its", "the", "a", "an", "and", "but", "or", "so", "if", "when", "while", "because", "as", "at",
    "by", "for", "from", "in", "on", "of", "to", "with", "without", "about", "after", "before", "until", "since", "just",
    "also", "even", "only", "still", "now", "then", "not", "no", "yes", "thank", "thanks", "meet", "follow", "join",
    "tag", "like", "share", "comment", "subscribe", "buy", "shop", "order", "book", "grab", "download", "click", "visit",
    "come", "discover", "experience", "unlock", "transform", "enjoy", "welcome", "introducing", "reserve", "secure",
    "claim", "register", "enroll", "enrol", "apply", "sign", "happy", "merry", "congrats", "congratulations", "proud",
    "another", "every", "each", "all", "some", "most", "more", "less", "one", "two", "three", "what", "which", "who",
    "how", "why", "where", "today", "tomorrow", "tonight", "yesterday", "please", "hey", "hi", "hello", "dear",
    "imagine", "say", "stay", "let", "get"))
_OBJECT = frozenset(("your", "yours", "yourself", "the", "a", "an", "one", "two", "three", "it", "them", "every", "each",
                 "this", "that", "these", "those", "some", "what", "who", "how", "up", "down", "out", "off", "back",
                 "before", "after", "until", "with", "something", "anything", "everything", "any", "less", "more"))
_SELLING_NEXT = frozenset(("now", "today", "tonight", "yours"))
_AND_OBJECT = frozenset(("it", "them", "your", "the", "a", "an"))
# A tip opens a sentence or a clause ("If your planner is empty, try a smaller one."): an imperative there
# speaks to the reader, the same verb mid-sentence usually describes. The regex only finds the word that
# opens each clause and the two after it; _imperatives() decides in Python with set look-ups, which is far
# cheaper than a 200-verb alternation tried at every space.
_CLAUSE_START = re.compile(
    r"(?:^|(?=[\s.!?:;,])(?:[.!?]++\s+|\n\s*|[:;]\s+|,\s+(?:then\s+|and\s+)?|\s[-\u2013\u2014]\s|\s+then\s+)"
    r"|(?<=\s)(?P<joined>and)\s+)(?:[^\w\s]\s*+){0,6}+(?P<verb>[a-z]+(?:'t)?)(?![\w'])"
    r"(?:\s+(?P<next>[a-z']+)(?:\s+(?P<then>[a-z']+))?)?", re.ASCII)


def _is_plain_verb(word: str) -> bool:
    """Shaped like a bare verb: not a function word, not -ed, -ing or a plural-looking -s."""
    return (len(word) >= 2 and word not in _NOT_TIPS and not word.endswith(("ed", "ing"))
            and not (word.endswith("s") and not word.endswith("ss")))


def _imperatives(low: str) -> list[tuple[int, int]]:
    """Spans of the verbs that open a clause as an instruction to the reader."""
    found = []
    for m in _CLAUSE_START.finditer(low):
        verb, after, then = m["verb"], m["next"], m["then"]
        if m["joined"]:
            # a second instruction joined by "and": "Freeze the herbs and drop a cube in the pan."
            ok = (verb in _TIP_VERBS or _is_plain_verb(verb)) and after in _AND_OBJECT
        elif verb in _TIP_VERBS:
            # "Book now", "Check out my course", "Follow me for more" instruct only to sell
            ok = not (after in _SELLING_NEXT or (after == "out" and then in ("my", "our"))
                      or (after in ("me", "us") and then == "for"))
        else:
            ok = _is_plain_verb(verb) and after in _OBJECT
        if ok:
            found.append(m.span("verb"))
    return found


# Everything else that helps, one kind per group (at one place the first kind listed wins).
_HELP = _lexicon(
    # a tip announced as one: "Quick editing tip:", "A small habit that…", "try this"
    frame=(
        r"(?<!more\s)(?<!daily\s)(?:tip|trick|rule|habit|fix|technique|reminder|lesson|routine|ritual|practice|exercise|"
        r"advice|idea|takeaway)s?\b(?=\s*(?::|for\b|that\b|from\b|i\b|to\b|is\b|was\b))",
        r"try\s+(?:this|it)\b", r"here'?s\s+(?:how|what|why)\b", r"how\s+to\b",
    ),
    # advice without an imperative: "Your headline should say who you help", "it doesn't have to be fancy"
    advice=(
        r"should(?:n'?t)?\b", r"ought\s+to\b", r"make\s+sure\b", r"it\s+helps\s+to\b", r"the\s+best\s+way\s+to\b",
        r"(?:doesn'?t|don'?t)\s+(?:have|need)\s+to\b", r"no\s+need\s+to\b",
    ),
    # a lesson, a turning point, or encouragement for someone in the middle of it
    lesson=(
        r"lessons?\b", r"what\s+(?:finally\s+|really\s+|actually\s+|eventually\s+)?(?:helped|worked|changed|fixed|saved)\b",
        r"things?\s+that\s+(?:helped|worked|changed|fixed|saved)\b", r"(?:changed|saved|fixed)\s+(?:my|our|how)\b",
        r"until\s+(?:i|we|someone|a\s+friend|my\s+\w+)\b", r"(?:i|we)\s+(?:started|stopped|switched|began|tried)\b",
        r"took\s+(?:me\s+|us\s+)?(?:about\s+|only\s+|nearly\s+|almost\s+)?(?:a|an|one|two|three|\d+)\s+"
        r"(?:days?|weeks?|months?|years?|tries|attempts)\b",
        r"took\s+me\b", r"(?:i|we)\s+(?:learned|learnt|realised|realized|discovered)\b", r"turn(?:s|ed)\s+out\b",
        r"now\s+i\b", r"since\s+then\b", r"ever\s+since\b", r"haven'?t\b[\w\s']{1,30}\bsince\b", r"the\s+(?:trick|key)\s+is\b",
        r"i\s+wish\s+i(?:'d|\s+had)\b", r"if\s+i\s+could\b", r"what\s+changed\b", r"helped\s+(?:me|us)\b",
        r"worth\s+(?:a\s+try|trying|it)\b",
        r"the\s+(?:best|worst|smartest|hardest|most\s+useful)\s+(?:thing|decision|move|advice|lesson)\b",
        r"(?:told|taught|showed)\s+me\b", r"it'?s\s+(?:ok|okay|fine|normal)\s+to\b", r"stopped\b", r"switched\b", r"beats\b",
        r"hang\s+in\s+there\b", r"you'?re\s+not\s+alone\b", r"it\s+(?:gets|does\s+get)\s+(?:easier|better)\b",
        r"it\s+does\s+end\b", r"be\s+(?:kind|gentle|patient)\s+(?:to|with)\s+yourself\b", r"give\s+yourself\b",
    ),
    # numbers with units: what makes a tip something you can actually do
    specific=(
        r"(?:\d+(?:[.,:/]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
        r"forty|sixty|ninety|half\s+an?)\s*-?\s*(?:minutes?|mins?|seconds?|secs?|hours?|hrs?|days?|nights?|weeks?|"
        r"months?|times\s+a\s+(?:day|week|month)|rounds?|sets?|reps?|cups?|tbsp|tsp|tablespoons?|teaspoons?|grams?|g|kg|"
        r"lbs?|pounds?|ml|litres?|liters?|degrees|times|metres?|meters?|cm|mm|inches|feet|ft|km|miles?|k|bpm|steps?|"
        r"pages?|words|knuckles?|handfuls?|parts?|pinch(?:es)?|fingers?|tasks?|questions?|people|calls?|batches|bags?|"
        r"portions?|calories|kcal|choices|options|things|sentences?|lines?|photos?)\b",
        r"(?:a|per|each|every)\s+(?:day|week|month|night|morning|evening|meal|set|side|paycheck|payday)\b",
        r"\d+(?:\.\d+)?\s?%(?!\s?off)", r"[$\u20ac\u00a3]\s?\d[\d,.]*k?\b", r"\d{1,2}:\d{2}\b", r"\d{1,2}\s?(?:am|pm)\b",
        r"f/\d+(?:\.\d)?\b",
    ),
    # a reason or an example
    explain=(
        r"(?:because|so\s+that|which\s+means|that'?s\s+why|the\s+reason|otherwise|instead\s+of|rather\s+than|"
        r"so\s+(?:you|your|the|they|it)|gives?\s+(?:you|the|them|people)|helps?\s+(?:you|your|them|people)|"
        r",\s+not\s+(?:the|a|an|on|in|your|just)|not\s+just|for\s+example|for\s+instance|example:|e\.g\.|"
        r"that'?s\s+(?:the\s+only|how|what|why|where|when))(?!\w)",
    ),
    # a moment from daily life
    story=(
        r"last\s+(?:week|month|year|spring|summer|autumn|fall|winter|night|weekend|time)\b", r"yesterday\b",
        r"this\s+morning\b", r"i\s+once\b", r"years\s+ago\b", r"when\s+(?:i|my|our|we)\b",
        r"my\s+(?:first\s+|old\s+|new\s+|former\s+)?(?:son|daughter|kids?|dad|father|mom|mum|mother|grandmother|grandma|"
        r"grandfather|grandpa|manager|boss|team|partner|wife|husband|friend|coach|mentor|colleague|neighbou?r)\b",
        r"a\s+friend\b", r"for\s+the\s+first\s+time\b", r"\w+\s+(?:years?|months?|weeks?)\s+later\b", r"i\s+used\s+to\b",
        r"used\s+to\s+(?:feel|think|be|treat|believe)\b",
    ),
    # an honest admission: people trust a voice that admits what went wrong
    honest=(
        r"honest(?:ly)?\b", r"i\s+was\s+wrong\b", r"got\s+wrong\b", r"mistakes?\b", r"failed\b", r"failure\b",
        r"struggl\w+", r"still\s+(?:not\s+sure|learning|figuring|processing)\b", r"felt\s+(?:terrible|awful|rude|awkward|like)\b",
        r"stung\b", r"embarrass\w*", r"awkward\b", r"i\s+don'?t\s+know\b", r"not\s+for\s+everyone\b", r"ruined\b",
        r"killed\b", r"broke\b", r"messed\s+up\b", r"wrecking\b", r"painful\b", r"rough\b", r"not\s+sure\b",
    ),
    # a sequence: "1)", "step 2", "then", "until it…", "before you…"
    steps=(
        r"\d[.)](?=\s)", r"step\s+\d+\b", r"first(?:ly)?,", r"second(?:ly)?,", r"next,", r"finally,", r"then\b",
        r"(?:until|once|before|after|when)\s+(?:it|the|they|you|your)\b",
    ),
    # what the reader will find or can do
    you=(r"you(?:'ll|\s+will|\s+can|\s+could|\s+might|\s+should|\s+don'?t\s+(?:need|have|owe))\b(?!\s+too\b)",),
)
# (kind, points per hit, most hits counted): tips and lessons weigh most; one reason or story is enough.
_HELP_WEIGHTS = (("tip", 2, 3), ("lesson", 2, 2), ("specific", 1, 2), ("explain", 1, 1), ("story", 1, 1),
                 ("honest", 1, 1), ("steps", 1, 1), ("you", 1, 1))


def _helpfulness(p: _Post, blocked: set[int], selling: bool) -> tuple[Signal, int]:
    """Tips, lessons, stories and specifics, none of them counted inside a sales, bait or hype sentence."""

    found = _find(_HELP, p.low)
    found["tip"] = _imperatives(p.low) + found.pop("frame") + found.pop("advice")
    score, spans, counted = 0, [], {}
    for kind, points, most in _HELP_WEIGHTS:
        kept = [sp for sp in found[kind] if p.sentence_of(sp[0]) not in blocked]
        spans += kept
        counted[kind] = min(len(kept), most)
        score += points * counted[kind]
    n_extras = sum(counted[k] for k in ("explain", "story", "honest", "steps", "you"))
    found = [w for w, n in (("a tip", counted["tip"]), ("a lesson", counted["lesson"]),
                            ("specifics", counted["specific"]), ("a reason, a story or an honest detail", n_extras)) if n]
    if score >= 3:
        light = "green"
        why = f"It gives the reader something to use ({', '.join(found)}); {NAAMAN}."
        move = "Keep it; one concrete example makes it even easier to act on."
    else:
        light = "red" if score == 0 and selling else "amber"
        why = ("There is nothing here the reader can use: no tip, lesson, story or specific." if score == 0 else
               f"There is a little to use ({', '.join(found)}), but not yet a tip or lesson someone could act on.")
        move = "Add one specific thing the reader can try today: a step, a number, or what you learned the hard way."
    return _signal("helpfulness", light, spans, why, move), score

