"""The learned lexicon: IBM Model 1 on a toy corpus, file round trip, the shipped file's provenance."""

from __future__ import annotations

import pytest

from lintas.translate.align.lexicon import (
    DEFAULT_LEXICON,
    Lexicon,
    en_terms,
    id_terms,
    learn_lexicon,
    load_lexicon,
    normalize_en,
    normalize_id,
)
from lintas.translate.errors import InputError

TOY = [
    ("rumah itu besar", "the house is big"),
    ("rumah saya kecil", "my house is small"),
    ("kucing itu besar", "the cat is big"),
    ("kucing saya kecil", "my cat is small"),
    ("anjing itu besar", "the dog is big"),
    ("anjing dan kucing", "dog and cat"),
    ("rumah dan anjing", "house and dog"),
]


def test_normal_forms():
    assert normalize_id("Rumahnya") == "rumah"
    assert normalize_id("nya") == "nya"  # too short to strip
    assert normalize_en("Houses") == "house" and normalize_en("cities") == "city"
    assert id_terms("Dia pergi ke rumahnya.") == ["pergi", "rumah"]  # stopwords dropped
    assert en_terms("The houses were big.") == ["house", "big"]


def test_ibm1_learns_toy_translations():
    lex = learn_lexicon(TOY, min_count=2, min_prob=0.2)
    assert lex.translations("rumah")[0][0] == "house"
    assert lex.translations("kucing")[0][0] == "cat"
    assert lex.translations("anjing")[0][0] == "dog"
    assert lex.translations("besar")[0][0] == "big"
    assert lex.translations("tidakada") == []
    assert int(lex.meta["sentence_pairs"]) == len(TOY)


def test_deterministic_and_round_trip(tmp_path):
    a = learn_lexicon(TOY, min_count=1)
    b = learn_lexicon(TOY, min_count=1)
    assert a.to_text() == b.to_text()
    path = tmp_path / "lex.tsv"
    a.save(path)
    back = Lexicon.load(path)
    assert back.to_text() == a.to_text()
    assert back.meta == a.meta


def test_malformed_file(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# format: lintas-lexicon 1\nrumah\thouse\tnot-a-number\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        Lexicon.load(path)


def test_no_pairs():
    with pytest.raises(InputError):
        learn_lexicon([("", "")])


def test_shipped_lexicon_says_where_it_comes_from():
    lex = load_lexicon()
    assert DEFAULT_LEXICON.exists()
    sources = lex.meta["sources"]
    for name in ("flores200-dev", "tico19-dev", "tatoeba-test", "nusax-train", "nusax-valid", "bible-nt"):
        assert name in sources
    # The alignment benchmark's evaluation sets must not be in the lexicon's training data.
    assert "devtest" not in sources and "tico19/test" not in sources
    assert lex.translations("rumah") and lex.translations("pemerintah")[0][0] == "government"
    assert float(lex.meta["length_ratio_en_id"]) < 1.0  # Indonesian runs longer than English
