"""Command-line interface: a thin layer over the library.

:data:`main` is the ``lintas`` command. Each ``*_cmd`` module owns one command or group of commands, is imported
when one of its commands is looked up (:data:`lintas.translate.cli.groups.COMMAND_MODULES`), and keeps its heavy
imports inside the command function.
"""

from __future__ import annotations

from lintas.translate.cli.groups import main

__all__ = ["main"]
