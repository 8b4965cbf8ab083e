"""``lintas bench run``: benchmark models on a shipped test set and write Markdown, JSON and HTML reports.

Parsing and printing only; :func:`lintas.eval.bench.run_benchmark` does the work and :func:`lintas.eval.report.write_reports`
writes the files.
"""

from __future__ import annotations

import shlex
import sys

import click

from lintas.translate.cli.groups import bench as bench_group
from lintas.translate.engines import ENGINE_NAMES


@bench_group.command("run")
@click.option(
    "-m",
    "--model",
    "models",
    multiple=True,
    required=True,
    metavar="MODEL",
    help="Hub id or local model folder; repeat to compare (the first is the significance baseline).",
)
@click.option(
    "-t",
    "--testset",
    default="flores200-devtest",
    show_default=True,
    metavar="NAME",
    help="Shipped test set (see `lintas eval testsets`).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default="auto",
    show_default=True,
    help="Translation engine for every model.",
)
@click.option(
    "--beam",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    metavar="N",
    help="Beam width (1 = greedy).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Use only the first N segments (quick runs).",
)
@click.option(
    "--latency-sample",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    metavar="N",
    help="Segments translated one at a time for latency p50/p95.",
)
@click.option("--device", default="auto", show_default=True, help="auto, cpu or cuda.")
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="CPU threads per engine (default: engine's).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    metavar="N",
    help="Sentences per batch.",
)
@click.option(
    "--max-output-tokens",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    metavar="N",
    help="Cap per sentence.",
)
@click.option(
    "--worst",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    metavar="N",
    help="Worst sentences listed per model.",
)
@click.option(
    "--comet-model",
    default=None,
    metavar="ID|PATH",
    help="COMET model, used only if unbabel-comet is installed and the model is on disk.",
)
@click.option(
    "-o",
    "--output-dir",
    required=True,
    metavar="DIR",
    help="Folder for report.md/json/html, plots and cached translations (DIR/hyps).",
)
def run(
    models: tuple[str, ...],
    testset: str,
    engine: str,
    beam: int,
    limit: int | None,
    latency_sample: int,
    device: str,
    threads: int | None,
    batch_size: int,
    max_output_tokens: int,
    worst: int,
    comet_model: str | None,
    output_dir: str,
) -> None:
    """Translate a test set with each model; report quality, significance, speed and the worst sentences.

    Translations are cached in DIR/hyps: running again with one more --model translates only the new one.

    \b
    Examples:
      lintas bench run --model Helsinki-NLP/opus-mt-id-en -o bench-out
      lintas bench run --model Helsinki-NLP/opus-mt-id-en --model ./my-model --engine ctranslate2 -o bench-out
      lintas bench run --model ./my-model --testset tico19-test --limit 200 --beam 1 -o quick
    """
    from lintas.eval.bench import BenchConfig, run_benchmark
    from lintas.eval.comet_metric import DEFAULT_COMET_MODEL
    from lintas.eval.report import render_text_table, write_reports

    config = BenchConfig(
        models=tuple(models),
        testset=testset,
        engine=engine,
        beam_size=beam,
        limit=limit,
        latency_sample=latency_sample,
        device=device,
        threads=threads,
        batch_size=batch_size,
        max_output_tokens=max_output_tokens,
        worst=worst,
        comet_model=comet_model or DEFAULT_COMET_MODEL,
    )
    command = shlex.join(["lintas", *sys.argv[1:]])
    report = run_benchmark(config, output_dir, command=command)
    paths = write_reports(report, output_dir)

    rows = []
    for system in report["systems"]:
        label = system["label"]
        scores = {r["name"]: r["score"] for r in report["quality"]["systems"][label]}
        speed = report["speed"][label]
        rows.append(
            [
                label,
                system["engine"],
                f"{scores['BLEU']:.2f}",
                f"{scores['chrF2']:.2f}",
                f"{speed['sentences_per_second']:.2f}",
                "–" if speed["latency_p50_ms"] is None else f"{speed['latency_p50_ms']:.1f}",
                "yes" if system["cached"] else "no",
            ]
        )
    headers = ["model", "engine", "BLEU", "chrF2", "sentences/s", "p50 ms", "cached"]
    click.echo(render_text_table(headers, rows, right=(2, 3, 4, 5)), nl=False)
    if not report["comet"]["computed"]:
        click.echo(report["comet"]["note"])
    click.echo(f"Reports: {paths['md']}, {paths['json']}, {paths['html']}")
    for system in report["systems"]:
        if system.get("fixture"):
            click.echo(f"lintas: warning: {system['fixture']}", err=True)
