"""The transformers engine: MarianMT or any AutoModelForSeq2SeqLM, on CPU or CUDA."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from lintas.translate.engines.base import DecodingOptions, Engine
from lintas.translate.engines.hf_common import HFTokenCounts, check_device, engine_threads, load_tokenizer
from lintas.translate.errors import ModelNotAvailableError
from lintas.translate.models import ModelSpec, load_failure_message

logger = logging.getLogger("lintas")


class TransformersEngine(HFTokenCounts, Engine):
    """Translate with a Hugging Face seq2seq model via ``generate``.

    Args:
        model: the resolved model (:func:`~lintas.translate.models.resolve_model`).
        device: ``auto``, ``cpu`` or ``cuda``.
        threads: torch intra-op threads (default: available cores).
    """

    name = "transformers"

    def __init__(self, model: ModelSpec, *, device: str = "auto", threads: int | None = None) -> None:
        import torch

        self.spec = model
        self.model_name = model.name
        self.device = check_device(device, cuda_available=torch.cuda.is_available())
        torch.set_num_threads(engine_threads(threads))
        self.tokenizer = load_tokenizer(model)
        try:
            from transformers import AutoModelForSeq2SeqLM

            self.model = AutoModelForSeq2SeqLM.from_pretrained(
                model.location, local_files_only=model.local_files_only
            )
        except Exception as exc:  # noqa: BLE001 - any failure inside from_pretrained means "cannot load this model"
            raise ModelNotAvailableError(load_failure_message(model, exc), param="model") from None
        self.model.to(self.device).eval()
        positions = getattr(self.model.config, "max_position_embeddings", None) or 512
        tok_limit = getattr(self.tokenizer, "model_max_length", None) or positions
        self._max_input = int(min(positions, tok_limit if tok_limit < 1e6 else positions))

    @property
    def max_input_tokens(self) -> int:
        return self._max_input

    @property
    def fingerprint(self) -> str:
        # A model downloaded by this load has no folder fingerprint yet: its hub revision names it.
        return self.spec.fingerprint or f"{self.model_name}@{getattr(self.model.config, '_commit_hash', '')}"

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
