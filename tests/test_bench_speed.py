"""`lintas bench speed` end to end on the tiny model (figures are meaningless here; the shape is tested)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lintas.eval.engine_speed import SpeedRow, summary_lines
from lintas.translate.cli import main


def test_bench_speed_json_rows(tiny_model_dir):
    result = CliRunner().invoke(
        main,
        [
            "bench",
            "speed",
            "--model",
            str(tiny_model_dir),
            "--engines",
            "transformers,ctranslate2-int8",
            "--beam",
            "1",
            "--batch-size",
            "1,4",
            "--sentences",
            "4",
            "--fixed-output-length",
            "4",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [(r["engine"], r["batch_size"]) for r in rows] == [
        ("transformers", 1),
        ("transformers", 4),
        ("ctranslate2-int8", 1),
        ("ctranslate2-int8", 4),
    ]
    assert set(rows[0]) == {
        "engine",
        "beam",
        "batch_size",
        "sent_per_s",
        "tokens_per_s",
        "peak_rss_mb",
        "ratio_vs_transformers",
    }
    assert all(r["ratio_vs_transformers"] == 1.0 for r in rows if r["engine"] == "transformers")
    for r in rows:
        assert r["sent_per_s"] > 0 and r["peak_rss_mb"] > 0
        assert (
            abs(r["tokens_per_s"] - 4 * r["sent_per_s"]) < 1e-6 * r["tokens_per_s"]
        )  # fixed length: 4 tokens


def test_bench_speed_rejects_unknown_engine(tiny_model_dir):
    result = CliRunner().invoke(main, ["bench", "speed", "--model", str(tiny_model_dir), "--engines", "onnx"])
    assert result.exit_code == 2 and "unknown engine" in result.stderr


def test_summary_ratios():
    def row(engine, batch, sps):
        return SpeedRow(engine, 4, batch, 10, 10 / sps, sps, sps * 32, 100.0, 1.0)

    rows = [row("transformers", 1, 0.5), row("transformers", 16, 2.0), row("ctranslate2-int8", 16, 7.0)]
    lines = summary_lines(rows)
    assert "3.50x transformers' best" in lines[0] and "14.00x transformers one sentence at a time" in lines[0]


def test_batch_sizes_above_the_sentence_count_and_repeated_engines_are_measured_once():
    from lintas.eval.engine_speed import parse_engines, usable_batch_sizes

    assert usable_batch_sizes([1, 16, 64], 2) == [1, 2]  # 16 and 64 would both be one batch of 2
    assert usable_batch_sizes([1, 16, 64], 500) == [1, 16, 64]
    assert parse_engines("transformers,transformers, ctranslate2-int8") == [
        "transformers",
        "ctranslate2-int8",
    ]
