"""The benchmark's two plots, drawn with matplotlib's Agg backend into PNG bytes.

Only :class:`matplotlib.figure.Figure` and the Agg canvas are used, never ``pyplot``: no global state, no
display needed, safe in a headless server or a test. The report embeds the bytes in the HTML as data URIs and
also saves them next to it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

#: File names of the plots in the output folder.
QUALITY_VS_SPEED = "quality_vs_speed.png"
CHRF_BY_LENGTH = "chrf_by_length.png"


def matplotlib_available() -> bool:
    """Whether matplotlib can be imported (it is the optional ``bench`` extra)."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def _png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def quality_vs_speed(report: Mapping[str, Any], metric: str = "chrF2") -> bytes:
    """One point per model: throughput (sentences/s, log scale) against a corpus score."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.subplots()
    for label, results in report["quality"]["systems"].items():
        score = next(r["score"] for r in results if r["name"] == metric)
        speed = report["speed"][label]["sentences_per_second"]
        ax.scatter([speed], [score], s=60)
        ax.annotate(label, (speed, score), textcoords="offset points", xytext=(6, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("sentences per second (whole test set, log scale)")
    ax.set_ylabel(f"{metric} (corpus)")
    ax.set_title(f"Quality vs speed on {report['testset']['name']}")
    ax.grid(True, alpha=0.3)
    return _png(fig)


def chrf_by_length(report: Mapping[str, Any], metric: str = "chrF2") -> bytes:
    """Grouped bars: the corpus score of each model in each source-length bucket."""
    from matplotlib.figure import Figure

    buckets = report["analysis"]["length_buckets"]["buckets"]
    labels = [b["label"] for b in buckets]
    systems = list(report["quality"]["systems"])
    fig = Figure(figsize=(7.2, 4.2), layout="constrained")
    ax = fig.subplots()
    width = 0.8 / max(1, len(systems))
    for k, name in enumerate(systems):
        xs = [i + (k - (len(systems) - 1) / 2) * width for i in range(len(labels))]
        ys = [b["scores"].get(name, {}).get(metric, 0.0) for b in buckets]
        ax.bar(xs, ys, width=width, label=name)
    ax.set_xticks(
        range(len(labels)), [f"{lab}\n(n={b['segments']})" for lab, b in zip(labels, buckets, strict=True)]
    )
    ax.set_xlabel("source length (words)")
    ax.set_ylabel(f"{metric} (corpus score of the bucket)")
    ax.set_title(f"{metric} by source length")
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    return _png(fig)


def render_plots(report: Mapping[str, Any]) -> dict[str, bytes]:
    """Every plot as ``{file name: PNG bytes}``."""
    chrf = report["analysis"]["worst_sentences"]["metric"]  # chrF2 unless --chrf-beta changed it
    return {QUALITY_VS_SPEED: quality_vs_speed(report, chrf), CHRF_BY_LENGTH: chrf_by_length(report, chrf)}
