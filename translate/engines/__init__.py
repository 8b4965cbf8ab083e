"""Translation engines behind one interface (:class:`lintas.translate.engines.base.Engine`).

:func:`load_engine` is the only place that knows which engines exist; everything above it works with any of them.
"""

from __future__ import annotations

import logging

from lintas.translate.config import ENGINE_NAMES
from lintas.translate.engines.base import DecodingOptions, Engine
from lintas.translate.models import ModelSpec


def load_engine(
    model: ModelSpec,
    *,
    engine: str = "auto",
    device: str = "auto",
    threads: int | None = None,
    compute_type: str = "auto",
) -> Engine:
    """Load ``model`` (resolved once by the caller: :func:`~lintas.translate.models.resolve_model`) with the named
    engine; ``auto`` falls back from CTranslate2 to transformers on the same spec.

    Raises:
        ModelNotAvailableError: the model cannot be found or loaded.
        EngineNotInstalledError: the engine's package is missing.
        InputError: an unknown engine name.
    """
    from lintas.translate.errors import InputError

    if engine not in ENGINE_NAMES:
        raise InputError(
            f"unknown engine {engine!r}; {{param}} must be one of {', '.join(ENGINE_NAMES)}", param="engine"
        )
    auto = engine == "auto"
    if auto:
        engine = _auto_engine()
    if engine == "ctranslate2":
        from lintas.translate.engines.ct2 import ConversionError, CTranslate2Engine

        try:
            return CTranslate2Engine(model, device=device, threads=threads, compute_type=compute_type)
        except ConversionError as exc:
            if not auto:
                raise
            logging.getLogger("lintas").warning("%s; using the transformers engine instead", exc.reason)
    from lintas.translate.engines.transformers import TransformersEngine

    return TransformersEngine(model, device=device, threads=threads)


def _auto_engine() -> str:
    import importlib.util

    if importlib.util.find_spec("lintas.translate.engines.ct2") and importlib.util.find_spec("ctranslate2"):
        return "ctranslate2"
    return "transformers"


__all__ = ["DecodingOptions", "Engine", "ENGINE_NAMES", "load_engine"]
