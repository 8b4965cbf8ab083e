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
from dataclasses import dataclass

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
    def around_rectangles(
        cls, n: int, m: int, rects: np.ndarray, margin: int
    ) -> Band:
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
        """Merge rows ``bounds[k]:bounds[k+1]`` into one row each (entries are concatenated; duplicates add up)."""
        return SparseRows(self.indptr[bounds], self.ids, self.values)

    def scale(self, factor: np.ndarray) -> SparseRows:
        """Multiply each entry by ``factor[id]`` (e.g. an IDF weight per concept)."""
        return SparseRows(self.indptr, self.ids, self.values * factor[self.ids])


def pair_dots(
    x: SparseRows, y: SparseRows, rows: np.ndarray, cols: np.ndarray, block: int = 32
) -> np.ndarray:
    """Dot products ``<x[rows[p]], y[cols[p]]>`` for many pairs, without ever building a full ``n x m`` matrix.

    Pairs are grouped into tiles of ``block`` rows by ``2 * block`` columns. Inside a tile, the entries of its
    rows and columns are joined on their concept ids (a sort, then every row entry times every column entry of
    the same concept) and summed per (row, column) cell with one ``bincount``. A band touches O(n + m) tiles, so
    the cost grows close to linearly with the document length. Pure numpy, no BLAS: tiny matrix products on a
    busy machine spend more time in BLAS thread start-up than in arithmetic.

    Args:
        x: row vectors.
        y: column vectors.
        rows: row index of each pair.
        cols: column index of each pair.
        block: rows per tile.

    Returns:
        float64 array, one dot product per pair.
    """
    out = np.zeros(len(rows), dtype=np.float64)
    if len(rows) == 0 or len(x.ids) == 0 or len(y.ids) == 0:
        return out
    cblock = 2 * block
    n_cb = len(y) // cblock + 1
    tile = (rows // block) * n_cb + cols // cblock
    order = np.argsort(tile, kind="stable")
    tiles, starts = np.unique(tile[order], return_index=True)
    bounds = np.append(starts, len(order))
    for t, a, b in zip(tiles.tolist(), bounds[:-1].tolist(), bounds[1:].tolist()):
        r0 = (t // n_cb) * block
        c0 = (t % n_cb) * cblock
        r1, c1 = min(len(x), r0 + block), min(len(y), c0 + cblock)
        cells = _tile_dots(x, y, r0, r1, c0, c1)
        if cells is None:
            continue
        sel = order[a:b]
        out[sel] = cells[(rows[sel] - r0) * (c1 - c0) + cols[sel] - c0]
    return out


def _side(rows: SparseRows, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries of rows ``r0:r1`` sorted by concept id: ``(ids, local row, value)``."""
    a, b = rows.indptr[r0], rows.indptr[r1]
    ids = rows.ids[a:b]
    local = np.repeat(np.arange(r1 - r0), np.diff(rows.indptr[r0 : r1 + 1]))
    order = np.argsort(ids, kind="stable")
    return ids[order], local[order], rows.values[a:b][order]


def _tile_dots(x: SparseRows, y: SparseRows, r0: int, r1: int, c0: int, c1: int) -> np.ndarray | None:
    """All dot products of rows ``r0:r1`` of ``x`` with rows ``c0:c1`` of ``y``, flat row-major; None if all 0."""
    xi, xr, xv = _side(x, r0, r1)
    yi, yr, yv = _side(y, c0, c1)
    if len(xi) == 0 or len(yi) == 0:
        return None
    shared, x_first, x_count = np.unique(xi, return_index=True, return_counts=True)
    y_first = np.searchsorted(yi, shared, side="left")
    y_count = np.searchsorted(yi, shared, side="right") - y_first
    keep = y_count > 0
    if not keep.any():
        return None
    x_first, x_count, y_first, y_count = x_first[keep], x_count[keep], y_first[keep], y_count[keep]
    combos = x_count * y_count
    total = int(combos.sum())
    concept = np.repeat(np.arange(len(combos)), combos)
    offset = np.arange(total) - np.repeat(np.cumsum(combos) - combos, combos)
    ycnt = y_count[concept]
    xe = x_first[concept] + offset // ycnt
    ye = y_first[concept] + offset % ycnt
    width = c1 - c0
    return np.bincount(xr[xe] * width + yr[ye], weights=xv[xe] * yv[ye], minlength=(r1 - r0) * width)
