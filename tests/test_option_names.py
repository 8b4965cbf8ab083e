"""One option name per concept on every command (issue 19, item 8), old spellings hidden but still accepted.

The walk over every command checks the rules on what is declared now; the table of old spellings checks that each
one still parses to exactly what its new spelling gives, says which flag to use instead, and is not in ``--help``.
"""

from __future__ import annotations

import logging
import re

import click
import pytest
from click.testing import CliRunner

from lintas.translate.cli import main
from lintas.translate.cli.renamed import rewrite_renamed
from lintas.translate.config import ENGINE_NAMES

#: Spellings of earlier releases: none may be a declared flag any more.
RETIRED = {"--out", "--output-dir", "--num-workers", "--max-output-tokens", "--fixed-length"}


def _commands(group: click.Group = main, path: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(_commands())


def _options(command: click.Command):
    return [p for p in command.params if isinstance(p, click.Option)]


def test_the_walk_sees_every_command():
    assert {"translate", "align", "segment"} <= {path[-1] for path in COMMANDS}
    assert len(COMMANDS) >= 15


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_one_spelling_per_concept(path):
    command = COMMANDS[path]
    for option in _options(command):
        flags = set(option.opts) | set(option.secondary_opts)
        assert not flags & RETIRED, f"{' '.join(path)} declares {flags & RETIRED}"
        if "-m" in flags:
            assert "--model" in flags, f"{' '.join(path)}: -m is {option.opts}, not --model"
        if "-o" in flags:
            assert "--output" in flags, f"{' '.join(path)}: -o is {option.opts}, not --output"
        if option.name in ("out", "output", "output_dir"):
            assert "--output" in flags
        if option.name == "workers":
            assert flags == {"-j", "--workers"}
        if "--engine" in flags:  # the inference engine, never where the work runs
            assert isinstance(option.type, click.Choice) and set(option.type.choices) <= set(ENGINE_NAMES)


#: (command, arguments it needs, old spelling and value, new spelling and value).
OLD_SPELLINGS = [
    (("corpus", "build"), ["--pairs", "p.jsonl"], ["--out", "corpus"], ["--output", "corpus"]),
    (("corpus", "build"), ["--pairs", "p.jsonl", "-o", "c"], ["--engine", "ray"], ["--executor", "ray"]),
    (("corpus", "build"), ["--pairs", "p.jsonl", "-o", "c"], ["--num-workers", "3"], ["--workers", "3"]),
    (("corpus", "translate"), ["a.txt"], ["--out=synthetic"], ["--output=synthetic"]),
    (("corpus", "translate"), ["a.txt", "-o", "s"], ["--num-workers", "2"], ["-j", "2"]),
    (("bench", "run"), ["--model", "m"], ["--output-dir", "report"], ["-o", "report"]),
    (("translate",), ["a.txt"], ["--max-output-tokens", "64"], ["--max-output-length", "64"]),
    (("translate",), ["a.txt"], ["--fixed-length", "8"], ["--fixed-output-length", "8"]),
    (("bench", "speed"), ["--model", "m"], ["--fixed-length", "8"], ["--fixed-output-length", "8"]),
    (("eval", "score"), ["h.txt", "--ref", "r.txt"], ["-m", "chrf"], ["--metrics", "chrf"]),
    (("eval", "compare"), ["h.txt", "g.txt", "--ref", "r.txt"], ["-m", "ter"], ["--metrics", "ter"]),
]


def _params(path, args):
    command = COMMANDS[path]
    with command.make_context(" ".join(path), list(args)) as ctx:
        return dict(ctx.params)


@pytest.mark.parametrize(("path", "needed", "old", "new"), OLD_SPELLINGS, ids=lambda v: " ".join(v))
def test_an_old_spelling_parses_as_the_new_one_with_a_warning(path, needed, old, new, caplog):
    with caplog.at_level(logging.WARNING, logger="lintas"):
        via_new = _params(path, [*needed, *new])
        assert not caplog.records
        via_old = _params(path, [*needed, *old])
    assert via_old == via_new
    flag = old[0].partition("=")[0]
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert f"{flag} is deprecated" in message and "use --" in message
    help_text = COMMANDS[path].get_help(click.Context(COMMANDS[path]))
    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_text) is None, f"{flag} is in --help"


def test_rewriting_leaves_file_names_after_a_double_dash_and_warns_once(caplog):
    renames = {"--out": "--output", "-m": "--metrics"}
    with caplog.at_level(logging.WARNING, logger="lintas"):
        args = rewrite_renamed(
            ["-m", "bleu", "--out", "a", "--out=b", "--", "--out", "-m"], renames, "lintas x"
        )
    assert args == ["--metrics", "bleu", "--output", "a", "--output=b", "--", "--out", "-m"]
    assert [r.getMessage().split(":")[1].split()[0] for r in caplog.records] == ["-m", "--out"]


def test_engine_ray_is_hidden_from_help_and_the_choice_error(tmp_path):
    help_text = CliRunner().invoke(main, ["corpus", "translate", "--help"]).output
    assert "[auto|transformers|ctranslate2]" in help_text and "ctranslate2|ray" not in help_text
    (tmp_path / "a.txt").write_text("Halo.", encoding="utf-8")
    bad = CliRunner().invoke(
        main, ["corpus", "translate", str(tmp_path / "a.txt"), "-o", "x", "--engine", "rya"]
    )
    assert bad.exit_code == 2 and "'ray'" not in bad.output


def test_an_old_spelling_runs_end_to_end(tmp_path, caplog):
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("a cat sat\n", encoding="utf-8")
    ref.write_text("a cat sat\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="lintas"):
        old = CliRunner().invoke(main, ["eval", "score", str(hyp), "--ref", str(ref), "-m", "chrf", "--json"])
    new = CliRunner().invoke(
        main, ["eval", "score", str(hyp), "--ref", str(ref), "--metrics", "chrf", "--json"]
    )
    assert old.exit_code == new.exit_code == 0
    assert old.stdout == new.stdout
    assert "-m is deprecated" in caplog.text and "use --metrics" in caplog.text
