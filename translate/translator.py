"""The :class:`Translator`: one object that translates lists of sentences with any engine.

It owns everything that is the same for every engine: deduplication, splitting of over-long sentences, length-
sorted token-budget batches, restoring document order, the progress bar and (optionally) the translation memory.
Engines only see well-formed batches.

Example:
    >>> from translate.translator import Translator                      # doctest: +SKIP
    >>> t = Translator("Helsinki-NLP/opus-mt-id-en", beam_size=4)
    >>> t.translate(["Selamat pagi.", "Apa kabar?"])
    ['Good morning.', 'How are you?']
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from translate.batching import deduplicate, plan_batches, split_long_sentence
from translate.engines import load_engine
from translate.engines.base import DecodingOptions, Engine
from translate.models import DEFAULT_MODEL
from translate.progress import progress_bar

if TYPE_CHECKING:
    from translate.cache import TranslationMemory

logger = logging.getLogger("lintas")

#: Tokens kept free below the model's position limit (EOS and safety for tokenizer differences).
_INPUT_MARGIN = 2


class Translator:
    """Translate sentences with a seq2seq model, efficiently and in order.

    Args:
        model: hub id (default ``Helsinki-NLP/opus-mt-id-en``) or a local model folder.
        engine: ``auto`` (fastest installed), ``transformers``, ``ctranslate2``, or an :class:`Engine` instance
            (custom engines, tests).
        device: ``auto``, ``cpu`` or ``cuda``.
        threads: CPU threads (default: the cores available to this process).
        compute_type: CTranslate2 weights type (``auto``, ``int8``, ``int8_float32``, ``float32``).
        beam_size: beam width (1 = greedy).
        batch_size: most sentences in one batch.
        max_batch_tokens: most padded source tokens in one batch (the real memory/latency bound on CPU).
        max_input_tokens: longest piece sent to the model; longer sentences are split (default: model limit).
        max_output_tokens: hard cap on generated tokens per piece.
        max_output_ratio: generated tokens are also capped at ``ratio * longest input + 10`` per batch, so a
            looping model cannot run to ``max_output_tokens`` on a short sentence. ``None`` disables it.
        fixed_output_tokens: generate exactly this many tokens per sentence (speed benchmarks on random weights).
        no_repeat_ngram_size, repetition_penalty: repetition controls, passed to the engine.
        cache: a :class:`~translate.cache.TranslationMemory`, or None for no caching.
        progress: show a progress bar on stderr (None = only when stderr is a terminal).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        engine: str | Engine = "auto",
        device: str = "auto",
        threads: int | None = None,
        compute_type: str = "auto",
        beam_size: int = 4,
        batch_size: int = 32,
        max_batch_tokens: int = 4096,
        max_input_tokens: int | None = None,
        max_output_tokens: int = 256,
        max_output_ratio: float | None = 2.0,
        fixed_output_tokens: int | None = None,
        no_repeat_ngram_size: int = 0,
        repetition_penalty: float = 1.0,
        cache: TranslationMemory | None = None,
        progress: bool | None = False,
    ) -> None:
        start = time.perf_counter()
        if isinstance(engine, Engine):
            self.engine: Engine = engine
        else:
            self.engine = load_engine(
                str(model), engine=engine, device=device, threads=threads, compute_type=compute_type
            )
        self.load_seconds = time.perf_counter() - start
        self.model_name = str(model)
        limit = self.engine.max_input_tokens - _INPUT_MARGIN
        self.max_input_tokens = min(max_input_tokens, limit) if max_input_tokens else limit
        if fixed_output_tokens:
            max_output_tokens = fixed_output_tokens
            max_output_ratio = None
        self.options = DecodingOptions(
            beam_size=beam_size,
            max_output_tokens=max_output_tokens,
            min_output_tokens=fixed_output_tokens or 0,
            no_repeat_ngram_size=no_repeat_ngram_size,
            repetition_penalty=repetition_penalty,
        )
        self.batch_size = max(1, batch_size)
        self.max_batch_tokens = max(1, max_batch_tokens)
        self.max_output_ratio = max_output_ratio
        self.cache = cache
        self.progress = progress
        #: Counters of the last :meth:`translate` call: sentences asked, unique, from cache, model pieces.
        self.last_stats: dict[str, int] = {}

    # -- public API ---------------------------------------------------------------------------------------------

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translate ``sentences`` (one string each) and return the translations in the same order.

        Empty or whitespace-only strings translate to ``""`` without reaching the model.
        """
        unique, mapping = deduplicate([s.strip() for s in sentences])
        translated = self._translate_unique(unique)
        self.last_stats["sentences"] = len(sentences)
        return [translated[i] for i in mapping]

    def translate_one(self, sentence: str) -> str:
        """Translate a single sentence (a convenience for latency measurements and interactive use)."""
        return self.translate([sentence])[0]

    # -- internals ----------------------------------------------------------------------------------------------

    def _translate_unique(self, unique: list[str]) -> list[str]:
        results = [""] * len(unique)
        todo = [i for i, s in enumerate(unique) if s]
        cached = self.cache.get_many([unique[i] for i in todo], self._cache_scope()) if self.cache else {}
        for i in todo:
            if unique[i] in cached:
                results[i] = cached[unique[i]]
        todo = [i for i in todo if unique[i] not in cached]
        self.last_stats = {"unique": len(unique), "cached": len(cached), "pieces": 0}
        if not todo:
            return results
        pieces, owners = self._pieces([unique[i] for i in todo])
        self.last_stats["pieces"] = len(pieces)
        outputs = self._translate_pieces(pieces, sentences_total=len(todo), owners=owners)
        joined: dict[int, list[str]] = {}
        for owner, text in zip(owners, outputs, strict=True):
            joined.setdefault(owner, []).append(text.strip())
        new: dict[str, str] = {}
        for local, i in enumerate(todo):
            results[i] = " ".join(t for t in joined[local] if t)
            new[unique[i]] = results[i]
        if self.cache:
            self.cache.put_many(new, self._cache_scope())
        return results

    def _pieces(self, sentences: list[str]) -> tuple[list[str], list[int]]:
        """Split over-long sentences; return the pieces and, for each piece, the index of its sentence."""
        counts = self.engine.count_tokens(sentences)
        pieces: list[str] = []
        owners: list[int] = []
        for i, (sentence, n) in enumerate(zip(sentences, counts, strict=True)):
            if n <= self.max_input_tokens:
                parts = [sentence]
            else:
                parts = split_long_sentence(
                    sentence, lambda s: self.engine.count_tokens([s])[0], self.max_input_tokens
                )
                logger.info("split a %d-token sentence into %d pieces", n, len(parts))
            pieces.extend(parts)
            owners.extend([i] * len(parts))
        return pieces, owners

    def _translate_pieces(self, pieces: list[str], *, sentences_total: int, owners: list[int]) -> list[str]:
        lengths = self.engine.count_tokens(pieces)
        batches = plan_batches(
            lengths, max_batch_tokens=self.max_batch_tokens, max_batch_size=self.batch_size
        )
        outputs = [""] * len(pieces)
        with progress_bar(total=len(pieces), unit="sent", enabled=self.progress, desc="translating") as bar:
            for batch in batches:
                options = self._options_for(batch.max_tokens)
                texts = self.engine.translate_batch([pieces[i] for i in batch.indices], options=options)
                for i, text in zip(batch.indices, texts, strict=True):
                    outputs[i] = text
                bar.update(len(batch.indices))
        return outputs

    def _options_for(self, longest_input: int) -> DecodingOptions:
        if self.max_output_ratio is None:
            return self.options
        cap = math.ceil(self.max_output_ratio * longest_input) + 10
        return replace(self.options, max_output_tokens=min(self.options.max_output_tokens, cap))

    def _cache_scope(self) -> str:
        """What, besides the source sentence, a cached translation depends on."""
        return "|".join(
            [
                self.engine.fingerprint,
                self.engine.name,
                getattr(self.engine, "compute_type", "float32"),
                self.options.key(),
                f"max_input={self.max_input_tokens}",
                f"ratio={self.max_output_ratio}",
            ]
        )
