"""A room on one ``present`` server: many learners at once, light clients plus a few real browsers.

    python benchmarks/bench_load.py [--quick] [--sessions N] [--browsers N] [--lesson NB] [--json OUT]

Starts the server ``social-lab present`` starts (``python -m widgets.room``: a learner per browser,
kernels over IPC, a cap, idle culling after --cull-idle seconds) on 127.0.0.1 over the lessons, then
opens every session at once:

- a light client is one learner with no browser: it GETs the lesson page with a cookie jar of its
  own, opens the page's kernel websocket (Voilà's protocol, as the page's widget manager does) and
  asks the kernel for the widget state (``jupyter.widget.control`` ``request_states``). It is
  interactive when the state arrives: that is what the browser waits for before drawing widgets.
- a browser session is a real headless Chromium page, interactive when the rewrite studio's draft
  box is on screen and Voilà's spinner is gone (as the browser tests wait).

Reports pages loaded (within --timeout), time to interactive p50/p95 from the first byte asked, the
kernels running, and the memory of the server and its kernels (RSS) before, with every page open,
and after the light clients hang up without saying so (culled after --cull-idle) and the browsers
close their tabs (shut down at once). Not a test: figures, printed and optionally saved as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))

import harness  # noqa: E402
from widgets import cli  # noqa: E402
from widgets.room import limits  # noqa: E402
from widgets.site.cli import present_args  # noqa: E402

_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)


def start_room(lesson_dir: Path, *, max_pages: int, cull_idle_s: int) -> harness.Server:
    port = harness.free_port()
    head = limits.room_command(lesson_dir, max_pages=max_pages, cull_idle_s=cull_idle_s,
                               one_learner=False, embedded=False)
    cmd = cli.voila_command(lesson_dir, port, browser=False, head=head) + present_args()
    scratch = Path(tempfile.mkdtemp(prefix="sll-bench-load-"))
    return harness._spawn("room", cmd, scratch, lesson_dir, REPO_ROOT, {}, "/voila/tree", port, None, 90.0)


def memory_mib(server: harness.Server) -> float:
    """RSS of the server and every process under it (its kernels), in MiB."""
    total = 0
    for pid in [server.proc.pid, *harness.descendants(server.proc.pid)]:
        try:
            total += harness.rss_kib(pid)
        except (OSError, RuntimeError):
            pass  # a kernel that just exited
    return total / 1024


def _message(session: str, msg_type: str, content: dict, channel: str = "shell", metadata: dict | None = None) -> str:
    header = {"msg_id": uuid.uuid4().hex, "username": "bench", "session": session, "msg_type": msg_type,
              "version": "5.3", "date": datetime.now(timezone.utc).isoformat()}
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "channel": channel, "buffers": []})


def _decode(raw: str | bytes) -> dict:
    """A kernel message from the websocket: JSON text, or (with buffers) Jupyter's binary frame."""
    if isinstance(raw, str):
        return json.loads(raw)
    count = int.from_bytes(raw[:4], "big")
    offsets = [int.from_bytes(raw[4 * (i + 1):4 * (i + 2)], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(raw)
    return json.loads(raw[offsets[0]:end].decode("utf-8"))


async def light_session(url: str, lesson: str, timeout: float, hang_up: asyncio.Event, settled: list) -> dict:
    """One learner without a browser: page, kernel websocket, widget state. Keeps the socket until ``hang_up``.

    ``settled`` gets the result as soon as the page is interactive or has failed."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    started = time.monotonic()
    result: dict = {"kind": "light", "ok": False}
    try:
        client = AsyncHTTPClient(force_instance=True)
        page = await client.fetch(f"{url}/voila/render/{lesson}", request_timeout=timeout, raise_error=False)
        result["status"] = page.code
        if page.code != 200:
            return result
        cookies = SimpleCookie()
        for header in page.headers.get_list("Set-Cookie"):
            cookies.load(header)
        cookie = "; ".join(f"{k}={m.value}" for k, m in cookies.items())
        config = json.loads(_CONFIG.search(page.body.decode("utf-8")).group(1))
        session = uuid.uuid4().hex
        ws = await websocket_connect(HTTPRequest(
            f"{url.replace('http', 'ws', 1)}/api/kernels/{config['kernelId']}/channels?session_id={session}",
            headers={"Cookie": cookie, "Origin": url}, request_timeout=timeout))
        comm = uuid.uuid4().hex
        # What the page's widget manager sends: open the control comm, then ask it for every state.
        ws.write_message(_message(session, "comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                         "data": {}}, metadata={"version": "1.0.0"}))
        ws.write_message(_message(session, "comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}))
        deadline = started + timeout
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(ws.read_message(), deadline - time.monotonic())
            if raw is None:
                break
            msg = _decode(raw)
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                result.update(ok=True, tti_s=time.monotonic() - started, widgets=len(data.get("states", {})))
                break
        settled.append(result)
        # Keep reading, as a page does: an unread socket stops answering the server's pings and is dropped.
        while not hang_up.is_set():
            try:
                if await asyncio.wait_for(ws.read_message(), 1.0) is None:
                    result["dropped"] = True
                    break
            except asyncio.TimeoutError:
                pass
        ws.close()  # no shutdown request: a tab that vanished (the culler's job)
    except Exception as exc:  # a figure, not a crash: the report counts what did not load
        result["error"] = f"{type(exc).__name__}: {exc}"[:200]
    if result not in settled:
        settled.append(result)
    return result


def browser_sessions(url: str, lesson: str, count: int, timeout: float, results: list, ready: threading.Event,
                     hang_up: threading.Event) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = harness.launch_chromium(p, harness.find_chromium(p))
        pages = [harness.new_page(browser, timeout_ms=int(timeout * 1000)) for _ in range(count)]
        for page in pages:  # navigations start together; each is waited on in turn
            page.goto(f"{url}/voila/render/{lesson}", wait_until="commit")
        started = time.monotonic()
        for page in pages:
            try:
                left = max(1.0, timeout - (time.monotonic() - started))
                # Interval polling, not requestAnimationFrame: a page that is not in front may not paint.
                page.wait_for_function(harness._RENDERED_JS, arg=harness.DRAFT, polling=250, timeout=left * 1000)
                results.append({"kind": "browser", "ok": True, "tti_s": time.monotonic() - started})
            except Exception as exc:
                seen = page.evaluate("() => ({loading: !!document.getElementById('loading')?.checkVisibility(),"
                                     " widgets: document.querySelectorAll('.jupyter-widgets').length,"
                                     " text: document.body.innerText.slice(0, 160)})")
                results.append({"kind": "browser", "ok": False, "error": f"{str(exc)[:120]} (page: {seen})"})
        ready.set()
        hang_up.wait()
        for page in pages:
            page.close(run_before_unload=True)  # a closed tab: Voilà's shutdown request
        browser.close()


async def drive(url: str, lesson: str, sessions: int, timeout: float, hang_up: asyncio.Event,
                settled: list) -> list[asyncio.Task]:
    return [asyncio.create_task(light_session(url, lesson, timeout, hang_up, settled)) for _ in range(sessions)]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="6 light sessions and 1 browser")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--lesson", default=harness.LESSON01)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a page may take")
    parser.add_argument("--cull-idle", type=int, default=60,
                        help="seconds before a hung-up page's kernel goes (the least present accepts)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.browsers = 6, 1
    total = args.sessions + args.browsers
    server = start_room(harness.LESSONS_DIR, max_pages=max(total, 4), cull_idle_s=args.cull_idle)
    try:
        before = memory_mib(server)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        hang_up = asyncio.Event()
        browser_results: list = []
        ready, browsers_close = threading.Event(), threading.Event()
        t0 = time.monotonic()
        settled: list = []
        tasks = loop.run_until_complete(drive(server.url, args.lesson, args.sessions, args.timeout, hang_up, settled))
        thread = threading.Thread(target=browser_sessions, daemon=True,
                                  args=(server.url, args.lesson, args.browsers, args.timeout, browser_results,
                                        ready, browsers_close))
        if args.browsers:
            thread.start()

        async def all_interactive():
            # Every light client has its state (or gave up); the sockets stay open until hang-up.
            while len(settled) < len(tasks) and time.monotonic() - t0 < args.timeout + 5:
                await asyncio.sleep(0.5)
        loop.run_until_complete(all_interactive())
        async def browsers_ready():
            # Wait inside the loop: a blocked loop stops answering the server's pings on every light
            # client's socket, the server drops them, and the culler takes their kernels.
            deadline = time.monotonic() + args.timeout + 30
            while not ready.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
        if args.browsers:
            loop.run_until_complete(browsers_ready())
        wall = time.monotonic() - t0
        open_kernels = len(server.kernel_pids())
        with_pages = memory_mib(server)
        hang_up.set()
        browsers_close.set()
        light = loop.run_until_complete(asyncio.gather(*tasks))
        if args.browsers:
            thread.join(60)
        closing = time.monotonic() + 15
        while len(server.kernel_pids()) > args.sessions and time.monotonic() < closing:
            time.sleep(0.2)  # the closed tabs' shutdown requests landing
        after_close = len(server.kernel_pids())
        hung_up = time.monotonic()
        deadline = hung_up + args.cull_idle + limits.cull_interval(args.cull_idle) + 30
        while server.kernel_pids() and time.monotonic() < deadline:
            time.sleep(1)
        culled_after = time.monotonic() - hung_up
        after = memory_mib(server)
        results = light + browser_results
        loaded = [r for r in results if r.get("ok")]
        ttis = [r["tti_s"] for r in loaded]
        figures = {
            "sessions": args.sessions, "browsers": args.browsers, "lesson": args.lesson,
            "pages_loaded": len(loaded), "pages_total": len(results),
            "tti_p50_s": percentile(ttis, 0.5), "tti_p95_s": percentile(ttis, 0.95),
            "light_tti_p50_s": percentile([r["tti_s"] for r in loaded if r["kind"] == "light"], 0.5),
            "browser_tti": [round(r["tti_s"], 1) for r in loaded if r["kind"] == "browser"],
            "wall_s": wall, "kernels_open": open_kernels, "kernels_after_tabs_closed": after_close,
            "kernels_after_culling": len(server.kernel_pids()), "culled_within_s": culled_after,
            "sockets_dropped_while_open": sum(1 for r in light if r.get("dropped")),
            "memory_before_mib": before, "memory_open_mib": with_pages, "memory_after_culling_mib": after,
            "errors": sorted({r.get("error") or str(r.get("status")) for r in results if not r.get("ok")}),
        }
    finally:
        server.stop()
    print(f"pages loaded            {figures['pages_loaded']}/{figures['pages_total']} "
          f"({args.sessions} light clients + {args.browsers} Chromium pages, {args.lesson})")
    if ttis:
        print(f"time to interactive     p50 {figures['tti_p50_s']:.1f} s, p95 {figures['tti_p95_s']:.1f} s "
              f"(browsers: {figures['browser_tti']} s); all open after {wall:.1f} s")
    print(f"kernels                 {open_kernels} open, {after_close} after the tabs closed, "
          f"{figures['kernels_after_culling']} after culling ({culled_after:.0f} s later)")
    print(f"server + kernels RSS    {before:.0f} MiB before, {with_pages:.0f} MiB with every page open, "
          f"{after:.0f} MiB after culling")
    if figures["errors"]:
        print("not loaded:", "; ".join(figures["errors"]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
