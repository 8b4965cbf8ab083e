"""The CTranslate2 engine: same text as transformers, cached conversion, clean failures."""

from __future__ import annotations

import builtins

import pytest
from click.testing import CliRunner

from lintas.translate.cli import main
from lintas.translate.engines import ct2 as ct2_module
from lintas.translate.errors import EngineNotInstalledError
from lintas.translate.translator import Translator

SENTENCES = [
    "Presiden Joko Widodo berkunjung ke Bandung pada hari Senin.",
    "Harga beras naik 5 persen.",
    "Halo dunia.",
    "Ini adalah kalimat yang lebih panjang, dengan koma; dan titik koma.",
]


@pytest.mark.parametrize("beam", [1, 4])
def test_float32_output_equals_transformers_on_tiny(tiny_model_dir, beam):
    kwargs = {"beam_size": beam, "max_output_tokens": 16, "guard": False}
    hf = Translator(str(tiny_model_dir), engine="transformers", **kwargs).translate(SENTENCES)
    ct = Translator(str(tiny_model_dir), engine="ctranslate2", compute_type="float32", **kwargs).translate(
        SENTENCES
    )
    assert ct == hf


@pytest.mark.slow
def test_float32_greedy_equals_transformers_on_opus_shape(tmp_path_factory):
    from lintas.translate.fixtures import build_fixture

    model = str(build_fixture("opus-shape", tmp_path_factory.mktemp("opus") / "opus-shape"))
    kwargs = {"beam_size": 1, "max_output_tokens": 6, "guard": False}
    hf = Translator(model, engine="transformers", **kwargs).translate(SENTENCES[:2])
    ct = Translator(model, engine="ctranslate2", compute_type="float32", **kwargs).translate(SENTENCES[:2])
    assert ct == hf


def test_conversion_is_cached_and_half_conversions_ignored(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(tmp_path))
    calls = []
    from ctranslate2.converters import TransformersConverter

    original = TransformersConverter.convert

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TransformersConverter, "convert", counting)
    first = ct2_module.convert_model(str(tiny_model_dir), "int8")
    assert len(calls) == 1 and (first / "model.bin").is_file()
    assert ct2_module.convert_model(str(tiny_model_dir), "int8") == first
    assert len(calls) == 1
    # A half-finished conversion from a killed run (folder there, no model.bin) must not be used.
    (first / "model.bin").unlink()
    again = ct2_module.convert_model(str(tiny_model_dir), "int8")
    assert len(calls) == 2 and (again / "model.bin").is_file()
    assert not [p for p in (tmp_path / "ct2").iterdir() if p.name.startswith(".")]


def test_decoding_options_mean_the_same(tiny_model_dir):
    from lintas.translate.engines.base import DecodingOptions

    engine = Translator(str(tiny_model_dir), engine="ctranslate2", compute_type="int8").engine
    kwargs = engine.decoding_kwargs(
        DecodingOptions(
            beam_size=4,
            max_output_tokens=20,
            min_output_tokens=20,
            no_repeat_ngram_size=3,
            repetition_penalty=1.3,
        )
    )
    assert kwargs["beam_size"] == 4
    assert kwargs["max_decoding_length"] == kwargs["min_decoding_length"] == 19  # forced EOS takes the 20th
    assert kwargs["no_repeat_ngram_size"] == 3 and kwargs["repetition_penalty"] == 1.3
    assert kwargs["max_input_length"] == 0


def test_missing_ctranslate2_is_one_line(monkeypatch, tiny_model_dir):
    real_import = builtins.__import__

    def no_ct2(name, *args, **kwargs):
        if name == "ctranslate2" or name.startswith("ctranslate2."):
            raise ImportError("no ctranslate2")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ct2)
    with pytest.raises(EngineNotInstalledError, match="pip install"):
        ct2_module.CTranslate2Engine(str(tiny_model_dir))
    result = CliRunner().invoke(
        main,
        ["translate", "--model", str(tiny_model_dir), "--engine", "ctranslate2", "--no-cache"],
        input="Halo.",
    )
    assert result.exit_code == 3
    assert result.stderr.strip().count("\n") == 0 and "pip install" in result.stderr


def test_conversion_failure_is_one_line_and_auto_falls_back(monkeypatch, tiny_model_dir, tmp_path, caplog):
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(tmp_path))
    from ctranslate2.converters import TransformersConverter

    def broken(self, *args, **kwargs):
        raise NotImplementedError("architecture not supported")

    monkeypatch.setattr(TransformersConverter, "convert", broken)
    args = ["translate", "--model", str(tiny_model_dir), "--no-cache", "--quiet", "--beam", "1"]
    strict = CliRunner().invoke(main, [*args, "--engine", "ctranslate2"], input="Halo.")
    assert strict.exit_code == 3
    assert strict.stderr.strip().startswith("lintas: ") and "--engine transformers" in strict.stderr
    fallback = CliRunner().invoke(main, [*args, "--engine", "auto"], input="Halo.")
    assert fallback.exit_code == 0
    assert "; using the transformers engine instead" in caplog.text
    assert "use --engine transformers" not in caplog.text  # auto already does what that remedy says
    assert fallback.stdout.strip()
