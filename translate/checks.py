"""Argument checks of the library's entry points: a caller's mistake is one clear :class:`InputError`.

Python would otherwise answer a string where a list of sentences belongs by translating it character by
character, and a ``None`` among sentences with an ``AttributeError`` from deep inside; a beam of 0 with a
``ZeroDivisionError`` from the engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from lintas.translate.errors import InputError

__all__ = ["at_least", "text_list"]


def text_list(value: object, name: str) -> list[str]:
    """``value`` as a list of strings.

    Raises:
        InputError: ``value`` is a single string (or bytes), not a sequence, or holds something else than str.
    """
    if isinstance(value, str | bytes):
        raise InputError(
            f"{name} must be a list of strings, got one {type(value).__name__}; wrap it: [{name}]"
        )
    if not isinstance(value, Sequence):
        raise InputError(f"{name} must be a list of strings, got {type(value).__name__}")
    items = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"{name}[{index}] must be a string, got {type(item).__name__}")
    return items


def at_least(value: int | None, minimum: int, name: str, *, optional: bool = False) -> None:
    """Refuse an integer option below ``minimum`` (``None`` too, unless ``optional``).

    Raises:
        InputError: not an int, or below ``minimum``.
    """
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
