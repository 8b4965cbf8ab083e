"""``lintas eval score`` and ``eval compare`` as library calls: files in, scores out, as sacrebleu reads them.

The commands parse their options and print; everything a caller could get wrong is here: reading the hypothesis
and reference files (sacrebleu's line rules, ``num_refs`` tab-separated references), checking that the streams are
parallel, building the metrics with the scoring options, and formatting the scores as sacrebleu's ``--format text``
does, so a script that parses sacrebleu's output reads lintas's unchanged.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lintas.eval.metric_options import MetricOptions
from lintas.eval.metrics import MetricResult, SentenceScores, build_metrics, score_corpus, score_sentences
from lintas.eval.segments import check_parallel, read_segments, unique_names
from lintas.eval.significance import DEFAULT_ALPHA, Comparison, compare_systems
from lintas.eval.testsets import load_references

#: Decimals of ``sacrebleu``'s command line (its ``--width`` default), used by :func:`format_sacrebleu_text`.
SACREBLEU_CLI_WIDTH = 1

#: A file argument: a path, or ``-`` for standard input.
FileArg = str | os.PathLike[str]


@dataclass(frozen=True)
class FileScores:
    """The scores of one hypothesis file.

    Attributes:
        results: one corpus score per metric, in the order asked for.
        sentences: every segment's scores, when asked for.
        segments: the number of segments scored.
    """

    results: list[MetricResult]
    sentences: SentenceScores | None
    segments: int


def read_streams(
    hypotheses: Sequence[FileArg],
    refs: Sequence[FileArg] = (),
    testset: str | None = None,
    *,
    num_refs: int = 1,
    what: str = "hypothesis",
) -> tuple[list[list[str]], list[list[str]]]:
    """The hypothesis streams and the reference streams, each hypothesis checked to be parallel to them.

    Raises:
        InputError: a missing, non-UTF-8 or empty file, a bad ``num_refs`` file, or streams of other lengths.
    """
    references, ref_names = load_references(refs, testset, num_refs=num_refs)
    streams = []
    for path in hypotheses:
        hyps = read_segments(path, what)
        check_parallel(hyps, references, [str(path), *ref_names])
        streams.append(hyps)
    return streams, references


def score_files(
    hypothesis: FileArg,
    *,
    refs: Sequence[FileArg] = (),
    testset: str | None = None,
    num_refs: int = 1,
    metrics: Iterable[str] | str | None = None,
    options: MetricOptions | None = None,
    confidence_n: int = 0,
    sentence_level: bool = False,
) -> FileScores:
    """Score a hypothesis file against reference files (or a shipped test set), as ``sacrebleu`` would.

    Raises:
        InputError: a bad file, option or metric name (one line, naming the file or parameter).
        ModelNotAvailableError: the BLEU tokenizer needs a package or a model that is not here.
    """
    options = options or MetricOptions()
    build_metrics(metrics, options=options)  # unknown metric or missing tokenizer: before reading any file
    [hyps], references = read_streams([hypothesis], refs, testset, num_refs=num_refs)
    results = score_corpus(hyps, references, metrics, confidence_n=confidence_n, options=options)
    sentences = score_sentences(hyps, references, metrics, options=options) if sentence_level else None
    return FileScores(results, sentences, len(hyps))


def compare_files(
    baseline: FileArg,
    systems: Sequence[FileArg],
    *,
    refs: Sequence[FileArg] = (),
    testset: str | None = None,
    num_refs: int = 1,
    metrics: Iterable[str] | str | None = None,
    options: MetricOptions | None = None,
    tests: Iterable[str] | str = ("bs", "ar"),
    samples: dict[str, int] | None = None,
    alpha: float = DEFAULT_ALPHA,
) -> Comparison:
    """Compare system files with a baseline file by sacrebleu's paired tests (names: the file names)."""
    options = options or MetricOptions()
    build_metrics(metrics, options=options)
    paths = [baseline, *systems]
    streams, references = read_streams(paths, refs, testset, num_refs=num_refs, what="system")
    named = list(zip(unique_names(paths), streams, strict=True))
    return compare_systems(
        named, references, metrics, tests=tests, samples=samples, alpha=alpha, options=options
    )


def format_sacrebleu_text(results: Sequence[MetricResult], width: int = SACREBLEU_CLI_WIDTH) -> str:
    """The lines ``sacrebleu --format text`` prints for ``results``: sacrebleu's own score lines, aligned on ``=``
    by sacrebleu's own printer (without terminal colours)."""
    from argparse import Namespace

    from sacrebleu.utils import Color, print_single_results

    lines = [r.format_sacrebleu(width) for r in results]
    buffer = io.StringIO()
    colours, Color.ENABLE_COLORS = Color.ENABLE_COLORS, False
    try:
        with contextlib.redirect_stdout(buffer):
            print_single_results(lines, Namespace(format="text"))
    finally:
        Color.ENABLE_COLORS = colours
    return buffer.getvalue()
