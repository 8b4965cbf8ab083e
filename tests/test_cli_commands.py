"""The lazily loaded commands: the table of where each command lives matches what the modules attach."""

from __future__ import annotations

import pkgutil

import click
from click.testing import CliRunner

import lintas.translate.cli as cli_package
from lintas.translate.cli import main
from lintas.translate.cli.groups import COMMAND_MODULES, load_command_module


def _registered() -> set[tuple[str, str]]:
    for info in pkgutil.iter_modules(cli_package.__path__):
        if info.name.endswith("_cmd"):
            load_command_module(info.name)
    found = set()
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            found |= {(name, sub) for sub in command.commands}
        else:
            found.add(("main", name))
    return found


def test_every_command_is_in_the_table_and_every_entry_is_a_command() -> None:
    assert _registered() == set(COMMAND_MODULES)


def test_each_table_entry_names_the_module_that_defines_the_command() -> None:
    _registered()
    for (group, name), module in COMMAND_MODULES.items():
        parent = main if group == "main" else main.commands[group]
        assert isinstance(parent, click.Group)
        assert parent.commands[name].callback.__module__ == f"lintas.translate.cli.{module}", (group, name)


def test_help_lists_every_group_command() -> None:
    for group in {g for g, _ in COMMAND_MODULES}:
        args = ["--help"] if group == "main" else [group, "--help"]
        output = CliRunner().invoke(main, args).output
        for g, name in COMMAND_MODULES:
            if g == group:
                assert f"  {name} " in output or f"  {name}\n" in output, (group, name)
