"""The error a corpus filter raises for a bad option, shared by the pair filters and the deduplicators.

Both :mod:`lintas.translate.corpus.filters` and :mod:`lintas.translate.corpus.dedupe` check their options when they
are built; the config loader (:mod:`lintas.translate.corpus.config`) turns the error into an
:class:`~lintas.translate.errors.InputError` that names the file.
"""

from __future__ import annotations

__all__ = ["FilterConfigError", "check_option"]


class FilterConfigError(ValueError):
    """A filter option that does not exist or has an impossible value (the config loader names the file)."""


def check_option(ok: bool, message: str) -> None:
    """Raise :class:`FilterConfigError` with ``message`` unless ``ok``."""
    if not ok:
        raise FilterConfigError(message)
