r"""Bitext writers: JSONL, TSV, Moses (two plain-text files) and TMX 1.4b.

Each format is a small class with one hook, :meth:`BitextWriter.write`, plus an optional header and footer. They
are shared by ``lintas align`` (:mod:`lintas.translate.align.pairs`) and the corpus builder
(:mod:`lintas.translate.corpus`), so they live in neither package, and records carry both the aligned text and,
when known, the document id and sentence indices.

Every format carries the same text for a segment (:func:`segment_text`), and a pair must read the same whichever
file it is taken from. What the writers do with characters a format cannot hold is one policy for every writer
and every field (segments, document ids, TMX header props and language codes), so no record can make a writer
fail half-way through a file:

* **Lone surrogates** (left by a JSON ``"\ud800"`` escape or a file name decoded with ``surrogateescape``) cannot be
  encoded in UTF-8 and are forbidden in XML: each becomes U+FFFD; a surrogate pair held as two code points becomes
  the character it encodes (:func:`clean_text`).
* **Control characters XML 1.0 forbids** (C0 other than tab, newline and carriage return; U+FFFE, U+FFFF) are
  dropped, and so is U+FEFF: a byte-order mark is not text, and one at the start of a Moses or TSV file would be
  eaten by every UTF-8-sig reader, so that file would not read like the others. Other C1 controls, bidi marks and
  zero-width characters are text every format holds, and are kept.
* **Tabs and line breaks** (``\r``, ``\n``, U+0085, U+2028, U+2029, vertical tab, form feed) become one space in
  segments, which are then trimmed: line-based formats need it, and an XML parser would read a raw carriage return
  back as a newline. Ids and props keep them (TMX writes ``\r`` as ``&#13;``, JSON escapes them all).
* **Scores that are not finite** (NaN, infinity) are written as no score: ``null`` in JSONL (``NaN`` is not
  JSON), an empty TSV column, no ``x-score`` prop in TMX.
* **JSONL** lines escape U+0085, U+2028 and U+2029 (:func:`json_line`), which JSON allows raw but ``splitlines``
  readers break lines at.

:func:`open_writer` opens one for a path (or standard output) and keeps the project's promise about outputs:
files are written to a temporary file next to the target and renamed over it at the end, so a reader never sees
half a file. With ``keep_on_input_error`` (what ``lintas align --pairs`` uses), an input error part-way through
does not throw away the records already written: the writer is closed properly (TMX gets its closing tags), the
file is renamed into place, and the error is re-raised for the CLI to report (callers write a document's records
only once the whole document is done, so the file holds complete documents). If nothing was written yet, or on
any other failure (a crash, Ctrl-C), no output file is left.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import math
import os
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TextIO
from xml.sax.saxutils import escape, quoteattr

from lintas.translate import __version__
from lintas.translate.errors import LintasError, OutputError

#: Characters XML 1.0 forbids even escaped (control characters other than tab, newline, carriage return), and
#: the byte-order mark (see the module docstring).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x0b\x0c\x85]+")
#: Line breaks that JSON allows raw inside a string but ``str.splitlines`` splits a JSONL file at.
_JSON_RAW_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True)
class BitextRecord:
    """One aligned unit: a bead of an alignment, or a sentence pair of a corpus.

    Attributes:
        src_text: source text (sentences of a bead joined by a space); empty for a 0-1 bead.
        tgt_text: target text; empty for a 1-0 bead.
        score: bead score (higher is better), or ``None`` when unknown.
        doc_id: the document the unit comes from (``None`` for a single document pair).
        src: 0-based source sentence indices in the document.
        tgt: 0-based target sentence indices.
    """

    src_text: str
    tgt_text: str
    score: float | None = None
    doc_id: object = None
    src: tuple[int, ...] = ()
    tgt: tuple[int, ...] = ()

    @property
    def is_null(self) -> bool:
        """True when one side is empty: such records go to JSONL only."""
        return not segment_text(self.src_text) or not segment_text(self.tgt_text)


def one_line(text: str) -> str:
    """Text safe for line-based formats: tabs and line breaks become single spaces."""
    return _LINE_BREAKS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """``text`` without what no format can hold: lone surrogates become U+FFFD (a surrogate pair, the character
    it encodes) and XML-forbidden characters are dropped; line breaks are kept (the module docstring has the policy).

    Every field of every format goes through it, so a record can never make a writer fail half-way through a file.
    """
    return _XML_INVALID.sub("", _repair_surrogates(text))


def _repair_surrogates(text: str) -> str:
    """Lone surrogates as U+FFFD, surrogate pairs as the character they encode (a round trip through UTF-16)."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def segment_text(text: str) -> str:
    """A segment as every format writes it: on one line, trimmed, through :func:`clean_text`.

    One function for all formats, so that the same pair reads the same from Moses, TSV, JSONL and TMX files.
    Line breaks go first, so a vertical tab or form feed becomes a space rather than vanishing; trimming goes
    last, so a control character between spaces cannot leave a blank segment behind.
    """
    return clean_text(_LINE_BREAKS.sub(" ", text)).strip()


def finite_score(score: float | None) -> float | None:
    """``score``, or ``None`` when there is none or it is not finite: how every format writes a NaN score."""
    return None if score is None or not math.isfinite(score) else float(score)


def _json_safe(value: object) -> object:
    """``value`` with every non-finite float replaced by ``None``, for the rare line that holds one."""
    if isinstance(value, float):
        return finite_score(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def json_line(obj: Mapping[str, object]) -> str:
    """One JSONL line of ``obj`` that strict JSON readers, strict UTF-8 decoders and ``splitlines`` all accept.

    Non-ASCII text is kept readable (``ensure_ascii=False``); NaN and infinities become ``null``; lone surrogates
    become U+FFFD (:func:`clean_text`'s rule: a surrogate only ever occurs inside a JSON string, so repairing the
    serialised line repairs the strings); and U+0085, U+2028 and U+2029 are escaped, so no reader that splits
    lines on them sees a broken line.
    """
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a NaN or an infinity somewhere
        text = json.dumps(_json_safe(dict(obj)), ensure_ascii=False, allow_nan=False)
    text = _repair_surrogates(text)
    return _JSON_RAW_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def written_id(doc_id: object) -> object:
    """A document id as JSONL writes it: ``None`` and integers as they are, anything else as the text TMX writes
    for it (``str``, through :func:`clean_text`)."""
    if doc_id is None or (isinstance(doc_id, int) and not isinstance(doc_id, bool)):
        return doc_id
    return clean_text(str(doc_id))


class BitextWriter(ABC):
    """Writes records to one stream (two for Moses). Subclasses implement :meth:`write`; header and footer are
    optional hooks called by :meth:`open` and :meth:`close`."""

    FORMAT: ClassVar[str]
    #: Output file suffixes appended to the given path (Moses writes ``OUT.id`` and ``OUT.en``); empty: the path.
    SUFFIXES: ClassVar[tuple[str, ...]] = ("",)

    def __init__(self, streams: list[TextIO], *, src_lang: str = "id", tgt_lang: str = "en") -> None:
        self.streams = streams
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.count = 0

    @classmethod
    def suffixes(cls, src_lang: str, tgt_lang: str) -> tuple[str, ...]:
        return cls.SUFFIXES

    def open(self) -> None:  # noqa: B027 - optional hook
        """Write a header, if the format has one."""

    @abstractmethod
    def write(self, record: BitextRecord) -> None:
        """Write one record (formats without null units skip null records)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Write a footer, if the format has one."""


class JsonlWriter(BitextWriter):
    """One bead a line, nulls included: ``{"id", "src", "tgt", "score", "src_text", "tgt_text"}``; the texts as
    every other format writes them (:func:`segment_text`), the id by :func:`written_id`, a non-finite score as
    ``null``, each line by :func:`json_line`."""

    FORMAT = "jsonl"

    def write(self, record: BitextRecord) -> None:
        score = finite_score(record.score)
        obj = {
            "id": written_id(record.doc_id),
            "src": list(record.src),
            "tgt": list(record.tgt),
            "score": None if score is None else round(score, 4),
            "src_text": segment_text(record.src_text),
            "tgt_text": segment_text(record.tgt_text),
        }
        self.streams[0].write(json_line(obj))
        self.count += 1


class TsvWriter(BitextWriter):
    """``source<TAB>target<TAB>score`` a line; null beads left out; texts by :func:`segment_text`; no score (or
    a non-finite one): an empty third column, so every line has exactly three."""

    FORMAT = "tsv"

    def write(self, record: BitextRecord) -> None:
        if record.is_null:
            return
        value = finite_score(record.score)
        score = "" if value is None else f"{value:.4f}"
        self.streams[0].write(f"{segment_text(record.src_text)}\t{segment_text(record.tgt_text)}\t{score}\n")
        self.count += 1


class MosesWriter(BitextWriter):
    """Two line-aligned plain-text files, ``OUT.<src_lang>`` and ``OUT.<tgt_lang>``; null beads left out; texts by
    :func:`segment_text`, so both files always have one line per pair."""

    FORMAT = "moses"

    @classmethod
    def suffixes(cls, src_lang: str, tgt_lang: str) -> tuple[str, ...]:
        return (f".{src_lang}", f".{tgt_lang}")

    def write(self, record: BitextRecord) -> None:
        if record.is_null:
            return
        self.streams[0].write(segment_text(record.src_text) + "\n")
        self.streams[1].write(segment_text(record.tgt_text) + "\n")
        self.count += 1


def _xml_text(text: str) -> str:
    """Text of a TMX ``<prop>`` (a document id, a model name): kept as it is (:func:`clean_text`), so a carriage
    return is written as a character reference, which an XML parser gives back, rather than raw, which it reads
    as a newline."""
    return escape(clean_text(text), {"\r": "&#13;"})


def _xml_attr(value: str) -> str:
    """A quoted XML attribute value (a language code, a prop type), through :func:`clean_text`."""
    return quoteattr(clean_text(value))


def creation_date() -> str:
    """TMX ``creationdate`` (UTC, ``YYYYMMDDThhmmssZ``); ``SOURCE_DATE_EPOCH`` pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        if epoch and epoch.isdigit()
        else _dt.datetime.now(_dt.timezone.utc)
    )
    return when.strftime("%Y%m%dT%H%M%SZ")


class TmxWriter(BitextWriter):
    """TMX 1.4b: a complete header, one ``<tu>`` per non-null bead with its score and document id as ``<prop>``.

    Segments by :func:`segment_text`; ids, props, language codes and the date through :func:`clean_text`, so
    the file is well-formed XML 1.0 whatever the records hold; a non-finite score gets no ``x-score`` prop.

    Args:
        streams: one text stream.
        src_lang: source language code (``srclang``, ``xml:lang``).
        tgt_lang: target language code.
        creation_date: the header's ``creationdate`` (``YYYYMMDDThhmmssZ``); None: :func:`creation_date` when
            the header is written. A resumable build passes the date it started, so a resumed run writes the
            same bytes as an uninterrupted one.
        props: header ``<prop type="...">`` elements, in order (a synthetic corpus names its model here).
    """

    FORMAT = "tmx"

    def __init__(
        self,
        streams: list[TextIO],
        *,
        src_lang: str = "id",
        tgt_lang: str = "en",
        creation_date: str | None = None,
        props: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(streams, src_lang=src_lang, tgt_lang=tgt_lang)
        self.creation_date = creation_date
        self.props = dict(props or {})

    def open(self) -> None:
        header = {
            "creationtool": "lintas",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "o-tmf": "lintas",
            "adminlang": "en",
            "srclang": self.src_lang,
            "creationdate": self.creation_date or creation_date(),
        }
        attrs = " ".join(f"{k}={_xml_attr(v)}" for k, v in header.items())
        props = "".join(
            f"    <prop type={_xml_attr(k)}>{_xml_text(v)}</prop>\n" for k, v in self.props.items()
        )
        head = f"  <header {attrs}>\n{props}  </header>\n" if props else f"  <header {attrs}/>\n"
        self.streams[0].write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4">\n'
            f"{head}  <body>\n"
        )

    def write(self, record: BitextRecord) -> None:
        if record.is_null:
            return
        out = ["    <tu>\n"]
        score = finite_score(record.score)
        if score is not None:
            out.append(f'      <prop type="x-score">{score:.4f}</prop>\n')
        if record.doc_id is not None:
            out.append(f'      <prop type="x-document">{_xml_text(str(record.doc_id))}</prop>\n')
        for lang, text in ((self.src_lang, record.src_text), (self.tgt_lang, record.tgt_text)):
            out.append(
                f"      <tuv xml:lang={_xml_attr(lang)}><seg>{escape(segment_text(text))}</seg></tuv>\n"
            )
        out.append("    </tu>\n")
        self.streams[0].write("".join(out))
        self.count += 1

    def close(self) -> None:
        self.streams[0].write("  </body>\n</tmx>\n")


#: Writers by format name (the ``--format`` choices).
WRITERS: dict[str, type[BitextWriter]] = {
    w.FORMAT: w for w in (JsonlWriter, TsvWriter, MosesWriter, TmxWriter)
}


def output_paths(
    fmt: str, path: str | os.PathLike[str], *, src_lang: str = "id", tgt_lang: str = "en"
) -> list[Path]:
    """The files a format writes for ``path`` (Moses: two)."""
    return [Path(f"{path}{suffix}") for suffix in WRITERS[fmt].suffixes(src_lang, tgt_lang)]


@contextlib.contextmanager
def open_writer(
    fmt: str,
    path: str | os.PathLike[str] | None,
    *,
    src_lang: str = "id",
    tgt_lang: str = "en",
    keep_on_input_error: bool = False,
) -> Iterator[BitextWriter]:
    """Open a bitext writer on ``path`` (``None`` or ``"-"``: standard output), written atomically.

    Args:
        fmt: a key of :data:`WRITERS`.
        path: output path; Moses appends ``.<src_lang>`` and ``.<tgt_lang>``.
        src_lang: source language code (Moses suffix, TMX ``srclang`` and ``xml:lang``).
        tgt_lang: target language code.
        keep_on_input_error: when the body raises a :class:`~lintas.translate.errors.LintasError`, close the writer and
            keep what was written (then re-raise) instead of discarding it.

    Raises:
        OutputError: unknown format, Moses to standard output, or an output that cannot be written.
    """
    if fmt not in WRITERS:
        raise OutputError(f"unknown output format {fmt!r}; choose one of {', '.join(WRITERS)}")
    cls = WRITERS[fmt]
    if path is None or str(path) == "-":
        if len(cls.suffixes(src_lang, tgt_lang)) > 1:
            raise OutputError(
                f"--format {fmt} writes two files; give -o OUT (writes OUT.{src_lang} and OUT.{tgt_lang})"
            )
        writer = cls([sys.stdout], src_lang=src_lang, tgt_lang=tgt_lang)
        writer.open()
        try:
            yield writer
        except LintasError:
            if keep_on_input_error and writer.count:
                writer.close()
                sys.stdout.flush()
            raise
        writer.close()
        sys.stdout.flush()
        return
    from lintas.translate.io import atomic_writer

    targets = output_paths(fmt, path, src_lang=src_lang, tgt_lang=tgt_lang)
    error: LintasError | None = None
    try:
        with contextlib.ExitStack() as stack:
            streams = [stack.enter_context(atomic_writer(t)) for t in targets]
            writer = cls(streams, src_lang=src_lang, tgt_lang=tgt_lang)  # type: ignore[arg-type]  # text streams
            writer.open()
            try:
                yield writer
            except LintasError as exc:
                if not keep_on_input_error or writer.count == 0:
                    raise
                error = exc
            writer.close()
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    if error is not None:
        raise error
