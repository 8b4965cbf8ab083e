"""Typed option metadata on config dataclasses: one place per option for its default, type, limits and help.

A library config (:class:`~lintas.translate.config.TranslatorConfig`, :class:`~lintas.eval.config.EvalConfig`)
declares each field with :func:`option`; the CLI generates its click options from those fields
(:func:`lintas.translate.cli.options.config_options`), so a default, a range or a help text is written once and
the library and every command agree. Nothing here imports click: the library does not depend on its CLI.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

#: The key of :class:`OptionSpec` in a dataclass field's metadata.
METADATA_KEY = "lintas.option"


@dataclass(frozen=True)
class OptionSpec:
    """How a config field appears on the command line.

    Attributes:
        help: one sentence for ``--help`` (the default is appended by the CLI).
        flag: the long flag (default: ``--`` + the field name with dashes).
        aliases: further accepted flags shown in ``--help`` (a short ``-o``).
        renamed_from: older spellings, accepted with a deprecation warning and hidden from ``--help``
            (:mod:`lintas.translate.cli.renamed`).
        choices: the accepted values of a text option.
        minimum: the least accepted value of a number (itself excluded with ``exclusive_minimum``).
        maximum: the largest accepted value of a number.
        metavar: the placeholder shown in ``--help``.
        default_text: what ``--help`` says for a ``None`` default (``cores available``).
        required: the command line must give it (a library caller gets a ``None`` default refused).
        negatable: a boolean is offered as ``--x/--no-x``; False: a plain ``--x`` flag for a default-off switch.
    """

    help: str
    flag: str | None = None
    aliases: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None
    metavar: str | None = None
    default_text: str | None = None
    required: bool = False
    negatable: bool = True


def option(default: Any, help: str, **spec: Any) -> Any:
    """A dataclass field with a default and its :class:`OptionSpec` (keyword arguments as there)."""
    return dataclasses.field(default=default, metadata={METADATA_KEY: OptionSpec(help, **spec)})


def option_spec(field: dataclasses.Field) -> OptionSpec | None:
    """The :class:`OptionSpec` of ``field``, or ``None`` for a field that is not a command-line option."""
    return field.metadata.get(METADATA_KEY)


def flag_of(field: dataclasses.Field) -> str:
    """The long flag of an option field."""
    spec = option_spec(field)
    return (spec.flag if spec and spec.flag else None) or "--" + field.name.replace("_", "-")


def check_option_values(config: Any) -> None:
    """Refuse values outside a field's choices or below its minimum, naming the parameter (one-line InputError)."""
    from lintas.translate.errors import InputError

    for field in dataclasses.fields(config):
        spec = option_spec(field)
        value = getattr(config, field.name)
        if spec is None or value is None:
            continue
        if spec.choices is not None and value not in spec.choices:
            raise InputError(
                f"{{param}} must be one of {', '.join(spec.choices)}, got {value!r}", param=field.name
            )
        if spec.minimum is not None:
            kind = float if isinstance(spec.minimum, float) else int
            bad_type = isinstance(value, bool) or not isinstance(
                value, (int, float) if kind is float else int
            )
            too_small = value <= spec.minimum if spec.exclusive_minimum else value < spec.minimum
            if bad_type or too_small:
                what = "a number" if kind is float else "a whole number"
                bound = "above" if spec.exclusive_minimum else "of at least"
                raise InputError(
                    f"{{param}} must be {what} {bound} {spec.minimum}, got {value!r}", param=field.name
                )
        if spec.maximum is not None and value > spec.maximum:
            raise InputError(f"{{param}} must be at most {spec.maximum}, got {value!r}", param=field.name)
