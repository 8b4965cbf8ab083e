"""Statistics of a corpus build: ``stats.json`` for programs, ``stats.md`` for people.

Counted while the shards are merged, so they describe exactly the files written: documents read and skipped (with
the reason for each), sentences, beads by type, and for every filter how many pairs it rejected on its own
(``failed``) and how many it removed (``dropped``: the first filter, in order, that rejected a pair; these add up
to the pairs dropped). Length histograms are over the kept pairs. Nothing here depends on timing, so a resumed
build writes the same statistics as an uninterrupted one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lintas.translate.corpus.records import DocResult

__all__ = ["LENGTH_BINS", "CorpusStats"]

#: Lower edges of the length histogram bins, in words (the last bin is open-ended).
LENGTH_BINS = (1, 6, 11, 16, 21, 31, 41, 61, 81, 101)


def _bin_labels(edges: Sequence[int]) -> list[str]:
    labels = [f"{lo}-{hi - 1}" for lo, hi in zip(edges, edges[1:], strict=False)]
    return [*labels, f"{edges[-1]}+"]


def _bin(n: int) -> int:
    k = 0
    for i, lo in enumerate(LENGTH_BINS):
        if n >= lo:
            k = i
    return k


class CorpusStats:
    """Counters of one build, filled document by document and pair by pair.

    Args:
        pair_filters: names of the enabled pair filters, in order.
        dedup_filters: names of the enabled deduplicators, in order.
    """

    def __init__(self, pair_filters: Sequence[str], dedup_filters: Sequence[str]) -> None:
        self.pair_filters = list(pair_filters)
        self.dedup_filters = list(dedup_filters)
        self.documents = 0
        self.skipped: list[dict[str, Any]] = []
        self.sentences = [0, 0]
        self.bead_types: Counter[str] = Counter()
        self.null_beads = 0
        self.candidates = 0
        self.failed: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.kept = 0
        self.src_lengths = [0] * len(LENGTH_BINS)
        self.tgt_lengths = [0] * len(LENGTH_BINS)
        self.outputs: dict[str, int] = {}

    # ------------------------------------------------------------------------------------------------ fill
    def add_document(self, result: DocResult) -> None:
        """Count a processed (or skipped) document and its beads; its pairs are counted one by one after."""
        self.documents += 1
        if result.skipped is not None:
            self.skipped.append({"index": result.index, "id": result.doc_id, "reason": result.skipped})
            return
        self.sentences[0] += result.sentences[0]
        self.sentences[1] += result.sentences[1]
        self.bead_types.update(result.bead_types)
        self.null_beads += result.null_beads
        self.candidates += len(result.records)
        for name, n in result.counts["failed"].items():
            self.failed[name] += n

    def add_dropped(self, by: str) -> None:
        """A pair removed by filter ``by`` (a pair filter, or a deduplicator)."""
        self.dropped[by] += 1
        if by in self.dedup_filters:
            self.failed[by] += 1

    def add_kept(self, src: str, tgt: str) -> None:
        """A pair written to the corpus."""
        self.kept += 1
        self.src_lengths[_bin(len(src.split()))] += 1
        self.tgt_lengths[_bin(len(tgt.split()))] += 1

    # --------------------------------------------------------------------------------------------- report
    def as_dict(
        self, *, meta: dict[str, Any] | None = None, filter_options: dict[str, Any] | None = None
    ) -> dict:
        """Everything as a JSON-ready dict; ``meta`` (inputs, settings, model) goes first."""
        options = filter_options or {}
        filters = []
        for name in [*self.pair_filters, *self.dedup_filters]:
            filters.append(
                {
                    "name": name,
                    "options": options.get(name) or {},
                    "failed": self.failed[name],
                    "dropped": self.dropped[name],
                }
            )
        disabled = [name for name, opts in options.items() if opts is None]
        return {
            **(meta or {}),
            "documents": {
                "total": self.documents,
                "processed": self.documents - len(self.skipped),
                "skipped": len(self.skipped),
            },
            "skipped_documents": self.skipped,
            "sentences": {"src": self.sentences[0], "tgt": self.sentences[1]},
            "beads": {
                "total": sum(self.bead_types.values()),
                "null": self.null_beads,
                "by_type": dict(sorted(self.bead_types.items(), key=lambda kv: (-kv[1], kv[0]))),
            },
            "pairs": {
                "candidates": self.candidates,
                "kept": self.kept,
                "dropped": self.candidates - self.kept,
            },
            "filters": filters,
            "disabled_filters": disabled,
            "length_histogram": {
                "unit": "words",
                "bins": _bin_labels(LENGTH_BINS),
                "src": self.src_lengths,
                "tgt": self.tgt_lengths,
            },
            "outputs": dict(self.outputs),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.as_dict(**kwargs), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self, *, title: str = "Corpus statistics", meta_lines: Sequence[str] = ()) -> str:
        """A human-readable summary: documents, beads, filters, histograms, skipped documents."""
        d = self.as_dict()
        lines = [f"# {title}", ""]
        lines += [f"- {line}" for line in meta_lines]
        if meta_lines:
            lines.append("")
        docs, pairs, beads = d["documents"], d["pairs"], d["beads"]
        lines += [
            "| | count |",
            "|---|---:|",
            f"| documents | {docs['total']} |",
            f"| documents skipped | {docs['skipped']} |",
            f"| source sentences | {d['sentences']['src']} |",
            f"| target sentences | {d['sentences']['tgt']} |",
            f"| beads | {beads['total']} |",
            f"| null beads (one side empty, not pairs) | {beads['null']} |",
            f"| candidate pairs | {pairs['candidates']} |",
            f"| **kept pairs** | **{pairs['kept']}** |",
            f"| dropped pairs | {pairs['dropped']} |",
            "",
            "## Filters",
            "",
            "`failed`: pairs the filter rejects on its own; `dropped`: pairs it removed (the first filter, in this",
            "order, to reject a pair). Duplicates are counted among pairs that passed every other filter.",
            "",
            "| filter | failed | dropped |",
            "|---|---:|---:|",
        ]
        lines += [f"| {f['name']} | {f['failed']} | {f['dropped']} |" for f in d["filters"]]
        if beads["by_type"]:
            lines += ["", "## Beads by type (source-target sentences)", "", "| type | beads |", "|---|---:|"]
            lines += [f"| {t} | {n} |" for t, n in beads["by_type"].items()]
        hist = d["length_histogram"]
        lines += ["", "## Length of kept pairs (words)", "", "| words | source | target |", "|---|---:|---:|"]
        lines += [
            f"| {b} | {s} | {t} |" for b, s, t in zip(hist["bins"], hist["src"], hist["tgt"], strict=True)
        ]
        if d["outputs"]:
            lines += ["", "## Files", "", "| file | units |", "|---|---:|"]
            lines += [f"| {name} | {n} |" for name, n in d["outputs"].items()]
        if self.skipped:
            lines += ["", "## Skipped documents", "", "| # | id | reason |", "|---:|---|---|"]
            for s in self.skipped:
                reason = str(s["reason"]).replace("|", "\\|")
                lines.append(f"| {s['index']} | {str(s['id']).replace('|', chr(92) + '|')} | {reason} |")
        return "\n".join(lines) + "\n"
