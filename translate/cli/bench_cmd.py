"""``lintas bench run``: benchmark models on a shipped test set and write Markdown, JSON and HTML reports.

Parsing and printing only; :func:`lintas.eval.bench.run_benchmark` does the work and :func:`lintas.eval.report.write_reports`
writes the files.
"""

from __future__ import annotations

import shlex
import sys

import click

from lintas.eval.bench import BenchConfig
from lintas.translate.cli.groups import bench as bench_group
from lintas.translate.cli.options import (
    config_from,
    config_options,
    records_flag,
    scoring_options,
    translation_options,
)
from lintas.translate.cli.renamed import RenamedOption
from lintas.translate.config import TranslatorConfig


@bench_group.command("run")
@click.option(
    "-m",
    "--model",
    "models",
    multiple=True,
    required=True,
    metavar="MODEL",
    callback=records_flag("models", "--model"),
    help="Hub id or local model folder; repeat to compare (the first is the significance baseline).",
)
@translation_options(exclude=("model", "cache"), quiet=False)
@config_options(BenchConfig)
@scoring_options
@click.option(
    "-o",
    "--output",
    "output_dir",
    cls=RenamedOption,
    renamed_from=("--output-dir",),
    required=True,
    metavar="DIR",
    help="Folder for report.md/json/html, plots and cached translations (DIR/hyps).",
)
def run(models: tuple[str, ...], output_dir: str, **options: object) -> None:
    """Translate a test set with each model; report quality, significance, speed and the worst sentences.

    Translations are cached in DIR/hyps: running again with one more --model translates only the new one.

    \b
    Examples:
      lintas bench run --model Helsinki-NLP/opus-mt-id-en -o bench-out
      lintas bench run --model Helsinki-NLP/opus-mt-id-en --model ./my-model --engine ctranslate2 -o bench-out
      lintas bench run --model ./my-model --testset tico19-test --limit 200 --beam 1 -o quick
    """
    from lintas.eval.bench import BENCH_TRANSLATOR, run_benchmark
    from lintas.eval.metric_options import MetricOptions
    from lintas.eval.report import write_reports

    translator = config_from(TranslatorConfig, options, cache=BENCH_TRANSLATOR.cache)
    scoring = config_from(MetricOptions, options)
    config = config_from(BenchConfig, options, models=tuple(models), translator=translator, scoring=scoring)
    command = shlex.join(["lintas", *sys.argv[1:]])
    report = run_benchmark(config, output_dir, command=command)
    paths = write_reports(report, output_dir)
    click.echo(report.summary_table(), nl=False)
    if not report.comet["computed"]:
        click.echo(report.comet["note"])
    click.echo(f"Reports: {paths['md']}, {paths['json']}, {paths['html']}")
    for warning in report.fixture_warnings():
        click.echo(f"lintas: warning: {warning}", err=True)
