"""The two corpus use cases as library calls: build a corpus from document pairs, or translate documents into one.

``lintas corpus build`` and ``lintas corpus translate`` parse their options into the configs below and call
:func:`build_from_pairs` / :func:`translate_documents`; a Python caller gets the same checks, the same executor
and the same files. :class:`OutputOptions` is where the output options and their defaults are defined, once: the
CLI generates its options from its fields (:mod:`lintas.translate.option_spec`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lintas.translate.config import TranslatorConfig
from lintas.translate.corpus.manifest import DEFAULT_SHARD_SIZE  # standard library only: `--help` stays fast
from lintas.translate.corpus.runners import RunOptions, alignment_runner, translation_runner
from lintas.translate.errors import InputError
from lintas.translate.option_spec import option

if TYPE_CHECKING:
    from lintas.translate.corpus.pipeline import BuildResult


@dataclass(frozen=True)
class OutputOptions:
    """Where a corpus goes and how it is written.

    Attributes:
        out: the output folder (created if missing).
        config_path: a filter config, TOML or YAML (None: every filter with its defaults).
        shard_size: documents per shard: the work a kill can lose.
        gzip: write the corpus files gzip-compressed.
        write_dropped: also write ``dropped.jsonl``.
        keep_shards: keep ``shards/`` after the final files are written.
        overwrite: replace whatever build the folder holds and start again.
    """

    out: str | os.PathLike[str] | None = option(
        None,
        "Output folder (created if missing).",
        flag="--output",
        aliases=("-o",),
        renamed_from=("--out",),
        metavar="DIR",
        required=True,
    )
    config_path: str | os.PathLike[str] | None = option(
        None, "Filter config, TOML or YAML.", flag="--config", metavar="FILTERS.toml"
    )
    shard_size: int = option(
        DEFAULT_SHARD_SIZE,
        "Documents per shard: the work a kill can lose.",
        minimum=1,
        maximum=1_000_000,  # a shard's documents are held in memory together
    )
    gzip: bool = option(False, "Write the corpus files gzip-compressed (corpus.tsv.gz...).", negatable=False)
    write_dropped: bool = option(False, "Also write dropped.jsonl: dropped pairs and why.", negatable=False)
    keep_shards: bool = option(False, "Keep DIR/shards/ after the final files are written.", negatable=False)
    overwrite: bool = option(False, "Replace whatever build DIR holds and start again.", negatable=False)

    def __post_init__(self) -> None:
        if self.out is None:
            raise InputError("{param} is required: the folder the corpus is written to", param="out")


@dataclass(frozen=True)
class AlignOptions:
    """How ``corpus build`` aligns: the lexicon, the largest bead and an optional MT scorer.

    Attributes:
        lexicon_path: an aligner lexicon TSV (None: the shipped one).
        no_lexicon: align with length and anchors only.
        max_bead: most sentences in one bead (None: the aligner's default).
        mt: the MT scorer's translator (None: no MT scorer).
    """

    lexicon_path: str | None = None
    no_lexicon: bool = False
    max_bead: int | None = None
    mt: TranslatorConfig | None = field(default=None)


def build_from_pairs(
    *,
    pairs: str | os.PathLike[str] | None = None,
    src_dir: str | os.PathLike[str] | None = None,
    tgt_dir: str | os.PathLike[str] | None = None,
    output: OutputOptions,
    align: AlignOptions | None = None,
    run: RunOptions | None = None,
    progress: bool | None = None,
) -> BuildResult:
    """Build (or finish) a corpus from document pairs: a pairs file, or two folders of files with matching names.

    Raises:
        InputError: both or neither kind of input, a bad filter config, a bad lexicon.
        OutputError: the output folder holds another build, or cannot be written.
    """
    from lintas.translate.align.build import lexicon_choice
    from lintas.translate.corpus.config import load_filter_config
    from lintas.translate.corpus.sources import FolderPairs, PairsFile, Source
    from lintas.translate.corpus.work import AlignSettings

    align = align or AlignOptions()
    run = run or RunOptions()
    if pairs and (src_dir or tgt_dir):
        raise InputError("give either --pairs or --src-dir/--tgt-dir, not both")
    source: Source
    if pairs:
        source = PairsFile(pairs)
    elif src_dir and tgt_dir:
        source = FolderPairs(src_dir, tgt_dir)
    else:
        raise InputError(
            "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir; see `lintas corpus build --help`"
        )
    lexicon = lexicon_choice(align.lexicon_path, none=align.no_lexicon)
    filters = load_filter_config(output.config_path)
    mt = align.mt
    settings = AlignSettings(
        lexicon=lexicon,
        max_bead=align.max_bead,
        mt_model=mt.model if mt else None,
        mt_engine=mt.engine if mt else "auto",
    )
    _check_outputs_not_inputs(output, [pairs])
    runner = alignment_runner(settings, filters, run)
    return _build(source, output, runner, filters, settings.describe(), progress=progress)


def translate_documents(
    inputs: Sequence[str | os.PathLike[str]],
    config: TranslatorConfig,
    *,
    output: OutputOptions,
    run: RunOptions | None = None,
    progress: bool | None = None,
) -> BuildResult:
    """Synthetic pairs: translate Indonesian documents (files, folders, JSONL/Parquet records) sentence by sentence.

    The model, its engine and fingerprint are recorded in ``stats.json``, the TMX header and every JSONL line.

    Raises:
        InputError: no inputs, a bad filter config or run option.
        ModelNotAvailable: the model cannot be loaded.
        OutputError: the output folder holds another build, or cannot be written.
    """
    from lintas.translate.corpus.config import load_filter_config
    from lintas.translate.corpus.executors import TranslatorSpec
    from lintas.translate.corpus.sources import MonolingualSource

    run = run or RunOptions()
    source = MonolingualSource(tuple(str(i) for i in inputs))
    _check_outputs_not_inputs(output, inputs)
    filters = load_filter_config(output.config_path)
    runner, metadata = translation_runner(TranslatorSpec(config), filters, run, progress=progress)
    return _build(source, output, runner, filters, metadata, progress=progress, metadata=metadata)


def _check_outputs_not_inputs(output: OutputOptions, inputs: Sequence[str | os.PathLike[str] | None]) -> None:
    """Refuse a build whose output folder would write one of its own input files (``--pairs DIR/corpus.jsonl``)."""
    from pathlib import Path

    from lintas.translate.corpus.manifest import MANIFEST_NAME
    from lintas.translate.corpus.merge import every_output_name
    from lintas.translate.io import check_not_input

    assert output.out is not None
    files = [i for i in inputs if i is not None and Path(i).is_file()]
    for name in [*every_output_name(), MANIFEST_NAME]:
        check_not_input(Path(output.out) / name, files, param="out")


def _build(
    source, output: OutputOptions, runner, filters, settings, *, progress, metadata=None
) -> BuildResult:
    from lintas.translate.corpus.pipeline import build_corpus

    assert output.out is not None  # checked by OutputOptions
    try:
        return build_corpus(
            source,
            output.out,
            runner,
            filters=filters,
            settings=settings,
            shard_size=output.shard_size,
            gzip=output.gzip,
            write_dropped=output.write_dropped,
            keep_shards=output.keep_shards,
            overwrite=output.overwrite,
            progress=progress,
            metadata=metadata,
        )
    finally:
        runner.close()
