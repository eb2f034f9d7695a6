"""The voice meter: reads a post and explains whether it sounds like a bullhorn or a walkie-talkie."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "LIGHT_LEVEL", "LIGHT_ORDER", "MAX_CHARS", "SIGNAL_LABELS", "SIGNAL_NAMES",
    "Change", "Comparison", "Signal", "VoiceReport", "analyze", "compare",
]

# Worst to best, so a chart can plot "higher is better" (red 0, amber 1, green 2).
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

# A post longer than this is read only up to here: the meter must stay instant while a learner types.
MAX_CHARS = 5000

CLUETRAIN = "the Cluetrain Manifesto's first thesis is that markets are conversations"
NAAMAN = ("Naaman, Boase & Lai (CSCW 2010) found about 80% of sampled users posted mostly about "
          "themselves, while the informers had larger networks and were more conversational")
DE_VRIES = "de Vries, Gensler & Leeflang (2012) found brand posts that asked a question drew more comments"


@dataclass(frozen=True)
class Signal:
    """One thing the meter listened for, its light, what triggered it and what to try next."""

    name: str
    label: str
    light: str  # "green" | "amber" | "red"
    spans: tuple[tuple[int, int], ...]  # offsets into the original text; text[start:end] is the trigger
    why: str
    move: str


@dataclass(frozen=True)
class VoiceReport:
    """The meter's reading of one post: a verdict with its reasons and every signal's light."""

    text: str
    status: str  # "ok" | "empty" | "not-english"
    verdict: str | None  # "bullhorn" | "walkie-talkie" | "mixed", or None unless status is "ok"
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]
    notes: tuple[str, ...]

    def signal(self, name: str) -> Signal | None:
        """The signal called ``name``, or None (also for an empty or non-English post)."""
        return next((s for s in self.signals if s.name == name), None)

    def tally(self) -> dict[str, int]:
        """How many signals show each light, every light present (worst first)."""
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
    changes: tuple[Change, ...]
    summary: str


# --- text preparation -------------------------------------------------------------------------
# Curly quotes become straight ones one-for-one, so offsets in the cleaned copy are offsets in
# the original; control characters become spaces for the same reason (and so they match nothing).
_CLEAN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u02bc": "'",
                        **{c: " " for c in range(32) if chr(c) not in "\n\t"}, 0x7f: " "})

_SENTENCE = re.compile(r"\S.*?(?:[.!?\u2026]+[\"')\]]*(?=\s|$)|\n|$)", re.S)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_URL = re.compile(r"(?i)\bhttps?://[^\s<>\"]+|\bwww\.[^\s<>\"]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
                  r"\.(?:com|org|net|io|co|app|ly|example|dev|me|shop|store|link|page|site|info|biz|gg)"
                  r"(?:/[^\s<>\"]*)?(?![\w.])")
_HASHTAG = re.compile(r"(?<![\w#&/])#(?!\d+\b)\w+")
_MENTION = re.compile(r"(?<![\w@.])@\w{2,}")

# Emoji: one cluster per pictograph, so a ZWJ family or a flag counts once, not three times.
_EMOJI_BASE = ("[\U0001F1E6-\U0001F1FF]{2}|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
               "\u231A-\u23FF\u3030\u303D\u3297\u3299]")
_EMOJI_MOD = "[\uFE0E\uFE0F\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]*"
_EMOJI = re.compile(f"(?:{_EMOJI_BASE}){_EMOJI_MOD}(?:\u200D(?:{_EMOJI_BASE}){_EMOJI_MOD})*")
_EMOJI_WALL = re.compile(f"(?:(?:{_EMOJI.pattern})\\s*){{3,}}")


def _spans(pattern: re.Pattern, text: str, group: int = 0) -> list[tuple[int, int]]:
    return [m.span(group) for m in pattern.finditer(text)]


def _words(*items: str) -> str:
    """A regex alternation of phrases, longest first so the longest phrase wins."""
    return "|".join(sorted(items, key=len, reverse=True))


# --- language ---------------------------------------------------------------------------------
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_LETTER = re.compile(r"[^\W\d_]")
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


def _language_note(text: str) -> str | None:
    """Why the text is not English, or None: cheap counts, enough to spare a learner a wrong verdict."""
    letters = len(_LETTER.findall(text))
    latin = len(_LATIN.findall(text))
    if letters >= 4 and latin < 0.6 * letters:
        return "English only for now: this post is mostly in another script, so the meter can't judge its voice."
    words = [w.lower() for w in _WORD.findall(_HASHTAG.sub(" ", _URL.sub(" ", text)))]
    english = sum(w in _EN_WORDS for w in words)
    foreign = sum(w in _FOREIGN_WORDS for w in words) + 2 * (("¿" in text) + ("¡" in text))
    if (foreign >= 2 and foreign > english) or (len(words) >= 5 and english == 0 and foreign >= 1):
        return "English only for now: this post looks like another language, so the meter can't judge its voice."
    return None


# --- lexicons ---------------------------------------------------------------------------------
_YOU = re.compile(r"(?i)(?<![\w'])(?<!thank\s)(?:you(?:'re|'ll|'ve|'d)?|your(?:s|self|selves)?|y'all)(?![\w'])")
_SELF = re.compile(r"(?i)(?<![\w'])(?:i(?:'m|'ve|'d|'ll)?|me|my|mine|myself|we(?:'re|'ve|'ll|'d)?|"
                   r"us|our|ours|ourselves)(?![\w'])")

# Engagement bait: asks for a reaction that feeds the algorithm, not for a reply worth reading.
_BAIT = re.compile(
    r"(?i:\b(?:comment|type|reply|drop|dm|message|send|text)\b(?:\s+(?:me|us))?"
    r"(?:\s+(?:the\s+word|with|below|in\s+the\s+comments?))?)\s*:?\s*"
    r"(?:\"[^\"\n]{1,20}\"|'[^'\n]{1,20}'|\b[A-Z]{2,}\b(?!['\w]))"
    r"|(?i:\bcomment\s+(?:yes|if)\b"
    r"|\btag\s+(?:a|an|your|someone|somebody|some|two|three|\d+|every|the|that|them|this)\b"
    r"|\b(?:like|share|retweet|rt|repost|reblog|save)\b(?:\s+this(?:\s+post)?)?\s+(?:if|and\s+(?:share|follow|tag|comment))\b"
    r"|\blike\s+this\s+post\b|\blike,\s*(?:share|comment|follow|tag|subscribe)\b"
    r"|\bfollow\s+(?:me|us|my|our|@\w+)\b|\bfollow\s+(?:along\s+)?for\s+(?:more|daily)\b"
    r"|\bdon'?t\s+forget\s+to\s+(?:like|share|subscribe|follow|comment)\b"
    r"|\bshare\s+(?:this|it)?\s*with\s+(?:a\s+friend|your\s+friends|everyone|someone)\b"
    r"|\bdrop\s+(?:an?|your|some)\s+(?:[^\w\s]|hearts?\b|emojis?\b|likes?\b|yes\b|fire\b)"
    r"|\b(?:smash|hit)\s+(?:that|the)\s+(?:like|follow|subscribe|bell)\b|\bdouble[- ]tap\b"
    r"|\bturn\s+on\s+(?:post\s+)?notifications\b|\bwho'?s\s+with\s+me\b|\bvote\s+(?:below|now|in\s+the\s+comments)\b)"
)
# Invitations that are not questions but still open a conversation.
_ASK = re.compile(r"(?i)\b(?:i'?d\s+love\s+to\s+(?:hear|know|learn)|love\s+to\s+hear|curious\s+(?:how|what|whether|if|to\s+hear|to\s+know|about)"
                  r"|let\s+me\s+know\s+(?:what|how|if|in|below|your)|tell\s+me\s+(?:about\s+your|what|how|in\s+the\s+comments)"
                  r"|share\s+your\s+(?:tips?|story|stories|experience|thoughts|favou?rites?|take|ideas)"
                  r"|open\s+to\s+(?:any\s+|all\s+|your\s+)?(?:tips|ideas|suggestions|advice|anything)"
                  r"|drop\s+your\s+(?:tips|favou?rites?|questions|thoughts|ideas|best)|what'?s\s+your\s+take)\b")
# Questions that sell or scold rather than ask: the writer already knows the answer they want.
_RHETORICAL = re.compile(
    r"(?i)^(?:\W*)(?:(?:do\s+you\s+)?want(?:\s+to|\s+more|\s+the|\s+my|\s+a|\s+free|\s+in)\b|wanna\b|ready\s+(?:to|for)\b"
    r"|are\s+you\s+(?:still\s+|so\s+|really\s+)?(?:ready|tired|exhausted|stressed|overwhelmed|struggling|stuck|sick|"
    r"making|losing|wasting|serious|done)\b|need\s+(?:a|an|more|help|the|my)\b|looking\s+for\s+(?:a|an|the)\b"
    r"|tired\s+of\b|sick\s+of\b|struggling\b|did\s+you\s+know\b|who\s+(?:else\s+)?wants\b|guess\s+what\b"
    r"|ever\s+wondered\b|isn'?t\s+it\s+time\b|can\s+you\s+believe\b|which\s+(?:one|side|team)\s+are\s+you\b)"
    r"|\bwhat\s+are\s+you\s+waiting\s+for\b|\bwhy\s+(?:wait|not)\b|^\W*(?:simple|easy|right|agreed?|crazy|see)\W*$")
_GENUINE = re.compile(
    r"(?i)^\W*(?:what|what's|whats|which|how|why|who|when|where|whose|anyone|has\s+anyone|does\s+anyone|did\s+anyone"
    r"|is\s+anyone|is\s+it\s+just\s+me|am\s+i\s+the\s+only|do\s+you|did\s+you|have\s+you|would\s+you|could\s+you"
    r"|will\s+you|are\s+you|were\s+you|does\s+your|do\s+your|is\s+your|has\s+your|should\s+i|would\s+i|do\s+i"
    r"|any\s+(?:tips|ideas|advice|suggestions|recommendations|thoughts)|thoughts|(?:do|does|did|have|has|had|is|are|was|were"
    r"|would|could|should|can|will|am)\s+\w+)\b|\b(?:anyone|anybody|everyone\s+else|y'all|you\s+guys|others)\b|\bjust\s+me\b")

_CAPS = re.compile(r"(?<![\w'])[A-Z][A-Z']{2,}(?![\w'])")
_ACRONYMS = frozenset("""CEO CTO CFO COO CMO CIO VP HR PR AI USA UK EU UN NYC SEO PDF API SQL HTML CSS
JSON YAML XML HTTP HTTPS URL GPU CPU RAM SSD USB LED DIY FAQ ASAP FYI ETA TBD RSVP KPI OKR ROI CRM SAAS
MVP B2B B2C SDK CLI IDE AWS GCP IOS MBA PHD GPA SAT ACT TV DVD GPS ISO RAW JPEG JPG PNG GIF HDR RGB DSLR
BBQ IRA ETF APR IPO ATM GDP USD EUR GBP VAT IRS HSA FSA NASA NFL NBA FIFA NGO ADHD OCD BMI HIIT AMRAP
EMOM RPE WOD CBT ICU NICU LGBTQ STEM TED UX UI QA CI AM PM TL DR OK DM RT PS NHS FBI CIA BBC MIT NATO
""".split())
_BANGS = re.compile(r"!{2,}[!?1]*|[!?]*\?!+[!?]*|!\?+")
_EXCLAIM = re.compile(r"!")

_SELL_STRONG = re.compile(
    r"(?i)\b(?:buy|shop|order|book|enrol+|register|sign\s+up|join|download|subscribe|grab|claim|reserve|secure|apply|"
    r"pre-?order|pre-?save|request|schedule|act|click|open|call|get|watch|listen|read|stream)\b(?:\s+[\w'$]+){0,4}?\s+(?:now|today|tonight)\b"
    r"|\blink\s+(?:is\s+)?in\s+(?:my\s+|the\s+)?(?:bio|profile|comments?|description)\b"
    r"|\b\d{1,3}\s?%\s?off\b|\b(?:on\s+)?sale\b|\bdiscount(?:ed)?\b|\bpromo\b|\bcoupon\b|\bclearance\b"
    r"|\bfree\s+(?:shipping|trial|consultation|discovery\s+call|class)\b|\bmoney[- ]back\b|\blifetime\s+(?:access|deal)\b"
    r"|\bearly[- ]?bird\b|\bpre-?(?:order|save)\b|\b(?:join\s+the\s+)?wait\s?list\b|\bterms\s+(?:and\s+conditions\s+)?apply\b"
    r"|(?-i:\bFREE\b)|\b(?:use|with|enter|apply)\s+(?:my\s+|the\s+|promo\s+|discount\s+)?code\s+\w+"
    r"|\b(?:only|just|last)\s+(?:\d+|a\s+few|few|one|two|three|four|five)\s+(?:\w+\s+)?(?:spots?|seats?|places?|dates?|slots?|"
    r"tickets?|copies|units|items|left|remaining)\b|\b\d+\s+(?:spots?|seats?|places?|slots?)\s+(?:left|remaining|available)\b"
    r"|\b(?:spots?|seats?|places?|spaces|availability|stock|tickets?)\s+(?:are\s+|is\s+)?(?:limited|selling\s+fast|going\s+fast|"
    r"filling(?:\s+up)?\s+(?:fast|quickly))\b|\blimited\s+(?:time|spots|seats|stock|offer|edition|availability|places|spaces|supply)\b"
    r"|\b(?:selling|going|filling(?:\s+up)?)\s+(?:fast|quickly)\b|\bwhile\s+(?:stocks?|supplies)\s+last\b|\bin\s+stock\b"
    r"|\bonce\s+it'?s\s+gone\b|\bbefore\s+(?:they(?:'re|\s+are)\s+gone|it\s+sells\s+out|they\s+sell\s+out|it'?s\s+too\s+late|"
    r"the\s+(?:sale|offer|price|deal)\s+ends)\b|\bsells?\s+out\b|\bwon'?t\s+last\b|\blast\s+chance\b|\bhurry\b"
    r"|\b(?:ends?|closes?|expires?|ending)\s+(?:tonight|today|soon|at\s+midnight|this\s+week(?:end)?|(?:on\s+)?(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day)\b|\b(?:today|tonight|this\s+weekend|this\s+week|\d+\s+hours)\s+only\b|\bfor\s+the\s+next\s+\d+\s+hours\b"
    r"|\bprices?\s+(?:goes\s+up|go\s+up|doubles|rises?|increases?)\b|\bdoors?\s+(?:close|open)\b|\benrol+(?:ment|ing)\s+"
    r"(?:closes|is\s+(?:now\s+)?open|opens|now)\b|\bnow\s+(?:booking|enrol+ing)\b|\bbooking\s+now\b|\bdon'?t\s+miss\s+(?:out|it)\b"
    r"|\bdm\s+(?:me\s+|us\s+)?(?:to|for)\s+(?:book|buy|order|details|pricing|prices|info|more)\b"
    r"|\bbook\s+(?:a|your|my|an|me)\s+(?:free\s+)?(?:\w+\s+)?(?:call|session|consultation|demo|spot|place|table|class|speaker|showing)\b"
    r"|\brequest\s+a\s+(?:free\s+)?demo\b|\bcontact\s+(?:me|us)\s+(?:for|to|today)\b|\bjoin\s+(?:my|our)\s+(?:paid|vip|private|"
    r"exclusive|premium)\b|\b(?:for|at)\s+(?:just|only)\s+[$€£]\s?\d|\b(?:only|just)\s+[$€£]\s?\d|\border\s+online\b"
    r"|\b(?:is|are)\s+(?:now\s+)?open\s+for\s+(?:booking|bookings|enrol+ment|registration)\b|\bget\s+(?:yours|your\s+copy)\b")
_SELL_SOFT = re.compile(
    r"(?i)\b(?:my|our)\s+(?:[\w-]+\s+)?(?:course|program(?:me)?|ebook|e-book|book|cookbook|"
    r"masterclass|bootcamp|academy|workshop|membership|coaching|newsletter|app|platform|product|shop|store|collection|presets?|"
    r"templates?|toolkit|kit|summit|retreat|challenge|method|blueprint|system|services|catalogue|catalog|menu|podcast|channel|"
    r"agency|studio|firm|brand|website|blog|portfolio)\b|\bcheck\s+(?:it\s+)?out\b|\blearn\s+more\b|\bvisit\s+(?:us|our|my)\b"
    r"|\bavailable\s+(?:now|today|everywhere)\b|\bnow\s+available\b|\bout\s+now\b|\bwe'?re\s+hiring\b|\bcareers\s+page\b"
    r"|\b(?:on|at)\s+(?:our|my)\s+(?:website|site|blog|channel|page|shop|store)\b|\bin\s+my\s+(?:bio|profile)\b|\bsee\s+(?:why|how)\s+(?:we|our|it|i)\b|\bback\s+in\s+stock\b")

_HYPE_STRONG = re.compile(
    r"(?i)\bgame[- ]?chang(?:er|ing)\b|\brevolution(?:ary|i[sz]es?|i[sz]ing)\b|\blife[- ]?changing\b|\bchange\s+your\s+life\b"
    r"|\btransform\s+(?:your|the)\s+\w+|\binsane(?:ly)?\b|\bmind[- ]?blowing\b|\bunbelievable\b|\bjaw[- ]?dropping\b"
    r"|\b\d+x\b|\bguarantee[ds]?\b|\bsecrets?\b|\b(?:won'?t|don'?t\s+want\s+you\s+to)\s+(?:tell|know)\b|\bone\s+(?:weird\s+)?trick\b"
    r"|\bhate\s+this\b|\bovernight\b|\binstant(?:ly)?\b|\beffortless(?:ly)?\b|\bmiracle\b|\bmagic(?:al)?\b|\bskyrocket\w*"
    r"|\bcrush(?:ing)?\s+it\b|\bbeast\s?mode\b|\bbest\b[\w\s']{0,25}?\bever\b|\bever\s+(?:built|created|made|invented)\b"
    r"|\bmost\s+(?:powerful|revolutionary|advanced|innovative|amazing|incredible|trusted|competitive)\b|#1\b|\bnumber\s+one\b"
    r"|\bthe\s+only\s+\w+\s+you(?:'ll)?\s+(?:ever\s+)?need\b|\bultimate\b|\bworld[- ]class\b|\bnext[- ]level\b|\bcutting[- ]edge\b"
    r"|\b(?:made|make|making|earned|earn|earning)\s+[$€£]\s?\d[\d,.]*k?\b|\bnobody\s+\w+\s+(?:harder|better|more)\b|\bwhile\s+(?:you|everyone(?:\s+else)?|others)\s+(?:were|was)\b"
    r"|\bmost\s+\w+\s+will\s+never\b|\bunstoppable\b|\bepic\b|\bunleash\w*|\bthe\s+future\s+of\b|\bthe\s+best\s+\w+\s+in\s+(?:town|the\s+\w+)\b"
    r"|\bwe'?re\s+the\s+best\b|\blike\s+no\s+one\s+else\b|\bdream\s+(?:jobs?|body|life|home|clients?)\b")
_HYPE_MILD = re.compile(
    r"(?i)\b(?:amazing|incredible|huge|massive|awesome|stunning|breathtaking|perfection|perfect|powerful|proven|exclusive"
    r"|award[- ]winning|fastest|easiest|hacks?|rockstars?|ninja|hustle|grind(?:ing)?|seamless(?:ly)?|unforgettable|unbeatable"
    r"|irresistible|finest|legendary|obsessed|thrilled|relentless|timeless|innovative|incredible|blessed|crush|explode)\b")

_NEGATED = re.compile(r"(?i)\b(?:no|not|nothing|never|isn'?t|wasn'?t|aren'?t|without)\s+(?:\w+\s+)?$")
_ANNOUNCE = re.compile(
    r"(?i)\b(?:thrilled|excited|proud|honou?red|humbled|delighted|pleased|happy)\s+(?:to|that)\b|\bso\s+(?:proud|grateful)\b"
    r"|\b(?:big|huge|exciting|great)\s+news\b|\bwe'?re\s+(?:proud|thrilled|excited|live|building)\b|\bintroducing\b"
    r"|\bjust\s+(?:launched|hit|closed|shipped|won|dropped|released|signed|published|got|finished|started|opened|crossed|"
    r"reached|passed|hired|raised|landed|celebrated|welcomed)\b|\bonly\s+the\s+beginning\b|\bday\s+one\b"
    r"|\b\d[\d,.]*\s*(?:k|million|thousand)?\+?\s+(?:downloads|users|followers|customers|subscribers|members|clients|students|reviews)\b"
    r"|\b(?:excited|thrilled|happy|proud)\s+to\s+welcome\b|\bwelcome\s+\w+\s+to\s+the\s+team\b"
    r"|\b(?:new|latest)\s+(?:episode|post|article|video|blog|product|single|album|collection|menu|release|book|ebook|cookbook|"
    r"pr|personal\s+best|record|recipe|drop)\b|\b(?:is|are)\s+(?:now\s+|finally\s+|officially\s+)?(?:live|out|here|open|back)\b|\bfeatured\s+(?:in|on|by|everywhere)\b"
    r"|\bnamed\s+(?:one\s+of|a|an|the|as)\b|\b(?:won|awarded|recogni[sz]ed|selected|shortlisted|nominated|ranked|rated)\b"
    r"|\btop\s+\d+\b|\bstay\s+tuned\b|\bcoming\s+soon\b|\bbig\s+things\b|\bhard\s+work\s+pays?\s+off\b|\bpaying\s+off\b"
    r"|\bgrateful\s+for\s+(?:this|the)\s+(?:journey|recognition|opportunity)\b|\bmilestone\b|\banother\s+(?:day|win|one)\b"
    r"|\bthank\s+you\s+to\s+(?:everyone|all|our)\b|\bhuge\s+thanks\b|\bmy\s+journey\b|\bi'?ve\s+been\s+featured\b"
    r"|\bbestsell(?:er|ing)\b|\bhas\s+(?:expanded|launched|arrived)\b|\bhas\s+been\s+(?:named|rated|selected)\b")

_TIP_VERBS = _words(
    "add", "aim", "ask", "avoid", "batch", "bury", "cancel", "change", "check", "circle", "cook", "curl", "cut", "delete",
    "do", "don't", "drink", "eat", "end", "film", "focus", "give", "go", "hand", "keep", "lay", "leave", "let", "limit",
    "list", "log", "look", "lower", "make", "match", "mention", "move", "name", "never", "note", "pack", "pick", "plan",
    "plant", "practise", "practice", "put", "quote", "read", "record", "remember", "rest", "rewrite", "rinse", "roll",
    "salt", "say", "set", "shoot", "skip", "sleep", "slow", "snip", "speak", "spend", "start", "stick", "swap", "take",
    "talk", "tell", "test", "track", "treat", "try", "turn", "use", "wait", "walk", "watch", "water", "write", "expose",
    "deadhead", "freeze", "parboil", "stretch", "breathe", "choose", "find", "hold", "learn", "remove", "replace",
    "review", "prune", "mulch", "measure", "label", "pause", "reread", "stay", "work", "ship", "copy", "compare",
    "count", "save", "sit", "stand", "open", "close", "turn", "drop", "space", "sow", "feed", "wash", "soak", "season",
    "taste", "stir", "mix", "whisk", "chop", "bake", "roast", "boil", "fry", "heat", "cool", "store", "label", "repeat",
    "reply", "thank", "praise", "listen", "show", "share", "block", "protect", "schedule", "budget", "automate", "pay",
    "invest", "compare", "negotiate", "apologise", "apologize", "notice", "celebrate", "forget", "mark", "hire")
# A tip starts a sentence or a clause ("If your planner is empty, try a smaller one."): an imperative there
# speaks to the reader; the same verb mid-sentence is usually description. Verbs we can't list are caught
# by shape: a plain word opening the clause, followed by an object ("Deadhead your roses").
_CLAUSE = r"(?:^|[.!?]+\s+|\n\s*|[:;]\s+|,\s+(?:then\s+|and\s+)?|\s[-\u2013\u2014]\s|\bthen\s+)(?:[^\w\s]+\s*)*"
_NOT_TIPS = _words(
    "i", "you", "we", "they", "he", "she", "it", "this", "that", "these", "those", "there", "here", "my", "your", "our",
    "their", "his", "her", "its", "the", "a", "an", "and", "but", "or", "so", "if", "when", "while", "because", "as", "at",
    "by", "for", "from", "in", "on", "of", "to", "with", "without", "about", "after", "before", "until", "since", "just",
    "also", "even", "only", "still", "now", "then", "not", "no", "yes", "thank", "thanks", "meet", "follow", "join",
    "tag", "like", "share", "comment", "subscribe", "buy", "shop", "order", "book", "grab", "download", "click", "visit",
    "come", "discover", "experience", "unlock", "transform", "enjoy", "welcome", "introducing", "reserve", "secure",
    "claim", "register", "enroll", "enrol", "apply", "sign", "happy", "merry", "congrats", "congratulations", "proud",
    "another", "every", "each", "all", "some", "most", "more", "less", "one", "two", "three", "what", "which", "who",
    "how", "why", "where", "today", "tomorrow", "tonight", "yesterday", "please", "hey", "hi", "hello", "dear",
    "imagine", "say", "stay", "let", "get")
_OBJECT = _words("your", "yours", "yourself", "the", "a", "an", "one", "two", "three", "it", "them", "every", "each",
                 "this", "that", "these", "those", "some", "what", "who", "how", "up", "down", "out", "off", "back",
                 "before", "after", "until", "with", "something", "anything", "everything", "any", "less", "more")
_TIP_IMPERATIVE = re.compile(
    rf"(?i){_CLAUSE}(?P<verb>(?:{_TIP_VERBS})(?![\w'])(?!\s+(?:now|today|tonight|yours|out\s+(?:my|our)|me\s+for|us\s+for))"
    rf"|(?!(?:{_NOT_TIPS})\b)[a-z]{{2,}}(?<!ed)(?<!ing)(?<![^s]s)(?=\s+(?:{_OBJECT})\b))"
    # A second instruction joined by "and": "Freeze the herbs and drop a cube in the pan."
    rf"|\band\s+(?P<verb2>(?:{_TIP_VERBS}))(?=\s+(?:{_OBJECT})\b)")
# Advice without an imperative: "Your headline should say who you help", "you don't need a big budget".
_ADVICE = re.compile(r"(?i)\b(?:should(?:n'?t)?|ought\s+to|make\s+sure|it\s+helps\s+to|the\s+best\s+way\s+to|"
                     r"(?:doesn'?t|don'?t)\s+have\s+to|no\s+need\s+to|(?:don'?t|doesn'?t)\s+need\s+to)\b")
_TIP_FRAME = re.compile(
    r"(?i)(?<!more\s)(?<!daily\s)\b(?:tip|trick|rule|habit|fix|technique|reminder|lesson|routine|ritual|practice|exercise|"
    r"advice|idea|takeaway)s?\b(?=\s*(?::|for\b|that\b|from\b|i\b|to\b|is\b|was\b))|\btry\s+(?:this|it)\b|\bhere'?s\s+(?:how|what|why)\b|\bhow\s+to\b")
_LESSON = re.compile(
    r"(?i)\blessons?\b|\bwhat\s+(?:finally\s+|really\s+|actually\s+|eventually\s+)?(?:helped|worked|changed|fixed|saved)\b"
    r"|\bthings?\s+that\s+(?:helped|worked|changed|fixed|saved)\b|\b(?:changed|saved|fixed)\s+(?:my|our|how)\b|\buntil\s+(?:i|we|someone|a\s+friend|my\s+\w+)\b|\b(?:i|we)\s+(?:started|stopped|switched|began|tried)\b|\btook\s+(?:me\s+|us\s+)?(?:about\s+|only\s+|nearly\s+|almost\s+)?(?:a|an|one|two|three|\d+)\s+(?:days?|weeks?|months?|years?|tries|attempts)\b|\btook\s+me\b|\b(?:i|we)\s+(?:learned|learnt|realised|realized|"
    r"discovered)\b|\bturn(?:s|ed)\s+out\b|\bnow\s+i\b|\bsince\s+then\b|\bever\s+since\b|\bhaven'?t\b[\w\s']{1,30}\bsince\b"
    r"|\bthe\s+(?:trick|key)\s+is\b|\bi\s+wish\s+i(?:'d|\s+had)\b|\bif\s+i\s+could\b|\bwhat\s+changed\b|\bhelped\s+(?:me|us)\b"
    r"|\bworth\s+(?:a\s+try|trying|it)\b|\bthe\s+(?:best|worst|smartest|hardest|most\s+useful)\s+(?:thing|decision|move|advice|lesson)\b"
    r"|\bhang\s+in\s+there\b|\byou'?re\s+not\s+alone\b|\bit\s+(?:gets|does\s+get)\s+(?:easier|better)\b|\bit\s+does\s+end\b"
    r"|\bbe\s+(?:kind|gentle|patient)\s+(?:to|with)\s+yourself\b|\bgive\s+yourself\b|\bit'?s\s+(?:ok|okay|fine|normal)\s+to\b|\bstopped\b|\bswitched\b|\bbeats\b")
_SPECIFIC = re.compile(
    r"(?i)\b(?:\d+(?:[.,:/]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|sixty|ninety|half\s+an?)\s*-?\s*(?:minutes?|mins?|seconds?|secs?|hours?|hrs?|days?|nights?|weeks?|months?|"
    r"times\s+a\s+(?:day|week|month)|rounds?|sets?|reps?|cups?|tbsp|tsp|tablespoons?|teaspoons?|grams?|g|kg|lbs?|pounds?|ml|"
    r"litres?|liters?|degrees|times|metres?|meters?|cm|mm|inches|feet|ft|km|miles?|k|bpm|steps?|pages?|words|knuckles?|handfuls?|"
    r"parts?|pinch(?:es)?|fingers?|tasks?|questions?|people|calls?|batches|bags?|portions?|calories|kcal|choices|options|things|sentences?|lines?|photos?)\b"
    r"|\b(?:a|per|each|every)\s+(?:day|week|month|night|morning|evening|meal|set|side|paycheck|payday)\b"
    r"|\b\d+(?:\.\d+)?\s?%(?!\s?off)|[$€£]\s?\d[\d,.]*k?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|\bf/\d+(?:\.\d)?\b")
_STEPS = re.compile(r"(?i)(?:^|\s)(?:\d[.)](?=\s)|step\s+\d+\b|first(?:ly)?,|second(?:ly)?,|next,|finally,)|\bthen\b"
                    r"|\b(?:until|once|before|after|when)\s+(?:it|the|they|you|your)\b")
_EXPLAIN = re.compile(r"(?i)\b(?:because|so\s+that|which\s+means|that'?s\s+why|the\s+reason|otherwise|instead\s+of|rather\s+than|"
                      r"so\s+(?:you|your|the|they|it)|gives?\s+(?:you|the|them|people)|helps?\s+(?:you|your|them|people)|not\s+just|for\s+example|for\s+instance|"
                      r"example:|e\.g\.|that'?s\s+(?:the\s+only|how|what|why|where|when))(?!\w)")
_STORY = re.compile(
    r"(?i)\blast\s+(?:week|month|year|spring|summer|autumn|fall|winter|night|weekend|time)\b|\byesterday\b|\bthis\s+morning\b"
    r"|\bi\s+once\b|\byears\s+ago\b|\bwhen\s+(?:i|my|our|we)\b|\bmy\s+(?:son|daughter|kids?|dad|father|mom|mum|mother|grandmother|"
    r"grandma|grandfather|grandpa|manager|boss|team|partner|wife|husband|friend|coach|mentor|colleague|neighbou?r)\b"
    r"|\ba\s+friend\b|\bfor\s+the\s+first\s+time\b|\bi\s+used\s+to\b|\bused\s+to\s+(?:feel|think|be|treat|believe)\b")
_HONEST = re.compile(
    r"(?i)\bhonest(?:ly)?\b|\bi\s+was\s+wrong\b|\bgot\s+wrong\b|\bmistakes?\b|\bfailed\b|\bfailure\b|\bstruggl\w+|\bstill\s+"
    r"(?:not\s+sure|learning|figuring|processing)\b|\bfelt\s+(?:terrible|awful|rude|awkward|like)\b|\bstung\b|\bembarrass\w*"
    r"|\bawkward\b|\bi\s+don'?t\s+know\b|\bnot\s+for\s+everyone\b|\bruined\b|\bkilled\b|\bbroke\b|\bmessed\s+up\b|\bwrecking\b"
    r"|\bpainful\b|\brough\b|\bnot\s+sure\b")
_YOU_ADVICE = re.compile(r"(?i)\byou(?:'ll|\s+will|\s+can|\s+could|\s+might|\s+should|\s+don'?t\s+(?:need|have|owe))\b(?!\s+too\b)")


# --- the analysis -----------------------------------------------------------------------------
class _Post:
    """The cleaned text and its sentences, computed once and shared by every signal."""

    def __init__(self, text: str):
        self.text = text.translate(_CLEAN)
        self.sentences = _spans(_SENTENCE, self.text)
        self.starts = [s for s, _ in self.sentences]
        self.words = _spans(_WORD, self.text)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def sentences_with(self, spans) -> set[int]:
        return {self.sentence_of(s) for s, _ in spans}


def _light(score: float, amber: float, red: float) -> str:
    return "red" if score >= red else "amber" if score >= amber else "green"


def _quote(text: str, spans, limit: int = 3) -> str:
    """A short, readable list of what triggered a signal, e.g. 'link in bio', '50% off'."""
    seen: list[str] = []
    for s, e in spans:
        piece = " ".join(text[s:e].split())
        if piece and piece.lower() not in (p.lower() for p in seen):
            seen.append(piece)
    shown = ", ".join(f"'{p}'" for p in seen[:limit])
    return shown + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


def _signal(name: str, light: str, spans, why: str, move: str) -> Signal:
    return Signal(name, SIGNAL_LABELS[name], light, tuple(sorted(set(spans))), why, move)


def _audience(p: _Post) -> tuple[Signal, int, int]:
    you = _spans(_YOU, p.text)
    me = _spans(_SELF, p.text)
    y, m = len(you), len(me)
    if y and y >= m:
        light = "green"
        why = f"It talks to the reader ('you/your' {y}x, 'I/we/our' {m}x), the way the informers in {NAAMAN}."
    elif (m >= 2 and not y) or (m >= 4 and m >= 3 * y):
        light = "red"
        why = f"It is mostly about me or us ('I/we/our' {m}x, 'you/your' {y}x); {NAAMAN}."
    else:
        light = "amber"
        why = (f"It leans on 'I/we/our' ({m}x) more than 'you/your' ({y}x)." if m > y else
               "It speaks to no one in particular; naming the reader and their situation makes a post easier to answer.")
    move = "Rewrite one 'I/we' sentence as what the reader gets or can do: 'you can…', 'if your…'."
    return _signal("audience", light, you + me if light != "green" else you, why, move), y, m


def _questions(p: _Post):
    """Each question sentence's span with its kind: genuine, rhetorical, or a framing hook."""
    found = []
    for s, e in p.sentences:
        sentence = p.text[s:e]
        if "?" not in sentence:
            continue
        # The question proper starts after a greeting or a lead-in ("Managers, how do you…").
        q_end = s + sentence.rindex("?") + 1
        core_start = s
        head = p.text[s:q_end]
        if ":" in head:
            core_start = s + head.rindex(":") + 1
        elif "," in head and len(head[: head.index(",")].split()) <= 4:
            core_start = s + head.index(",") + 1
        core = p.text[core_start:q_end].strip()
        if _RHETORICAL.search(core) or _RHETORICAL.search(head):
            kind = "rhetorical"
        elif _GENUINE.search(core) or _GENUINE.search(head):
            kind = "genuine"
        else:
            kind = "hook"
        found.append(((s, q_end), kind))
    return found


def _invitation(p: _Post, sold: set[int]) -> tuple[Signal, bool, bool]:
    bait = _spans(_BAIT, p.text)
    questions = _questions(p)
    genuine = [span for span, kind in questions if kind == "genuine" and p.sentence_of(span[0]) not in sold]
    genuine += [span for span in _spans(_ASK, p.text) if p.sentence_of(span[0]) not in sold]
    rhetorical = [span for span, kind in questions if kind == "rhetorical"]
    if bait:
        light, spans = "red", bait
        why = (f"It asks for a reaction, not a reply ({_quote(p.text, bait)}): that is engagement bait, and people "
               "who would have talked scroll past it.")
        move = "Replace the comment/tag/like request with one honest question you want answered."
    elif genuine:
        light, spans = "green", genuine
        why = f"It asks a real, open question that invites replies; {DE_VRIES}."
        move = "Keep the question, and answer the first replies yourself."
    elif rhetorical:
        light, spans = "amber", rhetorical
        why = ("Its question sells or scolds rather than asks (" + _quote(p.text, rhetorical, 1) +
               "): nobody is expected to answer it.")
        move = "Swap the sales question for one you don't know the answer to: 'What has worked for you?'"
    else:
        light, spans = "amber", []
        why = f"Nothing invites a reply; {DE_VRIES}."
        move = "End with one open question about the reader's own experience."
    return _signal("invitation", light, spans, why, move), bool(genuine), bool(bait)


def _shouting(p: _Post) -> Signal:
    text = p.text
    caps = []
    for s, e in _spans(_CAPS, text):
        word = text[s:e].strip("'")
        before = text[max(0, s - 6):s].lower()
        # Acronyms, quoted keywords and discount codes are not raised voices.
        if word in _ACRONYMS or text[s - 1:s] in "'\"" and s > 0 or before.endswith("code "):
            continue
        caps.append((s, e))
    bangs = _spans(_BANGS, text)
    walls = _spans(_EMOJI_WALL, text)
    exclaims = _spans(_EXCLAIM, text)
    score = len(caps) + 2 * sum(e - s >= 3 for s, e in bangs) + sum(e - s < 3 for s, e in bangs) + 2 * len(walls)
    spans = caps + bangs + walls
    if len(exclaims) >= 3 and not bangs:
        score += 1
        spans += exclaims
    light = _light(score, 1, 3)
    parts = [f"{len(caps)} all-caps word{'s' * (len(caps) != 1)}"] if caps else []
    parts += ["'!!!' runs"] if bangs else []
    parts += ["an emoji wall"] if walls else []
    parts += ["an exclamation mark in most sentences"] if len(exclaims) >= 3 and not bangs else []
    if light == "green":
        why = "It speaks at a normal volume: no all-caps words, '!!!' runs or emoji walls."
    else:
        why = f"It raises its voice ({', '.join(parts)}); volume reads as a bullhorn, not as a person talking."
    move = "Write it in sentence case with one emoji at most, and let the content carry the energy."
    return _signal("shouting", light, spans, why, move)


def _hard_sell(p: _Post) -> tuple[Signal, list]:
    strong = _spans(_SELL_STRONG, p.text)
    soft = _spans(_SELL_SOFT, p.text)
    if strong:
        light, spans = "red", strong + soft
        why = (f"It pushes a purchase ({_quote(p.text, strong)}); people want your solutions only after direction "
               "and a relationship, and a pitch ends the conversation.")
    elif soft:
        light, spans = "amber", soft
        why = f"It points at your own offer ({_quote(p.text, soft)}); fine now and then, but it isn't a conversation."
    else:
        light, spans = "green", []
        why = "No sales pressure: nothing to buy, book or click."
    move = "Cut the pitch from this post; give the useful part away and let your profile do the selling."
    return _signal("hard_sell", light, spans, why, move), strong


def _stuffing(p: _Post) -> Signal:
    tags = _spans(_HASHTAG, p.text)
    links = _spans(_URL, p.text)
    mentions = _spans(_MENTION, p.text)
    score_red = len(tags) >= 4 or len(links) >= 2 or len(mentions) >= 3
    score_amber = len(tags) == 3 or len(mentions) == 2
    light = "red" if score_red else "amber" if score_amber else "green"
    spans = (tags if len(tags) >= 3 else []) + (links if len(links) >= 2 else []) + (mentions if len(mentions) >= 2 else [])
    counts = f"{len(tags)} hashtag{'s' * (len(tags) != 1)}, {len(links)} link{'s' * (len(links) != 1)}, " \
             f"{len(mentions)} @-mention{'s' * (len(mentions) != 1)}"
    why = ("It keeps tags and links light (" + counts + ")." if light == "green" else
           f"It is crowded with tags and links ({counts}); a wall of them reads as a broadcast to an algorithm.")
    move = "Keep one or two hashtags that name the conversation, one link at most, and tag people only with a reason."
    return _signal("stuffing", light, spans, why, move)


def _hype(p: _Post) -> tuple[Signal, list]:
    # "Nothing magic" or "no secret" is the opposite of hype: a negation just before it cancels it.
    def asserted(spans):
        return [(s, e) for s, e in spans if not _NEGATED.search(p.text, max(0, s - 12), s)]

    strong = asserted(_spans(_HYPE_STRONG, p.text))
    mild = asserted(_spans(_HYPE_MILD, p.text))
    score = 2 * len(strong) + len(mild)
    light = _light(score, 1, 3)
    if light == "green":
        why = "It lets specifics speak instead of superlatives."
    else:
        why = (f"It leans on hype ({_quote(p.text, strong + mild)}); big claims without specifics sound like an ad, "
               "and specifics sound like a person who has done it.")
    move = "Replace each superlative with a specific: a number, a step, or what actually happened."
    return _signal("hype", light, strong + mild, why, move), strong


def _announcement(p: _Post) -> Signal:
    news = _spans(_ANNOUNCE, p.text)
    light = _light(len(news), 1, 2)
    if light == "green":
        why = "It doesn't read as a press release about you."
    else:
        why = (f"It announces news about you or your brand ({_quote(p.text, news)}); {NAAMAN}.")
    move = "Turn the news into something the reader can use: what did you learn getting there?"
    return _signal("announcement", light, news, why, move)


def _helpfulness(p: _Post, blocked: set[int], selling: bool) -> tuple[Signal, int]:
    """Tips, lessons, stories and specifics, not counting any inside a sales or bait sentence."""

    def keep(spans, cap: int):
        kept = [sp for sp in spans if p.sentence_of(sp[0]) not in blocked]
        return kept, min(len(kept), cap)

    tips, n_tips = keep([m.span(m.lastgroup) for m in _TIP_IMPERATIVE.finditer(p.text)] + _spans(_TIP_FRAME, p.text)
                        + _spans(_ADVICE, p.text), 3)
    lessons, n_lessons = keep(_spans(_LESSON, p.text), 2)
    specifics, n_specifics = keep(_spans(_SPECIFIC, p.text), 2)
    extras = [keep(_spans(rx, p.text), 1) for rx in (_EXPLAIN, _STORY, _HONEST, _STEPS, _YOU_ADVICE)]
    score = 2 * n_tips + 2 * n_lessons + n_specifics + sum(n for _, n in extras)
    spans = tips + lessons + specifics + [sp for kept, _ in extras for sp in kept]
    found = [w for w, n in (("a tip", n_tips), ("a lesson", n_lessons), ("specifics", n_specifics),
                            ("an explanation or story", sum(n for _, n in extras))) if n]
    if score >= 3:
        light = "green"
        why = f"It gives the reader something to use ({', '.join(found)}); {NAAMAN}."
        move = "Keep it; one concrete example makes it even easier to act on."
    else:
        light = "red" if score == 0 and selling else "amber"
        why = ("There is little here the reader can use: no tip, lesson, story or specific." if score == 0 else
               f"There is a little to use ({', '.join(found)}), but not yet a tip or lesson someone could act on.")
        move = "Add one specific thing the reader can try today: a step, a number, or what you learned the hard way."
    return _signal("helpfulness", light, spans, why, move), score


def _length(p: _Post) -> Signal:
    n = len(p.words)
    if n < 8:
        light, why = "amber", f"At {n} word{'s' * (n != 1)} it is very short: by convention, too little to help or to answer."
    elif n > 220:
        light, why = "amber", f"At {n} words it is long for a feed: by convention, readers skim after the first lines."
    else:
        light, why = "green", f"At {n} words it is a comfortable length for a feed (a convention, not a rule)."
    move = "Aim for a few sentences: one point, one example, one question."
    return _signal("length", light, [], why, move)


def _syllables(word: str) -> int:
    """A rough syllable count (vowel groups, less a silent final e): good enough to spot long words."""
    w = word.lower()
    count = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def _readability(p: _Post) -> Signal:
    long_sentences, total_words = [], 0
    for s, e in p.sentences:
        n = len(_WORD.findall(p.text, s, e))
        total_words += n
        if n > 30:
            long_sentences.append((s, e))
    long_words = [(s, e) for s, e in p.words if e - s >= 7 and _syllables(p.text[s:e]) >= 4]
    n_sentences = max(1, sum(1 for s, e in p.sentences if _WORD.search(p.text, s, e)))
    average = total_words / n_sentences
    if long_sentences or average > 22:
        light = "amber"
        why = (f"Some sentences run long (average {average:.0f} words); by convention, short sentences are easier "
               "to read on a phone.")
        spans = long_sentences
    elif p.words and len(long_words) / len(p.words) > 0.15:
        light = "amber"
        why = f"Many long words ({_quote(p.text, long_words)}); plain words sound more like talk."
        spans = long_words
    else:
        light, spans = "green", []
        why = f"Easy to read: sentences average {average:.0f} words."
    move = "Split the longest sentence in two and swap one long word for a short one."
    return _signal("readability", light, spans, why, move)


# --- the verdict ------------------------------------------------------------------------------
# Points for each light; the verdict lists the signals that earned them, so nothing is hidden.
_PUSH = {"hard_sell": (3, 1), "shouting": (2, 1), "stuffing": (2, 1), "hype": (2, 1)}
_SELF_FOCUS = {"announcement": (2, 1), "audience": (2, 0)}


def _verdict(signals: dict[str, Signal], genuine: bool, bait: bool, help_score: int) -> tuple[str, tuple[str, ...]]:
    def points(table):
        earned = []
        for name, (red, amber) in table.items():
            light = signals[name].light
            value = red if light == "red" else amber if light == "amber" else 0
            if value:
                earned.append((name, light, value))
        return earned

    push = points(_PUSH)
    if bait:
        push.append(("invitation", "red", 3))
    self_focus = points(_SELF_FOCUS)
    talk = []
    if signals["helpfulness"].light == "green":
        talk.append(("helpfulness", "green", 3 + (help_score >= 8)))
    elif help_score >= 2:
        talk.append(("helpfulness", "amber", 1))
    if genuine:
        talk.append(("invitation", "green", 3))
    if signals["audience"].light == "green":
        talk.append(("audience", "green", 1))

    p = sum(v for *_, v in push)
    m = sum(v for *_, v in self_focus)
    t = sum(v for *_, v in talk)

    def named(items):
        return ", ".join(f"{SIGNAL_LABELS[n].lower()} ({light}, +{v})" for n, light, v in items)

    reasons = []
    if push:
        reasons.append(f"Broadcast pressure {p}: {named(push)}.")
    if self_focus:
        reasons.append(f"About me/us {m}: {named(self_focus)}.")
    if talk:
        reasons.append(f"Conversation {t}: {named(talk)}.")
    if t >= 3 and p >= 3:
        verdict = "mixed"
        reasons.append("It genuinely does both: the helpful part would work on its own, and the pitch or noise pulls against it.")
    elif t >= 3 and t > p + m - 1:
        verdict = "walkie-talkie"
        reasons.append("The conversation outweighs the broadcast: it helps or asks before anything else.")
    elif p + m >= 2:
        verdict = "bullhorn"
        reasons.append("It broadcasts more than it talks: nothing here outweighs the pitch, the noise or the news about me/us.")
    elif help_score or t:
        # Quiet posts: no pitch and no noise, and something human in it (a moment, a detail, a thanks).
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
        return VoiceReport(text, "empty", None, (), (), ("Write or paste a post to see its voice.",))
    notes = []
    read = text
    if len(text) > MAX_CHARS:
        read = text[:MAX_CHARS]
        notes.append(f"This post is {len(text):,} characters long; the meter read only the first {MAX_CHARS:,}.")
    p = _Post(read)
    foreign = _language_note(p.text)
    if foreign:
        return VoiceReport(text, "not-english", None, (), (), tuple(notes) + (foreign,))

    hard_sell, sell_spans = _hard_sell(p)
    hype, hype_strong = _hype(p)
    announcement = _announcement(p)
    bait_spans = _spans(_BAIT, p.text)
    # A sentence that sells or baits can't also count as the conversation, whatever else is in it.
    sold = p.sentences_with(sell_spans + bait_spans)
    invitation, genuine, bait = _invitation(p, sold)
    # Help inside a pitch, a hype line or a press release is part of the pitch, not a tip.
    blocked = sold | p.sentences_with([*hard_sell.spans, *hype_strong, *announcement.spans])
    helpfulness, help_score = _helpfulness(p, blocked, bool(sell_spans or bait_spans))
    audience, _, _ = _audience(p)
    signals = {s.name: s for s in (audience, invitation, helpfulness, hard_sell, _shouting(p), hype,
                                   announcement, _stuffing(p), _length(p), _readability(p))}
    verdict, reasons = _verdict(signals, genuine, bait, help_score)
    return VoiceReport(text, "ok", verdict, reasons, tuple(signals[n] for n in SIGNAL_NAMES), tuple(notes))


def compare(before: str, after: str) -> Comparison:
    """Read two versions of a post and say, signal by signal, what got better or worse.

    >>> compare("BUY NOW!!! Link in bio 🔥🔥🔥", "What's worked for you?").changes[0].name
    'audience'
    """
    b, a = analyze(before), analyze(after)
    if b.status != "ok" or a.status != "ok":
        which = "the original" if b.status != "ok" else "the rewrite"
        report = b if b.status != "ok" else a
        return Comparison(b, a, (), f"Nothing to compare yet: {which} can't be read ({report.notes[-1]})")
    changes = []
    for name in SIGNAL_NAMES:
        sb, sa = b.signal(name), a.signal(name)
        diff = LIGHT_LEVEL[sa.light] - LIGHT_LEVEL[sb.light]
        direction = "better" if diff > 0 else "worse" if diff < 0 else "same"
        if direction == "same":
            says = f"{sa.label}: still {sa.light}."
        else:
            says = f"{sa.label}: {sb.light} → {sa.light}, {direction}. {sa.why}"
        changes.append(Change(name, sa.label, sb.light, sa.light, direction, says))
    better = sum(c.direction == "better" for c in changes)
    worse = sum(c.direction == "worse" for c in changes)
    verdict = (f"Verdict: {b.verdict} → {a.verdict}." if a.verdict != b.verdict else f"Verdict: still {a.verdict}.")
    summary = f"{verdict} {better} signal{'s' * (better != 1)} better, {worse} worse, {len(changes) - better - worse} the same."
    return Comparison(b, a, tuple(changes), summary)
