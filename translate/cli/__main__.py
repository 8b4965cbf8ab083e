"""``python -m translate.cli``: the same as the ``lintas`` command."""

from translate.cli import main

if __name__ == "__main__":
    main(prog_name="lintas")
