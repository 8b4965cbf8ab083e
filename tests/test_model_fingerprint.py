"""A changed checkpoint is another model (issue #19, item 2): the fingerprint covers every byte of the weights."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import lintas.translate.file_hashes as file_hashes
from lintas.translate.models import model_fingerprint

SIZE = 6 << 20  # above file_hashes.SMALL_FILE: the remembered path


@pytest.fixture
def model(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    (folder / "model.safetensors").write_bytes(bytes(range(256)) * (SIZE // 256))
    return folder


def _flip_middle_byte(path: Path) -> None:
    stat = path.stat()
    with path.open("r+b") as fh:
        fh.seek(SIZE // 2)
        byte = fh.read(1)
        fh.seek(SIZE // 2)
        fh.write(bytes([byte[0] ^ 0xFF]))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a fine-tune writes a new file


def test_a_middle_byte_at_the_same_size_changes_the_fingerprint(model) -> None:
    before = model_fingerprint(model)
    _flip_middle_byte(model / "model.safetensors")
    assert (model / "model.safetensors").stat().st_size == SIZE
    assert model_fingerprint(model) != before


def test_large_files_are_hashed_once_while_unchanged(model, monkeypatch) -> None:
    calls: list[Path] = []
    real = file_hashes._digest

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(file_hashes, "_digest", counting)
    first = model_fingerprint(model)
    weights = [p for p in calls if p.name == "model.safetensors"]
    assert len(weights) == 1
    assert model_fingerprint(model) == first
    assert [p for p in calls if p.name == "model.safetensors"] == weights  # remembered, not read again
    memo = json.loads(
        (Path(os.environ["LINTAS_CACHE_DIR"]) / file_hashes.MEMO_NAME).read_text(encoding="utf-8")
    )
    assert list(memo) == [os.path.realpath(model / "model.safetensors")]


def test_a_copy_elsewhere_has_the_same_fingerprint(model, tmp_path) -> None:
    copy = Path(shutil.copytree(model, tmp_path / "copy"))
    assert model_fingerprint(copy) == model_fingerprint(model)


def test_an_unwritable_cache_costs_time_not_correctness(model, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(blocker / "cache"))
    before = model_fingerprint(model)
    _flip_middle_byte(model / "model.safetensors")
    assert model_fingerprint(model) != before


def test_a_conversion_records_what_it_was_made_from(tiny_model_dir, tmp_path, monkeypatch) -> None:
    from lintas.translate.engines import ct2

    monkeypatch.setenv("LINTAS_CACHE_DIR", str(tmp_path))
    target = ct2.convert_model(str(tiny_model_dir), "int8")
    made_from = json.loads((target / ct2.CONVERSION_SOURCE).read_text(encoding="utf-8"))
    assert made_from["source"] == os.path.realpath(tiny_model_dir)
    assert made_from["fingerprint"] == model_fingerprint(tiny_model_dir) and target.name.startswith(
        made_from["fingerprint"]
    )
    assert made_from["compute_type"] == "int8"
