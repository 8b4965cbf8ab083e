"""Engines compared on the opus-mt-id-en architecture: transformers vs CTranslate2 float32 and int8.

Run: .venv/bin/python bench/engine_speed.py [--beam 1,4] [--batch-size 1,16,64] [--sentences 64] [--fixed-output-length 32]

Random weights, the real architecture (d_model 512, 6+6 layers, 54,796 vocab) and exactly N output tokens per
sentence on every engine, so every engine does the same work. Prints the table of `lintas bench speed` and the
headline ratios (issue targets: CTranslate2 int8 >= 3x transformers at each one's best batch size, beam 4, and
>= 10x transformers one sentence at a time).
"""

from __future__ import annotations

import argparse
import json
import sys

from _fixtures import opus_shape_model

from lintas.eval.engine_speed import format_table, run_speed_bench, summary_lines
from lintas.eval.testsets import get_testset


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beam", default="4")
    parser.add_argument("--batch-size", default="1,16,64")
    parser.add_argument("--sentences", type=int, default=64)
    parser.add_argument("--fixed-output-length", "--fixed-length", dest="fixed_length", type=int, default=32)
    parser.add_argument("--engines", default="transformers,ctranslate2-float32,ctranslate2-int8")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model = opus_shape_model()
    sentences = list(get_testset("flores200-devtest").source_lines())[: args.sentences]
    rows = run_speed_bench(
        model,
        sentences,
        engines=args.engines.split(","),
        beams=[int(b) for b in args.beam.split(",")],
        batch_sizes=[int(b) for b in args.batch_size.split(",")],
        fixed_length=args.fixed_length,
    )
    if args.json:
        json.dump({"rows": [r.to_dict() for r in rows]}, sys.stdout, indent=2)
        return 0
    print(
        f"opus-shape model (random weights), {len(sentences)} FLORES devtest sentences, "
        f"{args.fixed_length} output tokens each\n"
    )
    print(format_table(rows))
    print("\n".join(summary_lines(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
