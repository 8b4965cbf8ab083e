"""Anchors: evidence that needs no lexicon (numbers, dates, URLs, names, near-identical words, ``?``, quotes).

Translators keep numbers, URLs and most names, spell many loanwords alike (``teknologi``/``technology``,
``Brussel``/``Brussels``) and keep questions questions; matching those is reliable in any domain, even where the
lexicon knows few words. :func:`anchors` extracts them from a sentence; :class:`AnchorScorer` turns shared and
one-sided anchors into bead costs.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from lintas.translate.align.band import BandNodes, SparseRows, band_cross
from lintas.translate.align.lexicon import EN_STOPWORDS, ID_STOPWORDS
from lintas.translate.align.scoring import Features, Scorer, Vocab, sentence_idf, span_sums

#: URLs and e-mail addresses. The address's local part starts only where a run of its characters does: tried at
#: every letter of a long word, ``[\w.+-]+`` would scan to the word's end each time (quadratic: a 100,000-letter
#: "word" took minutes).
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_NUM_RE = re.compile(r"\d+(?:[.,:/]\d+)*")
_TOKEN_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_MONTHS = {
    **{m: i for i, m in enumerate("januari februari maret april mei juni juli agustus september oktober november desember".split(), 1)},
    **{m: i for i, m in enumerate("january february march april may june july august september october november december".split(), 1)},
    "agu": 8, "okt": 10, "des": 12, "jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12, "sept": 9,
}  # fmt: skip
_DAYS = {
    **dict(zip("senin selasa rabu kamis jumat sabtu ahad".split(), range(1, 8), strict=True)),
    **dict(zip("monday tuesday wednesday thursday friday saturday sunday".split(), range(1, 8), strict=True)),
}
#: An opening quote (curly, or straight at a word start) and a closing quote (curly, or straight at a word end).
_OPEN_QUOTE = re.compile(r'[“„«]|(?:^|(?<=\s))"(?=\S)')
_CLOSE_QUOTE = re.compile(r'[”»]|(?<=\S)"(?=\s|$|[^\w\s])')
_SKELETON = (
    ("ph", "f"), ("th", "t"), ("ch", "k"), ("ce", "se"), ("ci", "si"), ("cy", "si"), ("c", "k"), ("q", "k"), ("x", "ks"),
    ("dj", "i"), ("j", "i"), ("y", "i"), ("v", "f"), ("z", "s"),
)  # fmt: skip


@functools.lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """A spelling key that Indonesian loanwords and names share with English (``Brussel``/``Brussels``,
    ``teknologi``/``technology``): ascii-folded, lower case, a few English spellings mapped to Indonesian ones,
    doubled letters collapsed, cut to 5 letters."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(ch for ch in w if not unicodedata.combining(ch))
    for a, b in _SKELETON:
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:5]


#: Anchor kinds: (bonus when both sides have it, penalty when only one side has it). Numbers and URLs are
#: rarely dropped by a translator; names are (or get translated: Perhimpunan/Association); spelling matches of
#: ordinary words are common by chance, so they only ever count for a bead.
ANCHOR_WEIGHTS: dict[str, tuple[float, float]] = {
    "url": (3.0, 1.0),
    "number": (2.0, 1.0),
    "digit": (1.0, 0.5),
    "date": (1.5, 0.5),
    "name": (1.5, 0.2),
    "cognate": (0.5, 0.0),
    "punct": (0.5, 0.3),
}


@functools.lru_cache(maxsize=200_000)
def _token_anchor(tok: str, first: bool, stopwords: frozenset[str]) -> tuple[str, str] | None:
    """The anchor a word makes, ``(key, kind)``, or None (cached: documents repeat their words)."""
    low = tok.lower()
    capital = tok[0].isupper()
    if capital and low in _MONTHS:
        return f"m:{_MONTHS[low]}", "date"
    if capital and low in _DAYS:
        return f"d:{_DAYS[low]}", "date"
    acronym = tok.isupper() and len(tok) > 1
    name = acronym or (capital and not first and len(tok) > 2)
    if low in stopwords or (not name and len(tok) < 5):
        return None
    return "w:" + (low if acronym else skeleton(tok)), "name" if name else "cognate"


def anchors(text: str, stopwords: frozenset[str] = frozenset()) -> dict[str, str]:
    """The lexicon-free anchors of a sentence: anchor key -> kind (a key of :data:`ANCHOR_WEIGHTS`).

    Numbers (``1.000`` and ``1,000`` both become ``1000``), URLs and e-mail addresses, month and weekday names in
    either language, names (capitalised words not at the start of the sentence, acronyms) and other words spelt
    alike in both languages (:func:`skeleton`), question marks, exclamation marks, and opening and closing quotes.
    """
    out: dict[str, str] = {}
    for url in _URL_RE.findall(text):
        out["u:" + url.lower().rstrip("/.").split("://")[-1]] = "url"
    text = _URL_RE.sub(" ", text)
    for num in _NUM_RE.findall(text):
        digits = re.sub(r"\D", "", num).lstrip("0") or "0"
        out["n:" + digits] = "number" if len(digits) > 1 else "digit"
    for pos, tok in enumerate(_TOKEN_RE.findall(text)):
        found = _token_anchor(tok, pos == 0, stopwords)
        if found is not None and (found[1] != "cognate" or found[0] not in out):
            out[found[0]] = found[1]
    if "?" in text:
        out["p:?"] = "punct"
    if "!" in text:
        out["p:!"] = "punct"
    # Opening and closing quotes count apart: a quotation that runs over several sentences opens in one and
    # closes in another, in both languages.
    if _OPEN_QUOTE.search(text):
        out["p:q<"] = "punct"
    if _CLOSE_QUOTE.search(text):
        out["p:q>"] = "punct"
    return out


class AnchorFeatures(Features):
    """Two anchor vectors per sentence, with ``sqrt(bonus)`` and ``sqrt(penalty)`` entries: a dot product is then
    the bonus (or penalty) weight of the anchors two spans share."""

    def __init__(
        self, weight: float, bonus: tuple[SparseRows, SparseRows], penalty: tuple[SparseRows, SparseRows]
    ) -> None:
        self.weight = weight
        self.bonus = bonus
        self.penalty = penalty

    @staticmethod
    def _mass(rows: SparseRows) -> np.ndarray:
        return SparseRows(rows.indptr, rows.ids, rows.values**2).row_sums() if len(rows) else np.zeros(0)

    def coarsen(self, src_bounds: np.ndarray, tgt_bounds: np.ndarray) -> AnchorFeatures:
        return AnchorFeatures(
            self.weight,
            (self.bonus[0].coarsen(src_bounds), self.bonus[1].coarsen(tgt_bounds)),
            (self.penalty[0].coarsen(src_bounds), self.penalty[1].coarsen(tgt_bounds)),
        )

    def _shared(self, nodes: BandNodes, vecs: tuple[SparseRows, SparseRows], types):
        cell = band_cross(vecs[0], vecs[1], nodes.band)
        ps = np.concatenate([[0.0], np.cumsum(self._mass(vecs[0]))])
        pt = np.concatenate([[0.0], np.cumsum(self._mass(vecs[1]))])
        for a, b in types:
            ms, mt = span_sums(ps, nodes.i, a), span_sums(pt, nodes.j, b)
            yield ms, mt, np.minimum(nodes.span_sum(cell, a, b), np.minimum(ms, mt))

    def bead_costs(self, nodes: BandNodes, types: Sequence[tuple[int, int]]) -> np.ndarray:
        out = np.zeros((len(types), len(nodes.i)))
        real = [t for t, (a, b) in enumerate(types) if a and b]
        pairs = [types[t] for t in real]
        for t, (_, _, shared) in zip(real, self._shared(nodes, self.bonus, pairs), strict=True):
            out[t] -= self.weight * shared
        for t, (ms, mt, shared) in zip(real, self._shared(nodes, self.penalty, pairs), strict=True):
            out[t] += self.weight * (ms + mt - 2.0 * shared)
        return out


class AnchorScorer(Scorer):
    """Evidence that needs no lexicon: numbers, dates, URLs, names and near-identical words, quotes, ``?`` and ``!``.

    Each anchor both sides share is a bonus, each anchor on one side only a penalty (weights by kind in
    :data:`ANCHOR_WEIGHTS`); a bead with no anchors costs nothing. Weights are scaled by how rare the anchor is in
    the document pair (``min(1, idf / idf_pair)``): a name that every sentence repeats tells no sentence from
    another.
    """

    name = "anchors"
    WEIGHT = 0.75

    def __init__(self, weight: float | None = None) -> None:
        super().__init__(weight)
        self.stopwords = EN_STOPWORDS | ID_STOPWORDS

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> AnchorFeatures:
        vocab = Vocab()
        kinds = list(ANCHOR_WEIGHTS)
        kind_no = {k: n for n, k in enumerate(kinds)}
        table = np.array([ANCHOR_WEIGHTS[k] for k in kinds])  # (kinds, 2): bonus, penalty
        sides = []
        for texts in (src, tgt):
            found = [anchors(t, self.stopwords) for t in texts]
            indptr = np.concatenate([[0], np.cumsum([len(f) for f in found])]).astype(np.int64)
            ids = np.fromiter((vocab.id(k) for f in found for k in f), dtype=np.int64, count=int(indptr[-1]))
            kind = np.fromiter(
                (kind_no[v] for f in found for v in f.values()), dtype=np.int64, count=len(ids)
            )
            sides.append((indptr, ids, kind))
        size = max(1, len(vocab))
        n = len(src) + len(tgt)
        plain = [SparseRows(ptr, ids, np.ones(len(ids))) for ptr, ids, _ in sides]
        # A concept seen in exactly one sentence pair (df 2) keeps its full weight; commoner ones lose weight.
        idf = sentence_idf(plain[0], plain[1], size)
        scale = np.clip(idf / math.log((n + 1.0) / 2.5), 0.0, 1.0) if n > 2 else np.ones(size)

        def weighted(col: int) -> tuple[SparseRows, SparseRows]:
            (sp, si, sk), (tp, ti, tk) = sides
            return (
                SparseRows(sp, si, np.sqrt(table[sk, col] * scale[si])),
                SparseRows(tp, ti, np.sqrt(table[tk, col] * scale[ti])),
            )

        return AnchorFeatures(self.weight, weighted(0), weighted(1))
