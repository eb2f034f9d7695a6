"""Coach mode benchmarks: preheated time-to-interactive, submission-to-dashboard latency, memory per
preheated kernel, 30 concurrent learner sessions, and store throughput.

    python benchmarks/bench_cohort.py [--repeats N] [--sessions N] [--json OUT] [--skip load,store]

Real servers on 127.0.0.1 and a real headless Chromium (tests/browser/harness.py). A missed target
prints MISS and still exits 0; a step that could not be measured exits 1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "load"))
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))

import cohort_clients  # noqa: E402
import harness  # noqa: E402

from widgets.cli import hidden_from_list_args  # noqa: E402
from widgets.cohort import DASHBOARD, RATE_PER_MINUTE, CohortStore, present_options  # noqa: E402
from widgets.site.cli import present_args  # noqa: E402

# A preheated Lesson 01's TTI ÷ a preheated bare one-slider page's TTI, both served as `present` serves
# them: our content adds at most 10% to what a warm Voilà page costs. (The earlier target, 0.3× the
# *cold* bare page, was retired: Voilà's own frontend needs more than that before it opens a socket.)
TTI_RATIO_MAX = 1.1
LATENCY_P95_MAX_S = 2.0  # submission → coach dashboard shows it
REFILL_WAIT_S = 45.0  # the most we wait for Voilà to refill a pool between preheated loads


def progress(message: str) -> None:
    print(f"[bench-cohort] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def lesson_selector() -> str:
    text = (harness.LESSONS_DIR / harness.LESSON01).read_text(encoding="utf-8")
    return ".sll-lesson-nav" if "sll-lesson-nav" in text else harness.DRAFT


# Marks, in ms since navigation start, when the page's load event fired and when Voilà opened its
# kernel websocket: TTI splits into loading scripts / starting Voilà's app / fetching and drawing widgets.
_PHASES_JS = """
window.__sllPhases = {};
window.addEventListener('load', () => { window.__sllPhases.load = performance.now(); });
const SllSocket = window.WebSocket;
window.WebSocket = function (...args) {
  if (window.__sllPhases.socket === undefined) window.__sllPhases.socket = performance.now();
  return new SllSocket(...args);
};
window.WebSocket.prototype = SllSocket.prototype;
Object.assign(window.WebSocket, SllSocket);
"""


def _tti(browser, url: str, selector: str, *, home: str | None = None, phases: list | None = None) -> float:
    """ms from navigation to ``selector`` drawn, in a fresh browser context.

    With ``home``, the context first opens that page (the course's page list), as an audience
    member who follows the coach's link to the course and then picks the lesson: the browser has
    Voilà's scripts cached by then. ``phases`` collects the load/websocket marks of the lesson page.
    """
    page = harness.new_page(browser)
    try:
        if home:
            page.goto(home, wait_until="load")
        page.add_init_script(_PHASES_JS)
        page.goto(url, wait_until="commit")
        tti = harness.wait_voila_rendered(page, selector)
        if phases is not None:
            phases.append({**page.evaluate("() => window.__sllPhases"), "tti": tti})
        return tti
    finally:
        page.context.close()


def _presented(folder: Path, lessons: list[str], pool: int) -> harness.Server:
    """A Voilà server over ``folder`` started with what ``social-lab present`` passes."""
    args, _env = present_options(lessons, pool=pool, large_type=False, data_dir=REPO_ROOT)
    served = present_args()
    return harness.start_voila(folder, extra_args=(*args, *hidden_from_list_args(), *served))


def _phase_medians(phases: list[dict]) -> dict:
    return {key: statistics.median(p[key] for p in phases if key in p) for key in ("load", "socket", "tti")
            if any(key in p for p in phases)}


def _wait_pool(server: harness.Server, want: int, timeout: float) -> None:
    """Wait (bounded) until ``want`` idle kernels exist and have had time to pre-render."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(server.kernel_pids()) < want:
        time.sleep(0.5)
    time.sleep(min(8.0, max(0.0, deadline - time.monotonic())))  # the pre-render runs after the start


def measure_preheat(browser, repeats: int) -> dict:
    """Preheated Lesson 01 ÷ preheated bare one-slider page, both served as ``present`` serves them.

    The two servers run side by side (pool 1 each) and their loads alternate, so both share the
    machine's noise. Each load is a fresh browser straight from the link; Lesson 01 is also loaded
    after the course's page list (a returning browser, scripts cached). The cold bare page (no pool)
    is measured in the same run for reference: the floor the retired 0.3× target was set against.
    Memory per preheated kernel is read on a pool of two.
    """
    selector = lesson_selector()
    bare = harness.start_voila(harness.FIXTURES_DIR)
    hot = _presented(harness.LESSONS_DIR, [harness.LESSON01], pool=1)
    hot_bare = _presented(harness.FIXTURES_DIR, [harness.BARE_SLIDER], pool=1)
    bare_url = f"{hot_bare.url}/voila/render/{harness.BARE_SLIDER}"
    lesson_url = f"{hot.url}/voila/render/{harness.LESSON01}"
    try:
        _tti(browser, f"{bare.url}/voila/render/{harness.BARE_SLIDER}", harness.BARE_WIDGET)  # warm the file cache
        for server in (hot, hot_bare):  # one uncounted preheated load each: the OS file cache, the pools' first fill
            _wait_pool(server, 1, 90)
        _tti(browser, bare_url, harness.BARE_WIDGET)
        _wait_pool(hot, 1, REFILL_WAIT_S)
        _tti(browser, lesson_url, selector)
        cold, floor, warm, returning, warm_phases, returning_phases, floor_phases = [], [], [], [], [], [], []
        for i in range(repeats):
            cold.append(_tti(browser, f"{bare.url}/voila/render/{harness.BARE_SLIDER}", harness.BARE_WIDGET))
            _wait_pool(hot_bare, 1, REFILL_WAIT_S)
            floor.append(_tti(browser, bare_url, harness.BARE_WIDGET, phases=floor_phases))
            _wait_pool(hot, 1, REFILL_WAIT_S)
            warm.append(_tti(browser, lesson_url, selector, phases=warm_phases))
            _wait_pool(hot, 1, REFILL_WAIT_S)
            returning.append(_tti(browser, lesson_url, selector, home=f"{hot.url}/voila/tree",
                                  phases=returning_phases))
            progress(f"preheat {i + 1}/{repeats}: preheated bare {floor[-1]:.0f} ms, preheated lesson {warm[-1]:.0f} ms "
                     f"(fresh browser), {returning[-1]:.0f} ms (after the page list); cold bare {cold[-1]:.0f} ms")
    finally:
        bare.stop()
        hot.stop()
        hot_bare.stop()
    pooled = _presented(harness.LESSONS_DIR, [harness.LESSON01], pool=2)
    try:
        _wait_pool(pooled, 2, 90)
        rss = [harness.rss_kib(pid) for pid in pooled.kernel_pids()]
    finally:
        pooled.stop()
    floor_ms = statistics.median(floor)
    ratio = statistics.median(warm) / floor_ms
    # Paired ratios (each lesson load over the bare load just before it) show the spread.
    paired = [w / f for w, f in zip(warm, floor)]
    return {"preheated_bare_ms": floor_ms, "preheated_ms": statistics.median(warm), "ratio": ratio,
            "paired_ratios": paired, "returning_ms": statistics.median(returning),
            "returning_ratio": statistics.median(returning) / floor_ms, "cold_bare_ms": statistics.median(cold),
            "phases": {"bare page": _phase_medians(floor_phases), "lesson": _phase_medians(warm_phases),
                       "lesson, returning": _phase_medians(returning_phases)},
            "ratio_ok": ratio <= TTI_RATIO_MAX,
            "samples": {"cold_bare": cold, "preheated_bare": floor, "preheated": warm, "returning": returning},
            "preheated_kernel_rss_mib": [kib / 1024 for kib in rss], "selector": selector}


def measure_latency(browser, submissions: int) -> dict:
    """Time from a store write to the coach's page showing it (the kernel polls every second)."""
    served = Path(tempfile.mkdtemp(prefix="sll-bench-cohort-"))
    (served / "coach").mkdir()
    shutil.copy(harness.LESSONS_DIR / DASHBOARD, served / DASHBOARD)
    server = harness.start_voila(served)
    page = harness.new_page(browser)
    try:
        store = CohortStore(server.home / "cohort.sqlite")
        made, key = store.create_cohort("Bench group")
        page.goto(f"{server.url}/voila/render/{DASHBOARD}")
        harness.wait_voila_rendered(page, ".sll-open-dashboard")
        page.get_by_placeholder("Cohort name or join code").fill(made.code)
        page.get_by_placeholder("Coach key").fill(key)
        page.get_by_role("button", name="Open dashboard").click()
        page.wait_for_selector(".sll-cohort-summary [data-submissions='0']")
        tokens = [store.join(made.code).token for _ in range(5)]
        latencies = []
        for i in range(submissions):
            time.sleep(0.3 + (i % 7) * 0.11)  # land at different points of the poll cycle
            start = time.monotonic()
            store.submit(tokens[i % 5], "01.conversation-finder", {"conversation": f"topic {i}"})
            page.wait_for_selector(f".sll-cohort-summary [data-submissions='{i + 1}']", timeout=30_000)
            latencies.append(time.monotonic() - start)
        p95 = percentile(latencies, 95)
        return {"p50_s": statistics.median(latencies), "p95_s": p95, "max_s": max(latencies),
                "ok": p95 <= LATENCY_P95_MAX_S, "samples": latencies}
    finally:
        page.context.close()
        server.stop()
        shutil.rmtree(served, ignore_errors=True)


def measure_sessions(sessions: int) -> dict:
    """``sessions`` concurrent learners (websocket clients driving widget comms) join and share."""
    served = Path(tempfile.mkdtemp(prefix="sll-bench-load-"))
    cohort_clients.write_learner_notebook(served)
    server = harness.start_voila(served, extra_args=cohort_clients.LOAD_SERVER_ARGS)
    try:
        store = CohortStore(server.home / "cohort.sqlite")
        made, key = store.create_cohort("Load group")
        start = time.monotonic()
        with ThreadPoolExecutor(sessions) as pool:
            results = list(pool.map(
                lambda i: cohort_clients.learner_joins_and_shares(server.url, made.code, i % 3,
                                                                  delay=i * cohort_clients.ARRIVAL_GAP_S),
                range(sessions)))
        wall = time.monotonic() - start
        stored = len(store.coach(made.code, key).submissions())
        totals = [r["total"] for r in results]
        return {"sessions": sessions, "wall_s": wall, "stored": stored, "lost": sessions - stored,
                "session_p50_s": statistics.median(totals), "session_p95_s": percentile(totals, 95),
                "render_p95_s": percentile([r["render"] for r in results], 95)}
    finally:
        server.stop()
        shutil.rmtree(served, ignore_errors=True)


def _submit_many(url: str, tokens: list[str], count: int) -> int:
    from widgets.cohort import CohortStore as Store

    store = Store(url)
    for i in range(count):
        store.submit(tokens[i % len(tokens)], "00.stage-assessment", {"stage": "Listener"})
    store.close()
    return count


def measure_store(processes: int = 20, total: int = 1000) -> dict:
    """Throughput of the SQLite store with ``processes`` writers (nothing lost is the load test's job)."""
    folder = Path(tempfile.mkdtemp(prefix="sll-bench-store-"))
    try:
        store = CohortStore(folder / "cohort.sqlite")
        made, key = store.create_cohort("Throughput")
        # Enough learners per writer that none passes the per-learner rate limit (what is measured
        # is the store's throughput, not the limit's refusals).
        each = -(-(total // processes) // (RATE_PER_MINUTE - 2))
        tokens = [store.join(made.code).token for _ in range(processes * each)]
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(processes) as pool:
            pool.apply(_submit_many, (store.url, tokens[:1], 1))  # interpreters up before the clock starts
            start = time.monotonic()
            done = sum(pool.starmap(_submit_many, [(store.url, tokens[w * each:(w + 1) * each], total // processes)
                                                   for w in range(processes)]))
            seconds = time.monotonic() - start
        stored = len(store.coach(made.code, key).submissions()) - 1
        return {"processes": processes, "submitted": done, "stored": stored, "seconds": seconds,
                "per_minute": done / seconds * 60}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="preheated/cold loads each (default 3)")
    parser.add_argument("--latency-samples", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--skip", default="", help="comma-separated: preheat,latency,load,store")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    results, errors = {}, {}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = harness.launch_chromium(p, harness.find_chromium(p))
        try:
            for name, run in (("preheat", lambda: measure_preheat(browser, args.repeats)),
                              ("latency", lambda: measure_latency(browser, args.latency_samples))):
                if name in skip:
                    continue
                try:
                    results[name] = run()
                except Exception:
                    errors[name] = traceback.format_exc()
        finally:
            browser.close()
    for name, run in (("load", lambda: measure_sessions(args.sessions)), ("store", measure_store)):
        if name in skip:
            continue
        try:
            results[name] = run()
        except Exception:
            errors[name] = traceback.format_exc()

    def mark(ok: bool) -> str:
        return "ok  " if ok else "MISS"

    if "preheat" in results:
        r = results["preheat"]
        print(f"{mark(r['ratio_ok'])} preheated Lesson 01 TTI {r['preheated_ms']:.0f} ms ÷ preheated bare page "
              f"{r['preheated_bare_ms']:.0f} ms = {r['ratio']:.2f}× (target ≤ {TTI_RATIO_MAX}×; paired loads "
              f"{', '.join(f'{x:.2f}' for x in r['paired_ratios'])})")
        print(f"{mark(r['returning_ratio'] <= TTI_RATIO_MAX)} after the course's page list (scripts cached): "
              f"{r['returning_ms']:.0f} ms = {r['returning_ratio']:.2f}×")
        print(f"     for reference, the cold bare page (no pool): {r['cold_bare_ms']:.0f} ms; the preheated lesson is "
              f"{r['preheated_ms'] / r['cold_bare_ms']:.2f}× that")
        for name, ph in r["phases"].items():
            print(f"     preheated {name}: scripts loaded {ph.get('load', float('nan')):.0f} ms, "
                  f"kernel socket opened {ph.get('socket', float('nan')):.0f} ms, widgets drawn {ph['tti']:.0f} ms")
        mib = r["preheated_kernel_rss_mib"]
        print(f"     memory per preheated kernel: {', '.join(f'{m:.0f}' for m in mib)} MiB")
    if "latency" in results:
        r = results["latency"]
        print(f"{mark(r['ok'])} submission → dashboard p95 {r['p95_s']:.2f} s (p50 {r['p50_s']:.2f} s, "
              f"max {r['max_s']:.2f} s; target ≤ {LATENCY_P95_MAX_S} s)")
    if "load" in results:
        r = results["load"]
        print(f"{mark(r['lost'] == 0)} {r['sessions']} concurrent learner sessions: wall {r['wall_s']:.1f} s, "
              f"per session p50 {r['session_p50_s']:.1f} s / p95 {r['session_p95_s']:.1f} s, lost {r['lost']}")
    if "store" in results:
        r = results["store"]
        print(f"{mark(r['stored'] == r['submitted'])} store (SQLite): {r['submitted']} submissions from "
              f"{r['processes']} processes in {r['seconds']:.1f} s = {r['per_minute']:.0f}/min, stored {r['stored']}")
    for name, text in errors.items():
        print(f"ERROR {name}:\n{text}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "errors": list(errors)}, indent=2))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
