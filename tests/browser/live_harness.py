"""The browser edition under test: its folder built once, served by plain static servers on 127.0.0.1.

Shared by ``test_live_site.py`` and ``benchmarks/bench_site.py`` (no pytest here).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

IDB_VERSION_JS = """async () => await new Promise((ok, no) => {
  const request = indexedDB.open("social-leadership-lab", 1);
  request.onupgradeneeded = () => request.result.createObjectStore("workbook");
  request.onerror = () => no(request.error);
  request.onsuccess = () => {
    const db = request.result;
    const get = db.transaction("workbook", "readonly").objectStore("workbook").get("workbook.sqlite3");
    get.onsuccess = () => { db.close(); ok(get.result ? get.result.version : 0); };
    get.onerror = () => { db.close(); no(get.error); };
  };
})"""

# True once the browser keeps a Python snapshot of this site (widgets/site/snapshot.js).
SNAPSHOT_KEPT_JS = """async () => {
  const cache = await caches.open("social-leadership-lab-python");
  return (await cache.keys()).some((request) => request.url.endsWith(".snapshot"));
}"""
SNAPSHOT_RESTORED = "Python restored from this browser's snapshot"
# A first visit restores the snapshot the build made and the site ships (sll-python-<name>.snapshot.gz).
SHIPPED_RESTORED = "Python restored from the site's snapshot"
SHIPPED_SUFFIX = ".snapshot.gz"


def build(out: Path, cache: Path | None = None) -> float:
    """Build the live site into ``out`` (the cache makes a rebuild fast); returns the seconds taken."""
    from widgets.site.live import build_live_site

    started = time.perf_counter()
    build_live_site(out, cache=cache, log=lambda _line: None)
    return time.perf_counter() - started


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".whl": "application/octet-stream", ".json": "application/json"}

    def log_message(self, *args) -> None:  # quiet: the tests assert on what was asked, not on the log
        pass


@dataclass
class StaticServer:
    """A static file server on 127.0.0.1 (what any static host does: files, no headers of ours)."""

    root: Path
    server: http.server.ThreadingHTTPServer = field(init=False)
    thread: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        handler = functools.partial(_Handler, directory=os.fspath(self.root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name=f"static-{self.port}", daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class Fence:
    """Aborts every request that leaves the given origins, and remembers each one it stopped."""

    def __init__(self, *origins: str) -> None:
        self.origins = tuple(o.rstrip("/") + "/" for o in origins)
        self.left: list[str] = []

    def attach(self, target) -> "Fence":
        """Route a page's or a context's requests through the fence."""
        target.route("**/*", self._route)
        return self

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.origins):
            route.continue_()
        else:
            self.left.append(url)
            route.abort()
