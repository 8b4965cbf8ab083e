"""What the per-document work of the corpus builder produces, and how it travels.

A :class:`DocResult` is one document's outcome: its candidate pairs (:class:`CorpusRecord`, each with its filter
scores and the filters it failed), its sentence and bead counters, or the reason it was skipped. It is the unit
every executor returns (this process, a pool of processes, Ray actors on other machines) and the unit a shard
stores, one JSON line per document. The JSON form is therefore a contract: the merge reads shards written by
any executor, possibly by an earlier run that was killed, and must rebuild exactly the same objects.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lintas.translate.bitext import BitextRecord

__all__ = ["CorpusRecord", "DocResult", "EncodedResult", "count_filters", "round_score"]


@dataclass(frozen=True)
class CorpusRecord:
    """One candidate pair of a document: a non-null bead, or a sentence and its machine translation.

    Attributes:
        doc_id: the document it comes from.
        src: 0-based source sentence indices in the document.
        tgt: 0-based target sentence indices.
        src_text: source text (a bead's sentences joined by a space).
        tgt_text: target text.
        score: alignment score (higher is better), ``None`` for synthetic pairs.
        scores: each pair filter's score, by name.
        failed: pair filters that rejected it, in filter order (empty: it reaches deduplication).
    """

    doc_id: str | int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    score: float | None
    scores: dict[str, Any]
    failed: tuple[str, ...] = ()

    def bitext(self) -> BitextRecord:
        """The pair as the bitext writers take it."""
        return BitextRecord(self.src_text, self.tgt_text, self.score, self.doc_id, self.src, self.tgt)

    def to_obj(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "src": list(self.src),
            "tgt": list(self.tgt),
            "score": self.score,
            "src_text": self.src_text,
            "tgt_text": self.tgt_text,
            "filters": self.scores,
            "failed": list(self.failed),
        }

    @classmethod
    def from_obj(cls, obj: dict[str, Any]) -> CorpusRecord:
        return cls(
            obj["id"],
            tuple(obj["src"]),
            tuple(obj["tgt"]),
            obj["src_text"],
            obj["tgt_text"],
            obj["score"],
            obj["filters"],
            tuple(obj["failed"]),
        )


@dataclass
class DocResult:
    """What the per-document work returns: the document's candidate pairs and counters, or why it was skipped.

    Attributes:
        index: the document's position in the input.
        doc_id: its id.
        skipped: why it was not used (unreadable, empty...), else None.
        sentences: sentences on each side.
        bead_types: beads by type (``"1-1"``, ``"2-1"``, ``"1-0"``...).
        null_beads: beads with one side empty (counted, never written).
        records: candidate pairs in document order.
        counts: ``{"failed": {filter: n}, "dropped": {filter: n}}``: how many pairs each pair filter rejected,
            and how many it was the first to reject.
    """

    index: int
    doc_id: str | int
    skipped: str | None = None
    sentences: tuple[int, int] = (0, 0)
    bead_types: dict[str, int] = field(default_factory=dict)
    null_beads: int = 0
    records: list[CorpusRecord] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {"failed": {}, "dropped": {}})

    def to_json(self) -> str:
        """One shard line (no newline)."""
        return json.dumps(
            {
                "index": self.index,
                "id": self.doc_id,
                "skipped": self.skipped,
                "sentences": list(self.sentences),
                "bead_types": self.bead_types,
                "null_beads": self.null_beads,
                "counts": self.counts,
                "records": [r.to_obj() for r in self.records],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> DocResult:
        obj = json.loads(line)
        return cls(
            obj["index"],
            obj["id"],
            obj["skipped"],
            tuple(obj["sentences"]),
            obj["bead_types"],
            obj["null_beads"],
            [CorpusRecord.from_obj(r) for r in obj["records"]],
            obj["counts"],
        )


@dataclass(frozen=True)
class EncodedResult:
    """A :class:`DocResult` already in its shard form, as a remote worker sends it back.

    The driver of a build only needs to know which document it is and whether it was skipped; it writes the line
    as it came, instead of parsing and re-serialising every pair of every document.

    Attributes:
        index: the document's position in the input.
        doc_id: its id.
        skipped: why it was not used, else None.
        line: :meth:`DocResult.to_json` of the result.
    """

    index: int
    doc_id: str | int
    skipped: str | None
    line: str

    def to_json(self) -> str:
        return self.line

    @classmethod
    def of(cls, result: DocResult) -> EncodedResult:
        return cls(result.index, result.doc_id, result.skipped, result.to_json())


def count_filters(records: Sequence[CorpusRecord]) -> dict[str, dict[str, int]]:
    """Per pair filter: the records it rejected (``failed``) and those it was the first to reject (``dropped``)."""
    failed: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for r in records:
        failed.update(r.failed)
        if r.failed:
            dropped[r.failed[0]] += 1
    return {"failed": dict(failed), "dropped": dict(dropped)}


def round_score(score: float | None) -> float | None:
    """Scores are stored to 4 decimals: enough to rank pairs, and the same bytes on every machine."""
    return None if score is None else round(float(score), 4)
