"""The search band of the alignment DP, stored by anti-diagonal, and sparse sentence vectors scored inside it.

A *node* ``(i, j)`` of the alignment lattice means "the first ``i`` source and ``j`` target sentences are aligned";
a bead of ``a`` source and ``b`` target sentences is an edge from node ``(i-a, j-b)`` to node ``(i, j)``. Nodes are
stored by anti-diagonal ``s = i + j`` (vecalign stores ``a = x + y`` the same way): every edge goes from a lower
anti-diagonal to a higher one, so the DP can fill a whole anti-diagonal with one vectorised step, and a band that
follows a path of any slope, even a long run of deletions on one side, stays narrow on every anti-diagonal.

:class:`Band` keeps, for each anti-diagonal ``s``, a contiguous range of source positions ``lo[s] <= i < hi[s]``;
node ``(s, k)`` is ``i = lo[s] + k``. Arrays over the band have shape ``(S, W)`` (``S = n + m + 1`` anti-diagonals,
``W`` the widest range); flat index ``s * W + k``; one extra *sentinel* slot at index ``S * W`` stands for every
node outside the band.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Band:
    """A band of DP nodes: source positions ``lo[s] <= i < hi[s]`` on anti-diagonal ``s``.

    Attributes:
        n: number of source sentences.
        m: number of target sentences.
        lo: first source position on each anti-diagonal, shape ``(n + m + 1,)``.
        hi: one past the last source position on each anti-diagonal.
    """

    n: int
    m: int
    lo: np.ndarray
    hi: np.ndarray

    @property
    def n_diagonals(self) -> int:
        return self.n + self.m + 1

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max())

    @property
    def size(self) -> int:
        """Number of flat slots, not counting the sentinel."""
        return self.n_diagonals * self.width

    @property
    def sentinel(self) -> int:
        return self.size

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        """Every node of the ``(n+1) x (m+1)`` lattice: exact search, for small documents and coarse levels."""
        s = np.arange(n + m + 1)
        return cls(n, m, np.maximum(0, s - m), np.minimum(n, s) + 1)

    @classmethod
    def around_rectangles(cls, n: int, m: int, rects: np.ndarray, margin: int) -> Band:
        """The nodes covered by ``rects`` (rows ``[r0, r1]`` x columns ``[c0, c1]``, inclusive), widened by ``margin``.

        Coarse-to-fine search projects each coarse bead to the rectangle of fine nodes it spans; the union of those
        rectangles is a corridor from ``(0, 0)`` to ``(n, m)``, and ``margin`` extra positions on each side of every
        anti-diagonal let the fine search move sentence boundaries the coarse level could not see.

        Args:
            n: source sentences at this level.
            m: target sentences.
            rects: integer array ``(k, 4)`` of ``r0, r1, c0, c1``.
            margin: extra nodes on each side, measured along the anti-diagonal.
        """
        S = n + m + 1
        lo = np.full(S, n + 1, dtype=np.int64)
        hi = np.full(S, -1, dtype=np.int64)
        r0, r1, c0, c1 = (rects[:, k].astype(np.int64) for k in range(4))
        # Anti-diagonals s in [r0 + c0, r1 + c1] cross rectangle k at rows max(r0, s - c1) .. min(r1, s - c0).
        spans = (r1 + c1) - (r0 + c0) + 1
        rect_of = np.repeat(np.arange(len(rects)), spans)
        first = np.repeat(r0 + c0, spans)
        offsets = np.arange(len(rect_of)) - np.repeat(np.cumsum(spans) - spans, spans)
        s = first + offsets
        rows_lo = np.maximum(r0[rect_of], s - c1[rect_of])
        rows_hi = np.minimum(r1[rect_of], s - c0[rect_of])
        np.minimum.at(lo, s, rows_lo)
        np.maximum.at(hi, s, rows_hi)
        diag = np.arange(S)
        valid_lo = np.maximum(0, diag - m)
        valid_hi = np.minimum(n, diag)
        empty = hi < lo
        # A diagonal no rectangle touches (cannot happen for a connected corridor) falls back to the main diagonal.
        centre = np.clip(np.round(diag * n / max(1, n + m)).astype(np.int64), valid_lo, valid_hi)
        lo = np.where(empty, centre, lo)
        hi = np.where(empty, centre, hi)
        lo = np.clip(lo - margin, valid_lo, valid_hi)
        hi = np.clip(hi + margin, valid_lo, valid_hi) + 1
        return cls(n, m, lo, hi)

    def nodes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Node coordinates over the flat band: ``(i, j, valid)``, each of shape ``(S * W,)``."""
        W = self.width
        s = np.repeat(np.arange(self.n_diagonals), W)
        k = np.tile(np.arange(W), self.n_diagonals)
        i = np.repeat(self.lo, W) + k
        valid = k < np.repeat(self.hi - self.lo, W)
        return i, s - i, valid

    def index(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Flat index of nodes ``(i, j)``; the sentinel for nodes outside the lattice or the band."""
        s = i + j
        inside = (i >= 0) & (j >= 0) & (i <= self.n) & (j <= self.m)
        sc = np.where(inside, s, 0)
        k = i - self.lo[sc]
        inside &= (k >= 0) & (i < self.hi[sc])
        return np.where(inside, sc * self.width + k, self.sentinel)


@dataclass
class BandNodes:
    """The nodes of one band, shared by all scorers of a level: coordinates and cached index arrays."""

    band: Band
    i: np.ndarray
    j: np.ndarray
    valid: np.ndarray
    _shifted: dict[tuple[int, int], np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, band: Band) -> BandNodes:
        i, j, valid = band.nodes()
        return cls(band, i, j, valid)

    def shifted(self, p: int, q: int) -> np.ndarray:
        """Flat index of node ``(i - p, j - q)`` for every node (the sentinel when outside the band)."""
        key = (p, q)
        if key not in self._shifted:
            self._shifted[key] = self.band.index(self.i - p, self.j - q)
        return self._shifted[key]

    def span_sum(self, cell: np.ndarray, a: int, b: int) -> np.ndarray:
        """Sum of a per-node quantity over the ``a x b`` sentence pairs of the bead ending at each node.

        ``cell`` holds, at node ``(i, j)``, a value for the sentence pair ``(i-1, j-1)`` (and 0 at the sentinel);
        the bead ending at ``(i, j)`` covers pairs ``(i-1-p, j-1-q)`` for ``p < a``, ``q < b``. Pairs outside the
        band count as 0.
        """
        total = cell[self.shifted(0, 0)].copy()
        for p in range(a):
            for q in range(b):
                if p or q:
                    total += cell[self.shifted(p, q)]
        return total


class SparseRows:
    """One sparse vector per sentence (CSR layout): ``ids[indptr[r]:indptr[r+1]]`` with their ``values``.

    Vectors of consecutive sentences add up to the vector of their concatenation, which is what lets a bag-of-words
    scorer score 2-1 and 1-3 beads, and coarse blocks of sentences, from sentence-level vectors alone.
    """

    def __init__(self, indptr: np.ndarray, ids: np.ndarray, values: np.ndarray) -> None:
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.ids = np.asarray(ids, dtype=np.int64)
        self.values = np.asarray(values, dtype=np.float64)

    @classmethod
    def from_lists(cls, rows: Sequence[Sequence[tuple[int, float]]]) -> SparseRows:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        ids = np.fromiter((c for r in rows for c, _ in r), dtype=np.int64, count=int(indptr[-1]))
        values = np.fromiter((v for r in rows for _, v in r), dtype=np.float64, count=int(indptr[-1]))
        return cls(indptr, ids, values)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row_sums(self) -> np.ndarray:
        """Sum of each vector's values (e.g. the mass of a sentence's n-grams)."""
        return np.add.reduceat(np.append(self.values, 0.0), self.indptr[:-1]) * (np.diff(self.indptr) > 0)

    def coarsen(self, bounds: np.ndarray) -> SparseRows:
        """Merge rows ``bounds[k]:bounds[k+1]`` into one row each (the vector of a block is the sum of its rows)."""
        block = np.repeat(np.arange(len(bounds) - 1), np.diff(self.indptr[bounds]))
        span = self.ids[self.indptr[bounds[0]] : self.indptr[bounds[-1]]]
        vals = self.values[self.indptr[bounds[0]] : self.indptr[bounds[-1]]]
        stride = int(self.ids.max()) + 1 if len(self.ids) else 1
        keys, inverse = np.unique(block * stride + span, return_inverse=True)
        summed = np.bincount(inverse, weights=vals, minlength=len(keys))
        indptr = np.searchsorted(keys // stride, np.arange(len(bounds)), side="left")
        return SparseRows(indptr, keys % stride, summed)

    def scale(self, factor: np.ndarray) -> SparseRows:
        """Multiply each entry by ``factor[id]`` (e.g. an IDF weight per concept)."""
        return SparseRows(self.indptr, self.ids, self.values * factor[self.ids])


#: Most (row entry, column entry) matches joined at once; bounds the join's temporary memory (~100 MB).
_JOIN_CHUNK = 2_000_000


def _join(x: SparseRows, y: SparseRows, col_lo: np.ndarray, col_hi: np.ndarray):
    """Yield ``(row, col, product)`` for every entry of ``x[row]`` and entry of ``y[col]`` with the same concept,
    for the columns ``col_lo[row] <= col <= col_hi[row]`` only.

    ``y``'s entries are sorted once by (concept, column); each entry of ``x`` then finds its matching range with
    two binary searches, so the work is proportional to the number of matches inside the allowed columns, never
    to ``n x m``.
    """
    if len(x.ids) == 0 or len(y.ids) == 0:
        return
    # x entries in concept order: the binary searches below then walk y's sorted keys in order (cache friendly).
    xorder = np.argsort(x.ids, kind="stable")
    xr = np.repeat(np.arange(len(x)), np.diff(x.indptr))[xorder]
    xids, xvals = x.ids[xorder], x.values[xorder]
    yc = np.repeat(np.arange(len(y)), np.diff(y.indptr))
    stride = len(y) + 1
    ykey = y.ids * stride + yc
    order = np.argsort(ykey, kind="stable")
    ykey, yc, yw = ykey[order], yc[order], y.values[order]
    base = xids * stride
    lo = np.searchsorted(ykey, base + col_lo[xr], side="left")
    hi = np.searchsorted(ykey, base + col_hi[xr], side="right")
    counts = np.maximum(hi - lo, 0)
    ends = np.cumsum(counts)
    start = 0
    while start < len(counts):
        # Take x entries until about _JOIN_CHUNK matches are gathered (at least one entry).
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + _JOIN_CHUNK, side="right")))
        cnt = counts[start:stop]
        total = int(cnt.sum())
        if total:
            xe = np.repeat(np.arange(start, stop), cnt)
            offset = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
            ye = lo[xe] + offset
            yield xr[xe], yc[ye], xvals[xe] * yw[ye]
        start = stop


def band_cross(x: SparseRows, y: SparseRows, band: Band) -> np.ndarray:
    """``<x[i-1], y[j-1]>`` at every node ``(i, j)`` of ``band`` (flat layout, sentinel slot 0).

    Only the sentence pairs the band can use are computed: cost grows with the band, close to linearly with the
    document length.
    """
    i, j, valid = band.nodes()
    ok = valid & (i >= 1) & (j >= 1)
    n = len(x)
    col_lo = np.full(n, len(y), dtype=np.int64)
    col_hi = np.full(n, -1, dtype=np.int64)
    np.minimum.at(col_lo, i[ok] - 1, j[ok] - 1)
    np.maximum.at(col_hi, i[ok] - 1, j[ok] - 1)
    cell = np.zeros(band.size + 1)
    for r, c, v in _join(x, y, col_lo, col_hi):
        cell += np.bincount(band.index(r + 1, c + 1), weights=v, minlength=band.size + 1)
    cell[band.sentinel] = 0.0
    return cell


def offset_dots(x: SparseRows, d: int) -> np.ndarray:
    """``<x[r], x[r + d]>`` for ``r = 0 .. len(x) - d - 1`` (used for the norms of multi-sentence spans)."""
    n = len(x) - d
    if n <= 0:
        return np.zeros(0)
    r = np.arange(len(x))
    lo = np.where(r < n, r + d, len(x))
    out = np.zeros(n)
    for rr, _, v in _join(x, x, lo, lo):
        out += np.bincount(rr, weights=v, minlength=n)
    return out
