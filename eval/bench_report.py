"""The result of ``lintas bench run``: a typed :class:`BenchReport`, its JSON form and its terminal table.

:func:`lintas.eval.bench.run_benchmark` returns a :class:`BenchReport`; :meth:`BenchReport.to_dict` is the
``report.json`` layout (:data:`REPORT_FORMAT`), which the Markdown/HTML renderers and the plots read
(:mod:`lintas.eval.report`). :meth:`BenchReport.summary_table` is the table the command prints, so a Python caller
gets the same summary without the CLI.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

#: Version of the report.json layout; bump when keys change meaning.
REPORT_FORMAT = 1


@dataclass
class BenchReport:
    """Everything one benchmark measured, section by section (each a JSON-ready value).

    Attributes:
        created: ISO time of the run. command: the command line recorded.
        testset: the test set's summary (name, languages, license, segments used).
        settings: the translator and benchmark settings every system shared.
        systems: one entry per model: label, model, engine, hypotheses file, cached, fixture note.
        quality: metric names, sacrebleu signatures and per-system scores.
        comet: COMET scores, or why they were not computed.
        significance: paired tests against the first system (or why there are none).
        speed: per-system speed and memory (:class:`~lintas.eval.speed.SpeedResult` dicts).
        analysis: scores by source length and the worst sentences.
        environment: library versions and the machine.
        published_scores: where published figures are listed (they are never measured here).
        plots: plot file names, or a note; filled by :func:`~lintas.eval.report.write_reports`.
    """

    created: str
    command: str
    testset: dict[str, Any]
    settings: dict[str, Any]
    systems: list[dict[str, Any]]
    quality: dict[str, Any]
    comet: dict[str, Any]
    significance: dict[str, Any]
    speed: dict[str, Any]
    analysis: dict[str, Any]
    environment: dict[str, Any]
    published_scores: str = (
        "docs/benchmarks.md lists published scores for context; they are not measured here"
    )
    plots: dict[str, Any] | None = field(default=None)
    format: int = REPORT_FORMAT

    def to_dict(self) -> dict[str, Any]:
        """The ``report.json`` layout (``format`` first; ``plots`` only once drawn)."""
        data = {"format": self.format}
        data.update((f.name, getattr(self, f.name)) for f in dataclasses.fields(self) if f.name != "format")
        if self.plots is None:
            del data["plots"]
        return data

    def fixture_warnings(self) -> list[str]:
        """One line per system that is a random-weight test fixture: its scores are noise."""
        return [system["fixture"] for system in self.systems if system.get("fixture")]

    def summary_table(self) -> str:
        """The per-system table ``lintas bench run`` prints: BLEU, chrF2, throughput, latency, cached."""
        from lintas.eval.report import render_text_table

        chrf = self.analysis["worst_sentences"]["metric"]  # chrF2 unless --chrf-beta changed it
        rows = []
        for system in self.systems:
            label = system["label"]
            scores = {r["name"]: r["score"] for r in self.quality["systems"][label]}
            speed = self.speed[label]
            rows.append(
                [
                    label,
                    system["engine"],
                    f"{scores['BLEU']:.2f}",
                    f"{scores[chrf]:.2f}",
                    f"{speed['sentences_per_second']:.2f}",
                    "–" if speed["latency_p50_ms"] is None else f"{speed['latency_p50_ms']:.1f}",
                    "yes" if system["cached"] else "no",
                ]
            )
        headers = ["model", "engine", "BLEU", chrf, "sentences/s", "p50 ms", "cached"]
        return render_text_table(headers, rows, right=(2, 3, 4, 5))
