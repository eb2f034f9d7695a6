"""Soak: execute a lesson N times, each in a fresh process and kernel, and count the runs that got stuck.

    python benchmarks/soak_execute.py [--runs 100] [--lesson lessons/02_culture.ipynb]
                                      [--client resilient|stock] [--stuck-after 180] [--json OUT]

``resilient`` (the default) runs the lesson as ``social-lab execute`` does (widgets/execute.py);
``stock`` runs it as ``jupyter nbconvert --execute`` does (nbclient's own asyncio client over TCP),
the baseline that hung once in seven runs. A run that has not finished after ``--stuck-after``
seconds is stuck: its process group (the run and its kernel) is killed and the soak goes on.

Each run also counts *late reads*: a one-second wait that ended on its timeout and then found a
message already in the socket. That is a lost wake-up the resilient client caught; with the stock
client the same lost wake-up is an untimed wait that never ends. Exit 0 when no run got stuck or
failed, 1 otherwise. Nothing runs in the test suite: this takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

DEFAULT_LESSON = REPO_ROOT / "lessons" / "02_culture.ipynb"


def _one(lesson: Path, client: str) -> dict:
    """Run ``lesson`` once in this process; return seconds taken and late reads seen."""
    import nbformat
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_client.channels import AsyncZMQSocketChannel
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import DottedObjectName, Type

    from widgets.execute import execute_notebook
    from widgets.kernels import ResilientKernelManager
    from widgets.serving import ResilientChannel

    late = [0]

    class Probe(AsyncZMQSocketChannel):
        """Counts timed waits that ran their full time and still found a message."""

        async def get_msg(self, timeout=None):  # type: ignore[override]
            started = time.monotonic()
            msg = await super().get_msg(timeout)
            if timeout and time.monotonic() - started >= timeout * 0.98:
                late[0] += 1
            return msg

    class ResilientProbe(ResilientChannel, Probe):  # ResilientChannel's short waits go through Probe
        pass

    class ProbeClient(AsyncKernelClient):
        shell_channel_class = Type(ResilientProbe)
        iopub_channel_class = Type(ResilientProbe)
        stdin_channel_class = Type(ResilientProbe)
        control_channel_class = Type(ResilientProbe)

    if client == "resilient":  # social-lab execute's manager, with the probe in its client's channels
        manager = type("ProbeKernelManager", (ResilientKernelManager,),
                       {"client_class": DottedObjectName("__main__.ProbeClient")})
        sys.modules["__main__"].ProbeClient = ProbeClient  # type: ignore[attr-defined]
        assert isinstance(manager().client(), ProbeClient), "the soak must measure the client it names"
    else:  # nbconvert's: nbclient's default manager and its stock client (untimed waits)
        manager = AsyncKernelManager

    nb = nbformat.read(lesson, as_version=4)
    started = time.monotonic()
    execute_notebook(nb, lesson.resolve().parent, timeout=None if client == "stock" else 600,
                     kernel_manager_class=manager)
    return {"seconds": time.monotonic() - started, "late_reads": late[0]}


def _run_child(lesson: Path, client: str, stuck_after: float) -> dict:
    cmd = [sys.executable, __file__, "--one", str(lesson), "--client", client]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        try:
            code = proc.wait(timeout=stuck_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and the kernel it started
            proc.wait()
            return {"outcome": "stuck", "seconds": time.monotonic() - started}
        out.seek(0)
        err.seek(0)
        if code != 0:
            tail = err.read().strip().splitlines()[-1:] or [f"exit {code}"]
            return {"outcome": "failed", "seconds": time.monotonic() - started, "error": tail[0][:300]}
        result = json.loads(out.read().strip().splitlines()[-1])
    return {"outcome": "ok", **result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--lesson", type=Path, default=DEFAULT_LESSON)
    parser.add_argument("--client", choices=("resilient", "stock"), default="resilient")
    parser.add_argument("--stuck-after", type=float, default=180.0, metavar="S")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every run's result here")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_one(args.one, args.client)))
        return 0

    results = []
    started = time.monotonic()
    for number in range(1, args.runs + 1):
        result = _run_child(args.lesson, args.client, args.stuck_after)
        results.append(result)
        note = f" late reads {result['late_reads']}" if "late_reads" in result else ""
        print(f"run {number:3}/{args.runs}: {result['outcome']:6} {result['seconds']:6.1f} s{note}"
              + (f"  {result['error']}" if "error" in result else ""), flush=True)
    stuck = sum(r["outcome"] == "stuck" for r in results)
    failed = sum(r["outcome"] == "failed" for r in results)
    ok = [r for r in results if r["outcome"] == "ok"]
    seconds = [r["seconds"] for r in ok]
    late = sum(r["late_reads"] for r in ok)
    print(f"\n{args.lesson.name}, {args.client} client, {args.runs} runs in {time.monotonic() - started:.0f} s: "
          f"{stuck} stuck (no end after {args.stuck_after:.0f} s), {failed} failed, {len(ok)} finished")
    if seconds:
        print(f"finished runs: median {statistics.median(seconds):.1f} s, slowest {max(seconds):.1f} s; "
              f"{late} late read(s) in {sum(r['late_reads'] > 0 for r in ok)} run(s) (lost wake-ups caught)")
    if args.json:
        args.json.write_text(json.dumps({"lesson": str(args.lesson), "client": args.client, "runs": results},
                                        indent=1))
    return 0 if stuck == 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
