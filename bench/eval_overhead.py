"""`lintas eval score` against the `sacrebleu` command on FLORES-200 devtest: same scores, and the time it costs.

Both commands score the same hypothesis file (a seeded word-dropping perturbation of the English references,
written before any clock starts) against the devtest references, each run a fresh process, interleaved
(sacrebleu, lintas, sacrebleu, ...) so the machine's noise falls on both alike; the table gives the median of the
repeats and the ratio lintas / sacrebleu in the same run.

Two comparisons of equal work:

* ``3 metrics``: BLEU, chrF2, TER: one ``sacrebleu -m bleu chrf ter`` against one ``lintas eval score --metrics bleu,chrf,ter``;
* ``4 metrics``: the above plus chrF2++: sacrebleu needs a second command for it (``-m chrf --chrf-word-order 2``),
  lintas one command with its default metrics; both sides' times include every process they start.

The script also checks that each metric's score and signature printed by lintas (``--format text``) is sacrebleu's
line (leading alignment spaces aside), and says so.

Usage::

    .venv/bin/python bench/eval_overhead.py              # 5 repeats
    .venv/bin/python bench/eval_overhead.py --repeats 9 --json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEVTEST_EN = ROOT / "data" / "testsets" / "flores200" / "devtest.eng"


def _perturbed(lines: list[str], seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(w for w in line.split() if rng.random() > 0.2) for line in lines]


def _commands(hyp: Path, ref: Path) -> dict[str, dict[str, list[list[str]]]]:
    sacre = [str(BIN / "sacrebleu"), str(ref), "-i", str(hyp), "--format", "text", "--no-color"]
    lintas = [str(BIN / "lintas"), "eval", "score", str(hyp), "--ref", str(ref), "--format", "text"]
    return {
        "3 metrics": {
            "sacrebleu": [[*sacre, "-m", "bleu", "chrf", "ter"]],
            "lintas": [[*lintas, "--metrics", "bleu,chrf,ter"]],
        },
        "4 metrics": {
            "sacrebleu": [
                [*sacre, "-m", "bleu", "chrf", "ter"],
                [*sacre, "-m", "chrf", "--chrf-word-order", "2"],
            ],
            "lintas": [lintas],
        },
    }


def _run(commands: list[list[str]]) -> tuple[float, str]:
    start = time.perf_counter()
    out = "".join(subprocess.run(c, capture_output=True, text=True, check=True).stdout for c in commands)
    return time.perf_counter() - start, out


def _lines(text: str) -> list[str]:
    return sorted(line.strip() for line in text.splitlines() if line.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="Runs of each command (median reported).")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    args = parser.parse_args(argv)

    refs = DEVTEST_EN.read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        hyp, ref = Path(tmp) / "hyp.txt", Path(tmp) / "ref.txt"
        hyp.write_text("\n".join(_perturbed(refs)) + "\n", encoding="utf-8")
        ref.write_text("\n".join(refs) + "\n", encoding="utf-8")
        rows, identical = [], True
        for label, tools in _commands(hyp, ref).items():
            times: dict[str, list[float]] = {"sacrebleu": [], "lintas": []}
            outputs: dict[str, str] = {}
            for _ in range(args.repeats):
                for tool, commands in tools.items():
                    seconds, outputs[tool] = _run(commands)
                    times[tool].append(seconds)
            # sacrebleu pads its lines to align them on "="; the 4-metric run prints two blocks, lintas one.
            same = _lines(outputs["sacrebleu"]) == _lines(outputs["lintas"])
            identical &= same
            sacre, ours = statistics.median(times["sacrebleu"]), statistics.median(times["lintas"])
            rows.append(
                {"work": label, "segments": len(refs), "sacrebleu_s": round(sacre, 3), "lintas_s": round(ours, 3),
                 "ratio": round(ours / sacre, 3), "same_lines": same}
            )  # fmt: skip
    if args.json:
        print(json.dumps({"repeats": args.repeats, "rows": rows}, indent=2))
    else:
        print(f"FLORES-200 devtest, {len(refs)} segments; median of {args.repeats} fresh processes each\n")
        print(f"{'work':<10} {'sacrebleu s':>12} {'lintas s':>9} {'lintas/sacrebleu':>17} {'same lines':>11}")
        for r in rows:
            print(
                f"{r['work']:<10} {r['sacrebleu_s']:>12.3f} {r['lintas_s']:>9.3f} {r['ratio']:>17.3f} "
                f"{'yes' if r['same_lines'] else 'NO':>11}"
            )
        print("\nscores and signatures: " + ("every line is sacrebleu's" if identical else "DIFFERENT"))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
