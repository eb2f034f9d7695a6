"""Tests for the voice meter: each signal, its spans, bad input, compare(), accuracy, speed, imports."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import emoji
import pytest
import yaml

from widgets import voice
from widgets.content import datasets_dir, load_posts

ROOT = Path(__file__).resolve().parent.parent
LIGHTS = set(voice.LIGHT_ORDER)


def triggers(text: str, signal: voice.Signal) -> list[str]:
    return [text[s:e] for s, e in signal.spans]


# --- each signal: (signal, text, expected light, exact triggers that must be among its spans) ---------
SIGNAL_ROWS = [
    # audience
    pytest.param("audience", "We shipped our new dashboard and our team is proud of us.", "red", ["We", "our", "us"],
                 id="audience-red-all-we-and-our"),
    pytest.param("audience", "If your plants droop at noon, water them at dawn; you'll see the difference.", "green",
                 ["your", "you'll"], id="audience-green-talks-to-the-reader"),
    pytest.param("audience", "Water tomatoes at the base in the morning.", "amber", [],
                 id="audience-amber-speaks-to-no-one"),
    pytest.param("audience", "Thank you to our amazing members! Our team loves it.", "red", ["our", "Our"],
                 id="audience-thank-you-is-gratitude-not-reader-focus"),
    # invitation
    pytest.param("invitation", "What's one habit that made your mornings easier?", "green",
                 ["What's one habit that made your mornings easier?"], id="invitation-green-open-question"),
    pytest.param("invitation", "Has anyone kept squirrels out of bulbs without poison?", "green",
                 ["Has anyone kept squirrels out of bulbs without poison?"], id="invitation-green-anyone-question"),
    pytest.param("invitation", "Open to any tips that have actually worked.", "green", ["Open to any tips"],
                 id="invitation-green-ask-without-question-mark"),
    pytest.param("invitation", "DM me the word GROWTH and I'll send the guide.", "red", ["DM me the word GROWTH"],
                 id="invitation-red-dm-keyword-bait"),
    pytest.param("invitation", "Comment YES if you want the checklist.", "red", ["Comment YES"],
                 id="invitation-red-comment-yes"),
    pytest.param("invitation", "Comment 'PLAN' below and it's yours.", "red", ["Comment 'PLAN'"],
                 id="invitation-red-quoted-keyword"),
    pytest.param("invitation", "Tag 3 friends who need this!", "red", ["Tag 3"], id="invitation-red-tag-friends"),
    pytest.param("invitation", "Like if you agree. Leaders listen first.", "red", ["Like if"],
                 id="invitation-red-like-if-you-agree"),
    pytest.param("invitation", "Ready to 10x your income? It starts with mindset.", "amber",
                 ["Ready to 10x your income?"], id="invitation-amber-sales-question"),
    pytest.param("invitation", "Rest your steak for five minutes before slicing.", "amber", [],
                 id="invitation-amber-nothing-invites"),
    # shouting
    pytest.param("shouting", "This is HUGE and it's FINALLY HERE", "red", ["HUGE", "FINALLY", "HERE"],
                 id="shouting-red-all-caps-words"),
    pytest.param("shouting", "Doors are open!!! Come say hi 🎉🎉🎉", "red", ["!!!", "🎉🎉🎉"],
                 id="shouting-red-bangs-and-emoji-wall"),
    pytest.param("shouting", "Our CEO asked the AI team for a PDF of the SEO plan for the USA launch.", "green", [],
                 id="shouting-green-acronyms-are-not-shouting"),
    pytest.param("shouting", "Use code SPRING for the discount, or comment 'SCALE' below.", "green", [],
                 id="shouting-green-codes-and-quoted-keywords"),
    pytest.param("shouting", "Family weekend 👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧 at the lake", "amber", ["👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧"],
                 id="shouting-zwj-families-count-as-one-emoji-each"),
    pytest.param("shouting", "Family weekend 👩‍👩‍👧👩‍👩‍👧 at the lake", "green", [],
                 id="shouting-two-zwj-families-are-not-a-wall"),
    # hard sell
    pytest.param("hard_sell", "Only 5 spots left, link in bio!", "red", ["Only 5 spots left", "link in bio"],
                 id="hard-sell-red-scarcity-and-link-in-bio"),
    pytest.param("hard_sell", "Get 30% off with code SPRING30 this week.", "red", ["30% off", "with code SPRING30"],
                 id="hard-sell-red-discount-code"),
    pytest.param("hard_sell", "Fifteen years of weddings. DM to book your date.", "red", ["DM to book"],
                 id="hard-sell-red-dm-to-book"),
    pytest.param("hard_sell", "Sign up today and never miss a class.", "red", ["Sign up today"],
                 id="hard-sell-red-sign-up-today"),
    pytest.param("hard_sell", "Our big summer sale starts Friday.", "red", ["sale"], id="hard-sell-red-sale"),
    pytest.param("hard_sell", "My new course covers this in depth.", "amber", ["My new course"],
                 id="hard-sell-amber-mentions-own-offer"),
    pytest.param("hard_sell", "Record yourself answering, then try it tonight; it works.", "green", [],
                 id="hard-sell-green-tonight-is-not-a-deadline"),
    # stuffing
    pytest.param("stuffing", "Morning run done. #running #fitness #health #motivation", "red",
                 ["#running", "#fitness", "#health", "#motivation"], id="stuffing-red-four-hashtags"),
    pytest.param("stuffing", "Morning run done. #running #fitness #health", "amber", ["#running"],
                 id="stuffing-amber-three-hashtags"),
    pytest.param("stuffing", "Morning run done, legs heavy. #running", "green", [], id="stuffing-green-one-hashtag"),
    pytest.param("stuffing", "Read https://a.example/x and then https://b.example/y today", "red",
                 ["https://a.example/x", "https://b.example/y"], id="stuffing-red-two-links"),
    pytest.param("stuffing", "Great session with @ana @ben @cleo today", "red", ["@ana", "@ben", "@cleo"],
                 id="stuffing-red-mention-wall"),
    pytest.param("stuffing", "I wrote the checklist up here: https://notes.example/list", "green", [],
                 id="stuffing-green-one-link-is-sharing"),
    # helpfulness
    pytest.param("helpfulness", "Rest your steak for 5 minutes before slicing.", "green", ["Rest", "5 minutes"],
                 id="helpfulness-green-imperative-tip-with-a-number"),
    pytest.param("helpfulness", "I ruined three batches until a friend told me to rinse the rice first.", "green",
                 ["ruined", "until a friend"], id="helpfulness-green-story-with-a-lesson"),
    pytest.param("helpfulness", "Shop now, 20% off everything!", "red", [], id="helpfulness-red-nothing-but-a-pitch"),
    pytest.param("helpfulness", "Good morning, friends.", "amber", [], id="helpfulness-amber-nothing-to-use"),
    pytest.param("helpfulness", "Use code SAVE20 for 20% off today.", "red", [],
                 id="helpfulness-a-tip-verb-inside-a-pitch-does-not-count"),
    # hype
    pytest.param("hype", "This game-changing app is revolutionary. Guaranteed.", "red",
                 ["game-changing", "revolutionary", "Guaranteed"], id="hype-red-superlatives"),
    pytest.param("hype", "It will 10x your reach with one secret.", "red", ["10x", "secret"], id="hype-red-10x-secret"),
    pytest.param("hype", "An amazing morning at the market.", "amber", ["amazing"], id="hype-amber-one-mild-word"),
    pytest.param("hype", "Nothing magic: a dark room and a lot of patience.", "green", [],
                 id="hype-green-negated-magic-is-not-hype"),
    pytest.param("hype", "Bake at 200 degrees for 12 minutes.", "green", [], id="hype-green-specifics"),
    # announcement
    pytest.param("announcement", "Thrilled to announce we just launched our app!", "red", ["Thrilled to", "just launched"],
                 id="announcement-red-press-release"),
    pytest.param("announcement", "Honored to be back on stage again this year.", "amber", ["Honored to"],
                 id="announcement-amber-one-cue"),
    pytest.param("announcement", "Water in the morning, at the base of the plant.", "green", [],
                 id="announcement-green-no-news-about-me"),
    # length and readability are conventions: amber at most
    pytest.param("length", "Hello there.", "amber", [], id="length-amber-very-short"),
    pytest.param("length", "word " * 250, "amber", [], id="length-amber-very-long"),
    pytest.param("length", "Batch your email into two windows a day and keep the rest of the day for real work.",
                 "green", [], id="length-green-typical"),
    pytest.param("readability", "When you are trying to build a habit that lasts you should start with something so "
                 "small that it feels almost silly and then add a little more each week until it becomes part of the "
                 "way you live.", "amber", [], id="readability-amber-one-very-long-sentence"),
    pytest.param("readability", "Start small. Add a little each week. Keep going.", "green", [],
                 id="readability-green-short-sentences"),
]


@pytest.mark.parametrize("name, text, light, expected", SIGNAL_ROWS)
def test_signal_light_and_exact_triggers(name, text, light, expected):
    signal = voice.analyze(text).signal(name)
    assert signal is not None
    assert signal.light == light, signal.why
    found = triggers(text, signal)
    for trigger in expected:
        assert trigger in found, f"{trigger!r} not in {found!r}"


def test_readability_span_is_the_long_sentence():
    text = ("Short one first. When you are trying to build a habit that lasts you should start with something so "
            "small that it feels almost silly and then add a little more each week until it becomes part of life.")
    signal = voice.analyze(text).signal("readability")
    assert triggers(text, signal) == [text[len("Short one first. "):]]


def test_length_and_readability_are_never_red():
    text = "Antidisestablishmentarianism notwithstanding, " * 300
    report = voice.analyze(text)
    assert report.signal("length").light != "red" and report.signal("readability").light != "red"


# --- verdicts on crafted posts (not from the datasets) ---------------------------------------------
VERDICT_ROWS = [
    pytest.param("🚀 HUGE NEWS!!! Our app is LIVE. Download now, 50% OFF today only! #app #launch #deal #tech",
                 "bullhorn", id="verdict-bullhorn-loud-launch"),
    pytest.param("Thrilled to share that I've been named a Top 40 Founder. So grateful for this recognition.",
                 "bullhorn", id="verdict-bullhorn-quiet-brag"),
    pytest.param("If your sourdough is flat, try a longer cold proof: 12 hours in the fridge. What's worked for you?",
                 "walkie-talkie", id="verdict-walkie-tip-and-question"),
    pytest.param("I missed a deadline last month because I never asked for help. Now I flag risks on day one.",
                 "walkie-talkie", id="verdict-walkie-honest-lesson"),
    pytest.param("Water your pots in the morning so the leaves dry by night. Our self-watering planters are 40% off "
                 "this weekend only, link in bio!", "mixed", id="verdict-mixed-tip-then-pitch"),
]


@pytest.mark.parametrize("text, verdict", VERDICT_ROWS)
def test_verdict_on_crafted_posts(text, verdict):
    report = voice.analyze(text)
    assert report.verdict == verdict, report.reasons


def test_verdict_is_explained_by_named_signals():
    report = voice.analyze("Comment YES for my FREE guide!!! 🔥🔥🔥 #growth #money #mindset #success")
    text = " ".join(report.reasons).lower()
    assert report.verdict == "bullhorn"
    assert "invitation to reply" in text and "shouting" in text and "hard sell" in text


# --- bad input: never raise, always a report --------------------------------------------------------
BAD_INPUT_ROWS = [
    pytest.param("", "empty", id="empty-string"),
    pytest.param("   \n\t  ", "empty", id="whitespace-only"),
    pytest.param(None, "empty", id="none-is-treated-as-empty"),
    pytest.param("Great tip! " * 5000, "ok", id="fifty-thousand-characters"),
    pytest.param("👩‍👩‍👧 family day at the lake, who else loves these?", "ok", id="emoji-zwj-sequence"),
    pytest.param("👩‍👩‍👧" * 40, "ok", id="only-zwj-emoji"),
    pytest.param("مرحبا بكم في متجرنا، تسوقوا الآن واحصلوا على خصم كبير", "not-english", id="arabic-rtl"),
    pytest.param("שלום לכולם, זה הפוסט הראשון שלי על גינון", "not-english", id="hebrew-rtl"),
    pytest.param("我们的新产品今天上市，快来购买吧", "not-english", id="chinese"),
    pytest.param("¡Hola a todos! Hoy es el mejor día para empezar tu negocio con nosotros.", "not-english",
                 id="spanish"),
    pytest.param("Heute ist ein großartiger Tag, um mit uns dein Geschäft zu starten.", "not-english", id="german"),
    pytest.param("\x00\x1b[31mBUY NOW\x1b[0m and \x07 more", "ok", id="control-characters"),
    pytest.param("<script>alert(1)</script>", "ok", id="script-tag-is-just-text"),
    pytest.param("<img src=x onerror=alert(1)>", "ok", id="img-onerror-is-just-text"),
    pytest.param("!" * 5000, "ok", id="five-thousand-bangs-no-backtracking"),
    pytest.param(". " * 2500, "ok", id="five-thousand-dots-no-backtracking"),
    pytest.param("\u202eevil right-to-left override\u202c, what do you think?", "ok", id="bidi-control-characters"),
]


@pytest.mark.parametrize("text, status", BAD_INPUT_ROWS)
def test_bad_input_returns_a_report(text, status):
    started = time.perf_counter()
    report = voice.analyze(text)
    assert time.perf_counter() - started < 2.0  # catastrophic backtracking would take far longer
    assert report.status == status
    assert report.text == ("" if text is None else text)
    if status == "ok":
        assert report.verdict in {"bullhorn", "walkie-talkie", "mixed"}
        assert [s.name for s in report.signals] == list(voice.SIGNAL_NAMES)
        for s in report.signals:
            assert s.light in LIGHTS and s.why and s.move
            assert all(0 <= a < b <= min(len(report.text), voice.MAX_CHARS) for a, b in s.spans)
    else:
        assert report.verdict is None and report.signals == () and report.notes


def test_empty_post_note():
    assert voice.analyze("  ").notes == ("Write or paste a post to see its voice.",)


def test_not_english_note():
    report = voice.analyze("Hoy lanzamos nuestra nueva colección para toda la familia y para ti.")
    assert "English only for now" in report.notes[-1]


SHORT_ENGLISH_ROWS = [
    pytest.param("Loved the café in Málaga with José! 🌞 #travel", id="english-with-accented-names"),
    pytest.param("Danke Jana! What's your favourite tip for new gardeners?", id="english-with-a-german-thanks"),
    pytest.param("Great chat with 王芳 about hiring. What's your best interview question?", id="english-with-a-cjk-name"),
    pytest.param("🔥 New PR! #gym #fitness", id="short-emoji-and-hashtags"),
    pytest.param("OK", id="two-letters"),
]


@pytest.mark.parametrize("text", SHORT_ENGLISH_ROWS)
def test_short_english_is_not_flagged_foreign(text):
    assert voice.analyze(text).status == "ok"


def test_long_post_reads_only_the_first_5000_characters():
    text = "Rest your steak for 5 minutes. " * 2000
    report = voice.analyze(text)
    assert report.status == "ok" and report.text == text
    assert any("5,000" in note for note in report.notes)
    assert max(b for s in report.signals for _, b in s.spans) <= voice.MAX_CHARS


def test_emoji_walls_agree_with_the_emoji_package():
    text = "Weekend 👩‍👩‍👧 🇳🇱 👍🏽 1️⃣ done"
    (start, end), = voice.analyze(text).signal("shouting").spans
    assert len(emoji.emoji_list(text[start:end])) == 4
    assert text[start:end].startswith("👩") and text[start:end].endswith("1️⃣")


def test_report_helpers():
    report = voice.analyze("What's one habit that made your mornings easier?")
    assert report.signal("no-such-signal") is None
    tally = report.tally()
    assert set(tally) == LIGHTS and sum(tally.values()) == len(voice.SIGNAL_NAMES)
    assert voice.analyze("").tally() == {"red": 0, "amber": 0, "green": 0}


# --- compare() ------------------------------------------------------------------------------------
BEFORE = "🚨 BUY NOW!!! Our course is 70% OFF today only, link in bio 🔥🔥🔥 #money #success #growth #rich"
AFTER = "If budgeting keeps failing you, try one rule: move $25 to savings the day you're paid. What's worked for you?"


def test_compare_bullhorn_to_walkie_talkie():
    result = voice.compare(BEFORE, AFTER)
    changes = {c.name: c for c in result.changes}
    assert [c.name for c in result.changes] == list(voice.SIGNAL_NAMES)
    for name in ("hard_sell", "shouting", "stuffing", "invitation", "helpfulness"):
        assert changes[name].direction == "better", changes[name].says
    assert result.summary.startswith("Verdict: bullhorn → walkie-talkie.")


def test_compare_walkie_talkie_to_bullhorn_is_worse():
    result = voice.compare(AFTER, BEFORE)
    assert {c.direction for c in result.changes} >= {"worse"}
    assert all(c.direction != "better" for c in result.changes if c.name in ("hard_sell", "shouting"))


def test_compare_same_text_is_all_same():
    result = voice.compare(AFTER, AFTER)
    assert {c.direction for c in result.changes} == {"same"}
    assert "still walkie-talkie" in result.summary


COMPARE_UNREADABLE_ROWS = [
    pytest.param(BEFORE, "", "the rewrite", id="empty-rewrite"),
    pytest.param("", AFTER, "the original", id="empty-original"),
    pytest.param(BEFORE, "Hoy lanzamos nuestra nueva colección para toda la familia.", "the rewrite",
                 id="rewrite-not-english"),
]


@pytest.mark.parametrize("before, after, which", COMPARE_UNREADABLE_ROWS)
def test_compare_with_an_unreadable_side(before, after, which):
    result = voice.compare(before, after)
    assert result.changes == () and which in result.summary


def test_light_levels_order_red_amber_green():
    assert voice.LIGHT_ORDER == ("red", "amber", "green")
    assert voice.LIGHT_LEVEL == {"red": 0, "amber": 1, "green": 2}


# --- accuracy on labeled posts ----------------------------------------------------------------------
def accuracy(pairs) -> float:
    pairs = list(pairs)
    return sum(voice.analyze(text).verdict == label for text, label in pairs) / len(pairs)


def test_accuracy_on_posts_yaml():
    assert accuracy((p.text, p.label) for p in load_posts()) >= 0.90


def test_accuracy_on_the_holdout_never_used_for_tuning():
    holdout = yaml.safe_load((datasets_dir() / "posts_holdout.yaml").read_text(encoding="utf-8"))
    assert len(holdout) >= 40
    assert accuracy((rec["text"].strip(), rec["label"]) for rec in holdout) >= 0.85


def test_every_labeled_post_has_valid_spans_and_all_signals():
    for post in load_posts():
        report = voice.analyze(post.text)
        assert report.status == "ok", post.id
        assert len(report.signals) == len(voice.SIGNAL_NAMES), post.id
        for s in report.signals:
            assert all(0 <= a < b <= len(post.text) for a, b in s.spans), (post.id, s.name)


# --- speed and imports --------------------------------------------------------------------------------
def test_import_is_light_and_never_loads_ipywidgets():
    # Speed (posts/s, import time) is measured by benchmarks/run.py, not asserted by a timed test.
    code = "import sys; import widgets.voice; print('ipywidgets' in sys.modules, 'emoji' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
