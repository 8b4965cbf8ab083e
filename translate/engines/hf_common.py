"""What the two engines share about Hugging Face checkpoints: the tokenizer, token counts, devices, threads.

Both engines read the same tokenizer from the same folder (CTranslate2 translates subword tokens, transformers
ids), so loading it, counting source and target tokens with it and checking the device live here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lintas.translate.errors import InputError, ModelNotAvailableError
from lintas.translate.models import ModelSpec, load_failure_message
from lintas.translate.parallelism import available_cores, bounded

#: ``--device`` values every engine accepts.
DEVICES = ("auto", "cpu", "cuda")


def check_device(device: str, *, cuda_available: bool) -> str:
    """Map ``auto|cpu|cuda`` to a concrete device, refusing ``cuda`` where the engine sees none."""
    if device not in DEVICES:
        raise InputError(
            f"unknown device {device!r}; {{param}} must be one of {', '.join(DEVICES)}", param="device"
        )
    if device == "auto":
        return "cuda" if cuda_available else "cpu"
    if device == "cuda" and not cuda_available:
        raise InputError(
            "{param}=cuda asked for, but no CUDA device is visible; use {param}=cpu", param="device"
        )
    return device


def engine_threads(threads: int | None) -> int:
    """Intra-op threads of an engine: ``threads`` within this machine's bound (:mod:`lintas.translate.parallelism`),
    or, by default, the cores this process may run on."""
    return available_cores() if threads is None else bounded(threads, "threads")


def quiet_transformers() -> None:
    """transformers' own warnings and download bars are not lintas's output."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def load_tokenizer(spec: ModelSpec, location: str | None = None) -> Any:
    """The model's tokenizer (``AutoTokenizer``), or a one-line :class:`ModelNotAvailableError`."""
    from transformers import AutoTokenizer

    quiet_transformers()
    try:
        return AutoTokenizer.from_pretrained(
            location or spec.location, local_files_only=spec.local_files_only
        )
    except Exception as exc:  # noqa: BLE001 - any failure inside from_pretrained means "cannot load this model"
        raise ModelNotAvailableError(load_failure_message(spec, exc), param="model") from None


class HFTokenCounts:
    """Token counts from a Hugging Face tokenizer (``self.tokenizer``), EOS included, never truncated."""

    tokenizer: Any

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        if not sentences:
            return []
        encoded = self.tokenizer(list(sentences), add_special_tokens=True, truncation=False)
        return [len(ids) for ids in encoded["input_ids"]]

    def count_output_tokens(self, translations: Sequence[str]) -> list[int]:
        if not translations:
            return []
        encoded = self.tokenizer(text_target=list(translations), add_special_tokens=True, truncation=False)
        return [len(ids) for ids in encoded["input_ids"]]
