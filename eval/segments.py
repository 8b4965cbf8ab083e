"""Reading hypothesis and reference streams: one segment per line, checked before any scoring.

Scores are only meaningful when line *i* of the hypothesis translates line *i* of every reference, so the checks
here are strict and their messages name the files: a file shorter by one line is the commonest way to get a
silently wrong BLEU.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from lintas.translate.errors import InputError
from lintas.translate.io import decode_text, legacy_encoding, read_bytes


def split_segments(text: str) -> list[str]:
    """Split ``text`` into segments the way sacrebleu's command line does.

    Lines are split on ``\\n`` only (a Unicode line separator inside a segment stays inside it) and trailing
    whitespace is stripped from each line (``line.rstrip()``, as sacrebleu does), so scores from files match
    ``sacrebleu`` run on the same files. A final newline does not make an extra empty segment, and an empty text
    has no segment at all (a file of blank lines has one empty segment per line, which sacrebleu scores).
    """
    if not text:
        return []
    if text.endswith("\n"):
        text = text[:-1]
    return [line.rstrip() for line in text.split("\n")]


def read_utf8(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file (``-`` is standard input), refusing every other encoding.

    Unlike :func:`lintas.translate.io.read_text`, which guesses the encoding of documents to translate, scoring must
    not guess: a reference decoded with the wrong code page changes the score without any warning, and
    sacrebleu reads UTF-8 only. So a file that is not valid UTF-8 is an error that names the likely encoding.

    Raises:
        InputError: missing, a folder, unreadable, binary, or not UTF-8.
    """
    raw, name = read_bytes(path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:65536]:
            decode_text(raw, name)  # raises the "binary file" message
        encoding = legacy_encoding(raw)
        looks = f", looks like {encoding}" if encoding else ""
        raise InputError(
            f"{name}: is not UTF-8 (invalid byte at offset {exc.start}{looks}); convert it first, e.g. "
            f"iconv -f {(encoding or 'CP1252').upper()} -t UTF-8"
        ) from None
    return decode_text(raw, name)  # refuses binary content, strips a UTF-8 BOM


def read_segments(path: str | os.PathLike[str], what: str = "file") -> list[str]:
    """Read one segment per line from a UTF-8 file (``-`` is standard input).

    Arguments:
        path: the file to read.
        what: what the file is ("hypothesis", "reference"), used in the error message.

    Blank lines are segments: a system that output nothing for a sentence still gets scored on it (sacrebleu
    scores a file of blank lines too: BLEU 0, TER 100).

    Raises:
        InputError: missing, binary, not UTF-8, or empty (no line at all).
    """
    segments = split_segments(read_utf8(path))
    if not segments:
        raise InputError(f"{path}: {what} file is empty; give a file with one segment per line")
    return segments


def split_references(lines: Sequence[str], num_refs: int, name: str) -> list[list[str]]:
    """``num_refs`` reference streams from the lines of one tab-separated file (sacrebleu's ``--num-refs``).

    Every line must hold exactly ``num_refs`` fields, as sacrebleu's command line requires.

    Raises:
        InputError: a line with another number of fields, naming the line.
    """
    streams: list[list[str]] = [[] for _ in range(num_refs)]
    for lineno, line in enumerate(lines, 1):
        fields = line.split("\t", num_refs - 1)
        if len(fields) != num_refs:
            raise InputError(
                f"{name}: line {lineno}: expected {num_refs} tab-separated references, found {len(fields)}"
            )
        for stream, field in zip(streams, fields, strict=True):
            stream.append(field)
    return streams


def check_parallel(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], names: Sequence[str]
) -> None:
    """Refuse streams of different lengths before they reach a metric.

    Arguments:
        hypotheses: the system output, one segment per line.
        references: reference streams (one list per reference file), each as long as ``hypotheses``.
        names: display names, the hypothesis first, then one per reference stream.

    Raises:
        InputError: no reference, or a stream with a different number of lines than the hypotheses.
    """
    if not references:
        raise InputError("no reference given; use --ref FILE or --testset NAME")
    for stream, name in zip(references, names[1:], strict=False):
        if len(stream) != len(hypotheses):
            raise InputError(
                f"{names[0]} has {len(hypotheses)} lines but {name} has {len(stream)}; "
                "line i of the hypotheses must translate line i of each reference"
            )


def display_name(path: str | os.PathLike[str]) -> str:
    """A short name for a system file in tables: its file name (``<stdin>`` for ``-``)."""
    return "<stdin>" if str(path) == "-" else Path(path).name


def unique_names(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """File names for a table, falling back to full paths where two files share a name."""
    names = [display_name(p) for p in paths]
    if len(set(names)) == len(names):
        return names
    return [str(p) for p in paths]
