"""One bad record never kills a job: lone surrogates and unexpected errors are caught at the document boundary.

A JSONL line may hold half a UTF-16 pair (``"\\ud800"``): valid JSON, common in scraped data, and text that no
UTF-8 file can hold. Before the fix it aborted ``corpus build`` and ``align --pairs`` with a traceback from the
writer and ``corpus translate`` with an engine error, leaving half-built state.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import EchoEngine

import lintas.translate.cli.align_cmd  # noqa: F401 - attaches the commands
import lintas.translate.cli.corpus_cmd  # noqa: F401
from lintas.translate.cli import main
from lintas.translate.corpus.config import FilterConfig
from lintas.translate.corpus.executors import TranslationExecutor
from lintas.translate.corpus.pipeline import build_corpus
from lintas.translate.corpus.sources import MonolingualSource, PairsFile, SourceDoc
from lintas.translate.corpus.work import process_document, translate_documents
from lintas.translate.errors import ModelNotAvailableError
from lintas.translate.io import lone_surrogate
from lintas.translate.translator import Translator

pytestmark = pytest.mark.usefixtures("fixed_date")

GOOD = {
    "id": "a",
    "src": "Harga beras naik. Banjir di Jakarta.",
    "tgt": "Rice prices rose. Floods in Jakarta.",
}
LAST = {"id": "c", "src": "Sekolah dibuka lagi.", "tgt": "Schools open again."}
# json.dumps escapes the lone surrogate as \ud800, as a scraper's JSON writer does.
SURROGATE_LINE = json.dumps({"id": "b", "src": "Kalimat \ud800 rusak.", "tgt": "Broken \ud800 sentence."})


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def lintas(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_lone_surrogate_is_found_with_its_field():
    assert lone_surrogate({"id": "x", "src": "ok", "tgt": ["fine", "bad \udc00"]}) == (
        '"tgt" holds a lone surrogate (\\udc00 at character 5), which is not Unicode text; '
        "fix the decoding that wrote the file"
    )
    assert lone_surrogate({"\ud800": 1}).startswith("a key holds a lone surrogate")
    assert lone_surrogate({"id": 1, "src": "emoji \U0001f600 is a valid pair", "tgt": [1, None]}) is None


def test_corpus_build_skips_the_surrogate_document_and_builds_the_rest(tmp_path):
    pairs = write_lines(tmp_path / "docs.jsonl", [json.dumps(GOOD), SURROGATE_LINE, json.dumps(LAST)])
    result = lintas("corpus", "build", "--pairs", pairs, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1, result.output  # built, some documents skipped
    assert "Traceback" not in result.output
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    [skipped] = stats["skipped_documents"]
    assert skipped["id"] == "b" and "lone surrogate (\\ud800" in skipped["reason"]
    assert stats["documents"]["processed"] == 2
    english = (tmp_path / "out" / "corpus.en").read_text(encoding="utf-8")
    assert "Schools open again." in english and "\ufffd" not in english


def test_align_pairs_stops_at_the_surrogate_line_keeping_the_documents_before(tmp_path):
    # align --pairs documents that a malformed line is exit 2 with every earlier document complete.
    pairs = write_lines(tmp_path / "docs.jsonl", [json.dumps(GOOD), SURROGATE_LINE, json.dumps(LAST)])
    out = tmp_path / "out.jsonl"
    result = lintas("align", "--pairs", pairs, "-o", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert 'docs.jsonl: line 2: "src" holds a lone surrogate' in result.output
    assert {json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()} == {"a"}


def test_corpus_translate_skips_the_surrogate_document(tmp_path):
    docs = write_lines(
        tmp_path / "mono.jsonl",
        [json.dumps({"id": 1, "text": "Harga naik."}), json.dumps({"id": 2, "text": "Rusak \udfff."})],
    )
    result = build_corpus(
        MonolingualSource([docs]),
        tmp_path / "out",
        TranslationExecutor(Translator("echo", engine=EchoEngine()), FilterConfig(disabled=("language",))),
        settings={"model": "echo"},
    )
    assert [(s["id"], "lone surrogate" in s["reason"]) for s in result.stats["skipped_documents"]] == [
        (2, True)
    ]
    assert (tmp_path / "out" / "corpus.en").read_text(encoding="utf-8") == "EN(Harga naik.)\n"


class FailsOn:
    """An aligner or engine stand-in that raises on one input, as a bug met by one odd document would."""

    def __init__(self, trigger: str, exc: Exception) -> None:
        self.trigger, self.exc = trigger, exc

    def align(self, src, tgt, **_):
        if any(self.trigger in s for s in src):
            raise self.exc
        raise AssertionError("only the failing document is aligned here")


def doc(index: int, src: str, tgt: str | None = None) -> SourceDoc:
    return SourceDoc(index, f"d{index}", src, tgt)


def test_an_unexpected_error_in_one_document_skips_it_with_its_id():
    result = process_document(
        doc(0, "Ini memicu bug.", "This triggers a bug."), FailsOn("bug", KeyError(7)), []
    )
    assert result.skipped == "unexpected error (KeyError: 7); please report it"
    assert result.doc_id == "d0"


def test_errors_of_the_job_itself_still_stop_it():
    with pytest.raises(ModelNotAvailableError):
        process_document(doc(0, "Ini bug.", "A bug."), FailsOn("bug", ModelNotAvailableError("no model")), [])


class FailingEngine(EchoEngine):
    def translate_batch(self, sentences, *, options):
        if any("meledak" in s for s in sentences):
            raise RuntimeError("index out of range in self")
        return super().translate_batch(sentences, options=options)


def test_a_shard_whose_translation_fails_keeps_every_other_document():
    translator = Translator("echo", engine=FailingEngine())
    docs = [doc(0, "Harga naik."), doc(1, "Mesin meledak."), doc(2, "Banjir surut.")]
    results = translate_documents(docs, translator, [])
    assert [r.skipped for r in results] == [
        None,
        "unexpected error (RuntimeError: index out of range in self); please report it",
        None,
    ]
    assert [[r.tgt_text for r in res.records] for res in results] == [
        ["EN(Harga naik.)"],
        [],
        ["EN(Banjir surut.)"],
    ]


def test_pairs_file_reports_the_surrogate_line(tmp_path):
    path = write_lines(tmp_path / "p.jsonl", [SURROGATE_LINE, json.dumps(GOOD)])
    first, second = PairsFile(path).documents()
    assert first.error is not None and first.error.startswith('p.jsonl: line 1: "src" holds a lone surrogate')
    assert second.error is None
