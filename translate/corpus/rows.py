"""Rows of record files: JSONL lines or Parquet rows, one document each, checked one by one.

``--pairs`` and ``corpus translate`` read records (``{"id", "src", "tgt"}`` or ``{"id", "text"}``) from JSONL
files, and from Parquet files for corpora that already live as Parquet shards (the form Ray Data and most data
pipelines write). Both formats give the same thing here: a :class:`Row` per document with the parsed object, or
the reason it is not one, so a malformed line is reported by its number and skipped, never fatal.

Every non-blank JSONL line and every Parquet row is one document, malformed or not: that is what keeps document
positions, and therefore resumed builds, stable. Parquet needs ``pyarrow`` (installed with ``lintas[ray]``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintas.translate.corpus.dedupe import SeenHashes, text_hash
from lintas.translate.errors import InputError
from lintas.translate.io import lone_surrogate

__all__ = [
    "RECORD_SUFFIXES",
    "Row",
    "check_side",
    "count_rows",
    "id_hash",
    "read_rows",
    "row_id",
    "unique_rows",
]

#: Record file suffixes and their format.
RECORD_SUFFIXES = {".jsonl": "jsonl", ".parquet": "parquet"}
#: Parquet rows read at a time (memory stays flat on large files).
_PARQUET_BATCH = 1024


@dataclass(frozen=True)
class Row:
    """One document of a record file.

    Attributes:
        where: ``"line 7"`` (JSONL, counting blank lines) or ``"row 7"`` (Parquet), 1-based.
        obj: the record, when the row parsed as an object (it may still be unusable).
        error: why the row is not a usable document (without the file name), or None.
    """

    where: str
    obj: dict[str, Any] | None
    error: str | None = None


def check_side(value: object, key: str) -> str | None:
    """Why ``value`` is not a document side (a non-empty string, or a list of strings with one non-empty)."""
    if isinstance(value, str):
        return None if value.strip() else f'"{key}" is empty'
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return None if any(s.strip() for s in value) else f'"{key}" has no segments'
    return f'"{key}" must be a string (a document) or a list of strings (segments)'


def _check_record(obj: object, keys: tuple[str, ...]) -> tuple[dict | None, str | None]:
    if not isinstance(obj, dict):
        return None, "is not a JSON object"
    missing = [k for k in keys if k not in obj]
    if missing:
        return obj, f'has no "{missing[0]}"; every line needs {", ".join(map(json.dumps, keys))}'
    doc_id = obj["id"]
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        return None, '"id" must be a string or an integer'
    return obj, None


def _parse_line(raw: bytes, lineno: int, keys: tuple[str, ...]) -> tuple[dict | None, str | None]:
    """One JSONL line as an object with ``keys`` and a valid id, or why it is not one."""
    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError:
        return None, "is not UTF-8; convert the file with iconv -t UTF-8"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"is not valid JSON ({exc.msg}); write one JSON object a line"
    if "\\u" in line and (why := lone_surrogate(obj)) is not None:
        # The document keeps its id in the report, unless the id is what cannot be written.
        usable_id = isinstance(obj, dict) and lone_surrogate(obj.get("id")) is None
        return (obj if usable_id else None), why
    return _check_record(obj, keys)


def _pyarrow_parquet(path: Path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{path}: reading Parquet needs pyarrow; pip install pyarrow (it comes with lintas[ray])"
        ) from None
    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"{path}: is not a readable Parquet file ({exc})") from None


def read_rows(path: Path, keys: tuple[str, ...]) -> Iterator[Row]:
    """Every document of a ``.jsonl`` or ``.parquet`` file, in file order, each checked for ``keys``.

    Raises:
        InputError: a Parquet file that cannot be opened at all (a JSONL file is read line by line instead).
    """
    if RECORD_SUFFIXES.get(path.suffix.lower()) == "parquet":
        parquet = _pyarrow_parquet(path)
        number = 0
        for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
            for record in batch.to_pylist():
                number += 1
                # A null cell is a missing field, as an absent key is in JSON.
                cells = {k: v for k, v in record.items() if v is not None}
                obj, error = _check_record(cells, keys)
                yield Row(f"row {number}", obj, error)
        return
    with path.open("rb") as stream:
        for lineno, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            obj, error = _parse_line(raw, lineno, keys)
            yield Row(f"line {lineno}", obj, error)


def count_rows(path: Path) -> int:
    """Documents in a record file, without parsing them (non-blank lines; Parquet row count)."""
    if RECORD_SUFFIXES.get(path.suffix.lower()) == "parquet":
        return int(_pyarrow_parquet(path).metadata.num_rows)
    with path.open("rb") as stream:
        return sum(1 for raw in stream if raw.strip())


def id_hash(doc_id: object) -> int:
    """The 64-bit hash ids are compared by (ids of a large corpus are never all kept in memory)."""
    return text_hash(json.dumps(doc_id))  # 1 and "1" are different ids


def unique_rows(
    path: Path, keys: tuple[str, ...], start: int = 0, seen: SeenHashes | None = None
) -> Iterator[Row]:
    """:func:`read_rows` from document ``start`` on, with a repeated id made an error.

    Rows before ``start`` yield nothing but are still read for their id, so a repeated id is found after a resume
    too. ``seen`` carries the ids of earlier files, when one input is several files (16 bytes per id, not a dict
    of every id of a very large corpus).
    """
    seen = SeenHashes() if seen is None else seen
    noun = "row" if RECORD_SUFFIXES.get(path.suffix.lower()) == "parquet" else "line"
    for index, row in enumerate(read_rows(path, keys)):
        if row.error is None and not seen.add(id_hash(row.obj["id"])):  # type: ignore[index]
            doc_id = row.obj["id"]  # type: ignore[index]
            row = Row(
                row.where, row.obj, f"repeats the id {doc_id!r} of an earlier {noun}; ids must be unique"
            )
        if index >= start:
            yield row


def row_id(row: Row, prefix: str = "") -> str | int:
    """The id of a row's document: its ``"id"`` when valid, else where it is (``"line 7"``)."""
    doc_id = row.obj.get("id") if isinstance(row.obj, dict) else None
    if isinstance(doc_id, (str, int)) and not isinstance(doc_id, bool):
        return doc_id
    return f"{prefix}{row.where}"
