"""Voilà for a room: every browser its own learner and workbook, kernels only for their owner, a cap.

:class:`RoomVoila` is Voilà's own application with three changes, all made where Voilà builds its
handlers and kernel manager:

* page handlers (the lesson list and the lessons) give a browser without a valid learner cookie a
  new learner, and start the page's kernel in that learner's home (``SOCIAL_LAB_HOME``);
* every handler that takes a kernel id (the kernel API, its websocket, the tab-close shutdown)
  answers 404 unless the kernel belongs to the learner the cookie names;
* a page over the cap gets a short "the room is full" page (503, ``Retry-After``).

Pages also get Jupyter's ``_xsrf`` cookie before the first byte is sent: Voilà's page sends it back
with the shutdown request when the tab closes, and without it that request was refused (403).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
import threading
import webbrowser
from pathlib import Path
from urllib.parse import urlencode, urljoin
from urllib.request import pathname2url

from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from traitlets import Bool, Integer, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from widgets.room import identity
from widgets.room.identity import COOKIE, OWNER, OWNER_ENV, OWNER_PARAM
from widgets.room.limits import RETRY_AFTER_S
from widgets.room.kernels import LEARNER, RoomFull, RoomKernelManager

SETTINGS_KEY = "sll_room"
_BODY = re.compile(r"<body\b[^>]*>", re.I)
_HOLD_LIMIT = 256 * 1024  # a page whose <body> has not come by then gets no banner

BANNER = (
    '<div class="sll-room-banner" role="note" style="font:14px/1.4 system-ui,sans-serif;'
    'padding:6px 12px;background:#eef3fb;color:#1d2b44;border-bottom:1px solid #c9d6ea;">'
    "This workbook belongs to this browser; other learners on this server do not see it. "
    "To keep it, use <em>Download my workbook</em> at the end of the lesson.</div>"
)

FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The room is full</title>
<style>body{{font:18px/1.5 system-ui,sans-serif;max-width:34em;margin:12vh auto;padding:0 1em;color:#1d2b44}}
h1{{font-size:1.6em}}a{{color:#1f5fbf}}</style></head>
<body><main><h1>The room is full</h1>
<p>Every place on this server is taken right now. Try again in a minute: places free up as others
close their pages.</p>
<p><a href="{again}">Try again</a></p></main></body></html>
"""


class Room:
    """The room's settings and secret, shared by its handlers (``settings["sll_room"]``)."""

    def __init__(self, *, home: Path, one_learner: bool, embedded: bool, owner_token: str, banner: bool):
        self.home = home
        self.one_learner = one_learner
        self.embedded = embedded
        self.owner_token = owner_token
        self.banner = banner
        self.secret = b"" if one_learner else identity.load_secret(home)

    def learner_for(self, handler: web.RequestHandler) -> str | None:
        """The learner ``handler``'s request comes from: the cookie's, or None without a valid one."""
        if self.one_learner:
            return OWNER
        return identity.verify(self.secret, handler.get_cookie(COOKIE))

    def set_cookie(self, handler: web.RequestHandler, learner: str) -> None:
        handler.add_header("Set-Cookie", self.cookie_header(learner, path=handler.base_url or "/",
                                                            https=handler.request.protocol == "https"))

    def cookie_header(self, learner: str, *, path: str, https: bool) -> str:
        """The ``Set-Cookie`` value naming ``learner``: HttpOnly, SameSite=Lax (Secure over https).

        A lesson framed by an LMS is a third-party page, where a browser sends only a Secure,
        Partitioned, SameSite=None cookie. Python's cookie module (before 3.14) cannot write
        ``Partitioned``, so the header is written here.
        """
        parts = [f"{COOKIE}={identity.sign(self.secret, learner)}", f"Path={path}",
                 f"Max-Age={identity.COOKIE_DAYS * 86400}", "HttpOnly"]
        if self.embedded:
            parts += ["Secure", "SameSite=None", "Partitioned"]
        else:
            parts += ["Secure"] * https + ["SameSite=Lax"]
        return "; ".join(parts)


class _LearnerPage:
    """Mixin for the page handlers: a learner for every browser, the owner link, the xsrf cookie."""

    learner: str = OWNER

    async def prepare(self, *args, **kwargs):
        await super().prepare(*args, **kwargs)
        if self._finished:
            return
        room: Room = self.settings[SETTINGS_KEY]
        self.xsrf_token  # sets the _xsrf cookie now, while headers can still be sent (see module doc)
        given = self.get_query_argument(OWNER_PARAM, None)
        if given is not None and not room.one_learner:
            if identity.same_token(given, room.owner_token):
                room.set_cookie(self, OWNER)
            rest = [(k, v) for k, vs in self.request.query_arguments.items() if k != OWNER_PARAM
                    for v in vs]
            path = "/" + self.request.path.lstrip("/")  # never "//host": a redirect stays on this server
            self.redirect(path + (f"?{urlencode(rest)}" if rest else ""))
            return
        learner = room.learner_for(self)
        if learner is None:
            learner = identity.new_learner()
            room.set_cookie(self, learner)
        self.learner = learner
        LEARNER.set(learner)


class RoomPageHandler(_LearnerPage, TornadoVoilaHandler):
    """A lesson page: the learner's own kernel, the banner, or the room-is-full page."""

    _banner_done = False

    def initialize(self, **kwargs):
        super().initialize(**kwargs)
        self._held: list[str] = []

    async def get(self, path=None):
        if self.kernel_manager.is_full():
            return self._room_full()
        try:
            await super().get(path)
        except RoomFull:
            if self._headers_written:
                raise
            self._room_full()

    def should_use_rendered_notebook(self, *args, **kwargs):
        # A preheated kernel was started (and its lesson run) in the owner's home: only the owner's
        # pages may take one.
        return self.learner == OWNER and super().should_use_rendered_notebook(*args, **kwargs)

    def write(self, chunk):
        # Voilà streams its template in small pieces and the <body> tag can span several: hold the
        # head back until the tag is whole (it comes before the kernel starts, so nothing waits on it).
        if self._banner_done or not isinstance(chunk, str):
            return super().write(chunk)
        self._held.append(chunk)
        text = "".join(self._held)
        match = _BODY.search(text)
        if match is None and len(text) < _HOLD_LIMIT:
            return None
        self._banner_done, self._held = True, []
        room: Room = self.settings[SETTINGS_KEY]
        if match is not None and room.banner and self.learner != OWNER:
            text = text[:match.end()] + BANNER + text[match.end():]
        return super().write(text)

    def finish(self, chunk=None):
        if self._held and not self._banner_done:
            held, self._held, self._banner_done = "".join(self._held), [], True
            super().write(held)
        return super().finish(chunk)

    def _room_full(self) -> None:
        self.clear()
        self._held, self._banner_done = [], True
        self.set_status(503)
        self.set_header("Retry-After", str(RETRY_AFTER_S))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(FULL_PAGE.format(again=html.escape(self.request.uri or "/", quote=True)))


class RoomTreeHandler(_LearnerPage, TornadoVoilaTreeHandler):
    """The lesson list: gives the browser its learner (and takes the owner link) before any lesson opens."""


class _KernelGuard:
    """Mixin for every handler that takes a kernel id: only the kernel's owner gets past (others: 404)."""

    async def prepare(self, *args, **kwargs):
        await super().prepare(*args, **kwargs)
        if self._finished:
            return
        room: Room = self.settings[SETTINGS_KEY]
        kernel_id = self.path_kwargs.get("kernel_id") or (self.path_args[0] if self.path_args else "")
        learner = room.learner_for(self)
        owner = self.kernel_manager.owner_of(kernel_id)
        if learner is None or owner is None or (owner != learner and not room.one_learner):
            raise web.HTTPError(404)


def _guarded(cls: type) -> type:
    return type(f"Room{cls.__name__}", (_KernelGuard, cls), {})


class RoomVoila(Voila):
    """``voila`` for a room of learners (``python -m widgets.room``, as ``social-lab present`` runs it)."""

    one_learner = Bool(False, config=True, help="Everyone who opens the server shares its one workbook.")
    max_pages = Integer(0, config=True, help="Most lesson pages (kernels) open at once; 0 for no cap.")
    embedded = Bool(False, config=True, help="Pages are framed by another site: a cookie that works in its iframe.")
    banner = Bool(True, config=True, help="Tell each learner, on the page, whose workbook this is.")
    room_home = Unicode("", config=True, help="Where learners' homes live (default: SOCIAL_LAB_HOME).")

    def init_settings(self):
        config = self.voila_configuration
        config.multi_kernel_manager_class = RoomKernelManager
        settings = super().init_settings()
        from widgets.workbook import home_dir

        home = Path(self.room_home) if self.room_home else home_dir()
        self.kernel_manager.room_home = str(home)
        self.kernel_manager.max_kernels = max(self.max_pages, 0)
        settings[SETTINGS_KEY] = Room(home=home, one_learner=self.one_learner, embedded=self.embedded,
                                      owner_token=os.environ.get(OWNER_ENV, ""), banner=self.banner)
        return settings

    def init_handlers(self):
        handlers = []
        for pattern, cls, *rest in super().init_handlers():
            if issubclass(cls, TornadoVoilaHandler):
                cls = RoomPageHandler
            elif issubclass(cls, TornadoVoilaTreeHandler):
                cls = RoomTreeHandler
            elif issubclass(cls, JupyterHandler) and ("kernel_id" in pattern or "/voila/api/shutdown/" in pattern):
                # Not /voila/query/<id> (a plain websocket, preheating only): the preheated kernel itself
                # connects there, with no cookie, and only the owner's pages use preheated kernels.
                cls = _guarded(cls)
            handlers.append((pattern, cls, *rest))
        return handlers

    def launch_browser(self):
        """Open the owner link (a private temporary page that forwards to it), so this browser is the owner's."""
        token = os.environ.get(OWNER_ENV, "")
        url = urljoin(self.connection_url, self.base_url)
        if token and not self.one_learner:
            url += "?" + urlencode({OWNER_PARAM: token})
        try:
            browser = webbrowser.get(self.browser or None)
        except webbrowser.Error as exc:
            self.log.warning("No web browser found: %s.", exc)
            return
        fd, page = tempfile.mkstemp(suffix=".html")  # 0600: the token stays off the command line
        with open(fd, "w", encoding="utf-8") as out:
            target = html.escape(url, quote=True)
            out.write(f'<!doctype html><meta http-equiv="refresh" content="0;url={target}">'
                      f'<a href="{target}">Open the course</a>')
        threading.Thread(target=lambda: browser.open(urljoin("file:", pathname2url(page)),
                                                     new=self.webbrowser_open_new)).start()


main = RoomVoila.launch_instance
