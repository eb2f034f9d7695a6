"""The voice meter and the robot check: accuracy, speed and the worst case, as figures (not timed tests).

    python benchmarks/bench_voice.py [--rounds 5] [--real DIR] [--json]

Reports, in one run:
  * accuracy on the course's labeled posts (datasets/posts.yaml and posts_holdout.yaml) and on the
    lesson 03 robot-or-human messages, with every miss named by id;
  * throughput of ``voice.analyze()`` over the labeled posts (and the real posts given with ``--real``):
    posts per CPU second (what one core delivers, however busy the machine) and per wall second, median
    of rounds, beside ``str.lower()`` + one regex over the same posts timed the same way in the same run,
    so a slow machine shows as a ratio, not as a regression;
  * the worst case, in milliseconds of CPU time, of ``voice.analyze()`` and ``robot.detect()`` on
    5,000-character pathological inputs (runs of digits and dots, punctuation, emoji walls, right-to-left
    text, control characters…), and each one's ratio to an ordinary 5,000-character post.

``--real DIR`` also reads tab-separated corpora of real posts kept outside the project (the
development halves in ``../shared/eval``: ``bragging_dev.tsv`` with columns label, text and
``speech_acts_dev.tsv`` with act, text) and prints, on the whole file and on two halves split by a
hash of each text (a check that what was tuned on one half holds on the other): the verdict's AUC for
brag -> bullhorn, the self-promotion signal's AUC, the share of ordinary posts called a bullhorn and the
invitation's AUC for questions; then, by kind of brag, how often self-promotion lights up and what the
verdict says. Those texts are read, never copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
import zlib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # `widgets` from this checkout, installed or not

import yaml  # noqa: E402

from widgets import robot, voice  # noqa: E402
from widgets.content import datasets_dir, load_posts  # noqa: E402

ORDINARY = ("Rest your steak for five minutes before slicing; it keeps the juice in. What's your trick? " * 60)[:5000]
PATHOLOGICAL = {
    "digits": "1" * 5000, "digits and dots": "1." * 2500, "dots and digits": ".1" * 2500,
    "digits and commas": "1," * 2500, "decimals": "1.1 " * 1250, "letters and dots": "a." * 2500,
    "letters and hyphens": "a-" * 2500, "www runs": "www." * 1250, "prices": "$1" * 2500,
    "intensifiers": "so " * 1666, "bangs": "!" * 5000, "question bangs": "?!" * 2500, "dots": "." * 5000,
    "emoji wall": "😀" * 5000, "endless ZWJ cluster": "👩\u200d" * 2500, "right-to-left": "مرحبا " * 833,
    "control characters": "\x01" * 5000, "blank lines": "\n" * 5000, "handles": "@a " * 1666,
    "hashtags": "#a " * 1666, "first-person runs": "I just " * 714, "caps": "WOW " * 1250,
    "unspoken I": "Victory! " * 555, "wins told with their cost": "I failed before I passed. " * 192,
}
LIGHT = {"green": 0, "amber": 1, "red": 2}


def labeled_accuracy() -> dict:
    """Right verdicts on the labeled posts (both files) and right labels on the robot messages."""
    holdout = yaml.safe_load((datasets_dir() / "posts_holdout.yaml").read_text(encoding="utf-8"))
    posts = [(p.id, p.text, p.label) for p in load_posts()]
    posts += [(rec["id"], rec["text"].strip(), rec["label"]) for rec in holdout]
    misses = [(i, label, voice.analyze(text).verdict) for i, text, label in posts
              if voice.analyze(text).verdict != label]
    messages = robot.load_robot().messages + robot.load_messages("lesson03/messages_holdout.yaml")
    robot_misses = [m.id for m in messages if robot.classify(m.text) != m.label]
    return {"posts": len(posts), "post_accuracy": 1 - len(misses) / len(posts), "post_misses": misses,
            "messages": len(messages), "robot_accuracy": 1 - len(robot_misses) / len(messages),
            "robot_misses": robot_misses}


def throughput(texts: list[str], rounds: int, min_seconds: float = 0.5) -> dict:
    """analyze() posts/s over the texts, in CPU time (what one core delivers, whatever else the machine is
    doing) and in wall time, beside a baseline (lowercase + one regex) timed the same way in the same run."""
    baseline_pattern = re.compile(r"(?<![\w'])(?:i|my|we)(?![\w'])")
    for text in texts:
        voice.analyze(text)

    def rate(fn, clock) -> float:
        count, start = 0, clock()
        while (elapsed := clock() - start) < min_seconds:
            for text in texts:
                fn(text)
            count += len(texts)
        return count / elapsed

    cpu = statistics.median(rate(voice.analyze, time.process_time) for _ in range(rounds))
    wall = statistics.median(rate(voice.analyze, time.perf_counter) for _ in range(rounds))
    base = statistics.median(rate(lambda t: baseline_pattern.findall(t.lower()), time.process_time)
                             for _ in range(rounds))
    return {"posts_per_cpu_second": cpu, "posts_per_wall_second": wall, "baseline_per_cpu_second": base,
            "ratio_to_baseline": cpu / base, "posts": len(texts),
            "mean_chars": sum(map(len, texts)) / len(texts)}


def _cpu_ms(fn, text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    return best * 1000


def worst_case() -> dict:
    """CPU milliseconds of analyze() and detect() on each pathological input, and the worst of each."""
    out = {}
    for fn in (voice.analyze, robot.detect):
        ordinary = _cpu_ms(fn, ORDINARY)
        rows = {name: _cpu_ms(fn, text) for name, text in PATHOLOGICAL.items()}
        worst = max(rows, key=rows.get)
        out[f"{fn.__module__}.{fn.__name__}"] = {"ordinary_ms": ordinary, "worst_input": worst,
                                                 "worst_ms": rows[worst], "worst_ratio": rows[worst] / ordinary,
                                                 "by_input_ms": rows}
    return out


# --- real posts kept outside the project ---------------------------------------------------------------
def auc(scores, labels) -> float:
    """Mann-Whitney AUC with ties counted half: > 0.5 when positives score higher."""
    pairs = sorted(zip(scores, labels))
    npos = sum(1 for _, y in pairs if y)
    nneg = len(pairs) - npos
    if not npos or not nneg:
        return float("nan")
    ranks, i = [0.0] * len(pairs), 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    rpos = sum(r for r, (_, y) in zip(ranks, pairs) if y)
    return (rpos - npos * (npos + 1) / 2) / (npos * nneg)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _half(text: str) -> str:
    return "A" if zlib.crc32(text.encode("utf-8")) % 2 == 0 else "B"


def real_posts(folder: Path) -> dict:
    """The targets of issue 11 on each corpus, whole and in two halves."""
    scale = {"walkie-talkie": 0, "bullhorn": 2}  # any other verdict, or none, counts as 1
    brag_rows = _read(folder / "bragging_dev.tsv")
    brag = [(r["text"], r["label"] != "not") for r in brag_rows]
    acts = [(r["text"], r["act"] == "QUE") for r in _read(folder / "speech_acts_dev.tsv")]
    brag_read = [(voice.analyze(t), y, _half(t)) for t, y in brag]
    acts_read = [(voice.analyze(t), y, _half(t)) for t, y in acts]

    def light(report, name) -> int:
        s = report.signal(name)
        return LIGHT[s.light] if s else 0

    out = {}
    for part in ("all", "A", "B"):
        b = [(r, y) for r, y, h in brag_read if part in ("all", h)]
        a = [(r, y) for r, y, h in acts_read if part in ("all", h)]
        plain = [r for r, y in b if not y]
        out[part] = {
            "brag_verdict_auc": auc([scale.get(r.verdict, 1) for r, _ in b], [y for _, y in b]),
            "self_promotion_auc": auc([light(r, "self_promotion") for r, _ in b], [y for _, y in b]),
            "ordinary_called_bullhorn": sum(r.verdict == "bullhorn" for r in plain) / len(plain),
            "question_invitation_auc": 1 - auc([light(r, "invitation") for r, _ in a], [y for _, y in a]),
            "brags": sum(y for _, y in b), "posts": len(b), "questions": sum(y for _, y in a), "acts": len(a),
        }
    # Recall by kind of brag (the corpus's labels; "not" is the ordinary tweets): how often self-promotion
    # lights up (amber or red), turns red, and how often the verdict is a bullhorn or a walkie-talkie.
    kinds: dict[str, list] = {}
    for row, (report, _, _) in zip(brag_rows, brag_read):
        kinds.setdefault(row["label"], []).append(report)
    out["by_kind"] = {}
    for kind, reports in sorted(kinds.items(), key=lambda item: (item[0] == "not", item[0])):
        lights = [light(r, "self_promotion") for r in reports]
        out["by_kind"][kind] = {
            "posts": len(reports),
            "self_promotion_lit": sum(x >= 1 for x in lights) / len(reports),
            "self_promotion_red": sum(x == 2 for x in lights) / len(reports),
            "bullhorn": sum(r.verdict == "bullhorn" for r in reports) / len(reports),
            "walkie_talkie": sum(r.verdict == "walkie-talkie" for r in reports) / len(reports),
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds (median reported)")
    parser.add_argument("--real", type=Path, help="folder with bragging_dev.tsv and speech_acts_dev.tsv")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    figures = {"labeled": labeled_accuracy(), "worst_case": worst_case(),
               "throughput": {"labeled posts": throughput([p.text for p in load_posts()], args.rounds)}}
    if args.real:
        figures["real_posts"] = real_posts(args.real)
        tweets = [r["text"] for name in ("bragging_dev.tsv", "speech_acts_dev.tsv") for r in _read(args.real / name)]
        figures["throughput"]["real posts"] = throughput(tweets, args.rounds)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0

    lab = figures["labeled"]
    print(f"labeled posts           {lab['post_accuracy']:.1%} of {lab['posts']} (target >= 95%)"
          + (f"; misses: {', '.join(f'{i} {want}->{got}' for i, want, got in lab['post_misses'])}"
             if lab["post_misses"] else ""))
    print(f"robot messages          {lab['robot_accuracy']:.1%} of {lab['messages']}"
          + (f"; misses: {', '.join(lab['robot_misses'])}" if lab["robot_misses"] else ""))
    for corpus, thr in figures["throughput"].items():
        print(f"analyze() on {corpus:11s} {thr['posts_per_cpu_second']:,.0f} posts per CPU second "
              f"({thr['posts_per_wall_second']:,.0f}/s wall) over {thr['posts']:,} posts of "
              f"{thr['mean_chars']:.0f} characters on average (target >= 5,000 real posts/s); "
              f"{thr['ratio_to_baseline']:.3f} of a lowercase+regex baseline in the same run")
    for name, w in figures["worst_case"].items():
        print(f"{name:23s} worst {w['worst_ms']:.1f} ms CPU on '{w['worst_input']}' (target <= 20 ms), "
              f"{w['worst_ratio']:.1f}x an ordinary 5,000-character post ({w['ordinary_ms']:.1f} ms)")
    if args.real:
        print("\nreal posts (read from the folder given, never copied):  whole | half A | half B")
        rp = figures["real_posts"]
        for key, label, target in (("brag_verdict_auc", "brag -> bullhorn verdict AUC", ">= 0.75"),
                                   ("self_promotion_auc", "self-promotion signal AUC", ">= 0.75"),
                                   ("ordinary_called_bullhorn", "ordinary called bullhorn", "<= 20%"),
                                   ("question_invitation_auc", "question -> invitation AUC", ">= 0.85")):
            fmt = "{:.1%}" if key == "ordinary_called_bullhorn" else "{:.3f}"
            print(f"  {label:30s} " + " | ".join(fmt.format(rp[p][key]) for p in ("all", "A", "B"))
                  + f"   (target {target})")
        print("\nby kind of brag (whole file): self-promotion amber or red | red | verdict bullhorn | walkie-talkie")
        for kind, k in rp["by_kind"].items():
            print(f"  {kind:12s} {k['posts']:5,d} posts  {k['self_promotion_lit']:6.1%} | {k['self_promotion_red']:6.1%} | "
                  f"{k['bullhorn']:6.1%} | {k['walkie_talkie']:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
