"""Every numeric option has a bound (issue 19, item 5): absurd values are one line and exit 2, never a segfault or
hours of work; thread and process counts are lowered to 4 per core with a warning, and the work still runs."""

from __future__ import annotations

import json
import logging

import click
import pytest
from click.testing import CliRunner

from lintas.translate import parallelism
from lintas.translate.cli import main
from lintas.translate.config import MAX_BEAM, TranslatorConfig
from lintas.translate.errors import InputError

#: Numeric options that have no upper bound on purpose: a larger value costs nothing (it only means "all").
UNBOUNDED = {"--limit", "--worst", "--min-count", "--num-refs", "--sentences", "--smooth-value"}
#: Counts lowered to the machine's bound instead of refused (:mod:`lintas.translate.parallelism`).
LOWERED = {"--threads"}


def _numeric_options():
    def walk(group, path):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, click.Group):
                yield from walk(command, (*path, name))
                continue
            for option in command.params:
                if isinstance(option.type, click.IntRange | click.FloatRange):
                    yield (*path, name), option

    return list(walk(main, ()))


NUMERIC = _numeric_options()


def _flag(option: click.Option) -> str:
    return next(o for o in option.opts if o.startswith("--"))


def test_every_numeric_option_is_bounded_or_listed_as_costless():
    assert len(NUMERIC) > 40
    for path, option in NUMERIC:
        flag = _flag(option)
        if flag in UNBOUNDED | LOWERED:
            continue
        assert option.type.max is not None, f"{' '.join(path)} {flag} has no upper bound"


@pytest.mark.parametrize(
    ("path", "option"),
    [(p, o) for p, o in NUMERIC if o.type.max is not None],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else _flag(v),
)
def test_a_value_above_the_bound_is_one_line_and_exit_2(path, option):
    too_big = option.type.max + 1
    result = CliRunner().invoke(main, [*path, _flag(option), str(too_big)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert _flag(option) in result.output and "range" in result.output


def test_the_library_refuses_the_same_values():
    with pytest.raises(InputError, match="at most 128"):
        TranslatorConfig(beam_size=MAX_BEAM + 1)
    assert TranslatorConfig(beam_size=MAX_BEAM).beam_size == MAX_BEAM


def test_bench_speed_bounds_each_listed_value():
    result = CliRunner().invoke(main, ["bench", "speed", "--model", "m", "--beam", "1,4,100000"])
    assert result.exit_code == 2 and "--beam must be whole numbers of at most 128" in result.output


def test_counts_above_four_per_core_are_lowered_with_one_warning(monkeypatch, caplog):
    monkeypatch.setattr(parallelism, "available_cores", lambda: 2)
    with caplog.at_level(logging.WARNING, logger="lintas"):
        assert parallelism.bounded(8, "threads") == 8
        assert not caplog.records
        assert parallelism.bounded(100_000, "threads") == 8
    assert len(caplog.records) == 1
    assert "100000 threads asked for" in caplog.text and "using 8" in caplog.text


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_translate_with_100000_threads_runs_on_the_bounded_count(engine, tiny_model_dir, tmp_path, caplog):
    """The issue's reproduction: CTranslate2 segfaulted (exit 139), transformers blamed a damaged model folder."""
    import torch

    source = tmp_path / "in.txt"
    source.write_text("Saya makan nasi.\n", encoding="utf-8")
    before = torch.get_num_threads()
    try:
        with caplog.at_level(logging.WARNING, logger="lintas"):
            result = CliRunner().invoke(
                main,
                ["translate", str(source), "-o", str(tmp_path / "out.txt"), "--model", str(tiny_model_dir)]
                + ["--engine", engine, "--threads", "100000", "--no-cache", "-q", "--max-output-length", "8"],
            )
        if engine == "transformers":
            assert torch.get_num_threads() == parallelism.available_cores() * parallelism.MAX_PER_CORE
    finally:
        torch.set_num_threads(before)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").strip()
    assert "100000 threads asked for" in caplog.text


def test_corpus_build_with_100000_workers_runs_on_the_bounded_count(tmp_path, caplog):
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"id": f"d{i}", "src": "Satu. Dua.", "tgt": "One. Two."} for i in range(4)]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="lintas"):
        result = CliRunner().invoke(
            main, ["corpus", "build", "--pairs", str(pairs), "-o", str(tmp_path / "c"), "-j", "4096", "-q"]
        )
    assert result.exit_code == 0, result.output
    assert "4096 worker processes asked for" in caplog.text
    assert (tmp_path / "c" / "corpus.jsonl").is_file()
