"""``lintas corpus build`` and ``lintas corpus translate``: parse options, call the corpus builder, report.

The work is done by :mod:`lintas.translate.corpus.pipeline` (imported inside the commands, so ``lintas --help`` stays
fast); this module turns options into a source, an executor and settings, and the result into an exit code.

Where the work runs is the *executor*: ``--executor local`` (this machine, ``--workers`` processes) or
``--executor ray`` (Ray Data actors, :mod:`lintas.translate.corpus.ray_engine`). ``corpus translate`` already has an
``--engine`` (the translation engine), so the option is called ``--executor`` on both commands; ``corpus build``
also answers to ``--engine ray``, the spelling of issue #8, since it has no translation engine of its own.
"""

from __future__ import annotations

import inspect
import sys

import click

from lintas.translate.cli.groups import corpus
from lintas.translate.cli.options import mt_options, pop_translator_config, records_flag, translation_options
from lintas.translate.corpus.manifest import DEFAULT_SHARD_SIZE  # standard library only: --help stays fast

_EXIT_CODES = """\b
Exit codes:
  0  every document was used
  1  the corpus was built, but some documents were skipped (listed in stats.json and on stderr)
  2  bad usage, a missing input file or folder, a bad filter config, or an output that cannot be
     written (nothing is built)
  3  the translation model cannot be loaded (corpus translate)
"""


def _common_options(func):
    options = [
        click.option("-o", "--out", required=True, metavar="DIR", help="Output folder (created if missing)."),
        click.option("--config", "config_path", metavar="FILTERS.toml", help="Filter config, TOML or YAML."),
        click.option(
            "--shard-size",
            type=click.IntRange(min=1),
            default=DEFAULT_SHARD_SIZE,
            show_default=True,
            help="Documents per shard: the work a kill can lose.",
        ),
        click.option(
            "--gzip", is_flag=True, help="Write the corpus files gzip-compressed (corpus.tsv.gz...)."
        ),
        click.option(
            "--write-dropped", is_flag=True, help="Also write dropped.jsonl: dropped pairs and why."
        ),
        click.option(
            "--keep-shards", is_flag=True, help="Keep DIR/shards/ after the final files are written."
        ),
        click.option("--overwrite", is_flag=True, help="Replace whatever build DIR holds and start again."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _ray_options(func):
    """``--executor`` and the Ray options shared by both commands (their worker counts differ)."""
    options = [
        click.option(
            "--address",
            metavar="ADDR",
            help="Ray cluster to run on (auto, HOST:6379, ray://HOST:10001) [default: start a local Ray "
            "instance for the run].",
        ),
        click.option(
            "--gpus-per-worker",
            type=click.FloatRange(min=0),
            default=0.0,
            help="GPUs each Ray worker reserves (0.5: two workers share one) [default: 0].",
        ),
        click.option(
            "--runtime-env",
            metavar="JSON|FILE",
            help='Ray runtime environment of the workers, as JSON or a .json/.yaml file ({"pip": [...]}).',
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _executor_option(*names: str):
    from lintas.translate.corpus.runners import EXECUTORS  # standard library only

    return click.option(
        *names,
        "executor",
        type=click.Choice(EXECUTORS),
        default="local",
        show_default=True,
        help="Where the per-document work runs: this machine, or a Ray cluster (Ray Data actors; "
        "pip install 'lintas[ray]'). Same output either way.",
    )


def _report(result) -> None:
    """One summary line on stderr, and the exit code the help text promises."""
    stats = result.stats
    docs, pairs = stats["documents"], stats["pairs"]
    verb = "already holds" if result.already_built else "wrote"
    click.echo(
        f"lintas: {verb} {result.out_dir}: {pairs['kept']} pairs kept of {pairs['candidates']} candidates from "
        f"{docs['total']} documents ({docs['skipped']} skipped); see {result.out_dir / 'stats.md'}",
        err=True,
    )
    if result.skipped:
        sys.exit(1)


@corpus.command("build")
@click.option(
    "--pairs",
    metavar="PAIRS",
    help='Document pairs, {"id", "src", "tgt"} each: a JSONL or Parquet file, or a folder of shards.',
)
@click.option(
    "--src-dir", metavar="DIR", help="Folder of Indonesian documents (.txt, .md, .html: a page's article)."
)
@click.option("--tgt-dir", metavar="DIR", help="Folder of English documents with the same file names.")
@_common_options
@_executor_option("--executor", "--engine")
@click.option(
    "-j",
    "--workers",
    "--num-workers",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    callback=records_flag("workers", "--workers"),
    help="Processes of this machine, or Ray workers with --executor ray [default: 1; with ray, one per CPU "
    "of the cluster].",
)
@_ray_options
@mt_options
@click.option(
    "--lexicon", "lexicon_path", metavar="FILE", help="Aligner lexicon TSV [default: the shipped one]."
)
@click.option("--no-lexicon", is_flag=True, help="Align with length and anchors only.")
@click.option(
    "--max-bead", type=click.IntRange(min=2, max=8), default=None, help="Most sentences in one bead."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def build(
    pairs: str | None,
    src_dir: str | None,
    tgt_dir: str | None,
    out: str,
    config_path: str | None,
    shard_size: int,
    gzip: bool,
    write_dropped: bool,
    keep_shards: bool,
    overwrite: bool,
    executor: str,
    workers: int | None,
    address: str | None,
    gpus_per_worker: float,
    runtime_env: str | None,
    mt_model: str | None,
    mt_engine: str,
    lexicon_path: str | None,
    no_lexicon: bool,
    max_bead: int | None,
    quiet: bool,
) -> None:
    """Build a parallel corpus from Indonesian–English document pairs.

    \b
    From a JSONL file:  lintas corpus build --pairs docs.jsonl -o corpus/
    From two folders:   lintas corpus build --src-dir id/ --tgt-dir en/ -o corpus/ -j 2
    Own filters:        lintas corpus build --pairs docs.jsonl -o corpus/ --config filters.toml
    On Ray:             lintas corpus build --pairs shards/ -o corpus/ --executor ray --address auto

    PAIRS is a JSONL file, a Parquet file (columns id, src, tgt) or a folder of .jsonl/.parquet shards.

    Each document pair is split into sentences, aligned (sentence length, the shipped lexicon and anchors;
    --mt adds a machine translation), and every pair is filtered: length, length ratio, alignment score,
    language of each side, numbers, HTML/URL junk, boilerplate (bylines, "Baca juga:", share prompts...),
    then exact and normalised duplicates. data/corpus/filters.example.toml lists every filter and its options.

    \b
    Output in DIR:
      corpus.id, corpus.en   Moses: one sentence a line, line-aligned
      corpus.tsv             source<TAB>target<TAB>alignment score
      corpus.jsonl           one pair a line: document id, sentence indices, scores, filters passed
      corpus.tmx             TMX 1.4b
      stats.json, stats.md   documents, beads, kept and dropped pairs per filter, length histograms
      manifest.json          inputs, settings and progress of the build

    The build is resumable: documents are processed a shard at a time (DIR/shards/); kill it and run the same
    command again to finish it, with the same output an uninterrupted run gives. --workers N gives identical
    output to --workers 1, and --executor ray (docs/ray.md: Ray Data actors, each building its aligner once;
    without --address a local Ray instance runs for the build) identical output to --executor local. Bad
    documents (missing partner file, empty, malformed JSONL line, not UTF-8) are skipped and reported; the rest
    of the corpus is built.
    """
    from lintas.translate.align.build import lexicon_choice
    from lintas.translate.corpus.config import load_filter_config
    from lintas.translate.corpus.pipeline import AlignSettings, build_corpus
    from lintas.translate.corpus.runners import RunOptions, alignment_runner
    from lintas.translate.corpus.sources import FolderPairs, PairsFile
    from lintas.translate.errors import InputError

    run = RunOptions(executor, workers, address, gpus_per_worker, runtime_env)
    if pairs and (src_dir or tgt_dir):
        raise InputError("give either --pairs or --src-dir/--tgt-dir, not both")
    if not pairs and not (src_dir and tgt_dir):
        raise InputError(
            "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir; see `lintas corpus build --help`"
        )
    lexicon = lexicon_choice(lexicon_path, none=no_lexicon)
    source = PairsFile(pairs) if pairs else FolderPairs(src_dir, tgt_dir)  # type: ignore[arg-type]
    filters = load_filter_config(config_path)
    settings = AlignSettings(lexicon=lexicon, max_bead=max_bead, mt_model=mt_model, mt_engine=mt_engine)
    runner = alignment_runner(settings, filters, run)
    try:
        result = build_corpus(
            source,
            out,
            runner,
            filters=filters,
            settings=settings.describe(),
            shard_size=shard_size,
            gzip=gzip,
            write_dropped=write_dropped,
            keep_shards=keep_shards,
            overwrite=overwrite,
            progress=False if quiet else None,
        )
    finally:
        runner.close()
    _report(result)


def _with_exit_codes(command: click.Command) -> None:
    """Append the exit codes to a command's help. The docstring is dedented first: click dedents the help as a
    whole, so an undented block appended to an indented docstring would leave the docstring indented, and its
    ``\\b`` (no rewrap) markers unrecognised."""
    command.help = inspect.cleandoc(command.help or "") + "\n\n" + _EXIT_CODES


_with_exit_codes(build)


@corpus.command("translate")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_common_options
@translation_options(executors=("ray",))
@_executor_option("--executor")
@click.option(
    "--num-workers",
    type=click.IntRange(min=1),
    default=None,
    callback=records_flag("workers", "--num-workers"),
    help="Ray workers, each loading the model once [default: one per CPU of the cluster divided by "
    "--threads, or per GPU with --gpus-per-worker 1].",
)
@_ray_options
def corpus_translate(inputs: tuple[str, ...], **kwargs) -> None:
    """Make synthetic pairs: translate Indonesian documents sentence by sentence.

    \b
    lintas corpus translate articles/ -o synthetic/ --model ./my-model
    lintas corpus translate docs.jsonl -o synthetic/ --engine ctranslate2 --beam 4
    lintas corpus translate docs.parquet -o synthetic/ --executor ray --address auto --gpus-per-worker 1

    INPUT is a .txt, .md or .html document (of a web page, its article), a folder of them, or a JSONL (or
    Parquet) file of {"id", "text"} records.
    Each document is split into sentences and translated (any engine, batched across the documents of a shard,
    with the translation memory unless --no-cache); each sentence and its translation is one pair. The pairs go
    through the same filters as `corpus build` (the alignment score does not apply) and are written in the same
    formats. The model, its engine and its fingerprint are recorded in stats.json, in the TMX header and on
    every corpus.jsonl line ("mt_model"), so synthetic data is never mistaken for human translation.

    --engine is the translation engine (transformers, ctranslate2); --executor is where the work runs
    (--engine ray is short for --executor ray with the auto engine, as on `corpus build`). With
    --executor ray each Ray worker loads the model once and translates whole shards, so the output is the same
    as on this machine (docs/ray.md covers clusters, model caches and GPU workers).

    The build is resumable like `corpus build`: kill it and run the same command again.
    """
    from lintas.translate.corpus.config import load_filter_config
    from lintas.translate.corpus.executors import TranslatorSpec
    from lintas.translate.corpus.pipeline import build_corpus
    from lintas.translate.corpus.runners import RunOptions, translation_runner
    from lintas.translate.corpus.sources import MonolingualSource

    executor = _engine_as_executor(kwargs, kwargs.pop("executor"))
    quiet = kwargs.pop("quiet")
    config = pop_translator_config(kwargs)
    run = RunOptions(
        executor, kwargs["num_workers"], kwargs["address"], kwargs["gpus_per_worker"], kwargs["runtime_env"]
    )
    source = MonolingualSource(inputs)
    filters = load_filter_config(kwargs["config_path"])
    runner, metadata = translation_runner(
        TranslatorSpec(config), filters, run, progress=False if quiet else None
    )
    try:
        result = build_corpus(
            source,
            kwargs["out"],
            runner,
            filters=filters,
            settings=metadata,
            shard_size=kwargs["shard_size"],
            gzip=kwargs["gzip"],
            write_dropped=kwargs["write_dropped"],
            keep_shards=kwargs["keep_shards"],
            overwrite=kwargs["overwrite"],
            progress=False if quiet else None,
            metadata=metadata,
        )
    finally:
        runner.close()
    _report(result)


def _engine_as_executor(kwargs: dict, executor: str) -> str:
    """``--engine ray`` (the spelling ``corpus build`` shares): run on Ray with the auto translation engine."""
    from click.core import ParameterSource

    from lintas.translate.errors import InputError

    if kwargs["engine"] != "ray":
        return executor
    given = click.get_current_context().get_parameter_source("executor") == ParameterSource.COMMANDLINE
    if given and executor != "ray":
        raise InputError(f"--engine ray and --executor {executor} contradict each other; give one of them")
    kwargs["engine"] = "auto"
    return "ray"


_with_exit_codes(corpus_translate)
