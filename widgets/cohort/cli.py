"""``social-lab cohort …``: create, list, serve, and turn learners' links off."""

from __future__ import annotations

import os
import sys
import time

from widgets.cohort.learner import SERVICE_ENV
from widgets.cohort.model import LINK_DAYS, LINK_DAYS_MAX, Cohort, CohortError, MemberInfo
from widgets.cohort.present import DASHBOARD
from widgets.cohort.store import STORE_NAME, URL_ENV, CohortStore

KEY_ENV = "SOCIAL_LAB_COACH_KEY"  # the coach key for scripts; otherwise it is asked for, never an argument
DEFAULT_PORT = 8870


def describe_new_cohort(cohort: Cohort, key: str, store: CohortStore, link_days: int = LINK_DAYS) -> str:
    """What ``social-lab cohort create`` prints: the join code, the coach key (once), what to do next."""
    return "\n".join([
        f"Created cohort {cohort.name!r}.",
        f"  Join code (give it to learners):      {cohort.code}",
        f"  Coach key (shown only now; keep it):  {key}",
        f"  Join links last {link_days} day{'' if link_days == 1 else 's'}; learners join again with the code after.",
        f"  Store: {store!r}",
        "Open the live dashboard:",
        "  social-lab present --coach --large-type",
        f"  then open /voila/render/{DASHBOARD} and enter the cohort name or code and the coach key.",
    ])


def describe_cohorts(store: CohortStore) -> str:
    """What ``social-lab cohort list`` prints: name, join code, members, submissions (never keys)."""
    rows = store.cohorts()
    if not rows:
        return f"No cohorts yet in {store!r}. Create one: social-lab cohort create NAME"
    lines = [f"{'join code':<10} {'members':>7} {'shared':>7}  name"]
    lines += [f"{c.code:<10} {members:>7} {subs:>7}  {c.name}" for c, members, subs in rows]
    return "\n".join(lines)


def describe_members(members: list[MemberInfo]) -> str:
    """What ``social-lab cohort members`` prints: who joined, how much each shared, who is turned off."""
    if not members:
        return "No one has joined yet."
    status = {None: "sharing", "learner": "stopped sharing", "coach": "turned off by the coach"}
    lines = [f"{'learner id':<18} {'shared':>6}  {'joined':<16} {'status':<24} label"]
    lines += [f"{m.id:<18} {m.submissions:>6}  {time.strftime('%Y-%m-%d %H:%M', time.localtime(m.joined_at)):<16} "
              f"{status.get(m.revoked_by, m.revoked_by):<24} {m.label}" for m in members]
    return "\n".join(lines)


def add_commands(commands) -> None:
    """``social-lab cohort create|list|serve|members|revoke``."""
    cohort = commands.add_parser("cohort", help="coach cohorts: create, list, serve to a hub, turn links off")
    sub = cohort.add_subparsers(title="cohort commands", metavar="ACTION", required=True)
    store_help = f"a SQLAlchemy URL or file (default ${URL_ENV} or {STORE_NAME} in the course folder)"
    create = sub.add_parser("create", help="create a cohort: prints its join code and coach key (once)")
    create.add_argument("name", metavar="NAME", help="a name you will recognise, e.g. 'Tuesday group'")
    create.add_argument("--store", metavar="URL", help=store_help)
    create.add_argument("--link-days", type=int, default=LINK_DAYS, metavar="N",
                        help=f"how many days a join link lasts (default {LINK_DAYS}, at most {LINK_DAYS_MAX})")
    create.set_defaults(run=_cli_create)
    listing = sub.add_parser("list", help="list cohorts with their join codes and counts (never keys)")
    listing.add_argument("--store", metavar="URL", help="as for 'create'")
    listing.set_defaults(run=_cli_list)

    serve = sub.add_parser("serve", help="serve the cohort store to learners' servers over HTTP (a hub, a class)",
                           description="Learners' servers then need only this service's address in "
                                       f"${SERVICE_ENV}: no database URL, no secret.")
    serve.add_argument("--store", metavar="URL", help="as for 'create'")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine "
                                                           "only; put a proxy with https in front for others)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks one)")
    serve.add_argument("--base-url", metavar="PATH", default=None,
                       help="the path the proxy forwards, e.g. /services/social-lab-cohort/ "
                            "(default $JUPYTERHUB_SERVICE_PREFIX, else /)")
    serve.set_defaults(run=_cli_serve)

    for name, text in (("members", "list a cohort's learners: what each shared, who stopped (asks the coach key)"),
                       ("revoke", "turn one learner's join link off, or back on with --restore (asks the coach key)")):
        command = sub.add_parser(name, help=text)
        command.add_argument("cohort", metavar="COHORT", help="the cohort's name or join code")
        if name == "revoke":
            command.add_argument("learner", metavar="LEARNER", help="a learner id from 'members' (or its first "
                                                                   "characters), or their exact label")
            command.add_argument("--restore", action="store_true", help="let them join again with the code")
        where = command.add_mutually_exclusive_group()
        where.add_argument("--store", metavar="URL", help="as for 'create'")
        where.add_argument("--service", metavar="URL", help=f"a cohort service's address (default ${SERVICE_ENV})")
        command.set_defaults(run=_cli_members if name == "members" else _cli_revoke)


def _cli(work) -> int:
    import sys

    try:
        print(work())
    except CohortError as exc:
        print(f"social-lab: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bad URL or an unreachable server: one line, no traceback
        print(f"social-lab: cannot use the cohort store: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
              file=sys.stderr)
        return 1
    return 0


def _cli_create(args) -> int:
    def work():
        store = CohortStore(args.store)
        made, key = store.create_cohort(args.name, link_days=args.link_days)
        return describe_new_cohort(made, key, store, args.link_days)
    return _cli(work)


def _cli_serve(args) -> int:
    from widgets.cohort.service import serve

    def ready(address: str) -> None:
        print(f"Cohort service listening on {address}", flush=True)
        print(f"On learners' servers set {SERVICE_ENV} to the address they reach it at "
              "(through your proxy: https://…/services/NAME/). Press Ctrl+C to stop.", flush=True)
    try:
        serve(args.store, host=args.host, port=args.port, base_url=args.base_url, ready=ready)
    except OSError as exc:
        print(f"social-lab: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except CohortError as exc:
        print(f"social-lab: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bad store URL: one line, no traceback
        print(f"social-lab: cannot use the cohort store: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
              file=sys.stderr)
        return 1
    return 0


def _coach_key() -> str:
    key = os.environ.get(KEY_ENV, "")
    if key:
        return key
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("Coach key: ")
    return (sys.stdin.readline() if sys.stdin is not None else "").strip()


def _session(args):
    service = args.service or (None if args.store else os.environ.get(SERVICE_ENV, "").strip() or None)
    if service:
        from widgets.cohort.client import CohortClient

        where = CohortClient(service)
    else:
        where = CohortStore(args.store)
    return where.coach(args.cohort, _coach_key())


def _cli_members(args) -> int:
    return _cli(lambda: describe_members(_session(args).members()))


def _cli_revoke(args) -> int:
    def work():
        session = _session(args)
        wanted = str(args.learner).strip()
        members = session.members()
        found = [m for m in members if m.id == wanted] or [m for m in members if m.label == wanted] or (
            [m for m in members if m.id.startswith(wanted.lower())] if len(wanted) >= 4 else [])
        if len(found) != 1:
            raise CohortError(f"{'No' if not found else 'More than one'} learner in {session.cohort.name!r} matches "
                              f"{wanted!r}; see 'social-lab cohort members'.")
        member = found[0]
        session.set_revoked(member.id, not args.restore)
        if args.restore:
            return f"{member.label} can join {session.cohort.name!r} again with the code (their old link stays off)."
        return (f"Turned off {member.label}'s join link in {session.cohort.name!r}: nothing more from them is "
                "accepted, and they cannot join again until you run this with --restore.")
    return _cli(work)


def _cli_list(args) -> int:
    return _cli(lambda: describe_cohorts(CohortStore(args.store)))
