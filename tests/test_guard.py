"""Degenerate output: detection, retry with repetition controls, flags in JSONL."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fakes import EchoEngine

from lintas.translate.cli import main
from lintas.translate.guard import degeneracy
from lintas.translate.translator import Translator


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Maaf.", "I'm sorry I'm sorry I'm sorry I'm sorry", "repetition"),
        ("Halo.", "whe whe whe whe whe", "repetition"),
        ("Harga naik.", "The price went up.", None),
        ("Ya, ya, ya, ya!", "Yes, yes, yes, yes!", None),  # the source repeats itself: not a model loop
        (
            "Ok.",
            "This translation runs on and on far past anything the short source could have said here.",
            "length",
        ),
        ("Dia sangat sangat senang.", "He was very, very happy.", None),
    ],
)
def test_degeneracy(source, translation, expected):
    assert degeneracy(source, translation) == expected


class LoopingEngine(EchoEngine):
    """Loops unless asked to avoid repeated n-grams, or always (``stubborn``)."""

    def __init__(self, stubborn: bool = False) -> None:
        super().__init__()
        self.stubborn = stubborn

    def translate_batch(self, sentences, *, options):
        super().translate_batch(sentences, options=options)
        if options.no_repeat_ngram_size and not self.stubborn:
            return [f"EN({s})" for s in sentences]
        return ["sorry " * 8 for _ in sentences]


def test_retry_with_repetition_controls_fixes_the_loop():
    engine = LoopingEngine()
    t = Translator("echo", engine=engine)
    out = t.translate(["Maaf sekali."])
    assert out == ["EN(Maaf sekali.)"]
    assert out.flags == {} and out.stats["retried"] == 1
    assert engine.options[-1].no_repeat_ngram_size == 3 and engine.options[-1].repetition_penalty == 1.2


def test_stubborn_loop_is_flagged():
    t = Translator("echo", engine=LoopingEngine(stubborn=True))
    out = t.translate(["Baik.", "Maaf sekali.", "Maaf sekali."])
    assert out[1].startswith("sorry")
    assert out.flags == {0: "repetition", 1: "repetition", 2: "repetition"}


def test_tiny_fixture_repeats_and_jsonl_flags_it(tiny_model_dir, tmp_path):
    """The tiny random model loops ("whe whe whe ..."): retried, and flagged in JSONL when still looping."""
    src = tmp_path / "a.txt"
    src.write_text("Halo dunia.\n\nHarga beras naik 5 persen.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "translate",
            str(src),
            "--model",
            str(tiny_model_dir),
            "--format",
            "jsonl",
            "--beam",
            "1",
            "--no-cache",
            "-q",
            "--engine",
            "transformers",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    flagged = [r for r in rows if r.get("flag")]
    assert flagged, rows
    assert all(r["flag"] in {"repetition", "length"} for r in flagged)
    assert all(degeneracy(r["src"], r["tgt"]) == r["flag"] for r in flagged)
