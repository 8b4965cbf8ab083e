"""The ``lintas`` command and its sub-groups.

Command modules (``translate/cli/*_cmd.py``) import these groups and attach their commands to them, so each command
lives in a small module of its own and the heavy libraries (torch, transformers, ctranslate2) are imported only
inside the command that needs them. A command's module is itself imported only when the command is looked up
(:data:`COMMAND_MODULES`): ``lintas eval score`` does not pay for the options of ``corpus build`` or ``bench run``.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from lintas.translate import __version__
from lintas.translate.cli.renamed import RenamingCommand
from lintas.translate.errors import LintasError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


#: Where each command is defined: ``(group, command) -> module`` (``main`` is ``lintas`` itself). The module is
#: imported when its command is looked up; a test checks this table against the commands the modules attach.
COMMAND_MODULES: dict[tuple[str, str], str] = {
    ("main", "translate"): "translate_cmd",
    ("main", "segment"): "segment_cmd",
    ("main", "align"): "align_cmd",
    ("main", "env"): "env_cmd",
    ("eval", "score"): "eval_cmd",
    ("eval", "compare"): "eval_cmd",
    ("eval", "testsets"): "eval_cmd",
    ("eval", "align"): "align_cmd",
    ("bench", "run"): "bench_cmd",
    ("bench", "speed"): "speed_cmd",
    ("corpus", "build"): "corpus_cmd",
    ("corpus", "translate"): "corpus_cmd",
    ("lexicon", "build"): "align_cmd",
    ("cache", "stats"): "cache_cmd",
    ("cache", "clear"): "cache_cmd",
}


def load_command_module(module: str) -> None:
    """Import ``lintas.translate.cli.<module>``, which attaches its commands to the groups."""
    importlib.import_module(f"lintas.translate.cli.{module}")


class LintasGroup(click.Group):
    """A click group that turns :class:`LintasError` into one line on stderr and a non-zero exit code.

    Usage errors (an unknown option, a bad choice) get the same one line, ``lintas: <what> (see 'lintas
    COMMAND --help')``, exit code 2, instead of click's three-line usage block. Commands are loaded from
    :data:`COMMAND_MODULES` when they are looked up or listed. Its commands accept the old spellings of renamed
    options, with a warning (:class:`~lintas.translate.cli.renamed.RenamingCommand`).
    """

    command_class = RenamingCommand

    def _lazy(self) -> dict[str, str]:
        return {command: module for (group, command), module in COMMAND_MODULES.items() if group == self.name}

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: D102
        module = self._lazy().get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            load_command_module(module)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: D102
        for module in sorted(set(self._lazy().values())):
            load_command_module(module)
        return super().list_commands(ctx)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: D102
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx is not None else "lintas"
            click.echo(f"lintas: {exc.format_message()} (see '{path} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"lintas: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("lintas: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):  # noqa: D102 - click hook
        try:
            return super().invoke(ctx)
        except LintasError as exc:
            click.echo(f"lintas: {render_error(ctx, exc)}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("lintas: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `lintas ... | head`
            sys.exit(0)


def render_error(ctx: click.Context, exc: LintasError) -> str:
    """The error's message, naming its parameter by this command's flag for it.

    Generated options record their flags in ``ctx.meta`` (:mod:`lintas.translate.cli.options`); any other
    parameter is named ``--`` + its name with dashes.
    """
    if exc.param is None:
        return str(exc)
    flags = ctx.meta.get("lintas.flags", {})
    return exc.render(flags.get(exc.param) or "--" + exc.param.replace("_", "-"))


@click.group(cls=LintasGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="lintas")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """lintas: Indonesian→English translation and bitext toolkit.

    \b
    Translate an article:      lintas translate artikel.md -o article.en.md
    Split into sentences:      lintas segment artikel.txt --lang id
    Align a document pair:     lintas align doc.id.txt doc.en.txt --format tsv
    Score a translation:       lintas eval score hyp.txt --ref ref.txt

    Run `lintas COMMAND --help` for the options of each command.

    \b
    Exit codes: 0 done; 1 done, but some inputs were skipped (corpus, align --pairs);
    2 bad usage or input; 3 model or engine not available; 130 interrupted.
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="lintas: %(levelname)s: %(message)s", stream=sys.stderr
    )


@main.group(cls=LintasGroup, context_settings=CONTEXT_SETTINGS)
def eval() -> None:  # noqa: A001 - the command is called `lintas eval`
    """Score translations and alignments against references."""


@main.group(cls=LintasGroup, context_settings=CONTEXT_SETTINGS)
def bench() -> None:
    """Benchmark translation models for quality and speed."""


@main.group(cls=LintasGroup, context_settings=CONTEXT_SETTINGS)
def corpus() -> None:
    """Build parallel corpora from document pairs or monolingual documents."""


@main.group(cls=LintasGroup, context_settings=CONTEXT_SETTINGS)
def lexicon() -> None:
    """Build and inspect the bilingual lexicon used by the aligner."""


@main.group(cls=LintasGroup, context_settings=CONTEXT_SETTINGS)
def cache() -> None:
    """Inspect or clear the translation memory."""
