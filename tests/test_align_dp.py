"""The banded DP core and its band geometry, against a brute-force reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintas.translate.align.band import Band, SparseRows, band_cross, offset_dots
from lintas.translate.align.dp import band_dp, bead_types, predecessors


def reference_dp(cost: dict[tuple[int, int, int, int], float], n: int, m: int, types) -> float:
    """Plain O(n m) DP over a dict of bead costs keyed (i, j, a, b): the textbook recurrence."""
    best = np.full((n + 1, m + 1), np.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in types:
                if i >= a and j >= b and (i, j) != (0, 0):
                    best[i, j] = min(best[i, j], best[i - a, j - b] + cost[(i, j, a, b)])
    return float(best[n, m])


def random_costs(rng: np.random.Generator, band: Band, types):
    i, j, valid = band.nodes()
    costs = rng.uniform(0.0, 5.0, size=(len(types), band.size))
    pred = predecessors(band, types)
    costs[pred == band.sentinel] = np.inf
    table = {}
    for t, (a, b) in enumerate(types):
        for k in np.flatnonzero(valid):
            table[(int(i[k]), int(j[k]), a, b)] = float(costs[t, k])
    return costs, pred, table


def test_bead_types_default_list():
    assert bead_types(4) == [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1)]
    assert (2, 3) in bead_types(5) and (1, 4) in bead_types(5)
    with pytest.raises(ValueError):
        bead_types(1)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 7), m=st.integers(0, 7), seed=st.integers(0, 2**16), max_bead=st.integers(2, 5))
def test_full_band_matches_reference(n, m, seed, max_bead):
    if n == m == 0:
        return
    types = bead_types(max_bead)
    band = Band.full(n, m)
    costs, pred, table = random_costs(np.random.default_rng(seed), band, types)
    result = band_dp(band, types, costs, pred)
    assert result.cost == pytest.approx(reference_dp(table, n, m, types))
    # The beads' scores are the negated costs and add up to the total.
    assert -sum(b.score for b in result.beads) == pytest.approx(result.cost)
    src = [i for b in result.beads for i in b.src]
    tgt = [j for b in result.beads for j in b.tgt]
    assert src == list(range(n)) and tgt == list(range(m))
    assert all(len(b.src) + len(b.tgt) <= max_bead for b in result.beads)


def test_dp_follows_cheap_path_and_skips():
    """Costs that make 1-1 cheap except for a 2-1 and a 0-1 in the middle: the DP must find exactly those."""
    types = bead_types(4)
    n, m = 4, 4
    band = Band.full(n, m)
    i, j, valid = band.nodes()
    pred = predecessors(band, types)
    costs = np.full((len(types), band.size), 10.0)
    want = {(1, 1, 1, 1), (3, 2, 2, 1), (3, 3, 0, 1), (4, 4, 1, 1)}
    for t, (a, b) in enumerate(types):
        for k in np.flatnonzero(valid):
            if (int(i[k]), int(j[k]), a, b) in want:
                costs[t, k] = 0.5
    costs[pred == band.sentinel] = np.inf
    beads = band_dp(band, types, costs, pred).beads
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]


def test_narrow_band_restricts_search_but_keeps_a_path():
    types = bead_types(4)
    rects = np.array([[0, 10, 0, 10]])
    band = Band.around_rectangles(10, 10, rects, margin=0)
    assert band.index(np.array([0]), np.array([0]))[0] != band.sentinel
    # A node off the rectangle's diagonal corridor of width 0 is outside... the rectangle covers everything here.
    narrow = Band.around_rectangles(20, 20, np.array([[k, k + 1, k, k + 1] for k in range(20)]), margin=1)
    assert narrow.width <= 4
    assert narrow.index(np.array([15]), np.array([2]))[0] == narrow.sentinel
    costs, pred, table = random_costs(np.random.default_rng(3), narrow, types)
    result = band_dp(narrow, types, costs, pred)
    assert [i for b in result.beads for i in b.src] == list(range(20))
    # Every node the path visits is inside the band.
    i = j = 0
    for b in result.beads:
        i, j = i + len(b.src), j + len(b.tgt)
        assert narrow.index(np.array([i]), np.array([j]))[0] != narrow.sentinel


def test_band_around_rectangles_covers_them():
    rects = np.array([[0, 2, 0, 5], [2, 6, 5, 6], [6, 9, 6, 12]])
    band = Band.around_rectangles(9, 12, rects, margin=0)
    for r0, r1, c0, c1 in rects:
        ii, jj = np.meshgrid(np.arange(r0, r1 + 1), np.arange(c0, c1 + 1))
        assert (band.index(ii.ravel(), jj.ravel()) != band.sentinel).all()


def _random_rows(rng, n, vocab=12, density=0.3) -> tuple[SparseRows, np.ndarray]:
    dense = rng.uniform(0, 1, (n, vocab)) * (rng.uniform(0, 1, (n, vocab)) < density)
    rows = [[(k, float(dense[r, k])) for k in np.flatnonzero(dense[r])] for r in range(n)]
    return SparseRows.from_lists(rows), dense


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_band_cross_and_offset_dots_match_dense(seed):
    rng = np.random.default_rng(seed)
    x, dx = _random_rows(rng, 9)
    y, dy = _random_rows(rng, 11)
    full = dx @ dy.T
    band = Band.full(9, 11)
    cell = band_cross(x, y, band)
    i, j, valid = band.nodes()
    ok = valid & (i >= 1) & (j >= 1)
    np.testing.assert_allclose(cell[np.flatnonzero(ok)], full[i[ok] - 1, j[ok] - 1])
    for d in range(3):
        np.testing.assert_allclose(offset_dots(x, d), (dx[: 9 - d] * dx[d:]).sum(axis=1))


def test_coarsen_sums_rows():
    rng = np.random.default_rng(5)
    x, dx = _random_rows(rng, 7)
    bounds = np.array([0, 2, 4, 6, 7])
    merged = x.coarsen(bounds)
    for k in range(4):
        got = np.zeros(dx.shape[1])
        a, b = merged.indptr[k], merged.indptr[k + 1]
        np.add.at(got, merged.ids[a:b], merged.values[a:b])
        np.testing.assert_allclose(got, dx[bounds[k] : bounds[k + 1]].sum(axis=0))
