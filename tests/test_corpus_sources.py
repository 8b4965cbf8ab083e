"""Corpus inputs: JSONL pairs, folder pairs and monolingual documents, bad documents reported one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lintas.translate.corpus.sources import FolderPairs, MonolingualSource, PairsFile, sentences
from lintas.translate.errors import InputError


def test_pairs_file_reports_bad_lines_and_keeps_the_rest(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "src": "Halo dunia.", "tgt": "Hello world."}),
        "",  # blank lines are not documents
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "b", "src": "Halo."}),
        json.dumps({"id": "a", "src": "Lagi.", "tgt": "Again."}),
        json.dumps({"id": "c", "src": "   ", "tgt": "Empty source."}),
        json.dumps({"id": "d", "src": ["Satu.", "Dua."], "tgt": ["One.", "Two."]}),
        json.dumps({"id": True, "src": "x", "tgt": "y"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "e", "src": "\xff", "tgt": "x"}\n')
    docs = list(PairsFile(path).documents())
    assert [d.index for d in docs] == list(range(9))
    assert [d.doc_id for d in docs] == ["a", "line 3", "line 4", "b", "a", "c", "d", "line 9", "line 10"]
    errors = [d.error for d in docs]
    assert errors[0] is None and errors[6] is None
    assert "line 3: is not valid JSON" in errors[1]
    assert "line 4: is not a JSON object" in errors[2]
    assert 'line 5: has no "tgt"' in errors[3]
    assert "line 6: repeats the id 'a' of an earlier line" in errors[4]
    assert 'line 7: "src" is empty' in errors[5]
    assert '"id" must be a string or an integer' in errors[7]
    assert "line 10: is not UTF-8" in errors[8]
    assert docs[6].src == ["Satu.", "Dua."]


def test_pairs_file_resumes_at_a_document_index_and_still_sees_earlier_ids(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": i, "src": f"Kalimat {i}.", "tgt": f"Sentence {i}."}) for i in range(5)]
    lines[1] = "{broken"  # a bad line before the resume point must not shift the indices
    lines.append(json.dumps({"id": 2, "src": "x", "tgt": "y"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(PairsFile(path).documents(start=3))
    assert [(d.index, d.doc_id) for d in docs] == [(3, 3), (4, 4), (5, 2)]
    assert docs[-1].error is not None and "repeats the id 2" in docs[-1].error
    assert [d.doc_id for d in PairsFile(path).documents()][:3] == [0, "line 2", 2]


def test_missing_pairs_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        PairsFile(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="cannot read standard input"):
        PairsFile("-")


def make_folders(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "id", tmp_path / "en"
    (src / "sub").mkdir(parents=True)
    (tgt / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Halo dunia. Apa kabar?", encoding="utf-8")
    (tgt / "a.txt").write_text("Hello world. How are you?", encoding="utf-8")
    (src / "sub" / "b.md").write_text("# Judul\n\nIni **tebal**.", encoding="utf-8")
    (tgt / "sub" / "b.md").write_text("# Title\n\nThis is [bold](http://x).", encoding="utf-8")
    (src / "only-src.txt").write_text("Sendiri.", encoding="utf-8")
    (tgt / "only-tgt.txt").write_text("Alone.", encoding="utf-8")
    (src / "latin1.txt").write_bytes("Caf\xe9 itu buka.".encode("latin-1"))
    (tgt / "latin1.txt").write_text("The café is open.", encoding="utf-8")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    (tgt / "empty.txt").write_text("Not empty.", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tgt / "binary.txt").write_text("Text.", encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF")  # not a document suffix: ignored
    return src, tgt


def test_folder_pairs_match_names_and_report_each_bad_file(tmp_path):
    src, tgt = make_folders(tmp_path)
    source = FolderPairs(src, tgt)
    docs = {d.doc_id: d for d in source.documents()}
    assert source.size == len(docs) == 7
    assert list(docs) == sorted(docs)
    assert docs["a.txt"].error is None and docs["a.txt"].fmt == "text"
    assert docs["sub/b.md"].error is None and docs["sub/b.md"].fmt == "markdown"
    assert "has no partner in --tgt-dir" in docs["only-src.txt"].error
    assert "has no partner in --src-dir" in docs["only-tgt.txt"].error
    assert "is not UTF-8" in docs["latin1.txt"].error
    assert "is empty" in docs["empty.txt"].error
    assert "binary" in docs["binary.txt"].error
    assert [d.doc_id for d in source.documents(start=5)] == list(docs)[5:]


def test_folder_pairs_need_folders(tmp_path):
    with pytest.raises(InputError, match="--tgt-dir .* does not exist"):
        FolderPairs(tmp_path, tmp_path / "nope")


def test_markdown_tables_and_image_alt_texts_are_not_corpus_sentences():
    text = (
        "Harga naik.\n\n| Kota | Harga |\n|---|---|\n| Jakarta | mahal |\n\n![peta kota](p.png)\n\nSelesai."
    )
    assert sentences(text, "id", "markdown") == ["Harga naik.", "Selesai."]


def test_markdown_is_parsed_into_blocks_without_inline_markup():
    assert sentences(
        "# Judul Berita\n\nIni **tebal**. Lihat [tautan](http://x).\n\n- Butir satu", "id", "markdown"
    ) == [
        "Judul Berita",
        "Ini tebal.",
        "Lihat tautan.",
        "Butir satu",
    ]
    assert sentences(["Satu.", " ", "Dua."], "id") == ["Satu.", "Dua."]
    assert sentences("Halo dunia. Apa kabar?", "id") == ["Halo dunia.", "Apa kabar?"]


def test_monolingual_inputs_files_folders_and_jsonl(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "x.txt").write_text("Satu. Dua.", encoding="utf-8")
    (folder / "y.md").write_text("# Tiga", encoding="utf-8")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": "Empat."}),
                json.dumps({"id": f"{folder.as_posix()}/x.txt", "text": "Id yang sama."}),
                json.dumps({"id": "j2"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    source = MonolingualSource([folder, jsonl])
    docs = list(source.documents())
    x_id = (
        f"{folder.as_posix()}/x.txt"  # several inputs: a folder's files are named under the folder as given
    )
    assert [(d.index, d.doc_id) for d in docs] == [
        (0, x_id),
        (1, f"{folder.as_posix()}/y.md"),
        (2, "j1"),
        (3, x_id),
        (4, "j2"),
    ]
    assert docs[0].src == "Satu. Dua." and docs[1].fmt == "markdown" and docs[2].src == "Empat."
    assert f"repeats the id {x_id!r}" in docs[3].error
    assert 'has no "text"' in docs[4].error
    assert [d.index for d in source.documents(start=3)] == [3, 4]
    with pytest.raises(InputError, match="no such file or folder"):
        MonolingualSource([tmp_path / "nope"])


def test_two_folders_with_the_same_file_names_keep_both_documents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder, text in (("A", "Banjir melanda kota itu kemarin sore."), ("B", "Harga beras naik lagi.")):
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "a.md").write_text(text, encoding="utf-8")
        (tmp_path / folder / "sub" / "b.txt").write_text(text, encoding="utf-8")
    docs = list(MonolingualSource(["A", "B/"]).documents())
    assert [(d.doc_id, d.error) for d in docs] == [
        ("A/a.md", None),
        ("A/sub/b.txt", None),
        ("B/a.md", None),
        ("B/sub/b.txt", None),
    ]
    assert docs[2].src == "Harga beras naik lagi."
    # One folder alone keeps the ids relative to it, so existing builds keep theirs.
    assert [d.doc_id for d in MonolingualSource(["A"]).documents()] == ["a.md", "sub/b.txt"]


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_parquet_pairs_read_like_jsonl_and_shards_share_their_ids(tmp_path):
    rows = [
        {"id": "a", "src": "Halo dunia.", "tgt": "Hello world."},
        {"id": "b", "src": "Halo.", "tgt": None},  # a null cell is a missing field
        {"id": "a", "src": "Lagi.", "tgt": "Again."},
        {"id": "c", "src": "   ", "tgt": "Empty source."},
    ]
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(
        "".join(json.dumps({k: v for k, v in r.items() if v is not None}) + "\n" for r in rows),
        encoding="utf-8",
    )
    parquet = write_parquet(tmp_path / "docs.parquet", rows)
    from_jsonl, from_parquet = list(PairsFile(jsonl).documents()), list(PairsFile(parquet).documents())
    assert [(d.index, d.doc_id, d.src, d.tgt) for d in from_parquet] == [
        (d.index, d.doc_id, d.src, d.tgt) for d in from_jsonl
    ]
    assert [d.error for d in from_parquet] == [
        None,
        'docs.parquet: row 2: has no "tgt"; every line needs "id", "src", "tgt"',
        "docs.parquet: row 3: repeats the id 'a' of an earlier row; ids must be unique",
        'docs.parquet: row 4: "src" is empty',
    ]
    assert PairsFile(parquet).count() == PairsFile(jsonl).count() == 4

    shards = tmp_path / "shards"
    shards.mkdir()
    write_parquet(shards / "part-0.parquet", rows[:2])
    (shards / "part-1.jsonl").write_text(
        json.dumps({"id": "a", "src": "x", "tgt": "y"}) + "\n", encoding="utf-8"
    )
    (shards / "notes.txt").write_text("not a shard", encoding="utf-8")
    source = PairsFile(shards)
    docs = list(source.documents())
    assert [d.doc_id for d in docs] == ["a", "b", "a"] and source.count() == 3
    assert "part-1.jsonl: line 1: repeats the id 'a'" in docs[2].error  # ids are unique across shards
    assert [d.index for d in source.documents(start=2)] == [2]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no .jsonl or .parquet shards"):
        PairsFile(tmp_path / "empty")


def test_monolingual_parquet_input(tmp_path):
    path = write_parquet(
        tmp_path / "more.parquet", [{"id": "p1", "text": "Satu. Dua."}, {"id": "p2", "text": ""}]
    )
    docs = list(MonolingualSource([path]).documents())
    assert [(d.doc_id, d.src) for d in docs] == [("p1", "Satu. Dua."), ("p2", None)]
    assert 'more.parquet: row 2: "text" is empty' in docs[1].error
    assert MonolingualSource([path]).count() == 2
