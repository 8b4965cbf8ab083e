"""Pluggable bead scorers: length (Gale-Church), lexicon and MT similarity.

Each is a :class:`~lintas.translate.align.scoring.Scorer` whose
:class:`~lintas.translate.align.scoring.Features` cost every bead type in the aligner's common currency (see
:mod:`lintas.translate.align.scoring`); the lexicon-free anchors scorer is in :mod:`lintas.translate.align.anchors`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from lintas.translate.align.band import BandNodes, SparseRows, band_cross, offset_dots
from lintas.translate.align.lexicon import Lexicon, en_terms, id_terms
from lintas.translate.align.scoring import (
    Features,
    Scorer,
    Vocab,
    bag_rows,
    block_sums,
    sentence_idf,
    span_sums,
)


# ----------------------------------------------------------------------------------------------------------- length
def _neg_log_erfc(x: np.ndarray) -> np.ndarray:
    """``-log(erfc(x))`` for ``x >= 0``, stable for large ``x`` (Numerical Recipes ``erfcc``, rel. error < 1.2e-7)."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (
        1.00002368
        + t
        * (
            0.37409196
            + t
            * (
                0.09678418
                + t
                * (
                    -0.18628806
                    + t
                    * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))
                )
            )
        )
    )
    return x * x - poly - np.log(t)


class LengthFeatures(Features):
    def __init__(self, scorer: LengthScorer, src_len: np.ndarray, tgt_len: np.ndarray, params: dict) -> None:
        self.scorer = scorer
        self.src_len = src_len
        self.tgt_len = tgt_len
        self.params = params  # shared across resolutions: refit() at the fine level updates every level

    def coarsen(self, src_bounds: np.ndarray, tgt_bounds: np.ndarray) -> LengthFeatures:
        return LengthFeatures(
            self.scorer,
            block_sums(self.src_len, src_bounds),
            block_sums(self.tgt_len, tgt_bounds),
            self.params,
        )

    def refit(self, beads: Sequence[tuple[range, range]]) -> bool:
        """Length ratio of the aligned (non-null) beads: extra material on one side no longer skews it."""
        src = sum(self.src_len[r.start : r.stop].sum() for r, t in beads if len(r) and len(t))
        tgt = sum(self.tgt_len[t.start : t.stop].sum() for r, t in beads if len(r) and len(t))
        if src <= 0 or tgt <= 0:
            return False
        old, new = self.params["ratio"], self.scorer.clip_ratio(tgt / src)
        self.params["ratio"] = new
        return abs(new - old) > self.scorer.REFIT_TOLERANCE * old

    def bead_costs(self, nodes: BandNodes, types: Sequence[tuple[int, int]]) -> np.ndarray:
        ps = np.concatenate([[0.0], np.cumsum(self.src_len)])
        pt = np.concatenate([[0.0], np.cumsum(self.tgt_len)])
        c = self.params["ratio"]
        out = np.zeros((len(types), len(nodes.i)))
        for t, (a, b) in enumerate(types):
            if a == 0 or b == 0:
                continue
            ls = span_sums(ps, nodes.i, a) * c
            lt = span_sums(pt, nodes.j, b)
            mean = (ls + lt) / 2.0
            delta = np.abs(lt - ls) / np.sqrt(self.scorer.variance * np.maximum(mean, 1.0))
            out[t] = self.weight_cost(delta)
        return out

    def weight_cost(self, delta: np.ndarray) -> np.ndarray:
        # -log P(|delta|) under a standard normal, relative to a perfect match (-log erfc(0) = 0).
        return self.scorer.weight * _neg_log_erfc(delta / math.sqrt(2.0))


class LengthScorer(Scorer):
    """Gale-Church: the target length of a bead is ``ratio x`` its source length, with normal noise.

    ``ratio`` (English characters per Indonesian character) is estimated from the document pair itself, because it
    varies by genre and translator: first from the documents' total lengths (clipped to a plausible range around the
    lexicon's corpus ratio, so that a document with extra material on one side cannot push it far), then re-estimated
    from the non-null beads of the coarse alignment. A fixed ratio of 1 drifts on Indonesian, which runs longer
    than English. ``variance`` is the Gale-Church ``s^2`` measured on the lexicon's training pairs.
    """

    name = "length"
    WEIGHT = 0.5
    #: Ratio and variance used when no lexicon metadata says otherwise (FLORES-like Indonesian vs English).
    DEFAULT_RATIO = 0.93
    DEFAULT_VARIANCE = 2.0
    #: A document's ratio is kept within this factor of the prior ratio.
    RATIO_SPREAD = 1.3
    #: Relative change of the ratio, after a first alignment, that triggers a second search.
    REFIT_TOLERANCE = 0.03

    def __init__(
        self, weight: float | None = None, *, prior_ratio: float | None = None, variance: float | None = None
    ):
        super().__init__(weight)
        self.prior_ratio = prior_ratio or self.DEFAULT_RATIO
        self.variance = variance or self.DEFAULT_VARIANCE

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon | None, weight: float | None = None) -> LengthScorer:
        meta = lexicon.meta if lexicon is not None else {}
        ratio = float(meta.get("length_ratio_en_id", cls.DEFAULT_RATIO))
        variance = float(meta.get("length_variance", cls.DEFAULT_VARIANCE))
        return cls(weight, prior_ratio=ratio, variance=variance)

    def clip_ratio(self, ratio: float) -> float:
        return float(
            np.clip(ratio, self.prior_ratio / self.RATIO_SPREAD, self.prior_ratio * self.RATIO_SPREAD)
        )

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> LengthFeatures:
        sl = np.array([len(s.strip()) for s in src], dtype=np.float64)
        tl = np.array([len(t.strip()) for t in tgt], dtype=np.float64)
        ratio = self.clip_ratio(tl.sum() / sl.sum()) if sl.sum() > 0 and tl.sum() > 0 else self.prior_ratio
        return LengthFeatures(self, sl, tl, {"ratio": ratio})


# ------------------------------------------------------------------------------------------------- bag of concepts
class BagFeatures(Features):
    """Sparse concept vectors of both sides, scored per *member* sentence of a bead.

    Each sentence of a bead must be explained by the other side's span. Its ``explained`` fraction is
    ``min(1, cos / saturation)``, where ``cos`` is the cosine between the sentence's vector and the sum of the other
    side's vectors; its cost is ``strength * (1 - (1 + BONUS) * explained)``, where ``strength`` grows with the
    number of content words the lexicon knows (``known / FULL_TERMS``, capped at ``MAX_TERMS``): ten known words
    with no translation in sight are strong evidence against a bead, a fully explained long sentence strong
    evidence for it, and a sentence with no known word is no evidence either way (cost 0, what a sentence left
    without counterpart pays), so short sentences neither make nor break a bead. A bead's cost is ``weight / 2``
    times the sum over its sentences: a sentence glued to a bead it does not belong to pays for itself.

    Args:
        weight: multiplier of the cost.
        src, tgt: sentence vectors.
        saturation: cosine at which a sentence counts as fully explained.
        src_terms, tgt_terms: content words per sentence the lexicon knows (source words with translations,
            target words that are some word's translation).
    """

    #: Known content words at which a sentence's evidence counts once; it counts more for longer sentences.
    FULL_TERMS = 4.0
    #: Known content words beyond which a sentence's evidence stops growing.
    MAX_TERMS = 12.0
    #: How much a fully explained sentence earns, relative to what a wholly unexplained one pays.
    BONUS = 1.0

    def __init__(
        self,
        weight: float,
        src: SparseRows,
        tgt: SparseRows,
        saturation: float,
        src_terms: np.ndarray,
        tgt_terms: np.ndarray,
    ) -> None:
        self.weight = weight
        self.src = src
        self.tgt = tgt
        self.saturation = saturation
        self.src_terms = src_terms
        self.tgt_terms = tgt_terms
        self._offsets: dict[tuple[int, int], np.ndarray] = {}

    def coarsen(self, src_bounds: np.ndarray, tgt_bounds: np.ndarray) -> BagFeatures:
        return BagFeatures(
            self.weight,
            self.src.coarsen(src_bounds),
            self.tgt.coarsen(tgt_bounds),
            self.saturation,
            block_sums(self.src_terms, src_bounds),
            block_sums(self.tgt_terms, tgt_bounds),
        )

    def sentence_norms(self, side: int) -> np.ndarray:
        """Squared norm of each sentence of one side (a trailing 0 so that clipped indices stay valid)."""
        self.span_norms(side, np.zeros(1, dtype=np.int64), 1)  # fills the offset-0 cache
        return np.append(np.diff(self._offsets[(side, 0)]), 0.0)

    def span_norms(self, side: int, end: np.ndarray, size: int) -> np.ndarray:
        """Squared norm of the sum of ``size`` consecutive vectors of one side (0 source, 1 target) ending before
        ``end``: the sum of their pairwise dot products, from cached prefix sums per offset."""
        rows = (self.src, self.tgt)[side]
        total = np.zeros(len(end))
        for d in range(size):
            key = (side, d)
            if key not in self._offsets:
                self._offsets[key] = np.concatenate([[0.0], np.cumsum(offset_dots(rows, d))])
            prefix = self._offsets[key]
            top = len(prefix) - 1
            # pairs (r, r + d) with both inside [end - size, end): r from end - size to end - 1 - d.
            lo = np.clip(end - size, 0, top)
            hi = np.clip(end - d, 0, top)
            total += (1.0 if d == 0 else 2.0) * (prefix[np.maximum(hi, lo)] - prefix[lo])
        return total

    def _member_cost(
        self, dot: np.ndarray, own: np.ndarray, other: np.ndarray, terms: np.ndarray
    ) -> np.ndarray:
        denom = np.sqrt(own * other)
        cos = np.where(denom > 0, dot / np.where(denom > 0, denom, 1.0), 0.0)
        explained = np.clip(cos / self.saturation, 0.0, 1.0)
        # Evidence grows with the number of known words: ten known words with no translation in sight say "not a
        # translation" far more firmly than one. A sentence with few known words is pulled towards 0, the cost
        # of a sentence in a null bead: charging it more would make skipping a short sentence (a split-off
        # "I answered.") cheaper than keeping it with its neighbour.
        strength = np.minimum(terms, self.MAX_TERMS) / self.FULL_TERMS
        return strength * (1.0 - (1.0 + self.BONUS) * explained)

    def bead_costs(self, nodes: BandNodes, types: Sequence[tuple[int, int]]) -> np.ndarray:
        cell = band_cross(self.src, self.tgt, nodes.band)
        out = np.zeros((len(types), len(nodes.i)))
        span_s: dict[int, np.ndarray] = {}
        span_t: dict[int, np.ndarray] = {}
        sent_s, sent_t = self.sentence_norms(0), self.sentence_norms(1)
        terms_s, terms_t = np.append(self.src_terms, 0.0), np.append(self.tgt_terms, 0.0)
        for t, (a, b) in enumerate(types):
            if a == 0 or b == 0:
                continue
            if a not in span_s:
                span_s[a] = self.span_norms(0, nodes.i, a)
            if b not in span_t:
                span_t[b] = self.span_norms(1, nodes.j, b)
            pair = {(p, q): cell[nodes.shifted(p, q)] for p in range(a) for q in range(b)}
            cost = np.zeros(len(nodes.i))
            for p in range(a):
                k = np.clip(nodes.i - 1 - p, 0, len(sent_s) - 1)
                dot = sum(pair[(p, q)] for q in range(b))
                cost += self._member_cost(dot, sent_s[k], span_t[b], terms_s[k])
            for q in range(b):
                k = np.clip(nodes.j - 1 - q, 0, len(sent_t) - 1)
                dot = sum(pair[(p, q)] for p in range(a))
                cost += self._member_cost(dot, sent_t[k], span_s[a], terms_t[k])
            out[t] = self.weight * cost / 2.0
        return out


class LexicalScorer(Scorer):
    """Lexicon similarity between the target words and the lexicon translations of the source words.

    Each side becomes a TF-IDF vector over English terms (IDF from the document pair itself, so words that occur
    everywhere in the document count little); an Indonesian term contributes its translations weighted by their
    lexicon probability. Beads are scored sentence by sentence (:class:`BagFeatures`), so a merged 2-2 bead costs
    what two 1-1 beads of the same quality cost and the bead prior decides between them.
    """

    name = "lexical"
    WEIGHT = 3.0
    #: Cosine at which a sentence counts as fully explained by the other side.
    SATURATION = 0.4

    def __init__(
        self, lexicon: Lexicon, weight: float | None = None, *, saturation: float | None = None
    ) -> None:
        super().__init__(weight)
        self.lexicon = lexicon
        self.saturation = saturation or self.SATURATION

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> BagFeatures:
        vocab = Vocab()
        known_en = self.lexicon.english_terms()
        tgt_words = [en_terms(text) for text in tgt]
        tgt_terms = [[vocab.id(term) for term in row] for row in tgt_words]
        n_tgt = np.array([sum(1 for w in row if w in known_en) for row in tgt_words], dtype=np.float64)
        t = bag_rows(tgt_terms, [[1.0] * len(row) for row in tgt_terms])
        # Each distinct Indonesian term is looked up once; its translations become (concept, probability) entries.
        expansion: dict[str, list[tuple[int, float]]] = {}
        src_ids, src_vals = [], []
        n_src = np.zeros(len(src))
        for row, text in enumerate(src):
            ids: list[int] = []
            vals: list[float] = []
            for term in id_terms(text):
                entries = expansion.get(term)
                if entries is None:
                    entries = expansion[term] = [
                        (vocab.id(en), p) for en, p in self.lexicon.translations(term)
                    ]
                n_src[row] += bool(entries)
                for k, p in entries:
                    ids.append(k)
                    vals.append(p)
            src_ids.append(ids)
            src_vals.append(vals)
        s = bag_rows(src_ids, src_vals)
        idf = sentence_idf(s, t, max(1, len(vocab)))
        return BagFeatures(self.weight, s.scale(idf), t.scale(idf), self.saturation, n_src, n_tgt)


# --------------------------------------------------------------------------------------------------------------- MT
def char_ngrams(text: str, orders: Sequence[int]) -> set[str]:
    """Character n-grams of ``text`` with whitespace removed, as chrF counts them (as a set: repeats count once)."""
    s = "".join(text.split()).lower()
    return {s[k : k + n] for n in orders for k in range(len(s) - n + 1)}


class MTFeatures(Features):
    """Character n-gram sets of the machine translation of each source sentence and of each target sentence."""

    def __init__(self, weight: float, beta: float, span: float, hyp: SparseRows, ref: SparseRows) -> None:
        self.weight = weight
        self.beta = beta
        self.span = span
        self.hyp = hyp
        self.ref = ref

    def coarsen(self, src_bounds: np.ndarray, tgt_bounds: np.ndarray) -> MTFeatures:
        return MTFeatures(
            self.weight, self.beta, self.span, self.hyp.coarsen(src_bounds), self.ref.coarsen(tgt_bounds)
        )

    def _chrf(self, match: np.ndarray, hyp: np.ndarray, ref: np.ndarray) -> np.ndarray:
        b2 = self.beta**2
        prec = np.where(hyp > 0, match / np.maximum(hyp, 1.0), 0.0)
        rec = np.where(ref > 0, match / np.maximum(ref, 1.0), 0.0)
        denom = b2 * prec + rec
        return np.where(denom > 0, (1 + b2) * prec * rec / np.where(denom > 0, denom, 1.0), 0.0)

    def bead_costs(self, nodes: BandNodes, types: Sequence[tuple[int, int]]) -> np.ndarray:
        cell = band_cross(self.hyp, self.ref, nodes.band)
        ph = np.concatenate([[0.0], np.cumsum(self.hyp.row_sums())])
        pr = np.concatenate([[0.0], np.cumsum(self.ref.row_sums())])
        scores = {}
        for a, b in types:
            if a and b:
                h, rf = span_sums(ph, nodes.i, a), span_sums(pr, nodes.j, b)
                scores[(a, b)] = self._chrf(np.minimum(nodes.span_sum(cell, a, b), np.minimum(h, rf)), h, rf)
        # Chance level: unrelated sentences share many character n-grams. Most 1-1 pairs of a band are not
        # translations of each other, so their median chrF is what "no evidence" looks like in this document.
        ok = nodes.valid & (nodes.i >= 1) & (nodes.j >= 1)
        chance = float(np.median(scores[(1, 1)][ok])) if (1, 1) in scores and ok.any() else 0.0
        out = np.zeros((len(types), len(nodes.i)))
        for t, (a, b) in enumerate(types):
            if (a, b) in scores:
                explained = np.clip((scores[(a, b)] - chance) / self.span, 0.0, 1.0)
                out[t] = self.weight * (1.0 - 2.0 * explained) * (a + b) / 2.0
        return out


class MTScorer(Scorer):
    """Bleualign's idea: translate the source sentences, then compare the translation with the target text.

    The comparison is chrF (character n-gram F-score, ``beta = 2``) computed on n-gram *sets*, which lets the
    scores of merged beads come from sentence-level matches: for a 1-1 bead it is chrF with repeated n-grams
    counted once; for larger beads the matches of the member sentence pairs are summed (capped by the n-grams
    present). Unrelated English sentences already share many character n-grams, so chrF is measured from the
    document's chance level (the median over the band's sentence pairs): ``explained = (chrF - chance) / SPAN``,
    clipped to [0, 1], and a bead costs ``weight * (1 - 2 * explained) * (a + b) / 2`` (a bonus when the
    translation matches well, a cost when it does not).

    Args:
        translator: anything with ``translate(list[str]) -> list[str]`` (a :class:`~lintas.translate.translator.Translator`).
        weight: multiplier of the cost.
    """

    name = "mt"
    #: Tuned like the others, with a simulated MT (references with 40% of words replaced, 15% dropped).
    WEIGHT = 1.0
    ORDERS = (2, 3, 4, 5)
    BETA = 2.0
    #: chrF above chance at which a bead counts as fully explained by the translation.
    SPAN = 0.3

    def __init__(self, translator, weight: float | None = None) -> None:
        super().__init__(weight)
        self.translator = translator

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> MTFeatures:
        hyps = self.translator.translate(list(src))
        vocab = Vocab()
        rows = []
        for texts in (hyps, tgt):
            rows.append(
                SparseRows.from_lists(
                    [[(vocab.id(g), 1.0) for g in sorted(char_ngrams(t, self.ORDERS))] for t in texts]
                )
            )
        return MTFeatures(self.weight, self.BETA, self.SPAN, rows[0], rows[1])
