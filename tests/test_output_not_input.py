"""No command writes over one of its own inputs (issue #19, item 1): a one-line error, exit 2, the input intact."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintas.translate.cli import main
from lintas.translate.io import check_not_input, same_file

TEXT = "Presiden Joko Widodo meresmikan jalan tol baru.\n\nIa berbicara kepada wartawan di Jakarta.\n"
ENGLISH = "President Joko Widodo opened a new toll road.\n\nHe spoke to reporters in Jakarta.\n"


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_refused(result, *inputs: tuple[Path, bytes]) -> None:
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("lintas: ") and "writing it would destroy the input" in line, line
    for path, before in inputs:
        assert path.read_bytes() == before, path


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _aliases(doc: Path) -> dict[str, Path]:
    sub = doc.parent / "sub"
    sub.mkdir()
    link = doc.parent / "link.txt"
    link.symlink_to(doc)
    hard = doc.parent / "hard.txt"
    os.link(doc, hard)
    return {"same": doc, "dotdot": sub / ".." / doc.name, "symlink": link, "hardlink": hard}


@pytest.mark.parametrize("alias", ["same", "dotdot", "symlink", "hardlink"])
def test_translate_refuses_its_input_as_output(doc, alias) -> None:
    target = _aliases(doc)[alias]
    result = invoke("translate", doc, "-o", target, "--model", doc.parent / "no-such-model")
    assert_refused(result, (doc, TEXT.encode()))
    assert "--output" in result.stderr


def test_segment_refuses_its_input_as_output(doc) -> None:
    assert_refused(invoke("segment", doc, "--lang", "id", "-o", doc), (doc, TEXT.encode()))


def test_eval_sentence_level_refuses_the_hypothesis_or_a_reference(tmp_path) -> None:
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("a b c\nd e\n", encoding="utf-8")
    ref.write_text("a b c\nd f\n", encoding="utf-8")
    for target in (hyp, ref):
        result = invoke("eval", "score", hyp, "--ref", ref, "--sentence-level", target)
        assert_refused(result, (hyp, b"a b c\nd e\n"), (ref, b"a b c\nd f\n"))
        assert "--sentence-level" in result.stderr


def test_align_moses_prefix_that_would_write_an_input_is_refused(tmp_path) -> None:
    src, tgt = tmp_path / "doc.id", tmp_path / "doc.en"
    src.write_text(TEXT, encoding="utf-8")
    tgt.write_text(ENGLISH, encoding="utf-8")
    result = invoke("align", src, tgt, "--presplit", "--format", "moses", "-o", tmp_path / "doc")
    assert_refused(result, (src, TEXT.encode()), (tgt, ENGLISH.encode()))
    ok = invoke("align", src, tgt, "--presplit", "--format", "moses", "-o", tmp_path / "aligned")
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "aligned.id").is_file() and src.read_text(encoding="utf-8") == TEXT


def test_align_tsv_onto_a_side_is_refused(tmp_path) -> None:
    src, tgt = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text(TEXT, encoding="utf-8")
    tgt.write_text(ENGLISH, encoding="utf-8")
    assert_refused(invoke("align", src, tgt, "-o", tgt), (tgt, ENGLISH.encode()))


def test_lexicon_build_refuses_a_training_file_as_output(tmp_path) -> None:
    id_file, en_file = tmp_path / "train.id", tmp_path / "train.en"
    id_file.write_text("satu dua\n", encoding="utf-8")
    en_file.write_text("one two\n", encoding="utf-8")
    result = invoke("lexicon", "build", "--corpus", id_file, en_file, "-o", en_file)
    assert_refused(result, (en_file, b"one two\n"))


def test_corpus_build_refuses_pairs_inside_the_output_as_a_final_file(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pairs = out / "corpus.jsonl"
    record = json.dumps({"id": "a", "src": "Satu dua tiga.", "tgt": "One two three."}) + "\n"
    pairs.write_text(record, encoding="utf-8")
    result = invoke("corpus", "build", "--pairs", pairs, "-o", out, "-q")
    assert_refused(result, (pairs, record.encode()))
    assert "--output" in result.stderr


def test_same_file_and_check_not_input(tmp_path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    assert same_file(a, tmp_path / "." / "a.txt") and not same_file(a, tmp_path / "b.txt")
    check_not_input("-", [a])  # standard output is never an input
    check_not_input(tmp_path / "b.txt", [a, None, "-"])
    with pytest.raises(Exception, match="is the input"):
        check_not_input(a, [a])
