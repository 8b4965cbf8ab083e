"""Shards, manifest and statistics of the corpus builder, on their own."""

from __future__ import annotations

import json

import pytest

from lintas.translate.corpus.manifest import Manifest, ShardStore, fingerprint, remove_temp_files
from lintas.translate.corpus.pipeline import CorpusRecord, DocResult
from lintas.translate.corpus.stats import LENGTH_BINS, CorpusStats
from lintas.translate.errors import OutputError


def test_shards_round_trip_and_the_manifest_lists_only_finished_ones(tmp_path):
    store = ShardStore(tmp_path)
    store.start("abc", {"x": 1}, 2, "20240101T000000Z")
    store.write_shard(0, 2, ['{"doc": 0}', '{"doc": 1}'])
    with pytest.raises(ValueError, match="expected 2"):
        store.write_shard(5, 1, ["{}"])
    store.write_shard(2, 1, ['{"doc": 2}'])
    assert [json.loads(line)["doc"] for line in store.read()] == [0, 1, 2]
    again = ShardStore(tmp_path)
    manifest = again.load()
    assert manifest.fingerprint == "abc" and manifest.documents_done == 3 and not manifest.input_done
    again.resume(manifest)
    again.finish_input()
    again.finish()
    assert not (tmp_path / "shards").exists()
    final = ShardStore(tmp_path).load()
    assert final.complete and final.input_done and final.created == "20240101T000000Z"


def test_damaged_manifest_is_an_output_error(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(OutputError, match="is damaged; add --overwrite"):
        ShardStore(tmp_path).load()


def test_manifest_of_another_layout_is_ignored(tmp_path):
    store = ShardStore(tmp_path)
    store.start("abc", {}, 2, "20240101T000000Z")
    data = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    data["layout"] = 0
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert ShardStore(tmp_path).load() is None


def test_fingerprint_is_canonical():
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert Manifest.from_json(Manifest("f", {}, "d", 3).to_json()) == Manifest("f", {}, "d", 3)


def test_doc_result_json_round_trip():
    rec = CorpusRecord(
        "d|1", (0, 1), (0,), "A. B.", "AB.", -1.5, {"length": [2, 1], "language": [None, "en"]}, ("x",)
    )
    result = DocResult(
        4, "d|1", None, (2, 1), {"2-1": 1}, 0, [rec], {"failed": {"x": 1}, "dropped": {"x": 1}}
    )
    assert DocResult.from_json(result.to_json()) == result


def test_stats_count_histograms_and_skipped_documents():
    stats = CorpusStats(["length", "language"], ["duplicate_exact"])
    rec = CorpusRecord(1, (0,), (0,), "a b c", "x y", 0.0, {}, ())
    stats.add_document(
        DocResult(0, 1, None, (3, 3), {"1-1": 2, "1-0": 1}, 1, [rec, rec], {"failed": {"length": 1}})
    )
    stats.add_document(DocResult(1, "bad|id", skipped="not | UTF-8"))
    stats.add_kept("a b c", "x y")
    stats.add_dropped("duplicate_exact")
    d = stats.as_dict(filter_options={"length": {"max_words": 9}, "language": {}, "numbers": None})
    assert d["documents"] == {"total": 2, "processed": 1, "skipped": 1}
    assert d["beads"] == {"total": 3, "null": 1, "by_type": {"1-1": 2, "1-0": 1}}
    assert d["pairs"] == {"candidates": 2, "kept": 1, "dropped": 1}
    assert [(f["name"], f["failed"], f["dropped"]) for f in d["filters"]] == [
        ("length", 1, 0),
        ("language", 0, 0),
        ("duplicate_exact", 1, 1),
    ]
    assert d["disabled_filters"] == ["numbers"]
    assert len(d["length_histogram"]["bins"]) == len(LENGTH_BINS) == len(d["length_histogram"]["src"])
    assert d["length_histogram"]["src"][0] == d["length_histogram"]["tgt"][0] == 1
    md = stats.to_markdown()
    assert r"| 1 | bad\|id | not \| UTF-8 |" in md  # table cells stay cells


def test_remove_temp_files_takes_only_the_writers_leftovers_of_the_names_given(tmp_path):
    for name in [
        ".manifest.json.ab_c12z9.tmp",
        ".manifest.json.keep",
        ".notes.txt.abcd1234.tmp",
        "manifest.json",
    ]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".manifest.json.dir12345.tmp").mkdir()
    assert remove_temp_files(tmp_path, "manifest\\.json") == [".manifest.json.ab_c12z9.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".manifest.json.dir12345.tmp",
        ".manifest.json.keep",
        ".notes.txt.abcd1234.tmp",
        "manifest.json",
    ]
    assert remove_temp_files(tmp_path / "missing", "x") == []


def test_starting_again_removes_a_killed_manifest_write_and_the_shards(tmp_path):
    store = ShardStore(tmp_path)
    store.start("abc", {}, 2, "20240101T000000Z")
    store.write_shard(0, 1, ["{}"])
    (tmp_path / ".manifest.json.k1ll3d00.tmp").write_text("{", encoding="utf-8")
    (tmp_path / "shards" / ".shard-000001.jsonl.gz.k1ll3d00.tmp").write_bytes(b"half")
    ShardStore(tmp_path).resume(ShardStore(tmp_path).load())
    assert [p.name for p in (tmp_path / "shards").iterdir()] == ["shard-000000.jsonl.gz"]
    (tmp_path / ".manifest.json.k1ll3d01.tmp").write_text("{", encoding="utf-8")
    ShardStore(tmp_path).start("def", {}, 2, "20240101T000000Z")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_folder_layout_the_store_cannot_use_is_an_output_error(tmp_path):
    (tmp_path / "shards").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match=r"shards is a file, but the build keeps its shards in a folder"):
        ShardStore(tmp_path).start("abc", {}, 2, "20240101T000000Z")
    assert (tmp_path / "shards").read_text(encoding="utf-8") == "mine"
    other = tmp_path / "other"
    (other / "manifest.json").mkdir(parents=True)
    with pytest.raises(OutputError, match=r"manifest.json is a folder, but the build writes its manifest"):
        ShardStore(other).reset()
