"""A bilingual Indonesian→English word lexicon, learned with IBM Model 1 from shipped parallel text.

Why a learned lexicon: sentence alignment by length alone drifts on documents with extra or missing sentences,
and a few hundred content-word translations (``rumah`` → ``house``) are what tell a 1-1 bead from a neighbour.
The lexicon is learned by :func:`learn_lexicon` (IBM Model 1, run in both directions, entries kept only when both
directions agree) from openly licensed sentence pairs that ship with the project and are *not* the sets the
alignment benchmark evaluates on (see ``data/lexicon/SOURCE.md``). ``lintas lexicon build`` reproduces the shipped
file byte for byte.

Words are compared in a light normal form (:func:`normalize_id`, :func:`normalize_en`): lower case, Indonesian
clitics (``-nya``, ``-lah``, ``-kah``, ``-pun``) and English inflections (``-s``, ``-ed``, ``-ing``) stripped, so a
small corpus covers more of the words a document uses. The normal form is part of the lexicon's contract: the
aligner normalises document words with the same functions before it looks them up.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lintas.translate.errors import InputError
from lintas.translate.resources import DATA_DIR as SHIPPED_DATA

logger = logging.getLogger("lintas")

#: The project's ``data/`` folder (the lexicon ships there, next to its SOURCE.md).
DATA_DIR = SHIPPED_DATA
#: The shipped lexicon the aligner loads by default.
DEFAULT_LEXICON = DATA_DIR / "lexicon" / "id-en.tsv"

#: Shipped, openly licensed sentence pairs the default lexicon is learned from: (name, Indonesian file, English
#: file), relative to ``data/``. FLORES devtest and TICO-19 test are left out on purpose: the alignment benchmark
#: evaluates on them, and a lexicon that has seen those sentences would inflate its figures. The Bible NT is in
#: (more words, a different register); the benchmark scores the Bible with lexicons learned without the books it
#: scores (``bench/align_quality.py``).
DEFAULT_CORPORA: tuple[tuple[str, str, str], ...] = (
    ("flores200-dev", "testsets/flores200/dev.ind", "testsets/flores200/dev.eng"),
    ("tico19-dev", "testsets/tico19/dev.ind", "testsets/tico19/dev.eng"),
    ("tatoeba-test", "testsets/tatoeba/test.ind", "testsets/tatoeba/test.eng"),
    ("nusax-train", "lexicon/nusax_train.ind", "lexicon/nusax_train.eng"),
    ("nusax-valid", "testsets/nusax_mt/valid.ind", "testsets/nusax_mt/valid.eng"),
    ("bible-nt", "align/bible_nt.ind", "align/bible_nt.eng"),
)

#: Letters-only words; letters glued to digits ("20th", "Rp5") are not words.
_WORD_RE = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)", re.UNICODE)
_ID_CLITICS = ("nya", "lah", "kah", "pun")
#: Words so frequent and so empty that pairing them only adds noise to the lexicon and to sentence similarity.
EN_STOPWORDS = frozenset(
    """a an the of to in on at by for from with as and or but if than then that this these those there here it its
    is are was were be been being am do does did done have has had having will would shall should can could may
    might must not no nor so such too very just also only own same other each any all both few more most some
    i me my we us our you your he him his she her they them their what which who whom whose when where why how
    into onto over under about above below up down out off again further once s t don about while because until
    against between through during before after""".split()
)
ID_STOPWORDS = frozenset(
    """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan atau juga sudah telah oleh karena
    bahwa ada saya kami kita anda dia ia mereka kamu aku nya se para sang si pun lah kah tersebut namun tetapi
    jika kalau maka agar supaya sebagai secara hanya lebih sangat bisa dapat harus sedang masih belum""".split()
)


def words(text: str) -> list[str]:
    """The alphabetic words of ``text`` in their original case (digits and punctuation are anchors, not words)."""
    return _WORD_RE.findall(text)


@functools.lru_cache(maxsize=200_000)
def normalize_id(word: str) -> str:
    """Indonesian normal form: lower case, clitics stripped (``rumahnya`` → ``rumah``), words of 2+ letters."""
    w = word.lower()
    for clitic in _ID_CLITICS:
        if w.endswith(clitic) and len(w) - len(clitic) >= 4:
            w = w[: -len(clitic)]
            break
    return w


@functools.lru_cache(maxsize=200_000)
def normalize_en(word: str) -> str:
    """English normal form: lower case, plural/past/progressive endings stripped (``houses`` → ``house``)."""
    w = word.lower().replace("’", "'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def id_terms(text: str) -> list[str]:
    """Normalised Indonesian content words of a sentence, the units the lexicon translates."""
    out = []
    for w in words(text):
        n = normalize_id(w)
        if len(n) > 1 and n not in ID_STOPWORDS:
            out.append(n)
    return out


def en_terms(text: str) -> list[str]:
    """Normalised English content words of a sentence, the units the lexicon translates into."""
    out = []
    for w in words(text):
        if w.lower() in EN_STOPWORDS:
            continue
        n = normalize_en(w)
        if len(n) > 1 and n not in EN_STOPWORDS:
            out.append(n)
    return out


@dataclass
class Lexicon:
    """Indonesian term → English terms with probabilities, plus the metadata that says where it came from.

    Attributes:
        entries: normalised Indonesian term → ``(english_term, weight)`` pairs, best first.
        meta: ``key: value`` facts written in the file header (sources, sizes, the length statistics the length
            scorer uses as its prior).
    """

    entries: dict[str, list[tuple[str, float]]]
    meta: dict[str, str] = field(default_factory=dict)
    _english: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def english_terms(self) -> frozenset[str]:
        """Every English term the lexicon translates into (the words whose absence means something)."""
        if self._english is None:
            self._english = frozenset(en for v in self.entries.values() for en, _ in v)
        return self._english

    def translations(self, term: str) -> list[tuple[str, float]]:
        """English translations of a normalised Indonesian term; empty when unknown."""
        return self.entries.get(term, [])

    def to_text(self) -> str:
        """The TSV file text: ``# key: value`` header lines, then ``id<TAB>en<TAB>weight`` sorted lines."""
        lines = [f"# {k}: {v}" for k, v in self.meta.items()]
        for src in sorted(self.entries):
            for tgt, p in self.entries[src]:
                lines.append(f"{src}\t{tgt}\t{p:.4f}")
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path) -> None:
        """Write the lexicon atomically (complete file or none)."""
        from lintas.translate.io import write_text

        write_text(path, self.to_text())

    @classmethod
    def from_text(cls, text: str, name: str = "<lexicon>") -> Lexicon:
        """Parse :meth:`to_text` output.

        Raises:
            InputError: a line that is not ``id<TAB>en<TAB>weight``.
        """
        entries: dict[str, list[tuple[str, float]]] = {}
        meta: dict[str, str] = {}
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                meta[key.strip()] = value.strip()
                continue
            parts = line.split("\t")
            try:
                src, tgt, p = parts[0], parts[1], float(parts[2])
            except (IndexError, ValueError):
                raise InputError(
                    f"{name}: line {lineno} is not 'id<TAB>en<TAB>weight'; rebuild it with `lintas lexicon build`"
                ) from None
            entries.setdefault(src, []).append((tgt, p))
        for v in entries.values():
            v.sort(key=lambda tp: (-tp[1], tp[0]))
        return cls(entries, meta)

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a lexicon file written by :meth:`save`.

        Raises:
            InputError: missing, binary or malformed file.
        """
        from lintas.translate.io import read_text

        return cls.from_text(read_text(path), str(path))


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load (once per process) the lexicon at ``path``, or the shipped one when ``path`` is ``None``."""
    return Lexicon.load(path or DEFAULT_LEXICON)


def _ibm1(
    src_sents: Sequence[np.ndarray], tgt_sents: Sequence[np.ndarray], n_src: int, n_tgt: int, iterations: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """IBM Model 1 EM: ``t(e|f)`` over the (f, e) pairs that co-occur, with a NULL source word (id ``n_src``).

    Returns:
        ``(pair_f, pair_e, t, cooc)``: one entry per co-occurring pair, and the number of sentence pairs in which
        each pair co-occurs.
    """
    f_parts, e_parts, tok_parts = [], [], []
    tok_base = 0
    for f, e in zip(src_sents, tgt_sents, strict=True):
        if len(e) == 0:
            continue
        f_null = np.append(f, n_src)
        ff = np.repeat(f_null, len(e))
        ee = np.tile(e, len(f_null))
        f_parts.append(ff)
        e_parts.append(ee)
        tok_parts.append(np.tile(np.arange(tok_base, tok_base + len(e)), len(f_null)))
        tok_base += len(e)
    inst_f = np.concatenate(f_parts).astype(np.int64)
    inst_e = np.concatenate(e_parts).astype(np.int64)
    inst_tok = np.concatenate(tok_parts)
    keys, inst_pair = np.unique(inst_f * n_tgt + inst_e, return_inverse=True)
    pair_f, pair_e = keys // n_tgt, keys % n_tgt
    cooc = np.bincount(inst_pair, minlength=len(keys))
    t = np.full(len(keys), 1.0 / n_tgt)
    for _ in range(iterations):
        p = t[inst_pair]
        z = np.bincount(inst_tok, weights=p, minlength=tok_base)
        counts = np.bincount(inst_pair, weights=p / z[inst_tok], minlength=len(keys))
        totals = np.bincount(pair_f, weights=counts, minlength=n_src + 1)
        t = counts / totals[pair_f]
    return pair_f, pair_e, t, cooc


def learn_lexicon(
    pairs: Iterable[tuple[str, str]],
    *,
    iterations: int = 8,
    min_prob: float = 0.05,
    min_count: int = 2,
    top_k: int = 4,
) -> Lexicon:
    """Learn an Indonesian→English lexicon from sentence pairs with IBM Model 1 in both directions.

    An entry ``(f, e)`` is kept when ``e`` is among the ``top_k`` translations of ``f``, both ``t(e|f)`` and
    ``t(f|e)`` are at least ``min_prob`` (one-directional entries are mostly frequent words soaking up
    probability) and the pair co-occurs in at least ``min_count`` sentence pairs (one sighting is chance).
    Its weight is the geometric mean of the two directions, so it reads as a symmetric confidence.

    Args:
        pairs: (Indonesian sentence, English sentence).
        iterations: EM iterations per direction.
        min_prob: least probability in each direction.
        min_count: least number of sentence pairs the two words co-occur in.
        top_k: most translations kept per Indonesian term.

    Returns:
        The lexicon, with ``meta`` recording its size and the character-length statistics of the pairs.
    """
    id_vocab: dict[str, int] = {}
    en_vocab: dict[str, int] = {}
    src_sents, tgt_sents = [], []
    id_chars, en_chars = [], []
    for id_text, en_text in pairs:
        s = [id_vocab.setdefault(w, len(id_vocab)) for w in dict.fromkeys(id_terms(id_text))]
        t = [en_vocab.setdefault(w, len(en_vocab)) for w in dict.fromkeys(en_terms(en_text))]
        src_sents.append(np.array(s, dtype=np.int64))
        tgt_sents.append(np.array(t, dtype=np.int64))
        id_chars.append(len(id_text.strip()))
        en_chars.append(len(en_text.strip()))
    if not src_sents or not id_vocab or not en_vocab:
        raise InputError("no usable sentence pairs to learn a lexicon from; give non-empty parallel files")
    nf, ne = len(id_vocab), len(en_vocab)
    f_fe, e_fe, t_ef, cooc = _ibm1(src_sents, tgt_sents, nf, ne, iterations)  # t(e|f)
    e_ef, f_ef, t_fe, _ = _ibm1(tgt_sents, src_sents, ne, nf, iterations)  # t(f|e)
    # Join the two directions on the (f, e) key; NULL rows drop out because their key is absent on the other side.
    key_fe = f_fe * (ne + 1) + e_fe
    key_ef = f_ef * (ne + 1) + e_ef
    order = np.argsort(key_ef)
    pos = np.searchsorted(key_ef[order], key_fe)
    pos = np.minimum(pos, len(order) - 1)
    found = key_ef[order][pos] == key_fe
    back = np.where(found, t_fe[order][pos], 0.0)
    keep = found & (f_fe < nf) & (e_fe < ne) & (t_ef >= min_prob) & (back >= min_prob) & (cooc >= min_count)
    id_words = list(id_vocab)
    en_words = list(en_vocab)
    entries: dict[str, list[tuple[str, float]]] = {}
    for f, e, p in zip(f_fe[keep], e_fe[keep], np.sqrt(t_ef[keep] * back[keep]), strict=True):
        entries.setdefault(id_words[f], []).append((en_words[e], float(round(p, 4))))
    for k in list(entries):
        entries[k] = sorted(entries[k], key=lambda tp: (-tp[1], tp[0]))[:top_k]
    n_entries = sum(len(v) for v in entries.values())
    ratios = np.array(en_chars, dtype=float) / np.maximum(1, np.array(id_chars, dtype=float))
    total_ratio = sum(en_chars) / max(1, sum(id_chars))
    # Gale-Church variance: var of (en - c*id)/sqrt(id) over pairs, the spread the length scorer expects.
    c = total_ratio
    ic = np.maximum(1.0, np.array(id_chars, dtype=float))
    resid = (np.array(en_chars, dtype=float) - c * ic) / np.sqrt(ic)
    meta = {
        "format": "lintas-lexicon 1",
        "direction": "id-en",
        "method": f"IBM Model 1 both directions, {iterations} EM iterations; keep t(e|f)>={min_prob} and "
        f"t(f|e)>={min_prob}, co-occurrence>={min_count}, top {top_k}; weight = sqrt(t(e|f)*t(f|e))",
        "sentence_pairs": str(len(src_sents)),
        "id_terms": str(nf),
        "en_terms": str(ne),
        "entries": str(n_entries),
        "length_ratio_en_id": f"{total_ratio:.4f}",
        "length_ratio_median": f"{float(np.median(ratios)):.4f}",
        "length_variance": f"{float(np.var(resid)):.4f}",
    }
    logger.info("lexicon: %s entries from %s sentence pairs", meta["entries"], meta["sentence_pairs"])
    return Lexicon(entries, meta)


def read_parallel(id_path: str | Path, en_path: str | Path) -> list[tuple[str, str]]:
    """Read two line-aligned files into sentence pairs (pairs with an empty side, or a verse-range marker
    ``<range>``, are left out: they pair nothing).

    Raises:
        InputError: unreadable files, or files whose line counts differ.
    """
    from lintas.translate.io import read_text

    id_lines = read_text(id_path).splitlines()
    en_lines = read_text(en_path).splitlines()
    if len(id_lines) != len(en_lines):
        raise InputError(
            f"{id_path} has {len(id_lines)} lines but {en_path} has {len(en_lines)}; give line-aligned files"
        )
    return [
        (a, b)
        for a, b in zip(id_lines, en_lines, strict=True)
        if a.strip() and b.strip() and "<range>" not in (a.strip(), b.strip())
    ]


def default_training_pairs() -> tuple[list[tuple[str, str]], list[str]]:
    """The sentence pairs of :data:`DEFAULT_CORPORA` and a one-line description of each source."""
    pairs: list[tuple[str, str]] = []
    sources = []
    for name, id_rel, en_rel in DEFAULT_CORPORA:
        part = read_parallel(DATA_DIR / id_rel, DATA_DIR / en_rel)
        pairs.extend(part)
        sources.append(f"{name} ({len(part)} pairs: data/{id_rel}, data/{en_rel})")
    return pairs, sources
