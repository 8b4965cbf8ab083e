"""lintas.eval.testsets and `lintas eval testsets`: the registry matches the shipped files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintas.eval.testsets import DATA_DIR, get_testset, list_testsets, load_references
from lintas.translate.cli import main
from lintas.translate.errors import InputError

NAMES = [
    "flores200-dev",
    "flores200-devtest",
    "tico19-dev",
    "tico19-test",
    "tatoeba-test",
    "nusax-valid",
    "nusax-test",
]


def count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def test_registry_names_in_order() -> None:
    assert [ts.name for ts in list_testsets()] == NAMES


def test_data_dir_is_the_repo_folder() -> None:
    assert DATA_DIR == Path(__file__).resolve().parents[1] / "data" / "testsets"


@pytest.mark.parametrize("name", NAMES)
def test_sizes_are_counted_from_the_files(name: str) -> None:
    ts = get_testset(name)
    assert ts.source_path.is_file() and ts.reference_path.is_file()
    assert ts.size == count_lines(ts.source_path) == count_lines(ts.reference_path)
    assert len(ts.source_lines()) == len(ts.reference_lines()) == ts.size
    assert ts.direction == "id→en"
    assert ts.original in {"en", "id", "mixed"}
    assert ts.license and ts.domain


@pytest.mark.parametrize("name", NAMES)
def test_docids_where_present(name: str) -> None:
    ts = get_testset(name)
    ids = ts.docids()
    if name.startswith(("flores200", "tico19")):
        assert ids is not None and len(ids) == ts.size and all(ids)
    else:
        assert ids is None and ts.docid_path is None


def test_documents_group_consecutive_ids_and_keep_every_pair() -> None:
    ts = get_testset("tico19-test")
    docs = ts.documents()
    assert [pair for _, pairs in docs for pair in pairs] == ts.sentence_pairs()
    ids = ts.docids()
    assert [doc_id for doc_id, _ in docs] == [d for j, d in enumerate(ids) if j == 0 or ids[j - 1] != d]
    assert len(docs) > 1 and all(pairs for _, pairs in docs)
    with pytest.raises(InputError, match="'tatoeba-test' has no document ids"):
        get_testset("tatoeba-test").documents()


def test_original_side_is_recorded() -> None:
    assert get_testset("flores200-devtest").original == "en"
    assert get_testset("tico19-test").original == "en"
    assert get_testset("nusax-test").original == "id"
    assert get_testset("tatoeba-test").original == "mixed"


def test_first_lines_are_the_files_first_lines() -> None:
    ts = get_testset("nusax-valid")
    first_src = ts.source_path.read_text(encoding="utf-8").split("\n")[0].rstrip()
    assert ts.source_lines()[0] == first_src


def test_unknown_name_lists_the_valid_ones() -> None:
    with pytest.raises(InputError) as err:
        get_testset("flores")
    for name in NAMES:
        assert name in str(err.value)


def test_missing_data_folder_is_one_clear_error(tmp_path, monkeypatch) -> None:
    shutil.copytree(DATA_DIR / "nusax_mt", tmp_path / "nusax_mt")
    (tmp_path / "nusax_mt" / "test.eng").unlink()
    monkeypatch.setenv("LINTAS_TESTSETS_DIR", str(tmp_path))
    ts = get_testset("nusax-test")
    assert len(ts.source_lines()) == 400
    with pytest.raises(InputError, match="test.eng is missing; install lintas from a source checkout"):
        ts.reference_lines()


def test_load_references() -> None:
    streams, names = load_references([], "nusax-valid")
    assert len(streams) == 1 and len(streams[0]) == 100 and names == ["nusax-valid references"]
    with pytest.raises(InputError, match="not both"):
        load_references(["ref.txt"], "nusax-valid")
    with pytest.raises(InputError, match="no reference"):
        load_references([], None)


def test_cli_table_and_json() -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["eval", "testsets"])
    assert table.exit_code == 0, table.output
    for name in NAMES:
        assert any(line.startswith(name + " ") for line in table.stdout.splitlines())
    assert " 1012 " in table.stdout  # flores200-devtest, counted from the file
    data = json.loads(runner.invoke(main, ["eval", "testsets", "--json"]).stdout)
    assert [d["name"] for d in data] == NAMES
    by_name = {d["name"]: d for d in data}
    assert by_name["tico19-test"]["size"] == count_lines(get_testset("tico19-test").source_path)
    assert by_name["nusax-test"]["original"] == "id" and by_name["nusax-test"]["docids"] is False
