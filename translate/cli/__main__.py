"""``python -m lintas.translate.cli``: the same as the ``lintas`` command."""

from lintas.translate.cli import main

if __name__ == "__main__":
    main(prog_name="lintas")
