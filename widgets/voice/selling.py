"""Hard sell: calls to buy now, prices and discounts, scarcity, and pointing at one's own offer."""

from __future__ import annotations

import re

from .report import CLUETRAIN, Signal, _quote, _signal
from .text import _Post, _find, _lexicon, _spans

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

