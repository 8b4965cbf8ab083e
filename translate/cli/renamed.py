"""Old spellings of options: still accepted for a release, hidden from ``--help``, with a deprecation warning.

lintas spells one concept one way on every command (``-o/--output``, ``--workers``, ``--max-output-length``,
``--engine`` for the inference engine, ``-m`` for ``--model``). Spellings that earlier releases used
(``--out``, ``--output-dir``, ``--num-workers``, ``--max-output-tokens``, ``--fixed-length``, ``corpus build
--engine``, ``eval -m``) stay accepted so scripts keep working, but they are not declared as click options: a
declared alias would show in ``--help`` and teach the old name. Instead an option carries its old spellings
(:class:`RenamedOption`) and :class:`RenamingCommand` rewrites them to the current flag before click parses the
command line, saying once per spelling which flag to use instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import click

__all__ = ["ChoiceWithOldValues", "RenamedOption", "RenamingCommand", "renamed_flags", "rewrite_renamed"]

log = logging.getLogger("lintas")


class ChoiceWithOldValues(click.Choice):
    """A choice that still accepts ``old`` values (``corpus translate --engine ray``) without listing them in
    ``--help`` or in its error message; the command warns when one is used (it knows what it now means)."""

    def __init__(self, choices: Sequence[str], old: Sequence[str] = ()) -> None:
        super().__init__(list(choices))
        self.old = tuple(old)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:  # noqa: D102
        if value in self.old:
            return value
        return super().convert(value, param, ctx)


class RenamedOption(click.Option):
    """A click option that also answers to ``renamed_from``: older spellings, hidden, warned about when used."""

    def __init__(self, *args: Any, renamed_from: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renamed_from = tuple(renamed_from)


def _current_flag(option: click.Option) -> str:
    """The flag an old spelling is rewritten to: the option's first long flag (``--output``, not ``-o``)."""
    return next((o for o in option.opts if o.startswith("--")), option.opts[0])


def renamed_flags(command: click.Command) -> dict[str, str]:
    """Old spelling -> current flag, for every option of ``command``.

    Raises:
        AssertionError: an old spelling is also a current flag of the command (it could never reach the old one).
    """
    current = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    renames: dict[str, str] = {}
    for param in command.params:
        for old in getattr(param, "renamed_from", ()):
            assert old not in current, f"{command.name}: {old} is both current and renamed"
            renames[old] = _current_flag(param)  # type: ignore[arg-type]  # a RenamedOption is an Option
    return renames


def rewrite_renamed(args: Sequence[str], renames: dict[str, str], command_path: str) -> list[str]:
    """``args`` with each old spelling (``--out DIR``, ``--out=DIR``) replaced by its current flag.

    Arguments after ``--`` are left alone (they are file names, not options). Each old spelling used is named in
    one warning.
    """
    out: list[str] = []
    warned: set[str] = set()
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            out.append(arg)
            out.extend(rest)
            break
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        new = renames.get(name)
        if new is None:
            out.append(arg)
            continue
        if name not in warned:
            warned.add(name)
            log.warning(
                "%s: %s is deprecated and will be removed in a later release; use %s", command_path, name, new
            )
        out.append(f"{new}{eq}{value}")
    return out


class RenamingCommand(click.Command):
    """A command whose :class:`RenamedOption` options accept their old spellings (see the module docstring)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:  # noqa: D102 - click hook
        renames = renamed_flags(self)
        if renames:
            # "eval score", not "lintas eval score": the log line already starts with "lintas:".
            args = rewrite_renamed(args, renames, ctx.command_path.partition(" ")[2] or ctx.command_path)
        return super().parse_args(ctx, args)
