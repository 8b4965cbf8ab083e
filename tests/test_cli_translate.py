"""`lintas translate` end to end on the tiny fixture model, and every bad input it must refuse cleanly."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintas.translate.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
MD = """# Judul Berita

Paragraf pertama dengan [tautan](https://example.com/a.b) dan `kode`. Kalimat kedua.

- butir satu
- butir dua

```
kode blok.
```
"""


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input)


def model_args(model_dir):
    return ["--model", str(model_dir), "--beam", "1", "--max-output-length", "8", "--quiet", "--no-cache"]


def one_line_error(result, code=None):
    assert result.exit_code != 0
    if code is not None:
        assert result.exit_code == code
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lintas: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_markdown_file_to_file(tmp_path, tiny_model_dir):
    src = tmp_path / "artikel.md"
    src.write_text(MD, encoding="utf-8")
    out = tmp_path / "article.en.md"
    result = run(["translate", str(src), "-o", str(out), *model_args(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0].startswith("# ")
    assert re.search(r"\[[^\]]*\]\(https://example\.com/a\.b\)", text)
    assert "`kode`" in text
    assert "```\nkode blok.\n```" in text
    assert sum(1 for line in lines if line.startswith("- ")) == 2
    assert len(lines) == len(MD.split("\n"))
    assert result.stdout == ""


@pytest.mark.parametrize("bilingual", [False, True])
def test_windows_line_endings_stay_windows_line_endings(tmp_path, tiny_model_dir, bilingual):
    src = tmp_path / "artikel.md"
    src.write_bytes(MD.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "article.en.md"
    args = ["translate", str(src), "-o", str(out), *model_args(tiny_model_dir)]
    result = run(args + (["--bilingual"] if bilingual else []))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > len(MD.split("\n")) - 2  # every line, not some
    assert b"```\r\nkode blok.\r\n```" in data
    rows = run(["translate", str(src), "--format", "jsonl", *model_args(tiny_model_dir)]).stdout
    assert "\r" not in rows and all(json.loads(line)["src"] for line in rows.splitlines())


def test_sample_article_stdin_to_stdout(tiny_model_dir):
    sample = (SAMPLES / "korona-sejuta-kasus.md").read_text(encoding="utf-8")
    result = run(["translate", "--from", "markdown", *model_args(tiny_model_dir)], input=sample)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n\n") == sample.count("\n\n")
    assert (
        "https://en.wikinews.org/wiki/SARS-CoV-2_surpasses_one_million_infections_worldwide" in result.stdout
    )


def test_plain_text_and_bilingual(tmp_path, tiny_model_dir):
    src = tmp_path / "berita.txt"
    src.write_text("Judul\n\nSatu kalimat. Dua kalimat.\n", encoding="utf-8")
    plain = run(["translate", str(src), *model_args(tiny_model_dir)])
    assert plain.exit_code == 0
    assert plain.stdout.count("\n") == 3
    bilingual = run(["translate", str(src), "--bilingual", *model_args(tiny_model_dir)])
    parts = bilingual.stdout.split("\n")
    assert parts[0] == "Judul" and parts[4] == "Satu kalimat. Dua kalimat."


def test_jsonl_output(tmp_path, tiny_model_dir):
    src = tmp_path / "a.md"
    src.write_text(MD, encoding="utf-8")
    result = run(["translate", str(src), "--format", "jsonl", *model_args(tiny_model_dir)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["paragraph"], r["sentence"]) for r in rows] == [(0, 0), (1, 0), (1, 1), (2, 0), (3, 0)]
    assert rows[1]["src"] == "Paragraf pertama dengan [tautan](https://example.com/a.b) dan `kode`."
    assert all(set(r) == {"paragraph", "sentence", "src", "tgt", "model", "engine"} for r in rows)
    assert {(r["model"], r["engine"]) for r in rows} == {(str(tiny_model_dir), "ctranslate2")}


def test_duplicate_sentences_translated_once(tmp_path, tiny_model_dir):
    from lintas.translate.translator import Translator

    calls = []
    original = Translator._translate_pieces

    def spy(self, pieces, *rest):
        calls.extend(pieces)
        return original(self, pieces, *rest)

    src = tmp_path / "a.txt"
    src.write_text("Sama saja.\n\nSama saja.\n\nBeda.\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setattr(Translator, "_translate_pieces", spy)
    try:
        result = run(["translate", str(src), *model_args(tiny_model_dir)])
    finally:
        mp.undo()
    assert result.exit_code == 0
    assert sorted(calls) == ["Beda.", "Sama saja."]
    first, _, second, _, _ = result.stdout.split("\n")[:5]
    assert first == second


def test_missing_input(tmp_path, tiny_model_dir):
    line = one_line_error(run(["translate", str(tmp_path / "nope.md"), *model_args(tiny_model_dir)]), 2)
    assert "no such file" in line


def test_binary_input(tmp_path, tiny_model_dir):
    src = tmp_path / "img.md"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out = tmp_path / "out.md"
    line = one_line_error(run(["translate", str(src), "-o", str(out), *model_args(tiny_model_dir)]), 2)
    assert "binary" in line
    assert not out.exists()


def test_latin1_input_is_detected(tmp_path, tiny_model_dir):
    src = tmp_path / "lama.txt"
    src.write_bytes("Kafé di Jakarta menjual kopi dengan harga yang sangat murah sekali.\n".encode("latin-1"))
    result = run(["translate", str(src), *model_args(tiny_model_dir)])
    assert result.exit_code == 0, result.output


def test_unwritable_output_leaves_nothing(tmp_path, tiny_model_dir):
    src = tmp_path / "a.md"
    src.write_text(MD, encoding="utf-8")
    line = one_line_error(
        run(
            ["translate", str(src), "-o", str(tmp_path / "no" / "dir" / "x.md"), *model_args(tiny_model_dir)]
        ),
        2,
    )
    assert "does not exist" in line
    line = one_line_error(run(["translate", str(src), "-o", str(tmp_path), *model_args(tiny_model_dir)]), 2)
    assert "folder" in line


def test_failed_run_leaves_no_half_file(tmp_path, tiny_model_dir, monkeypatch):
    import lintas.translate.article

    src = tmp_path / "a.md"
    src.write_text(MD, encoding="utf-8")
    out = tmp_path / "out.md"
    out.write_text("previous complete output", encoding="utf-8")

    def boom(tdoc):
        raise KeyboardInterrupt

    monkeypatch.setattr(lintas.translate.article, "render_same", boom)
    result = run(["translate", str(src), "-o", str(out), *model_args(tiny_model_dir)])
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "previous complete output"
    assert {p.name for p in tmp_path.iterdir()} == {"a.md", "out.md"}  # no temporary file left behind


def test_folder_that_is_not_a_model(tmp_path):
    line = one_line_error(run(["translate", "--model", str(tmp_path)], input="Halo."), 3)
    assert "config.json" in line


def test_corrupt_checkpoint(tmp_path, tiny_model_dir):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").write_bytes(os.urandom(2048))
    line = one_line_error(
        run(["translate", "--model", str(broken), "--engine", "transformers"], input="Halo."), 3
    )
    assert "could not be loaded" in line


@pytest.mark.parametrize("engine", ["auto", "ctranslate2", "transformers"])
def test_damaged_config_is_one_line_on_every_engine(tmp_path, tiny_model_dir, engine):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "config.json").write_text("{broken", encoding="utf-8")
    line = one_line_error(run(["translate", "--model", str(broken), "--engine", engine], input="Halo."), 3)
    assert "config.json cannot be read" in line and "save it again with save_pretrained" in line


def test_hub_model_offline_is_one_line(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    line = one_line_error(run(["translate", "--model", "Helsinki-NLP/opus-mt-id-en"], input="Halo."), 3)
    assert "Helsinki-NLP/opus-mt-id-en" in line and "--model PATH" in line and "HF_HUB_OFFLINE" in line


def test_an_unreachable_hub_is_probed_once_with_a_bounded_wait(monkeypatch, tmp_path):
    """Failing fast is a property of the code, not of this machine's speed: one TCP probe of the endpoint with
    :data:`HUB_PROBE_TIMEOUT`, then the one-line error, before anything tries ``from_pretrained``'s retries."""
    import socket

    from lintas.translate import models
    from lintas.translate.errors import ModelNotAvailableError

    probes = []

    def refuse(address, timeout=None):
        probes.append((address, timeout))
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(models, "_cached_snapshot", lambda name: None)
    monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", "http://127.0.0.1:9")
    with pytest.raises(ModelNotAvailableError, match="cannot be reached"):
        models.resolve_model("Helsinki-NLP/opus-mt-id-en")
    assert probes == [(("127.0.0.1", 9), models.HUB_PROBE_TIMEOUT)]


def test_unreachable_hub_is_one_line_in_a_real_process(tmp_path):
    """No HF_HUB_OFFLINE, hub endpoint on a closed local port: one line, exit 3. (How fast is the test above:
    the timeout here only stops a hang, it measures nothing.)"""
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"
    env["HF_HOME"] = str(tmp_path / "hf")  # an empty cache
    proc = subprocess.run(
        [sys.executable, "-m", "lintas.translate.cli", "translate"],
        input="Halo dunia.",
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert proc.returncode == 3
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot be reached" in lines[0], proc.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["segment", "-", "--lang", "fr"], "Invalid value for '--lang'"),
        (["bogus"], "No such command 'bogus'"),
        (["translate", "--no-such-option"], "No such option"),
    ],
)
def test_usage_errors_are_one_line_too(args, needle):
    line = one_line_error(run(args), 2)
    assert needle in line and "--help')" in line


def test_help_lists_the_exit_codes():
    result = run(["--help"])
    assert (
        result.exit_code == 0 and "Exit codes: 0 done" in result.stdout and "130 interrupted" in result.stdout
    )
