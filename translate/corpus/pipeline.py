"""The corpus builder: documents in, a clean parallel corpus out.

``segment -> align -> filter`` is the per-document work, a pure function of one document pair
(:func:`process_document`: a :class:`~translate.corpus.sources.SourceDoc` in, a :class:`DocResult` with its
records and per-filter counts out). ``deduplicate -> write`` needs the whole corpus in order and runs once, when
the shards are merged (:func:`merge_shards`). Between the two sit the shards and the manifest
(:mod:`translate.corpus.manifest`), which make a build resumable.

Three pieces are kept apart so each can be swapped:

* an *executor* maps a list of documents to their results: :class:`SerialExecutor` in this process,
  :class:`ProcessExecutor` over the cores of one machine, :class:`TranslationExecutor` for ``corpus translate``
  (and later a Ray Data executor); each returns results in input order, so the output never depends on it;
* the *shard store* records finished work;
* :func:`build_corpus` drives them: documents in input order, a shard at a time, then the merge.

Memory stays flat: one shard of documents is in memory at a time, the merge streams one document at a time, and
the only structures that grow with the corpus are the deduplication tables (16 to 32 bytes per distinct pair each).
"""

from __future__ import annotations

import contextlib
import gzip as gzip_module
import io
import itertools
import json
import logging
import math
import os
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from translate import __version__
from translate.corpus.config import FilterConfig
from translate.corpus.filters import Pair, PairFilter, judge
from translate.corpus.manifest import DEFAULT_SHARD_SIZE, ShardStore, fingerprint
from translate.corpus.sources import Source, SourceDoc, sentences
from translate.corpus.stats import CorpusStats
from translate.corpus.writers import BitextRecord, MosesWriter, TmxWriter, TsvWriter, creation_date
from translate.errors import LintasError, OutputError

logger = logging.getLogger("lintas")

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "AlignSettings",
    "BuildResult",
    "CorpusRecord",
    "DocResult",
    "DocumentProcessor",
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "TranslationExecutor",
    "build_corpus",
    "merge_shards",
    "output_names",
    "process_document",
]

#: Stem of the final files (``corpus.id``, ``corpus.tsv``...).
STEM = "corpus"


# ------------------------------------------------------------------------------------------------ results
@dataclass(frozen=True)
class CorpusRecord:
    """One candidate pair of a document: a non-null bead, or a sentence and its machine translation.

    Attributes:
        doc_id: the document it comes from.
        src: 0-based source sentence indices in the document.
        tgt: 0-based target sentence indices.
        src_text: source text (a bead's sentences joined by a space).
        tgt_text: target text.
        score: alignment score (higher is better), ``None`` for synthetic pairs.
        scores: each pair filter's score, by name.
        failed: pair filters that rejected it, in filter order (empty: it reaches deduplication).
    """

    doc_id: str | int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    score: float | None
    scores: dict[str, Any]
    failed: tuple[str, ...] = ()

    def bitext(self) -> BitextRecord:
        return BitextRecord(self.src_text, self.tgt_text, self.score, self.doc_id, self.src, self.tgt)

    def to_obj(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "src": list(self.src),
            "tgt": list(self.tgt),
            "score": self.score,
            "src_text": self.src_text,
            "tgt_text": self.tgt_text,
            "filters": self.scores,
            "failed": list(self.failed),
        }

    @classmethod
    def from_obj(cls, obj: dict[str, Any]) -> CorpusRecord:
        return cls(
            obj["id"],
            tuple(obj["src"]),
            tuple(obj["tgt"]),
            obj["src_text"],
            obj["tgt_text"],
            obj["score"],
            obj["filters"],
            tuple(obj["failed"]),
        )


@dataclass
class DocResult:
    """What the per-document work returns: the document's candidate pairs and counters, or why it was skipped.

    Attributes:
        index: the document's position in the input.
        doc_id: its id.
        skipped: why it was not used (unreadable, empty...), else None.
        sentences: sentences on each side.
        bead_types: beads by type (``"1-1"``, ``"2-1"``, ``"1-0"``...).
        null_beads: beads with one side empty (counted, never written).
        records: candidate pairs in document order.
        counts: ``{"failed": {filter: n}, "dropped": {filter: n}}``: how many pairs each pair filter rejected,
            and how many it was the first to reject.
    """

    index: int
    doc_id: str | int
    skipped: str | None = None
    sentences: tuple[int, int] = (0, 0)
    bead_types: dict[str, int] = field(default_factory=dict)
    null_beads: int = 0
    records: list[CorpusRecord] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {"failed": {}, "dropped": {}})

    def to_json(self) -> str:
        return json.dumps(
            {
                "index": self.index,
                "id": self.doc_id,
                "skipped": self.skipped,
                "sentences": list(self.sentences),
                "bead_types": self.bead_types,
                "null_beads": self.null_beads,
                "counts": self.counts,
                "records": [r.to_obj() for r in self.records],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> DocResult:
        obj = json.loads(line)
        return cls(
            obj["index"],
            obj["id"],
            obj["skipped"],
            tuple(obj["sentences"]),
            obj["bead_types"],
            obj["null_beads"],
            [CorpusRecord.from_obj(r) for r in obj["records"]],
            obj["counts"],
        )


def _counts(records: Sequence[CorpusRecord]) -> dict[str, dict[str, int]]:
    failed: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for r in records:
        failed.update(r.failed)
        if r.failed:
            dropped[r.failed[0]] += 1
    return {"failed": dict(failed), "dropped": dict(dropped)}


def _round(score: float | None) -> float | None:
    return None if score is None else round(float(score), 4)


# --------------------------------------------------------------------------------------- per-document work
@dataclass(frozen=True)
class AlignSettings:
    """How document pairs are aligned (plain data: it is pickled into worker processes).

    Attributes:
        lexicon: ``"default"`` (the shipped lexicon), a lexicon TSV path, or None (length and anchors only).
        max_bead: most sentences in one bead, both sides together (None: the aligner's default).
        mt_model: a model for the optional MT scorer (slower, better on hard documents).
        mt_engine: its engine.
        src_lang: source language code (segmenter rules, Moses suffix, TMX).
        tgt_lang: target language code.
    """

    lexicon: str | None = "default"
    max_bead: int | None = None
    mt_model: str | None = None
    mt_engine: str = "auto"
    src_lang: str = "id"
    tgt_lang: str = "en"

    def describe(self) -> dict[str, Any]:
        lexicon = self.lexicon
        if lexicon not in (None, "default"):
            lexicon = str(Path(lexicon).resolve())
        return {
            "aligner": "lintas",
            "lexicon": lexicon,
            "max_bead": self.max_bead,
            "mt_model": self.mt_model,
            "mt_engine": self.mt_engine if self.mt_model else None,
        }


def make_aligner(settings: AlignSettings):
    """The :class:`~translate.align.Aligner` that ``settings`` describe (the MT model is loaded here)."""
    from translate.align import Aligner, AlignerConfig
    from translate.align.lexicon import Lexicon

    lexicon: Any = settings.lexicon
    if lexicon not in (None, "default"):
        lexicon = Lexicon.load(lexicon)
    scorers = Aligner.default_scorers(lexicon)
    if settings.mt_model:
        from translate.align.scorers import MTScorer
        from translate.translator import Translator

        scorers.append(MTScorer(Translator(settings.mt_model, engine=settings.mt_engine, beam_size=1)))
    config = AlignerConfig() if settings.max_bead is None else AlignerConfig(max_bead=settings.max_bead)
    return Aligner(scorers, config)


def process_document(
    doc: SourceDoc, aligner, filters: Sequence[PairFilter], *, src_lang: str = "id", tgt_lang: str = "en"
) -> DocResult:
    """Segment, align and filter one document pair: the pure per-document step of the builder.

    A document that cannot be used comes back with :attr:`DocResult.skipped` set instead of raising, so one bad
    document never stops a corpus.
    """
    if doc.error is not None:
        return DocResult(doc.index, doc.doc_id, skipped=doc.error)
    assert doc.src is not None and doc.tgt is not None
    try:
        src = sentences(doc.src, src_lang, doc.fmt)
        tgt = sentences(doc.tgt, tgt_lang, doc.fmt)
    except LintasError as exc:
        return DocResult(doc.index, doc.doc_id, skipped=str(exc))
    for side, sents in (("source", src), ("target", tgt)):
        if not sents:
            return DocResult(doc.index, doc.doc_id, skipped=f"the {side} side has no sentences")
    alignment = aligner.align(src, tgt)
    types: Counter[str] = Counter()
    null = 0
    records: list[CorpusRecord] = []
    for bead in alignment.beads:
        types[f"{len(bead.src)}-{len(bead.tgt)}"] += 1
        if not bead.src or not bead.tgt:
            null += 1
            continue
        src_text = " ".join(src[i] for i in bead.src)
        tgt_text = " ".join(tgt[j] for j in bead.tgt)
        verdict = judge(filters, Pair(src_text, tgt_text, bead.score))
        records.append(
            CorpusRecord(
                doc.doc_id, tuple(bead.src), tuple(bead.tgt), src_text, tgt_text, _round(bead.score),
                verdict.scores, verdict.failed,
            )
        )  # fmt: skip
    return DocResult(
        doc.index, doc.doc_id, None, (len(src), len(tgt)), dict(types), null, records, _counts(records)
    )


class DocumentProcessor:
    """:func:`process_document` with its aligner and filters built once (per process).

    Args:
        settings: how to align.
        filters: which pair filters to run.
    """

    def __init__(self, settings: AlignSettings, filters: FilterConfig) -> None:
        self.settings = settings
        self.aligner = make_aligner(settings)
        self.filters = filters.pair_filters()

    def __call__(self, doc: SourceDoc) -> DocResult:
        return process_document(
            doc, self.aligner, self.filters, src_lang=self.settings.src_lang, tgt_lang=self.settings.tgt_lang
        )


# ------------------------------------------------------------------------------------------------ executors
class Executor(ABC):
    """Maps a list of documents (one shard) to their results, in the same order."""

    @abstractmethod
    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        """Process ``docs``; results in input order."""

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
        self._pool = None

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
    """The shard work of ``corpus translate``: segment each document, translate all sentences of the shard in one
    call (the translator batches, deduplicates and caches across documents), pair each sentence with its
    translation, and judge the pairs.

    Args:
        translator: a :class:`~translate.translator.Translator` (any engine).
        filters: which pair filters to run.
        src_lang: language of the documents (segmenter rules).
    """

    def __init__(self, translator, filters: FilterConfig, *, src_lang: str = "id") -> None:
        self.translator = translator
        self.filters = filters.pair_filters()
        self.src_lang = src_lang

    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        segmented: list[list[str] | None] = []
        results: list[DocResult | None] = []
        for doc in docs:
            if doc.error is not None:
                results.append(DocResult(doc.index, doc.doc_id, skipped=doc.error))
                segmented.append(None)
                continue
            assert doc.src is not None
            sents = sentences(doc.src, self.src_lang, doc.fmt)
            if not sents:
                results.append(DocResult(doc.index, doc.doc_id, skipped="the document has no sentences"))
                segmented.append(None)
                continue
            results.append(None)
            segmented.append(sents)
        flat = [s for sents in segmented if sents for s in sents]
        translations = self.translator.translate(flat) if flat else []
        flags = dict(self.translator.last_flags) if flat else {}
        pos = 0
        out: list[DocResult] = []
        for doc, sents, done in zip(docs, segmented, results, strict=True):
            if done is not None:
                out.append(done)
                continue
            assert sents is not None
            records = []
            for i, sentence in enumerate(sents):
                translation, flag = translations[pos], flags.get(pos)
                pos += 1
                verdict = judge(self.filters, Pair(sentence, translation, None, flag))
                records.append(
                    CorpusRecord(
                        doc.doc_id, (i,), (i,), sentence, translation, None, verdict.scores, verdict.failed
                    )
                )
            out.append(
                DocResult(doc.index, doc.doc_id, None, (len(sents), len(sents)), {"1-1": len(sents)}, 0, records,
                          _counts(records))
            )  # fmt: skip
        return out


# -------------------------------------------------------------------------------------------------- outputs
def output_names(
    *, src_lang: str = "id", tgt_lang: str = "en", gzip: bool = False, dropped: bool = False
) -> list[str]:
    """The corpus files a build writes in its output folder (``stats.json`` and ``stats.md`` come on top)."""
    names = [f"{STEM}.{src_lang}", f"{STEM}.{tgt_lang}", f"{STEM}.tsv", f"{STEM}.jsonl", f"{STEM}.tmx"]
    if dropped:
        names.append("dropped.jsonl")
    return [f"{n}.gz" if gzip else n for n in names]


class _CorpusTmx(TmxWriter):
    """TMX 1.4b with the build's creation date (so a resumed build writes the same bytes) and header props."""

    def __init__(self, streams: list[TextIO], *, created: str, props: dict[str, str], **kwargs: Any) -> None:
        super().__init__(streams, **kwargs)
        self.created = created
        self.props = props

    def open(self) -> None:
        header = {
            "creationtool": "lintas",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "o-tmf": "lintas",
            "adminlang": "en",
            "srclang": self.src_lang,
            "creationdate": self.created,
        }
        attrs = " ".join(f"{k}={quoteattr(v)}" for k, v in header.items())
        props = "".join(f'    <prop type="{escape(k)}">{escape(v)}</prop>\n' for k, v in self.props.items())
        head = f"  <header {attrs}>\n{props}  </header>\n" if props else f"  <header {attrs}/>\n"
        self.streams[0].write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
            f"{head}  <body>\n"
        )


@contextlib.contextmanager
def _text_file(path: Path, *, gzip: bool) -> Iterator[TextIO]:
    """A UTF-8 text stream written atomically to ``path``; gzip without timestamp or name (reproducible bytes)."""
    from translate.io import atomic_writer

    with atomic_writer(path, "wb") as raw:
        if gzip:
            gz = gzip_module.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            stream = io.TextIOWrapper(gz, encoding="utf-8", newline="")
            yield stream
            stream.close()  # closes the gzip member, not the file under it
        else:
            stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            yield stream
            stream.flush()
            stream.detach()  # the atomic writer flushes, syncs and renames the file itself


def _jsonl_line(record: CorpusRecord, passed: Sequence[str], extra: dict[str, Any]) -> str:
    obj = {
        "id": record.doc_id,
        "src": list(record.src),
        "tgt": list(record.tgt),
        "score": record.score,
        "src_text": record.src_text,
        "tgt_text": record.tgt_text,
        "passed": list(passed),
        "filters": record.scores,
        **extra,
    }
    return json.dumps(obj, ensure_ascii=False) + "\n"


def merge_shards(
    store: ShardStore,
    out_dir: Path,
    filters: FilterConfig,
    *,
    gzip: bool = False,
    write_dropped: bool = False,
    src_lang: str = "id",
    tgt_lang: str = "en",
    created: str,
    tmx_props: dict[str, str] | None = None,
    record_extra: dict[str, Any] | None = None,
) -> CorpusStats:
    """Read the finished shards in order, deduplicate, and write the final files (each atomically).

    Deduplication happens here, over the whole corpus in document order, so it is the same however the
    documents were split into shards or processes, and however often the build was resumed.
    """
    pair_names = [f.NAME for f in filters.pair_filters()]
    dedup = filters.dedup_filters()
    stats = CorpusStats(pair_names, [d.NAME for d in dedup])
    names = output_names(src_lang=src_lang, tgt_lang=tgt_lang, gzip=gzip, dropped=write_dropped)
    extra = dict(record_extra or {})
    try:
        with contextlib.ExitStack() as stack:
            streams = [stack.enter_context(_text_file(out_dir / name, gzip=gzip)) for name in names]
            moses = MosesWriter(streams[0:2], src_lang=src_lang, tgt_lang=tgt_lang)
            tsv = TsvWriter(streams[2:3], src_lang=src_lang, tgt_lang=tgt_lang)
            tmx = _CorpusTmx(
                streams[4:5], created=created, props=tmx_props or {}, src_lang=src_lang, tgt_lang=tgt_lang
            )
            jsonl, dropped = streams[3], (streams[5] if write_dropped else None)
            tmx.open()
            jsonl_count = dropped_count = 0
            for line in store.read():
                result = DocResult.from_json(line)
                stats.add_document(result)
                for rec in result.records:
                    by = rec.failed[0] if rec.failed else None
                    failed = list(rec.failed)
                    if by is None:
                        for d in dedup:
                            if not d.first_time(rec.src_text, rec.tgt_text):
                                by = d.NAME
                                failed = [d.NAME]
                                break
                    if by is not None:
                        stats.add_dropped(by)
                        if dropped is not None:
                            passed = [n for n in pair_names if n not in failed]
                            dropped.write(
                                _jsonl_line(rec, passed, {**extra, "failed": failed, "dropped_by": by})
                            )
                            dropped_count += 1
                        continue
                    stats.add_kept(rec.src_text, rec.tgt_text)
                    bitext = rec.bitext()
                    moses.write(bitext)
                    tsv.write(bitext)
                    tmx.write(bitext)
                    jsonl.write(_jsonl_line(rec, [*pair_names, *stats.dedup_filters], extra))
                    jsonl_count += 1
            tmx.close()
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the corpus files ({exc.strerror or exc})") from None
    counts = [moses.count, moses.count, tsv.count, jsonl_count, tmx.count] + (
        [dropped_count] if write_dropped else []
    )
    stats.outputs = dict(zip(names, counts, strict=True))
    return stats


# ---------------------------------------------------------------------------------------------- the build
@dataclass
class BuildResult:
    """What a build did.

    Attributes:
        out_dir: the output folder.
        stats: the content of ``stats.json``.
        files: the files written (names inside ``out_dir``).
        resumed_from: documents found done in an earlier, interrupted run (0 for a fresh build).
        already_built: the folder already held this exact build; nothing was done.
    """

    out_dir: Path
    stats: dict[str, Any]
    files: list[str]
    resumed_from: int = 0
    already_built: bool = False

    @property
    def skipped(self) -> int:
        """Documents skipped (bad input); the CLI's exit code is 1 when this is not 0."""
        return int(self.stats["documents"]["skipped"])


def _chunks(docs: Iterator[SourceDoc], size: int) -> Iterator[list[SourceDoc]]:
    while True:
        chunk = list(itertools.islice(docs, size))
        if not chunk:
            return
        yield chunk


def build_corpus(
    source: Source,
    out_dir: str | os.PathLike[str],
    executor: Executor,
    *,
    filters: FilterConfig | None = None,
    settings: dict[str, Any] | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    gzip: bool = False,
    write_dropped: bool = False,
    keep_shards: bool = False,
    overwrite: bool = False,
    progress: bool | None = None,
    src_lang: str = "id",
    tgt_lang: str = "en",
    metadata: dict[str, Any] | None = None,
) -> BuildResult:
    """Build (or finish building) a corpus from ``source`` into ``out_dir``.

    Args:
        source: the documents.
        out_dir: output folder (created if missing).
        executor: does the per-document work (see :class:`Executor`).
        filters: filter config (default: every filter with its defaults).
        settings: everything else that changes the output (aligner or translator settings); fingerprinted.
        shard_size: documents per shard.
        gzip: write the corpus files gzip-compressed (``corpus.tsv.gz``...).
        write_dropped: also write ``dropped.jsonl``: every dropped pair with the filters it failed.
        keep_shards: keep ``shards/`` after the merge.
        overwrite: discard whatever build the folder holds and start again.
        progress: a progress bar on stderr (None: when stderr is a terminal).
        src_lang: source language code (Moses suffix, TMX).
        tgt_lang: target language code.
        metadata: recorded in ``stats.json`` (``corpus translate`` records the model here).

    Raises:
        OutputError: the folder holds another build (or other corpus files) and ``overwrite`` is not set; a file
            cannot be written.
    """
    from translate.progress import progress_bar

    filters = filters or FilterConfig()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: is a file; give a folder for the corpus")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot be created ({exc.strerror or exc})") from None
    names = output_names(src_lang=src_lang, tgt_lang=tgt_lang, gzip=gzip, dropped=write_dropped)
    described = {
        "lintas": __version__,
        "kind": source.kind,
        "input": source.describe(),
        "settings": settings or {},
        "filters": filters.resolved(),
        "languages": [src_lang, tgt_lang],
    }
    store = ShardStore(out)
    manifest = _open_store(store, described, names, overwrite=overwrite, shard_size=shard_size)
    if manifest is None:
        logger.info("%s already holds this build; nothing to do (add --overwrite to build it again)", out)
        stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
        return BuildResult(out, stats, [*names, "stats.json", "stats.md"], 0, already_built=True)
    resumed = manifest.documents_done
    if resumed:
        logger.warning("resuming the build in %s: %d documents were already done", out, resumed)

    if not manifest.input_done:
        total = getattr(source, "size", None)
        with (
            executor,
            progress_bar(total=total, unit="doc", enabled=progress, desc="documents") as bar,
        ):
            bar.update(manifest.documents_done)
            for chunk in _chunks(source.documents(start=manifest.documents_done), shard_size):
                results = executor.map(chunk)
                for r in results:
                    if r.skipped is not None:
                        logger.warning("skipped document %r: %s", r.doc_id, r.skipped)
                store.write_shard(chunk[0].index, len(chunk), (r.to_json() for r in results))
                bar.update(len(chunk))
        store.finish_input()

    props: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if metadata and metadata.get("model"):
        props = {"x-mt-model": str(metadata["model"]), "x-mt-engine": str(metadata.get("engine", ""))}
        extra = {"mt_model": str(metadata["model"])}
    stats = merge_shards(
        store, out, filters, gzip=gzip, write_dropped=write_dropped, src_lang=src_lang, tgt_lang=tgt_lang,
        created=manifest.created, tmx_props=props, record_extra=extra,
    )  # fmt: skip
    data = _write_stats(out, stats, filters, described, manifest.created, metadata)
    store.finish(keep_shards=keep_shards)
    return BuildResult(out, data, [*names, "stats.json", "stats.md"], resumed)


def _open_store(
    store: ShardStore, described: dict[str, Any], names: list[str], *, overwrite: bool, shard_size: int
):
    """The manifest to work with: resumed, or fresh; ``None`` when the folder already holds this exact build.

    Raises:
        OutputError: the folder holds another build, or corpus files without a manifest (unless ``overwrite``).
    """
    out = store.out_dir
    digest = fingerprint(described)
    manifest = None if overwrite else store.load()
    if manifest is not None and manifest.fingerprint != digest:
        state = "a finished" if manifest.complete else "an unfinished"
        raise OutputError(
            f"--out {out}: holds {state} build of other inputs or settings; add --overwrite to replace it, "
            "or choose another folder"
        )
    ours = overwrite or manifest is not None
    if manifest is not None and manifest.complete:
        if all((out / n).is_file() for n in [*names, "stats.json"]):
            return None
        if not store.shard_dir.is_dir():
            manifest = None  # some final files are gone, and so are the shards: build again
    if manifest is not None:
        return store.resume(manifest)
    if not ours:
        src_lang, tgt_lang = described["languages"]
        for name in [*output_names(src_lang=src_lang, tgt_lang=tgt_lang), "stats.json"]:
            if (out / name).exists():
                raise OutputError(
                    f"--out {out}: already holds {name} from another build; add --overwrite to replace it, "
                    "or choose another folder"
                )
    return store.start(digest, described, shard_size, creation_date())


def _write_stats(
    out: Path,
    stats: CorpusStats,
    filters: FilterConfig,
    described: dict[str, Any],
    created: str,
    metadata: dict[str, Any] | None,
) -> dict[str, Any]:
    """Write ``stats.json`` and ``stats.md`` (atomically); return what ``stats.json`` holds."""
    from translate.io import write_text

    kind = "synthetic" if described["kind"] == "monolingual" else "aligned"
    meta = {
        "lintas": __version__,
        "kind": kind,
        "created": created,
        "input": described["input"],
        "settings": described["settings"],
        **({"metadata": metadata} if metadata else {}),
    }
    data = stats.as_dict(meta=meta, filter_options=filters.resolved())
    write_text(out / "stats.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    lines = [f"built by lintas {__version__} ({kind} pairs), created {created}"]
    if metadata and metadata.get("model"):
        lines.append(f"machine translation: model `{metadata['model']}`, engine {metadata.get('engine')}")
    write_text(out / "stats.md", stats.to_markdown(meta_lines=lines))
    return data
