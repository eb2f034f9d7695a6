"""Time the connector's suggestion step on a deterministic synthetic community (default 2,000 members).

    python benchmarks/bench_connector.py [--members 2000] [--runs 7] [--limit 10] [--json]

Prints the median (and min/max) wall time of ``widgets.connector.suggest`` over several runs. The
community comes from ``synthetic_community(size, seed=2026)``: 60 interests, 40 skills, 3 interests,
1–2 needs and 1–2 offers a member, so every run measures the same work.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from widgets.connector import suggest, synthetic_community


def measure(members: int = 2000, runs: int = 7, limit: int = 10) -> dict:
    """Median, min and max seconds of the suggestion step, and what it returned."""
    community = synthetic_community(members)
    suggest(community, limit=limit)  # warm-up: imports and first allocations are not the step
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        found = suggest(community, limit=limit)
        times.append(time.perf_counter() - start)
    return {"members": members, "runs": runs, "limit": limit, "suggestions": len(found),
            "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a sentence")
    args = parser.parse_args(argv)
    result = measure(args.members, args.runs, args.limit)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"connector suggest: {result['members']:,} members, median {result['median_s'] * 1000:.0f} ms "
              f"over {result['runs']} runs (min {result['min_s'] * 1000:.0f}, max {result['max_s'] * 1000:.0f} ms), "
              f"{result['suggestions']} suggestions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
