"""The one interface every translation engine implements.

An engine turns a batch of *already segmented, already length-checked* sentences into translations. It knows
nothing of documents, segmentation, caching or the CLI: those live in :class:`lintas.translate.translator.Translator`,
which is the same for every engine. This is what lets the transformers and CTranslate2 backends be compared on
equal work.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class DecodingOptions:
    """Decoding settings that mean the same thing on every engine.

    Attributes:
        beam_size: beam width; 1 is greedy search.
        max_output_tokens: hard cap on generated tokens per sentence (EOS excluded).
        min_output_tokens: force at least this many tokens (EOS suppressed until then). Together with
            ``max_output_tokens`` equal to it, every engine generates exactly N tokens: that is how speed is
            compared fairly on random-weight models.
        no_repeat_ngram_size: forbid repeating any n-gram of this size (0 = off); a guard against opus-mt loops.
        repetition_penalty: >1 discourages tokens already generated (1.0 = off).
        length_penalty: beam score length normalisation exponent (1.0 = divide by length).
    """

    beam_size: int = 4
    max_output_tokens: int = 256
    min_output_tokens: int = 0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    length_penalty: float = 1.0

    def key(self) -> str:
        """A stable string naming these options (for cache keys and reports)."""
        return ",".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))


class Engine(abc.ABC):
    """A loaded model that translates batches of sentences.

    Subclasses load the model once in ``__init__`` and keep it; :meth:`translate_batch` is called many times.
    """

    #: Short engine name used on the command line and in reports ("transformers", "ctranslate2").
    name: str = "engine"

    @property
    @abc.abstractmethod
    def max_input_tokens(self) -> int:
        """The longest source the model accepts, in subword tokens including EOS."""

    @abc.abstractmethod
    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        """Number of source subword tokens (EOS included) of each sentence, as the model will see it."""

    @abc.abstractmethod
    def translate_batch(self, sentences: Sequence[str], *, options: DecodingOptions) -> list[str]:
        """Translate one batch; returns one string per input, in input order."""

    def count_output_tokens(self, translations: Sequence[str]) -> list[int]:
        """Number of target subword tokens of each translation (for tokens/s figures)."""
        return self.count_tokens(translations)

    @property
    def fingerprint(self) -> str:
        """Identifies the model weights and tokenizer (cache keys); engines override with a content hash."""
        return self.name

    def describe(self) -> dict[str, str]:
        """What runs: engine, device and compute type (and, on CTranslate2, the conversion), for logs and rows.

        Only the attributes an engine has are listed, so a test engine describes itself as just its name.
        """
        info = {"engine": self.name}
        for key in ("device", "compute_type", "conversion"):
            value = getattr(self, key, None)
            if value is not None:
                info[key] = str(value)
        return info
