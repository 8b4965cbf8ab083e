"""Property-based fuzzing of the bitext writers (issue 19): hostile records in, files every reader accepts out.

Records carry C0 and C1 controls, NUL, lone surrogates, bidi marks, zero-width characters, tabs and line breaks
inside segments, 100,000-character lines and non-finite scores. Each format's file is read back the strictest
way: strict UTF-8; JSONL with ``json.loads`` refusing ``NaN`` and with the project's reader
(:func:`lintas.eval.align_score.read_beads`); TSV and Moses with the scorer's reader
(:func:`lintas.eval.segments.read_segments`) as well as ``split("\\n")`` and ``splitlines()``; TMX with lxml,
defusedxml and ``xml.etree``. Every format must carry the same text for a pair, and an interrupted run must leave a
complete file or none. The minimal inputs of bugs found are pinned as ``@example``.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
import xml.etree.ElementTree as StdElementTree
from pathlib import Path

import pytest
from defusedxml import ElementTree as DefusedElementTree
from hostile import FUZZ, HOSTILE, PIECES, hostile_text
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from lintas.eval.align_score import read_beads
from lintas.eval.segments import read_segments
from lintas.translate.bitext import (
    WRITERS,
    BitextRecord,
    TmxWriter,
    clean_text,
    json_line,
    open_writer,
    output_paths,
    segment_text,
)
from lintas.translate.errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: What no written segment may hold: XML-forbidden characters, surrogates, a BOM, tabs and line breaks.
_FORBIDDEN = re.compile("[\x00-\x1f\ud800-\udfff\ufeff\ufffe\uffff\x85\u2028\u2029]")

# ------------------------------------------------------------------------------------------------ strategies
field = st.one_of(hostile_text, st.sampled_from(["", " ", "\t", "\r\n", "\x00", "\ufeff", *HOSTILE]))
scores = st.one_of(st.none(), st.floats(), st.integers(-50, 50).map(float))
doc_ids = st.one_of(st.none(), st.integers(-(2**70), 2**70), field)
indices = st.lists(st.integers(0, 10**6), max_size=3).map(tuple)
records = st.builds(BitextRecord, field, field, scores, doc_ids, indices, indices)
record_lists = st.lists(records, max_size=8)


# ------------------------------------------------------------------------------------------------ readers
def _strict_json(line: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(line, parse_constant=refuse)


def _lines(path: Path) -> list[str]:
    """The lines of a line-based file: strict UTF-8, ``\\n``-terminated, and no other character that
    ``str.splitlines`` would break a line at."""
    text = path.read_bytes().decode("utf-8")
    assert text == "" or text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert text.splitlines() == lines
    return lines


def _finite(score: float | None) -> float | None:
    return score if score is not None and math.isfinite(score) else None


def _written_id(doc_id: object) -> object:
    return doc_id if doc_id is None or type(doc_id) is int else clean_text(str(doc_id))


def check_jsonl(path: Path, recs: list[BitextRecord]) -> list[tuple[str, str]]:
    rows = [_strict_json(line) for line in _lines(path)]
    assert len(rows) == len(recs)
    for row, rec in zip(rows, recs, strict=True):
        assert isinstance(row, dict)
        assert row["id"] == _written_id(rec.doc_id)
        assert (row["src"], row["tgt"]) == (list(rec.src), list(rec.tgt))
        assert row["src_text"] == segment_text(rec.src_text) and row["tgt_text"] == segment_text(rec.tgt_text)
        expected = _finite(rec.score)
        assert row["score"] == (None if expected is None else round(expected, 4))
    beads = read_beads(path)  # the project's reader of `lintas align` JSONL
    assert sum(len(b) for b in beads.values()) == len(recs)
    return [(r["src_text"], r["tgt_text"]) for r, rec in zip(rows, recs, strict=True) if not rec.is_null]


def check_tsv(path: Path, recs: list[BitextRecord]) -> list[tuple[str, str]]:
    lines = _lines(path)
    kept = [r for r in recs if not r.is_null]
    assert len(lines) == len(kept)
    if lines:  # the scorer's reader strips line ends, as sacrebleu does: an empty score column goes with them
        assert read_segments(path) == [line.rstrip() for line in lines]
    out = []
    for line, rec in zip(lines, kept, strict=True):
        cols = line.split("\t")
        assert len(cols) == 3
        expected = _finite(rec.score)
        assert cols[2] == ("" if expected is None else f"{expected:.4f}")
        out.append((cols[0], cols[1]))
    return out


def check_moses(path: Path, recs: list[BitextRecord]) -> list[tuple[str, str]]:
    src_path, tgt_path = output_paths("moses", path)
    src, tgt = _lines(src_path), _lines(tgt_path)
    assert len(src) == len(tgt) == sum(not r.is_null for r in recs)
    if src:
        assert read_segments(src_path) == src and read_segments(tgt_path) == tgt
    return list(zip(src, tgt, strict=True))


def check_tmx(path: Path, recs: list[BitextRecord]) -> list[tuple[str, str]]:
    data = path.read_bytes()
    data.decode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)
    roots = [
        etree.fromstring(data, parser),
        DefusedElementTree.fromstring(data),
        StdElementTree.fromstring(data),
    ]
    kept = [r for r in recs if not r.is_null]
    pairs = []
    for root in roots:
        units = root.find("body").findall("tu")
        assert len(units) == len(kept)
        pairs = []
        for unit, rec in zip(units, kept, strict=True):
            props = {p.get("type"): p.text or "" for p in unit.findall("prop")}
            expected = _finite(rec.score)
            assert props.get("x-score") == (None if expected is None else f"{expected:.4f}")
            if rec.doc_id is not None:
                assert props["x-document"] == clean_text(str(rec.doc_id))
            tuvs = unit.findall("tuv")
            assert [t.get(XML_LANG) for t in tuvs] == ["id", "en"]
            pairs.append(tuple(t.findtext("seg") or "" for t in tuvs))
    return pairs


CHECKS = {"jsonl": check_jsonl, "tsv": check_tsv, "moses": check_moses, "tmx": check_tmx}


def write_records(fmt: str, path: Path, recs: list[BitextRecord]) -> None:
    with open_writer(fmt, path) as writer:
        for rec in recs:
            writer.write(rec)
    assert writer.count == (len(recs) if fmt == "jsonl" else sum(not r.is_null for r in recs))


# -------------------------------------------------------------------------------------------------- tests
#: Bugs this suite found, as the minimal records that showed them (see the writers' docstrings for the policy).
FOUND = [
    # A lone surrogate (a JSON "\ud800" escape in a --pairs file, a file name decoded with surrogateescape)
    # could not be encoded: UnicodeEncodeError in the middle of every format.
    [BitextRecord("\ud800", "a")],
    [BitextRecord("a", "b", doc_id="\udcff")],
    # A control character between spaces left a segment of one space: a blank "pair" in TSV, Moses and TMX.
    [BitextRecord("\x01 \x01", "a")],
    # NaN and infinite scores: "NaN" is not JSON, "nan" not a score.
    [BitextRecord("a", "b", float("nan"))],
    [BitextRecord("a", "b", float("-inf"))],
    # A line or paragraph separator in a document id broke the JSONL line for splitlines() readers.
    [BitextRecord("a", "b", doc_id="\u2028")],
    [BitextRecord("a", "b", doc_id="\x85")],
    # A segment starting with a BOM: read back without it by every UTF-8-sig reader, so Moses/TSV != TMX.
    [BitextRecord("\ufeffa", "b")],
]


def _check_all_formats(recs: list[BitextRecord]) -> None:
    for rec in recs:
        for text in (segment_text(rec.src_text), segment_text(rec.tgt_text)):
            assert _FORBIDDEN.search(text) is None and text == text.strip()
    with tempfile.TemporaryDirectory() as tmp:
        seen = {}
        for fmt, check in CHECKS.items():
            path = Path(tmp) / f"out.{fmt}"
            write_records(fmt, path, recs)
            seen[fmt] = check(path, recs)
        assert seen["jsonl"] == seen["tsv"] == seen["moses"] == seen["tmx"]  # the same pair in every file


@settings(FUZZ, max_examples=200)
@given(record_lists)
@example(FOUND[0])
@example(FOUND[1])
@example(FOUND[2])
@example(FOUND[3])
@example(FOUND[4])
@example(FOUND[5])
@example(FOUND[6])
@example(FOUND[7])
def test_every_format_reads_back(recs: list[BitextRecord]) -> None:
    _check_all_formats(recs)


@settings(FUZZ, max_examples=5)
@given(st.lists(st.sampled_from(PIECES + HOSTILE), min_size=1, max_size=6), st.integers(1, 3))
def test_very_long_lines(pieces: list[str], copies: int) -> None:
    """100,000-character segments (a line of a minified page, a base64 blob) in every format."""
    unit = " ".join(pieces)
    long = (unit * (100_000 // len(unit) + 1))[:100_000]
    _check_all_formats([BitextRecord(long, long[::-1], 1.0, "doc", (0,), (0,))] * copies)


@settings(FUZZ, max_examples=60)
@given(record_lists, st.integers(0, 8), st.sampled_from(sorted(WRITERS)), st.booleans())
def test_interrupted_run_leaves_a_complete_file_or_none(
    recs: list[BitextRecord], stop: int, fmt: str, input_error: bool
) -> None:
    """An input error after ``stop`` records keeps a complete file (``keep_on_input_error``); a crash leaves none."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out"
        written = recs[:stop]
        with pytest.raises(InputError if input_error else RuntimeError):
            with open_writer(fmt, path, keep_on_input_error=True) as writer:
                for rec in written:
                    writer.write(rec)
                raise InputError("bad line") if input_error else RuntimeError("crash")
        files = sorted(p.name for p in Path(tmp).iterdir())
        if input_error and writer.count:
            assert files == sorted(p.name for p in output_paths(fmt, path))
            CHECKS[fmt](path, written)
        else:
            assert files == []


_header = st.dictionaries(field, field, max_size=3)


@settings(FUZZ, max_examples=100)
@given(_header, st.sampled_from(["id", "en", "in\x00d", "\ud800", 'a"b<c>&']), field)
@example({'x"y': "a", "\x00": "\r"}, "id", "a")
def test_tmx_header_props_and_languages(props: dict[str, str], lang: str, created: str) -> None:
    """Header props, language codes and the creation date may hold anything: the TMX still parses."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.tmx"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = TmxWriter([fh], src_lang=lang, tgt_lang="en", creation_date=created, props=props)
            writer.open()
            writer.write(BitextRecord("a", "b", 1.0, "d"))
            writer.close()
        data = path.read_bytes()
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        DefusedElementTree.fromstring(data)
        header = root.find("header")
        assert header.get("srclang") == clean_text(lang)
        assert header.get("creationdate") == (clean_text(created) or header.get("creationdate"))
        got = [(p.get("type"), p.text or "") for p in header.findall("prop")]
        assert got == [(clean_text(k), clean_text(v)) for k, v in props.items()]


@settings(FUZZ, max_examples=200)
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.floats(), st.integers(), field),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(field, inner, max_size=3),
        max_leaves=8,
    )
)
@example({"a": [float("nan"), "\ud83d\ude00\ud800", "\u2029"]})
def test_json_line_is_one_strict_json_line(value: object) -> None:
    """:func:`json_line`, the JSONL writer's line (and any other JSONL the project writes): one line that
    ``splitlines`` does not break, strict UTF-8, strict JSON."""
    line = json_line({"v": value})
    assert line.endswith("\n") and line[:-1].splitlines() == [line[:-1]]
    _strict_json(line.encode("utf-8").decode("utf-8"))
