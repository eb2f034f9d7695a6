"""The ``social-lab`` commands that take the course to people: hub-link, embed-snippet, site, present --embed-origin."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from widgets import embed, hub
from widgets.site.lessons import LessonNotFound, find_lessons, pick_lessons

_EXPECTED = (hub.LinkError, embed.OriginError, LessonNotFound)


def add_present_options(present: argparse.ArgumentParser) -> None:
    """``--embed-origin`` (repeatable) and ``--allow-wildcard-origin`` on ``social-lab present``."""
    present.add_argument("--embed-origin", action="append", default=[], metavar="ORIGIN",
                         help="let this site show the lessons in an iframe, e.g. https://lms.example.org "
                              "(repeat for more; scheme://host[:port] only)")
    present.add_argument("--allow-wildcard-origin", action="store_true",
                         help="accept origins like https://*.example.org in --embed-origin")


# Every file under /voila/labextensions/ is named by its content hash (remoteEntry.<hash>.js,
# <chunk>.<hash>.js?v=<hash>), so a browser may keep it for good. Voilà sends them "no-cache",
# which makes every page of the course re-ask for some 25 scripts before it can start: nothing on
# loopback, a round trip each for a room on Wi-Fi. Voilà's own /voila/static/ files are not
# hashed, so they keep Voilà's revalidation.
IMMUTABLE_ASSETS = "/voila/labextensions/"
CACHE_SETTINGS = {"static_immutable_cache": [IMMUTABLE_ASSETS]}


def present_args(args: argparse.Namespace | None = None) -> list[str]:
    """Extra Voilà arguments for ``present`` (``None``: no embedding origins); raises ``ValueError``
    with a clear message for a bad origin."""
    allowed = embed.origins(getattr(args, "embed_origin", None) or [],
                            allow_wildcard=getattr(args, "allow_wildcard_origin", False))
    if allowed:
        print(f"Lessons may be shown in iframes on: {', '.join(allowed)}")
    return embed.tornado_args({**(embed.tornado_settings(allowed) if allowed else {}), **CACHE_SETTINGS})


def add_commands(commands) -> None:
    """Register ``hub-link``, ``embed-snippet`` and ``site`` on the ``social-lab`` subparsers."""
    link = commands.add_parser("hub-link", help="print JupyterHub links (nbgitpuller) that open the lessons")
    link.add_argument("--hub", required=True, metavar="URL", help="your JupyterHub, e.g. https://hub.example.org")
    link.add_argument("--repo", default=hub.DEFAULT_REPO, metavar="URL", help="the course repository to pull")
    link.add_argument("--branch", default=hub.DEFAULT_BRANCH, help="branch to pull (default main)")
    link.add_argument("--lesson", metavar="N", help="only this lesson (e.g. 1 or 01)")
    link.add_argument("--voila", action="store_true", help="open as a Voilà app instead of JupyterLab")
    link.add_argument("--lessons", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    link.set_defaults(run=_guarded(_hub_link))

    snippet = commands.add_parser("embed-snippet", help="print an <iframe> per lesson to paste into an LMS page")
    snippet.add_argument("--base", required=True, metavar="URL",
                         help="where 'social-lab present' is reachable, e.g. https://course.example.org")
    snippet.add_argument("--lesson", metavar="N", help="only this lesson")
    snippet.add_argument("--origin", action="append", default=[], metavar="ORIGIN",
                         help="also print the voila.json / jupyter_server_config.json allowing this LMS origin")
    snippet.add_argument("--allow-wildcard-origin", action="store_true", help="accept https://*.example.org origins")
    snippet.add_argument("--height", type=int, default=900, help="iframe height in pixels (default 900)")
    snippet.add_argument("--lessons", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    snippet.set_defaults(run=_guarded(_embed_snippet))

    site = commands.add_parser("site", help="build a static HTML copy of the course that opens offline")
    site.add_argument("out", type=Path, metavar="OUT", help="folder to write the site into")
    site.add_argument("--hub", metavar="URL", help="also link every lesson to this JupyterHub")
    site.add_argument("--repo", default=hub.DEFAULT_REPO, metavar="URL", help="repository the live links open")
    site.add_argument("--branch", default=hub.DEFAULT_BRANCH, help="branch the live links open (default main)")
    site.add_argument("--lessons", type=Path, metavar="DIR", help="build from this lessons folder instead")
    site.add_argument("--execute", action="store_true",
                      help="run every lesson first (default: show them as committed, already executed)")
    site.add_argument("--live", action="store_true",
                      help="build the live edition instead: every lesson runs in the learner's browser (Python "
                           "in WebAssembly), offline, with the work kept in the browser; needs pip and npm at "
                           "build time only")
    site.add_argument("--cache", type=Path, metavar="DIR",
                      help="with --live: keep the downloaded build tools, Pyodide and wheels here "
                           "(default $SOCIAL_LAB_SITE_CACHE or ~/.cache/social-lab-site)")
    site.add_argument("--base-url", metavar="URL",
                      help="with --live: where the folder will be published, for the embed codes in embed.html")
    site.set_defaults(run=_guarded(_site))


def _guarded(command):
    """Run ``command``; an expected mistake becomes one line on stderr and exit code 2."""
    def run(args: argparse.Namespace) -> int:
        from widgets.site.live import LiveSiteError
        from widgets.site.static import SiteError

        try:
            return command(args)
        except (*_EXPECTED, SiteError, LiveSiteError) as exc:
            print(f"social-lab: {' '.join(str(exc).split())}", file=sys.stderr)
            return 2
    return run


def _lessons(args: argparse.Namespace):
    return pick_lessons(find_lessons(args.lessons), args.lesson)


def _hub_link(args: argparse.Namespace) -> int:
    hub_url, repo = hub.hub_url(args.hub), hub.repo_url(args.repo)
    branch = hub.branch_name(args.branch)
    for lesson in _lessons(args):
        print(f"# {lesson.title}")
        print(hub.git_pull_link(hub_url, repo, branch, lesson, voila=args.voila))
    return 0


def _embed_snippet(args: argparse.Namespace) -> int:
    allowed = embed.origins(args.origin, allow_wildcard=args.allow_wildcard_origin)
    for lesson in _lessons(args):
        print(f"<!-- {lesson.title.replace('--', '–')} -->")
        print(embed.iframe_snippet(embed.render_url(args.base, lesson), lesson.title, args.height))
    if allowed:
        print("\n<!-- standalone: run 'social-lab present' with "
              + " ".join(f"--embed-origin {o}" for o in allowed)
              + ", or put this voila.json in the folder voila starts in: -->")
        print(json.dumps(embed.voila_json(allowed), indent=2))
        print("<!-- Voilà inside Jupyter Server (JupyterHub): jupyter_server_config.json in a config "
              "folder listed by 'jupyter --paths' (e.g. /etc/jupyter/): -->")
        print(json.dumps(embed.server_config(allowed), indent=2))
    return 0


def _site(args: argparse.Namespace) -> int:
    from widgets.site.static import build_site

    if args.live:
        return _live_site(args)
    if args.cache or args.base_url:
        raise embed.OriginError("--cache and --base-url go with --live.")
    if args.hub:
        hub.hub_url(args.hub)
    report = build_site(args.out, args.lessons, repo=args.repo, branch=args.branch, hub=args.hub,
                        execute=args.execute)
    print(report.summary())
    return 0


def _live_site(args: argparse.Namespace) -> int:
    from widgets.site.live import build_live_site

    if args.hub or args.execute:
        raise embed.OriginError("--hub and --execute are for the static site; the live site runs the lessons itself.")
    base = hub._clean_url(args.base_url, "base URL", "https://courses.example.org/social-lab") if args.base_url else None
    report = build_live_site(args.out, args.lessons, cache=args.cache, base_url=base,
                             log=lambda line: print(line, file=sys.stderr))
    print(report.summary())
    return 0
