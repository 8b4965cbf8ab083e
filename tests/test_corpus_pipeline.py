"""The corpus builder end to end on shipped FLORES-200 and TICO-19 documents (offline aligner).

Outputs are checked against each other and against the gold sentence pairs; TMX is parsed back with defusedxml;
parallel, resumed and gzip builds must give the same bytes as a plain serial build.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

import defusedxml.ElementTree as DET
import pytest
from fakes import EchoEngine
from records import write_jsonl

from lintas.eval.testsets import get_testset
from lintas.translate.corpus.config import FilterConfig, load_filter_config
from lintas.translate.corpus.manifest import Manifest
from lintas.translate.corpus.pipeline import (
    AlignSettings,
    DocumentProcessor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
    TranslationExecutor,
    build_corpus,
    output_names,
    process_document,
)
from lintas.translate.corpus.sources import MonolingualSource, PairsFile, SourceDoc
from lintas.translate.errors import OutputError

pytestmark = pytest.mark.usefixtures("fixed_date")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FILES = [*output_names(), "stats.json", "stats.md"]


def gold_docs(name: str, limit: int, *, presplit: bool = False) -> list[dict]:
    """The first ``limit`` documents of a shipped test set as ``--pairs`` rows (text, or gold segment lists)."""
    rows = []
    for doc_id, pairs in get_testset(name).documents()[:limit]:
        s, t = [a for a, _ in pairs], [b for _, b in pairs]
        rows.append(
            {
                "id": f"{name}:{doc_id}",
                "src": s if presplit else " ".join(s),
                "tgt": t if presplit else " ".join(t),
            }
        )
    return rows


@pytest.fixture(scope="module")
def pairs_file(tmp_path_factory) -> Path:
    rows = gold_docs("flores200-devtest", 30) + gold_docs("tico19-test", 8)
    rows.append(
        {
            "id": "escapes",
            "src": 'Di A&B, nilai "x < y" naik 5%.',
            "tgt": 'At A&B, the value "x < y" rose 5%.',
        }
    )
    return write_jsonl(tmp_path_factory.mktemp("input") / "docs.jsonl", rows)


def serial(filters: FilterConfig | None = None, settings: AlignSettings | None = None) -> SerialExecutor:
    return SerialExecutor(
        functools.partial(DocumentProcessor, settings or AlignSettings(), filters or FilterConfig())
    )


def build(source, out: Path, executor: Executor | None = None, **kwargs):
    kwargs.setdefault("progress", False)
    return build_corpus(source, out, executor or serial(kwargs.get("filters")), **kwargs)


def read_all(folder: Path, names: list[str] = FILES) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


@pytest.fixture(scope="module")
def reference(pairs_file, tmp_path_factory) -> Path:
    """An uninterrupted serial build: what every other way of building must reproduce."""
    out = tmp_path_factory.mktemp("reference")
    build(PairsFile(pairs_file), out, shard_size=7)
    return out


def test_outputs_agree_with_each_other_and_stats(reference):
    stats = json.loads((reference / "stats.json").read_text(encoding="utf-8"))
    kept = stats["pairs"]["kept"]
    ids = (reference / "corpus.id").read_text(encoding="utf-8").splitlines()
    ens = (reference / "corpus.en").read_text(encoding="utf-8").splitlines()
    tsv = [line.split("\t") for line in (reference / "corpus.tsv").read_text(encoding="utf-8").splitlines()]
    rows = [
        json.loads(line) for line in (reference / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert kept > 300 and len(ids) == len(ens) == len(tsv) == len(rows) == kept
    assert [t[0] for t in tsv] == ids == [r["src_text"] for r in rows]
    assert [t[1] for t in tsv] == ens == [r["tgt_text"] for r in rows]
    assert stats["outputs"] == {name: kept for name in output_names()}
    # Every pair was judged by every filter, and passed all of them.
    assert all(r["passed"] == stats_filter_names(stats) for r in rows)
    assert all(set(r["filters"]) == set(stats_filter_names(stats)[:-2]) for r in rows)
    assert all(isinstance(r["src"], list) and r["src"] and r["tgt"] for r in rows)
    # Drops add up: each dropped pair is attributed to exactly one filter.
    assert (
        sum(f["dropped"] for f in stats["filters"])
        == stats["pairs"]["dropped"]
        == stats["pairs"]["candidates"] - kept
    )
    assert stats["documents"] == {"total": 39, "processed": 39, "skipped": 0}
    assert stats["beads"]["total"] == sum(stats["beads"]["by_type"].values())
    assert sum(stats["length_histogram"]["src"]) == sum(stats["length_histogram"]["tgt"]) == kept
    md = (reference / "stats.md").read_text(encoding="utf-8")
    assert f"**{kept}**" in md and "| alignment_score |" in md


def stats_filter_names(stats: dict) -> list[str]:
    return [f["name"] for f in stats["filters"]]


def test_tmx_is_valid_complete_and_escaped(reference):
    root = DET.parse(reference / "corpus.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attr), attr
    assert header.get("creationdate") == "20231114T221320Z"  # SOURCE_DATE_EPOCH
    units = root.find("body").findall("tu")
    ids = (reference / "corpus.id").read_text(encoding="utf-8").splitlines()
    ens = (reference / "corpus.en").read_text(encoding="utf-8").splitlines()
    assert len(units) == len(ids)
    for tu, src, tgt in zip(units, ids, ens, strict=True):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["id", "en"]
        assert [t.find("seg").text for t in tuvs] == [src, tgt]
    assert 'Di A&B, nilai "x < y" naik 5%.' in ids  # escaped in the file, identical when parsed back
    assert "x &lt; y" in (reference / "corpus.tmx").read_text(encoding="utf-8")


def test_kept_pairs_are_gold_pairs(tmp_path):
    """On gold-segmented documents, nearly every kept pair is a gold 1-1 pair (the aligner and filters work)."""
    rows = gold_docs("flores200-devtest", 40, presplit=True) + gold_docs("tico19-test", 10, presplit=True)
    gold = {(s, t) for r in rows for s, t in zip(r["src"], r["tgt"], strict=True)}
    build(PairsFile(write_jsonl(tmp_path / "gold.jsonl", rows)), tmp_path / "out")
    kept = [
        tuple(line.split("\t")[:2])
        for line in (tmp_path / "out" / "corpus.tsv").read_text("utf-8").splitlines()
    ]
    correct = sum(pair in gold for pair in kept)
    assert len(kept) > 0.7 * len(gold)
    assert correct >= 0.98 * len(kept)


def test_workers_give_identical_output(pairs_file, reference, tmp_path):
    factory = functools.partial(DocumentProcessor, AlignSettings(), FilterConfig())
    build(PairsFile(pairs_file), tmp_path, ProcessExecutor(factory, 2), shard_size=7)
    assert read_all(tmp_path) == read_all(reference)


def test_shard_size_does_not_change_the_output(pairs_file, reference, tmp_path):
    build(PairsFile(pairs_file), tmp_path, shard_size=1000)
    assert read_all(tmp_path) == read_all(reference)


class Crash(Exception):
    pass


class CrashAfter(Executor):
    """Processes ``shards`` shards, then dies like a killed process would (mid-shard, nothing more written)."""

    def __init__(self, shards: int) -> None:
        self.inner = serial()
        self.left = shards

    def map(self, docs: list[SourceDoc]):
        if self.left == 0:
            raise Crash
        self.left -= 1
        return self.inner.map(docs)


@pytest.mark.parametrize("shards_before_crash", [0, 1, 3])
def test_resume_after_a_crash_gives_identical_output(pairs_file, reference, tmp_path, shards_before_crash):
    with pytest.raises(Crash):
        build(PairsFile(pairs_file), tmp_path, CrashAfter(shards_before_crash), shard_size=7)
    manifest = Manifest.from_json((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest.shards) == shards_before_crash and not manifest.input_done
    assert not (tmp_path / "corpus.tsv").exists()
    result = build(PairsFile(pairs_file), tmp_path, shard_size=7)
    assert result.resumed_from == 7 * shards_before_crash
    assert read_all(tmp_path) == read_all(reference)
    assert not (tmp_path / "shards").exists()  # removed once the final files are in place


def test_resume_when_only_the_merge_was_left(pairs_file, reference, tmp_path):
    build(PairsFile(pairs_file), tmp_path, shard_size=7, keep_shards=True)
    # As if killed during the merge: shards done, final files partly written.
    manifest = Manifest.from_json((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    manifest.complete = False
    (tmp_path / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    (tmp_path / "corpus.tmx").unlink()
    (tmp_path / "corpus.id").write_text("half a file\n", encoding="utf-8")
    never = CrashAfter(0)  # the documents must not be processed again
    build(PairsFile(pairs_file), tmp_path, never, shard_size=7)
    assert read_all(tmp_path) == read_all(reference)


def test_stray_shard_from_a_kill_is_rewritten(pairs_file, reference, tmp_path):
    with pytest.raises(Crash):
        build(PairsFile(pairs_file), tmp_path, CrashAfter(2), shard_size=7)
    # Killed after writing shard 2 but before the manifest named it: a garbage file in its place.
    (tmp_path / "shards" / "shard-000002.jsonl.gz").write_bytes(b"garbage")
    build(PairsFile(pairs_file), tmp_path, shard_size=7)
    assert read_all(tmp_path) == read_all(reference)


def test_damaged_finished_shard_refuses_to_resume(pairs_file, tmp_path):
    with pytest.raises(Crash):
        build(PairsFile(pairs_file), tmp_path, CrashAfter(2), shard_size=7)
    (tmp_path / "shards" / "shard-000001.jsonl.gz").write_bytes(b"garbage")
    with pytest.raises(OutputError, match="missing or damaged.*--overwrite"):
        build(PairsFile(pairs_file), tmp_path, shard_size=7)


def test_deduplication_across_shards_survives_a_resume(tmp_path):
    base = gold_docs("flores200-devtest", 6)
    rows = base + [dict(r, id=f"copy-{r['id']}") for r in base]  # the second half repeats the first
    source = PairsFile(write_jsonl(tmp_path / "dup.jsonl", rows))
    once = build(PairsFile(write_jsonl(tmp_path / "once.jsonl", base)), tmp_path / "once")
    with pytest.raises(Crash):
        build(source, tmp_path / "dup", CrashAfter(2), shard_size=4)
    result = build(source, tmp_path / "dup", shard_size=4)
    assert result.resumed_from == 8
    assert (tmp_path / "dup" / "corpus.tsv").read_bytes() == (tmp_path / "once" / "corpus.tsv").read_bytes()
    by_name = {f["name"]: f for f in result.stats["filters"]}
    assert by_name["duplicate_exact"]["dropped"] == once.stats["pairs"]["kept"]
    assert result.stats["pairs"]["kept"] == once.stats["pairs"]["kept"]


def test_gzip_outputs_decompress_to_the_plain_files_and_are_reproducible(pairs_file, reference, tmp_path):
    build(PairsFile(pairs_file), tmp_path / "a", gzip=True, write_dropped=True)
    build(PairsFile(pairs_file), tmp_path / "b", gzip=True, write_dropped=True, shard_size=5)
    names = output_names(gzip=True, dropped=True)
    assert read_all(tmp_path / "a", names) == read_all(tmp_path / "b", names)
    for name in output_names():
        assert (
            gzip.decompress((tmp_path / "a" / f"{name}.gz").read_bytes()) == (reference / name).read_bytes()
        )
        assert not (tmp_path / "a" / name).exists()
    dropped = [
        json.loads(x)
        for x in gzip.decompress((tmp_path / "a" / "dropped.jsonl.gz").read_bytes()).splitlines()
    ]
    stats = json.loads((reference / "stats.json").read_text(encoding="utf-8"))
    assert len(dropped) == stats["pairs"]["dropped"]
    assert all(d["failed"] and d["dropped_by"] == d["failed"][0] for d in dropped)


def test_rerun_of_a_finished_build_does_nothing(pairs_file, reference, tmp_path):
    build(PairsFile(pairs_file), tmp_path)
    again = build(PairsFile(pairs_file), tmp_path, CrashAfter(0))
    assert again.already_built and again.stats == json.loads((tmp_path / "stats.json").read_text("utf-8"))


def test_other_settings_refuse_to_mix_builds_unless_overwrite(pairs_file, tmp_path):
    build(PairsFile(pairs_file), tmp_path)
    strict = tmp_path.parent / "strict.toml"
    strict.write_text("[filters.length]\nmax_words = 10\n", encoding="utf-8")
    with pytest.raises(OutputError, match="other inputs or settings; add --overwrite"):
        build(PairsFile(pairs_file), tmp_path, filters=load_filter_config(strict))
    result = build(PairsFile(pairs_file), tmp_path, filters=load_filter_config(strict), overwrite=True)
    assert result.stats["filters"][0]["options"] == {"min_words": 1, "max_words": 10}
    lines = (tmp_path / "corpus.id").read_text(encoding="utf-8").splitlines()
    assert lines and all(len(line.split()) <= 10 for line in lines)


def test_foreign_corpus_files_are_not_overwritten(pairs_file, tmp_path):
    (tmp_path / "corpus.tsv").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputError, match="already holds corpus.tsv"):
        build(PairsFile(pairs_file), tmp_path)
    assert (tmp_path / "corpus.tsv").read_text(encoding="utf-8") == "mine\n"


def test_process_document_is_pure_and_counts_filters():
    doc = SourceDoc(
        0, "d", "Harga naik. Baca juga: Banjir di Jakarta", "Prices rose. Read also: Floods in Jakarta"
    )
    processor = DocumentProcessor(AlignSettings(), FilterConfig())
    first, second = processor(doc), processor(doc)
    assert first == second
    assert first.sentences == (2, 2) and first.bead_types == {"1-1": 2}
    assert [r.failed for r in first.records] == [(), ("boilerplate",)]
    assert first.counts == {"failed": {"boilerplate": 1}, "dropped": {"boilerplate": 1}}
    empty = process_document(SourceDoc(1, "e", ["  "], "Text."), processor.aligner, processor.filters)
    assert empty.skipped == "the source side has no sentences"


def test_translation_executor_pairs_sentences_and_records_the_model(tmp_path):
    from lintas.translate.translator import Translator

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Harga naik. Banjir di Jakarta.", encoding="utf-8")
    (folder / "b.md").write_text("# Judul\n\nHarga naik.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\xff\xfe\x00bad")
    pages = Path(__file__).resolve().parents[1] / "data" / "samples" / "pages"
    (folder / "d.html").write_text("<p>Sekolah dibuka.<br>Posted By : admin</p>", encoding="utf-8")
    (folder / "e.html").write_bytes((pages / "halaman-tidak-ditemukan.html").read_bytes())
    engine = EchoEngine()
    config = FilterConfig(disabled=("language",))  # echoed Indonesian is not English
    translator = Translator("echo", engine=engine)
    result = build(
        MonolingualSource([folder]),
        tmp_path / "out",
        TranslationExecutor(translator, config),
        metadata={"model": "echo-model", "engine": "echo"},
        settings={"model": "echo-model"},
    )
    rows = [
        json.loads(x) for x in (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(r["id"], r["src_text"], r["tgt_text"]) for r in rows] == [
        ("a.txt", "Harga naik.", "EN(Harga naik.)"),
        ("a.txt", "Banjir di Jakarta.", "EN(Banjir di Jakarta.)"),
        ("b.md", "Judul", "EN(Judul)"),
        ("d.html", "Sekolah dibuka.", "EN(Sekolah dibuka.)"),  # the spam line is not the article
    ]  # "Harga naik." in b.md is an exact duplicate
    assert all(r["mt_model"] == "echo-model" and r["score"] is None for r in rows)
    assert result.stats["metadata"]["model"] == "echo-model" and result.stats["kind"] == "synthetic"
    skipped = {s["id"]: s["reason"] for s in result.stats["skipped_documents"]}
    assert result.skipped == 2 and sorted(skipped) == ["c.txt", "e.html"]
    assert "no article text found in this page" in skipped["e.html"]
    header = DET.parse(tmp_path / "out" / "corpus.tmx").getroot().find("header")
    assert {p.get("type"): p.text for p in header.findall("prop")}["x-mt-model"] == "echo-model"
    assert engine.batches and sum(map(len, engine.batches)) == 4  # one call for the shard, duplicates merged


def test_paragraphs_keep_captions_out_of_body_pairs():
    """The aligner gets each sentence's paragraph: a photo caption paragraph is not glued to the body sentence."""
    processor = DocumentProcessor(AlignSettings(), FilterConfig())
    doc = SourceDoc(
        0,
        "caption",
        "Presiden meresmikan jembatan baru di Kalimantan.\n\nFoto: Setpres\n\nJembatan itu sepanjang dua kilometer.",
        "The president opened a new bridge in Kalimantan. The bridge is two kilometres long.",
    )
    result = processor(doc)
    assert [(r.src, r.tgt) for r in result.records] == [((0,), (0,)), ((2,), (1,))]
    assert result.null_beads == 1 and all("Foto" not in r.src_text for r in result.records)
    markdown = SourceDoc(1, "md", "# Judul\n\nHarga beras naik tajam minggu ini di seluruh Jawa Tengah.\n\nFoto: Antara",
                         "# Title\n\nRice prices rose sharply this week across Central Java.", fmt="markdown")  # fmt: skip
    assert all("Foto" not in r.src_text for r in processor(markdown).records)
