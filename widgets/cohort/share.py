"""The learner's kernel: who this kernel shares as, and the one-line hook exercises call."""

from __future__ import annotations

from typing import Any, Mapping

from widgets.cohort.model import KIND_BY_EXERCISE
from widgets.cohort.store import CohortStore

_STATE: dict[str, Any] = {}


def set_membership(token: str | None, store: CohortStore | None = None) -> None:
    """Remember (or forget, with None) the signed token this kernel shares under."""
    if token is None:
        _STATE.pop("token", None)
    else:
        _STATE["token"] = token
    if store is not None:
        _STATE["store"] = store


def current_token() -> str | None:
    return _STATE.get("token")


def default_store() -> CohortStore:
    """The kernel's store, opened once."""
    if "store" not in _STATE:
        _STATE["store"] = CohortStore()
    return _STATE["store"]


def share(exercise_id: str, payload: Mapping[str, Any]) -> bool:
    """Share one exercise's result with the cohort, if this learner joined one; never raises.

    The hook exercises call after saving their ``_result``. Returns True when stored.

    >>> share("01.conversation-finder", {"conversation": "bread"})  # not joined: nothing leaves
    False
    """
    token = _STATE.get("token")
    if not token or exercise_id not in KIND_BY_EXERCISE:
        return False
    try:
        default_store().submit(token, exercise_id, payload)
    except Exception as exc:  # a failing share must never break the exercise that called it
        _STATE["last_error"] = f"{type(exc).__name__}: {exc}"
        return False
    return True
