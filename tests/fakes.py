"""Test doubles: an engine whose output is predictable, so order and plumbing can be asserted exactly."""

from __future__ import annotations

from collections.abc import Sequence

from lintas.translate.engines.base import DecodingOptions, Engine


class EchoEngine(Engine):
    """Translates a sentence to ``"EN(" + sentence + ")"``; one token per whitespace-separated word, plus EOS.

    Records every batch it is given, so tests can check batching, deduplication and splitting.
    """

    name = "echo"

    def __init__(self, max_input_tokens: int = 512, wrap: bool = True) -> None:
        self._max = max_input_tokens
        self.wrap = wrap
        self.batches: list[list[str]] = []
        self.options: list[DecodingOptions] = []

    @property
    def max_input_tokens(self) -> int:
        return self._max

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return [len(s.split()) + 1 for s in sentences]

    def translate_batch(self, sentences: Sequence[str], *, options: DecodingOptions) -> list[str]:
        self.batches.append(list(sentences))
        self.options.append(options)
        return [f"EN({s})" if self.wrap else s for s in sentences]
