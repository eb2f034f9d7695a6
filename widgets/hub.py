"""Links that open the course where people are: JupyterHub (nbgitpuller) and Binder (pure, no ipywidgets)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from widgets.site.lessons import Lesson

DEFAULT_REPO = "https://github.com/social-leadership-lab/social-leadership-lab"
DEFAULT_BRANCH = "main"
BINDER = "https://mybinder.org"
LESSONS_FOLDER = "lessons"
# A git branch or tag as people type them: no spaces, no "..", no leading dash or slash.
_BRANCH = re.compile(r"^(?!-)(?!/)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/\-]{1,200}(?<!/)(?<!\.lock)$")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.\-]*[a-z0-9])?$|^[0-9a-f:.]+$")  # urlsplit lower-cases hostname


class LinkError(ValueError):
    """An input that cannot make a working link; the message says what to type instead."""


def _clean_url(url: str, what: str, example: str) -> str:
    text = (url or "").strip()
    if not text:
        raise LinkError(f"The {what} is empty; give one like {example}.")
    if len(text) > 2000 or any(ord(c) < 33 or ord(c) == 127 for c in text) or any(c in text for c in "\"'<>\\`"):
        raise LinkError(f"The {what} {text[:80]!r} has spaces, quotes or control characters; give one like {example}.")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise LinkError(f"The {what} {text[:80]!r} is not a valid URL; give one like {example}.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise LinkError(f"The {what} must start with https:// (or http://), not {text[:80]!r}; like {example}.")
    if not parts.hostname or not _HOST.match(parts.hostname):
        raise LinkError(f"The {what} {text[:80]!r} has no valid host name; give one like {example}.")
    if "@" in parts.netloc:
        raise LinkError(f"The {what} must not carry a user name or password: {what}s are shared with learners.")
    if parts.query or parts.fragment:
        raise LinkError(f"The {what} must not have a '?…' or '#…' part; give one like {example}.")
    return text.rstrip("/")


def hub_url(url: str) -> str:
    """A JupyterHub's address, checked: http(s), a host, no query; the trailing slash dropped.

    >>> hub_url("https://hub.example.org/")
    'https://hub.example.org'
    """
    text = _clean_url(url, "hub URL", "https://hub.example.org")
    if text.endswith("/hub"):
        text = text[: -len("/hub")]  # people paste the hub's own page; links add /hub/ themselves
    return text


def repo_url(url: str) -> str:
    """A git repository's https address, checked (what nbgitpuller clones).

    >>> repo_url("https://github.com/acme/course/")
    'https://github.com/acme/course'
    """
    text = _clean_url(url, "repository URL", DEFAULT_REPO)
    if not urlsplit(text).path.strip("/"):
        raise LinkError(f"The repository URL {text!r} names no repository; give one like {DEFAULT_REPO}.")
    return text


def branch_name(branch: str) -> str:
    """A branch or tag name, checked.

    >>> branch_name("main")
    'main'
    """
    text = (branch or "").strip()
    if not _BRANCH.match(text):
        raise LinkError(f"{text[:80]!r} is not a branch name git accepts (letters, digits, . _ - /).")
    return text


def clone_dir(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: the last part of its URL, as nbgitpuller does.

    >>> clone_dir("https://github.com/acme/course")
    'course'
    """
    return repo.rstrip("/").split("/")[-1]


def lesson_path(lesson: Lesson) -> str:
    """The lesson's path inside the repository."""
    return f"{LESSONS_FOLDER}/{lesson.name}"


def git_pull_link(hub: str, repo: str, branch: str, lesson: Lesson, *, voila: bool = False) -> str:
    """An nbgitpuller link: the hub clones (or updates) the repository, then opens ``lesson``.

    >>> from pathlib import Path
    >>> git_pull_link("https://hub.example.org", "https://github.com/a/c", "main",
    ...               Lesson("01", Path("01_x.ipynb"), "x"))
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fa%2Fc&branch=main&urlpath=lab%2Ftree%2Fc%2Flessons%2F01_x.ipynb'
    """
    hub, repo, branch = hub_url(hub), repo_url(repo), branch_name(branch)
    target = f"{clone_dir(repo)}/{lesson_path(lesson)}"
    urlpath = f"voila/render/{target}" if voila else f"lab/tree/{target}"
    return (f"{hub}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
            f"&branch={quote(branch, safe='')}&urlpath={quote(urlpath, safe='')}")


@dataclass(frozen=True)
class BinderLinks:
    """Binder links for one lesson: in JupyterLab, and as a Voilà app."""

    lab: str
    voila: str


def binder_base(repo: str, branch: str) -> str:
    """The mybinder.org launch URL for a repository (GitHub short form, any other git host in full).

    >>> binder_base("https://github.com/acme/course", "main")
    'https://mybinder.org/v2/gh/acme/course/main'
    """
    repo, branch = repo_url(repo), branch_name(branch)
    parts = urlsplit(repo)
    segments = [s for s in parts.path.split("/") if s]
    if parts.hostname and parts.hostname.lower() == "github.com" and len(segments) == 2:
        owner, name = segments[0], segments[1].removesuffix(".git")
        return f"{BINDER}/v2/gh/{quote(owner)}/{quote(name)}/{quote(branch, safe='')}"
    return f"{BINDER}/v2/git/{quote(repo, safe='')}/{quote(branch, safe='')}"


def binder_links(repo: str, branch: str, lesson: Lesson) -> BinderLinks:
    """Binder links opening ``lesson`` in JupyterLab (``labpath``) or Voilà (``urlpath``)."""
    base = binder_base(repo, branch)
    path = lesson_path(lesson)
    return BinderLinks(lab=f"{base}?labpath={quote(path)}",
                       voila=f"{base}?urlpath={quote('voila/render/' + path, safe='')}")
