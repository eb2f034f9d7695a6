"""``social-lab cohort serve``: the cohort store behind a small web service, for a hub or a class.

The coach (or the hub) runs it beside the store; learners' servers get only its address. Every
learner request carries the learner's own signed join token and can do what ``CohortStore`` lets
that token do: join, share, read totals, leave. Every coach request carries a session opened with
the coach key. Nothing here ever returns a secret, a key hash or another learner's raw result to a
learner. JSON in, JSON out; refusals are ``{"error": "<a sentence for the person>"}``.

Tornado (already under Jupyter) serves it; the store's calls run on a small thread pool.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web

from widgets.cohort import wire
from widgets.cohort.model import CoachRefused, CohortError, LimitReached, LinkRefused
from widgets.cohort.store import CohortStore

log = logging.getLogger("social-lab.cohort")

SESSION_HOURS = 12  # a coach session lasts this long after its last use
LOGIN_FAILURES = 10  # wrong coach keys per cohort per LOGIN_WINDOW before logins wait
LOGIN_WINDOW_S = 300
PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"  # set by JupyterHub for a managed service


class Service:
    """The service's state: the store, the thread pool, coach sessions and failed-login counts."""

    def __init__(self, store: CohortStore, workers: int = 4, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sll-cohort")
        self.clock = clock
        self._sessions: dict[str, tuple[Any, float]] = {}  # session -> (CoachSession, last used)
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def open_session(self, cohort: str, key: str) -> tuple[str, Any]:
        """Check the coach key (scrypt: slow on purpose) and start a session."""
        who = " ".join(str(cohort or "").split()).casefold()[:100]
        now = self.clock()
        with self._lock:
            recent = self._failures.setdefault(who, deque())
            while recent and recent[0] < now - LOGIN_WINDOW_S:
                recent.popleft()
            if len(recent) >= LOGIN_FAILURES:
                raise LimitReached("Too many wrong coach keys for this cohort: wait five minutes and try again.")
        try:
            session = self.store.coach(cohort, key)
        except CoachRefused:
            with self._lock:
                self._failures.setdefault(who, deque()).append(now)
            raise
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = (session, now)
        return token, session

    def session(self, token: str):
        now = self.clock()
        with self._lock:
            for stale in [t for t, (_s, used) in self._sessions.items() if used < now - SESSION_HOURS * 3600]:
                del self._sessions[stale]
            found = self._sessions.get(token)
            if found is None:
                raise CoachRefused("Your dashboard session has ended: open the dashboard again with the coach key.")
            self._sessions[token] = (found[0], now)
            return found[0]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def make_app(service: Service, base_url: str = "/"):
    """The tornado application: ``{base_url}api/v1/…`` (see the handlers below)."""
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    api = base + wire.API
    routes = [
        (base, _Hello), (api + "join", _Join), (api + "me", _Me), (api + "share", _Share),
        (api + "totals", _Totals), (api + "leave", _Leave), (api + "coach/session", _CoachSession),
        (api + "coach/submissions", _CoachSubmissions), (api + "coach/aggregates", _CoachAggregates),
        (api + "coach/revision", _CoachRevision), (api + "coach/members", _CoachMembers),
        (api + "coach/moderate", _CoachModerate), (api + "coach/revoke", _CoachRevoke),
        (api + "coach/link-days", _CoachLinkDays),
    ]
    return tornado.web.Application(
        [(path, handler, {"service": service}) for path, handler in routes],
        default_handler_class=_NotFound, default_handler_args={"service": service},
        debug=False, serve_traceback=False, xsrf_cookies=False, compress_response=False,
    )


def serve(store_url: str | None, host: str = "127.0.0.1", port: int = 8870, base_url: str | None = None,
          ready: Callable[[str], None] = print) -> None:
    """Run the service in this thread until SIGINT or SIGTERM; ``ready(address)`` once it listens."""
    import asyncio

    store = CohortStore(store_url)
    running = Running(store, host, port, base_url if base_url is not None else os.environ.get(PREFIX_ENV, "/"))

    async def main() -> None:
        await running.start()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, running.stopping.set)
        ready(running.address)
        await running.stopping.wait()
        await running.close()

    try:
        asyncio.run(main())
    finally:
        store.close()


class Running:
    """One listening service: ``await start()``, then ``address``; ``stopping.set()`` ends ``serve``."""

    def __init__(self, store: CohortStore, host: str = "127.0.0.1", port: int = 0, base_url: str = "/") -> None:
        self.service = Service(store)
        self.host, self.port, self.base = host, port, "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
        self.address = ""
        self.stopping = None
        self._server = None

    async def start(self) -> None:
        import asyncio

        self.stopping = asyncio.Event()
        self._server = tornado.httpserver.HTTPServer(make_app(self.service, self.base),
                                                     max_body_size=wire.REQUEST_LIMIT * 4)
        sockets = tornado.netutil.bind_sockets(self.port, address=self.host)
        self._server.add_sockets(sockets)
        bound = sockets[0].getsockname()[1]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.address = f"http://{shown}:{bound}{self.base}"

    async def close(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
        self.service.close()


class InThread:
    """The service on its own thread and event loop (tests, benchmarks): ``.address``, ``.stop()``."""

    def __init__(self, store: CohortStore, host: str = "127.0.0.1", port: int = 0, base_url: str = "/") -> None:
        import asyncio

        self.running = Running(store, host, port, base_url)
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(self.running.start())
            except BaseException as exc:  # the port is taken, say: tell the caller, not the thread's stderr
                failure.append(exc)
                started.set()
                return
            started.set()
            self._loop.run_until_complete(self.running.stopping.wait())
            self._loop.run_until_complete(self.running.close())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="sll-cohort-service", daemon=True)
        self._thread.start()
        started.wait(30)
        if failure:
            raise failure[0]
        self.address = self.running.address
        self.service = self.running.service

    def stop(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self.running.stopping.set)
            self._thread.join(10)


# -- handlers ------------------------------------------------------------------------------------
# Each handler's ``work`` runs on the pool (the store is synchronous) and returns plain JSON data;
# ``Base`` turns a ``CohortError`` into its status and sentence, anything else into a 500 without
# a traceback.

class _TooLarge(LimitReached):
    status = 413


class _Unauthorized(LinkRefused):
    status = 401


class _Base(tornado.web.RequestHandler):
    methods: tuple[str, ...] = ()

    def initialize(self, service: Service) -> None:
        self.service = service

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        self.clear_header("Server")

    def reply(self, value: Any, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(value, ensure_ascii=True))

    def write_error(self, status_code: int, **kwargs) -> None:
        reason = {404: "There is nothing here.", 405: "That is not how this address is used."}.get(
            status_code, "The cohort service could not do that.")
        self.finish(json.dumps({"error": reason}))

    def body(self) -> dict:
        raw = self.request.body or b""
        if len(raw) > wire.REQUEST_LIMIT:
            raise _TooLarge(f"That request is too large ({len(raw) // 1000:,} KB; the limit is "
                            f"{wire.REQUEST_LIMIT // 1000} KB).")
        try:
            doc = json.loads(raw or b"{}")
        except ValueError:
            raise CohortError("The request is not JSON.") from None
        if not isinstance(doc, dict):
            raise CohortError("The request must be a JSON object.")
        return doc

    def bearer(self) -> str:
        scheme, _, value = self.request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise _Unauthorized("Send your join token (or your coach session) as 'Authorization: Bearer ...'.")
        return value.strip()

    def coach(self):
        return self.service.session(self.bearer())

    def work(self) -> Any:  # pragma: no cover - every route defines its own
        raise NotImplementedError

    async def _answer(self) -> None:
        try:
            value = await tornado.ioloop.IOLoop.current().run_in_executor(self.service.pool, self.work)
        except CohortError as exc:
            self.reply({"error": str(exc)}, getattr(exc, "status", 400))
            return
        except Exception:  # one line in the service's log, never a traceback to the caller
            log.exception("cohort service: %s %s failed", self.request.method, self.request.path)
            self.reply({"error": "The cohort service could not do that just now; try again in a moment."}, 500)
            return
        self.reply(value)

    async def get(self, *_args) -> None:
        if "GET" not in self.methods:
            raise tornado.web.HTTPError(405)
        await self._answer()

    async def post(self, *_args) -> None:
        if "POST" not in self.methods:
            raise tornado.web.HTTPError(405)
        await self._answer()


class _Hello(_Base):
    methods = ("GET",)

    def work(self):
        return {"service": "social-lab cohort", "api": wire.API}


class _NotFound(_Base):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class _Join(_Base):
    methods = ("POST",)

    def work(self):
        doc = self.body()
        learner = doc.get("learner")
        learner = learner[:200] if isinstance(learner, str) and learner else None
        name = doc.get("display_name") if isinstance(doc.get("display_name"), str) else None
        return wire.member_out(self.service.store.join(str(doc.get("code") or ""), name, learner))


class _Me(_Base):
    methods = ("GET",)

    def work(self):
        token = self.bearer()
        member = self.service.store.member(token)
        return {**wire.member_out(member), "token": "", "shared": self.service.store.shared_count(token)}


class _Share(_Base):
    methods = ("POST",)

    def work(self):
        token, doc = self.bearer(), self.body()
        payload = doc.get("payload")
        return {"id": self.service.store.submit(token, str(doc.get("exercise_id") or ""),
                                                payload if isinstance(payload, dict) else [])}


class _Totals(_Base):
    methods = ("GET",)

    def work(self):
        return wire.aggregates_out(self.service.store.learner_view(self.bearer()))


class _Leave(_Base):
    methods = ("POST",)

    def work(self):
        return {**wire.member_out(self.service.store.leave(self.bearer())), "token": ""}


class _CoachSession(_Base):
    methods = ("POST",)

    def work(self):
        doc = self.body()
        session, coach = self.service.open_session(str(doc.get("cohort") or ""), str(doc.get("key") or ""))
        return {"session": session, "cohort": wire.cohort_out(coach.cohort)}


class _CoachSubmissions(_Base):
    methods = ("GET",)

    def work(self):
        hidden = self.get_query_argument("hidden", "1") != "0"
        return [wire.submission_out(s) for s in self.coach().submissions(include_hidden=hidden)]


class _CoachAggregates(_Base):
    methods = ("GET",)

    def work(self):
        return wire.aggregates_out(self.coach().aggregates())


class _CoachRevision(_Base):
    methods = ("GET",)

    def work(self):
        return list(self.coach().revision())


class _CoachMembers(_Base):
    methods = ("GET",)

    def work(self):
        return [wire.info_out(m) for m in self.coach().members()]


class _CoachModerate(_Base):
    methods = ("POST",)

    def work(self):
        session, doc = self.coach(), self.body()
        if "hidden" in doc:
            return {"done": session.set_hidden(doc.get("id"), bool(doc["hidden"]))}
        if "approved" in doc:
            return {"done": session.set_approved(doc.get("id"), bool(doc["approved"]))}
        raise CohortError("Say what to change: 'hidden' or 'approved'.")


class _CoachRevoke(_Base):
    methods = ("POST",)

    def work(self):
        session, doc = self.coach(), self.body()
        return {"done": session.set_revoked(str(doc.get("member_id") or ""), bool(doc.get("revoked", True)))}


class _CoachLinkDays(_Base):
    methods = ("POST",)

    def work(self):
        session, doc = self.coach(), self.body()
        session.set_link_days(doc.get("days"))
        return {"done": True}
