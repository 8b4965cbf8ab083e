"""The one dynamic-programming core of the sentence aligner: the cheapest chain of beads through a band.

Nodes, edges, band and penalties
--------------------------------
* **Nodes.** Node ``(i, j)`` means "the first ``i`` source and the first ``j`` target sentences are aligned".
  There are ``(n + 1) x (m + 1)`` of them (one more than sentences on each side: node ``(0, 0)`` is the start,
  ``(n, m)`` the end).
* **Edges are beads.** A bead of type ``(a, b)`` takes ``a`` source and ``b`` target sentences; it is the edge from
  node ``(i - a, j - b)`` to node ``(i, j)`` and covers source ``i-a .. i-1`` and target ``j-b .. j-1``. The bead
  types are ``1-0`` and ``0-1`` (a sentence with no counterpart, a *null* bead) and every ``a-b`` with ``a, b >= 1``
  and ``a + b <= max_size`` (default 4: 1-1, 1-2, 2-1, 2-2, 1-3, 3-1). Because every edge moves forward on both
  axes, any path from start to end keeps document order and puts every sentence in exactly one bead.
* **Band.** Only nodes inside a :class:`~lintas.translate.align.band.Band` are searched. Nodes are stored by
  anti-diagonal ``s = i + j``; a bead of ``a + b`` sentences jumps ``a + b`` anti-diagonals back, so all nodes of
  one anti-diagonal depend only on earlier ones and are computed together in a few vectorised numpy operations.
  A predecessor outside the band is the sentinel slot, whose cost is infinite.
* **Penalties.** The DP knows costs, not scorers: ``costs[t]`` holds, for bead type ``t`` and each band node, the
  cost of the bead of that type *ending* there (infinite where the bead does not fit). The caller folds every
  penalty into those numbers: the skip penalty of null beads, the prior of larger beads, the scorers' evidence.
  The path minimises the sum of its bead costs.

The result is a typed list of :class:`Bead` with each bead's score (``-cost``: higher is better), never the DP
tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lintas.translate.align.band import Band

#: Bead types that hold one sentence with no counterpart.
NULL_BEADS: tuple[tuple[int, int], ...] = ((1, 0), (0, 1))


def bead_types(max_size: int = 4) -> list[tuple[int, int]]:
    """The bead types searched: the two null beads, then every ``a-b`` with ``a, b >= 1`` and ``a + b <= max_size``.

    Raises:
        ValueError: ``max_size`` below 2 (1-1 beads would be impossible).
    """
    if max_size < 2:
        raise ValueError("max_size must be at least 2 (a 1-1 bead)")
    types = list(NULL_BEADS)
    for total in range(2, max_size + 1):
        for a in range(1, total):
            types.append((a, total - a))
    return types


@dataclass(frozen=True)
class Bead:
    """A group of consecutive source sentences aligned with a group of consecutive target sentences.

    Attributes:
        src: 0-based source sentence indices (empty for a ``0-1`` bead).
        tgt: 0-based target sentence indices (empty for a ``1-0`` bead).
        score: how good the bead is, higher is better (the negated cost the DP minimised).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def is_null(self) -> bool:
        """True when one side is empty (a sentence without counterpart)."""
        return not self.src or not self.tgt


@dataclass(frozen=True)
class DPResult:
    """The best path: beads in document order and its total cost."""

    beads: list[Bead]
    cost: float


def predecessors(band: Band, types: Sequence[tuple[int, int]]) -> np.ndarray:
    """Flat index of the start node of each bead type ending at each band node, shape ``(T, S * W)``.

    The sentinel index (``band.sentinel``) marks beads that would start outside the lattice or the band.
    """
    i, j, valid = band.nodes()
    out = np.empty((len(types), len(i)), dtype=np.int64)
    for t, (a, b) in enumerate(types):
        out[t] = np.where(valid, band.index(i - a, j - b), band.sentinel)
    return out


def band_dp(band: Band, types: Sequence[tuple[int, int]], costs: np.ndarray, pred: np.ndarray) -> DPResult:
    """Find the cheapest path from node ``(0, 0)`` to node ``(n, m)`` through ``band``.

    Args:
        band: the nodes searched; must contain ``(0, 0)`` and ``(n, m)``.
        types: bead types ``(a, b)``, in the order of ``costs``.
        costs: ``(T, S * W)`` cost of each bead type ending at each flat band node (``inf`` where not allowed).
        pred: ``(T, S * W)`` start node of each bead, from :func:`predecessors`.

    Returns:
        The beads of the best path, in document order.

    Raises:
        ValueError: no path exists inside the band (a caller bug: bands are built as connected corridors).
    """
    W = band.width
    S = band.n_diagonals
    widths = band.hi - band.lo
    total = np.full(band.size + 1, np.inf)
    choice = np.zeros(band.size, dtype=np.int8)
    start = band.index(np.array([0]), np.array([0]))[0]
    if start == band.sentinel:
        raise ValueError("the band does not contain the start node (0, 0)")
    total[start] = 0.0
    cols = np.arange(W)
    for s in range(1, S):
        base = s * W
        w = int(widths[s])
        cand = total[pred[:, base : base + w]] + costs[:, base : base + w]
        best = cand.argmin(axis=0)
        total[base : base + w] = cand[best, cols[:w]]
        choice[base : base + w] = best
    end = band.index(np.array([band.n]), np.array([band.m]))[0]
    if end == band.sentinel or not np.isfinite(total[end]):
        raise ValueError("no alignment path inside the band")
    beads: list[Bead] = []
    i, j, node = band.n, band.m, end
    while i > 0 or j > 0:
        t = int(choice[node])
        a, b = types[t]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), -float(costs[t, node])))
        i, j = i - a, j - b
        node = int(pred[t, node])
    beads.reverse()
    return DPResult(beads, float(total[end]))
