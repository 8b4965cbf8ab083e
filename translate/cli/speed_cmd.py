"""``lintas bench speed``: engines side by side on the same sentences, as ratios measured in one run."""

from __future__ import annotations

import logging

import click

from lintas.translate.cli.groups import bench
from lintas.translate.cli.options import config_options
from lintas.translate.config import MAX_BATCH, MAX_BEAM, TranslatorConfig


@bench.command("speed")
@config_options(
    TranslatorConfig,
    only=("model",),
    overrides={
        "model": {
            "default": None,
            "required": True,
            "help": "Model folder or hub id (e.g. an opus-shape fixture).",
        }
    },
)
@click.option(
    "--engines",
    default="transformers,ctranslate2-float32,ctranslate2-int8",
    show_default=True,
    help="Comma-separated: transformers, ctranslate2-float32, ctranslate2-int8, ctranslate2-int8_float32.",
)
@click.option("--beam", "beams", default="1,4", show_default=True, help="Comma-separated beam sizes.")
@click.option(
    "--batch-size",
    "batch_sizes",
    default="1,16,64",
    show_default=True,
    help="Comma-separated batch sizes (1 = one sentence at a time).",
)
@config_options(TranslatorConfig, only=("fixed_output_tokens",))
@click.option(
    "-t", "--testset", default="flores200-devtest", show_default=True, help="Shipped test set for sentences."
)
@click.option(
    "--sentences",
    "n_sentences",
    type=click.IntRange(min=2),
    default=64,
    show_default=True,
    help="How many sentences of the test set.",
)
@config_options(TranslatorConfig, only=("threads",))
@click.option("--json", "as_json", is_flag=True, help='Print {"rows": [...]} instead of a table.')
def speed_command(
    model, engines, beams, batch_sizes, fixed_output_tokens, testset, n_sentences, threads, as_json
):
    """Compare translation engines' speed on the same sentences, in one run.

    \b
    Example (random weights, real opus-mt-id-en shape, 32 tokens per sentence):
      python -m lintas.translate.fixtures opus-shape .cache/fixtures/opus-shape
      lintas bench speed --model .cache/fixtures/opus-shape --fixed-output-length 32 --beam 4
    """
    import json

    from lintas.eval.engine_speed import (
        format_table,
        parse_engines,
        parse_ints,
        run_speed_bench,
        summary_lines,
        usable_batch_sizes,
    )
    from lintas.eval.testsets import get_testset

    labels = parse_engines(engines)
    beam_list = parse_ints(beams, "--beam", MAX_BEAM)
    sentences = list(get_testset(testset).source_lines())[:n_sentences]
    asked = parse_ints(batch_sizes, "--batch-size", MAX_BATCH)
    batch_list = usable_batch_sizes(asked, len(sentences))
    if batch_list != list(dict.fromkeys(asked)):
        logging.getLogger("lintas").warning(
            "%d sentences: batch sizes %s are measured as %s",
            len(sentences),
            ",".join(map(str, asked)),
            ",".join(map(str, batch_list)),
        )
    rows = run_speed_bench(
        model,
        sentences,
        engines=labels,
        beams=beam_list,
        batch_sizes=batch_list,
        fixed_length=fixed_output_tokens,
        threads=threads,
    )
    if as_json:
        keys = (
            "engine",
            "beam",
            "batch_size",
            "sent_per_s",
            "tokens_per_s",
            "peak_rss_mb",
            "ratio_vs_transformers",
        )
        click.echo(json.dumps({"rows": [{k: row.to_dict()[k] for k in keys} for row in rows]}, indent=2))
        return
    click.echo(format_table(rows))
    for line in summary_lines(rows):
        click.echo(line)
