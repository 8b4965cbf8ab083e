from __future__ import annotations

import pytest
from fakes import EchoEngine

from lintas.translate.translator import Translator


def make(engine: EchoEngine, **kwargs) -> Translator:
    return Translator("echo", engine=engine, **kwargs)


def test_order_is_restored_after_length_sorted_batching():
    engine = EchoEngine()
    sentences = [" ".join(["kata"] * n) + f" {i}." for i, n in enumerate([3, 40, 1, 25, 7, 40, 2, 12])]
    out = make(engine, batch_size=3, max_batch_tokens=100).translate(sentences)
    assert out == [f"EN({s})" for s in sentences]
    # Batches were built longest first, not in document order.
    first_batch_lengths = [len(s.split()) for s in engine.batches[0]]
    assert first_batch_lengths == sorted(first_batch_lengths, reverse=True)
    assert len(engine.batches) > 1


def test_duplicates_are_translated_once():
    engine = EchoEngine()
    t = make(engine)
    out = t.translate(["Halo.", "Apa kabar?", "Halo.", "Halo.", "Apa kabar?"])
    assert out == ["EN(Halo.)", "EN(Apa kabar?)", "EN(Halo.)", "EN(Halo.)", "EN(Apa kabar?)"]
    sent = [s for batch in engine.batches for s in batch]
    assert sorted(sent) == ["Apa kabar?", "Halo."]
    assert out.stats["unique"] == 2 and out.stats["sentences"] == 5


def test_empty_sentences_never_reach_the_engine():
    engine = EchoEngine()
    assert make(engine).translate(["", "  ", "Ya."]) == ["", "", "EN(Ya.)"]
    assert engine.batches == [["Ya."]]


def test_long_sentence_is_split_and_joined_without_loss():
    engine = EchoEngine(max_input_tokens=52, wrap=False)
    sentence = ", ".join(f"bagian {i} dari kalimat panjang" for i in range(450)) + "."
    assert len(sentence.split()) > 2000
    t = make(engine)
    result = t.translate([sentence])
    out = result[0]
    assert out.split() == sentence.split()
    assert result.stats["pieces"] > 1
    assert all(len(s.split()) + 1 <= 50 for batch in engine.batches for s in batch)


def test_output_cap_follows_input_length_and_fixed_length_overrides():
    engine = EchoEngine()
    make(engine, max_output_tokens=256).translate(["satu dua tiga"])
    assert engine.options[-1].max_output_tokens == 2 * 4 + 10
    engine = EchoEngine()
    make(engine, fixed_output_tokens=32).translate(["satu dua tiga"])
    assert engine.options[-1].max_output_tokens == 32
    assert engine.options[-1].min_output_tokens == 32


def test_tiny_model_is_deterministic_and_order_preserving(tiny_translator):
    sentences = ["Presiden berkunjung ke Bandung.", "Harga beras naik 5 persen.", "Halo dunia."]
    first = tiny_translator.translate(sentences)
    again = tiny_translator.translate(list(reversed(sentences)))
    assert len(first) == 3 and all(isinstance(s, str) and s for s in first)
    assert list(reversed(again)) == first
    assert tiny_translator.translate([sentences[1]]) == [first[1]]


def test_tiny_model_long_sentence_pieces_fit_the_model(tiny_translator):
    sentence = " ".join(f"kata{i}," for i in range(1200))
    engine = tiny_translator.engine
    assert engine.count_tokens([sentence])[0] > engine.max_input_tokens
    out = tiny_translator.translate([sentence])
    assert out.stats["pieces"] > 1
    assert isinstance(out[0], str)


@pytest.mark.parametrize(
    ("sentences", "message"),
    [
        ("Selamat pagi.", "sentences must be a list of strings, got one str"),
        ([None], r"sentences\[0\] must be a string, got NoneType"),
        (["Halo.", 3], r"sentences\[1\] must be a string, got int"),
        (42, "sentences must be a list of strings, got int"),
    ],
)
def test_translate_refuses_what_is_not_a_list_of_strings(sentences, message):
    from lintas.translate.errors import InputError

    with pytest.raises(InputError, match=message):
        Translator("echo", engine=EchoEngine()).translate(sentences)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("beam_size", 0),
        ("beam_size", -1),
        ("batch_size", 0),
        ("max_output_tokens", 0),
        ("max_input_tokens", -1),
    ],
)
def test_bad_numeric_options_are_one_clear_error(option, value):
    from lintas.translate.errors import InputError

    with pytest.raises(InputError, match=f"{option} must be a whole number of at least 1, got {value}"):
        Translator("echo", engine=EchoEngine(), **{option: value})


def test_aligner_refuses_strings_for_sentence_lists():
    from lintas.translate.align import Aligner
    from lintas.translate.errors import InputError

    with pytest.raises(InputError, match="src must be a list of strings, got one str"):
        Aligner().align("Halo dunia.", ["Hello world."])
    with pytest.raises(InputError, match=r"tgt\[0\] must be a string"):
        Aligner().align(["Halo dunia."], [None])
