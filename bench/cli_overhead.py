"""lintas's own overhead: `lintas translate` of a 200-sentence article vs raw `ctranslate2.Translator.translate_batch`.

Run: .venv/bin/python bench/cli_overhead.py [--sentences 200] [--beam 4] [--fixed-output-length 32] [--repeats 2]

Both sides run as fresh processes on the opus-shape model (random weights, int8, already converted), translate the
same sentences (lintas's segmenter output for the article) with the same beam, batch size and exactly N output
tokens, and are timed end to end (imports, model load, tokenizing, translating, writing). The difference is what
lintas adds: parsing, segmenting, batching, the document rebuild, the CLI. Also prints each process's peak RSS
(target: `lintas translate` with int8 <= 1 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from _fixtures import ROOT, opus_shape_model

from lintas.eval.testsets import get_testset

RAW_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import ctranslate2
    from transformers import AutoTokenizer
    from lintas.translate.engines.ct2 import convert_model
    model, sentences_file, beam, length, batch = sys.argv[1:6]
    sentences = json.load(open(sentences_file, encoding="utf-8"))
    tok = AutoTokenizer.from_pretrained(model)
    translator = ctranslate2.Translator(str(convert_model(model, "int8")), device="cpu", compute_type="int8",
                                        inter_threads=1, intra_threads=len(__import__("os").sched_getaffinity(0)))
    tokens = [tok.convert_ids_to_tokens(ids) for ids in tok(sentences)["input_ids"]]
    n = int(length) - 1  # the same number of decoding steps as lintas (whose Marian config forces EOS last)
    results = translator.translate_batch(tokens, beam_size=int(beam), max_batch_size=int(batch),
                                         min_decoding_length=n, max_decoding_length=n)
    out = [tok.decode(tok.convert_tokens_to_ids(r.hypotheses[0]), skip_special_tokens=True) for r in results]
    sys.stdout.write("\\n".join(out) + "\\n")
    """
)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--fixed-output-length", "--fixed-length", dest="fixed_length", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    from lintas.translate.engines.ct2 import convert_model
    from lintas.translate.segment import split_sentences

    model = opus_shape_model()
    convert_model(model, "int8")  # conversion is a one-off cost, not overhead
    lines = list(get_testset("flores200-devtest").source_lines())[: args.sentences]
    article = (
        "# Artikel\n\n" + "\n\n".join(" ".join(lines[i : i + 4]) for i in range(0, len(lines), 4)) + "\n"
    )
    sentences = [s for para in article.split("\n\n") for s in split_sentences(para.lstrip("# "), "id")]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    with tempfile.TemporaryDirectory() as tmp:
        article_file = Path(tmp) / "artikel.md"
        article_file.write_text(article, encoding="utf-8")
        sentences_file = Path(tmp) / "sentences.json"
        sentences_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        lintas = [
            sys.executable,
            "-m",
            "lintas.translate.cli",
            "translate",
            str(article_file),
            "-o",
            str(Path(tmp) / "o.md"),
            "--model",
            model,
            "--engine",
            "ctranslate2",
            "--compute-type",
            "int8",
            "--beam",
            str(args.beam),
            "--batch-size",
            str(args.batch_size),
            "--fixed-output-length",
            str(args.fixed_length),
            "--no-cache",
            "--quiet",
        ]
        raw = [
            sys.executable,
            "-c",
            RAW_SCRIPT,
            model,
            str(sentences_file),
            str(args.beam),
            str(args.fixed_length),
            str(args.batch_size),
        ]
        results = {"raw ctranslate2": [], "lintas translate": []}
        for _ in range(args.repeats):  # interleaved, so drifting machine load hits both sides alike
            results["raw ctranslate2"].append(timed(raw, env))
            results["lintas translate"].append(timed(lintas, env))
    print(
        f"opus-shape model, int8, beam {args.beam}, {len(sentences)} sentences, {args.fixed_length} tokens each, "
        f"best of {args.repeats}\n"
    )
    print("| path | seconds | peak RSS MB |\n|---|---:|---:|")
    best = {}
    for name, runs in results.items():
        seconds = min(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        best[name] = seconds
        print(f"| {name} | {seconds:.1f} | {rss:.0f} |")
    overhead = best["lintas translate"] / best["raw ctranslate2"] - 1
    print(f"\nlintas overhead over raw CTranslate2: {overhead * 100:+.1f}% (target <= 10%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
