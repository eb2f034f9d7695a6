"""Voilà load: 30 learner sessions at once (websocket clients driving widget comms) join and share; none is lost.

Loopback only, bounded: 30 sessions, each with bounded waits (~60-70 s on a quiet 2-core machine).
Timings are reported by benchmarks/bench_cohort.py, not asserted here.
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "browser")]
import cohort_clients  # noqa: E402
import harness  # noqa: E402

from widgets.cohort import CohortStore  # noqa: E402

SESSIONS = 30


@pytest.mark.slow
def test_thirty_concurrent_sessions_join_and_share(tmp_path):
    cohort_clients.write_learner_notebook(tmp_path)
    server = harness.start_voila(tmp_path, extra_args=cohort_clients.LOAD_SERVER_ARGS)
    try:
        store = CohortStore(server.home / "cohort.sqlite")
        made, key = store.create_cohort("Load group")
        with ThreadPoolExecutor(SESSIONS) as pool:
            results = list(pool.map(
                lambda i: cohort_clients.learner_joins_and_shares(
                    server.url, made.code, i % 3, delay=i * cohort_clients.ARRIVAL_GAP_S),
                range(SESSIONS)))
        coach = store.coach(made.code, key)
        rows = coach.submissions()
        assert len(results) == SESSIONS
        assert len(rows) == SESSIONS and len({r.member_id for r in rows}) == SESSIONS, "one share per learner"
        assert coach.aggregates().stages == dict(Counter(["Broadcaster", "Listener", "Host"][i % 3]
                                                          for i in range(SESSIONS)))
    finally:
        server.stop()
