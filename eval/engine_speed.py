"""Engine speed comparison: the same sentences, the same decoding work, every engine in one run.

Random-weight fixture models do not stop at a sensible length, so ``fixed_length`` forces exactly N output tokens
on every engine: each does the same work and the figures compare engines, not luck. Each engine runs in a fresh
child process, so its peak resident memory is its own and one engine's allocations do not slow the next. The
machine is shared and noisy: read the *ratios*, which are measured minutes apart in the same run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace

from lintas.translate.config import MAX_BATCH_TOKENS
from lintas.translate.errors import InputError

#: Engine labels accepted by ``lintas bench speed --engines`` and what they mean.
ENGINE_SPECS = {
    "transformers": ("transformers", "float32"),
    "ctranslate2-float32": ("ctranslate2", "float32"),
    "ctranslate2-int8": ("ctranslate2", "int8"),
    "ctranslate2-int8_float32": ("ctranslate2", "int8_float32"),
}
BASELINE = "transformers"


@dataclass
class SpeedRow:
    """One measured configuration."""

    engine: str
    beam: int
    batch_size: int
    sentences: int
    seconds: float
    sent_per_s: float
    tokens_per_s: float
    peak_rss_mb: float
    load_seconds: float
    ratio_vs_transformers: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def parse_engines(spec: str) -> list[str]:
    labels = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [label for label in labels if label not in ENGINE_SPECS]
    if unknown or not labels:
        raise InputError(
            f"unknown engine(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(ENGINE_SPECS)}"
        )
    return list(dict.fromkeys(labels))  # an engine named twice is measured once


def usable_batch_sizes(batch_sizes: list[int], sentences: int) -> list[int]:
    """The batch sizes that differ on ``sentences`` sentences: a batch cannot hold more sentences than there
    are, so every size from ``sentences`` up is the same run, reported once as ``sentences``."""
    capped = [min(size, max(1, sentences)) for size in batch_sizes]
    return list(dict.fromkeys(capped))


def parse_ints(spec: str, what: str, maximum: int | None = None) -> list[int]:
    """The comma-separated whole numbers of ``spec`` (``--beam 1,4``), each from 1 to ``maximum``."""
    try:
        values = [int(s) for s in spec.split(",") if s.strip()]
    except ValueError:
        raise InputError(f"{what} must be comma-separated whole numbers, got {spec!r}") from None
    if not values or min(values) < 1:
        raise InputError(f"{what} must be whole numbers >= 1, got {spec!r}")
    if maximum is not None and max(values) > maximum:
        raise InputError(f"{what} must be whole numbers of at most {maximum}, got {spec!r}")
    return values


def _measure_engine(
    label: str,
    model: str,
    sentences: list[str],
    beams: list[int],
    batch_sizes: list[int],
    fixed_length: int | None,
    threads: int | None,
) -> list[dict]:
    """Runs in a child process: load once, then time every (beam, batch size) on the same sentences."""
    from lintas.eval.speed import PeakRss, stopwatch
    from lintas.translate.translator import Translator

    engine, compute_type = ENGINE_SPECS[label]
    rows = []
    with PeakRss() as rss:
        translator = Translator(
            model,
            engine=engine,
            compute_type=compute_type,
            threads=threads,
            fixed_output_tokens=fixed_length,
            max_batch_tokens=MAX_BATCH_TOKENS,  # batch size alone bounds batches here: the variable measured
            cache=None,
            guard=False,
        )
        for beam in beams:
            for batch_size in batch_sizes:
                translator.options = replace(translator.options, beam_size=beam)
                translator.batch_size = batch_size
                translator.translate(
                    sentences[:batch_size]
                )  # warm-up with this batch shape: allocations, kernels
                with stopwatch() as elapsed:
                    outputs = translator.translate(sentences)
                if fixed_length:
                    tokens = fixed_length * len(sentences)
                else:
                    tokens = sum(translator.engine.count_output_tokens(outputs))
                seconds = elapsed[0]
                rows.append(
                    {
                        "engine": label,
                        "beam": beam,
                        "batch_size": batch_size,
                        "sentences": len(sentences),
                        "seconds": seconds,
                        "sent_per_s": len(sentences) / seconds,
                        "tokens_per_s": tokens / seconds,
                        "load_seconds": translator.load_seconds,
                    }
                )
    for row in rows:
        row["peak_rss_mb"] = rss.peak_mb
    return rows


def run_speed_bench(
    model: str,
    sentences: Sequence[str],
    *,
    engines: Sequence[str] = ("transformers", "ctranslate2-float32", "ctranslate2-int8"),
    beams: Sequence[int] = (1, 4),
    batch_sizes: Sequence[int] = (1, 16, 64),
    fixed_length: int | None = None,
    threads: int | None = None,
) -> list[SpeedRow]:
    """Measure every engine on ``sentences`` (each engine in its own child process) and compute ratios.

    ``ratio_vs_transformers`` compares with the transformers row of the same beam and batch size, when
    transformers was measured.
    """
    context = multiprocessing.get_context("spawn")
    rows: list[SpeedRow] = []
    for label in engines:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            future = pool.submit(
                _measure_engine,
                label,
                model,
                list(sentences),
                list(beams),
                list(batch_sizes),
                fixed_length,
                threads,
            )
            rows.extend(SpeedRow(**row) for row in future.result())
    baseline = {(r.beam, r.batch_size): r.sent_per_s for r in rows if r.engine == BASELINE}
    for row in rows:
        base = baseline.get((row.beam, row.batch_size))
        row.ratio_vs_transformers = row.sent_per_s / base if base else None
    return rows


def best_by_engine(rows: Sequence[SpeedRow]) -> dict[tuple[str, int], SpeedRow]:
    """The fastest batch size of each (engine, beam)."""
    best: dict[tuple[str, int], SpeedRow] = {}
    for row in rows:
        key = (row.engine, row.beam)
        if key not in best or row.sent_per_s > best[key].sent_per_s:
            best[key] = row
    return best


def summary_lines(rows: Sequence[SpeedRow]) -> list[str]:
    """Headline ratios: each engine's best batch size against transformers' best, and against batch 1."""
    best = best_by_engine(rows)
    lines = []
    for (engine, beam), row in sorted(best.items()):
        base_best = best.get((BASELINE, beam))
        one_at_a_time = next(
            (r for r in rows if r.engine == BASELINE and r.beam == beam and r.batch_size == 1), None
        )
        parts = [f"beam {beam}: {engine} best {row.sent_per_s:.2f} sent/s (batch {row.batch_size})"]
        if base_best and engine != BASELINE:
            parts.append(f"{row.sent_per_s / base_best.sent_per_s:.2f}x transformers' best")
        if one_at_a_time:
            parts.append(
                f"{row.sent_per_s / one_at_a_time.sent_per_s:.2f}x transformers one sentence at a time"
            )
        lines.append(", ".join(parts))
    return lines


def format_table(rows: Sequence[SpeedRow]) -> str:
    """A Markdown table of the rows."""
    header = "| engine | beam | batch | sent/s | tokens/s | peak RSS MB | load s | x transformers |\n"
    header += "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    body = "".join(
        f"| {r.engine} | {r.beam} | {r.batch_size} | {r.sent_per_s:.2f} | {r.tokens_per_s:.1f} | "
        f"{r.peak_rss_mb:.0f} | {r.load_seconds:.1f} | "
        f"{'' if r.ratio_vs_transformers is None else f'{r.ratio_vs_transformers:.2f}x'} |\n"
        for r in rows
    )
    return header + body
