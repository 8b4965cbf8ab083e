"""The :class:`Translator`: one object that translates lists of sentences with any engine.

It owns everything that is the same for every engine: deduplication, splitting of over-long sentences, length-
sorted token-budget batches, restoring document order, the progress bar and (optionally) the translation memory.
Engines only see well-formed batches.

Example:
    >>> from lintas.translate.translator import Translator                      # doctest: +SKIP
    >>> t = Translator("Helsinki-NLP/opus-mt-id-en", beam_size=4)     # or Translator.from_config(TranslatorConfig(...))
    >>> t.translate(["Selamat pagi.", "Apa kabar?"])
    ['Good morning.', 'How are you?']
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lintas.translate.batching import deduplicate, plan_batches, split_long_sentence
from lintas.translate.checks import text_list
from lintas.translate.config import DEFAULTS, TranslatorConfig
from lintas.translate.engines import load_engine
from lintas.translate.engines.base import DecodingOptions, Engine
from lintas.translate.errors import InputError
from lintas.translate.guard import degeneracy
from lintas.translate.models import resolve_model
from lintas.translate.progress import progress_bar
from lintas.translate.results import TranslationResult, TranslationStats

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
        model: hub id or local model folder (default: :data:`~lintas.translate.config.DEFAULT_MODEL`).
        config: a :class:`~lintas.translate.config.TranslatorConfig`; ``model`` and ``options`` override it.
        engine: an engine name (``auto``, ``transformers``, ``ctranslate2``) or an :class:`Engine` instance
            (custom engines, tests).
        cache: a :class:`~lintas.translate.cache.TranslationMemory`, or None for no caching
            (:meth:`from_config` opens the default one when ``config.cache`` is true).
        progress: show a progress bar on stderr (None = only when stderr is a terminal).
        options: any other :class:`~lintas.translate.config.TranslatorConfig` field (``beam_size=1``,
            ``max_output_tokens=64``...), checked there; the defaults and their meaning are documented there.

    The model is resolved once (:func:`~lintas.translate.models.resolve_model`) before the engine loads it.
    Translations come back as a :class:`~lintas.translate.results.TranslationResult`: a list of strings that also
    carries the flags and counters of that call.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        config: TranslatorConfig | None = None,
        engine: str | Engine | None = None,
        cache: TranslationMemory | None = None,
        progress: bool | None = False,
        **options: Any,
    ) -> None:
        changes = dict(options)
        if model is not None:
            changes["model"] = str(model)
        if isinstance(engine, str):
            changes["engine"] = engine
        unknown = sorted(set(changes) - set(TranslatorConfig.__dataclass_fields__))
        if unknown:
            raise InputError(f"Translator has no option {unknown[0]!r}; see TranslatorConfig for the options")
        self.config = (config or DEFAULTS).replace(**changes, cache=cache is not None)
        config = self.config
        start = time.perf_counter()
        if isinstance(engine, Engine):
            self.engine: Engine = engine
        else:
            self.engine = load_engine(
                resolve_model(config.model),
                engine=config.engine,
                device=config.device,
                threads=config.threads,
                compute_type=config.compute_type,
            )
        self.load_seconds = time.perf_counter() - start
        self.model_name = config.model
        limit = self.engine.max_input_tokens - _INPUT_MARGIN
        self.max_input_tokens = min(config.max_input_tokens, limit) if config.max_input_tokens else limit
        fixed = config.fixed_output_tokens
        self.options = DecodingOptions(
            beam_size=config.beam_size,
            max_output_tokens=fixed or config.max_output_tokens,
            min_output_tokens=fixed or 0,
            no_repeat_ngram_size=config.no_repeat_ngram_size,
            repetition_penalty=config.repetition_penalty,
        )
        self.batch_size = config.batch_size
        self.max_batch_tokens = config.max_batch_tokens
        self.max_output_ratio = None if fixed else config.max_output_ratio
        self.cache = cache
        self.guard = config.guard and not fixed
        self.progress = progress
        logger.info(
            "loaded %s in %.1f s",
            ", ".join(f"{k} {v}" for k, v in self.describe().items()),
            self.load_seconds,
        )

    @classmethod
    def from_config(
        cls,
        config: TranslatorConfig,
        *,
        engine: Engine | None = None,
        cache: TranslationMemory | None = None,
        progress: bool | None = False,
    ) -> Translator:
        """The translator ``config`` describes; with ``config.cache`` it opens the default translation memory
        unless ``cache`` gives one."""
        if cache is None and config.cache:
            from lintas.translate.cache import TranslationMemory

            cache = TranslationMemory()
        return cls(config=config, engine=engine, cache=cache, progress=progress)

    # -- public API ---------------------------------------------------------------------------------------------

    def translate(self, sentences: Sequence[str]) -> TranslationResult:
        """Translate ``sentences`` (one string each) and return the translations in the same order.

        Empty or whitespace-only strings translate to ``""`` without reaching the model; a single string, or
        anything else than strings, is an :class:`~lintas.translate.errors.InputError`. The result is a list of
        strings; its :attr:`~lintas.translate.results.TranslationResult.flags` map input positions to
        ``"repetition"``/``"length"`` for translations that still look degenerate after a retry with repetition
        controls, and its :attr:`~lintas.translate.results.TranslationResult.stats` count the work done.
        """
        sentences = text_list(sentences, "sentences")
        unique, mapping = deduplicate([s.strip() for s in sentences])
        stats = TranslationStats(sentences=len(sentences), unique=len(unique))
        texts, flags = self._translate_unique(unique, stats)
        logger.info(
            "translated %d sentences (%d distinct): %d pieces by the model, %d from the translation memory",
            stats.sentences, stats.unique, stats.translated, stats.cached,
        )  # fmt: skip
        return TranslationResult(
            [texts[m] for m in mapping],
            flags={i: flag for i, m in enumerate(mapping) if (flag := flags[m])},
            stats=stats,
        )

    def describe(self) -> dict[str, str]:
        """What translates: the model as named, the engine, device, compute type and (CTranslate2) conversion."""
        return {"model": self.model_name, **self.engine.describe()}

    def translate_one(self, sentence: str) -> str:
        """Translate a single sentence (a convenience for latency measurements and interactive use)."""
        return self.translate([sentence])[0]

    # -- internals ----------------------------------------------------------------------------------------------

    def _translate_unique(
        self, unique: list[str], stats: TranslationStats
    ) -> tuple[list[str], list[str | None]]:
        """Translate distinct sentences: split, look up the cache, batch the rest, retry degenerate output."""
        pieces, owners = self._pieces([s for s in unique if s])
        distinct, piece_map = deduplicate(pieces)
        done: dict[str, tuple[str, str | None]] = {}
        if self.cache is not None and distinct:
            done = self.cache.get_many(distinct, self._cache_scope())
        todo = [p for p in distinct if p not in done]
        stats.pieces, stats.cached, stats.translated = len(distinct), len(distinct) - len(todo), len(todo)
        if todo:
            self._translate_pieces(todo, done, stats)
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

    def _translate_pieces(
        self, pieces: list[str], done: dict[str, tuple[str, str | None]], stats: TranslationStats
    ) -> None:
        """Translate ``pieces`` in length-sorted batches into ``done``; cache each batch as it finishes."""
        lengths = self.engine.count_tokens(pieces)
        batches = plan_batches(
            lengths, max_batch_tokens=self.max_batch_tokens, max_batch_size=self.batch_size
        )
        with progress_bar(total=len(pieces), unit="sent", enabled=self.progress, desc="translating") as bar:
            for batch in batches:
                sources = [pieces[i] for i in batch.indices]
                texts = self.engine.translate_batch(sources, options=self._options_for(batch.max_tokens))
                results: dict[str, tuple[str, str | None]] = {
                    src: (text, None) for src, text in zip(sources, texts, strict=True)
                }
                if self.guard:
                    results.update(self._retry_degenerate(results, batch.max_tokens, stats))
                done.update(results)
                if self.cache is not None:
                    self.cache.put_many(results, self._cache_scope())
                bar.update(len(sources))

    def _retry_degenerate(
        self, results: dict[str, tuple[str, str | None]], longest: int, stats: TranslationStats
    ) -> dict[str, tuple[str, str | None]]:
        """Re-translate looping or overlong outputs with repetition controls; flag what stays degenerate."""
        bad = [src for src, (text, _) in results.items() if degeneracy(src, text)]
        if not bad:
            return {}
        stats.retried += len(bad)
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
                stats.flagged += 1
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


class LazyTranslator:
    """A :class:`Translator` built on its first :meth:`translate` call.

    ``lintas translate`` on an input with no text (an empty file, a page that is all boilerplate) renders it
    without loading a model: loading costs seconds and, for a model that is not there, an error about a model
    the input never needed. :attr:`loaded` says whether one was built.
    """

    def __init__(self, config: TranslatorConfig, *, progress: bool | None = False) -> None:
        self.config = config
        self.progress = progress
        self.loaded: Translator | None = None

    def describe(self) -> dict[str, str]:
        """:meth:`Translator.describe` once loaded; nothing before (no model ran)."""
        return self.loaded.describe() if self.loaded is not None else {}

    def translate(self, sentences: Sequence[str]) -> TranslationResult:
        if self.loaded is None:
            self.loaded = Translator.from_config(self.config, progress=self.progress)
        return self.loaded.translate(sentences)
