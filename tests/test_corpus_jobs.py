"""The corpus use cases as library calls give what the commands give, with the same checks and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_corpus_cli import CORPUS_FILES, lintas, write_pairs

from lintas.translate.config import TranslatorConfig
from lintas.translate.corpus.jobs import AlignOptions, OutputOptions, build_from_pairs, translate_documents
from lintas.translate.corpus.runners import RunOptions, executor_of_engine
from lintas.translate.errors import InputError

pytestmark = pytest.mark.usefixtures("fixed_date")


def test_build_from_pairs_writes_the_files_the_command_writes(tmp_path: Path):
    pairs = write_pairs(tmp_path / "docs.jsonl", 6)
    cli = lintas(
        "corpus", "build", "--pairs", pairs, "-o", tmp_path / "cli", "-q", "--shard-size", "2", "-j", "2"
    )
    assert cli.exit_code == 0, cli.output
    result = build_from_pairs(
        pairs=pairs,
        output=OutputOptions(out=tmp_path / "lib", shard_size=2),
        run=RunOptions(workers=2),
        progress=False,
    )
    for name in CORPUS_FILES:
        assert (tmp_path / "lib" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert result.skipped == 0
    assert f"lintas: {result.summary()}\n".replace(str(tmp_path / "lib"), str(tmp_path / "cli")) == cli.output
    assert result.summary().startswith(f"wrote {tmp_path / 'lib'}: ")
    again = build_from_pairs(
        pairs=pairs, output=OutputOptions(out=tmp_path / "lib", shard_size=2), progress=False
    )
    assert again.already_built and again.summary().startswith("already holds ")


def test_align_options_reach_the_aligner(tmp_path: Path):
    pairs = write_pairs(tmp_path / "docs.jsonl", 3)
    result = build_from_pairs(
        pairs=pairs,
        output=OutputOptions(out=tmp_path / "out"),
        align=AlignOptions(no_lexicon=True, max_bead=3),
        progress=False,
    )
    cli = lintas(
        "corpus", "build", "--pairs", pairs, "-o", tmp_path / "cli", "-q", "--no-lexicon", "--max-bead", 3
    )
    assert cli.exit_code == 0, cli.output
    assert (tmp_path / "out" / "corpus.tsv").read_bytes() == (tmp_path / "cli" / "corpus.tsv").read_bytes()
    default = build_from_pairs(pairs=pairs, output=OutputOptions(out=tmp_path / "default"), progress=False)
    assert result.stats["settings"] != default.stats["settings"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir"),
        ({"src_dir": "a"}, "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir"),
        ({"pairs": "p.jsonl", "src_dir": "a"}, "give either --pairs or --src-dir/--tgt-dir, not both"),
    ],
)
def test_build_from_pairs_refuses_no_input_or_two(tmp_path: Path, kwargs, message):
    with pytest.raises(InputError, match=message):
        build_from_pairs(output=OutputOptions(out=tmp_path / "out"), **kwargs)
    assert not (tmp_path / "out").exists()


def test_output_options_need_a_folder_and_run_options_name_the_parameter():
    with pytest.raises(InputError, match="^out is required"):
        OutputOptions()
    with pytest.raises(InputError, match="^address needs --executor ray"):
        RunOptions(address="auto")


def test_translate_documents_refuses_workers_without_ray(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Selamat pagi.\n", encoding="utf-8")
    with pytest.raises(InputError, match="^workers needs --executor ray"):
        translate_documents(
            [tmp_path / "a.txt"], TranslatorConfig(model="x"), output=OutputOptions(out=tmp_path / "o"),
            run=RunOptions(workers=2),
        )  # fmt: skip
    assert not (tmp_path / "o").exists()


def test_engine_ray_means_the_ray_executor_with_the_auto_engine():
    assert executor_of_engine("ray", "local", executor_given=False) == ("auto", "ray")
    assert executor_of_engine("ctranslate2", "local", executor_given=True) == ("ctranslate2", "local")
    with pytest.raises(InputError, match="contradict"):
        executor_of_engine("ray", "local", executor_given=True)
