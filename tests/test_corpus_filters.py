"""Each corpus filter on hand-made pairs it must keep and pairs it must drop; the registry and the dedup table."""

from __future__ import annotations

import json
import random

import pytest

from lintas.translate.corpus.dedupe import ExactDuplicateFilter, NormalizedDuplicateFilter, SeenHashes
from lintas.translate.corpus.filter_errors import FilterConfigError
from lintas.translate.corpus.filter_registry import (
    DEDUP_FILTERS,
    FILTERS,
    PAIR_FILTERS,
    filter_options,
    make_filter,
)
from lintas.translate.corpus.filters import (
    AlignmentScoreFilter,
    BoilerplateFilter,
    DegenerateTranslationFilter,
    JunkFilter,
    LanguageFilter,
    LengthFilter,
    LengthRatioFilter,
    NumbersFilter,
    Pair,
    judge,
    numbers,
)


def kept(f, src: str, tgt: str, score: float | None = None, flag: str | None = None) -> bool:
    return f.accept(f.score(Pair(src, tgt, score, flag)))


# (filter, source, target, alignment score, expected: kept?)
CASES = [
    (LengthFilter(), "Ya.", "Yes.", None, True),
    (LengthFilter(), "", "Yes.", None, False),
    (LengthFilter(max_words=5), "Satu dua tiga empat lima enam.", "One two three.", None, False),
    (LengthFilter(min_words=3), "Halo dunia.", "Hello world, friends.", None, False),
    (
        LengthRatioFilter(),
        "Harga beras naik tajam minggu ini.",
        "Rice prices rose sharply this week.",
        None,
        True,
    ),
    (
        LengthRatioFilter(),
        "Harga beras naik.",
        "Rice prices rose sharply this week, traders in Jakarta said.",
        None,
        False,
    ),
    (LengthRatioFilter(), "OK.", "Baiklah.", None, True),  # both sides short: not judged
    (AlignmentScoreFilter(), "a", "b", -1.2, True),
    (AlignmentScoreFilter(), "a", "b", -6.0, False),
    (AlignmentScoreFilter(), "a", "b", None, True),  # synthetic pairs have no score
    (NumbersFilter(), "Harganya Rp 12.000 per 3,5 kg.", "It costs Rp 12,000 per 3.5 kg.", None, True),
    (NumbersFilter(), "Rapat dimulai pukul 10.30.", "The meeting started at 10:30.", None, True),
    (NumbersFilter(), "Sebanyak 8 orang tewas.", "Eight people died.", None, True),  # one number in words
    (NumbersFilter(), "Pada tahun 2019 harga naik.", "In 2020 prices rose.", None, False),
    (NumbersFilter(), "Ada 12 korban dan 40 luka.", "There were 3 victims.", None, False),
    (
        JunkFilter(),
        "Lihat www.who.int untuk informasi terbaru.",
        "See www.who.int for the latest news.",
        None,
        True,
    ),
    (JunkFilter(), "SARS-CoV-2 (0,31/100.000) pada pria.", "SARS-CoV-2 (0.31/100,000) in men.", None, True),
    (JunkFilter(), "<div class='x'>Berita</div>", "News", None, False),
    (JunkFilter(), "Harga&nbsp;naik", "Prices rise", None, False),
    (
        JunkFilter(),
        "https://example.com/berita/2020/harga-naik",
        "https://example.com/news/2020/prices",
        None,
        False,
    ),
    (JunkFilter(), "| --- | --- |", "| --- | --- |", None, False),
    (
        BoilerplateFilter(),
        "Editor majalah itu mengatakan harga naik.",
        "The magazine's editor said prices rose.",
        None,
        True,
    ),
    (
        BoilerplateFilter(),
        "Baca juga: Harga cabai naik lagi",
        "Read also: Chili prices rise again",
        None,
        False,
    ),
    (BoilerplateFilter(), "Posted By : admin", "Posted By : admin", None, False),
    (BoilerplateFilter(), "Bagikan artikel ini", "Share this article", None, False),
    (BoilerplateFilter(), "Oleh: Budi Santoso", "By Budi Santoso", None, False),
    (BoilerplateFilter(), "Nasional", "National", None, False),
    (
        LanguageFilter(),
        "Pemerintah mengumumkan kebijakan baru tentang harga bahan bakar.",
        "The government announced a new policy on fuel prices.",
        None,
        True,
    ),
    (
        LanguageFilter(),
        "The government announced a new policy on fuel prices.",
        "The government announced a new policy on fuel prices.",
        None,
        False,
    ),
    (
        LanguageFilter(),
        "Pemerintah mengumumkan kebijakan baru tentang harga bahan bakar.",
        "Pemerintah mengumumkan kebijakan baru tentang harga bahan bakar.",
        None,
        False,
    ),
    (LanguageFilter(), "Ya.", "OK.", None, True),  # too short to judge
]


@pytest.mark.parametrize(("f", "src", "tgt", "score", "expected"), CASES)
def test_filter_cases(f, src, tgt, score, expected):
    assert kept(f, src, tgt, score) is expected


def test_degenerate_translation_filter_reads_the_translator_flag():
    f = DegenerateTranslationFilter()
    assert kept(f, "Halo.", "Hello.")
    assert not kept(f, "Halo.", "Hello hello hello hello.", flag="repetition")


def test_language_filter_options_and_detected_labels():
    f = LanguageFilter(src=["id"])
    score = f.score(
        Pair("Pemerintah mengumumkan kebijakan baru tentang harga bahan bakar.", "The government said so.")
    )
    assert score == ["id", "en"]
    with pytest.raises(FilterConfigError, match="not among languages"):
        LanguageFilter(src=["fr"])


def test_numbers_normalises_separators_and_leading_zeros():
    assert numbers("12.000 dan 3,5 pada 07.19") == numbers("12,000 and 3.5 at 07:19")
    assert numbers("007") == numbers("7")
    assert NumbersFilter().score(Pair("2019", "2020")) == 2


def test_filter_scores_are_json_ready_and_judge_runs_every_filter():
    filters = [make_filter(name) for name in PAIR_FILTERS]
    verdict = judge(
        filters, Pair("Baca juga: harga naik 5 persen dalam 7 hari", "The government said so.", -7.0)
    )
    assert list(verdict.scores) == list(PAIR_FILTERS)
    assert json.loads(json.dumps(verdict.scores)) == verdict.scores
    # No short cut: every failing filter is named, in order.
    assert verdict.failed[0] == "boilerplate"
    assert {"alignment_score", "numbers"} <= set(verdict.failed)
    assert not verdict.kept


def test_make_filter_refuses_unknown_filters_options_and_values():
    with pytest.raises(FilterConfigError, match="unknown filter 'lenght'"):
        make_filter("lenght")
    with pytest.raises(FilterConfigError, match="unknown option 'max_word'.*max_words"):
        make_filter("length", {"max_word": 3})
    with pytest.raises(FilterConfigError, match="min_words <= max_words"):
        make_filter("length", {"min_words": 5, "max_words": 2})
    with pytest.raises(FilterConfigError, match="unknown rules"):
        make_filter("boilerplate", {"rules": ["nope"]})
    with pytest.raises(FilterConfigError, match="takes no options"):
        make_filter("duplicate_exact", {"x": 1})


def test_registry_names_and_options():
    assert list(FILTERS) == [*PAIR_FILTERS, *DEDUP_FILTERS]
    assert filter_options("length") == {
        "min_words": LengthFilter.MIN_WORDS,
        "max_words": LengthFilter.MAX_WORDS,
    }
    assert filter_options("language")["src"] == ["id", "ms"]
    for name, cls in FILTERS.items():
        assert cls.NAME == name and cls.DESCRIPTION


def test_exact_and_normalized_duplicates():
    exact, norm = ExactDuplicateFilter(), NormalizedDuplicateFilter()
    assert exact.first_time("Harga naik!", "Prices rise!")
    assert not exact.first_time("Harga naik!", "Prices rise!")
    assert exact.first_time("harga naik", "prices rise")  # differs in case and punctuation: not exact
    assert norm.first_time("Harga naik!", "Prices rise!")
    assert not norm.first_time("harga  naik", "Prices - rise")
    assert norm.first_time("Harga naik 5 persen", "Prices rise 5 percent")
    assert norm.first_time(
        "Harga naik 6 persen", "Prices rise 6 percent"
    )  # a different number: a different pair
    by_src = NormalizedDuplicateFilter(sides="src")
    assert by_src.first_time("Halo.", "Hello.")
    assert not by_src.first_time("halo", "Hi.")


def test_seen_hashes_matches_a_python_set_through_growth():
    rng = random.Random(7)
    seen, reference = SeenHashes(capacity=16), set()
    values = [rng.getrandbits(64) | 2 for _ in range(3000)] + [2**64 - 1]
    values += values[:500]  # repeats
    for v in values:
        assert seen.add(v) is (v not in reference)
        reference.add(v)
    assert len(seen) == len(reference)
    assert all(v in seen for v in reference)
    assert (rng.getrandbits(64) | 2) not in seen
    assert seen.nbytes <= 16 * 4 * len(seen)  # at most half full, and grown by doubling


def test_seen_hashes_zero_is_stored_as_one():
    seen = SeenHashes()
    assert seen.add(0)
    assert not seen.add(1)  # 0 marks empty slots, so the hash 0 shares a slot with 1 (a 2**-64 event)
