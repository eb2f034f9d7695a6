"""English only for now: spot a post in another language or script before judging its voice."""

from __future__ import annotations

import re

from .text import _Post

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

