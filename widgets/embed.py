"""Embedding the lessons in another site's iframe: checked origins, the CSP header, copy-paste snippets."""

from __future__ import annotations

import functools
import html
import ipaddress
import json
import re
from urllib.parse import quote

from widgets.hub import LinkError, _clean_url
from widgets.site.lessons import Lesson

CSP = "Content-Security-Policy"
# scheme://host[:port] and nothing else. The host is a DNS name or IPv4 address in lower case
# (an IPv6 literal in brackets); with wildcards allowed, a leading "*." covers subdomains. No
# path, quote, semicolon, comma or space can pass, so an origin cannot add a CSP directive.
_ORIGIN = re.compile(
    r"^(?P<scheme>https?)://(?P<host>(?P<wild>\*\.)?[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?$"
)


class OriginError(ValueError):
    """An origin that cannot go into ``frame-ancestors``; the message says what an origin looks like."""


def origin(value: str, *, allow_wildcard: bool = False) -> str:
    """``value`` checked as a web origin (``scheme://host[:port]``), lower-cased, trailing slash dropped.

    >>> origin("https://LMS.example.org/")
    'https://lms.example.org'
    """
    text = (value or "").strip()
    example = "https://lms.example.org or http://localhost:8000"
    if not text:
        raise OriginError(f"An embed origin is empty; give one like {example}.")
    shown = text[:80]
    if len(text) > 300 or any(ord(c) < 33 or ord(c) == 127 or c in "'\";,\\<>`" for c in text):
        raise OriginError(f"The embed origin {shown!r} has spaces, quotes, semicolons or commas; "
                          f"give exactly one origin like {example}.")
    if text.endswith("/"):
        text = text[:-1]
    match = _ORIGIN.match(text.lower())
    if not match:
        raise OriginError(f"{shown!r} is not an origin: give scheme://host[:port] with no path, "
                          f"query or user name, like {example}.")
    if match.group("wild") and not allow_wildcard:
        raise OriginError(f"{shown!r} uses a wildcard; it lets every subdomain frame the lessons. "
                          "Name each origin, or pass --allow-wildcard-origin if you mean it.")
    _check_host(match.group("host"), bool(match.group("wild")), shown)
    port = match.group("port")
    if port is not None and not 0 < int(port) < 65536:
        raise OriginError(f"{shown!r} has port {port}; a port is 1 to 65535.")
    return text.lower()


def _check_host(host: str, wild: bool, shown: str) -> None:
    """Refuse a host no browser would send as an origin, and a wildcard that covers a public suffix."""
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise OriginError(f"{shown!r} has a malformed IPv6 address.") from None
        if wild:
            raise OriginError(f"{shown!r}: a wildcard cannot cover an IP address.")
        return
    name = host[2:] if wild else host
    labels = name.split(".")
    if len(name) > 253 or any(len(label) > 63 for label in labels):
        raise OriginError(f"{shown!r} has a host name too long to exist (a part over 63 characters, "
                          "or over 253 in all).")
    if labels[-1].isdigit():  # a numeric last part: only a whole IPv4 address is a host
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            raise OriginError(f"{shown!r} is neither a host name nor an IPv4 address.") from None
        if wild:
            raise OriginError(f"{shown!r}: a wildcard cannot cover an IP address.")
        return
    for label in labels:
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                raise OriginError(f"{shown!r} has a malformed internationalised name ({label!r}).") from None
    if wild and _public_suffixes().is_public(name):
        raise OriginError(f"{shown!r} would let every site under the public suffix {name!r} frame the "
                          "lessons (anyone can register one). Name your own domain, like "
                          "https://*.lms.example.org.")


@functools.lru_cache(maxsize=1)
def _public_suffixes():
    # The Public Suffix List ships inside the package: no network. Loaded on first wildcard only.
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def origins(values, *, allow_wildcard: bool = False) -> list[str]:
    """Several origins checked, duplicates dropped, order kept."""
    seen: list[str] = []
    for value in values or ():
        checked = origin(value, allow_wildcard=allow_wildcard)
        if checked not in seen:
            seen.append(checked)
    return seen


def frame_ancestors(allowed) -> str:
    """The CSP policy letting only the course itself and ``allowed`` frame the lessons.

    >>> frame_ancestors(["https://lms.example.org"])
    "frame-ancestors 'self' https://lms.example.org"
    """
    return " ".join(["frame-ancestors", "'self'", *origins(allowed, allow_wildcard=True)])


def tornado_settings(allowed) -> dict:
    """The tornado settings carrying the CSP header (for ``Voila`` or ``ServerApp``)."""
    return {"headers": {CSP: frame_ancestors(allowed)}}


def voila_args(allowed) -> list[str]:
    """Extra arguments for a standalone ``voila`` command; none when no origin is allowed.

    >>> voila_args([])
    []
    """
    return tornado_args(tornado_settings(allowed)) if allowed else []


def tornado_args(settings: dict) -> list[str]:
    """``settings`` as Voilà's one ``--Voila.tornado_settings`` argument (a second one would not merge).

    >>> tornado_args({"a": [1]})
    ['--Voila.tornado_settings={"a":[1]}']
    """
    return [f"--Voila.tornado_settings={json.dumps(settings, separators=(',', ':'))}"]


def voila_json(allowed) -> dict:
    """A ``voila.json`` (read from the folder ``voila`` starts in) allowing ``allowed`` to embed."""
    return {"Voila": {"tornado_settings": tornado_settings(allowed)}}


def server_config(allowed) -> dict:
    """A ``jupyter_server_config.json`` for Voilà as a server extension (JupyterHub, ``jupyter lab``).

    It goes in a Jupyter config folder (``jupyter --paths``), e.g. ``/etc/jupyter/`` on a hub
    image; a ``jupyter_config.json`` at the repository root is not read.
    """
    return {"ServerApp": {"tornado_settings": tornado_settings(allowed)}}


def render_url(base: str, lesson: Lesson) -> str:
    """Where a Voilà server at ``base`` (``social-lab present``'s address) shows ``lesson``.

    >>> from pathlib import Path
    >>> render_url("https://course.example.org/", Lesson("01", Path("01_x.ipynb"), "x"))
    'https://course.example.org/voila/render/01_x.ipynb'
    """
    try:
        base = _clean_url(base, "base URL", "https://course.example.org")
    except LinkError as exc:
        raise OriginError(str(exc)) from None
    return f"{base}/voila/render/{quote(lesson.name)}"


def iframe_snippet(src: str, title: str, height: int = 900) -> str:
    """An ``<iframe>`` to paste into an LMS page; every attribute escaped.

    >>> iframe_snippet("https://c.example.org/voila/render/01_x.ipynb", 'Say "hi"')[:60]
    '<iframe src="https://c.example.org/voila/render/01_x.ipynb" '
    """
    if not 100 <= height <= 5000:
        raise OriginError(f"An iframe height is 100 to 5000 pixels, not {height}.")
    attrs = {"src": src, "title": title, "width": "100%", "height": str(height),
             "style": "border:0; max-width:100%;", "loading": "lazy",
             "referrerpolicy": "strict-origin-when-cross-origin"}
    return "<iframe " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + "></iframe>"
