"""``lintas corpus build`` and ``lintas corpus translate``: parse options, call the corpus builder, report.

The work is done by :mod:`lintas.translate.corpus.pipeline` (imported inside the commands, so ``lintas --help`` stays
fast); this module turns options into a source, an executor and settings, and the result into an exit code.

Where the work runs is the *executor*: ``--executor local`` (this machine, ``--workers`` processes) or
``--executor ray`` (Ray Data actors, :mod:`lintas.translate.corpus.ray_engine`). ``corpus translate`` already has an
``--engine`` (the translation engine, as on every command), so the option is called ``--executor`` on both
commands. The older spellings ``corpus build --engine ray`` and ``corpus translate --engine ray`` still work for a
release, with a deprecation warning (:mod:`lintas.translate.cli.renamed`).
"""

from __future__ import annotations

import inspect
import sys

import click

from lintas.translate.cli.groups import corpus
from lintas.translate.cli.options import (
    config_from,
    config_options,
    mt_options,
    pop_translator_config,
    translation_options,
)

_EXIT_CODES = """\b
Exit codes:
  0  every document was used
  1  the corpus was built, but some documents were skipped (listed in stats.json and on stderr)
  2  bad usage, a missing input file or folder, a bad filter config, or an output that cannot be
     written (nothing is built)
  3  the translation model cannot be loaded (corpus translate)
"""


def _output_options(func):
    from lintas.translate.corpus.jobs import OutputOptions  # light: configs and the pipeline's names

    return config_options(OutputOptions)(func)


def _run_options(*, renamed: dict[str, tuple[str, ...]], workers: dict[str, object]):
    """``--executor``, the worker count and the Ray options; the commands differ in old spellings and help only."""
    from lintas.translate.corpus.runners import RunOptions

    return config_options(RunOptions, renamed=renamed, overrides={"workers": workers})


def _report(result) -> None:
    """One summary line on stderr, and the exit code the help text promises."""
    click.echo(f"lintas: {result.summary()}", err=True)
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
@_output_options
@_run_options(renamed={"executor": ("--engine",)}, workers={})
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
    lexicon_path: str | None,
    no_lexicon: bool,
    max_bead: int | None,
    quiet: bool,
    **kwargs,
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
    from lintas.translate.align.build import mt_config
    from lintas.translate.corpus.jobs import AlignOptions, OutputOptions, build_from_pairs
    from lintas.translate.corpus.runners import RunOptions

    mt_model, mt_engine = kwargs.pop("mt_model"), kwargs.pop("mt_engine")
    align = AlignOptions(
        lexicon_path, no_lexicon, max_bead, mt_config(mt_model, mt_engine) if mt_model else None
    )
    output, run = config_from(OutputOptions, kwargs), config_from(RunOptions, kwargs)
    result = build_from_pairs(
        pairs=pairs, src_dir=src_dir, tgt_dir=tgt_dir, output=output, align=align, run=run,
        progress=False if quiet else None,
    )  # fmt: skip
    _report(result)


def _with_exit_codes(command: click.Command) -> None:
    """Append the exit codes to a command's help. The docstring is dedented first: click dedents the help as a
    whole, so an undented block appended to an indented docstring would leave the docstring indented, and its
    ``\\b`` (no rewrap) markers unrecognised."""
    command.help = inspect.cleandoc(command.help or "") + "\n\n" + _EXIT_CODES


_with_exit_codes(build)


@corpus.command("translate")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_output_options
@translation_options(executors=("ray",))
@_run_options(
    renamed={},
    workers={
        "help": "Ray workers, each loading the model once [default: one per CPU of the cluster divided by "
        "--threads, or per GPU with --gpus-per-worker 1]."
    },
)
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

    --engine is the translation engine (transformers, ctranslate2), as on every command; --executor is where
    the work runs. With
    --executor ray each Ray worker loads the model once and translates whole shards, so the output is the same
    as on this machine (docs/ray.md covers clusters, model caches and GPU workers).

    The build is resumable like `corpus build`: kill it and run the same command again.
    """
    from click.core import ParameterSource

    from lintas.translate.corpus.jobs import OutputOptions, translate_documents
    from lintas.translate.corpus.runners import RunOptions, executor_of_engine

    given = click.get_current_context().get_parameter_source("executor") == ParameterSource.COMMANDLINE
    kwargs["engine"], kwargs["executor"] = executor_of_engine(
        kwargs["engine"], kwargs["executor"], executor_given=given
    )
    quiet = kwargs.pop("quiet")
    output, run = config_from(OutputOptions, kwargs), config_from(RunOptions, kwargs)
    config = pop_translator_config(kwargs)
    result = translate_documents(inputs, config, output=output, run=run, progress=False if quiet else None)
    _report(result)


_with_exit_codes(corpus_translate)
