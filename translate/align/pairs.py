"""Inputs and outputs of ``lintas align``: documents to sentences, the ``--pairs`` JSONL stream, beads to records.

``--pairs`` files are read line by line and each pair is aligned and written before the next line is read, so
memory stays flat however many pairs a file holds. Every problem with a line is an :class:`InputError` that
names the file and line number; the documents before it are already complete in the output.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lintas.translate.align.aligner import Aligner, Alignment
from lintas.translate.bitext import BitextRecord, BitextWriter
from lintas.translate.errors import InputError
from lintas.translate.io import lone_surrogate

logger = logging.getLogger("lintas")


@dataclass(frozen=True)
class Document:
    """The sentences of one side of a document pair, with their paragraph numbers when known.

    Attributes:
        sentences: segments in document order.
        paragraphs: paragraph number of each segment (segmented documents), or None (presplit input).
    """

    sentences: list[str]
    paragraphs: list[int] | None = None


#: One document pair: (id, source document, target document).
DocPair = tuple[object, Document, Document]


def split_document(text: str, lang: str) -> list[str]:
    """Sentences of a document, in order: the project segmenter's paragraphs, flattened."""
    return segment_document(text, lang).sentences


def segment_document(text: str, lang: str) -> Document:
    """Sentences of a document with the paragraph each comes from (the project segmenter)."""
    from lintas.translate.segment import segment_text

    sentences: list[str] = []
    paragraphs: list[int] = []
    for number, paragraph in enumerate(segment_text(text, lang)):
        sentences.extend(paragraph)
        paragraphs.extend([number] * len(paragraph))
    return Document(sentences, paragraphs)


def load_document(path: str, lang: str, *, presplit: bool = False) -> Document:
    """Read a document file (``presplit``: one segment a line, line ``k`` is segment ``k - 1``).

    Raises:
        InputError: missing, binary or undecodable file.
    """
    from lintas.translate.io import read_text

    text = read_text(path)
    if presplit:
        return Document([line.strip() for line in text.splitlines()])
    return segment_document(text, lang)


def _segments(value: object, lang: str, where: str, key: str) -> Document:
    if isinstance(value, str):
        return segment_document(value, lang)
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return Document([s.strip() for s in value])
    raise InputError(f'{where}: "{key}" must be a string (a document) or a list of strings (segments)')


def read_pairs(path: str) -> Iterator[DocPair]:
    """Document pairs of a ``--pairs`` JSONL file (``-``: standard input), validated line by line.

    The file is opened at once (a missing file fails before any output is written); lines are read lazily.

    Raises:
        InputError: missing file; and, while iterating, a line that is not UTF-8, not JSON (or JSON with a lone
            surrogate, which no output file can hold), not an object, lacks "id", "src" or "tgt", has a wrong
            type, or repeats an earlier id.
    """
    if path == "-":
        stream = sys.stdin.buffer
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{p}: no such file" if not p.exists() else f"{p}: is not a file")
        try:
            stream = p.open("rb")
        except OSError as exc:
            raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
        name = str(p)
    return _iter_pairs(stream, name)


def _iter_pairs(stream, name: str) -> Iterator[DocPair]:
    seen: set[object] = set()
    try:
        for lineno, raw in enumerate(stream, 1):
            where = f"{name}: line {lineno}"
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{where} is not UTF-8; convert the file with iconv -t UTF-8") from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where} is not valid JSON ({exc.msg}); one JSON object a line") from None
            if "\\u" in line and (why := lone_surrogate(obj)) is not None:
                raise InputError(f"{where}: {why}")
            if not isinstance(obj, dict):
                raise InputError(
                    f'{where} is not a JSON object; expected {{"id": ..., "src": ..., "tgt": ...}}'
                )
            missing = [k for k in ("id", "src", "tgt") if k not in obj]
            if missing:
                raise InputError(f'{where} has no "{missing[0]}"; every line needs "id", "src" and "tgt"')
            doc_id = obj["id"]
            if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
                raise InputError(f'{where}: "id" must be a string or an integer')
            if doc_id in seen:
                raise InputError(f"{where}: id {doc_id!r} appeared on an earlier line; ids must be unique")
            seen.add(doc_id)
            yield doc_id, _segments(obj["src"], "id", where, "src"), _segments(obj["tgt"], "en", where, "tgt")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def records(doc_id: object, alignment: Alignment) -> list[BitextRecord]:
    """One record per bead, null beads included, in document order."""
    out = []
    for bead in alignment.beads:
        out.append(
            BitextRecord(
                src_text=" ".join(alignment.src[i] for i in bead.src),
                tgt_text=" ".join(alignment.tgt[j] for j in bead.tgt),
                score=bead.score,
                doc_id=doc_id,
                src=bead.src,
                tgt=bead.tgt,
            )
        )
    return out


def align_stream(aligner: Aligner, docs: Iterable[DocPair], writer: BitextWriter) -> dict[str, int]:
    """Align each document pair and write its beads before reading the next one.

    A document's beads are written only once the whole document is aligned, so the output never holds part of
    a document.

    Returns:
        Counters: documents, beads, written records (formats without null units skip null beads), and
        ``one_sided``: documents with no sentence on one side or both, whose beads can only be null beads.
    """
    stats = {"documents": 0, "beads": 0, "written": 0, "one_sided": 0}
    before = writer.count
    for doc_id, src, tgt in docs:
        if not (any(src.sentences) and any(tgt.sentences)):
            stats["one_sided"] += 1
            side = (
                "both sides are"
                if not (any(src.sentences) or any(tgt.sentences))
                else ("the Indonesian side is" if not any(src.sentences) else "the English side is")
            )
            name = "the document pair" if doc_id is None else f"document {doc_id!r}"
            logger.warning("%s: %s empty; its sentences are written as null beads", name, side)
        alignment = aligner.align(
            src.sentences, tgt.sentences, src_paragraphs=src.paragraphs, tgt_paragraphs=tgt.paragraphs
        )
        recs = records(doc_id, alignment)
        for rec in recs:
            writer.write(rec)
        for stream in writer.streams:
            stream.flush()
        stats["documents"] += 1
        stats["beads"] += len(recs)
    stats["written"] = writer.count - before
    return stats
