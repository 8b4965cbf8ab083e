"""The aligner's scoring protocol, and what its scorers share.

A :class:`Scorer` turns a document pair into :class:`Features` once (:meth:`Scorer.prepare`); features are then
asked for the cost of every bead type at every node of a search band (:meth:`Features.bead_costs`). The aligner
adds the costs of all scorers, so each cost is in the same currency: roughly nats of evidence, where 0 means "no
opinion", positive "unlikely to be a translation", negative "strong evidence that it is". Null beads (1-0, 0-1)
are not scored here; they cost the aligner's skip penalty.

Features of consecutive sentences add up (lengths add, bag-of-words vectors add), so the same features, merged by
:meth:`Features.coarsen`, score the blocks of the coarse-to-fine search.

Besides the two base classes: :class:`ParagraphFeatures` (paragraph boundaries, built by the aligner itself), and
the helpers the scorers of :mod:`lintas.translate.align.scorers` and :mod:`lintas.translate.align.anchors` build
their features with: sums over spans and blocks of sentences (:func:`span_sums`, :func:`block_sums`), a
vocabulary (:class:`Vocab`), sparse bags of ids (:func:`bag_rows`) and per-document IDF (:func:`sentence_idf`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from lintas.translate.align.band import BandNodes, SparseRows


def span_sums(prefix: np.ndarray, end: np.ndarray, size: int) -> np.ndarray:
    """Sum of ``size`` consecutive items ending before ``end``, from a prefix-sum array (0 where it does not fit)."""
    start = np.clip(end - size, 0, len(prefix) - 1)
    return prefix[np.clip(end, 0, len(prefix) - 1)] - prefix[start]


def block_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sum of each block ``values[bounds[k]:bounds[k + 1]]`` (per-sentence values of merged blocks)."""
    prefix = np.concatenate([[0.0], np.cumsum(values)])
    return prefix[bounds[1:]] - prefix[bounds[:-1]]


class Features(ABC):
    """What a scorer knows about one document pair at one resolution."""

    @abstractmethod
    def coarsen(self, src_bounds: np.ndarray, tgt_bounds: np.ndarray) -> Features:
        """Features of blocks: block ``k`` merges sentences ``bounds[k]:bounds[k+1]`` of each side."""

    @abstractmethod
    def bead_costs(self, nodes: BandNodes, types: Sequence[tuple[int, int]]) -> np.ndarray:
        """``(T, S * W)`` costs of each bead type ending at each band node (null types: 0)."""

    def refit(self, beads: Sequence[tuple[range, range]]) -> bool:
        """Re-estimate document-level parameters from a first alignment (sentence-level ranges of each bead).

        Returns:
            True when a parameter changed enough to make a second search worthwhile. Default: no parameters.
        """
        return False


class Scorer(ABC):
    """A source of evidence about beads, weighted into the aligner's total cost.

    Attributes:
        weight: multiplier of this scorer's cost in the total.
    """

    name: ClassVar[str]
    #: Default weight; tuned on FLORES dev and TICO-19 dev synthetic documents (never on the evaluation sets).
    WEIGHT: ClassVar[float] = 1.0

    def __init__(self, weight: float | None = None) -> None:
        self.weight = self.WEIGHT if weight is None else float(weight)

    @abstractmethod
    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> Features:
        """Compute features of a document pair (source sentences, target sentences)."""


class ParagraphFeatures(Features):
    """Paragraph boundaries: a bead that joins sentences of two paragraphs pays ``penalty`` per boundary.

    Translators split and join sentences inside a paragraph all the time, across paragraphs almost never; a
    byline, a caption or a subhead is a paragraph of its own, so this keeps them from being glued to the text
    next to them. Built by the aligner when the sentences come with paragraph numbers (documents segmented by
    the project segmenter); presplit input has none and pays nothing.
    """

    def __init__(self, penalty: float, src_starts: np.ndarray, tgt_starts: np.ndarray) -> None:
        self.penalty = penalty
        self.src_starts = src_starts  # 1.0 where a sentence (or block) starts a new paragraph
        self.tgt_starts = tgt_starts

    @classmethod
    def from_numbers(cls, penalty: float, src: Sequence[int], tgt: Sequence[int]) -> ParagraphFeatures:
        def starts(numbers: Sequence[int]) -> np.ndarray:
            arr = np.asarray(numbers, dtype=np.int64)
            return (
                np.concatenate([[0.0], (arr[1:] != arr[:-1]).astype(np.float64)]) if len(arr) else np.zeros(0)
            )

        return cls(penalty, starts(src), starts(tgt))

    def coarsen(self, src_bounds: np.ndarray, tgt_bounds: np.ndarray) -> ParagraphFeatures:
        # A block starts a paragraph when its first sentence does; boundaries inside a block are not visible.
        return ParagraphFeatures(
            self.penalty, self.src_starts[src_bounds[:-1]], self.tgt_starts[tgt_bounds[:-1]]
        )

    def bead_costs(self, nodes: BandNodes, types: Sequence[tuple[int, int]]) -> np.ndarray:
        ps = np.concatenate([[0.0], np.cumsum(self.src_starts)])
        pt = np.concatenate([[0.0], np.cumsum(self.tgt_starts)])
        out = np.zeros((len(types), len(nodes.i)))
        for t, (a, b) in enumerate(types):
            inside = np.zeros(len(nodes.i))
            if a > 1:
                inside += span_sums(ps, nodes.i, a - 1)  # starts of sentences i-a+1 .. i-1
            if b > 1:
                inside += span_sums(pt, nodes.j, b - 1)
            out[t] = self.penalty * inside
        return out


class Vocab(dict):
    """Ids of strings, in the order they are first seen: :meth:`id` gives an unseen key the next id."""

    def id(self, key: str) -> int:
        v = self.get(key)
        if v is None:
            v = self[key] = len(self)
        return v


def sentence_idf(src: SparseRows, tgt: SparseRows, size: int) -> np.ndarray:
    """Per-document inverse sentence frequency: ``log((N + 1) / (df + 0.5))`` over both sides' sentences."""
    df = np.zeros(size)
    for rows in (src, tgt):
        row_of = np.repeat(np.arange(len(rows)), np.diff(rows.indptr))
        pairs = np.unique(row_of * size + rows.ids)
        df += np.bincount(pairs % size, minlength=size)
    n = len(src) + len(tgt)
    return np.log((n + 1.0) / (df + 0.5))


def bag_rows(ids: Sequence[Sequence[int]], values: Sequence[Sequence[float]]) -> SparseRows:
    """Sparse rows from per-row id and value lists, repeated ids within a row summed."""
    lengths = np.array([len(r) for r in ids], dtype=np.int64)
    row = np.repeat(np.arange(len(ids)), lengths)
    flat_ids = np.fromiter((k for r in ids for k in r), dtype=np.int64, count=int(lengths.sum()))
    flat_vals = np.fromiter((v for r in values for v in r), dtype=np.float64, count=int(lengths.sum()))
    stride = int(flat_ids.max()) + 1 if len(flat_ids) else 1
    keys, inverse = np.unique(row * stride + flat_ids, return_inverse=True)
    summed = np.bincount(inverse, weights=flat_vals, minlength=len(keys))
    indptr = np.searchsorted(keys // stride, np.arange(len(ids) + 1), side="left")
    return SparseRows(indptr, keys % stride, summed)
