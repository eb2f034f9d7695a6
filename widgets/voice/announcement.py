"""Announcing, not talking: press-release news about the writer or their brand."""

from __future__ import annotations

from .report import NAAMAN, Signal, _light, _quote, _signal
from .text import _Post, _find, _lexicon

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


def _announcement(p: _Post) -> Signal:
    news = _find(_ANNOUNCE, p.low)["news"]
    light = _light(len(news), 1, 2)
    if light == "green":
        why = "It doesn't read as a press release about you."
    else:
        why = f"It announces news about you or your brand ({_quote(p.text, news)}); {NAAMAN}."
    move = "Turn the news into something the reader can use: what did you learn getting there?"
    return _signal("announcement", light, news, why, move)

