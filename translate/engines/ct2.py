"""The CTranslate2 engine: the same Marian model, converted once, 2.5-5x faster on a CPU with int8 weights.

Conversion is cached in lintas's cache folder, keyed by the source model's fingerprint, the converter's version and
the compute type, so a model is converted once per machine. A conversion is written to a temporary folder and
renamed into place only when complete: a killed conversion is never picked up half-written. Processes converting
the same model at once take turns on a lock, so it is converted once, and the temporary folders of killed runs are
removed by the next conversion (:mod:`lintas.translate.conversion_cache`).

Decoding options mean the same as on the transformers engine. One subtlety: Marian configs set
``forced_eos_token_id``, so transformers spends the last of ``max_new_tokens`` on EOS; CTranslate2 does not, so we
give it one token less to produce the same text (tests check token-for-token equality in float32).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from lintas.translate.cache import FIX_LOCATION, folder_problem
from lintas.translate.config import COMPUTE_TYPES
from lintas.translate.conversion_cache import (
    CONVERSION_SOURCE,
    LockState,
    conversion_cache_dir,
    conversion_key,
    conversion_lock,
    make_staging,
    remove_stale_staging,
)
from lintas.translate.engines.base import DecodingOptions, Engine
from lintas.translate.engines.hf_common import HFTokenCounts, check_device, engine_threads, load_tokenizer
from lintas.translate.errors import EngineNotInstalledError, InputError, LintasError, ModelNotAvailableError
from lintas.translate.models import ModelSpec, check_model_folder, model_fingerprint, read_config

logger = logging.getLogger("lintas")

INSTALL_HINT = "CTranslate2 is not installed; install it with `pip install 'lintas[fast]'` (or `pip install ctranslate2`)"


class ConversionError(LintasError):
    """The model could not be converted to CTranslate2 (e.g. an unsupported architecture).

    ``reason`` is the message without its remedy, for callers that apply a remedy themselves (``--engine auto``
    falls back to transformers).
    """

    exit_code = 3

    def __init__(self, message: str, *, reason: str | None = None, param: str | None = None) -> None:
        super().__init__(message, param=param)
        self.reason = reason or str(self)


def resolve_compute_type(compute_type: str, device: str) -> str:
    if compute_type not in COMPUTE_TYPES:
        raise InputError(
            f"unknown compute type {compute_type!r}; {{param}} must be one of {', '.join(COMPUTE_TYPES)}",
            param="compute_type",
        )
    if compute_type == "auto":
        return "int8" if device == "cpu" else "int8_float16"
    return compute_type


def _unusable_cache(root: Path, exc: OSError) -> ConversionError:
    reason = folder_problem(root) or f"the conversion cache {root} cannot be used ({exc.strerror or exc})"
    reason = f"{reason}; {FIX_LOCATION}"
    return ConversionError(f"{reason}, or use {{param}}=transformers", reason=reason, param="engine")


def convert_model(source: str, compute_type: str) -> Path:
    """Convert ``source`` (a local HF model folder) for ``compute_type``, reusing a cached conversion.

    A process that finds another converting the same model waits for it and uses its result.

    Raises:
        ConversionError: the converter failed (unsupported architecture, damaged weights, ...), or the conversion
            cache cannot be written.
    """
    import ctranslate2

    fingerprint = model_fingerprint(source)
    key = conversion_key(fingerprint, ctranslate2.__version__, compute_type)
    root = conversion_cache_dir()
    target = root / key
    if (target / "model.bin").is_file():
        return target
    with contextlib.ExitStack() as stack:
        try:
            root.mkdir(parents=True, exist_ok=True)
            state = stack.enter_context(conversion_lock(key, root=root))
        except OSError as exc:
            raise _unusable_cache(root, exc) from None
        if (target / "model.bin").is_file():  # another process converted it while we waited for the lock
            return target
        remove_stale_staging(root, held=key if state is LockState.HELD else None)
        try:
            staging = make_staging(root, key)
        except OSError as exc:
            raise _unusable_cache(root, exc) from None
        try:
            _convert_into(staging, source, fingerprint, compute_type, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _convert_into(staging: Path, source: str, fingerprint: str, compute_type: str, target: Path) -> None:
    """Convert into ``staging``, record what from, and rename the result to ``target``."""
    import ctranslate2

    # Imported only when converting: the converters import torch, which costs seconds at every start-up.
    from ctranslate2.converters import TransformersConverter

    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        quantization = None if compute_type == "float32" else compute_type
        logger.warning("converting %s to CTranslate2 (%s) once; cached in %s", source, compute_type, target)
        TransformersConverter(source).convert(str(staging / "model"), quantization=quantization, force=True)
        made_from = {
            "source": os.path.realpath(source),
            "fingerprint": fingerprint,
            "ctranslate2": ctranslate2.__version__,
            "compute_type": compute_type,
        }  # what this conversion was made from (its folder name holds the fingerprint it is found by)
        (staging / "model" / CONVERSION_SOURCE).write_text(
            json.dumps(made_from, indent=2) + "\n", encoding="utf-8"
        )
        if target.exists() and not (target / "model.bin").is_file():
            shutil.rmtree(target, ignore_errors=True)  # an incomplete folder from an older or damaged run
        try:
            (staging / "model").rename(target)
        except OSError:  # another process finished the same conversion first (only where there are no locks)
            if not (target / "model.bin").is_file():
                raise
    except Exception as exc:  # noqa: BLE001 - the converter raises many kinds of errors
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        reason = f"model {source!r} could not be converted to CTranslate2 ({type(exc).__name__}: {detail})"
        raise ConversionError(
            f"{reason}; use {{param}}=transformers", reason=reason, param="engine"
        ) from None


class CTranslate2Engine(HFTokenCounts, Engine):
    """Translate with CTranslate2 (``ctranslate2.Translator.translate_batch``) on a converted model.

    Args:
        model: the resolved transformers checkpoint (:func:`~lintas.translate.models.resolve_model`), converted on
            first use.
        device: ``auto``, ``cpu`` or ``cuda``.
        threads: intra-op threads (default: available cores); one batch is translated at a time.
        compute_type: ``auto`` (int8 on CPU), ``int8``, ``int8_float32`` or ``float32``.
    """

    name = "ctranslate2"

    def __init__(
        self,
        model: ModelSpec,
        *,
        device: str = "auto",
        threads: int | None = None,
        compute_type: str = "auto",
    ) -> None:
        try:
            import ctranslate2
        except ImportError:
            raise EngineNotInstalledError(INSTALL_HINT) from None
        self.device = check_device(device, cuda_available=ctranslate2.get_cuda_device_count() > 0)
        self.compute_type = resolve_compute_type(compute_type, self.device)
        spec = model.on_disk()
        assert spec.folder is not None and spec.fingerprint is not None
        check_model_folder(Path(spec.folder), spec.name)
        self.spec = spec
        self.model_name = spec.name
        converted = convert_model(spec.folder, self.compute_type)
        #: The CTranslate2 model folder in use (what :meth:`describe` and ``-v`` report).
        self.conversion = converted
        self.tokenizer = load_tokenizer(spec, spec.folder)
        try:
            self.translator = ctranslate2.Translator(
                str(converted),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=1,
                intra_threads=engine_threads(threads),
            )
        except Exception as exc:  # noqa: BLE001
            raise ModelNotAvailableError(
                f"model {spec.name!r} could not be loaded by CTranslate2 ({type(exc).__name__}); "
                f"delete {converted} to convert again, or use {{param}}=transformers",
                param="engine",
            ) from None
        config = read_config(spec.folder)
        self._forced_eos = config.get("forced_eos_token_id") is not None
        self._max_input = int(config.get("max_position_embeddings") or 512)
        self._fingerprint = spec.fingerprint

    @property
    def max_input_tokens(self) -> int:
        return self._max_input

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def tokenize(self, sentences: Sequence[str]) -> list[list[str]]:
        """Source subword tokens as CTranslate2 expects them (EOS included)."""
        encoded = self.tokenizer(list(sentences), truncation=True, max_length=self._max_input)["input_ids"]
        return [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded]

    def decoding_kwargs(self, options: DecodingOptions) -> dict:
        """``translate_batch`` keyword arguments equivalent to the transformers engine's ``generate`` call."""
        # transformers spends one of max_new_tokens on the forced EOS; CTranslate2 never emits EOS as a token.
        shift = 1 if self._forced_eos else 0
        kwargs = {
            "beam_size": options.beam_size,
            "max_decoding_length": max(1, options.max_output_tokens - shift),
            "length_penalty": options.length_penalty,
            "max_input_length": 0,  # never truncate: the Translator already split long sentences
        }
        if options.min_output_tokens:
            kwargs["min_decoding_length"] = max(0, options.min_output_tokens - shift)
        if options.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = options.no_repeat_ngram_size
        if options.repetition_penalty != 1.0:
            kwargs["repetition_penalty"] = options.repetition_penalty
        return kwargs

    def translate_batch(self, sentences: Sequence[str], *, options: DecodingOptions) -> list[str]:
        if not sentences:
            return []
        results = self.translator.translate_batch(self.tokenize(sentences), **self.decoding_kwargs(options))
        return [
            self.tokenizer.decode(
                self.tokenizer.convert_tokens_to_ids(result.hypotheses[0]), skip_special_tokens=True
            )
            for result in results
        ]
