"""Shared pytest fixtures: the offline tiny Marian model, built once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never touch the network: the hub is unreachable on CI anyway, and this makes failures fast.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Converted models and the translation memory go to a throwaway folder, never the user's ~/.cache.
_CACHE = tempfile.mkdtemp(prefix="lintas-test-cache-")
os.environ["LINTAS_CACHE_DIR"] = _CACHE

REPO_ROOT = Path(__file__).resolve().parents[1]

#: Fixtures whose tests belong to the slow tier whether or not they say so (``make test-fast`` skips them).
_SLOW_FIXTURES = {"local_ray"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that starts Ray is ``slow``: marked here from its fixtures, so a new one cannot forget."""
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight Marian model folder (loads through the normal ``from_pretrained`` path).

    Its translations are noise: use it for plumbing, order, shapes and formats, never for quality.
    """
    from lintas.translate.fixtures import build_fixture

    return build_fixture("tiny", tmp_path_factory.mktemp("models") / "tiny")


@pytest.fixture(scope="session")
def tiny_translator(tiny_model_dir: Path):
    """A greedy :class:`~lintas.translate.translator.Translator` on the tiny model, shared by tests that only read it."""
    from lintas.translate.translator import Translator

    return Translator(str(tiny_model_dir), engine="transformers", beam_size=1, max_output_tokens=24)


@pytest.fixture(scope="module")
def fixed_date():
    """TMX creation dates from SOURCE_DATE_EPOCH, so builds made at different times compare byte for byte.

    Module-scoped so module-scoped builds share it: ``pytestmark = pytest.mark.usefixtures("fixed_date")``.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        yield
