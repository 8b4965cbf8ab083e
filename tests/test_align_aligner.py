"""The aligner end to end: hand-made documents with known beads, invariants on random input, scale."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintas.eval.align_score import score_alignments
from lintas.translate.align import Aligner, AlignerConfig, MTScorer
from lintas.translate.align.anchors import anchors, skeleton

SRC = [
    "Presiden Joko Widodo tiba di Brussel pada hari Senin untuk bertemu Sekretaris Jenderal NATO Jens Stoltenberg.",
    "Kedua pemimpin membahas keamanan regional selama dua jam.",
    "Mereka juga berbicara tentang perdagangan dan investasi.",
    "Stoltenberg mengatakan bahwa Indonesia adalah mitra yang penting, dan ia berharap kerja sama itu akan "
    "berlanjut hingga tahun 2030.",
    "Foto: Reuters/Yves Herman",
    "Kunjungan ini adalah yang pertama sejak tahun 2019.",
    "Apakah Indonesia akan bergabung dengan latihan militer di Laut Utara?",
]
TGT = [
    "President Joko Widodo arrived in Brussels on Monday to meet NATO Secretary General Jens Stoltenberg.",
    "The two leaders discussed regional security for two hours, and they also talked about trade and investment.",
    "Stoltenberg said Indonesia was an important partner.",
    "He hoped the cooperation would continue until 2030.",
    "The visit is the first since 2019.",
    "Reporting by Jane Smith; editing by Tom Brown.",
    "Will Indonesia join the military exercises in the North Sea?",
]
#: Paragraph of each sentence, as the segmenter reports them: the photo credit and the byline stand alone.
SRC_PARAGRAPHS = [0, 1, 1, 2, 3, 4, 5]
TGT_PARAGRAPHS = [0, 1, 2, 2, 3, 4, 5]
#: 1-1, 2-1, 1-2, 1-0 (a photo credit), 1-1, 0-1 (a byline), 1-1.
GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), ()), ((5,), (4,)), ((), (5,)), ((6,), (6,))]


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


def check_invariants(beads, n: int, m: int, max_bead: int = 4) -> None:
    """Document order, every sentence in exactly one bead, no empty bead, bead sizes within the limit."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    for b in beads:
        assert b.src or b.tgt
        assert len(b.src) + len(b.tgt) <= max_bead
        assert list(b.src) == sorted(b.src) and list(b.tgt) == sorted(b.tgt)


def test_hand_made_document(aligner):
    result = aligner.align(SRC, TGT, src_paragraphs=SRC_PARAGRAPHS, tgt_paragraphs=TGT_PARAGRAPHS)
    assert [(b.src, b.tgt) for b in result.beads] == GOLD
    check_invariants(result.beads, len(SRC), len(TGT))
    # Null beads score minus the skip penalty; a clean 1-1 bead scores better than a null bead.
    scores = {(b.src, b.tgt): b.score for b in result.beads}
    assert scores[((4,), ())] == -aligner.config.skip
    assert scores[((0,), (0,))] > scores[((4,), ())]
    pairs = result.pairs()
    assert pairs[1][:2] == (f"{SRC[1]} {SRC[2]}", TGT[1])
    assert len(result.pairs(include_null=True)) == len(GOLD)


def test_swapped_sides_mirror(aligner):
    """Reversing the documents' order reverses the beads: the search has no left-to-right bias."""
    result = aligner.align(
        SRC[::-1], TGT[::-1], src_paragraphs=SRC_PARAGRAPHS[::-1], tgt_paragraphs=TGT_PARAGRAPHS[::-1]
    )
    n, m = len(SRC), len(TGT)
    mirrored = sorted((tuple(n - 1 - i for i in s)[::-1], tuple(m - 1 - j for j in t)[::-1]) for s, t in GOLD)
    assert sorted((b.src, b.tgt) for b in result.beads) == mirrored


def test_empty_documents(aligner):
    r = aligner.align([], TGT)
    assert [(b.src, b.tgt) for b in r.beads] == [((), (j,)) for j in range(len(TGT))]
    r = aligner.align(SRC, [])
    assert [(b.src, b.tgt) for b in r.beads] == [((i,), ()) for i in range(len(SRC))]
    assert aligner.align([], []).beads == []


def test_one_side_fifty_times_longer(aligner):
    rng = random.Random(1)
    filler = [f"Kalimat tambahan nomor {k} tentang hal lain sama sekali." for k in range(50 * len(SRC))]
    tgt_filler = [f"Unrelated sentence {k} about something else entirely." for k in range(50 * len(TGT))]
    rng.shuffle(tgt_filler)
    result = aligner.align(SRC[:2], tgt_filler + TGT[:1] + tgt_filler[:5])
    check_invariants(result.beads, 2, len(tgt_filler) + 6)
    assert ((0,), (len(tgt_filler),)) in [(b.src, b.tgt) for b in result.beads]
    result = aligner.align(filler, TGT)
    check_invariants(result.beads, len(filler), len(TGT))


def test_coarse_to_fine_matches_exact_search(aligner):
    """A 300-sentence document searched coarse to fine gives the exhaustive search's beads."""
    from pathlib import Path

    base = Path(__file__).resolve().parents[1] / "data" / "testsets" / "tico19"
    ind = (base / "test.ind").read_text(encoding="utf-8").splitlines()[:300]
    eng = (base / "test.eng").read_text(encoding="utf-8").splitlines()[:300]
    src = ind[:100] + ind[101:]  # one sentence deleted on each side, at different places
    tgt = eng[:200] + eng[201:]
    banded = Aligner(aligner.scorers, AlignerConfig(exact_cells=5_000)).align(src, tgt)
    exact = Aligner(aligner.scorers, AlignerConfig(exact_cells=10**6)).align(src, tgt)
    assert [(b.src, b.tgt) for b in banded.beads] == [(b.src, b.tgt) for b in exact.beads]
    gold = [((i,), (i,)) for i in range(100)] + [((), (100,))]
    gold += [((i - 1,), (i,)) for i in range(101, 200)] + [((199,), ())]
    gold += [((i - 1,), (i - 1,)) for i in range(201, 300)]
    assert score_alignments([gold], [[(b.src, b.tgt) for b in banded.beads]]).f1_strict > 0.97


words = st.text(alphabet="abcdeiklmnoprstuyABCDN0123456789 .,?", min_size=0, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    src=st.lists(words, max_size=25),
    tgt=st.lists(words, max_size=25),
    max_bead=st.integers(2, 5),
    exact=st.sampled_from([10, 10**6]),
)
def test_invariants_on_random_input(aligner, src, tgt, max_bead, exact):
    config = AlignerConfig(max_bead=max_bead, exact_cells=exact)
    result = Aligner(aligner.scorers, config).align(src, tgt)
    check_invariants(result.beads, len(src), len(tgt), max_bead)


def test_offline_without_lexicon():
    """Length and anchors alone still pair the sentences that share names and numbers."""
    result = Aligner(Aligner.default_scorers(None)).align(SRC, TGT)
    check_invariants(result.beads, len(SRC), len(TGT))
    beads = [(b.src, b.tgt) for b in result.beads]
    assert ((0,), (0,)) in beads and ((6,), (6,)) in beads


def test_paragraph_numbers_must_match():
    with pytest.raises(ValueError, match="src_paragraphs"):
        Aligner(Aligner.default_scorers(None)).align(SRC, TGT, src_paragraphs=[0])


class FakeTranslator:
    """Translates by table look-up: the MT scorer's plumbing with a perfect 'system'."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.calls = 0

    def translate(self, sentences):
        self.calls += 1
        return [self.table.get(s, "") for s in sentences]


def test_mt_scorer_aligns_by_translation():
    reference = {
        SRC[0]: TGT[0],
        SRC[1]: "The two leaders discussed regional security for two hours,",
        SRC[2]: "and they also talked about trade and investment.",
        SRC[3]: TGT[2] + " " + TGT[3],
        SRC[4]: "Photo: Reuters/Yves Herman",
        SRC[5]: TGT[4],
        SRC[6]: TGT[6],
    }
    mt = FakeTranslator(reference)
    result = Aligner([*Aligner.default_scorers(), MTScorer(mt)]).align(
        SRC, TGT, src_paragraphs=SRC_PARAGRAPHS, tgt_paragraphs=TGT_PARAGRAPHS
    )
    assert mt.calls == 1
    assert [(b.src, b.tgt) for b in result.beads] == GOLD
    # On its own, the MT evidence prefers every gold bead to its neighbours.
    from lintas.translate.align.band import Band, BandNodes
    from lintas.translate.align.dp import bead_types

    types = bead_types(4)
    band = Band.full(len(SRC), len(TGT))
    costs = (
        MTScorer(FakeTranslator(reference), weight=1.0)
        .prepare(SRC, TGT)
        .bead_costs(BandNodes.of(band), types)
    )

    def cost(i, j, a, b):
        return costs[types.index((a, b)), band.index(np.array([i]), np.array([j]))[0]]

    assert cost(1, 1, 1, 1) < cost(1, 2, 1, 1) and cost(1, 1, 1, 1) < cost(2, 1, 1, 1)
    assert cost(3, 2, 2, 1) < cost(3, 2, 1, 1) < 0  # the 2-1 bead explains more than its first sentence alone
    assert cost(6, 5, 1, 1) < cost(6, 6, 1, 1)  # "Kunjungan ..." goes with "The visit ...", not the byline


def test_short_split_off_sentence_joins_its_neighbour(aligner):
    """A short sentence the translator split off ("He's my only child.") carries little evidence of its own: it
    joins the sentence it came from (a 1-2 bead) instead of being left without counterpart."""
    src = [
        "Keesokan harinya ketika mereka sudah turun dari gunung, sekelompok besar orang sedang menunggu untuk "
        "bertemu dengan Yesus.",
        "Seorang laki-laki di antara mereka berteriak, “Guru, tolong tengok anak laki-lakiku satu-satunya.",
        "Roh jahat menguasai dia dan dengan segera dia berteriak.",
    ]
    tgt = [
        "The next day, when they had come down the mountain, a huge crowd was waiting to meet Jesus.",
        "A man in the crowd called out, “Teacher, please look at my son.",
        "He's my only child.",
        "A spirit possesses him and he screams immediately.",
    ]
    beads = [(b.src, b.tgt) for b in aligner.align(src, tgt).beads]
    assert beads == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_anchor_keys():
    assert skeleton("Brussel") == skeleton("Brussels")
    assert skeleton("Timotius") == skeleton("Timothy") and skeleton("teori") == skeleton("theory")
    assert skeleton("Yerusalem") == skeleton("Jerusalem")
    assert skeleton("teknologi") == skeleton("technology")
    a = anchors("Pada 12 Januari 2021, NATO membayar Rp1.000.000 lewat https://nato.int/a?")
    b = anchors("On January 12, 2021, NATO paid 1,000,000 through https://nato.int/a?")
    for key in ("n:12", "n:2021", "n:1000000", "m:1", "u:nato.int/a?", "w:nato"):
        assert key in a and key in b, key
    assert "p:?" in anchors("Apa kabar?") and {"p:q<", "p:q>"} <= set(anchors("“Ya,” katanya."))
