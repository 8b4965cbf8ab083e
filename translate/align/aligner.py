"""Sentence alignment of a document pair: scorers + one banded DP, searched coarse to fine.

:class:`Aligner` ties the pieces together. Small documents are searched exhaustively. Larger ones are searched
like vecalign does: both sides are merged into blocks of 2, 4, 8... sentences until the block lattice is small, the
blocks are aligned exactly, and each finer level searches only a band around the coarser path (plus a margin).
Every level uses the same scorers, because their features add up over merged sentences. Work and memory grow
about linearly with document length: two 10,000-sentence documents align in seconds (``bench/align_speed.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lintas.translate.align.anchors import AnchorScorer
from lintas.translate.align.band import Band, BandNodes
from lintas.translate.align.dp import Bead, band_dp, bead_types, predecessors
from lintas.translate.align.lexicon import Lexicon, load_lexicon
from lintas.translate.align.scorers import LengthScorer, LexicalScorer
from lintas.translate.align.scoring import Features, ParagraphFeatures, Scorer
from lintas.translate.checks import text_list

logger = logging.getLogger("lintas")


@dataclass(frozen=True)
class AlignerConfig:
    """Search settings. Defaults were tuned on FLORES dev and TICO-19 dev synthetic documents.

    Attributes:
        max_bead: most sentences in one bead, both sides together (4 allows 1-3, 3-1 and 2-2).
        skip: cost of a sentence left without counterpart (a 1-0 or 0-1 bead).
        merge: cost of each sentence a bead holds beyond a 1-1 bead (2-1 pays once, 2-2 twice).
        paragraph: cost of each paragraph boundary inside a bead (when paragraph numbers are given).
        margin: nodes searched on each side of the coarse path, along each anti-diagonal.
        exact_cells: documents whose lattice has at most this many nodes are searched exhaustively.
    """

    max_bead: int = 4
    skip: float = 5.0
    merge: float = 4.0
    paragraph: float = 3.0
    margin: int = 8
    exact_cells: int = 40_000


@dataclass(frozen=True)
class Alignment:
    """The beads of one document pair in document order; every sentence of each side is in exactly one bead."""

    beads: list[Bead]
    src: list[str]
    tgt: list[str]
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def pairs(self, *, include_null: bool = False) -> list[tuple[str, str, float]]:
        """``(source text, target text, score)`` per bead, sentences of a side joined by a space."""
        out = []
        for bead in self.beads:
            if bead.is_null and not include_null:
                continue
            src = " ".join(self.src[i] for i in bead.src)
            tgt = " ".join(self.tgt[j] for j in bead.tgt)
            out.append((src, tgt, bead.score))
        return out


def _blocks(n: int) -> np.ndarray:
    """Bounds merging ``n`` items pairwise: ``[0, 2, 4, ..., n]``."""
    return np.unique(np.append(np.arange(0, n, 2), n))


class Aligner:
    """Align the sentences of a document with those of its translation.

    Example:
        >>> aligner = Aligner()                        # doctest: +SKIP
        >>> result = aligner.align(id_sentences, en_sentences)
        >>> [(b.src, b.tgt) for b in result.beads]
        [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ...]

    Args:
        scorers: the evidence to combine; by default length + lexicon + anchors (:meth:`default_scorers`).
        config: search settings.
    """

    def __init__(self, scorers: Sequence[Scorer] | None = None, config: AlignerConfig | None = None) -> None:
        self.config = config or AlignerConfig()
        self.scorers = list(scorers) if scorers is not None else self.default_scorers()
        self.types = bead_types(self.config.max_bead)

    @staticmethod
    def default_scorers(lexicon: Lexicon | None | str = "default") -> list[Scorer]:
        """Offline scorers: Gale-Church length, the shipped (or given) lexicon, and lexicon-free anchors."""
        lex = load_lexicon() if lexicon == "default" else lexicon
        scorers: list[Scorer] = [LengthScorer.from_lexicon(lex if isinstance(lex, Lexicon) else None)]
        if isinstance(lex, Lexicon):
            scorers.append(LexicalScorer(lex))
        scorers.append(AnchorScorer())
        return scorers

    # --------------------------------------------------------------------------------------------------- search
    def _costs(self, feats: Sequence[Features], band: Band) -> tuple[np.ndarray, np.ndarray]:
        nodes = BandNodes.of(band)
        pred = predecessors(band, self.types)
        costs = np.zeros((len(self.types), band.size))
        for f in feats:
            costs += f.bead_costs(nodes, self.types)
        for t, (a, b) in enumerate(self.types):
            costs[t] += self.config.skip if a == 0 or b == 0 else self.config.merge * (a + b - 2)
        costs[pred == band.sentinel] = np.inf
        return costs, pred

    def _search(self, feats: Sequence[Features], band: Band) -> list[Bead]:
        costs, pred = self._costs(feats, band)
        return band_dp(band, self.types, costs, pred).beads

    def align(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        *,
        src_paragraphs: Sequence[int] | None = None,
        tgt_paragraphs: Sequence[int] | None = None,
    ) -> Alignment:
        """Align source sentences with target sentences.

        Args:
            src: Indonesian sentences of one document, in order.
            tgt: English sentences of its counterpart, in order.
            src_paragraphs: paragraph number of each source sentence (optional): beads then prefer not to join
                sentences of different paragraphs (``AlignerConfig.paragraph``).
            tgt_paragraphs: the same for the target sentences.

        Returns:
            The beads, each with a score (higher is better); null beads included.
        """
        src, tgt = text_list(src, "src"), text_list(tgt, "tgt")
        n, m = len(src), len(tgt)
        timings: dict[str, float] = {}
        if n == 0 or m == 0:
            skip = -self.config.skip
            beads = [Bead((i,), (), skip) for i in range(n)] + [Bead((), (j,), skip) for j in range(m)]
            return Alignment(beads, src, tgt, timings)
        t0 = time.perf_counter()
        for name, numbers, size in (
            ("src_paragraphs", src_paragraphs, n),
            ("tgt_paragraphs", tgt_paragraphs, m),
        ):
            if numbers is not None and len(numbers) != size:
                raise ValueError(f"{name} has {len(numbers)} numbers for {size} sentences")
        fine = [s.prepare(src, tgt) for s in self.scorers]
        if (src_paragraphs is not None or tgt_paragraphs is not None) and self.config.paragraph:
            fine.append(
                ParagraphFeatures.from_numbers(
                    self.config.paragraph,
                    src_paragraphs if src_paragraphs is not None else [0] * n,
                    tgt_paragraphs if tgt_paragraphs is not None else [0] * m,
                )
            )
        timings["features"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        # Pyramid of resolutions: level 0 is sentences, level k merges 2**k sentences per block.
        levels: list[tuple[list[Features], np.ndarray, np.ndarray]] = [
            (fine, np.arange(n + 1), np.arange(m + 1))
        ]
        while levels[-1][1].size * levels[-1][2].size > self.config.exact_cells:
            feats, sb, tb = levels[-1]
            bs, bt = _blocks(len(sb) - 1), _blocks(len(tb) - 1)
            levels.append(([f.coarsen(bs, bt) for f in feats], sb[bs], tb[bt]))
        top_feats, top_sb, top_tb = levels[-1]
        beads = self._search(top_feats, Band.full(len(top_sb) - 1, len(top_tb) - 1))
        if len(levels) > 1:
            # Re-estimate document parameters (the length ratio) from the coarse path, in sentence units.
            _refit(fine, beads, top_sb, top_tb)
        for level in range(len(levels) - 2, -1, -1):
            feats, sb, tb = levels[level]
            # Where the coarser level's block boundaries fall at this level.
            s_at = np.searchsorted(sb, levels[level + 1][1])
            t_at = np.searchsorted(tb, levels[level + 1][2])
            beads = self._search(
                feats, _band_around(beads, s_at, t_at, len(sb) - 1, len(tb) - 1, self.config.margin)
            )
        timings["search"] = time.perf_counter() - t0
        if _refit(fine, beads, np.arange(n + 1), np.arange(m + 1)):
            # The first alignment moved a document parameter: search the sentences again around its path.
            t0 = time.perf_counter()
            ident_s, ident_t = np.arange(n + 1), np.arange(m + 1)
            band = (
                Band.full(n, m)
                if len(levels) == 1
                else _band_around(beads, ident_s, ident_t, n, m, self.config.margin)
            )
            beads = self._search(fine, band)
            timings["second_search"] = time.perf_counter() - t0
        logger.debug("aligned %d x %d sentences in %d levels: %s", n, m, len(levels), timings)
        return Alignment(beads, src, tgt, timings)


def _refit(feats: Sequence[Features], beads: Sequence[Bead], sb: np.ndarray, tb: np.ndarray) -> bool:
    """Let every scorer re-estimate its document parameters from beads over blocks with bounds ``sb``/``tb``."""
    ranges = [
        (range(sb[b.src[0]], sb[b.src[-1] + 1]) if b.src else range(0),
         range(tb[b.tgt[0]], tb[b.tgt[-1] + 1]) if b.tgt else range(0))
        for b in beads
    ]  # fmt: skip
    changed = [f.refit(ranges) for f in feats]
    return any(changed)


def _band_around(
    beads: Sequence[Bead], s_at: np.ndarray, t_at: np.ndarray, n: int, m: int, margin: int
) -> Band:
    """The band around a path: each bead spans the rectangle of nodes from its start to its end node.

    ``s_at``/``t_at`` map the path's node positions to positions at the level being searched, which has ``n``
    source and ``m`` target units.
    """
    sizes = np.array([(len(b.src), len(b.tgt)) for b in beads], dtype=np.int64).reshape(-1, 2)
    ends = np.cumsum(sizes, axis=0)
    starts = ends - sizes
    rects = np.stack([s_at[starts[:, 0]], s_at[ends[:, 0]], t_at[starts[:, 1]], t_at[ends[:, 1]]], axis=1)
    return Band.around_rectangles(n, m, rects.astype(np.int64), margin)
