"""Aggregation: what one shared result keeps (``normalize_payload``) and what the dashboard counts."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable, Mapping

from widgets.cohort.model import (_EXERCISE_ID, KIND_BY_EXERCISE, PAYLOAD_LIMIT, RAW_PAYLOAD_LIMIT, TEXT_LIMIT,
                                  VERDICTS, Aggregates, CohortError, LimitReached, Submission, clean_text)


def _text(value: Any) -> str:
    return clean_text(str(value), TEXT_LIMIT).strip() if isinstance(value, (str, int, float)) else ""


def _last_item(payload: Mapping[str, Any]) -> str:
    items = payload.get("items")
    if isinstance(items, list) and items and isinstance(items[-1], (list, tuple)) and len(items[-1]) == 2:
        return _text(items[-1][1])
    return ""


def _item(payload: Mapping[str, Any], label: str) -> str:
    items = payload.get("items")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, (list, tuple)) and len(item) == 2 and item[0] == label:
            return _text(item[1])
    return ""


def normalize_payload(exercise_id: str, payload: Mapping[str, Any]) -> tuple[str, dict]:
    """The kind and the small dict stored for a shared result (an exercise's ``_result`` or a plain dict).

    Only the fields the dashboard needs are kept, each cleaned and capped.

    >>> normalize_payload("01.conversation-finder", {"brief": {"conversation": "bread baking"}})
    ('conversation', {'conversation': 'bread baking'})
    """
    if not isinstance(exercise_id, str) or not _EXERCISE_ID.match(exercise_id):
        raise CohortError("An exercise id looks like '01.rewrite-studio'.")
    kind = KIND_BY_EXERCISE.get(exercise_id)
    if kind is None:
        raise CohortError(f"{exercise_id} is not one of the exercises a cohort shares.")
    if not isinstance(payload, Mapping):
        raise CohortError("A shared result must be a dict.")
    if kind == "stage":
        # The stage's name ("Stage" item of the lesson 00 result) reads better on a chart than its id.
        data = {"stage": _item(payload, "Stage") or _text(payload.get("stage")) or _last_item(payload)}
    elif kind == "conversation":
        brief = payload.get("brief") if isinstance(payload.get("brief"), Mapping) else {}
        data = {"conversation": _text(payload.get("conversation")) or _text(brief.get("conversation"))}
    elif kind == "essence":
        data = {"essence": _text(payload.get("essence")) or _last_item(payload)}
    else:
        data = _voice_payload(payload)
    if not any(data.values()):
        raise CohortError("There is nothing to share yet: finish the exercise first.")
    if len(json.dumps(data, ensure_ascii=False)) > PAYLOAD_LIMIT:
        raise CohortError("That result is too long to share.")
    return kind, data


def check_size(payload: Any) -> None:
    """Refuse a result larger than ``RAW_PAYLOAD_LIMIT`` as an exercise hands it over."""
    try:
        size = len(json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8", "replace"))
    except (TypeError, ValueError, RecursionError):
        raise CohortError("A shared result must be plain data (text, numbers, lists).") from None
    if size > RAW_PAYLOAD_LIMIT:
        raise LimitReached(f"That result is too large to share ({size // 1000:,} KB; the limit is "
                           f"{RAW_PAYLOAD_LIMIT // 1000:,} KB). Your work is still saved in your workbook.")


def _voice_payload(payload: Mapping[str, Any]) -> dict:
    """Before/after verdicts (computed here from the texts when not given) and the rewrite."""
    before, after = payload.get("before_verdict"), payload.get("after_verdict")
    rewrite, original = payload.get("rewrite") or payload.get("after"), payload.get("before")
    pairs = payload.get("pairs")
    if isinstance(pairs, list) and pairs and isinstance(pairs[-1], Mapping):
        original, rewrite = pairs[-1].get("before", original), pairs[-1].get("after", rewrite)
    if (before not in VERDICTS or after not in VERDICTS) and original and rewrite:
        from widgets.voice import analyze

        before, after = analyze(_text(original)).verdict, analyze(_text(rewrite)).verdict
    return {"before_verdict": before if before in VERDICTS else "",
            "after_verdict": after if after in VERDICTS else "",
            "rewrite": _text(rewrite)}


def _aggregate(rows: Iterable[Submission]) -> Aggregates:
    rows = list(rows)
    latest: dict[tuple[str, str], Submission] = {}
    for row in rows:  # ordered by id: later shares replace earlier ones of the same kind
        latest[(row.member_id, row.kind)] = row
    stages: Counter = Counter()
    before: Counter = Counter()
    after: Counter = Counter()
    conversations: Counter = Counter()
    shown_as: dict[str, str] = {}
    improved = voice_total = 0
    essences = []
    for (_member, kind), row in sorted(latest.items(), key=lambda kv: kv[1].id):
        p = row.payload
        if kind == "stage" and p.get("stage"):
            stages[p["stage"]] += 1
        elif kind == "voice" and p.get("before_verdict") in VERDICTS and p.get("after_verdict") in VERDICTS:
            voice_total += 1
            before[p["before_verdict"]] += 1
            after[p["after_verdict"]] += 1
            improved += VERDICTS.index(p["after_verdict"]) > VERDICTS.index(p["before_verdict"])
        elif kind == "conversation" and p.get("conversation"):
            key = " ".join(p["conversation"].casefold().split())
            shown_as.setdefault(key, " ".join(p["conversation"].split()))
            conversations[key] += 1
        elif kind == "essence" and p.get("essence"):
            essences.append((row.id, row.member_label, p["essence"], row.approved))
    return Aggregates(
        members=len({row.member_id for row in rows}), submissions=len(rows),
        stages=dict(stages), voice_before={v: before[v] for v in VERDICTS}, voice_after={v: after[v] for v in VERDICTS},
        improved=improved, voice_total=voice_total,
        conversations=[(shown_as[k], n) for k, n in sorted(conversations.items(), key=lambda kv: (-kv[1], kv[0]))[:10]],
        essences=essences,
    )
