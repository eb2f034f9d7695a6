"""The learner's kernel: which cohort this learner shares with, and the one-line hook exercises call.

The kernel reaches the cohort one of two ways (``default_store``): through ``social-lab cohort
serve`` when ``$SOCIAL_LAB_COHORT_SERVICE`` is set (a hub: the kernel then holds no credential but
its own join token), else the store itself (``$SOCIAL_LAB_COHORT_URL`` or the SQLite file beside
the workbook: one ``present`` server where every kernel is the coach's own server-side code).

The functions below are the API a view (or a lasting join) builds on: ``join`` (idempotent for
one learner; kept in the workbook), ``resume`` (the kept join, on the next page, lesson or day),
``membership`` (is this learner a member, and if not why), ``leave``, ``earlier_question`` /
``answer_earlier`` (asked once after joining), ``share_earlier`` and ``share`` (the exercises' hook).
"""

from __future__ import annotations

import os
import secrets
import threading
import types
import weakref
from typing import Any, Callable, Mapping

from widgets.cohort.model import KIND_BY_EXERCISE, CohortError, Member

SERVICE_ENV = "SOCIAL_LAB_COHORT_SERVICE"
LEARNER_EXERCISE, LEARNER_KEY = "_cohort", "learner"  # where the workbook keeps the learner's stable id
MEMBERSHIP_KEY = "membership"  # {"token", "cohort", "asked_earlier"}: the join that lasts, in the same place
RESULT = "_result"  # what a shareable exercise saves and shares

_STATE: dict[str, Any] = {}
_LOCK = threading.Lock()


def set_membership(token: str | None, store=None) -> None:
    """Remember (or forget, with None) the signed token this kernel shares under."""
    if token is None:
        _STATE.pop("token", None)
    else:
        _STATE["token"] = token
    if store is not None:
        _STATE["store"] = store


def current_token() -> str | None:
    return _STATE.get("token")


def default_store():
    """The kernel's way to the cohort, opened once: the service client, or the store itself."""
    with _LOCK:
        if "store" not in _STATE:
            service = os.environ.get(SERVICE_ENV, "").strip()
            if service:
                from widgets.cohort.client import CohortClient

                _STATE["store"] = CohortClient(service)
            else:
                from widgets.cohort.store import CohortStore

                _STATE["store"] = CohortStore()
        return _STATE["store"]


def learner_id(workbook) -> str | None:
    """This learner's stable id, kept in their workbook (made on first use); None without a workbook.

    One learner, one workbook: on a shared server each learner's identity opens their own, so the
    id follows the learner, and re-joining a cohort finds the same member.
    """
    if workbook is None:
        return None
    try:
        found = workbook.setdefault(LEARNER_EXERCISE, LEARNER_KEY, secrets.token_hex(16))
        if isinstance(found, str) and len(found) >= 16:
            return found
        made = secrets.token_hex(16)  # something else was stored there: replace it
        workbook.save(LEARNER_EXERCISE, LEARNER_KEY, made)
        return made
    except Exception:  # an unreadable workbook: join without one (a new member each time)
        return None


def join(code: str, display_name: str | None = None, *, workbook=None, learner: str | None = None,
         store=None) -> Member:
    """Join with the code (the same member as before for the same learner) and share from now on.

    Raises ``CohortError`` with a sentence for the learner.
    """
    store = store or default_store()
    member = store.join(code, display_name, learner=learner or learner_id(workbook))
    set_membership(member.token, store)
    remember(workbook, member)
    return member


def _kept(workbook) -> dict[str, Any]:
    try:
        found = workbook.get(LEARNER_EXERCISE, MEMBERSHIP_KEY) if workbook is not None else None
    except Exception:  # an unreadable workbook: as if never joined here
        return {}
    return dict(found) if isinstance(found, Mapping) and isinstance(found.get("token"), str) else {}


def _keep(workbook, value: Mapping[str, Any] | None) -> None:
    if workbook is None:
        return
    try:
        if value is None:
            workbook.delete(LEARNER_EXERCISE, MEMBERSHIP_KEY)
        else:
            workbook.save(LEARNER_EXERCISE, MEMBERSHIP_KEY, dict(value))
    except Exception:  # a read-only workbook: the join lasts for this page only
        pass


def remember(workbook, member: Member) -> None:
    """Keep this learner's join in their workbook, so the next page, lesson or day is still joined.

    The signed token stays server-side (the kernel and the workbook); pages never show it. A re-join
    of the same cohort keeps the earlier answer to "share earlier work?".
    """
    kept = _kept(workbook)
    asked = bool(kept.get("asked_earlier")) and kept.get("member") == member.id
    _keep(workbook, {"token": member.token, "cohort": member.cohort.name, "member": member.id,
                     "asked_earlier": asked})


def resume(workbook, store=None) -> tuple[Member | None, str]:
    """Pick up the join kept in the workbook: ``(member, "")`` or ``(None, why not)``; never raises.

    A join the cohort refuses now (left elsewhere, turned off by the coach, expired) is forgotten
    here too; an unreachable cohort keeps it for the next page.
    """
    token = current_token() or _kept(workbook).get("token")
    if not token:
        return None, "Not joined."
    try:
        store = store or default_store()
        member, why = store.check(token)
    except Exception as exc:
        return None, f"The cohort is not reachable just now ({type(exc).__name__})."
    if member is None:
        if why and "not reachable" not in why:
            set_membership(None)
            _keep(workbook, None)
        return None, why
    set_membership(token, store)
    return member, ""


def earlier_question(workbook) -> dict[str, Mapping[str, Any]]:
    """The earlier results to ask about once, right after joining (empty once asked, or with nothing to share)."""
    kept = _kept(workbook)
    if not kept or kept.get("asked_earlier") or current_token() != kept.get("token"):
        return {}
    return earlier_results(workbook)


def answer_earlier(workbook, share_them: bool, store=None) -> tuple[int, list[str]]:
    """Record the learner's answer to "share earlier work?" (asked once) and share if they said yes."""
    kept = _kept(workbook)
    if kept:
        _keep(workbook, {**kept, "asked_earlier": True})
    return share_earlier(workbook, store) if share_them else (0, [])


def membership(store=None) -> tuple[Member | None, str]:
    """Is this kernel's learner a member now? ``(member, "")``, or ``(None, why not)``; never raises."""
    token = current_token()
    if not token:
        return None, "Not joined."
    try:
        return (store or default_store()).check(token)
    except Exception as exc:  # unreachable store
        return None, f"The cohort is not reachable just now ({type(exc).__name__})."


def leave(store=None, workbook=None) -> str:
    """Stop sharing: turn this learner's links off and forget them here; says what the coach still sees."""
    token = current_token() or _kept(workbook).get("token")
    set_membership(None)
    _keep(workbook, None)
    if not token:
        return "You were not sharing with a cohort."
    store = store or default_store()
    try:
        shared = store.shared_count(token)
        member = store.leave(token)
    except CohortError as exc:
        return f"Stopped sharing from here. The cohort said: {exc}"
    except Exception as exc:
        return (f"Stopped sharing from here, but the cohort could not be told just now ({type(exc).__name__}): "
                "your link may keep working until it expires.")
    seen = (f"Your coach still sees the {shared} result{'' if shared == 1 else 's'} you shared before "
            f"(they can hide {'it' if shared == 1 else 'them'})." if shared
            else "You had not shared anything, so your coach sees nothing from you.")
    return (f"You stopped sharing with {member.cohort.name}: your join link is turned off and nothing more is sent. "
            f"{seen}")


def earlier_results(workbook) -> dict[str, Mapping[str, Any]]:
    """The saved results a learner could share on joining: ``{exercise id: result}``, shareable ones only."""
    found: dict[str, Mapping[str, Any]] = {}
    if workbook is None:
        return found
    from widgets.course import workbook_data
    from widgets.progress import is_done

    try:
        data = workbook_data(workbook)
    except Exception:
        return found
    for exercise_id in KIND_BY_EXERCISE:
        if not is_done(exercise_id, data):  # the same rule as the course map: unfinished work is not shared
            continue
        try:
            result = workbook.get(exercise_id, RESULT)
        except Exception:
            continue
        if exercise_id == "01.rewrite-studio":  # the rewrites that pass, not every draft in the result
            from widgets.progress import passing_rewrites

            result = {"pairs": [{"task": task.id, "before": task.post, "after": draft}
                                for task, draft in passing_rewrites(data.get(exercise_id, {}))]}
        if isinstance(result, Mapping) and result:
            found[exercise_id] = result
    return found


def share_earlier(workbook, store=None) -> tuple[int, list[str]]:
    """Share what this learner did before joining: (results shared, reasons for any refused)."""
    token = current_token()
    if not token:
        return 0, ["Not joined."]
    store = store or default_store()
    shared, problems = 0, []
    for exercise_id, result in earlier_results(workbook).items():
        try:
            store.submit(token, exercise_id, result)
            shared += 1
        except CohortError as exc:
            problems.append(str(exc))
        except Exception as exc:
            problems.append(f"The cohort is not reachable just now ({type(exc).__name__}).")
            break
    return shared, problems


_LISTENERS: list[Callable[[], Callable[[str, str | None], None] | None]] = []


def on_share(callback: Callable[[str, str | None], None]) -> None:
    """Call ``callback(exercise_id, error_or_None)`` after each share attempt (a join box shows refusals).

    A bound method is held weakly: a view that registers itself can still be collected.
    """
    _LISTENERS.append(weakref.WeakMethod(callback) if isinstance(callback, types.MethodType) else (lambda: callback))


def share(exercise_id: str, payload: Mapping[str, Any]) -> bool:
    """Share one exercise's result with the cohort, if this learner joined one; never raises.

    The hook exercises call after saving their ``_result``. Returns True when stored.

    >>> share("01.conversation-finder", {"conversation": "bread"})  # not joined: nothing leaves
    False
    """
    token = _STATE.get("token")
    if not token or exercise_id not in KIND_BY_EXERCISE:
        return False
    error = None
    try:
        default_store().submit(token, exercise_id, payload)
    except CohortError as exc:  # a refusal with a reason: the join box can show it
        error = str(exc)
    except Exception as exc:  # a failing share must never break the exercise that called it
        error = f"The cohort is not reachable just now ({type(exc).__name__}); this result was not shared."
    _STATE["last_error"] = error
    for ref in list(_LISTENERS):
        callback = ref()
        if callback is None:
            _LISTENERS.remove(ref)
            continue
        try:
            callback(exercise_id, error)
        except Exception:  # a status display must not break sharing
            pass
    return error is None
