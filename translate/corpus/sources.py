"""Inputs of the corpus builder: document pairs (``--pairs`` records, or two folders) and monolingual documents.

Records come as JSONL or Parquet files, or folders of such shards (:mod:`lintas.translate.corpus.rows` reads them).

A source yields :class:`SourceDoc` items in a fixed order, each with its position in the input (``index``). A
document that cannot be used (a malformed JSONL line, a file without partner, a file that is not UTF-8) is still
yielded, with :attr:`SourceDoc.error` saying why, so that it is counted and reported in ``stats.json`` while the rest
of the corpus is built. The order and the indices never depend on what was read before, which is what lets a
resumed build skip exactly the documents its finished shards hold (:meth:`Source.documents` with ``start``).

Sources only *read*; sentence splitting happens in the per-document work (:func:`segment_side`), so it runs in
the worker processes or actors. A source is read in one place only, even on a Ray cluster (the feeder of
:mod:`lintas.translate.corpus.ray_engine`), which is what keeps positions, ids and skip reasons the same on every engine.
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintas.translate.corpus.dedupe import SeenHashes
from lintas.translate.corpus.rows import (
    RECORD_SUFFIXES,
    Row,
    check_side,
    count_rows,
    id_hash,
    row_id,
    unique_rows,
)
from lintas.translate.errors import InputError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "FolderPairs",
    "MonolingualSource",
    "PairsFile",
    "Source",
    "SourceDoc",
    "segment_side",
    "sentences",
]

#: File suffixes read from folders, and the format each is parsed as.
DOCUMENT_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

#: One side of a document: a whole text (segmented by the project segmenter) or a list of ready segments.
Side = str | list[str]


@dataclass(frozen=True)
class SourceDoc:
    """One input document (pair), or the reason it cannot be used.

    Attributes:
        index: 0-based position in the input; resumed builds count documents by it.
        doc_id: the document's id (the ``"id"`` of a JSONL line, a file's path relative to its folder).
        src: source side (``None`` when unreadable).
        tgt: target side (``None`` for monolingual documents, or when unreadable).
        fmt: how text sides are parsed: ``"text"``, ``"markdown"`` or ``"html"``.
        error: why the document is skipped, or ``None``.
    """

    index: int
    doc_id: str | int
    src: Side | None = None
    tgt: Side | None = None
    fmt: str = "text"
    error: str | None = None


def segment_side(side: Side, lang: str, fmt: str = "text") -> tuple[list[str], list[int] | None]:
    """The sentences of one side, in order, with the paragraph each comes from.

    Text goes through the project segmenter (paragraphs, then sentences), as ``lintas align`` does. Markdown is
    parsed into blocks first, so headings and list items are units of their own and inline markup (``**``,
    links) does not reach the corpus; a block is a paragraph. HTML gives the blocks of its article
    (:func:`~lintas.translate.documents.extract.article_blocks`: a whole page's extracted article, without menus and
    boilerplate). A list is taken as ready segments (empty ones dropped) without paragraph numbers.

    Raises:
        InputError: an HTML page without article text (the per-document work skips the document).

    The paragraph numbers go to the aligner, which then prefers not to join sentences of different paragraphs
    in one bead: a byline or a photo caption stays out of the body text it sits next to.
    """
    if isinstance(side, list):
        return [s.strip() for s in side if s.strip()], None
    if fmt in ("markdown", "html"):
        from lintas.translate.documents.boilerplate import plain_text
        from lintas.translate.segment import split_sentences

        out: list[str] = []
        paragraphs: list[int] = []
        for number, block in enumerate(_blocks(side, fmt)):
            for line in plain_text(block.text, image_alt=False).split("\n"):
                found = split_sentences(line, lang)
                out.extend(found)
                paragraphs.extend([number] * len(found))
        return out, paragraphs
    from lintas.translate.align.pairs import segment_document

    document = segment_document(side, lang)
    return list(document.sentences), list(document.paragraphs) if document.paragraphs is not None else None


def _blocks(text: str, fmt: str) -> list:
    """The running-text blocks of a Markdown document or an HTML page (not table rows or alt texts)."""
    if fmt == "html":
        from lintas.translate.documents.extract import article_blocks

        return article_blocks(text)
    from lintas.translate.documents import parse_document
    from lintas.translate.documents.model import CORPUS_EXCLUDED_KINDS

    blocks = parse_document(text, "markdown").translatable_blocks
    return [block for block in blocks if block.kind not in CORPUS_EXCLUDED_KINDS]


def sentences(side: Side, lang: str, fmt: str = "text") -> list[str]:
    """The sentences of one side, in order (:func:`segment_side` without the paragraph numbers)."""
    return segment_side(side, lang, fmt)[0]


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    """(text, None) for UTF-8 text, else (None, why): a corpus built from mis-decoded text is worse than none."""
    if b"\x00" in raw[:65536]:
        return None, "is a binary file, not text"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"is not UTF-8 (byte {exc.start}); convert it with iconv -t UTF-8"


def _file_signature(paths: Sequence[Path]) -> str:
    """A hash of the paths, sizes and modification times: changes when an input file changes."""
    h = hashlib.sha256()
    for p in paths:
        try:
            st = p.stat()
            h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{p}\0missing\n".encode())
    return h.hexdigest()


def _refuse_stdin(path: str | os.PathLike[str]) -> None:
    if str(path) == "-":
        raise InputError(
            "the corpus builder cannot read standard input (a resumed build reads its input again); give a file"
        )


class Source(ABC):
    """Documents in a fixed order. Subclasses implement :meth:`documents` and :meth:`describe`."""

    #: ``"pairs"`` for document pairs, ``"monolingual"`` for documents to translate.
    kind: str = "pairs"
    #: Number of documents when known without reading them (progress bars), else None.
    size: int | None = None

    @abstractmethod
    def documents(self, start: int = 0) -> Iterator[SourceDoc]:
        """Documents from position ``start`` on (earlier ones are skipped without being read, where possible)."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """What the input is, including a signature of its files (the build manifest compares it on resume)."""

    def count(self) -> int:
        """How many documents :meth:`documents` yields from the start (an executor that plans its work up front
        needs it); subclasses count without parsing where they can."""
        if self.size is not None:
            return self.size
        return sum(1 for _ in self.documents())


# ---------------------------------------------------------------------------------------- record pairs
def _record_files(path: Path, option: str) -> list[Path]:
    """The record files of an input: the file itself, or a folder's ``.jsonl``/``.parquet`` shards in name order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{option} {path}: no such file")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in RECORD_SUFFIXES and p.is_file())
    if not files:
        raise InputError(f"{option} {path}: the folder holds no .jsonl or .parquet shards")
    return files


class PairsFile(Source):
    """Document pairs as records, ``{"id", "src", "tgt"}`` each: what ``lintas align --pairs`` reads.

    The input is a JSONL file (one record a line), a Parquet file (one a row, columns ``id``, ``src``, ``tgt``),
    or a folder of such shards, read in the order of their names; ids must be unique across all of them.
    ``src`` and ``tgt`` are documents (strings, segmented here) or lists of segments. Each non-blank line (each
    row) is one document, malformed or not, so a bad one is reported by its number and skipped.

    Raises:
        InputError: the path is missing, or a folder without shards (nothing could be built from it).
    """

    KEYS = ("id", "src", "tgt")

    def __init__(self, path: str | os.PathLike[str]) -> None:
        _refuse_stdin(path)
        self.path = Path(path)
        self.files = _record_files(self.path, "--pairs")

    def describe(self) -> dict[str, Any]:
        paths = [p.resolve() for p in self.files]
        if self.path.is_file():
            return {"pairs": str(self.path.resolve()), "signature": _file_signature(paths)}
        return {"pairs": str(self.path.resolve()), "files": len(paths), "signature": _file_signature(paths)}

    def count(self) -> int:
        return sum(count_rows(p) for p in self.files)

    def documents(self, start: int = 0) -> Iterator[SourceDoc]:
        # Rows before ``start`` are still read (for their ids) but yield nothing.
        seen = SeenHashes()
        index = 0
        for path in self.files:
            prefix = "" if len(self.files) == 1 else f"{path.name}: "
            for row in unique_rows(path, self.KEYS, 0, seen):
                if index >= start:
                    yield self._document(index, path, prefix, row)
                index += 1

    @staticmethod
    def _document(index: int, path: Path, prefix: str, row: Row) -> SourceDoc:
        error = row.error
        if error is None:
            obj = row.obj
            assert obj is not None
            error = check_side(obj["src"], "src") or check_side(obj["tgt"], "tgt")
            if error is None:
                return SourceDoc(index, obj["id"], obj["src"], obj["tgt"])
        return SourceDoc(index, row_id(row, prefix), error=f"{path.name}: {row.where}: {error}")


# -------------------------------------------------------------------------------------------- folder pairs
def _list_documents(folder: Path) -> dict[str, Path]:
    """Document files under ``folder`` by their path relative to it (POSIX style), recursively."""
    out: dict[str, Path] = {}
    for path in folder.rglob("*"):
        if path.suffix.lower() in DOCUMENT_SUFFIXES and path.is_file():
            out[path.relative_to(folder).as_posix()] = path
    return out


def _read(path: Path, fmt: str) -> tuple[str | None, str | None]:
    """(text, None), or (None, why the file cannot be used).

    UTF-8 only, except an HTML page that declares its charset in ``<meta>``: that declaration is read the way
    browsers read it (:func:`~lintas.translate.documents.html_decode.decode_html`). Nothing is decoded by guessing.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    text, error = _decode(raw)
    if error is not None and fmt == "html":
        from lintas.translate.documents.html_decode import declared_charset, decode_html

        if declared_charset(raw) not in (None, "utf-8", "utf8"):
            try:
                text, error = decode_html(raw, path.name), None
            except InputError as exc:
                return None, str(exc).removeprefix(f"{path.name}: ")
    if text is not None and not text.strip():
        return None, "is empty"
    return text, error


class FolderPairs(Source):
    """Two folders of documents whose files are pairs when their names (paths relative to the folder) match.

    Text (``.txt``), Markdown (``.md``) and HTML (``.html``, ``.htm``: the article of each page) files are read,
    in the folders and below, in sorted order of their relative paths. A file without a partner in the other folder is a skipped document.

    Raises:
        InputError: a folder is missing or not a folder.
    """

    def __init__(self, src_dir: str | os.PathLike[str], tgt_dir: str | os.PathLike[str]) -> None:
        self.src_dir, self.tgt_dir = Path(src_dir), Path(tgt_dir)
        for option, folder in (("--src-dir", self.src_dir), ("--tgt-dir", self.tgt_dir)):
            if not folder.is_dir():
                what = "does not exist" if not folder.exists() else "is not a folder"
                raise InputError(f"{option} {folder}: {what}; give a folder of .txt, .md or .html documents")
        self._src = _list_documents(self.src_dir)
        self._tgt = _list_documents(self.tgt_dir)
        self.names = sorted(set(self._src) | set(self._tgt))
        self.size = len(self.names)

    def describe(self) -> dict[str, Any]:
        paths = [p.resolve() for p in (*self._src.values(), *self._tgt.values())]
        return {
            "src_dir": str(self.src_dir.resolve()),
            "tgt_dir": str(self.tgt_dir.resolve()),
            "files": len(paths),
            "signature": _file_signature(sorted(paths)),
        }

    def documents(self, start: int = 0) -> Iterator[SourceDoc]:
        for index in range(start, len(self.names)):
            name = self.names[index]
            fmt = DOCUMENT_SUFFIXES[Path(name).suffix.lower()]
            src_path, tgt_path = self._src.get(name), self._tgt.get(name)
            if src_path is None or tgt_path is None:
                have, lack = ("--tgt-dir", "--src-dir") if src_path is None else ("--src-dir", "--tgt-dir")
                yield SourceDoc(
                    index, name, fmt=fmt, error=f"{name} is in {have} but has no partner in {lack}"
                )
                continue
            src, error = _read(src_path, fmt)
            if error is not None:
                yield SourceDoc(index, name, fmt=fmt, error=f"{src_path} {error}")
                continue
            tgt, error = _read(tgt_path, fmt)
            if error is not None:
                yield SourceDoc(index, name, fmt=fmt, error=f"{tgt_path} {error}")
                continue
            yield SourceDoc(index, name, src, tgt, fmt=fmt)


# -------------------------------------------------------------------------------------------- monolingual
def _folder_id(folder: Path, rel: str) -> str:
    """The id of a folder's document among several inputs: its relative path under the folder as given
    (``A/a.md``; POSIX separators, so ids do not depend on the platform)."""
    return (folder / rel).as_posix()


class MonolingualSource(Source):
    """Indonesian documents to translate: files, folders of ``.txt``/``.md``/``.html`` files, or record files.

    A record input (``.jsonl``, or ``.parquet`` with columns ``id`` and ``text``) holds ``{"id", "text"}`` a
    line (a row); a file given directly is named by its path as given. A folder's files are named by their path
    relative to it when it is the only input (``a.md``), and by that path under the folder as given when there are
    several inputs (``A/a.md``, ``B/a.md``): two folders often hold files of the same name, and relative names
    alone would make the second one a repeated id. Inputs are read in the order given, folders in sorted order;
    an id seen twice makes the later document a skipped one.

    Raises:
        InputError: an input that does not exist, or no input at all.
    """

    kind = "monolingual"
    KEYS = ("id", "text")

    def __init__(self, inputs: Sequence[str | os.PathLike[str]]) -> None:
        if not inputs:
            raise InputError("give at least one input: a document, a folder of documents, or a JSONL file")
        #: (id, path, format) for files; (None, path, "jsonl" or "parquet") for record inputs.
        self.items: list[tuple[str | None, Path, str]] = []
        for raw in inputs:
            _refuse_stdin(raw)
            p = Path(raw)
            if p.is_dir():
                for rel, path in sorted(_list_documents(p).items()):
                    doc_id = rel if len(inputs) == 1 else _folder_id(p, rel)
                    self.items.append((doc_id, path, DOCUMENT_SUFFIXES[path.suffix.lower()]))
            elif p.is_file():
                suffix = p.suffix.lower()
                fmt = RECORD_SUFFIXES.get(suffix) or DOCUMENT_SUFFIXES.get(suffix, "text")
                self.items.append((None if suffix in RECORD_SUFFIXES else str(raw), p, fmt))
            else:
                raise InputError(f"{p}: no such file or folder")

    def describe(self) -> dict[str, Any]:
        paths = [p.resolve() for _, p, _ in self.items]
        return {"inputs": [str(p) for p in paths], "signature": _file_signature(paths)}

    def count(self) -> int:
        return sum(count_rows(p) if fmt in ("jsonl", "parquet") else 1 for _, p, fmt in self.items)

    def documents(self, start: int = 0) -> Iterator[SourceDoc]:
        seen = SeenHashes()
        index = 0
        for file_id, path, fmt in self.items:
            if fmt in ("jsonl", "parquet"):
                # A record input is read whole (ids are needed to find repeats), one line a document.
                for row in unique_rows(path, self.KEYS):
                    doc_id = row_id(row)
                    error = row.error
                    if error is None:
                        error = check_side(row.obj["text"], "text")  # type: ignore[index]
                    if not seen.add(id_hash(doc_id)) and error is None:
                        error = f"repeats the id {doc_id!r} of an earlier document; ids must be unique"
                    if index >= start:
                        where = f"{path.name}: {row.where}: {error}" if error else None
                        yield SourceDoc(index, doc_id, None if error else row.obj["text"], error=where)  # type: ignore[index]
                    index += 1
                continue
            doc_id = file_id or str(path)
            repeated = not seen.add(id_hash(doc_id))
            if index >= start:
                if repeated:
                    yield SourceDoc(
                        index, doc_id, fmt=fmt, error=f"{path}: repeats the id {doc_id!r}; ids must be unique"
                    )
                else:
                    text, error = _read(path, fmt)
                    yield SourceDoc(index, doc_id, text, fmt=fmt, error=f"{path} {error}" if error else None)
            index += 1
