"""Speed and memory of the offline aligner on long documents: seconds and peak RSS per size, in one run.

The documents are built from every shipped parallel sentence (FLORES-200 dev+devtest, TICO-19 dev+test,
Tatoeba, NusaX-MT), in file order and repeated when more are needed, perturbed like ``bench/align_quality.py``
(10% merges, 3% deletions on one side, fixed seed) and cut to exactly N sentences a side (sentences past the
last complete bead become null beads). Each size is aligned in a fresh child process, so the peak RSS it reports
(``ru_maxrss``) belongs to that alignment alone (Python, numpy and the lexicon included); the child is pinned to
one thread per numerical library and the time is the wall-clock time of ``Aligner.align`` (features + search),
after the lexicon is loaded. Strict F1 against the synthetic gold checks that the banded search stays correct
at scale.

Usage::

    .venv/bin/python bench/align_speed.py                  # 1k, 2k, 5k, 10k sentences a side
    .venv/bin/python bench/align_speed.py --sizes 10000 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_quality import SEED, Doc, Pair, perturb  # noqa: E402

from lintas.eval.testsets import get_testset, list_testsets  # noqa: E402

#: Shipped test sets whose sentence pairs make the long synthetic documents: all of them.
SOURCES = tuple(ts.name for ts in list_testsets())
#: What a 10,000-sentence pair must stay under (the issue's target), reported next to the measurement.
TARGET_SECONDS = 10.0
TARGET_MB = 1024


def all_pairs() -> list[Pair]:
    pairs: list[Pair] = []
    for name in SOURCES:
        pairs += get_testset(name).sentence_pairs()
    return pairs


def build(size: int, seed: int = SEED) -> Doc:
    """A document pair of exactly ``size`` sentences a side, with gold beads."""
    pool = all_pairs()
    rng = random.Random(seed)
    stream = []
    while len(stream) < size * 1.3:
        stream += pool
    doc = perturb(stream, rng)
    src, tgt, gold = doc.src, doc.tgt, doc.gold
    keep: list = []
    ns = nt = 0
    for s, t in gold:
        if (s and s[-1] >= size) or (t and t[-1] >= size):
            break
        keep.append((s, t))
        ns, nt = (s[-1] + 1 if s else ns), (t[-1] + 1 if t else nt)
    keep += [((i,), ()) for i in range(ns, size)] + [((), (j,)) for j in range(nt, size)]
    return Doc(src[:size], tgt[:size], keep)


def child(size: int) -> dict:
    """Run in a fresh process: build, align, measure."""
    import resource
    import time

    from lintas.eval.align_score import score_alignments
    from lintas.translate.align import Aligner

    doc = build(size)
    src, tgt, gold = doc.src, doc.tgt, doc.gold
    aligner = Aligner()  # loads the lexicon
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = aligner.align(src, tgt)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    score = score_alignments([gold], [[(b.src, b.tgt) for b in result.beads]])
    return {
        "sentences": [len(src), len(tgt)],
        "seconds": round(seconds, 3),
        "features_s": round(result.timings.get("features", 0.0), 3),
        "search_s": round(result.timings.get("search", 0.0) + result.timings.get("second_search", 0.0), 3),
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak, 1),
        "strict_f1": round(score.f1_strict, 4),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000", help="sentences a side, comma-separated")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append({"size": size, **json.loads(out.stdout.strip().splitlines()[-1])})
        print(f"done {size}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps({"target_seconds": TARGET_SECONDS, "target_mb": TARGET_MB, "rows": rows}, indent=2))
        return 0
    print(f"Offline aligner (length + lexicon + anchors), CPUs visible: {rows[0]['cpus']}")
    print(
        "| sentences id x en | seconds | features s | search s | seconds / 1k sentences | peak RSS MB | strict F1 |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        per_k = r["seconds"] / (r["size"] / 1000)
        print(
            f"| {r['sentences'][0]} x {r['sentences'][1]} | {r['seconds']:.2f} | {r['features_s']:.2f} "
            f"| {r['search_s']:.2f} | {per_k:.3f} | {r['peak_rss_mb']:.0f} | {r['strict_f1']:.4f} |"
        )
    big = [r for r in rows if r["size"] >= 10_000]
    for r in big:
        ok = r["seconds"] < TARGET_SECONDS and r["peak_rss_mb"] < TARGET_MB
        print(
            f"\n{r['size']:,} sentences a side: {r['seconds']:.2f} s, peak RSS {r['peak_rss_mb']:.0f} MB "
            f"(target < {TARGET_SECONDS:.0f} s and < {TARGET_MB} MB: {'met' if ok else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
