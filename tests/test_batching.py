from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lintas.translate.batching import deduplicate, plan_batches, split_long_sentence


def test_deduplicate_keeps_first_seen_order():
    unique, mapping = deduplicate(["a", "b", "a", "c", "b"])
    assert unique == ["a", "b", "c"]
    assert mapping == [0, 1, 0, 2, 1]


@given(
    lengths=st.lists(st.integers(min_value=1, max_value=300), max_size=200),
    budget=st.integers(min_value=1, max_value=2000),
    size=st.integers(min_value=1, max_value=64),
)
def test_plan_batches_covers_every_item_once_within_budget(lengths, budget, size):
    batches = plan_batches(lengths, max_batch_tokens=budget, max_batch_size=size)
    seen = sorted(i for b in batches for i in b.indices)
    assert seen == list(range(len(lengths)))
    for batch in batches:
        assert len(batch.indices) <= size
        assert batch.max_tokens == max(lengths[i] for i in batch.indices)
        # A single item may exceed the budget on its own; otherwise the padded size stays within it.
        assert len(batch.indices) == 1 or batch.padded_tokens <= budget


def test_plan_batches_sorts_by_length():
    lengths = [5, 50, 6, 49, 5, 51]
    batches = plan_batches(lengths, max_batch_tokens=160, max_batch_size=8)
    assert [sorted(lengths[i] for i in b.indices) for b in batches] == [[49, 50, 51], [5, 5, 6]]


def words(s: str) -> int:
    return len(s.split()) + 1


def test_long_sentence_of_2000_tokens_loses_no_text():
    rng = random.Random(7)
    vocab = ["pemerintah", "mengatakan", "bahwa", "harga", "beras", "naik", "di", "Jakarta", "pada", "hari"]
    parts = []
    for i in range(2000):
        parts.append(rng.choice(vocab) + ("," if i % 37 == 36 else "") + (";" if i % 211 == 210 else ""))
    sentence = " ".join(parts) + "."
    assert words(sentence) > 2000
    pieces = split_long_sentence(sentence, words, 100)
    assert all(words(p) <= 100 for p in pieces)
    assert " ".join(pieces).split() == sentence.split()


def test_split_prefers_clause_boundaries():
    sentence = "satu dua tiga empat; lima enam tujuh delapan"
    assert split_long_sentence(sentence, words, 6) == ["satu dua tiga empat;", "lima enam tujuh delapan"]


def test_single_overlong_word_is_split_between_characters():
    url = "https://example.com/" + "a" * 500
    pieces = split_long_sentence(url, lambda s: len(s) // 10 + 1, 20)
    assert "".join(pieces) == url
    assert all(len(p) // 10 + 1 <= 20 for p in pieces)


@pytest.mark.parametrize("sentence", ["pendek.", "dua kata"])
def test_short_sentences_are_untouched(sentence):
    assert split_long_sentence(sentence, words, 10) == [sentence]
