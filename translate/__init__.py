"""lintas: Indonesian→English machine translation and bitext toolkit.

The library is organised by data flow: documents are parsed into blocks (:mod:`translate.documents`), split into
sentences (:mod:`translate.segment`), translated in length-sorted batches by an engine behind one interface
(:mod:`translate.translator`, :mod:`translate.engines`), aligned with their translations (:mod:`translate.align`)
and written as corpora. Heavy dependencies (torch, transformers, ctranslate2) are imported lazily.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
