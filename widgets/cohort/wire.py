"""The cohort service's JSON: cohort records to plain dicts and back (the service and its client share it)."""

from __future__ import annotations

from typing import Any, Mapping

from widgets.cohort.model import Aggregates, Cohort, MemberInfo, Member, Submission

API = "api/v1/"  # below the service's base URL
REQUEST_LIMIT = 64_000  # bytes in one request body: a shared result is reduced before it is sent


def cohort_out(cohort: Cohort) -> dict:
    return {"id": cohort.id, "name": cohort.name, "code": cohort.code, "created_at": cohort.created_at}


def cohort_in(doc: Mapping[str, Any]) -> Cohort:
    return Cohort(id=int(doc["id"]), name=str(doc["name"]), code=str(doc["code"]), created_at=float(doc["created_at"]))


def member_out(member: Member) -> dict:
    """A member for its own learner (who holds the token already)."""
    return {"id": member.id, "cohort": cohort_out(member.cohort), "display_name": member.display_name,
            "token": member.token, "expires_at": member.expires_at}


def member_in(doc: Mapping[str, Any]) -> Member:
    return Member(id=str(doc["id"]), cohort=cohort_in(doc["cohort"]), display_name=doc.get("display_name"),
                  token=str(doc.get("token") or ""), expires_at=float(doc.get("expires_at") or 0))


def info_out(info: MemberInfo) -> dict:
    return {"id": info.id, "label": info.label, "joined_at": info.joined_at, "submissions": info.submissions,
            "revoked_by": info.revoked_by}


def info_in(doc: Mapping[str, Any]) -> MemberInfo:
    return MemberInfo(id=str(doc["id"]), label=str(doc["label"]), joined_at=float(doc["joined_at"]),
                      submissions=int(doc["submissions"]), revoked_by=doc.get("revoked_by"))


def submission_out(sub: Submission) -> dict:
    return {"id": sub.id, "member_id": sub.member_id, "member_label": sub.member_label,
            "exercise_id": sub.exercise_id, "kind": sub.kind, "payload": sub.payload,
            "created_at": sub.created_at, "hidden": sub.hidden, "approved": sub.approved}


def submission_in(doc: Mapping[str, Any]) -> Submission:
    payload = doc.get("payload")
    return Submission(id=int(doc["id"]), member_id=str(doc["member_id"]), member_label=str(doc["member_label"]),
                      exercise_id=str(doc["exercise_id"]), kind=str(doc["kind"]),
                      payload=payload if isinstance(payload, dict) else {}, created_at=float(doc["created_at"]),
                      hidden=bool(doc["hidden"]), approved=bool(doc["approved"]))


def aggregates_out(agg: Aggregates) -> dict:
    return {**agg.__dict__, "conversations": [list(pair) for pair in agg.conversations],
            "essences": [list(row) for row in agg.essences]}


def aggregates_in(doc: Mapping[str, Any]) -> Aggregates:
    return Aggregates(
        members=int(doc["members"]), submissions=int(doc["submissions"]),
        stages={str(k): int(v) for k, v in doc["stages"].items()},
        voice_before={str(k): int(v) for k, v in doc["voice_before"].items()},
        voice_after={str(k): int(v) for k, v in doc["voice_after"].items()},
        improved=int(doc["improved"]), voice_total=int(doc["voice_total"]),
        conversations=[(str(name), int(n)) for name, n in doc["conversations"]],
        essences=[(int(i), str(label), str(text), bool(ok)) for i, label, text, ok in doc["essences"]],
    )
