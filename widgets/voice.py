"""The voice meter: reads a post and explains whether it sounds like a bullhorn or a walkie-talkie."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

__all__ = [
    "LIGHT_LEVEL", "LIGHT_ORDER", "MAX_CHARS", "SIGNAL_LABELS", "SIGNAL_NAMES",
    "Change", "Comparison", "Signal", "VoiceReport", "analyze", "compare",
]

# Worst to best, so a chart can plot "higher is better": red 0, amber 1, green 2.
LIGHT_ORDER = ("red", "amber", "green")
LIGHT_LEVEL = {light: level for level, light in enumerate(LIGHT_ORDER)}

# Display order: what decides the verdict first, conventions (length, readability) last.
SIGNAL_LABELS = {
    "audience": "Who it's about",
    "invitation": "Invitation to reply",
    "helpfulness": "Helpfulness",
    "hard_sell": "Hard sell",
    "shouting": "Shouting",
    "hype": "Hype",
    "announcement": "Announcing, not talking",
    "stuffing": "Hashtags, links and tags",
    "length": "Length",
    "readability": "Readability",
}
SIGNAL_NAMES = tuple(SIGNAL_LABELS)

# Longer posts are read only this far: the meter must stay instant while a learner types.
MAX_CHARS = 5000

EMPTY_NOTE = "Write or paste a post to see its voice."

NAAMAN = ("in Naaman, Boase & Lai's 2010 study about 80% of users posted mostly about themselves, and the "
          "informers who shared useful things had larger networks and were more conversational")
DE_VRIES = ("in de Vries, Gensler & Leeflang's 2012 study of brand pages, posts that asked a question "
            "drew more comments")
CLUETRAIN = "the Cluetrain Manifesto's first thesis is that markets are conversations"


@dataclass(frozen=True)
class Signal:
    """One thing the meter listened for: its light, what triggered it, why it matters, what to try."""

    name: str
    label: str
    light: str  # "green" | "amber" | "red"
    spans: tuple[tuple[int, int], ...]  # offsets into the original text: text[start:end] is the trigger
    why: str
    move: str


@dataclass(frozen=True)
class VoiceReport:
    """The meter's reading of one post: a verdict, the reasons for it, and every signal's light."""

    text: str
    status: str  # "ok" | "empty" | "not-english"
    verdict: str | None  # "bullhorn" | "walkie-talkie" | "mixed"; None unless status is "ok"
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]  # all of SIGNAL_NAMES, in that order, when status is "ok"; else empty
    notes: tuple[str, ...]

    def signal(self, name: str) -> Signal | None:
        """The signal called ``name``, or None (always None for an empty or non-English post)."""
        return next((s for s in self.signals if s.name == name), None)

    def tally(self) -> dict[str, int]:
        """How many signals show each light; every light is a key, worst first."""
        counts = dict.fromkeys(LIGHT_ORDER, 0)
        for s in self.signals:
            counts[s.light] += 1
        return counts


@dataclass(frozen=True)
class Change:
    """How one signal moved between two versions of a post."""

    name: str
    label: str
    before_light: str
    after_light: str
    direction: str  # "better" | "worse" | "same"
    says: str


@dataclass(frozen=True)
class Comparison:
    """Two readings side by side, signal by signal, with a one-line summary."""

    before: VoiceReport
    after: VoiceReport
    changes: tuple[Change, ...]  # one per signal in SIGNAL_NAMES order; empty if either text can't be read
    summary: str


# --- text preparation ---------------------------------------------------------------------------
# Every replacement is one character for one character, so an offset in a cleaned copy is an offset
# in the learner's text: curly quotes become straight, control characters become spaces (they then
# match nothing). The lexicons read a lowercased copy of the same length.
_CLEAN_MAP = {0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x201C: '"', 0x201D: '"', 0x7F: " ",
              **{c: " " for c in range(32) if chr(c) not in "\n\t"}}
_CLEAN = str.maketrans(_CLEAN_MAP)
_LOWER = str.maketrans({**_CLEAN_MAP, **{c: chr(c + 32) for c in range(65, 91)}})
_NEEDS_CLEAN = re.compile("[" + "".join(map(chr, _CLEAN_MAP)) + "]")

_SENTENCE = re.compile(r"\S.*?(?:[.!?\u2026]++[\"')\]]*(?=\s|$)|\n|$)", re.S)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_URL = re.compile(r"\bhttps?://[^\s<>\"]+|\bwww\.[^\s<>\"]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
                  r"\.(?:com|org|net|io|co|app|ly|example|dev|me|shop|store|link|page|site|info|biz|gg)"
                  r"(?:/[^\s<>\"]*)?(?![\w.])")
_MAYBE_URL = re.compile(r"\.[a-z]{2,}\b|https?:|www\.")
_HASHTAG = re.compile(r"(?<![\w#&/])#(?!\d+\b)\w+")
_MENTION = re.compile(r"(?<![\w@.])@\w{2,}")

# One emoji is one cluster: a ZWJ family (👩‍👩‍👧), a skin tone or a flag counts once, not three times.
_EMOJI_BASE = ("[0-9#*]\uFE0F?\u20E3|[\U0001F1E6-\U0001F1FF]{2}|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
               "\u231A-\u23FF\u3030\u303D\u3297\u3299]")
_EMOJI_MOD = "[\uFE0E\uFE0F\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]*+"
_EMOJI = f"(?:{_EMOJI_BASE}){_EMOJI_MOD}(?:\u200D(?:{_EMOJI_BASE}){_EMOJI_MOD})*+"
_EMOJI_WALL = re.compile(f"{_EMOJI}(?:\\s*+{_EMOJI}){{2,}}")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _lexicon(**kinds: tuple[str, ...]) -> re.Pattern:
    """Compile lowercase phrase patterns, one named group per kind, tried only where a word starts.

    One guarded scan per signal instead of one per list is what keeps the meter live on every
    keystroke: the guard lets the engine skip mid-word positions at once.
    """
    groups = "|".join(f"(?P<{kind}>{'|'.join(branches)})" for kind, branches in kinds.items())
    # ASCII mode: the lexicons are English words, and ASCII word boundaries are cheaper to test.
    return re.compile(r"(?<![\w'])(?=[\w#$\u20ac\u00a3,])(?:" + groups + ")", re.ASCII)


def _find(lexicon: re.Pattern, text: str) -> dict[str, list[tuple[int, int]]]:
    """Spans of each kind in a lexicon; at one place the first kind listed wins."""
    found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in lexicon.groupindex}
    for m in lexicon.finditer(text):
        found[m.lastgroup].append(m.span())
    return found


# --- language -----------------------------------------------------------------------------------
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024F\u1E00-\u1EFF]")
_EN_WORDS = frozenset("""the a an and or but to of in on for with is are was were be been it its this
that these those i you your my we our me us he she they them their his her what how why who when
where which do does did not no if so at by from as have has had can will just about all more one up
out there than then would could should into over after before because any some every don't it's
i'm you're i've can't""".split())
# Function words of other languages that English never uses ("die", "was", "a" left out on purpose).
_FOREIGN_WORDS = frozenset("""el los las del que y en un una por para con es está están pero muy más
mi tu su sus lo al como cuando porque también hay ser este esta estos yo nosotros hoy todo todos
qué cómo sin sobre ya tiene puede aquí donde der das und ist nicht ich du wir ihr sie mit für auf
ein eine einen zu den dem von auch wie sich noch nur oder aber wenn dann sind bin hat haben kann
mehr sehr heute schon jetzt hier immer mein meine dein deine unser uns bei nach über aus habe wird
werden diese dieser man le les des et est je nous vous pour avec dans une qui pas sur ce cette mais
ou sont très plus mon ma mes ton ta tes votre vos leur c'est j'ai il elle ils du au aux être avoir
não você com muito é são eu nós isso di che per non sono della gli questo molto anche het een niet
ik jij wij zijn voor ook maar""".split())


def _language_note(p: _Post) -> str | None:
    """Why the text is not English, or None: cheap counts, enough to spare a learner a wrong verdict."""
    text = p.text
    # Emoji make most posts non-ASCII; only a letter from another script is worth counting letters for.
    if not text.isascii() and _NON_LATIN_LETTER.search(text):
        letters = len(_LETTER.findall(text))
        if letters >= 4 and len(_LATIN.findall(text)) < 0.6 * letters:
            return "English only for now: this post is mostly in another script, so the meter can't judge its voice."
    low = p.low
    words = [low[s:e] for s, e in p.words]
    english = len([w for w in words if w in _EN_WORDS])
    foreign = len([w for w in words if w in _FOREIGN_WORDS]) + 2 * (("¿" in text) + ("¡" in text))
    # A few foreign names or a "merci" don't make a post foreign: the other language must outweigh English.
    if (foreign >= 2 and foreign > english) or (len(words) >= 5 and english == 0 and foreign >= 1):
        return "English only for now: this post looks like another language, so the meter can't judge its voice."
    return None


# --- who it's about -----------------------------------------------------------------------------
# "Thank you" is gratitude, not a post built around the reader, so it doesn't count as "you".
_PRONOUNS = re.compile(r"(?<![\w'])(?:(?<!thank\s)(?P<you>you(?:'re|'ll|'ve|'d)?|your(?:s|self|selves)?|y'all)"
                       r"|(?P<me>i(?:'m|'ve|'d|'ll)?|me|my|mine|myself|we(?:'re|'ve|'ll|'d)?|us|our|ours|ourselves))(?![\w'])",
                       re.ASCII)

# --- invitation ---------------------------------------------------------------------------------
# Engagement bait asks for a reaction that feeds the algorithm, not for a reply worth reading.
# The keyword form ("comment 'SCALE'", "DM me the word GROWTH") needs the original capitals.
_BAIT_KEYWORD = re.compile(
    r"(?<![\w'])(?:comment|type|reply|drop|dm|message|send|text)\b(?:\s+(?:me|us))?"
    r"(?:\s+(?:the\s+word|with|below|in\s+the\s+comments?))?\s*:?\s*"
    r"(?:\"[^\"\n]{1,20}\"|'[^'\n]{1,20}'|(?P<word>\b[a-z]{2,}\b)(?!['\w]))", re.ASCII)
_REPLIES = _lexicon(
    bait=(
        r"comment\s+(?:yes|if)\b",
        r"tag\s+(?:a|an|your|someone|somebody|some|two|three|\d+|every|the|that|them|this)\b",
        r"(?:like|share|retweet|rt|repost|reblog|save)\b(?:\s+this(?:\s+post)?)?\s+(?:if|and\s+(?:share|follow|tag|comment))\b",
        r"like\s+this\s+post\b", r"like,\s*(?:share|comment|follow|tag|subscribe)\b",
        r"follow\s+(?:me|us|my|our|@\w+)\b", r"follow\s+(?:along\s+)?for\s+(?:more|daily)\b",
        r"don'?t\s+forget\s+to\s+(?:like|share|subscribe|follow|comment)\b",
        r"share\s+(?:this|it)?\s*with\s+(?:a\s+friend|your\s+friends|everyone|someone)\b",
        r"drop\s+(?:an?|your|some)\s+(?:[^\w\s]|hearts?\b|emojis?\b|likes?\b|yes\b|fire\b)",
        r"(?:smash|hit)\s+(?:that|the)\s+(?:like|follow|subscribe|bell)\b", r"double[- ]tap\b",
        r"turn\s+on\s+(?:post\s+)?notifications\b", r"who'?s\s+with\s+me\b", r"vote\s+(?:below|now|in\s+the\s+comments)\b",
    ),
        # invitations that are not questions but still open a conversation
    ask=(
        r"i'?d\s+love\s+to\s+(?:hear|know|learn)\b", r"love\s+to\s+hear\b",
        r"curious\s+(?:how|what|whether|if|to\s+hear|to\s+know|about)\b",
        r"let\s+me\s+know\s+(?:what|how|if|in|below|your)\b", r"tell\s+me\s+(?:about\s+your|what|how|in\s+the\s+comments)\b",
        r"share\s+your\s+(?:tips?|story|stories|experience|thoughts|favou?rites?|take|ideas)\b",
        r"open\s+to\s+(?:any\s+|all\s+|your\s+)?(?:tips|ideas|suggestions|advice|anything)\b",
        r"drop\s+your\s+(?:tips|favou?rites?|questions|thoughts|ideas|best)\b", r"what'?s\s+your\s+take\b",
    ),
)
# Questions that sell or scold rather than ask: the writer already knows the answer they want.
_RHETORICAL = re.compile(
    r"^\W*(?:(?:do\s+you\s+)?want(?:\s+to|\s+more|\s+the|\s+my|\s+a|\s+free|\s+in)\b|wanna\b|ready\s+(?:to|for)\b"
    r"|are\s+you\s+(?:still\s+|so\s+|really\s+)?(?:ready|tired|exhausted|stressed|overwhelmed|struggling|stuck|sick|"
    r"making|losing|wasting|serious|done)\b|need\s+(?:a|an|more|help|the|my)\b|looking\s+for\s+(?:a|an|the)\b"
    r"|(?:who'?s|who\s+is)\s+(?:ready|in|with\s+me)\b|tired\s+of\b|sick\s+of\b|struggling\b|did\s+you\s+know\b"
    r"|who\s+(?:else\s+)?wants\b|guess\s+what\b|ever\s+wondered\b|isn'?t\s+it\s+time\b|can\s+you\s+believe\b"
    r"|which\s+(?:one|side|team)\s+are\s+you\b)"
    r"|\bwhat\s+are\s+you\s+waiting\s+for\b|\bwhy\s+(?:wait|not)\b|^\W*(?:simple|easy|right|agreed?|crazy|see)\W*$")
_GENUINE = re.compile(
    r"^\W*(?:what|what's|whats|which|how|why|who|when|where|whose|anyone|has\s+anyone|does\s+anyone|did\s+anyone"
    r"|is\s+anyone|is\s+it\s+just\s+me|am\s+i\s+the\s+only|any\s+(?:tips|ideas|advice|suggestions|recommendations|"
    r"thoughts)|thoughts|(?:do|does|did|have|has|had|is|are|was|were|would|could|should|can|will|am)\s+\w+)\b"
    r"|\b(?:anyone|anybody|everyone\s+else|y'all|you\s+guys|others)\b|\bjust\s+me\b")

# --- shouting -----------------------------------------------------------------------------------
_CAPS = re.compile(r"(?<![\w'])[A-Z][A-Z']{2,}(?![\w'])")
# Acronyms are how people write, not raised voices.
_ACRONYMS = frozenset("""CEO CTO CFO COO CMO CIO VP HR PR AI USA UK EU UN NYC SEO PDF API SQL HTML CSS
JSON YAML XML HTTP HTTPS URL GPU CPU RAM SSD USB LED DIY FAQ ASAP FYI ETA TBD RSVP KPI OKR ROI CRM SAAS
MVP SDK CLI IDE AWS GCP IOS MBA PHD GPA SAT ACT TV DVD GPS ISO RAW JPEG JPG PNG GIF HDR RGB DSLR
BBQ IRA ETF APR IPO ATM GDP USD EUR GBP VAT IRS HSA FSA NASA NFL NBA FIFA NGO ADHD OCD BMI HIIT AMRAP
EMOM RPE WOD CBT ICU NICU LGBTQ STEM TED UX UI QA CI AM PM TL DR OK DM RT PS NHS FBI CIA BBC MIT NATO
""".split())
_MARKS = re.compile(r"[!?]{2,}+")  # a run counts as shouting when it has a "!" in it: "!!", "?!", "!!!"
_EXCLAIM = re.compile(r"!")

# --- hard sell ----------------------------------------------------------------------------------
_SELL = _lexicon(
    strong=(
        # calls to act now
        r"(?:buy|shop|order|book|enrol+|register|sign\s+up|join|download|subscribe|grab|claim|reserve|secure|apply|"
        r"pre-?order|pre-?save|request|schedule|act|click|open|get)\b(?:\s+[\w'$]+){0,4}?\s+(?:now|today|tonight)\b",
        r"(?:watch|listen|read|stream)\s+(?:it\s+)?now\b", r"(?:message|dm|email|text|contact|call|ping)\s+(?:me|us)\s+(?:now|today|tonight)\b",
        r"link\s+(?:is\s+)?in\s+(?:my\s+|the\s+)?(?:bio|profile|comments?|description)\b",
        r"get\s+(?:yours|your\s+copy)\b", r"order\s+online\b",
        # price, discount and offer
        r"\d{1,3}\s?%\s?off\b", r"(?:on\s+)?sale\b", r"discount(?:ed)?\b", r"promo\b", r"coupon\b", r"clearance\b",
        r"free\s+(?:shipping|trial|consultation|discovery\s+call|class)\b", r"money[- ]back\b", r"lifetime\s+(?:access|deal)\b",
        r"early[- ]?bird\b", r"pre-?(?:order|save)\b", r"(?:join\s+the\s+)?wait\s?list\b", r"terms\s+(?:and\s+conditions\s+)?apply\b",
        r"(?:use|with|enter|apply)\s+(?:my\s+|the\s+|promo\s+|discount\s+)?code\s+\w+",
        r"(?:for|at)\s+(?:just|only)\s+[$\u20ac\u00a3]\s?\d",
        r"join\s+(?:my|our)\s+(?:paid|vip|private|exclusive|premium)\b",
        # scarcity and deadlines
        r"(?:only|just|last)\s+(?:\d+|a\s+few|few|one|two|three|four|five)\s+(?:\w+\s+)?(?:spots?|seats?|places?|dates?|"
        r"slots?|tickets?|copies|units|items|left|remaining)\b",
        r"\d+\s+(?:spots?|seats?|places?|slots?)\s+(?:left|remaining|available)\b",
        r"(?:spots?|seats?|places?|spaces|availability|stock|tickets?)\s+(?:are\s+|is\s+)?(?:limited|selling\s+fast|"
        r"going\s+fast|filling(?:\s+up)?\s+(?:fast|quickly))\b",
        r"limited\s+(?:time|spots|seats|stock|offer|edition|availability|places|spaces|supply)\b",
        r"(?:selling|going|filling(?:\s+up)?)\s+(?:fast|quickly)\b", r"while\s+(?:stocks?|supplies)\s+last\b", r"in\s+stock\b",
        r"once\s+it'?s\s+gone\b", r"before\s+(?:they(?:'re|\s+are)\s+gone|it\s+sells\s+out|they\s+sell\s+out|"
        r"it'?s\s+too\s+late|the\s+(?:sale|offer|price|deal)\s+ends)\b",
        r"sells?\s+out\b", r"won'?t\s+last\b", r"last\s+chance\b", r"hurry\b", r"don'?t\s+miss\s+(?:out|it)\b",
        r"(?:ends?|closes?|expires?|ending)\s+(?:tonight|today|soon|at\s+midnight|this\s+week(?:end)?|"
        r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
        r"(?:today|tonight|this\s+weekend|this\s+week|\d+\s+hours)\s+only\b", r"for\s+the\s+next\s+\d+\s+hours\b",
        r"prices?\s+(?:goes\s+up|go\s+up|doubles|rises?|increases?)\b", r"doors?\s+(?:close|open)\b",
        r"enrol+(?:ment|ing)\s+(?:closes|is\s+(?:now\s+)?open|opens|now)\b", r"now\s+(?:booking|enrol+ing)\b", r"booking\s+now\b",
        r"(?:is|are)\s+(?:now\s+)?open\s+for\s+(?:booking|bookings|enrol+ment|registration)\b",
        # booking the seller
        r"dm\s+(?:me\s+|us\s+)?(?:to|for)\s+(?:book|buy|order|details|pricing|prices|info|more)\b",
        r"book\s+(?:a|your|my|an|me)\s+(?:free\s+)?(?:\w+\s+)?(?:call|session|consultation|demo|spot|place|table|class|"
        r"speaker|showing)\b",
        r"request\s+a\s+(?:free\s+)?demo\b", r"contact\s+(?:me|us)\s+(?:for|to|today)\b",
    ),
        # pointing at your own offer: fine now and then
    soft=(
        r"(?:my|our)\s+(?:[\w-]+\s+)?(?:course|program(?:me)?|ebook|e-book|book|cookbook|masterclass|bootcamp|academy|"
        r"workshop|membership|coaching|newsletter|app|platform|product|shop|store|collection|presets?|templates?|toolkit|"
        r"kit|summit|retreat|challenge|method|blueprint|system|services|catalogue|catalog|menu|podcast|channel|agency|"
        r"studio|firm|brand|website|blog|portfolio)\b",
        r"check\s+(?:it\s+)?out\b", r"learn\s+more\b", r"visit\s+(?:us|our|my)\b", r"available\s+(?:now|today|everywhere)\b",
        r"now\s+available\b", r"out\s+now\b", r"we'?re\s+hiring\b", r"careers\s+page\b",
        r"(?:on|at)\s+(?:our|my)\s+(?:website|site|blog|channel|page|shop|store)\b", r"in\s+my\s+(?:bio|profile)\b",
        r"see\s+(?:why|how)\s+(?:we|our|it|i)\b", r"back\s+in\s+stock\b",
        r"(?<!even\s)(?:only|just)\s+[$\u20ac\u00a3]\s?\d",
    ),
)
_FREE_CAPS = re.compile(r"\bFREE\b")  # "FREE" shouted is an offer; "free" in lower case is often just a word

# --- hype ---------------------------------------------------------------------------------------
_HYPE = _lexicon(
    strong=(
        r"game[- ]?chang(?:er|ing)\b", r"revolution(?:ary|i[sz]es?|i[sz]ing)\b", r"life[- ]?changing\b",
        r"change\s+your\s+life\b", r"transform\s+(?:your|the)\s+\w+", r"insane(?:ly)?\b", r"mind[- ]?blowing\b",
        r"unbelievable\b", r"jaw[- ]?dropping\b", r"\d+x\b", r"guarantee[ds]?\b", r"secrets?\b",
        r"(?:won'?t|don'?t\s+want\s+you\s+to)\s+(?:tell|know)\b", r"one\s+(?:weird\s+)?trick\b", r"hate\s+this\b",
        r"overnight\s+(?:success|results?|growth|sensation|millionaire|transformation)\b",
        r"(?:results|success|rich|famous|viral|transform\w*|change\w*)\s+(?:\w+\s+)?overnight\b", r"instant(?:ly)?\b", r"effortless(?:ly)?\b", r"miracle\b", r"magic(?:al)?\b", r"skyrocket\w*",
        r"crush(?:ing)?\s+it\b", r"beast\s?mode\b", r"best\b[\w\s']{0,25}?\bever\b", r"ever\s+(?:built|created|made|invented)\b",
        r"most\s+(?:powerful|revolutionary|advanced|innovative|amazing|incredible|trusted|competitive)\b", r"#1\b",
        r"number\s+one\b", r"the\s+only\s+\w+\s+you(?:'ll)?\s+(?:ever\s+)?need\b", r"ultimate\b", r"world[- ]class\b",
        r"next[- ]level\b", r"cutting[- ]edge\b", r"unstoppable\b", r"epic\b", r"unleash\w*", r"the\s+future\s+of\b",
        r"the\s+best\s+\w+\s+in\s+(?:town|the\s+\w+)\b", r"we'?re\s+the\s+best\b", r"like\s+no\s+one\s+else\b",
        r"dream\s+(?:jobs?|body|life|home|clients?)\b",
        # income claims and put-downs are the loudest kind of brag
        r"(?:made|make|making|earned|earn|earning)\s+[$\u20ac\u00a3]\s?\d[\d,.]*k?\b",
        r"nobody\s+\w+\s+(?:harder|better|more)\b", r"while\s+(?:you|everyone(?:\s+else)?|others)\s+(?:were|was)\b",
        r"most\s+\w+\s+will\s+never\b",
    ),
    mild=(
        r"(?:amazing|incredible|huge|massive|awesome|stunning|breathtaking|perfection|perfect|powerful|proven|exclusive"
        r"|award[- ]winning|fastest|easiest|hacks?|rockstars?|ninja|hustle|grind(?:ing)?|seamless(?:ly)?|unforgettable"
        r"|unbeatable|irresistible|finest|legendary|obsessed|thrilled|relentless|timeless|innovative|blessed|crush"
        r"|explode)\b",
    ),
)
# "Nothing magic" or "no secret" is the opposite of hype: a negation just before the word cancels it.
_NEGATED = re.compile(r"\b(?:no|not|nothing|never|isn'?t|wasn'?t|aren'?t|without)\s+(?:\w+\s+)?$")

# --- announcing ---------------------------------------------------------------------------------
_ANNOUNCE = _lexicon(
    news=(
        r"(?:thrilled|excited|proud|honou?red|humbled|delighted|pleased|happy)\s+(?:to|that)\b", r"so\s+(?:proud|grateful)\b",
        r"(?:big|huge|exciting|great)\s+news\b", r"we'?re\s+(?:proud|thrilled|excited|live|building)\b", r"introducing\b",
        r"just\s+(?:launched|hit|closed|shipped|won|dropped|released|signed|published|got|finished|started|opened|crossed|"
        r"reached|passed|hired|raised|landed|celebrated|welcomed)\b",
        r"only\s+the\s+beginning\b", r"day\s+one\b",
        r"\d[\d,.]*\s*(?:k|million|thousand)?\+?\s+(?:downloads|users|followers|customers|subscribers|members|clients|"
        r"students|reviews)\b",
        r"(?:excited|thrilled|happy|proud)\s+to\s+welcome\b", r"welcome\s+\w+\s+to\s+the\s+team\b",
        r"(?:new|latest)\s+(?:episode|post|article|video|blog|product|single|album|collection|menu|release|book|ebook|"
        r"cookbook|pr|personal\s+best|record|recipe|drop)\b",
        r"(?:is|are)\s+(?:now\s+|finally\s+|officially\s+)?(?:live|out|here|open|back)\b", r"featured\s+(?:in|on|by|everywhere)\b",
        r"named\s+(?:one\s+of|a|an|the|as)\b", r"(?:won|awarded|recogni[sz]ed|selected|shortlisted|nominated|ranked|rated)\b",
        r"top\s+\d+\b", r"stay\s+tuned\b", r"coming\s+soon\b", r"big\s+things\b", r"hard\s+work\s+pays?\s+off\b",
        r"paying\s+off\b", r"grateful\s+for\s+(?:this|the)\s+(?:journey|recognition|opportunity)\b", r"milestone\b",
        r"another\s+(?:day|win|one)\b", r"thank\s+you\s+to\s+(?:everyone|all|our)\b", r"huge\s+thanks\b", r"my\s+journey\b",
        r"i'?ve\s+been\s+featured\b", r"bestsell(?:er|ing)\b", r"has\s+(?:expanded|launched|arrived)\b",
        r"has\s+been\s+(?:named|rated|selected)\b",
    ),
)

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


# --- the analysis -------------------------------------------------------------------------------
class _Post:
    """The cleaned and lowercased copies and the sentences, computed once and shared by every signal."""

    def __init__(self, text: str):
        self.text = text.translate(_CLEAN) if _NEEDS_CLEAN.search(text) else text  # case kept, for capitals
        low = self.text.lower()  # for the lexicons; C-fast, and one-for-one except for rare letters like "İ"
        self.low = low if len(low) == len(text) else text.translate(_LOWER)
        self.sentences = _spans(_SENTENCE, self.text)
        self.starts = [s for s, _ in self.sentences]
        self.words = _spans(_WORD, self.text)
        self.word_starts = [s for s, _ in self.words]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def sentences_with(self, spans) -> set[int]:
        return {self.sentence_of(s) for s, _ in spans}


def _light(score: float, amber: float, red: float) -> str:
    return "red" if score >= red else "amber" if score >= amber else "green"


def _quote(text: str, spans, limit: int = 3) -> str:
    """A short list of what triggered a signal, as the learner wrote it: 'link in bio', '50% off'."""
    seen: list[str] = []
    for s, e in sorted(spans):
        piece = " ".join(text[s:e].split())
        if piece and piece.lower() not in (p.lower() for p in seen):
            seen.append(piece)
    shown = ", ".join(f"'{p}'" for p in seen[:limit])
    return shown + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _signal(name: str, light: str, spans, why: str, move: str) -> Signal:
    return Signal(name, SIGNAL_LABELS[name], light, tuple(sorted(set(spans))), why, move)


def _audience(p: _Post) -> Signal:
    found = {"you": [], "me": []}
    for m in _PRONOUNS.finditer(p.low):
        found[m.lastgroup].append(m.span())
    you, me = found["you"], found["me"]
    y, m = len(you), len(me)
    if y and y >= m:
        light, spans = "green", you
        why = f"It talks to the reader ('you/your' {y}x, 'I/we/our' {m}x); {NAAMAN}."
    elif (m >= 2 and not y) or (m >= 4 and m >= 3 * y):
        light, spans = "red", me
        why = f"It is mostly about me or us ('I/we/our' {m}x, 'you/your' {y}x); {NAAMAN}."
    else:
        light, spans = "amber", me
        why = (f"It leans on 'I/we/our' ({m}x) more than 'you/your' ({y}x)." if m > y else
               "It speaks to no one in particular; naming the reader and their situation makes a post easier to answer.")
    move = "Rewrite one 'I/we' sentence as what the reader gets or can do: 'you can…', 'if your…'."
    return _signal("audience", light, spans, why, move)


def _questions(p: _Post) -> list[tuple[tuple[int, int], str]]:
    """Each question's span with its kind: genuine, rhetorical, or a hook that frames a tip."""
    found = []
    for s, e in p.sentences:
        sentence = p.low[s:e]
        if "?" not in sentence:
            continue
        end = s + sentence.rindex("?") + 1
        head = p.low[s:end]
        # The question proper starts after a lead-in: "Managers, how do you…", "Honest question: what…".
        core = head
        if ":" in head:
            core = head[head.rindex(":") + 1:]
        elif "," in head and len(head[: head.index(",")].split()) <= 4:
            core = head[head.index(",") + 1:]
        core = core.strip()
        last_clause = head[head.rindex(",") + 1:].strip() if "," in head else core
        if _RHETORICAL.search(core) or _RHETORICAL.search(head):
            kind = "rhetorical"
        elif _GENUINE.search(core) or _GENUINE.search(head) or _GENUINE.match(last_clause):
            kind = "genuine"
        else:
            kind = "hook"  # "Sore knees after squats?": sets up a tip, asks nothing
        found.append(((s, end), kind))
    return found


def _invitation(p: _Post, sold: set[int], bait: list, asks: list) -> tuple[Signal, bool]:
    questions = _questions(p)
    # A question or an ask inside a pitch ("let me know what you think! Link in bio") is part of the pitch.
    genuine = [span for span, kind in questions if kind == "genuine" and p.sentence_of(span[0]) not in sold]
    genuine += [span for span in asks if p.sentence_of(span[0]) not in sold]
    rhetorical = [span for span, kind in questions if kind == "rhetorical"]
    if bait:
        light, spans = "red", bait
        why = (f"It asks for a reaction, not a reply ({_quote(p.text, bait)}): engagement bait, and the people "
               "who would have talked scroll past it.")
        move = "Replace the comment/tag/like request with one honest question you want answered."
    elif genuine:
        light, spans = "green", genuine
        why = f"It asks a real, open question that invites replies; {DE_VRIES}."
        move = "Keep the question, and answer the first replies yourself."
    elif rhetorical:
        light, spans = "amber", rhetorical
        why = (f"Its question sells or scolds rather than asks ({_quote(p.text, rhetorical, 1)}): nobody is "
               "expected to answer it.")
        move = "Swap the sales question for one you don't know the answer to: 'What has worked for you?'"
    else:
        light, spans = "amber", []
        why = f"Nothing invites a reply; {DE_VRIES}."
        move = "End with one open question about the reader's own experience."
    return _signal("invitation", light, spans, why, move), bool(genuine)


def _shouting(p: _Post) -> Signal:
    text = p.text
    caps = []
    for s, e in _spans(_CAPS, text):
        # Acronyms, quoted keywords ('SCALE') and discount codes are not a raised voice.
        quoted = s > 0 and text[s - 1] in "'\""
        if text[s:e].strip("'") in _ACRONYMS or quoted or p.low[max(0, s - 5):s] == "code ":
            continue
        caps.append((s, e))
    shouted = "!" in text
    bangs = [(s, e) for s, e in _spans(_MARKS, text) if "!" in text[s:e]] if shouted else []
    walls = [] if text.isascii() else _spans(_EMOJI_WALL, text)
    exclaims = _spans(_EXCLAIM, text) if shouted and not bangs else []
    excited = len(exclaims) >= 3  # an exclamation mark in most sentences is its own kind of volume
    score = (len(caps) + sum(2 if e - s >= 3 else 1 for s, e in bangs) + 2 * len(walls) + excited)
    light = _light(score, 1, 3)
    if light == "green":
        why = "It speaks at a normal volume: no all-caps words, '!!!' runs or emoji walls."
    else:
        parts = ([_plural(len(caps), "all-caps word")] if caps else []) + (["'!!!' runs"] if bangs else [])
        parts += (["an emoji wall"] if walls else []) + (["exclamation marks everywhere"] if excited else [])
        why = f"It raises its voice ({', '.join(parts)}); volume reads as a bullhorn, not as a person talking."
    move = "Write it in sentence case with one emoji at most, and let the content carry the energy."
    return _signal("shouting", light, caps + bangs + walls + (exclaims if excited else []), why, move)


def _hard_sell(p: _Post) -> Signal:
    found = _find(_SELL, p.low)
    strong = found["strong"] + _spans(_FREE_CAPS, p.text)
    soft = found["soft"]
    if strong:
        light, spans = "red", strong + soft
        why = (f"It pushes a purchase ({_quote(p.text, strong)}); {CLUETRAIN}, and a pitch ends the conversation "
               "before direction and a relationship have begun.")
    elif soft:
        light, spans = "amber", soft
        why = f"It points at your own offer ({_quote(p.text, soft)}): fine now and then, but not a conversation."
    else:
        light, spans = "green", []
        why = "No sales pressure: nothing to buy, book or click."
    move = "Cut the pitch from this post; give the useful part away and let your profile do the selling."
    return _signal("hard_sell", light, spans, why, move)


def _stuffing(p: _Post) -> Signal:
    # Most posts have no link, tag or mention: a cheap test first spares each full scan.
    tags = _spans(_HASHTAG, p.text) if "#" in p.text else []
    links = _spans(_URL, p.low) if _MAYBE_URL.search(p.low) else []
    mentions = _spans(_MENTION, p.text) if "@" in p.text else []
    light = ("red" if len(tags) >= 4 or len(links) >= 2 or len(mentions) >= 3 else
             "amber" if len(tags) == 3 or len(mentions) == 2 else "green")
    spans = (tags if len(tags) >= 3 else []) + (links if len(links) >= 2 else []) + (mentions if len(mentions) >= 2 else [])
    counts = f"{_plural(len(tags), 'hashtag')}, {_plural(len(links), 'link')}, {_plural(len(mentions), '@-mention')}"
    why = (f"Tags and links are kept light ({counts})." if light == "green" else
           f"It is crowded with tags and links ({counts}); a wall of them reads as a broadcast to an algorithm.")
    move = "Keep one or two hashtags that name the conversation, one link at most, and tag people only with a reason."
    return _signal("stuffing", light, spans, why, move)


def _hype(p: _Post) -> tuple[Signal, list]:
    def asserted(spans):
        return [(s, e) for s, e in spans if not _NEGATED.search(p.low, max(0, s - 16), s)]

    found = _find(_HYPE, p.low)
    strong, mild = asserted(found["strong"]), asserted(found["mild"])
    light = _light(2 * len(strong) + len(mild), 1, 3)
    if light == "green":
        why = "It lets specifics speak instead of superlatives."
    else:
        why = (f"It leans on hype ({_quote(p.text, strong + mild)}); big claims sound like an ad, and specifics "
               "sound like a person who has done it.")
    move = "Replace each superlative with a specific: a number, a step, or what actually happened."
    return _signal("hype", light, strong + mild, why, move), strong


def _announcement(p: _Post) -> Signal:
    news = _find(_ANNOUNCE, p.low)["news"]
    light = _light(len(news), 1, 2)
    if light == "green":
        why = "It doesn't read as a press release about you."
    else:
        why = f"It announces news about you or your brand ({_quote(p.text, news)}); {NAAMAN}."
    move = "Turn the news into something the reader can use: what did you learn getting there?"
    return _signal("announcement", light, news, why, move)


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


def _length(p: _Post) -> Signal:
    n = len(p.words)
    if n < 8:
        light, why = "amber", f"At {_plural(n, 'word')} it is very short: by convention, too little to help or to answer."
    elif n > 220:
        light, why = "amber", f"At {n} words it is long for a feed: by convention, readers skim after the first lines."
    else:
        light, why = "green", f"At {n} words it is a comfortable length for a feed (a convention, not a rule)."
    move = "Aim for a few sentences: one point, one example, one question."
    return _signal("length", light, [], why, move)


_VOWELS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    """A rough syllable count (vowel groups, less a silent final e): enough to spot long words."""
    w = word.lower()
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def _long_words(p: _Post) -> list[tuple[int, int]]:
    """Words of four or more syllables; counted only when enough words are long enough to matter."""
    candidates = [(s, e) for s, e in p.words if e - s >= 7]
    if len(candidates) <= 0.15 * len(p.words):
        return []
    return [(s, e) for s, e in candidates if _syllables(p.text[s:e]) >= 4]


def _readability(p: _Post) -> Signal:
    starts = p.word_starts
    per_sentence = [bisect_left(starts, e) - bisect_left(starts, s) for s, e in p.sentences]
    long_sentences = [span for span, n in zip(p.sentences, per_sentence) if n > 30]
    counted = sum(1 for n in per_sentence if n)
    average = len(p.words) / max(1, counted)
    if long_sentences or average > 22:
        light, spans = "amber", long_sentences
        why = (f"Some sentences run long (average {average:.0f} words); by convention, short sentences are "
               "easier to read on a phone.")
    elif p.words and len(long_words := _long_words(p)) / len(p.words) > 0.15:
        light, spans = "amber", long_words
        why = f"Many long words ({_quote(p.text, long_words)}); plain words sound more like talk."
    else:
        light, spans = "green", []
        why = f"Easy to read: sentences average {average:.0f} words."
    move = "Split the longest sentence in two and swap one long word for a short one."
    return _signal("readability", light, spans, why, move)


# --- the verdict --------------------------------------------------------------------------------
# Points per light (red, amber). The verdict names every signal that earned points, so the
# combination is never a hidden score: length and readability are conventions and earn none.
_PUSH = {"hard_sell": (3, 1), "shouting": (2, 1), "stuffing": (2, 1), "hype": (2, 1)}
_SELF_FOCUS = {"announcement": (2, 1), "audience": (2, 0)}
_BAIT_POINTS = 3
_HELP_POINTS = 3  # helpfulness green; one more for a post dense with help
_QUESTION_POINTS = 3
_READER_POINTS = 1


def _verdict(signals: dict[str, Signal], genuine: bool, help_score: int) -> tuple[str, tuple[str, ...]]:
    def earned(table):
        out = []
        for name, (red, amber) in table.items():
            light = signals[name].light
            value = red if light == "red" else amber if light == "amber" else 0
            if value:
                out.append((name, light, value))
        return out

    push = earned(_PUSH)
    if signals["invitation"].light == "red":
        push.append(("invitation", "red", _BAIT_POINTS))
    self_focus = earned(_SELF_FOCUS)
    talk = []
    if signals["helpfulness"].light == "green":
        talk.append(("helpfulness", "green", _HELP_POINTS + (help_score >= 8)))
    elif help_score >= 2:
        talk.append(("helpfulness", "amber", 1))
    if genuine:
        talk.append(("invitation", "green", _QUESTION_POINTS))
    if signals["audience"].light == "green":
        talk.append(("audience", "green", _READER_POINTS))
    p, m, t = (sum(v for *_, v in items) for items in (push, self_focus, talk))

    def named(items):
        return ", ".join(f"{SIGNAL_LABELS[n].lower()} ({light}, +{v})" for n, light, v in items)

    reasons = []
    if push:
        reasons.append(f"Broadcast pressure {p}: {named(push)}.")
    if self_focus:
        reasons.append(f"About me/us {m}: {named(self_focus)}.")
    if talk:
        reasons.append(f"Conversation {t}: {named(talk)}.")
    loud = any(light == "red" for _, light, _ in push)
    if t >= 3 and p >= 3 and loud:
        verdict = "mixed"
        reasons.append("It does both: the helpful part would stand on its own, and the pitch or noise pulls against it.")
    elif t >= 3 and t >= p + m:
        verdict = "walkie-talkie"
        reasons.append("The conversation outweighs the broadcast: it helps or asks before anything else.")
    elif p + m >= 2:
        verdict = "bullhorn"
        reasons.append("It broadcasts more than it talks: nothing here outweighs the pitch, the noise or the news about me/us.")
    elif not p + m and (help_score or t):
        # A quiet post: no pitch and no noise, and a person in it (a moment, a detail, a thanks).
        verdict = "walkie-talkie"
        reasons.append("Nothing broadcasts, and there is a person in it: a quiet, human voice.")
    else:
        verdict = "bullhorn"
        reasons.append("Nothing here helps the reader, tells a story or invites a reply, so it reads as a broadcast.")
    return verdict, tuple(reasons)


def analyze(text: str) -> VoiceReport:
    """Read one post and explain its voice: a verdict, the reasons, and every signal's light.

    >>> analyze("What's one habit that made your mornings easier? Mine: laying out clothes at night.").verdict
    'walkie-talkie'
    """
    text = "" if text is None else str(text)
    if not text.strip():
        return VoiceReport(text, "empty", None, (), (), (EMPTY_NOTE,))
    notes: tuple[str, ...] = ()
    if len(text) > MAX_CHARS:
        notes = (f"This post is {len(text):,} characters long; the meter read only the first {MAX_CHARS:,}.",)
    p = _Post(text[:MAX_CHARS])
    foreign = _language_note(p)
    if foreign:
        return VoiceReport(text, "not-english", None, (), (), notes + (foreign,))

    hard_sell = _hard_sell(p)
    hype, hype_strong = _hype(p)
    replies = _find(_REPLIES, p.low)
    # An unquoted keyword is bait only when shouted: "comment YES", not "comment below if…".
    bait = replies["bait"] + [m.span() for m in _BAIT_KEYWORD.finditer(p.low)
                              if not m["word"] or p.text[m.start("word"):m.end("word")].isupper()]
    # A sentence that sells or baits can't also be the conversation, whatever else is in it.
    sold = p.sentences_with(hard_sell.spans + tuple(bait))
    invitation, genuine = _invitation(p, sold, bait, replies["ask"])
    helpfulness, help_score = _helpfulness(p, sold | p.sentences_with(hype_strong),
                                           selling=hard_sell.light == "red" or bool(bait))
    signals = {s.name: s for s in (_audience(p), invitation, helpfulness, hard_sell, _shouting(p), hype,
                                   _announcement(p), _stuffing(p), _length(p), _readability(p))}
    verdict, reasons = _verdict(signals, genuine, help_score)
    return VoiceReport(text, "ok", verdict, reasons, tuple(signals[n] for n in SIGNAL_NAMES), notes)


def compare(before: str, after: str) -> Comparison:
    """Read two versions of a post and say, signal by signal, what got better or worse.

    >>> compare("BUY NOW!!! Link in bio 🔥🔥🔥", "What's worked for you?").summary
    'Verdict: bullhorn → walkie-talkie. 5 signals better, 0 worse, 5 the same.'
    """
    b, a = analyze(before), analyze(after)
    if b.status != "ok" or a.status != "ok":
        which, report = ("the original", b) if b.status != "ok" else ("the rewrite", a)
        return Comparison(b, a, (), f"Nothing to compare yet: {which} can't be read. {report.notes[-1]}")
    changes = []
    for sb, sa in zip(b.signals, a.signals):
        diff = LIGHT_LEVEL[sa.light] - LIGHT_LEVEL[sb.light]
        direction = "better" if diff > 0 else "worse" if diff < 0 else "same"
        says = (f"{sa.label}: still {sa.light}." if direction == "same" else
                f"{sa.label}: {sb.light} → {sa.light}, {direction}. {sa.why}")
        changes.append(Change(sa.name, sa.label, sb.light, sa.light, direction, says))
    better = sum(c.direction == "better" for c in changes)
    worse = sum(c.direction == "worse" for c in changes)
    verdict = f"Verdict: {b.verdict} → {a.verdict}." if a.verdict != b.verdict else f"Verdict: still {a.verdict}."
    summary = f"{verdict} {_plural(better, 'signal')} better, {worse} worse, {len(changes) - better - worse} the same."
    return Comparison(b, a, tuple(changes), summary)
