"""What ran is visible, and an input with nothing to translate says so without loading a model.

Before: ``lintas translate`` said nothing of the engine, compute type or model that translated, nor how many
sentences came from the translation memory (``-v`` added nothing); JSONL rows did not name the model; an empty
input loaded the model (or failed on a model it never needed) and exited 0 writing nothing, silently.
"""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner

from lintas.translate.cli import main


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def tiny(model) -> list[str]:
    return ["--model", str(model), "--beam", "1", "--max-output-length", "4"]


@pytest.mark.parametrize("content", ["", "   \n\n\t\n", "<div><script>x()</script><br></div>"])
def test_nothing_to_translate_is_one_warning_and_no_model_loads(tmp_path, caplog, content):
    src = tmp_path / ("page.html" if content.startswith("<") else "empty.txt")
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.txt"
    with caplog.at_level(logging.WARNING, logger="lintas"):
        result = run(
            "translate", src, "-o", out, "--model", tmp_path / "no-such-model", "--engine", "ctranslate2"
        )
    assert result.exit_code == 0, result.output  # a model that does not exist was never needed
    assert [r.getMessage() for r in caplog.records] == [
        f"{src}: nothing to translate (the input has no text); no model was loaded"
    ]
    assert out.exists()  # the translation of nothing, written like any other output


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_summary_names_model_engine_and_the_translation_memory(tmp_path, tiny_model_dir, engine, monkeypatch):
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "a.txt"
    src.write_text("Harga beras naik. Banjir di Jakarta.\n\nHarga beras naik.\n", encoding="utf-8")
    args = ["translate", src, *tiny(tiny_model_dir), "--engine", engine, "-o", tmp_path / "out.txt"]
    first = run(*args)
    assert first.exit_code == 0, first.output
    [summary] = first.stderr.strip().splitlines()[-1:]
    details = "(cpu, int8)" if engine == "ctranslate2" else "(cpu)"
    assert summary.startswith(f"lintas: translated 3 sentences with {tiny_model_dir} on {engine} {details}: ")
    assert "2 pieces by the model, 0 from the translation memory" in summary
    again = run(*args).stderr.strip().splitlines()[-1]
    assert "0 pieces by the model, 2 from the translation memory" in again
    assert run(*args, "-q").stderr == ""  # -q: nothing but errors


def test_verbose_logs_what_loaded_and_each_call(tmp_path, tiny_model_dir, caplog):
    src = tmp_path / "a.txt"
    src.write_text("Harga beras naik.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="lintas"):
        result = run(
            "-v", "translate", src, *tiny(tiny_model_dir), "--engine", "ctranslate2", "--no-cache", "-q"
        )
    assert result.exit_code == 0, result.output
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    loaded = next(m for m in messages if m.startswith("loaded "))
    assert f"model {tiny_model_dir}, engine ctranslate2, device cpu, compute_type int8, conversion " in loaded
    assert (
        "translated 1 sentences (1 distinct): 1 pieces by the model, 0 from the translation memory"
        in messages
    )


def test_jsonl_rows_name_the_model_and_engine_boilerplate_rows_do_not(tmp_path, tiny_model_dir):
    src = tmp_path / "a.md"
    src.write_text("Harga beras naik.\n\nBaca juga: Banjir di Jakarta\n", encoding="utf-8")
    result = run(
        "translate", src, *tiny(tiny_model_dir), "--engine", "transformers", "--format", "jsonl", "-q"
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r.get("model"), r.get("engine"), r.get("skipped")) for r in rows] == [
        (str(tiny_model_dir), "transformers", None),
        (None, None, "boilerplate"),
    ]
