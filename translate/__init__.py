"""lintas: Indonesian→English machine translation and bitext toolkit.

The library is organised by data flow: documents are parsed into blocks (:mod:`lintas.translate.documents`), split into
sentences (:mod:`lintas.translate.segment`), translated in length-sorted batches by an engine behind one interface
(:mod:`lintas.translate.translator`, :mod:`lintas.translate.engines`), aligned with their translations (:mod:`lintas.translate.align`)
and written as bitext files (:mod:`lintas.translate.bitext`). Heavy dependencies (torch, transformers, ctranslate2)
are imported lazily.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The public API, by name -> module. Imported on first use, so that ``import lintas.translate`` (and the CLI's
#: ``--help``) stays free of torch and transformers.
_PUBLIC = {
    "Translator": "lintas.translate.translator",
    "TranslatorConfig": "lintas.translate.config",
    "TranslationResult": "lintas.translate.results",
    "SupportsTranslate": "lintas.translate.results",
    "ModelSpec": "lintas.translate.models",
}

if TYPE_CHECKING:
    from lintas.translate.config import TranslatorConfig  # noqa: F401 - named in __all__
    from lintas.translate.models import ModelSpec  # noqa: F401
    from lintas.translate.results import SupportsTranslate, TranslationResult  # noqa: F401
    from lintas.translate.translator import Translator  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'lintas.translate' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = ["__version__", *_PUBLIC]
