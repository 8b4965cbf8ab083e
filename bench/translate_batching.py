"""One sentence at a time vs lintas batching, transformers engine, opus-mt-id-en architecture.

Run: .venv/bin/python bench/translate_batching.py [--beam 4] [--sentences 64] [--fixed-output-length 32]

Same model (random weights, real shape), same sentences, same settings and exactly N output tokens each; the
only difference is how sentences reach the model: one `generate` call per sentence, or lintas's length-sorted,
token-budget batches. Prints sentences/s of each and the ratio.
"""

from __future__ import annotations

import argparse

from _fixtures import opus_shape_model

from lintas.eval.speed import stopwatch
from lintas.eval.testsets import get_testset
from lintas.translate.translator import Translator


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=64)
    parser.add_argument("--fixed-output-length", "--fixed-length", dest="fixed_length", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    sentences = list(get_testset("flores200-devtest").source_lines())[: args.sentences]
    translator = Translator(
        opus_shape_model(),
        engine="transformers",
        beam_size=args.beam,
        batch_size=args.batch_size,
        fixed_output_tokens=args.fixed_length,
        cache=None,
    )
    translator.translate(sentences[:2])  # warm-up
    with stopwatch() as single:
        for sentence in sentences:
            translator.translate([sentence])
    with stopwatch() as batched:
        translator.translate(sentences)
    one, many = len(sentences) / single[0], len(sentences) / batched[0]
    print(
        f"transformers, opus-shape (random weights), beam {args.beam}, {len(sentences)} FLORES devtest sentences, "
        f"{args.fixed_length} output tokens each\n"
    )
    print("| mode | seconds | sent/s |\n|---|---:|---:|")
    print(f"| one sentence at a time | {single[0]:.1f} | {one:.2f} |")
    print(f"| lintas batching (batch {args.batch_size}) | {batched[0]:.1f} | {many:.2f} |")
    print(f"\nbatching speed-up: {many / one:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
