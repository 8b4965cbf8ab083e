"""Options shared by every command that translates, defined once (their defaults come from the library)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import click

from lintas.translate.engines import ENGINE_NAMES
from lintas.translate.models import DEFAULT_MODEL


def translation_options(func: Callable | None = None, *, executors: tuple[str, ...] = ()) -> Callable:
    """Decorate a click command with model, engine and decoding options (see :class:`Translator`).

    Args:
        executors: further ``--engine`` values that name where the work runs rather than how a sentence is
            translated (``corpus translate --engine ray``); the command maps them to its executor.
    """
    if func is None:
        return lambda f: translation_options(f, executors=executors)
    engine_help = "Inference engine; auto picks CTranslate2 when installed."
    if executors:
        engine_help += f" {'/'.join(executors)}: the same as --executor {executors[0]}, with the auto engine."
    options = [
        click.option(
            "--model",
            "-m",
            default=DEFAULT_MODEL,
            show_default=True,
            help="Hub id or local folder of a Marian/seq2seq checkpoint.",
        ),
        click.option(
            "--engine",
            type=click.Choice([*ENGINE_NAMES, *executors]),
            default="auto",
            show_default=True,
            help=engine_help,
        ),
        click.option(
            "--compute-type",
            type=click.Choice(["auto", "int8", "int8_float32", "float32"]),
            default="auto",
            show_default=True,
            help="CTranslate2 weight type.",
        ),
        click.option(
            "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True
        ),
        click.option(
            "--threads",
            type=click.IntRange(min=1),
            default=None,
            help="CPU threads [default: cores available].",
        ),
        click.option(
            "--beam",
            "beam_size",
            type=click.IntRange(min=1),
            default=4,
            show_default=True,
            help="Beam size (1 = greedy).",
        ),
        click.option(
            "--batch-size",
            type=click.IntRange(min=1),
            default=32,
            show_default=True,
            help="Most sentences per batch.",
        ),
        click.option(
            "--max-batch-tokens",
            type=click.IntRange(min=1),
            default=4096,
            show_default=True,
            help="Most padded source tokens per batch.",
        ),
        click.option(
            "--max-input-length",
            "max_input_tokens",
            type=click.IntRange(min=8),
            default=None,
            help="Longest piece sent to the model in tokens; longer sentences are split, never "
            "truncated [default: the model's limit].",
        ),
        click.option(
            "--max-output-length",
            "max_output_tokens",
            type=click.IntRange(min=1),
            default=256,
            show_default=True,
            help="Most generated tokens per sentence.",
        ),
        click.option(
            "--fixed-output-length",
            "fixed_output_tokens",
            type=click.IntRange(min=1),
            default=None,
            help="Generate exactly N tokens per sentence: for speed benchmarks on random-weight models only.",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Do not read or write the translation memory (~/.cache/lintas/tm.sqlite3, or $LINTAS_CACHE_DIR).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def translator_from_options(opts: dict, **extra):
    """Build a :class:`~lintas.translate.translator.Translator` from the values of :func:`translation_options`."""
    from lintas.translate.cache import TranslationMemory
    from lintas.translate.translator import Translator

    extra.setdefault("cache", None if opts["no_cache"] else TranslationMemory())
    return Translator(
        opts["model"],
        engine=opts["engine"],
        device=opts["device"],
        threads=opts["threads"],
        compute_type=opts["compute_type"],
        beam_size=opts["beam_size"],
        batch_size=opts["batch_size"],
        max_batch_tokens=opts["max_batch_tokens"],
        max_input_tokens=opts["max_input_tokens"],
        max_output_tokens=opts["max_output_tokens"],
        fixed_output_tokens=opts["fixed_output_tokens"],
        progress=False if opts["quiet"] else None,
        **extra,
    )


TRANSLATION_OPTION_NAMES = (
    "model",
    "engine",
    "compute_type",
    "device",
    "threads",
    "beam_size",
    "batch_size",
    "max_batch_tokens",
    "max_input_tokens",
    "max_output_tokens",
    "fixed_output_tokens",
    "no_cache",
    "quiet",
)


def pop_translation_options(kwargs: dict) -> dict:
    """Remove and return the translation options from a command's keyword arguments.

    A test fixture given as ``--model`` (random weights, :mod:`lintas.translate.fixtures`) is named in a warning: its
    output must never pass for a translation.
    """
    import logging

    from lintas.translate.fixtures import fixture_note

    opts = {name: kwargs.pop(name) for name in TRANSLATION_OPTION_NAMES}
    note = fixture_note(opts["model"])
    if note:
        logging.getLogger("lintas").warning("%s", note)
    return opts


@contextlib.contextmanager
def mt_model_errors() -> Iterator[None]:
    """Model errors of an ``--mt`` model name ``--mt`` in their remedy (the library's advice says ``--model``)."""
    from lintas.translate.errors import ModelNotAvailableError

    try:
        yield
    except ModelNotAvailableError as exc:
        raise ModelNotAvailableError(str(exc).replace("use --model PATH", "use --mt PATH")) from None
