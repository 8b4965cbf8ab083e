"""Bitext writers (translate/bitext.py): JSONL, TSV, Moses, TMX round trips and atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from defusedxml import ElementTree

from lintas.translate.bitext import WRITERS, BitextRecord, open_writer, segment_text
from lintas.translate.errors import InputError, OutputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

RECORDS = [
    BitextRecord('Halo <dunia> & "kawan".', 'Hello <world> & "friend".', 1.25, "doc-1", (0,), (0,)),
    BitextRecord(
        "Baris\tdengan tab\ndan baris baru.", "Line\twith tab\nand new line.", -0.5, "doc-1", (1, 2), (1,)
    ),
    BitextRecord("Hanya di sumber.", "", -4.0, "doc-1", (3,), ()),
    BitextRecord("", "Only in the target.", -4.0, "doc-1", (), (2,)),
    BitextRecord("Kontrol\x01karakter.", "Control\x01character.", 0.0, 7, (0,), (0,)),
]


def write_all(fmt, path, records=RECORDS):
    with open_writer(fmt, path) as writer:
        for rec in records:
            writer.write(rec)
    return writer


def test_jsonl_round_trip_keeps_nulls(tmp_path):
    out = tmp_path / "out.jsonl"
    write_all("jsonl", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(RECORDS)
    for row, rec in zip(rows, RECORDS, strict=True):
        assert set(row) == {"id", "src", "tgt", "score", "src_text", "tgt_text"}
        assert (row["id"], row["src"], row["tgt"]) == (rec.doc_id, list(rec.src), list(rec.tgt))
        texts = (segment_text(rec.src_text), segment_text(rec.tgt_text))
        assert (row["src_text"], row["tgt_text"], row["score"]) == (*texts, rec.score)
    assert rows[1]["src_text"] == "Baris dengan tab dan baris baru."  # as the other formats write it


CONTROL = BitextRecord(
    "Baris satu dengan carriage\rreturn,\ttab\r\ndan\x0bbaris  baru\x01.",
    "First line with a carriage\rreturn,\ttab\r\nand\x0cnew  line\x01.",
    -1.0,
    "doc\r2",
    (0,),
    (0,),
)


def _segments(fmt: str, tmp_path) -> list[tuple[str, str]]:
    """The (source, target) texts of the pairs of one format's output, read back the way its readers do."""
    out = tmp_path / f"out-{fmt}"
    write_all(fmt, out, [RECORDS[0], CONTROL])
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return [(r["src_text"], r["tgt_text"]) for r in rows]
    if fmt == "tsv":
        return [tuple(line.split("\t")[:2]) for line in out.read_text(encoding="utf-8").split("\n")[:-1]]
    if fmt == "moses":
        src, tgt = (
            Path(f"{out}.{lang}").read_text(encoding="utf-8").split("\n")[:-1] for lang in ("id", "en")
        )
        return list(zip(src, tgt, strict=True))
    units = ElementTree.parse(str(out)).getroot().find("body").findall("tu")
    return [tuple(tuv.findtext("seg") for tuv in tu.findall("tuv")) for tu in units]


def test_every_format_carries_the_same_segment_text(tmp_path):
    expected = [
        (RECORDS[0].src_text, RECORDS[0].tgt_text),
        (
            "Baris satu dengan carriage return, tab dan baris  baru.",
            "First line with a carriage return, tab and new  line.",
        ),
    ]
    for fmt in WRITERS:
        assert _segments(fmt, tmp_path) == expected, fmt


def test_tmx_props_keep_a_carriage_return(tmp_path):
    out = tmp_path / "out.tmx"
    write_all("tmx", out, [CONTROL])
    unit = ElementTree.parse(str(out)).getroot().find("body").find("tu")
    assert {p.get("type"): p.text for p in unit.findall("prop")}["x-document"] == "doc\r2"


def test_tsv_leaves_out_nulls_and_flattens_whitespace(tmp_path):
    out = tmp_path / "out.tsv"
    write_all("tsv", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    cols = [line.split("\t") for line in lines]
    assert all(len(c) == 3 for c in cols)
    assert cols[1][:2] == ["Baris dengan tab dan baris baru.", "Line with tab and new line."]
    assert float(cols[0][2]) == 1.25


def test_moses_two_parallel_files(tmp_path):
    out = tmp_path / "corpus"
    write_all("moses", out)
    src = (tmp_path / "corpus.id").read_text(encoding="utf-8").splitlines()
    tgt = (tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines()
    assert len(src) == len(tgt) == 3
    assert src[0] == RECORDS[0].src_text and tgt[0] == RECORDS[0].tgt_text


def test_tmx_parses_back_with_complete_header(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "out.tmx"
    write_all("tmx", out)
    root = ElementTree.parse(str(out)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in (
        "creationtool",
        "creationtoolversion",
        "datatype",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
    ):
        assert header.get(attr), attr
    assert header.get("srclang") == "id" and header.get("segtype") == "sentence"
    assert header.get("creationdate") == "20231114T221320Z"
    units = root.find("body").findall("tu")
    assert len(units) == 3  # null beads left out
    segs = [{tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")} for tu in units]
    assert segs[0] == {
        "id": RECORDS[0].src_text,
        "en": RECORDS[0].tgt_text,
    }  # markup characters escaped and back
    assert segs[2] == {"id": "Kontrolkarakter.", "en": "Controlcharacter."}  # XML-invalid characters dropped
    props = {p.get("type"): p.text for p in units[0].findall("prop")}
    assert props == {"x-score": "1.2500", "x-document": "doc-1"}


def test_every_format_is_registered():
    assert set(WRITERS) == {"jsonl", "tsv", "moses", "tmx"}


def test_moses_needs_a_path():
    with pytest.raises(OutputError, match="give -o OUT"):
        with open_writer("moses", None):
            pass


def test_failure_leaves_no_file(tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        with open_writer("jsonl", out) as writer:
            writer.write(RECORDS[0])
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_input_error_keeps_what_was_written_when_asked(tmp_path):
    out = tmp_path / "out.tmx"
    with pytest.raises(InputError):
        with open_writer("tmx", out, keep_on_input_error=True) as writer:
            writer.write(RECORDS[0])
            raise InputError("line 3 is broken")
    root = ElementTree.parse(str(out)).getroot()  # a complete, valid TMX file
    assert len(root.find("body").findall("tu")) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["out.tmx"]


def test_input_error_before_any_record_leaves_no_file(tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(InputError):
        with open_writer("jsonl", out, keep_on_input_error=True):
            raise InputError("line 1 is broken")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        with open_writer("jsonl", tmp_path / "missing" / "out.jsonl"):
            pass
