"""Browser edition benchmark: Lesson 01 time-to-interactive in the learner's browser (first visit and
return visit) against Voilà's cold bare one-slider page, the folder's size, and the build time.

    python benchmarks/bench_site.py [--repeats N] [--skip-cold-build] [--json OUT]

One run: build the live site twice (a cold build into an empty cache, unless --skip-cold-build,
then a rebuild from the cache), serve it from a plain static server on 127.0.0.1, and load
Lesson 01 as an app in headless Chromium with every request that leaves the folder aborted:
- first visit: a fresh browser context (empty HTTP cache, empty storage): Python restored from the
  snapshot the build made and the site ships;
- return visit: the same context loading the lesson again (HTTP cache and the learner's storage kept,
  with the snapshot of Python the first visit keeps in Cache Storage: the visit waits for it, at most 30 s);
interleaved with cold loads of the bare one-slider notebook from a real Voilà server (the floor).
Interactive means the lesson's last widget (the "where your work is" panel) is shown and the
page's loading spinner is gone. Targets: first visit <= 3x the floor, return visit <= 1.5x, folder
<= 60 MB, no request leaving the folder. A missed target prints MISS; only an error exits non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))

import harness  # noqa: E402
import live_harness  # noqa: E402

LESSON01 = "voici/render/01_conversation.html"
READY = ".sll-browser-work"  # the last cell of every lesson in the browser edition
FIRST_RATIO_MAX = 3.0
RETURN_RATIO_MAX = 1.5
SIZE_MAX_MB = 60.0


def progress(message: str) -> None:
    print(f"[bench-site] {message}", file=sys.stderr, flush=True)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bare_load(browser, server: harness.Server) -> float:
    page = harness.new_page(browser, timeout_ms=180_000)
    try:
        page.goto(f"{server.url}/voila/render/{harness.BARE_SLIDER}", wait_until="commit")
        return harness.wait_voila_rendered(page, harness.BARE_WIDGET, timeout_ms=180_000)
    finally:
        page.context.close()


def live_visits(browser, site: live_harness.StaticServer) -> tuple[float, float, list[str], bool, bool]:
    """One first visit and one return visit in one fresh context: (first ms, return ms, requests that
    left, whether the return visit restored Python from the browser's snapshot, whether the first
    visit restored the snapshot the site ships)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(240_000)
    fence = live_harness.Fence(site.url).attach(context)
    try:
        page = context.new_page()
        shipped = []
        page.on("console", lambda msg: shipped.append(msg.text)
                if msg.text.startswith(live_harness.SHIPPED_RESTORED) else None)
        page.goto(f"{site.url}/{LESSON01}", wait_until="commit")
        first = harness.wait_voila_rendered(page, READY, timeout_ms=240_000)
        # A return visit comes later: the snapshot of Python the first visit keeps is stored by then.
        # If it never is, the return visit starts afresh and the figure shows it.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(live_harness.SNAPSHOT_KEPT_JS, timeout=30_000, polling=250)
        restored = []
        page.on("console", lambda msg: restored.append(msg.text)
                if msg.text.startswith(live_harness.SNAPSHOT_RESTORED) else None)
        page.goto(f"{site.url}/{LESSON01}", wait_until="commit")
        again = harness.wait_voila_rendered(page, READY, timeout_ms=240_000)
        return first, again, fence.left, bool(restored), bool(shipped)
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="visits of each kind (median; at least 3)")
    parser.add_argument("--skip-cold-build", action="store_true", help="do not time a build from an empty cache")
    parser.add_argument("--json", type=Path, help="also write all figures and raw samples here")
    args = parser.parse_args(argv)
    if args.repeats < 3:
        parser.error("--repeats must be at least 3")

    results: dict = {"load_average_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="sll-bench-site-") as scratch:
        scratch = Path(scratch)
        out = scratch / "site"
        if not args.skip_cold_build:
            progress("build 1/2: from an empty cache (creates the build venv, fetches Pyodide and the wheels)")
            results["build_cold_s"] = live_harness.build(scratch / "cold-site", cache=scratch / "cache")
            progress(f"  {results['build_cold_s']:.1f} s")
            progress("build 2/2: again, from that cache")
            results["build_cached_s"] = live_harness.build(out, cache=scratch / "cache")
        else:
            progress("build: from the default cache")
            results["build_cached_s"] = live_harness.build(out)
        progress(f"  {results['build_cached_s']:.1f} s")
        results["folder_mb"] = folder_bytes(out) / 1e6

        from playwright.sync_api import sync_playwright

        bare = harness.start_voila(harness.FIXTURES_DIR, extra_args=(
            "--MappingKernelManager.cull_idle_timeout=20", "--MappingKernelManager.cull_interval=5"))
        site = live_harness.StaticServer(out)
        try:
            with sync_playwright() as p:
                browser = harness.launch_chromium(p, harness.find_chromium(p))
                try:
                    progress("warm-up: one bare load and one live visit (not counted)")
                    bare_load(browser, bare)
                    live_visits(browser, site)
                    floor, first, again, left, snapshots, shipped = [], [], [], [], 0, 0
                    for i in range(args.repeats):
                        floor.append(bare_load(browser, bare))
                        f, r, escaped, from_snapshot, from_shipped = live_visits(browser, site)
                        snapshots += from_snapshot
                        shipped += from_shipped
                        first.append(f)
                        again.append(r)
                        left += escaped
                        progress(f"repeat {i + 1}/{args.repeats}: Voilà bare {floor[-1] / 1000:.2f} s, "
                                 f"live first visit {f / 1000:.2f} s, return visit {r / 1000:.2f} s")
                finally:
                    browser.close()
        finally:
            site.stop()
            bare.stop()

    med = {name: statistics.median(values) for name, values in
           (("bare_ms", floor), ("first_ms", first), ("return_ms", again))}
    results.update(med)
    results["first_ratio"] = med["first_ms"] / med["bare_ms"]
    results["return_ratio"] = med["return_ms"] / med["bare_ms"]
    results["requests_left"] = left
    results["returns_from_snapshot"] = snapshots
    results["firsts_from_shipped_snapshot"] = shipped
    results["load_average_end"] = os.getloadavg()
    results["samples"] = {"bare_ms": floor, "first_ms": first, "return_ms": again}

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISS"

    rows = [
        ("Voilà bare one-slider page (cold)", f"{med['bare_ms'] / 1000:.2f} s", "(the floor)"),
        ("Lesson 01 first visit / floor", f"{results['first_ratio']:.2f}x ({med['first_ms'] / 1000:.2f} s)",
         f"<= {FIRST_RATIO_MAX}x {verdict(results['first_ratio'] <= FIRST_RATIO_MAX)}"),
        ("Lesson 01 return visit / floor", f"{results['return_ratio']:.2f}x ({med['return_ms'] / 1000:.2f} s)",
         f"<= {RETURN_RATIO_MAX}x {verdict(results['return_ratio'] <= RETURN_RATIO_MAX)}"),
        ("folder size", f"{results['folder_mb']:.1f} MB", f"<= {SIZE_MAX_MB:.0f} MB "
                                                          f"{verdict(results['folder_mb'] <= SIZE_MAX_MB)}"),
        ("requests leaving the folder", str(len(left)), f"0 {verdict(not left)}"),
        ("first visits from the site's snapshot", f"{shipped} of {args.repeats}", ""),
        ("return visits from the browser's copy", f"{snapshots} of {args.repeats}", ""),
        ("load average (1, 5, 15 min) at the start", " ".join(f"{x:.2f}" for x in results["load_average_start"]), ""),
        ("load average (1, 5, 15 min) at the end", " ".join(f"{x:.2f}" for x in results["load_average_end"]), ""),
        ("build, cached", f"{results['build_cached_s']:.1f} s", ""),
    ]
    if "build_cold_s" in results:
        rows.append(("build, empty cache", f"{results['build_cold_s']:.1f} s", ""))
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<22} {target}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
