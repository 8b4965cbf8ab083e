"""The content of a benchmark report: sections made of a few block types, built from the report dict.

Markdown and HTML (:mod:`lintas.eval.report`) are two renderings of the same :class:`Section` list, so the two files
cannot disagree about a number. Every score is shown next to its signature; published figures from elsewhere
are never part of a report (``docs/benchmarks.md`` lists them, marked as published).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintas.eval.plots import CHRF_BY_LENGTH, QUALITY_VS_SPEED

#: Section headings, in order (tests and readers rely on them).
SECTIONS = (
    "Quality",
    "Significance",
    "Speed",
    "Analysis: scores by source length",
    "Analysis: worst sentences",
    "Plots",
    "Environment",
    "Published scores",
)


@dataclass
class Table:
    """A table block: header row and body rows of already formatted cells."""

    headers: list[str]
    rows: list[list[str]]


@dataclass
class Image:
    """An image block: a PNG saved next to the report."""

    file: str
    alt: str


@dataclass
class Code:
    """A preformatted block (the command line)."""

    text: str


@dataclass
class Section:
    """A heading and its blocks (paragraph strings, tables, images, code, or level-3 sub-sections)."""

    title: str
    blocks: list[Any] = field(default_factory=list)
    level: int = 2


def _f(value: Any, width: int = 2) -> str:
    return "–" if value is None else f"{value:.{width}f}"


def _p(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _signature_lines(signatures: Mapping[str, str]) -> list[str]:
    return [f"`{name}`: `{sig}`" for name, sig in signatures.items()]


def _quality(report: Mapping[str, Any]) -> Section:
    q = report["quality"]
    comet = report["comet"]
    headers = ["model", *q["metrics"]] + (["COMET"] if comet["computed"] else [])
    rows = []
    for label, results in q["systems"].items():
        row = [label] + [_f(r["score"]) for r in results]
        if comet["computed"]:
            row.append(_f(comet["scores"].get(label), 4))
        rows.append(row)
    worse = [name for name, up in q["higher_is_better"].items() if not up]
    blocks: list[Any] = [
        f"Corpus scores on {report['testset']['segments_used']} segments of {report['testset']['name']} "
        f"(sacrebleu). Higher is better except {', '.join(worse) or 'none'}.",
        Table(headers, rows),
        "Signatures:",
        *_signature_lines(q["signatures"]),
    ]
    blocks.append(f"COMET signature: `{comet['signature']}`" if comet["computed"] else comet["note"])
    return Section("Quality", blocks)


def _significance(report: Mapping[str, Any]) -> Section:
    sig = report["significance"]
    if "rows" not in sig:
        return Section("Significance", [sig["note"]])
    tests = sig["tests"]
    rows = []
    for r in sig["rows"]:
        ci = "–" if r["ci_mean"] is None else f"{r['ci_mean']:.2f} ± {r['ci_halfwidth']:.2f}"
        mark = "–" if r["baseline"] else ("yes *" if r["significant"] else "no")
        rows.append(
            [
                r["system"] + (" (baseline)" if r["baseline"] else ""),
                r["metric"],
                _f(r["score"]),
                "–" if r["baseline"] else f"{r['delta']:+.2f}",
                ci,
                _p(r["p_bs"]),
                _p(r["p_ar"]),
                mark,
            ]
        )
    described = "; ".join(f"{t['name']} with {t['samples']} samples" for t in tests.values())
    return Section(
        "Significance",
        [
            f"Each model against the baseline {sig['baseline']}: {described} (sacrebleu's implementations). "
            f"A difference is marked * when every test gives p < {sig['alpha']}. The 95% confidence interval "
            "comes from the bootstrap resamples. Significance says the difference is unlikely to be chance, "
            "not that it matters.",
            Table(
                [
                    "model",
                    "metric",
                    "score",
                    "Δ vs baseline",
                    "95% CI",
                    "p (bootstrap)",
                    "p (approx. rand.)",
                    "significant",
                ],
                rows,
            ),
            *[
                line
                for t, s in sig["signatures"].items()
                for line in [f"Signatures ({t}):", *_signature_lines(s)]
            ],
        ],
    )


def _speed(report: Mapping[str, Any]) -> Section:
    rows = []
    cached = []
    for s in report["systems"]:
        sp = report["speed"][s["label"]]
        rows.append(
            [
                s["label"],
                sp["engine"],
                _f(sp["load_seconds"]),
                _f(sp["sentences_per_second"]),
                _f(sp["tokens_per_second"], 1),
                _f(sp["latency_p50_ms"], 1),
                _f(sp["latency_p95_ms"], 1),
                _f(sp["peak_rss_mb"], 0),
                _f(sp["peak_rss_mb"] - sp["rss_before_mb"], 0),
            ]
        )
        if s["cached"]:
            cached.append(s["label"])
    settings = report["settings"]
    blocks: list[Any] = [
        f"Throughput: one call translating all {report['testset']['segments_used']} segments (beam "
        f"{settings['beam_size']}, batch size {settings['batch_size']}) after an untimed warm-up batch of the first "
        f"{settings['batch_size']} segments; "
        "target tokens counted with each model's tokenizer. Load time: the model only (torch and transformers "
        f"are imported before the first model). Latency: up to {settings['latency_sample']} segments spread "
        "over the set, translated one at a time. Peak RSS: highest resident memory of the process while the "
        "model loaded and translated; 'model RSS' subtracts the memory in use before loading.",
        Table(
            [
                "model",
                "engine",
                "load s",
                "sentences/s",
                "target tokens/s",
                "latency p50 ms",
                "latency p95 ms",
                "peak RSS MiB",
                "model RSS MiB",
            ],
            rows,
        ),
    ]
    if cached:
        blocks.append(
            f"Reused from the cache in {Path(report['systems'][0]['hypotheses']).parent}/ (figures measured in an "
            f"earlier run with the same settings): {', '.join(cached)}."
        )
    methods = sorted({report["speed"][s["label"]]["rss_method"] for s in report["systems"]})
    blocks.append(f"Memory measured by {', '.join(methods)}.")
    return Section("Speed", blocks)


def _buckets(report: Mapping[str, Any]) -> Section:
    lb = report["analysis"]["length_buckets"]
    names = list(lb["signatures"])
    systems = list(report["quality"]["systems"])
    headers = ["source words", "segments"] + [f"{s} {m}" for s in systems for m in names]
    rows = []
    for b in lb["buckets"]:
        rows.append(
            [b["label"], str(b["segments"])]
            + [_f(b["scores"].get(s, {}).get(m)) for s in systems for m in names]
        )
    return Section(
        "Analysis: scores by source length",
        [
            "Corpus scores of the segments in each source-length bucket (words split on whitespace).",
            Table(headers, rows),
            "Signatures:",
            *_signature_lines(lb["signatures"]),
        ],
    )


def _worst(report: Mapping[str, Any]) -> Section:
    ws = report["analysis"]["worst_sentences"]
    subs = []
    for label, items in ws["systems"].items():
        rows = [
            [str(w["line"]), _f(w["chrf"], 1), w["source"], w["reference"], w["hypothesis"]] for w in items
        ]
        subs.append(
            Section(label, [Table(["line", ws["metric"], "source", "reference", "hypothesis"], rows)], 3)
        )
    return Section(
        "Analysis: worst sentences",
        [
            f"The segments with the lowest sentence {ws['metric']} per model (signature `{ws['signature']}`).",
            *subs,
        ],
    )


def _plots(report: Mapping[str, Any]) -> Section:
    plots = report.get("plots", {})
    if "note" in plots:
        return Section("Plots", [plots["note"]])
    chrf = report["analysis"]["worst_sentences"]["metric"]
    return Section(
        "Plots",
        [
            Image(QUALITY_VS_SPEED, f"{chrf} against sentences per second, one point per model"),
            Image(CHRF_BY_LENGTH, f"{chrf} of each model per source-length bucket"),
        ],
    )


def _environment(report: Mapping[str, Any]) -> Section:
    env = report["environment"]
    return Section(
        "Environment",
        [
            "Command:",
            Code(report["command"]),
            Table(["package", "version"], [[k, str(v)] for k, v in env["versions"].items()]),
            Table(
                ["machine", "value"], [[k, "–" if v is None else str(v)] for k, v in env["machine"].items()]
            ),
            f"Report created {report['created']}.",
        ],
    )


def build_sections(report: Mapping[str, Any]) -> tuple[str, list[Section]]:
    """The report's title and sections (shared by the Markdown and HTML renderers)."""
    ts = report["testset"]
    title = f"lintas benchmark: {ts['name']}"
    intro = Section(
        "Test set",
        [
            f"{ts['name']}: {ts['segments_used']} of {ts['size']} segments, {ts['direction']}, domain "
            f"{ts['domain']}, license {ts['license']}. Original side: {ts['original']} ({ts['note']}).",
            f"Models: {', '.join(s['label'] + ' = ' + s['model'] for s in report['systems'])}.",
            *(f"WARNING: {s['fixture']}." for s in report["systems"] if s.get("fixture")),
        ],
    )
    published = Section(
        "Published scores",
        [
            "Every number in this report was measured by this run. Published scores of other systems, for "
            "context only, are listed in docs/benchmarks.md of the lintas repository, marked as published."
        ],
    )
    builders = (_quality, _significance, _speed, _buckets, _worst, _plots, _environment)
    return title, [intro, *(b(report) for b in builders), published]
