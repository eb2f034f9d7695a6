"""Store load: 20 processes submit 1,000 results together; none is lost (SQLite and PostgreSQL).

Loopback/local only and bounded: 1,000 inserts, one minute at most. Throughput is reported by
benchmarks/bench_cohort.py, not asserted here.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_cohort_store import store  # noqa: E402,F401  (the SQLite + PostgreSQL fixture)
from widgets.cohort import RATE_PER_MINUTE  # noqa: E402

PROCESSES = 20
TOTAL = 1_000
STAGES = ("Broadcaster", "Listener", "Host")


def submit_many(url: str, tokens: list[str], count: int, worker: int) -> list[int]:
    """One worker process: its own connection pool, ``count`` submissions spread over its learners."""
    from widgets.cohort import CohortStore

    store = CohortStore(url)
    ids = [store.submit(tokens[i % len(tokens)], "00.stage-assessment",
                        {"stage": STAGES[(worker + i) % len(STAGES)]}) for i in range(count)]
    store.close()
    return ids


@pytest.mark.slow
def test_twenty_processes_submit_a_thousand_results_and_none_is_lost(store):  # noqa: F811
    made, key = store.create_cohort("Load group")
    per = TOTAL // PROCESSES
    each = -(-per // (RATE_PER_MINUTE - 2))  # learners per worker: none of them passes the per-learner rate limit
    tokens = [store.join(made.code).token for _ in range(PROCESSES * each)]
    url = store.engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter each: no inherited connections
    with ctx.Pool(PROCESSES) as pool:
        jobs = [pool.apply_async(submit_many, (url, tokens[w * each:(w + 1) * each], per, w))
                for w in range(PROCESSES)]
        ids = [i for job in jobs for i in job.get(timeout=60)]
    assert len(ids) == TOTAL and len(set(ids)) == TOTAL, "every submission got its own id"
    coach = store.coach(made.code, key)
    rows = coach.submissions()
    assert len(rows) == TOTAL and {r.id for r in rows} == set(ids)
    assert coach.revision()[0] == TOTAL
