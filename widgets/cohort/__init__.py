"""Cohorts: a coach's group of learners who opt in to share chosen results, and the live aggregates.

Pure logic and storage: no ipywidgets here. One module per job:

    model.py      records, limits, the consent statement, ``CohortError``
    keys.py       the coach key's hash, the signed join token and its link
    store.py      ``CohortStore`` (SQLite or PostgreSQL via SQLAlchemy Core) and ``CoachSession``
    aggregate.py  what one shared result keeps, and the counts the dashboard draws
    charts.py     the dashboard's plotly figure dicts
    learner.py    the learner's kernel: join, membership, leave, share earlier work, the ``share`` hook
    wire.py       the cohort service's JSON
    client.py     ``CohortClient``: the store's learner and coach methods over HTTP (hub kernels)
    service.py    ``social-lab cohort serve``: the store behind a small tornado web service
    present.py    ``social-lab present`` options for coaches
    cli.py        ``social-lab cohort …``

Privacy model: a learner shares only by joining (opt-in) and only what the chosen exercises send;
learners read aggregates and coach-approved text, never another learner's raw submission; the
coach reads everything for their own cohort after proving the coach key, which is stored hashed.
Join links expire (``LINK_DAYS``) and are turned off by "Stop sharing" or by the coach; one learner
(a stable id) is one member. On a hub, learners' servers get the service's address, never the store.
"""

from __future__ import annotations

from widgets.cohort.aggregate import _aggregate, normalize_payload
from widgets.cohort.charts import (conversations_figure_data, live_numbers, stages_figure_data, summary_text,
                                   voice_figure_data)
from widgets.cohort.cli import add_commands, describe_cohorts, describe_new_cohort
from widgets.cohort.keys import JOIN_PARAM, SCRYPT, hash_key, join_link, token_from_query
from widgets.cohort.model import (CONSENT_FILE, DISPLAY_NAME_LIMIT, KIND_BY_EXERCISE, KINDS, LINK_DAYS,
                                  MEMBER_LIMIT, MEMBER_SUBMISSION_LIMIT, NAME_LIMIT, PAYLOAD_LIMIT, RATE_PER_MINUTE,
                                  RAW_PAYLOAD_LIMIT, TEXT_LIMIT, VERDICTS, Aggregates, CoachRefused, Cohort,
                                  CohortError, Consent, LimitReached, LinkRefused, Member, MemberInfo, Submission,
                                  anonymous_label, clean_text, load_consent, normalize_code)
from widgets.cohort.present import (DASHBOARD, PRESENT_TEMPLATE, Launch, add_present_options, present_extra,
                                    present_options, present_plan)
from widgets.cohort.learner import (SERVICE_ENV, answer_earlier, current_token, default_store, earlier_question,
                                    earlier_results, join, learner_id, leave, membership, on_share, remember, resume,
                                    set_membership, share, share_earlier)
from widgets.cohort.store import CODE_ALPHABET, CODE_LENGTH, STORE_NAME, URL_ENV, CoachSession, CohortStore, default_url

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "CONSENT_FILE", "DASHBOARD", "DISPLAY_NAME_LIMIT", "JOIN_PARAM", "KINDS", "KIND_BY_EXERCISE",
    "NAME_LIMIT", "PAYLOAD_LIMIT", "PRESENT_TEMPLATE", "SCRYPT", "STORE_NAME", "TEXT_LIMIT", "URL_ENV", "VERDICTS",
    "LINK_DAYS", "MEMBER_LIMIT", "MEMBER_SUBMISSION_LIMIT", "RATE_PER_MINUTE", "RAW_PAYLOAD_LIMIT", "SERVICE_ENV",
    "CoachRefused", "CohortClient", "LimitReached", "LinkRefused", "MemberInfo", "RemoteCoachSession",
    "ServiceUnavailable", "answer_earlier", "earlier_question", "earlier_results", "remember", "resume", "join", "learner_id", "leave", "membership", "on_share",
    "share_earlier",
    "Aggregates", "CoachSession", "Cohort", "CohortError", "CohortStore", "Consent", "Member", "Submission",
    "_aggregate", "add_commands", "add_present_options", "anonymous_label", "clean_text",
    "conversations_figure_data", "current_token", "default_store", "default_url", "describe_cohorts",
    "describe_new_cohort", "hash_key", "join_link", "load_consent", "normalize_code", "normalize_payload",
    "Launch", "live_numbers", "present_extra", "present_options", "present_plan", "set_membership", "share", "stages_figure_data", "summary_text",
    "token_from_query", "voice_figure_data",
]

_LAZY = {"CohortClient", "RemoteCoachSession", "ServiceUnavailable"}  # HTTP: only a hub kernel needs it


def __getattr__(name: str):
    if name in _LAZY:
        from widgets.cohort import client

        return getattr(client, name)
    raise AttributeError(f"module 'widgets.cohort' has no attribute {name!r}")
