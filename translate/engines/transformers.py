"""The transformers engine: MarianMT or any AutoModelForSeq2SeqLM, on CPU or CUDA."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from lintas.translate.engines.base import DecodingOptions, Engine
from lintas.translate.errors import InputError, ModelNotAvailableError
from lintas.translate.models import load_failure_message, model_fingerprint, resolve_model

logger = logging.getLogger("lintas")


def pick_device(device: str) -> str:
    """Map ``auto|cpu|cuda`` to a torch device, refusing ``cuda`` where there is none."""
    import torch

    if device not in {"auto", "cpu", "cuda"}:
        raise InputError(f"unknown device {device!r}; choose auto, cpu or cuda")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda asked for, but torch sees no CUDA device; use --device cpu")
    return device


def default_threads() -> int:
    """Threads for intra-op parallelism: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class TransformersEngine(Engine):
    """Translate with a Hugging Face seq2seq model via ``generate``.

    Args:
        model: hub id or local folder.
        device: ``auto``, ``cpu`` or ``cuda``.
        threads: torch intra-op threads (default: available cores).
    """

    name = "transformers"

    def __init__(self, model: str, *, device: str = "auto", threads: int | None = None) -> None:
        import torch

        resolved = resolve_model(model)
        self.model_name = resolved.name
        self.device = pick_device(device)
        torch.set_num_threads(threads or default_threads())
        try:
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            kwargs = {"local_files_only": resolved.local_files_only}
            self.tokenizer = AutoTokenizer.from_pretrained(resolved.location, **kwargs)
            self.model = AutoModelForSeq2SeqLM.from_pretrained(resolved.location, **kwargs)
        except Exception as exc:  # noqa: BLE001 - any failure inside from_pretrained means "cannot load this model"
            raise ModelNotAvailableError(load_failure_message(resolved, exc)) from None
        self.model.to(self.device).eval()
        self._folder = resolved.location if os.path.isdir(resolved.location) else None
        self._fingerprint: str | None = None
        positions = getattr(self.model.config, "max_position_embeddings", None) or 512
        tok_limit = getattr(self.tokenizer, "model_max_length", None) or positions
        self._max_input = int(min(positions, tok_limit if tok_limit < 1e6 else positions))

    @property
    def max_input_tokens(self) -> int:
        return self._max_input

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            folder = self._folder or getattr(self.model.config, "_name_or_path", None)
            if folder and os.path.isdir(folder):
                self._fingerprint = model_fingerprint(folder)
            else:
                self._fingerprint = f"{self.model_name}@{getattr(self.model.config, '_commit_hash', '')}"
        return self._fingerprint

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

    def translate_batch(self, sentences: Sequence[str], *, options: DecodingOptions) -> list[str]:
        import torch

        if not sentences:
            return []
        inputs = self.tokenizer(
            list(sentences),
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self._max_input,
        ).to(self.device)
        generate_kwargs = {
            "num_beams": options.beam_size,
            "max_new_tokens": options.max_output_tokens,
            "do_sample": False,
            "length_penalty": options.length_penalty,
            "early_stopping": True,
        }
        if options.min_output_tokens:
            generate_kwargs["min_new_tokens"] = options.min_output_tokens
        if options.no_repeat_ngram_size:
            generate_kwargs["no_repeat_ngram_size"] = options.no_repeat_ngram_size
        if options.repetition_penalty != 1.0:
            generate_kwargs["repetition_penalty"] = options.repetition_penalty
        with torch.inference_mode():
            output = self.model.generate(**inputs, **generate_kwargs)
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)
