"""The learner's (and the coach's) side of ``social-lab cohort serve``: the store's methods, over HTTP.

A learner's server holds only the service address and, once joined, its own signed token: no
database URL, no secret. ``CohortClient`` offers what ``CohortStore`` offers a learner (join,
member, submit, learner_view, leave) and, with the coach key, a ``RemoteCoachSession`` with the
methods of ``CoachSession``. The standard library speaks HTTP here: a kernel imports nothing new.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Mapping

from widgets.cohort import wire
from widgets.cohort.aggregate import check_size, normalize_payload
from widgets.cohort.learner import SERVICE_ENV  # the address of `social-lab cohort serve`
from widgets.cohort.model import (check_member, Aggregates, CoachRefused, Cohort, CohortError, LimitReached, LinkRefused, Member,
                                  MemberInfo, Submission)

TIMEOUT_S = 10.0

_ERRORS = {403: LinkRefused, 429: LimitReached, 413: LimitReached}


class ServiceUnavailable(CohortError):
    """The service did not answer (or not as a cohort service does)."""

    status = 503


class CohortClient:
    """``CohortClient("http://127.0.0.1:8870/")``: the cohort as a learner's kernel reaches it."""

    def __init__(self, url: str, timeout: float = TIMEOUT_S) -> None:
        text = str(url or "").strip()
        if not text.startswith(("http://", "https://")):
            raise CohortError(f"${SERVICE_ENV} must be an http:// or https:// address, got {text[:80]!r}.")
        self.url = text if text.endswith("/") else text + "/"
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"CohortClient({self.url!r})"

    def close(self) -> None:
        pass

    # -- HTTP ------------------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None, bearer: str | None = None,
              refused: type[CohortError] = LinkRefused) -> Any:
        data = None if body is None else json.dumps(body, ensure_ascii=True).encode("ascii")
        request = urllib.request.Request(self.url + wire.API + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            message = _message(exc)
            kind = {**_ERRORS, 403: refused}.get(exc.code, CohortError if exc.code < 500 else ServiceUnavailable)
            raise kind(message or f"The cohort service refused that (HTTP {exc.code}).") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            why = getattr(exc, "reason", exc)
            raise ServiceUnavailable(f"The cohort service at {self.url} is not reachable just now ({why}).") from None

    # -- learner ---------------------------------------------------------------------------------

    def join(self, code: str, display_name: str | None = None, learner: str | None = None) -> Member:
        doc = self._call("POST", "join", {"code": str(code or ""), "display_name": display_name, "learner": learner})
        return wire.member_in(doc)

    def member(self, token: str) -> Member:
        return wire.member_in({**self._call("GET", "me", bearer=_bearer(token)), "token": str(token).strip()})

    def check(self, token: str | None) -> tuple[Member | None, str]:
        return check_member(self.member, token)

    def leave(self, token: str) -> Member:
        return wire.member_in({**self._call("POST", "leave", {}, bearer=_bearer(token)), "token": ""})

    def shared_count(self, token: str) -> int:
        return int(self._call("GET", "me", bearer=_bearer(token), refused=LinkRefused).get("shared", 0))

    def submit(self, token: str, exercise_id: str, payload: Mapping[str, Any]) -> int:
        """Reduce the result here (the voice analyzer runs in the learner's kernel), then send it."""
        check_size(payload)
        _kind, data = normalize_payload(exercise_id, payload)
        return int(self._call("POST", "share", {"exercise_id": exercise_id, "payload": data},
                              bearer=_bearer(token))["id"])

    def learner_view(self, token: str) -> Aggregates:
        return wire.aggregates_in(self._call("GET", "totals", bearer=_bearer(token)))

    # -- coach -----------------------------------------------------------------------------------

    def coach(self, name_or_code: str, key: str) -> RemoteCoachSession:
        doc = self._call("POST", "coach/session", {"cohort": str(name_or_code or ""), "key": str(key or "")},
                         refused=CoachRefused)
        return RemoteCoachSession(self, str(doc["session"]), wire.cohort_in(doc["cohort"]))

    def create_cohort(self, *_args, **_kwargs):
        raise CohortError("Cohorts are created where the cohort service runs: "
                          "social-lab cohort create NAME --store THE-SERVICE'S-STORE.")


class RemoteCoachSession:
    """The coach's view of one cohort through the service (the same methods as ``CoachSession``)."""

    def __init__(self, client: CohortClient, session: str, cohort: Cohort) -> None:
        self.client = client
        self.cohort = cohort
        self._session = session

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        return self.client._call(method, "coach/" + path, body, bearer=self._session, refused=CoachRefused)

    def submissions(self, include_hidden: bool = True) -> list[Submission]:
        rows = self._call("GET", "submissions" + ("" if include_hidden else "?hidden=0"))
        return [wire.submission_in(row) for row in rows]

    def aggregates(self) -> Aggregates:
        return wire.aggregates_in(self._call("GET", "aggregates"))

    def revision(self) -> tuple:
        return tuple(self._call("GET", "revision"))

    def members(self) -> list[MemberInfo]:
        return [wire.info_in(row) for row in self._call("GET", "members")]

    def set_hidden(self, submission_id: int, hidden: bool = True) -> bool:
        return bool(self._call("POST", "moderate", {"id": submission_id, "hidden": bool(hidden)})["done"])

    def set_approved(self, submission_id: int, approved: bool = True) -> bool:
        return bool(self._call("POST", "moderate", {"id": submission_id, "approved": bool(approved)})["done"])

    def set_revoked(self, member_id: str, revoked: bool = True) -> bool:
        return bool(self._call("POST", "revoke", {"member_id": str(member_id), "revoked": bool(revoked)})["done"])

    def set_link_days(self, days: int) -> None:
        self._call("POST", "link-days", {"days": days})


def _bearer(token: str) -> str:
    text = str(token or "").strip()
    # A header cannot carry every character: anything else is not a token anyway.
    if not text or not text.isascii() or any(ch in text for ch in "\r\n ") or len(text) > 400:
        raise LinkRefused("This join link is not valid. Ask your coach for the join code and join again.")
    return text


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        doc = json.loads(exc.read(16_000) or b"{}")
    except (ValueError, OSError):
        return ""
    message = doc.get("error") if isinstance(doc, dict) else None
    return str(message)[:500] if message else ""
