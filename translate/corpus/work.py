"""The per-document work of the corpus builder: segment, align (or translate), judge every pair.

This is the part that scales out. It depends on one document (or, for translation, one shard of documents) and
nothing else: no file is written, no state is shared, the deduplication that needs the whole corpus waits for the
merge (:mod:`lintas.translate.corpus.merge`). That is what lets any executor run it, in this process, in a pool of
processes or in Ray actors on other machines (:mod:`lintas.translate.corpus.executors`,
:mod:`lintas.translate.corpus.ray_engine`), and still give the same bytes.

Two kinds of work:

* :class:`DocumentProcessor` (``corpus build``): one document pair in, its aligned and judged pairs out. It holds
  the aligner and its lexicon, built once per process or actor;
* :func:`translate_documents` (``corpus translate``): the sentences of a whole shard go to the translator in one
  call, so batching, deduplication and the translation memory work across documents.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lintas.translate.align.aligner import Aligner
from lintas.translate.align.build import build_aligner, describe_aligner, mt_config
from lintas.translate.config import TranslatorConfig
from lintas.translate.corpus.config import FilterConfig
from lintas.translate.corpus.filters import Pair, PairFilter, judge
from lintas.translate.corpus.records import CorpusRecord, DocResult, count_filters, round_score
from lintas.translate.corpus.sources import SourceDoc, segment_side, sentences
from lintas.translate.errors import LintasError
from lintas.translate.results import SupportsTranslate, TranslationResult

logger = logging.getLogger(__name__)

__all__ = [
    "AlignSettings",
    "DocumentProcessor",
    "make_aligner",
    "process_document",
    "translate_documents",
]


@dataclass(frozen=True)
class AlignSettings:
    """How document pairs are aligned (plain data: it is pickled into worker processes and Ray actors).

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

    @property
    def mt(self) -> TranslatorConfig | None:
        """The MT scorer's translator config, when an MT model is named."""
        return mt_config(self.mt_model, self.mt_engine) if self.mt_model else None

    def describe(self) -> dict[str, Any]:
        """The settings that change the output, as recorded in the manifest and ``stats.json``."""
        return describe_aligner(lexicon=self.lexicon, max_bead=self.max_bead, mt=self.mt)


def make_aligner(settings: AlignSettings) -> Aligner:
    """The aligner that ``settings`` describe (:func:`~lintas.translate.align.build.build_aligner`)."""
    return build_aligner(lexicon=settings.lexicon, max_bead=settings.max_bead, mt=settings.mt)


def unexpected(doc: SourceDoc, exc: Exception) -> DocResult:
    """A document whose work raised an exception nothing foresaw: skipped, with its id and the error.

    This is the document boundary of every corpus job: a bug met by one odd document costs that document, not
    the build (the traceback goes to the debug log, ``-v``, for the bug report).
    """
    logger.debug("document %r failed", doc.doc_id, exc_info=exc)
    return DocResult(
        doc.index, doc.doc_id, skipped=f"unexpected error ({type(exc).__name__}: {exc}); please report it"
    )


def process_document(
    doc: SourceDoc, aligner, filters: Sequence[PairFilter], *, src_lang: str = "id", tgt_lang: str = "en"
) -> DocResult:
    """Segment, align and filter one document pair: the pure per-document step of the builder.

    The paragraph of each sentence goes to the aligner with it, so a byline or caption paragraph is not glued
    to the body sentence next to it. A document that cannot be used comes back with :attr:`DocResult.skipped`
    set instead of raising, so one bad document never stops a corpus; errors of the job itself (a model that
    cannot be loaded: a :class:`~lintas.translate.errors.LintasError`) and memory exhaustion still stop it.
    """
    try:
        return _align_document(doc, aligner, filters, src_lang=src_lang, tgt_lang=tgt_lang)
    except (LintasError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - the document boundary: see unexpected()
        return unexpected(doc, exc)


def _align_document(
    doc: SourceDoc, aligner, filters: Sequence[PairFilter], *, src_lang: str, tgt_lang: str
) -> DocResult:
    if doc.error is not None:
        return DocResult(doc.index, doc.doc_id, skipped=doc.error)
    assert doc.src is not None and doc.tgt is not None
    try:
        src, src_paragraphs = segment_side(doc.src, src_lang, doc.fmt)
        tgt, tgt_paragraphs = segment_side(doc.tgt, tgt_lang, doc.fmt)
    except LintasError as exc:
        return DocResult(doc.index, doc.doc_id, skipped=str(exc))
    for side, sents in (("source", src), ("target", tgt)):
        if not sents:
            return DocResult(doc.index, doc.doc_id, skipped=f"the {side} side has no sentences")
    alignment = aligner.align(src, tgt, src_paragraphs=src_paragraphs, tgt_paragraphs=tgt_paragraphs)
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
                doc.doc_id, tuple(bead.src), tuple(bead.tgt), src_text, tgt_text, round_score(bead.score),
                verdict.scores, verdict.failed,
            )
        )  # fmt: skip
    return DocResult(
        doc.index, doc.doc_id, None, (len(src), len(tgt)), dict(types), null, records, count_filters(records)
    )


class DocumentProcessor:
    """:func:`process_document` with its aligner and filters built once (per process or actor).

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


def translate_documents(
    docs: Sequence[SourceDoc],
    translator: SupportsTranslate,
    filters: Sequence[PairFilter],
    *,
    src_lang: str = "id",
) -> list[DocResult]:
    """The shard work of ``corpus translate``: every sentence of ``docs`` translated in one call, then judged.

    Each document is segmented; all its sentences join one list for the whole shard, which the translator
    batches, deduplicates and caches across documents; each sentence and its translation is one pair
    (``src == tgt == (i,)``), judged with the translator's flag (looping or overlong output) and no score.

    The output depends on the shard's documents only, never on the process that runs it: which is why the Ray
    engine hands each actor whole shards.
    """
    segmented: list[list[str] | None] = []
    results: list[DocResult | None] = []
    for doc in docs:
        if doc.error is not None:
            results.append(DocResult(doc.index, doc.doc_id, skipped=doc.error))
            segmented.append(None)
            continue
        assert doc.src is not None
        try:
            sents = sentences(doc.src, src_lang, doc.fmt)
            why = None if sents else "the document has no sentences"
        except LintasError as exc:  # an HTML page without article text
            why = str(exc)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - the document boundary: see unexpected()
            results.append(unexpected(doc, exc))
            segmented.append(None)
            continue
        if why is not None:
            results.append(DocResult(doc.index, doc.doc_id, skipped=why))
            segmented.append(None)
            continue
        results.append(None)
        segmented.append(sents)
    flat = [s for doc_sents in segmented if doc_sents for s in doc_sents]
    try:
        translations = translator.translate(flat) if flat else TranslationResult()
    except (LintasError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - the document boundary: find the document that fails
        alone = sum(1 for done in results if done is None) == 1
        return [
            done if done is not None
            else unexpected(doc, exc) if alone
            else _translate_alone(doc, translator, filters, src_lang)
            for doc, done in zip(docs, results, strict=True)
        ]  # fmt: skip
    out: list[DocResult] = []
    pos = 0
    for doc, doc_sents, done in zip(docs, segmented, results, strict=True):
        if done is not None:
            out.append(done)
            continue
        assert doc_sents is not None
        out.append(_judged(doc, doc_sents, translations, pos, filters))
        pos += len(doc_sents)
    return out


def _translate_alone(
    doc: SourceDoc, translator: SupportsTranslate, filters: Sequence[PairFilter], src_lang: str
) -> DocResult:
    """One document of a shard whose joint translation failed, translated on its own (skipped if it fails)."""
    return translate_documents([doc], translator, filters, src_lang=src_lang)[0]


def _judged(
    doc: SourceDoc,
    doc_sents: list[str],
    translations: TranslationResult,
    first: int,
    filters: Sequence[PairFilter],
) -> DocResult:
    """The pairs of one document: each sentence with its translation (from position ``first`` on), judged."""
    records = []
    for i, sentence in enumerate(doc_sents):
        translation, flag = translations[first + i], translations.flags.get(first + i)
        verdict = judge(filters, Pair(sentence, translation, None, flag))
        records.append(
            CorpusRecord(doc.doc_id, (i,), (i,), sentence, translation, None, verdict.scores, verdict.failed)
        )
    n = len(doc_sents)
    return DocResult(doc.index, doc.doc_id, None, (n, n), {"1-1": n}, 0, records, count_filters(records))
