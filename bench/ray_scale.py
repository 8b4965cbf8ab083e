"""The Ray executor against the local engine: documents/s on the same synthetic documents, in one run.

``lintas corpus build`` (offline aligner, default filters) on the synthetic document pairs of
``bench/corpus_scale.py`` (3 to 12 FLORES-200/TICO-19 sentence pairs each, made unique per document), built
four ways, each in a fresh child process so no run inherits another's imports, caches or Ray instance:

* ``local``: ``--executor local --workers 1``, the baseline of every ratio;
* ``local -j 2``: two processes of this machine, for reference;
* ``ray 1`` and ``ray 2``: ``--executor ray`` with 1 and 2 workers on a local Ray instance started for the run.

Time is wall-clock for the whole build (reading, shards, merge, the five files), and for Ray it includes
starting the local instance and its actors, shown on its own as well. Last, the feeder's own read rate (the Ray
engine reads the input in one actor): how many workers one build can keep busy. The input is written before any clock
starts. The runs must produce the same bytes; the script checks it and says so.

Usage::

    .venv/bin/python bench/ray_scale.py                  # 5,000 documents
    .venv/bin/python bench/ray_scale.py --documents 1000 --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

#: (label, executor, workers)
RUNS = (("local", "local", 1), ("local -j 2", "local", 2), ("ray 1", "ray", 1), ("ray 2", "ray", 2))


def child(executor: str, workers: int, src: Path, out: Path, shard_size: int) -> dict:
    """Run in a fresh process: one build, timed."""
    import functools
    import time

    from lintas.translate.corpus.config import FilterConfig
    from lintas.translate.corpus.executors import ProcessExecutor, SerialExecutor
    from lintas.translate.corpus.pipeline import AlignSettings, DocumentProcessor, build_corpus, output_names
    from lintas.translate.corpus.sources import PairsFile

    factory = functools.partial(DocumentProcessor, AlignSettings(), FilterConfig())
    start = time.perf_counter()
    startup = 0.0
    if executor == "ray":
        from lintas.translate.corpus.ray_engine import ALIGN_BATCH, RayExecutor, RayOptions

        options = RayOptions(num_workers=workers, batch_size=ALIGN_BATCH)  # what `corpus build` uses
        runner = RayExecutor(functools.partial(SerialExecutor, factory), options)
        runner.start()  # the local Ray instance; build_corpus finds it started
        startup = time.perf_counter() - start
    else:
        runner = ProcessExecutor(factory, workers) if workers > 1 else SerialExecutor(factory)
    result = build_corpus(PairsFile(src), out, runner, shard_size=shard_size, progress=False)
    seconds = time.perf_counter() - start
    digest = hashlib.sha256()
    for name in [*output_names(), "stats.json"]:
        digest.update((out / name).read_bytes())
    return {
        "documents": result.stats["documents"]["total"],
        "kept": result.stats["pairs"]["kept"],
        "seconds": round(seconds, 2),
        "startup_seconds": round(startup, 2),
        "docs_per_s": round(result.stats["documents"]["total"] / seconds, 1),
        "sha256": digest.hexdigest(),
    }


def feeder_rate(src: Path, block: int) -> dict:
    """How fast the Ray engine's feeder reads and encodes the input (its own code, in this process, no Ray).

    The feeder is one actor on the driver's machine: its rate, divided by one worker's documents/s, is about how
    many workers one build can keep busy.
    """
    import time

    from lintas.translate.corpus.ray_feed import Feeder
    from lintas.translate.corpus.sources import PairsFile

    source = PairsFile(src)
    total = source.count()
    sizes = [min(block, total - first) for first in range(0, total, block)]
    start = time.perf_counter()
    feeder = Feeder(source, 0, sizes)
    size = 0
    for k in range(len(sizes)):
        size += sum(len(doc.encode("utf-8")) for doc in feeder.block(k))
        feeder.release(sum(sizes[: k + 1]))
    seconds = time.perf_counter() - start
    return {"docs_per_s": round(total / seconds), "mib_per_s": round(size / seconds / 2**20, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=5000, help="synthetic document pairs")
    parser.add_argument("--shard-size", type=int, default=500, help="documents per shard")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    parser.add_argument(
        "--child", nargs=4, metavar=("EXECUTOR", "WORKERS", "INPUT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        executor, workers, src, out = args.child
        print(json.dumps(child(executor, int(workers), Path(src), Path(out), args.shard_size)))
        return 0

    from corpus_scale import write_documents

    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["SOURCE_DATE_EPOCH"] = "1700000000"  # the same TMX and stats date in every run, so bytes can match
    env.pop("RAY_ADDRESS", None)  # the Ray runs start their own local instance
    rows = []
    with tempfile.TemporaryDirectory(prefix="lintas-ray-scale-") as tmp:
        src = Path(tmp) / "docs.jsonl"
        sentence_pairs = write_documents(src, args.documents, unique=True)
        for n, (label, executor, workers) in enumerate(RUNS):
            cmd = [sys.executable, __file__, "--shard-size", str(args.shard_size), "--child", executor]
            cmd += [str(workers), str(src), str(Path(tmp) / f"out{n}")]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                return done.returncode
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append({"run": label, "executor": executor, "workers": workers, **row})
            print(f"done {label}: {row['seconds']} s", file=sys.stderr, flush=True)
        from lintas.translate.corpus.ray_engine import ALIGN_BATCH

        feeder = feeder_rate(src, ALIGN_BATCH)
    base = rows[0]["docs_per_s"]
    for r in rows:
        r["ratio"] = round(r["docs_per_s"] / base, 2)
    identical = len({r["sha256"] for r in rows}) == 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if args.json:
        print(
            json.dumps(
                {
                    "documents": args.documents,
                    "cpus": cpus,
                    "identical": identical,
                    "rows": rows,
                    "feeder": feeder,
                },
                indent=2,
            )
        )
        return 0 if identical else 1
    print(
        f"lintas corpus build, offline aligner, default filters; {args.documents:,} documents "
        f"({sentence_pairs:,} sentence pairs); shard size {args.shard_size}; CPUs visible: {cpus}"
    )
    print("| run | workers | seconds | of which Ray start | documents/s | ratio to local |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        startup = f"{r['startup_seconds']:.1f}" if r["executor"] == "ray" else "-"
        print(
            f"| {r['run']} | {r['workers']} | {r['seconds']:.1f} | {startup} | {r['docs_per_s']:.1f} "
            f"| {r['ratio']:.2f} |"
        )
    ray = {r["workers"]: r["docs_per_s"] for r in rows if r["executor"] == "ray"}
    print(f"\nray 2 workers / ray 1 worker: {ray[2] / ray[1]:.2f}")
    print(f"identical output files in every run: {'yes' if identical else 'NO'}")
    per_worker = ray[1]
    print(
        f"feeder alone (its code in one process, no Ray): {feeder['docs_per_s']:,} documents/s, "
        f"{feeder['mib_per_s']} MiB/s: about {feeder['docs_per_s'] / per_worker:,.0f} workers at the "
        f"{per_worker:.0f} documents/s of one Ray worker here"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
