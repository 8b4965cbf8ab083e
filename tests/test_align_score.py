"""Strict/lax alignment scores (eval/align_score.py) against a hand-computed example."""

from __future__ import annotations

import json

import pytest

from lintas.eval.align_score import (
    coarsen_to_gold,
    expand_beads,
    read_beads,
    score_alignments,
    score_files,
    verse_units,
)
from lintas.translate.errors import InputError

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3)), ((5,), (4,)), ((6,), (5,))]
HYP = [
    ((0,), (0,)),
    ((1,), (1,)),
    ((2,), ()),
    ((3,), ()),
    ((4,), (2,)),
    ((), (3,)),
    ((5,), ()),
    ((6,), (4,)),
    ((), (5,)),
]


def test_hand_computed_example():
    """Worked by hand. Non-null gold beads: (0|0) (1,2|1) (4|2,3) (5|4) (6|5); non-null hypothesis beads:
    (0|0) (1|1) (4|2) (6|4).

    Precision: strict 1/4 (only 0|0 is a gold bead); lax 3/4 (1|1 and 4|2 overlap gold links; 6|4 does not:
    source 6 is linked to target 5 in the gold).
    Recall: strict 1/5; lax 3/5 (0|0, 1,2|1 and 4|2,3 overlap hypothesis links; 5|4 does not, because source 5
    is a null bead in the hypothesis; 6|5 does not, the hypothesis links 6 to 4).
    """
    s = score_alignments([GOLD], [HYP])
    assert s.precision_strict == pytest.approx(1 / 4)
    assert s.recall_strict == pytest.approx(1 / 5)
    assert s.f1_strict == pytest.approx(2 / 9)
    assert s.precision_lax == pytest.approx(3 / 4)
    assert s.recall_lax == pytest.approx(3 / 5)
    assert s.f1_lax == pytest.approx(2 / 3)
    assert (s.hyp_beads, s.gold_beads, s.documents) == (4, 5, 1)


def test_perfect_and_null_only():
    assert score_alignments([GOLD], [GOLD]).f1_strict == 1.0
    # Null beads are excluded: a hypothesis of nulls only has no beads to be right about.
    nulls = [((i,), ()) for i in range(7)] + [((), (j,)) for j in range(6)]
    s = score_alignments([GOLD], [nulls])
    assert s.precision_strict == 0.0 and s.recall_strict == 0.0 and s.hyp_beads == 0


def test_include_null_counts_null_precision_like_vecalign():
    s = score_alignments([GOLD], [HYP], include_null=True)
    # Hypothesis beads now include its 5 nulls; only (3|) matches a gold null: precision strict 2/9.
    assert s.precision_strict == pytest.approx(2 / 9)
    assert s.recall_strict == pytest.approx(1 / 5)


def test_counts_are_summed_over_documents():
    s = score_alignments([GOLD, GOLD], [HYP, GOLD])
    assert s.precision_strict == pytest.approx((1 + 5) / (4 + 5))
    assert s.recall_strict == pytest.approx((1 + 5) / (5 + 5))


def test_coarsen_merges_splits_inside_one_gold_bead_only():
    gold = [((0, 1), (0, 1)), ((2,), (2,))]
    split_inside = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert sorted(coarsen_to_gold(gold, split_inside)) == sorted(gold)
    crossing = [((0,), (0,)), ((1, 2), (1, 2))]
    assert sorted(coarsen_to_gold(gold, crossing)) == sorted(crossing)
    partial = [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,))]
    assert ((0, 1), (0, 1)) not in coarsen_to_gold(gold, partial)
    assert score_alignments([gold], [split_inside], coarsen=True).f1_strict == 1.0
    assert score_alignments([gold], [split_inside]).f1_strict == pytest.approx(2 / 5)


def test_files_in_both_shapes(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "beads": [[list(s), list(t)] for s, t in GOLD]}) + "\n")
    hyp = tmp_path / "hyp.jsonl"
    hyp.write_text(
        "".join(json.dumps({"id": "d1", "src": list(s), "tgt": list(t), "score": 0.0}) + "\n" for s, t in HYP)
    )
    assert score_files(gold, hyp).f1_strict == pytest.approx(2 / 9)
    assert read_beads(hyp)["d1"] == HYP


def test_file_errors(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "beads": [[[0], [0]]]}) + "\n" + json.dumps({"id": "b", "beads": []}) + "\n"
    )
    hyp = tmp_path / "hyp.jsonl"
    hyp.write_text(json.dumps({"id": "a", "src": [0], "tgt": [0]}) + "\n")
    with pytest.raises(InputError, match="no beads for document id 'b'"):
        score_files(gold, hyp)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "a", "beads": []}) + "\n{oops\n")
    with pytest.raises(InputError, match="line 2 is not valid JSON"):
        read_beads(bad)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({"id": "a", "src": [0, -1], "tgt": [0]}) + "\n")
    with pytest.raises(InputError, match="line 1"):
        read_beads(wrong)


# ------------------------------------------------------------------------------------------------ verse gold
#: A hand-made chapter of 7 verses. Source: verse 3 is merged into verse 2 (a range), verse 5 is absent, verse 7
#: is merged into verse 6. Target: verse 4 is merged into verse 3, verse 5 stands alone.
CHAPTER_SRC = [
    "Pada mulanya adalah Firman.",
    "Firman itu bersama Allah. Firman itu adalah Allah.",
    "<range>",
    "Segala sesuatu dijadikan oleh Dia.",
    "",
    "Dalam Dia ada hidup.",
    "<range>",
]
CHAPTER_TGT = [
    "In the beginning was the Word.",
    "The Word was with God, and the Word was God.",
    "He was with God in the beginning.",
    "<range>",
    "Everything was made through him.",
    "In him was life.",
    "That life was the light of all people.",
]


def test_verse_units_with_ranges_and_absent_verses():
    units = verse_units(CHAPTER_SRC, CHAPTER_TGT)
    assert units.src == [CHAPTER_SRC[0], CHAPTER_SRC[1], CHAPTER_SRC[3], CHAPTER_SRC[5]]
    assert units.tgt == [
        CHAPTER_TGT[0],
        CHAPTER_TGT[1],
        CHAPTER_TGT[2],
        CHAPTER_TGT[4],
        CHAPTER_TGT[5],
        CHAPTER_TGT[6],
    ]
    assert units.src_verses == [(0,), (1, 2), (3,), (5, 6)]
    assert units.tgt_verses == [(0,), (1,), (2, 3), (4,), (5,), (6,)]
    # Verse 1 is 1-1. Source unit 1 (verses 2-3) overlaps target units 1 (verse 2) and 2 (verses 3-4), which
    # overlaps source unit 2 (verse 4): one 2-2 bead. Verse 5 is the target's alone (0-1). Source unit 3
    # (verses 6-7) covers target units 4 and 5 (1-2).
    assert units.beads == [((0,), (0,)), ((1, 2), (1, 2)), ((), (3,)), ((3,), (4, 5))]


def test_verse_units_plain_chapter_is_one_to_one():
    units = verse_units(["A.", "B.", "", "D."], ["a.", "b.", "", "d."])
    assert units.beads == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert verse_units(["A.", ""], ["", "b."]).beads == [((0,), ()), ((), (0,))]
    # A range line with nothing before it in the chapter merges into nothing.
    assert verse_units(["<range>", "B."], ["a.", "b."]).beads == [((), (0,)), ((0,), (1,))]
    with pytest.raises(ValueError, match="verse lines"):
        verse_units(["A."], [])


def test_expand_beads_to_sentences():
    units = verse_units(CHAPTER_SRC, CHAPTER_TGT)
    # Sentences per unit: the source's second unit holds two sentences, the rest one each.
    beads = expand_beads(units.beads, [1, 2, 1, 1], [1, 1, 1, 1, 1, 1])
    assert beads == [((0,), (0,)), ((1, 2, 3), (1, 2)), ((), (3,)), ((4,), (4, 5))]
    # A unit split into no sentences at all disappears from its bead; an empty bead is dropped.
    assert expand_beads([((0,), (0,)), ((1,), ())], [1, 0], [1]) == [((0,), (0,))]
    # Scored against itself, the sentence-level gold is perfect, also after coarsening.
    assert score_alignments([beads], [beads], coarsen=True).f1_strict == 1.0


def test_shipped_bible_verse_gold():
    """The shipped AGS x FBV New Testament: 260 chapters, no verse ranges, 17 verses absent on both sides."""
    from collections import Counter
    from pathlib import Path

    base = Path(__file__).resolve().parents[1] / "data" / "align"
    refs, ind, eng = (
        (base / f"bible_nt.{ext}").read_text(encoding="utf-8").splitlines() for ext in ("vref", "ind", "eng")
    )
    chapters: dict[str, tuple[list[str], list[str]]] = {}
    for ref, a, b in zip(refs, ind, eng, strict=True):
        src, tgt = chapters.setdefault(ref.split(":")[0], ([], []))
        src.append(a)
        tgt.append(b)
    shapes = Counter()
    for src, tgt in chapters.values():
        units = verse_units(src, tgt)
        shapes.update((len(s), len(t)) for s, t in units.beads)
    assert len(chapters) == 260
    assert shapes == Counter({(1, 1): len(refs) - 17})
