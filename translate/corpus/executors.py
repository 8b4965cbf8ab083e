"""Executors: who runs the per-document work of a build, and where.

An executor turns documents into :class:`~lintas.translate.corpus.records.DocResult`\\ s, a shard at a time, *in input
order*. That promise is the whole contract: the shards, the merge and therefore every output byte are the same
whichever executor ran, so a build started with one can be resumed with another.

* :class:`SerialExecutor` runs the work in this process (``--workers 1``);
* :class:`ProcessExecutor` in a pool of processes of this machine (``--workers N``);
* :class:`TranslationExecutor` translates a shard's sentences in one call (``corpus translate``);
* :class:`~lintas.translate.corpus.ray_engine.RayExecutor` on a Ray cluster (``--executor ray``), which streams the
  whole input instead of one shard at a time and so overrides :meth:`Executor.shards`.

Workers build their models themselves, from a *factory* that pickles (plain settings, not loaded models): a
lexicon or a translation model is loaded once per process or actor, never shipped.
"""

from __future__ import annotations

import itertools
import math
import os
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lintas.translate.config import TranslatorConfig
from lintas.translate.corpus.config import FilterConfig
from lintas.translate.corpus.records import DocResult, EncodedResult
from lintas.translate.corpus.sources import Source, SourceDoc
from lintas.translate.corpus.work import translate_documents
from lintas.translate.engines.base import Engine
from lintas.translate.results import SupportsTranslate

if TYPE_CHECKING:
    from lintas.translate.translator import Translator

__all__ = [
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "TranslationExecutor",
    "TranslatorSpec",
    "chunks",
    "describe_translator",
    "translation_executor",
    "translator_metadata",
]


def chunks(docs: Iterator[SourceDoc], size: int) -> Iterator[list[SourceDoc]]:
    """``docs`` in lists of ``size`` (the last one shorter): the shards of a build."""
    while True:
        chunk = list(itertools.islice(docs, size))
        if not chunk:
            return
        yield chunk


class Executor(ABC):
    """Maps documents to their results, in the same order.

    Subclasses implement :meth:`map` (one shard); :meth:`shards` drives it over the input. An executor that
    streams the whole input at once (Ray) overrides :meth:`shards` instead.
    """

    @abstractmethod
    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        """Process ``docs``; results in input order."""

    def shards(
        self, source: Source, start: int, shard_size: int
    ) -> Iterator[Sequence[DocResult | EncodedResult]]:
        """The results of the documents of ``source`` from position ``start`` on, ``shard_size`` at a time.

        The caller writes each shard before it asks for the next one, so what a kill loses is at most the shards
        in flight. A remote executor may return its results already serialised
        (:class:`~lintas.translate.corpus.records.EncodedResult`).
        """
        for chunk in chunks(source.documents(start=start), shard_size):
            yield self.map(chunk)

    def start(self) -> None:  # noqa: B027 - optional hook
        """Start workers, before the caller starts threads of its own (a progress bar)."""

    def close(self, *, abort: bool = False) -> None:  # noqa: B027 - optional hook
        """Release workers or models (``abort``: stop them without waiting, after an error or Ctrl-C)."""

    def __enter__(self) -> Executor:
        self.start()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)


class SerialExecutor(Executor):
    """Runs a per-document function in this process (``--workers 1``), built on first use."""

    def __init__(self, factory: Callable[[], Callable[[SourceDoc], DocResult]]) -> None:
        self.factory = factory
        self._fn: Callable[[SourceDoc], DocResult] | None = None

    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        if self._fn is None:
            self._fn = self.factory()
        return [self._fn(doc) for doc in docs]


_WORKER_FN: Callable[[SourceDoc], DocResult] | None = None


def _watch_parent(parent: int) -> None:
    """End this worker when its parent dies (a killed build must not leave workers behind)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(factory: Callable[[], Callable[[SourceDoc], DocResult]], parent: int) -> None:
    global _WORKER_FN
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _WORKER_FN = factory()


def _in_worker(doc: SourceDoc) -> DocResult:
    assert _WORKER_FN is not None
    return _WORKER_FN(doc)


class ProcessExecutor(Executor):
    """Runs a per-document function in ``workers`` processes of this machine (``--workers N``).

    Each worker builds its own function once (aligner, lexicon, filters) with ``factory``, which must pickle
    (``functools.partial(DocumentProcessor, settings, filters)`` does). ``Pool.map`` keeps input order, so the
    output is identical to :class:`SerialExecutor`'s.
    """

    def __init__(self, factory: Callable[[], Callable[[SourceDoc], DocResult]], workers: int) -> None:
        self.factory = factory
        self.workers = max(1, workers)
        self._pool: Any = None  # a multiprocessing Pool once started

    def start(self) -> None:
        if self._pool is None:
            import multiprocessing

            # fork: workers start at once and need no importable __main__; spawn where fork does not exist.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            ctx = multiprocessing.get_context(method)
            self._pool = ctx.Pool(
                self.workers, initializer=_init_worker, initargs=(self.factory, os.getpid())
            )

    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        self.start()
        chunk = max(1, math.ceil(len(docs) / (self.workers * 8)))
        return self._pool.map(_in_worker, docs, chunksize=chunk)

    def close(self, *, abort: bool = False) -> None:
        if self._pool is not None:
            if abort:
                self._pool.terminate()
            else:
                self._pool.close()
            self._pool.join()
            self._pool = None


class TranslationExecutor(Executor):
    """The shard work of ``corpus translate`` (:func:`~lintas.translate.corpus.work.translate_documents`) in this process.

    Args:
        translator: a :class:`~lintas.translate.translator.Translator` (any engine).
        filters: which pair filters to run.
        src_lang: language of the documents (segmenter rules).
    """

    def __init__(self, translator: SupportsTranslate, filters: FilterConfig, *, src_lang: str = "id") -> None:
        self.translator = translator
        self.filters = filters.pair_filters()
        self.src_lang = src_lang

    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        return translate_documents(docs, self.translator, self.filters, src_lang=self.src_lang)


@dataclass(frozen=True)
class TranslatorSpec:
    """A translator as plain data, so that every worker (a Ray actor on another machine) loads the same one.

    Attributes:
        config: the :class:`~lintas.translate.config.TranslatorConfig` (with ``cache``: each machine's own
            translation memory).
        engine: an :class:`~lintas.translate.engines.base.Engine` object to use instead of loading one (tests,
            custom engines); it must pickle to reach other processes.
    """

    config: TranslatorConfig
    engine: Engine | None = None

    def build(self, *, progress: bool | None = False, **overrides: Any) -> Translator:
        """Load the translator (``overrides`` replace config fields: a Ray worker sets its own ``threads``)."""
        from lintas.translate.translator import Translator

        config = self.config.replace(**overrides) if overrides else self.config
        return Translator.from_config(config, engine=self.engine, progress=progress)


def translator_metadata(translator: Translator, model: str) -> dict[str, Any]:
    """What ``stats.json``, the TMX header and the manifest record about the translator of a synthetic corpus."""
    engine = translator.engine
    return {
        "model": model,
        "engine": engine.name,
        "model_fingerprint": engine.fingerprint,
        "compute_type": getattr(engine, "compute_type", None),
        "decoding": translator.options.key(),
        "max_input_tokens": translator.max_input_tokens,
    }


def describe_translator(spec: TranslatorSpec, **overrides: Any) -> dict[str, Any]:
    """Load the translator ``spec`` describes and return its :func:`translator_metadata` (run on a Ray worker)."""
    return translator_metadata(spec.build(**overrides), spec.config.model)


def translation_executor(
    spec: TranslatorSpec, filters: FilterConfig, src_lang: str = "id", **overrides: Any
) -> TranslationExecutor:
    """A :class:`TranslationExecutor` with its own translator: the factory a Ray actor calls once."""
    return TranslationExecutor(spec.build(**overrides), filters, src_lang=src_lang)
