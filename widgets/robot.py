"""Robot or human? Spots automated patterns in direct messages and posts, and checks human rewrites."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from widgets import voice
from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text
from widgets.voice import rules
from widgets.voice.text import LEAD, URL, cleaned, find_cues

LABELS = ("robot", "human")
# Long pastes are read only this far: the check must stay instant while a learner types.
MAX_CHARS = 5000

PATTERN_LABELS = {
    "template": "Unfilled template token",
    "instant_pitch": "Instant pitch to a new follower",
    "generic_flattery": "Generic flattery",
    "link_first": "Link before any hello",
    "mass_tagging": "Mass tagging",
    "channel_spam": "Channel or follow-back spam",
    "prize": "Prize or claim-now message",
    "templated_opener": "Form-letter opener",
}


@dataclass(frozen=True)
class RobotSignal:
    """One automated pattern found: its name, the exact trigger offsets, and why it reads as a robot."""

    name: str
    label: str
    spans: tuple[tuple[int, int], ...]  # text[start:end] is exactly the trigger
    reason: str


# --- the patterns ---------------------------------------------------------------------------------
# A merge field that was never filled in: {first_name}, {{name}}, [NAME], %FIRSTNAME%, <<Name>>.
_TEMPLATE = re.compile(r"\{\{?\s*[A-Za-z_][\w .-]{0,30}\}\}?|\[[A-Z][A-Z_ ]{1,30}\]|%[A-Z][A-Z_]{1,30}%"
                       r"|<<\s*[A-Za-z_][\w ]{0,30}>>")
# The phrases are content (datasets/voice/robot.yaml); they read the lowercased copy, whose offsets are
# the message's own.
_RULES = rules.load_rules("robot")
_CUE = {name: rules.compile_cues(branches, rules.macros_of(_RULES)) for name, branches in _RULES["patterns"].items()}
_GREETING = re.compile(r"^\s*(?:(?:hi|hey|hello|yo|dear|greetings)\b[^.!?\n,:]{0,25}[,.!:]?\s*)?")
_HANDLE = r"@\w(?:[\w.]*\w)?"
_MENTION_RUN = re.compile(rf"(?<![\w@.]){_HANDLE}(?:[\s,;&]+(?:and\s+)?{_HANDLE}){{2,}}")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_DIGITS = re.compile(r"\d{4,}")


def _find(name: str, low: str) -> list[tuple[int, int]]:
    return find_cues(_CUE[name], low)


def _template(text: str, low: str) -> RobotSignal | None:
    spans = tuple(m.span() for m in _TEMPLATE.finditer(text))
    if not spans:
        return None
    return RobotSignal("template", PATTERN_LABELS["template"], spans,
                       "A merge field was left in, so the reader sees that software wrote this to everyone.")


def _instant_pitch(text: str, low: str) -> RobotSignal | None:
    pitches = _find("pitch", low)
    if not pitches:
        return None
    thanks = _find("thanks_follow", low)
    # A pitch in a hello-message (or as the whole message) sells before any relationship exists.
    if not thanks and len(_WORD.findall(text)) > 25:
        return None
    return RobotSignal("instant_pitch", PATTERN_LABELS["instant_pitch"], tuple(sorted(thanks + pitches)),
                       "It sells before it says hello: a new follower gets an offer, not a conversation.")


def _generic_flattery(text: str, low: str) -> RobotSignal | None:
    praise = _find("flattery", low)
    if not praise:
        return None
    rest = low
    for start, end in reversed(praise):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    if _find("specific", rest):
        return None  # praise with a detail shows someone actually read it
    return RobotSignal("generic_flattery", PATTERN_LABELS["generic_flattery"], tuple(praise),
                       "Praise that fits anyone's account says nobody looked at yours: name one specific thing.")


def _link_first(text: str, low: str) -> RobotSignal | None:
    start = _GREETING.match(text).end()
    m = URL.search(low, start)
    if m is None:
        return None
    before = text[start:m.start()]
    # The link comes before the message has said anything: at most a word or two of lead-in.
    if len(_WORD.findall(before)) <= 2:
        return RobotSignal("link_first", PATTERN_LABELS["link_first"], (m.span(),),
                           "It opens with a link, so it reads as a drop, not a hello: talk first, link later if asked.")
    return None


def _mass_tagging(text: str, low: str) -> RobotSignal | None:
    # The people a reply opens with are who it answers, not a crowd pulled in: only later runs count.
    opening = LEAD.match(low) if "@" in text else None
    lead = opening.end() if opening else 0
    spans = tuple(m.span() for m in _MENTION_RUN.finditer(text) if m.start() >= lead)
    if not spans:
        return None
    return RobotSignal("mass_tagging", PATTERN_LABELS["mass_tagging"], spans,
                       "Tagging a crowd pulls people into a post that was not written for them.")


def _channel_spam(text: str, low: str) -> RobotSignal | None:
    spans = _find("channel", low)
    if not spans:
        return None
    return RobotSignal("channel_spam", PATTERN_LABELS["channel_spam"], tuple(spans),
                       "It asks strangers for subscribers or follow-backs: an account trading numbers, not talking.")


def _prize(text: str, low: str) -> RobotSignal | None:
    prizes, claims = _find("prize", low), _find("claim", low)
    # One cue is ordinary talk ("you won the quiz!"); a prize with a way to cash it in is a scam's shape.
    numbered = [c for c in claims if _DIGITS.search(low, c[0], c[1])]
    if not ((prizes and claims) or len(prizes) >= 2 or numbered or len(claims) >= 2):
        return None
    return RobotSignal("prize", PATTERN_LABELS["prize"], tuple(sorted(prizes + claims)),
                       "A prize the reader never entered for, and an order to claim it now: a mass text, not a person.")


def _templated_opener(text: str, low: str) -> RobotSignal | None:
    spans = _find("opener", low)
    if not spans:
        return None
    return RobotSignal("templated_opener", PATTERN_LABELS["templated_opener"], tuple(spans),
                       "It opens like a form letter sent to thousands: a person would use your name and say why.")


_DETECTORS = (_template, _instant_pitch, _generic_flattery, _link_first, _mass_tagging, _channel_spam, _prize,
              _templated_opener)


def detect(text: str | None) -> tuple[RobotSignal, ...]:
    """Every automated pattern in a message, in a fixed order, with exact spans and reasons.

    >>> [s.name for s in detect("Hey {first_name}, thanks for following! Check out my course")]
    ['template', 'instant_pitch']
    >>> detect("Loved your thread on cold starts, Sam. Which flour do you use?")
    ()
    """
    text = ("" if text is None else str(text))[:MAX_CHARS]
    if not text.strip():
        return ()
    low = cleaned(text)[1]  # lowercased, one character for one: offsets are the message's own
    return tuple(s for s in (d(text, low) for d in _DETECTORS) if s is not None)


def classify(text: str | None) -> str:
    """'robot' when any automated pattern shows, else 'human'.

    >>> classify("[NAME], love your content!")
    'robot'
    """
    return "robot" if detect(text) else "human"


# --- the labeled messages ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    """One invented message for the sorting exercise, labeled robot or human, with why."""

    id: str
    channel: str  # "dm" | "post" | "reply"
    label: str
    text: str
    why: str


@dataclass(frozen=True)
class RobotSpec:
    """The robot-or-human exercise: a prompt, a hint, messages to sort, and rewrite guidance."""

    id: str
    prompt: str
    hint: str
    rewrite_hint: str
    messages: tuple[Message, ...]
    model_rewrites: dict  # message id -> a model human rewrite (for the robotic ones)

    def message(self, message_id: str) -> Message | None:
        return next((m for m in self.messages if m.id == message_id), None)

    @property
    def robotic(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.label == "robot")


@functools.lru_cache(maxsize=None)
def load_messages(relative: str) -> tuple[Message, ...]:
    """The labeled messages of one file (``messages:``), validated.

    >>> len(load_messages("lesson03/messages_holdout.yaml")) >= 10
    True
    """
    raw = read_yaml(relative)
    messages = []
    for i, rec in enumerate(require(raw, "messages", relative, list)):
        where = f"{relative} message {i}"
        msg = Message(id=require(rec, "id", where), channel=require(rec, "channel", where),
                      label=require(rec, "label", where), text=require(rec, "text", where).strip(),
                      why=require(rec, "why", where))
        if msg.label not in LABELS:
            raise ContentError(f"{where} ({msg.id}): label '{msg.label}' is not one of {LABELS}")
        messages.append(msg)
    unique_ids(messages, relative)
    return tuple(messages)


@functools.lru_cache(maxsize=None)
def load_robot(relative: str = "lesson03/messages.yaml") -> RobotSpec:
    """Load and validate the labeled messages.

    >>> len(load_robot().messages) >= 40
    True
    """
    raw = read_yaml(relative)
    messages = load_messages(relative)
    rewrites = require(raw, "model_rewrites", relative, dict)
    ids = {m.id for m in messages}
    for key in rewrites:
        if key not in ids:
            raise ContentError(f"{relative}: model_rewrites names unknown message '{key}'")
    return RobotSpec(id=require(raw, "id", relative), prompt=require(raw, "prompt", relative),
                     hint=require(raw, "hint", relative), rewrite_hint=require(raw, "rewrite_hint", relative),
                     messages=messages, model_rewrites={k: str(v).strip() for k, v in rewrites.items()})


def accuracy(messages) -> float:
    """Share of messages whose label ``classify`` reproduces (0.0 for none).

    >>> accuracy([])
    0.0
    """
    messages = list(messages)
    if not messages:
        return 0.0
    return sum(classify(m.text) == m.label for m in messages) / len(messages)


def check_sort(message: Message, mark: str | None) -> Feedback:
    """Feedback on the learner's robot/human mark for one message, always with the reason.

    >>> m = Message("x", "dm", "robot", "Hi {name}!", "A merge field.")
    >>> check_sort(m, None).status, check_sort(m, "robot").status, check_sort(m, "human").status
    ('empty', 'correct', 'incorrect')
    """
    if mark not in LABELS:
        return Feedback("empty", "Robot or human? Choose one.")
    found = tuple(f"{s.label}: “{message.text[s.spans[0][0]:s.spans[0][1]]}”" for s in detect(message.text))
    if mark == message.label:
        return Feedback("correct", f"Yes, {'a robot' if mark == 'robot' else 'a human'}.", (message.why,) + found)
    return Feedback("incorrect", f"Look again: this one reads as {'a robot' if message.label == 'robot' else 'a human'}.",
                    (message.why,) + found)


def check_rewrite(original: str, draft: str | None) -> Feedback:
    """A rewrite passes when no robot pattern remains and the voice meter hears a walkie-talkie.

    >>> check_rewrite("Hi {name}!", "").status
    'empty'
    """
    text, note = clean_text(draft or "")
    if not text.strip():
        return Feedback("empty", "Write your human version in the box; the check reacts as you type.")
    if re.sub(r"\W+", " ", text).strip().lower() == re.sub(r"\W+", " ", original).strip().lower():
        return Feedback("incorrect", "That is still the original message. Write it as you would to one person.")
    signals = detect(text)
    report = voice.analyze(text)
    if report.status == "not-english":
        return Feedback("invalid", "The check reads English only for now, so it cannot judge this rewrite.",
                        report.notes)
    extra = (note,) if note else ()
    if signals:
        return Feedback("incorrect", "Still sounds automated.", tuple(f"{s.label}: {s.reason}" for s in signals) + extra)
    if report.verdict == "walkie-talkie":
        return Feedback("correct", "This sounds like a person writing to a person.", report.reasons[:1] + extra)
    moves = tuple(f"{s.label}: {s.move}" for s in report.signals if s.light != "green")[:3]
    return Feedback("partial", "No robot patterns left, but the voice is not conversational yet.",
                    (report.reasons[:1] + moves + extra))
