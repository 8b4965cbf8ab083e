"""Spotting degenerate translations: loops and absurd lengths.

opus-mt is known to loop on some Indonesian input ("I'm sorry I'm sorry I'm sorry ...") or to run on far past the
source's length. :func:`degeneracy` names what is wrong with a translation, or returns None; the
:class:`~lintas.translate.translator.Translator` retries such sentences with repetition controls and flags what is still
degenerate after the retry.
"""

from __future__ import annotations

import re

#: A translation longer than this many times the source (in characters, plus slack) is not a translation.
MAX_LENGTH_RATIO = 3.0
_LENGTH_SLACK = 30
_WORD = re.compile(r"\w+|[^\w\s]")


def _repeats(tokens: list[str], n: int, times: int) -> bool:
    """True when some n-gram occurs ``times`` times in a row (a loop), e.g. "sorry I'm sorry I'm sorry I'm"."""
    if len(tokens) < n * times:
        return False
    for start in range(len(tokens) - n * times + 1):
        gram = tokens[start : start + n]
        if all(tokens[start + k * n : start + (k + 1) * n] == gram for k in range(1, times)):
            return True
    return False


def degeneracy(source: str, translation: str) -> str | None:
    """``"repetition"``, ``"length"`` or None for a healthy-looking translation."""
    tokens = _WORD.findall(translation.lower())
    source_tokens = _WORD.findall(source.lower())
    # A loop the source does not itself contain: the same word 4x, or a 2-4 word phrase 3x, in a row.
    for n, times in ((1, 4), (2, 3), (3, 3), (4, 3)):
        if _repeats(tokens, n, times) and not _repeats(source_tokens, n, times):
            return "repetition"
    if len(translation) > MAX_LENGTH_RATIO * len(source) + _LENGTH_SLACK:
        return "length"
    return None
