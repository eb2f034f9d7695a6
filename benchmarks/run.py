"""Course benchmarks: Voila time-to-interactive and kernel memory per lesson, analyzer throughput,
keystroke-to-feedback latency, connector suggestions for 2,000 members.

    python benchmarks/run.py [--repeats N] [--json OUT] [--only NOTEBOOK ...] [--skip-typing] [--stock-template]

One run measures everything against real servers and a real headless Chromium (the same
harness as tests/browser) and prints a table of figures against their targets. A missed target
is reported as MISS and the exit status stays 0; only an error (a step that could not be
measured) exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))  # `widgets` from this checkout, installed or not

import harness  # noqa: E402
from widgets import theme  # noqa: E402

# Each lesson: the selector of its last visible widget (time-to-interactive waits for it).
LESSON_READY = {
    "00_start_here.ipynb": ".sll-lesson-nav",
    "01_conversation.ipynb": ".sll-lesson-nav",
    "02_culture.ipynb": ".sll-lesson-nav",
    "03_community.ipynb": ".sll-lesson-nav",
    "04_capstone.ipynb": ".sll-lesson-nav",
}
# Live-typing feedback: (lesson, textarea, element watched, element carrying data-chars).
TYPING = {
    "rewrite studio meter": ("01_conversation.ipynb", harness.DRAFT, harness.METER, harness.METER_READING),
    "benefit ladder rung": ("02_culture.ipynb", ".sll-benefit-ladder .sll-rung-input input",
                            ".sll-benefit-ladder .sll-rung-live", ".sll-benefit-ladder .sll-rung-live [data-chars]"),
    "character check": ("02_culture.ipynb", ".sll-character-draft textarea", ".sll-character-result",
                        ".sll-character-result [data-chars]"),
    "robot-or-human rewrite": ("03_community.ipynb", ".sll-robot-or-human .sll-robot-draft textarea",
                               ".sll-robot-or-human .sll-robot-live",
                               ".sll-robot-or-human .sll-robot-live [data-chars]"),
    "introduction draft": ("03_community.ipynb", ".sll-intro-draft textarea", ".sll-connector .sll-intro-live",
                           ".sll-connector .sll-intro-live [data-chars]"),
}
# Clicked before typing where a draft opens only after an answer (the robot rewrite needs a message sorted first).
PREPARE = {"robot-or-human rewrite": ".sll-robot-or-human .sll-mark-robot"}
CONNECTOR_MEMBERS = 2000
TTI_RATIO_MAX = 1.3
KEYSTROKE_P95_MAX_MS = 100.0
POSTS_PER_SECOND_MIN = 5_000
MEMORY_RATIO_MAX = 1.5

# Typed one character at a time. No spaces: the meter reports the length of the *analysed*
# text, and an analyser may trim a trailing space, which would leave that keystroke without a
# length change to wait for.
KEYSTROKES = "What-worked-for-you-this-week?Tell-me-one-thing-you-would-change!"

# Installed in the page once the lesson has rendered. The keydown listener (capture phase,
# so before the widget sees the key) stamps t0; a MutationObserver on the meter fires, as a
# microtask right after the widget has rewritten the meter's DOM, and stamps the latency when
# data-chars equals the armed length. Timing inside the page with performance.now() keeps
# Playwright's round trips and its wait_for_function polling out of the figure: Python only
# waits for `hit` to reach the armed count before sending the next key.
LATENCY_PROBE_JS = """
([meterSel, readingSel]) => {
  const probe = {expect: -1, hit: -1, t0: null, ms: null};
  document.addEventListener('keydown', () => { if (probe.t0 === null) probe.t0 = performance.now(); }, true);
  const check = () => {
    if (probe.expect < 0 || probe.hit === probe.expect || probe.t0 === null) return;
    const reading = document.querySelector(readingSel);
    if (reading && reading.getAttribute('data-chars') === String(probe.expect)) {
      probe.ms = performance.now() - probe.t0;
      probe.hit = probe.expect;
    }
  };
  new MutationObserver(check).observe(document.querySelector(meterSel),
    {subtree: true, childList: true, attributes: true, characterData: true});
  probe.arm = (n) => { probe.expect = n; probe.t0 = null; probe.ms = null; };
  window.__sllLatency = probe;
}
"""


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], pct: int) -> float:
    """Inclusive percentile (pct in 1..99) of at least two values."""
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


RSS_SETTLE_S = 5.0
XSRF = "sll-benchmark"


def load_once(browser, server: harness.Server, notebook: str, selector: str) -> tuple[float, int]:
    """One cold load (fresh context, fresh kernel): ms from navigation start to interactive, kernel RSS KiB."""
    page = harness.new_page(browser)
    # The cookie `social-lab present` gives every page (widgets/room/app.py): the tab-close shutdown must send it
    # back, and plain Voila sets none.
    page.context.add_cookies([{"name": "_xsrf", "value": XSRF, "url": server.url}])
    try:
        before = set(server.kernel_pids())
        page.goto(f"{server.url}/voila/render/{notebook}", wait_until="commit")
        tti_ms = harness.wait_voila_rendered(page, selector)
        fresh = [pid for pid in server.kernel_pids() if pid not in before]
        if len(fresh) != 1:
            raise RuntimeError(f"expected one new kernel for {notebook}, found {fresh}")
        # Memory as the learner's kernel keeps it: read once the meter's cue lists have loaded in the
        # background (widgets.voice.load_soon: 4 s after the first meter, about 0.5 s of work).
        time.sleep(RSS_SETTLE_S)
        rss = harness.rss_kib(fresh[0])
        # Leave as a learner leaves: closing the tab shuts the kernel down (Voila's beforeunload sends this
        # request). Sent here, not left to the unload beacon, which a busy machine sometimes lost: a kernel
        # left running kept working into the next loads' time.
        kernel_id = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        response = page.context.request.post(f"{server.url}/voila/api/shutdown/{kernel_id}", form={"_xsrf": XSRF})
        if not response.ok:
            raise RuntimeError(f"Voila refused to shut down the kernel of {notebook}: HTTP {response.status}")
        deadline = time.monotonic() + 15
        while fresh[0] in server.kernel_pids():
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel of {notebook} was still running 15 s after its shutdown")
            time.sleep(0.05)
        return tti_ms, rss
    finally:
        page.context.close()


def measure_loads(browser, bare: harness.Server, lessons: harness.Server, repeats: int) -> dict:
    """(a) TTI and (d) kernel memory of every lesson and the bare floor, loads interleaved to share the noise."""
    pages = {"bare": (bare, harness.BARE_SLIDER, harness.BARE_WIDGET)}
    for notebook, selector in LESSON_READY.items():
        if (harness.LESSONS_DIR / notebook).exists():
            pages[notebook] = (lessons, notebook, selector)
    progress("loads: one warm-up load each (not counted: fills the OS file cache)")
    for server, notebook, selector in pages.values():
        load_once(browser, server, notebook, selector)
    tti = {name: [] for name in pages}
    rss = {name: [] for name in pages}
    names = list(pages)
    for i in range(repeats):
        # Rotate the order so no page always follows the same neighbour's kernel start.
        for name in names[i % len(names):] + names[:i % len(names)]:
            ms, kib = load_once(browser, *pages[name])
            tti[name].append(ms)
            rss[name].append(kib)
            progress(f"loads: repeat {i + 1}/{repeats} {name:24s} TTI {ms / 1000:5.2f} s, "
                     f"kernel RSS {kib / 1024:6.1f} MiB")
    med = {k: {"tti_ms": statistics.median(tti[k]), "rss_kib": statistics.median(rss[k])} for k in pages}
    floor = med["bare"]
    return {
        "median": med,
        "ratios": {k: {"tti": v["tti_ms"] / floor["tti_ms"], "memory": v["rss_kib"] / floor["rss_kib"]}
                   for k, v in med.items() if k != "bare"},
        "samples": {"tti_ms": tti, "rss_kib": rss},
    }


def measure_throughput(rounds: int = 5, min_seconds: float = 0.5) -> dict:
    """(b) ``widgets.voice.analyze()`` posts per second over the course's example posts (no browser)."""
    from widgets import content, voice  # lazily: pure Python, written alongside this benchmark

    texts = [post.text for post in content.load_posts()]
    if not texts:
        raise RuntimeError("content.load_posts() returned no posts")
    for text in texts:
        voice.analyze(text)  # warm-up: compiled patterns, caches
    rates = []
    for r in range(rounds):
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < min_seconds:
            for text in texts:
                voice.analyze(text)
            count += len(texts)
        rates.append(count / elapsed)
        progress(f"throughput: round {r + 1}/{rounds} {rates[-1]:,.0f} posts/s over {len(texts)} posts")
    return {"posts_per_second": statistics.median(rates), "posts": len(texts), "samples": rates}


def measure_keystrokes(browser, server: harness.Server, notebook: str, textarea: str, watched: str,
                       reading: str, prepare: str | None = None) -> dict:
    """(c) Keystroke-to-feedback latency: one key at a time, each until data-chars equals the new length."""
    page = harness.new_page(browser)
    try:
        page.goto(f"{server.url}/voila/render/{notebook}")
        harness.wait_voila_rendered(page, textarea)
        draft = page.locator(textarea)
        if prepare:
            page.locator(prepare).first.click()
            page.wait_for_function("sel => !document.querySelector(sel).disabled", arg=textarea)
        draft.fill("")
        page.locator(reading.replace("[data-chars]", "[data-chars='0']")).wait_for(state="attached")
        page.evaluate(LATENCY_PROBE_JS, [watched, reading])
        draft.focus()
        latencies = []
        for n, char in enumerate(KEYSTROKES, start=1):
            page.evaluate("n => window.__sllLatency.arm(n)", n)
            page.keyboard.type(char)
            page.wait_for_function("n => window.__sllLatency.hit === n", arg=n, timeout=10_000)
            latencies.append(page.evaluate("window.__sllLatency.ms"))
            if n % 20 == 0:
                progress(f"keystrokes ({notebook}): {n}/{len(KEYSTROKES)} (last {latencies[-1]:.0f} ms)")
        return {
            "p50_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 95),
            "max_ms": max(latencies),
            "keystrokes": len(latencies),
            "samples": latencies,
        }
    finally:
        page.context.close()


def measure_connector() -> dict:
    """(e) The connector's suggestion step for a synthetic community of 2,000 members (pure Python)."""
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    from bench_connector import measure

    return measure(members=CONNECTOR_MEMBERS)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(results: dict, errors: dict) -> None:
    rows = [("metric", "measured", "target", "result")]
    loads = results.get("loads")
    if loads:
        med = loads["median"]
        rows.append(("bare one-slider page", f"{med['bare']['tti_ms'] / 1000:.2f} s",
                     f"{med['bare']['rss_kib'] / 1024:.1f} MiB", "(the floor)"))
        for name, ratio in loads["ratios"].items():
            rows += [
                (f"Voila TTI {name} / bare", f"{ratio['tti']:.2f}x ({med[name]['tti_ms'] / 1000:.2f} s)",
                 f"<= {TTI_RATIO_MAX}x", verdict(ratio["tti"] <= TTI_RATIO_MAX)),
                (f"  kernel RSS {name} / bare", f"{ratio['memory']:.2f}x ({med[name]['rss_kib'] / 1024:.0f} MiB)",
                 f"<= {MEMORY_RATIO_MAX}x", verdict(ratio["memory"] <= MEMORY_RATIO_MAX)),
            ]
    elif "loads" in errors:
        rows.append(("Voila TTI + kernel RSS", "ERROR", "", errors["loads"]))
    thr = results.get("throughput")
    if thr:
        rows.append(("voice.analyze() throughput", f"{thr['posts_per_second']:,.0f} posts/s",
                     f">= {POSTS_PER_SECOND_MIN:,}", verdict(thr["posts_per_second"] >= POSTS_PER_SECOND_MIN)))
    elif "throughput" in errors:
        rows.append(("voice.analyze() throughput", "ERROR", "", errors["throughput"]))
    for name in TYPING:
        keys = results.get("keystrokes", {}).get(name)
        if keys:
            rows += [
                (f"keystroke -> {name} p95", f"{keys['p95_ms']:.0f} ms", f"<= {KEYSTROKE_P95_MAX_MS:.0f} ms",
                 verdict(keys["p95_ms"] <= KEYSTROKE_P95_MAX_MS)),
                (f"  p50 over {keys['keystrokes']} keystrokes", f"{keys['p50_ms']:.0f} ms", "", ""),
            ]
        elif name in errors:
            rows.append((f"keystroke -> {name}", "ERROR", "", errors[name]))
    conn = results.get("connector")
    if conn:
        rows.append((f"connector suggestions, {conn['members']:,} members", f"{conn['median_s'] * 1000:.0f} ms",
                     "median", f"{conn['suggestions']} suggestions"))
    elif "connector" in errors:
        rows.append(("connector suggestions", "ERROR", "", errors["connector"]))
    widths = [max(len(row[i]) for row in rows[:]) for i in range(3)]
    for i, row in enumerate(rows):
        print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")
        if i == 0:
            print("-" * (sum(widths) + 12))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="cold loads of each page (median; at least 5)")
    parser.add_argument("--json", type=Path, help="also write all figures and raw samples here")
    parser.add_argument("--only", nargs="+", metavar="NOTEBOOK",
                        help="time-to-interactive for these lessons only (e.g. 01_conversation.ipynb)")
    parser.add_argument("--skip-typing", action="store_true", help="skip the keystroke latency step")
    parser.add_argument("--stock-template", action="store_true",
                        help="serve the lessons with Voila's own lab template, not the course's (as plain "
                             "`voila lessons/` does)")
    args = parser.parse_args(argv)
    if args.repeats < 5:
        parser.error("--repeats must be at least 5")
    if args.only:
        unknown = sorted(set(args.only) - set(LESSON_READY))
        if unknown:
            parser.error(f"not a lesson: {', '.join(unknown)} (choose from {', '.join(LESSON_READY)})")
        for name in set(LESSON_READY) - set(args.only):
            del LESSON_READY[name]
    if args.skip_typing:
        TYPING.clear()
    if not (harness.LESSONS_DIR / harness.LESSON01).exists():
        parser.error(f"{harness.LESSONS_DIR / harness.LESSON01} does not exist")

    results: dict = {}
    errors: dict = {}

    progress("step 1/4: voice.analyze() throughput (pure Python)")
    try:
        results["throughput"] = measure_throughput()
    except Exception as exc:  # report and carry on: the browser figures are still worth having
        errors["throughput"] = f"{type(exc).__name__}: {exc}"
        progress(f"throughput: ERROR {errors['throughput']}")
    progress(f"step 2/4: connector suggestions for {CONNECTOR_MEMBERS:,} members (pure Python)")
    try:
        results["connector"] = measure_connector()
    except Exception as exc:
        errors["connector"] = f"{type(exc).__name__}: {exc}"
        progress(f"connector: ERROR {errors['connector']}")

    from playwright.sync_api import sync_playwright

    servers: list[harness.Server] = []
    try:
        which = "Voila's own lab template" if args.stock_template else f"the course template ({theme.TEMPLATE})"
        progress(f"starting two Voila servers on 127.0.0.1: the bare-slider fixture, the lessons with {which}")
        # Closed pages leave their kernels running; cull them so dozens of cold loads do not pile
        # up kernels (and their ports) on a 2-core machine and skew the later loads.
        cull = ("--MappingKernelManager.cull_idle_timeout=20", "--MappingKernelManager.cull_interval=5")
        bare = harness.start_voila(harness.FIXTURES_DIR, extra_args=cull)  # stock Voila: the floor
        servers.append(bare)
        # The lessons as the course serves them (`social-lab present`, and Binder through binder/start):
        # with the course's Voila template. --stock-template serves them with Voila's own lab template.
        course = () if args.stock_template else tuple(theme.voila_template_args())
        env = None if args.stock_template else theme.voila_path_env()
        lesson = harness.start_voila(harness.LESSONS_DIR, extra_args=(*cull, *course), env=env)
        servers.append(lesson)
        with sync_playwright() as p:
            browser = harness.launch_chromium(p, harness.find_chromium(p))
            try:
                progress(f"step 3/4: Voila time-to-interactive and kernel RSS, {args.repeats} cold loads each")
                try:
                    results["loads"] = measure_loads(browser, bare, lesson, args.repeats)
                except Exception as exc:
                    errors["loads"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
                    progress(f"loads: ERROR {type(exc).__name__}: {exc}")
                progress(f"step 4/4: keystroke-to-feedback latency, {len(KEYSTROKES)} keystrokes per widget")
                results["keystrokes"] = {}
                for name, (notebook, textarea, watched, reading) in TYPING.items():
                    if not (harness.LESSONS_DIR / notebook).exists():
                        continue
                    try:
                        results["keystrokes"][name] = measure_keystrokes(browser, lesson, notebook, textarea,
                                                                         watched, reading, PREPARE.get(name))
                    except Exception as exc:
                        errors[name] = f"{type(exc).__name__}: {exc}".splitlines()[0]
                        progress(f"keystrokes ({name}): ERROR {type(exc).__name__}: {exc}")
            finally:
                browser.close()
    except (harness.ServerError, harness.BrowserNotFound) as exc:
        errors["setup"] = str(exc)
        progress(f"setup: ERROR {exc}")
    finally:
        for server in servers:
            server.stop()

    print_table(results, errors)
    if args.json:
        payload = {
            "targets": {
                "tti_ratio_max": TTI_RATIO_MAX,
                "keystroke_p95_max_ms": KEYSTROKE_P95_MAX_MS,
                "posts_per_second_min": POSTS_PER_SECOND_MIN,
                "memory_ratio_max": MEMORY_RATIO_MAX,
            },
            "lessons_template": "voila lab (stock)" if args.stock_template else theme.TEMPLATE,
            "results": results,
            "errors": errors,
        }
        args.json.write_text(json.dumps(payload, indent=2))
        progress(f"wrote {args.json}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
