"""Shared by the bench scripts: the opus-shape fixture model, built once into .cache/fixtures/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def opus_shape_model() -> str:
    """Path of the random-weight model with opus-mt-id-en's architecture (built on first use, ~20 s)."""
    from lintas.translate.fixtures import build_fixture

    folder = ROOT / ".cache" / "fixtures" / "opus-shape"
    if not (folder / "config.json").is_file():
        build_fixture("opus-shape", folder)
    return str(folder)
