"""Scale of the corpus builder: documents/s and peak memory at 1k, 10k and 100k synthetic document pairs.

The documents are made from every FLORES-200 (dev, devtest) and TICO-19 (dev, test) sentence pair: each takes 3 to
12 consecutive pairs of the pooled sets (fixed seed), joined into one Indonesian and one English text, so the
builder segments, aligns, filters and deduplicates them as it would real documents. The pool holds about 5,000
pairs; with ``--unique`` (the default) every sentence gets a document number on both sides ("(#1234)"), so no two
documents share a pair and the deduplication table grows as on real data; ``--no-unique`` measures the other
extreme (most pairs are duplicates).

Each size runs ``build_corpus`` in a fresh child process, so its peak RSS (``ru_maxrss``, the largest of the child
and its workers) belongs to that build alone; the input JSONL is written before the clock starts. Time is
wall-clock for the whole build: reading, segmenting, aligning, filtering, shards, merge and the five outputs.

Usage::

    .venv/bin/python bench/corpus_scale.py                          # 1k, 10k, 100k documents, 1 worker
    .venv/bin/python bench/corpus_scale.py --sizes 1000,10000 --workers 2 --json

``--filter-defaults`` instead prints the measurements behind the default filter thresholds (docs/corpus.md):
what each filter drops of the gold FLORES-200 devtest and TICO-19 test pairs, and the alignment-score trade-off
between correct beads and beads formed between unrelated documents.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ("flores200-dev", "flores200-devtest", "tico19-dev", "tico19-test")
SEED = 20240601


def pool() -> list[tuple[str, str]]:
    """The sentence pairs documents are drawn from: the shipped FLORES-200 and TICO-19 sets."""
    from lintas.eval.testsets import get_testset

    return [pair for name in SOURCES for pair in get_testset(name).sentence_pairs()]


def write_documents(path: Path, n: int, *, unique: bool, seed: int = SEED) -> int:
    """Write ``n`` synthetic document pairs as ``--pairs`` JSONL; returns the number of sentence pairs."""
    pairs = pool()
    rng = random.Random(seed)
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for d in range(n):
            k = rng.randint(3, 12)
            start = rng.randrange(len(pairs) - k)
            chunk = pairs[start : start + k]
            tag = f" (#{d})" if unique else ""
            src = " ".join(s.rstrip() + tag for s, _ in chunk)
            tgt = " ".join(t.rstrip() + tag for _, t in chunk)
            fh.write(json.dumps({"id": d, "src": src, "tgt": tgt}, ensure_ascii=False) + "\n")
            total += k
    return total


def child(size: int, workers: int, unique: bool, shard_size: int) -> dict:
    """Run in a fresh process: write the input, build the corpus, measure."""
    import functools
    import resource
    import time

    from lintas.translate.corpus.config import FilterConfig
    from lintas.translate.corpus.pipeline import (
        AlignSettings,
        DocumentProcessor,
        ProcessExecutor,
        SerialExecutor,
        build_corpus,
    )
    from lintas.translate.corpus.sources import PairsFile

    with tempfile.TemporaryDirectory(prefix="lintas-corpus-scale-") as tmp:
        src = Path(tmp) / "docs.jsonl"
        sentence_pairs = write_documents(src, size, unique=unique)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        factory = functools.partial(DocumentProcessor, AlignSettings(), FilterConfig())
        executor = ProcessExecutor(factory, workers) if workers > 1 else SerialExecutor(factory)
        start = time.perf_counter()
        result = build_corpus(
            PairsFile(src), Path(tmp) / "out", executor, shard_size=shard_size, progress=False
        )
        seconds = time.perf_counter() - start
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out_mb = sum(f.stat().st_size for f in (Path(tmp) / "out").iterdir()) / 1e6
    stats = result.stats
    return {
        "documents": size,
        "sentence_pairs_in": sentence_pairs,
        "kept": stats["pairs"]["kept"],
        "candidates": stats["pairs"]["candidates"],
        "seconds": round(seconds, 2),
        "docs_per_s": round(size / seconds, 1),
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_self, 1),
        "peak_worker_rss_mb": round(peak_children, 1) if workers > 1 else None,
        "output_mb": round(out_mb, 1),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
    }


def filter_defaults() -> None:
    """Print what the default filters drop of gold pairs, and the alignment-score trade-off."""
    from collections import Counter

    import numpy as np

    from lintas.eval.testsets import get_testset
    from lintas.translate.align import Aligner
    from lintas.translate.corpus.config import FilterConfig
    from lintas.translate.corpus.filters import LanguageFilter, Pair

    # The alignment score and the translator's flag do not exist for gold pairs: measured below, or not at all.
    filters = [
        f
        for f in FilterConfig().pair_filters()
        if f.NAME not in ("alignment_score", "degenerate_translation")
    ]
    aligner = Aligner()
    print("Gold pairs rejected by each default filter (on its own):\n")
    print("| test set | pairs | " + " | ".join(f.NAME for f in filters) + " |")
    print("|---|---:|" + "---:|" * len(filters))
    for name in ("flores200-devtest", "tico19-test"):
        pairs = [Pair(s, t) for s, t in get_testset(name).sentence_pairs()]
        drops = [sum(not f.accept(f.score(p)) for p in pairs) for f in filters]
        print(f"| {name} | {len(pairs)} | " + " | ".join(str(d) for d in drops) + " |")
    print(
        "\nLanguages detected on gold pairs (language filter, default labels; sides under min_chars not judged):\n"
    )
    print("| test set | source side | target side |")
    print("|---|---|---|")
    lid = LanguageFilter()
    for name in ("flores200-devtest", "tico19-test"):
        labels = [lid.score(Pair(s, t)) for s, t in get_testset(name).sentence_pairs()]
        src = Counter(a or "too short" for a, _ in labels).most_common()
        tgt = Counter(b or "too short" for _, b in labels).most_common()
        print(
            f"| {name} | {', '.join(f'{k} {n}' for k, n in src)} | {', '.join(f'{k} {n}' for k, n in tgt)} |"
        )
    print(
        "\nAlignment score: correct 1-1 beads of true document pairs, against the non-null beads the aligner forms"
    )
    print("between each document and an unrelated one (random, seed 1):\n")
    print("| test set | min_score | correct beads dropped | unrelated beads kept |")
    print("|---|---:|---:|---:|")
    for name in ("flores200-devtest", "tico19-test"):
        docs = [([a for a, _ in pairs], [b for _, b in pairs]) for _, pairs in get_testset(name).documents()]
        rng = random.Random(1)
        good, bad = [], []
        for i, (s, t) in enumerate(docs):
            good += [b.score for b in aligner.align(s, t).beads if b.src == b.tgt and len(b.src) == 1]
            other = docs[rng.choice([x for x in range(len(docs)) if x != i])][1]
            bad += [b.score for b in aligner.align(s, other).beads if b.src and b.tgt]
        g, b = np.array(good), np.array(bad)
        for thr in (-3.0, -4.0, -5.0, -6.0):
            print(
                f"| {name} | {thr:g} | {(g < thr).sum()} of {len(g)} ({(g < thr).mean():.1%}) "
                f"| {(b >= thr).sum()} of {len(b)} ({(b >= thr).mean():.1%}) |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="documents, comma-separated")
    parser.add_argument("--workers", type=int, default=1, help="processes (corpus build --workers)")
    parser.add_argument("--shard-size", type=int, default=500, help="documents per shard")
    parser.add_argument("--no-unique", dest="unique", action="store_false", help="let documents repeat pairs")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    parser.add_argument(
        "--filter-defaults", action="store_true", help="measure the default filter thresholds"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.filter_defaults:
        filter_defaults()
        return 0
    if args.child:
        print(json.dumps(child(args.child, args.workers, args.unique, args.shard_size)))
        return 0
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--child", str(size), "--workers", str(args.workers)]
        cmd += ["--shard-size", str(args.shard_size)] + ([] if args.unique else ["--no-unique"])
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"done {size}: {rows[-1]['seconds']} s", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps({"workers": args.workers, "unique": args.unique, "rows": rows}, indent=2))
        return 0
    print(
        f"lintas corpus build, offline aligner, default filters; workers: {args.workers}; "
        f"CPUs visible: {rows[0]['cpus']}; unique pairs per document: {args.unique}"
    )
    print(
        "| documents | sentence pairs in | pairs kept | seconds | documents/s | peak RSS MB | worker peak RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        worker = "-" if r["peak_worker_rss_mb"] is None else f"{r['peak_worker_rss_mb']:.0f}"
        print(
            f"| {r['documents']:,} | {r['sentence_pairs_in']:,} | {r['kept']:,} | {r['seconds']:.1f} "
            f"| {r['docs_per_s']:.1f} | {r['peak_rss_mb']:.0f} | {worker} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
