"""``lintas corpus build`` and ``lintas corpus translate``: parse options, call the corpus builder, report.

The work is done by :mod:`translate.corpus.pipeline` (imported inside the commands, so ``lintas --help`` stays
fast); this module turns options into a source, an executor and settings, and the result into an exit code.
"""

from __future__ import annotations

import functools
import sys

import click

from translate.cli.groups import corpus
from translate.cli.options import pop_translation_options, translation_options
from translate.corpus.manifest import DEFAULT_SHARD_SIZE  # standard library only: --help stays fast

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
@click.option("--pairs", metavar="PAIRS.jsonl", help='Document pairs, {"id", "src", "tgt"} a line.')
@click.option("--src-dir", metavar="DIR", help="Folder of Indonesian documents (.txt, .md).")
@click.option("--tgt-dir", metavar="DIR", help="Folder of English documents with the same file names.")
@_common_options
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes (cores) to use.",
)
@click.option(
    "--mt", "mt_model", metavar="MODEL", help="Also compare a machine translation when aligning (slower)."
)
@click.option("--mt-engine", default="auto", show_default=True, help="Engine for --mt.")
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
    workers: int,
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
    output to --workers 1. Bad documents (missing partner file, empty, malformed JSONL line, not UTF-8) are
    skipped and reported; the rest of the corpus is built.
    """
    from translate.corpus.config import load_filter_config
    from translate.corpus.pipeline import (
        AlignSettings,
        DocumentProcessor,
        ProcessExecutor,
        SerialExecutor,
        build_corpus,
    )
    from translate.corpus.sources import FolderPairs, PairsFile
    from translate.errors import InputError

    if pairs and (src_dir or tgt_dir):
        raise InputError("give either --pairs or --src-dir/--tgt-dir, not both")
    if not pairs and not (src_dir and tgt_dir):
        raise InputError(
            "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir; see `lintas corpus build --help`"
        )
    if no_lexicon and lexicon_path:
        raise InputError("--lexicon and --no-lexicon contradict each other; give one")
    source = PairsFile(pairs) if pairs else FolderPairs(src_dir, tgt_dir)  # type: ignore[arg-type]
    filters = load_filter_config(config_path)
    settings = AlignSettings(
        lexicon=None if no_lexicon else (lexicon_path or "default"),
        max_bead=max_bead,
        mt_model=mt_model,
        mt_engine=mt_engine,
    )
    if settings.lexicon not in (None, "default"):
        from translate.align.lexicon import Lexicon

        Lexicon.load(settings.lexicon)  # a bad lexicon fails here, once, not in every worker
    factory = functools.partial(DocumentProcessor, settings, filters)
    executor = ProcessExecutor(factory, workers) if workers > 1 else SerialExecutor(factory)
    result = build_corpus(
        source,
        out,
        executor,
        filters=filters,
        settings=settings.describe(),
        shard_size=shard_size,
        gzip=gzip,
        write_dropped=write_dropped,
        keep_shards=keep_shards,
        overwrite=overwrite,
        progress=False if quiet else None,
    )
    _report(result)


build.help = (build.help or "") + "\n\n" + _EXIT_CODES


@corpus.command("translate")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_common_options
@translation_options
def corpus_translate(inputs: tuple[str, ...], **kwargs) -> None:
    """Make synthetic pairs: translate Indonesian documents sentence by sentence.

    \b
    lintas corpus translate articles/ -o synthetic/ --model ./my-model
    lintas corpus translate docs.jsonl -o synthetic/ --engine ctranslate2 --beam 4

    INPUT is a .txt or .md document, a folder of them, or a JSONL file of {"id", "text"} lines. Each document
    is split into sentences and translated (any engine, batched across the documents of a shard, with the
    translation memory unless --no-cache); each sentence and its translation is one pair. The pairs go through
    the same filters as `corpus build` (the alignment score does not apply) and are written in the same
    formats. The model, its engine and its fingerprint are recorded in stats.json, in the TMX header and on
    every corpus.jsonl line ("mt_model"), so synthetic data is never mistaken for human translation.

    The build is resumable like `corpus build`: kill it and run the same command again.
    """
    from translate.cli.options import translator_from_options
    from translate.corpus.config import load_filter_config
    from translate.corpus.pipeline import TranslationExecutor, build_corpus
    from translate.corpus.sources import MonolingualSource

    opts = pop_translation_options(kwargs)
    source = MonolingualSource(inputs)
    filters = load_filter_config(kwargs["config_path"])
    translator = translator_from_options(opts)
    engine = translator.engine
    metadata = {
        "model": opts["model"],
        "engine": engine.name,
        "model_fingerprint": engine.fingerprint,
        "compute_type": getattr(engine, "compute_type", None),
        "decoding": translator.options.key(),
        "max_input_tokens": translator.max_input_tokens,
    }
    result = build_corpus(
        source,
        kwargs["out"],
        TranslationExecutor(translator, filters),
        filters=filters,
        settings=metadata,
        shard_size=kwargs["shard_size"],
        gzip=kwargs["gzip"],
        write_dropped=kwargs["write_dropped"],
        keep_shards=kwargs["keep_shards"],
        overwrite=kwargs["overwrite"],
        progress=False if opts["quiet"] else None,
        metadata=metadata,
    )
    _report(result)


corpus_translate.help = (corpus_translate.help or "") + "\n\n" + _EXIT_CODES
