"""``social-lab cohort …``: create and list cohorts."""

from __future__ import annotations

from widgets.cohort.model import Cohort, CohortError
from widgets.cohort.present import DASHBOARD
from widgets.cohort.store import STORE_NAME, URL_ENV, CohortStore


def describe_new_cohort(cohort: Cohort, key: str, store: CohortStore) -> str:
    """What ``social-lab cohort create`` prints: the join code, the coach key (once), what to do next."""
    return "\n".join([
        f"Created cohort {cohort.name!r}.",
        f"  Join code (give it to learners):      {cohort.code}",
        f"  Coach key (shown only now; keep it):  {key}",
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


def add_commands(commands) -> None:
    """``social-lab cohort create NAME`` and ``social-lab cohort list``."""
    cohort = commands.add_parser("cohort", help="create and list coach cohorts (live dashboard of shared results)")
    sub = cohort.add_subparsers(title="cohort commands", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="create a cohort: prints its join code and coach key (once)")
    create.add_argument("name", metavar="NAME", help="a name you will recognise, e.g. 'Tuesday group'")
    create.add_argument("--store", metavar="URL", help=f"a SQLAlchemy URL or file (default ${URL_ENV} or {STORE_NAME})")
    create.set_defaults(run=_cli_create)
    listing = sub.add_parser("list", help="list cohorts with their join codes and counts (never keys)")
    listing.add_argument("--store", metavar="URL", help="as for 'create'")
    listing.set_defaults(run=_cli_list)


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
        made, key = store.create_cohort(args.name)
        return describe_new_cohort(made, key, store)
    return _cli(work)


def _cli_list(args) -> int:
    return _cli(lambda: describe_cohorts(CohortStore(args.store)))
