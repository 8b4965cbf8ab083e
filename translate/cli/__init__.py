"""Command-line interface: a thin layer over the library.

Importing this package registers every command on :data:`main`. Each ``*_cmd`` module owns one command or group
of commands and keeps its heavy imports inside the command function.
"""

from __future__ import annotations

import importlib
import importlib.util

from lintas.translate.cli.groups import main

#: Command modules, imported for their side effect of attaching commands to the groups. A module that does not
#: exist yet is simply absent from the CLI.
_COMMAND_MODULES = (
    "lintas.translate.cli.translate_cmd",
    "lintas.translate.cli.segment_cmd",
    "lintas.translate.cli.align_cmd",
    "lintas.translate.cli.eval_cmd",
    "lintas.translate.cli.bench_cmd",
    "lintas.translate.cli.env_cmd",
    "lintas.translate.cli.cache_cmd",
    "lintas.translate.cli.speed_cmd",
    "lintas.translate.cli.corpus_cmd",
)

for _name in _COMMAND_MODULES:
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)

__all__ = ["main"]
