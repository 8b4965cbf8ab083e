"""``python -m translate.cli``: the same as the ``lintas`` command."""

from translate.cli import main

main(prog_name="lintas")
