"""Property-based fuzzing of the segmenter and the aligner (issue 19): hostile text in, invariants out.

Deterministic (``derandomize=True``, no example database), so a failure reproduces on every machine and CI run;
the minimal inputs of bugs the fuzzer found are pinned as ``@example``. What is checked:

* :class:`~lintas.translate.segment.Segmenter`: spans in order, non-overlapping, inside the text, trimmed and
  non-empty; every non-whitespace character of the input in exactly one span; ``split`` equals the text at the
  spans; no span runs over a blank line; :func:`segment_text` loses no non-whitespace character either.
* :class:`~lintas.translate.align.Aligner` (offline scorers, no model): every source and every target index in
  exactly one bead, in document order, bead shapes among the configured bead types, finite scores.
"""

from __future__ import annotations

import math
import re

import pytest
from hostile import ABBREVIATIONS, FUZZ, HOSTILE, PIECES, hostile_text
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lintas.translate.align import Aligner, AlignerConfig, bead_types
from lintas.translate.segment import Segmenter, segment_text

_WS = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def check_spans(text: str, lang: str) -> None:
    """The invariants :meth:`Segmenter.spans` documents (ordered, trimmed, non-overlapping) and the ones every
    caller relies on: nothing but whitespace is lost, ``split`` agrees with ``spans``, blank lines end sentences."""
    seg = Segmenter(lang)
    spans = seg.spans(text)
    assert seg.split(text) == [text[s:e] for s, e in spans]
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip()
        assert _BLANK_LINE.search(sentence) is None
        assert _WS.fullmatch(text[previous_end:start]) or previous_end == start  # only whitespace between
        previous_end = end
    assert not text[previous_end:].strip()
    assert _WS.sub("", "".join(text[s:e] for s, e in spans)) == _WS.sub("", text)


@settings(FUZZ, max_examples=1000)
@given(hostile_text, st.sampled_from(["id", "en"]))
@example("Dr.\u200e Budi. \u202eIa\u202c pergi.\r\n\r\nLalu\x00 pulang… Ya?", "id")
@example("\ud800. \udc00\r\n\u2028\x85. A", "en")
def test_segmenter_spans_on_hostile_text(text: str, lang: str) -> None:
    check_spans(text, lang)


@settings(FUZZ, max_examples=200)
@given(hostile_text, st.sampled_from(["id", "en"]))
def test_segment_text_keeps_every_character(text: str, lang: str) -> None:
    """Paragraphs of sentences: trimmed non-empty sentences, and no non-whitespace character lost or reordered."""
    paragraphs = segment_text(text, lang)
    sentences = [s for p in paragraphs for s in p]
    assert all(p for p in paragraphs)
    assert all(s and s == s.strip() for s in sentences)
    assert _WS.sub("", "".join(sentences)) == _WS.sub("", text)


@settings(FUZZ, max_examples=6)
@given(st.lists(st.sampled_from(PIECES + HOSTILE + ABBREVIATIONS), min_size=1, max_size=8), st.booleans())
@example(["."], True)
@example(["(" * 3, "a" * 5], False)
def test_segmenter_on_100k_character_lines(pieces: list[str], spaced: bool) -> None:
    """A 100,000-character line (minified text, a base64 blob, a line of dots) splits in linear time."""
    unit = (" " if spaced else "").join(pieces) + (" " if spaced else "")
    text = unit * (100_000 // max(1, len(unit)) + 1)
    check_spans(text[:100_000], "id")


@pytest.mark.parametrize(
    "text",
    [
        "." * 100_000,
        " " * 100_000 + "A.",
        "a" * 100_000 + ". B",
        "(" + "x" * 99_998 + ")",
        ("\n" + " " * 999) * 100,
        "Ia pergi. " + "\u200b" * 100_000,
        "x." + " " * 100_000 + "”",
    ],
    ids=["dots", "spaces", "one-word", "paren", "space-lines", "zero-width", "detached-quote"],
)
def test_segmenter_on_pathological_long_inputs(text: str) -> None:
    check_spans(text, "en")


# ------------------------------------------------------------------------------------------------- aligner
@pytest.fixture(scope="module")
def aligner() -> Aligner:
    """The offline default: Gale-Church length, the shipped lexicon and anchors (no model)."""
    return Aligner()


def check_beads(beads, n: int, m: int, max_bead: int) -> None:
    """Every source and target index in exactly one bead, in order; shapes among the searched bead types."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    types = set(bead_types(max_bead))
    for b in beads:
        assert (len(b.src), len(b.tgt)) in types
        for side_ in (b.src, b.tgt):
            assert not side_ or side_ == tuple(range(side_[0], side_[0] + len(side_)))  # consecutive
        assert b.is_null == (not b.src or not b.tgt)
        assert math.isfinite(b.score)


_SENTENCES = [
    "Presiden tiba di Jakarta pada 2020.",
    "The president arrived in Jakarta in 2020.",
    "Harga naik Rp 5.000.",
    "Prices rose by 5,000 rupiah.",
    "",
    " ",
    "?",
    "NATO",
    "x" * 2000,
]
sentence = st.one_of(st.sampled_from(_SENTENCES), st.sampled_from(HOSTILE), hostile_text)
side = st.one_of(
    st.lists(sentence, max_size=12),
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=3).map(lambda s: s * 40),  # duplicates, long
)


@settings(FUZZ, max_examples=200)
@given(src=side, tgt=side, max_bead=st.integers(2, 5), exact=st.sampled_from([4, 60, 10**6]))
@example(src=[], tgt=[], max_bead=4, exact=10**6)
@example(src=["a"], tgt=["b"] * 120, max_bead=2, exact=4)
@example(src=[""] * 50, tgt=[""], max_bead=3, exact=4)
# Found by this test: a 2,000-letter word took 25 ms per sentence in the anchors' e-mail pattern, quadratic in
# the word's length (a 100,000-letter one took minutes); fixed in lintas.translate.align.anchors._URL_RE.
@example(src=["Ab" * 50_000], tgt=["Ab" * 50_000, "x" * 2000], max_bead=4, exact=10**6)
@pytest.mark.timeout(60)
def test_aligner_covers_both_sides_once(aligner, src, tgt, max_bead, exact) -> None:
    config = AlignerConfig(max_bead=max_bead, exact_cells=exact)
    result = Aligner(aligner.scorers, config).align(src, tgt)
    check_beads(result.beads, len(src), len(tgt), max_bead)
    assert len(result.pairs(include_null=True)) == len(result.beads)


@settings(FUZZ, max_examples=25)
@given(
    n=st.integers(0, 400),
    m=st.integers(0, 6),
    flip=st.booleans(),
    paragraphs=st.booleans(),
    data=st.data(),
)
def test_aligner_very_unequal_lengths(aligner, n, m, flip, paragraphs, data) -> None:
    """One side up to 400 sentences, the other up to 6, searched coarse to fine, with paragraph numbers."""
    src = [_SENTENCES[k % 4] + f" {k}" for k in range(n)]
    tgt = [_SENTENCES[(k + 1) % 4] for k in range(m)]
    if flip:
        src, tgt = tgt, src
    src_par = tgt_par = None
    if paragraphs:
        src_par, tgt_par = (
            sorted(data.draw(st.lists(st.integers(0, 3), min_size=len(s), max_size=len(s))))
            for s in (src, tgt)
        )
    config = AlignerConfig(exact_cells=50)
    result = Aligner(aligner.scorers, config).align(src, tgt, src_paragraphs=src_par, tgt_paragraphs=tgt_par)
    check_beads(result.beads, len(src), len(tgt), config.max_bead)
