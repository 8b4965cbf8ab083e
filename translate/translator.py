"""The :class:`Translator`: one object that translates lists of sentences with any engine.

It owns everything that is the same for every engine: deduplication, splitting of over-long sentences, length-
sorted token-budget batches, restoring document order, the progress bar and (optionally) the translation memory.
Engines only see well-formed batches.

Example:
    >>> from lintas.translate.translator import Translator                      # doctest: +SKIP
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

from lintas.translate.batching import deduplicate, plan_batches, split_long_sentence
from lintas.translate.checks import at_least, text_list
from lintas.translate.engines import load_engine
from lintas.translate.engines.base import DecodingOptions, Engine
from lintas.translate.guard import degeneracy
from lintas.translate.models import DEFAULT_MODEL
from lintas.translate.progress import progress_bar

if TYPE_CHECKING:
    from lintas.translate.cache import TranslationMemory

logger = logging.getLogger("lintas")

#: Repetition controls used to retry a degenerate translation (unless stricter ones were asked for).
RETRY_NO_REPEAT_NGRAM = 3
RETRY_REPETITION_PENALTY = 1.2

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
        cache: a :class:`~lintas.translate.cache.TranslationMemory`, or None for no caching.
        guard: retry degenerate translations (loops, absurd length) with repetition controls and flag the rest
            (:mod:`lintas.translate.guard`); off by default with ``fixed_output_tokens``.
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
        guard: bool = True,
        progress: bool | None = False,
    ) -> None:
        at_least(beam_size, 1, "beam_size")
        at_least(batch_size, 1, "batch_size")
        at_least(max_batch_tokens, 1, "max_batch_tokens")
        at_least(max_output_tokens, 1, "max_output_tokens")
        at_least(max_input_tokens, 1, "max_input_tokens", optional=True)
        at_least(fixed_output_tokens, 1, "fixed_output_tokens", optional=True)
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
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        self.max_output_ratio = max_output_ratio
        self.cache = cache
        self.guard = guard and not fixed_output_tokens
        self.progress = progress
        #: Input positions of the last :meth:`translate` call whose translation is still degenerate.
        self.last_flags: dict[int, str] = {}
        #: Counters of the last :meth:`translate` call: sentences, unique, pieces, cached, translated, retried...
        self.last_stats: dict[str, int] = {}

    # -- public API ---------------------------------------------------------------------------------------------

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translate ``sentences`` (one string each) and return the translations in the same order.

        Empty or whitespace-only strings translate to ``""`` without reaching the model; a single string, or
        anything else than strings, is an :class:`~lintas.translate.errors.InputError`. After the call,
        :attr:`last_flags` maps input positions to ``"repetition"``/``"length"`` for translations that still
        look degenerate after a retry with repetition controls, and :attr:`last_stats` counts the work done.
        """
        sentences = text_list(sentences, "sentences")
        unique, mapping = deduplicate([s.strip() for s in sentences])
        texts, flags = self._translate_unique(unique)
        self.last_stats["sentences"] = len(sentences)
        self.last_flags = {i: flags[m] for i, m in enumerate(mapping) if flags[m]}
        return [texts[m] for m in mapping]

    def translate_one(self, sentence: str) -> str:
        """Translate a single sentence (a convenience for latency measurements and interactive use)."""
        return self.translate([sentence])[0]

    # -- internals ----------------------------------------------------------------------------------------------

    def _translate_unique(self, unique: list[str]) -> tuple[list[str], list[str | None]]:
        """Translate distinct sentences: split, look up the cache, batch the rest, retry degenerate output."""
        pieces, owners = self._pieces([s for s in unique if s])
        distinct, piece_map = deduplicate(pieces)
        done: dict[str, tuple[str, str | None]] = {}
        if self.cache is not None and distinct:
            done = self.cache.get_many(distinct, self._cache_scope())
        todo = [p for p in distinct if p not in done]
        self.last_stats = {
            "unique": len(unique),
            "pieces": len(distinct),
            "cached": len(distinct) - len(todo),
        }
        self.last_stats.update(translated=len(todo), retried=0, flagged=0)
        if todo:
            self._translate_pieces(todo, done)
        # Join pieces back into sentences; a sentence is flagged when any of its pieces is.
        joined: dict[int, list[str]] = {}
        sentence_flags: dict[int, str | None] = {}
        for owner, index in zip(owners, piece_map, strict=True):
            text, flag = done[distinct[index]]
            joined.setdefault(owner, []).append(text.strip())
            sentence_flags[owner] = sentence_flags.get(owner) or flag
        texts: list[str] = []
        flags: list[str | None] = []
        owner = 0
        for sentence in unique:
            if not sentence:
                texts.append("")
                flags.append(None)
                continue
            texts.append(" ".join(t for t in joined[owner] if t))
            flags.append(sentence_flags[owner])
            owner += 1
        return texts, flags

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

    def _translate_pieces(self, pieces: list[str], done: dict[str, tuple[str, str | None]]) -> None:
        """Translate ``pieces`` in length-sorted batches into ``done``; cache each batch as it finishes."""
        lengths = self.engine.count_tokens(pieces)
        batches = plan_batches(
            lengths, max_batch_tokens=self.max_batch_tokens, max_batch_size=self.batch_size
        )
        with progress_bar(total=len(pieces), unit="sent", enabled=self.progress, desc="translating") as bar:
            for batch in batches:
                sources = [pieces[i] for i in batch.indices]
                texts = self.engine.translate_batch(sources, options=self._options_for(batch.max_tokens))
                results = {src: (text, None) for src, text in zip(sources, texts, strict=True)}
                if self.guard:
                    results.update(self._retry_degenerate(results, batch.max_tokens))
                done.update(results)
                if self.cache is not None:
                    self.cache.put_many(results, self._cache_scope())
                bar.update(len(sources))

    def _retry_degenerate(self, results: dict[str, tuple[str, str | None]], longest: int) -> dict:
        """Re-translate looping or overlong outputs with repetition controls; flag what stays degenerate."""
        bad = [src for src, (text, _) in results.items() if degeneracy(src, text)]
        if not bad:
            return {}
        self.last_stats["retried"] += len(bad)
        options = replace(
            self._options_for(longest),
            no_repeat_ngram_size=self.options.no_repeat_ngram_size or RETRY_NO_REPEAT_NGRAM,
            repetition_penalty=max(self.options.repetition_penalty, RETRY_REPETITION_PENALTY),
        )
        retried = self.engine.translate_batch(bad, options=options)
        fixed: dict[str, tuple[str, str | None]] = {}
        for src, text in zip(bad, retried, strict=True):
            flag = degeneracy(src, text)
            if flag:
                self.last_stats["flagged"] += 1
                logger.info("translation still degenerate (%s) after retry: %.60s", flag, src)
            fixed[src] = (text, flag)
        return fixed

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
