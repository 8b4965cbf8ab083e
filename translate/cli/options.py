"""Click options generated from the library's typed configs, so every option is defined once.

:func:`config_options` turns the fields of a config dataclass (:class:`~lintas.translate.config.TranslatorConfig`,
:class:`~lintas.eval.config.EvalConfig`) into click options: the flag, default, type, range, choices and help all
come from the field (:mod:`lintas.translate.option_spec`). :func:`config_from` builds the config back from the
parsed values. Every command that translates uses :func:`translation_options`, with the fields it needs.

Each generated option records which config field it fills and under which flag (``ctx.meta``), so that a library
error about a parameter (:class:`~lintas.translate.errors.LintasError` ``param``) names the flag of *this*
command: ``--mt`` in ``lintas align``, ``--model`` in ``lintas translate``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import click

from lintas.translate.cli.renamed import ChoiceWithOldValues, RenamedOption
from lintas.translate.config import TranslatorConfig
from lintas.translate.option_spec import flag_of, option_spec

C = TypeVar("C")

#: ``ctx.meta`` key: library parameter -> this command's flag.
FLAGS_META = "lintas.flags"


def _field_type(config_cls: type, field: dataclasses.Field) -> type:
    """The field's type without ``| None`` (``int | None`` -> ``int``)."""
    hint = typing.get_type_hints(config_cls)[field.name]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return args[0]
    return hint


def records_flag(param: str, flag: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _option: click.Parameter, value: Any) -> Any:
        ctx.meta.setdefault(FLAGS_META, {})[param] = flag
        return value

    return callback


def _click_option(
    config_cls: type,
    field: dataclasses.Field,
    *,
    prefix: str,
    flag: str | None,
    old_values: tuple[str, ...],
    override: Mapping[str, Any],
    extra_names: tuple[str, ...] = (),
    renamed_from: tuple[str, ...] = (),
) -> Callable:
    spec = option_spec(field)
    assert spec is not None, f"{config_cls.__name__}.{field.name} has no option()"
    long = flag or flag_of(field)
    dest = prefix + field.name
    kind = _field_type(config_cls, field)
    default = field.default
    help_text = spec.help
    if default is None and spec.default_text:
        help_text += f" [default: {spec.default_text}]"
    kwargs: dict[str, Any] = {
        "default": default,
        "show_default": default is not None,
        "help": help_text,
        "callback": records_flag(field.name, long),
        "cls": RenamedOption,
        # A command that spells the field its own way (`--mt`) does not inherit the field's old spellings.
        "renamed_from": (*(() if flag else spec.renamed_from), *renamed_from),
    }
    if spec.required:
        kwargs.update(required=True, default=None, show_default=False)
    kwargs.update(override)  # a command's own default or help for this field (`--mt` is off unless given)
    names = [long, *(() if flag else spec.aliases), *extra_names]
    if kind is bool and not spec.negatable:
        kwargs.update(is_flag=True, show_default=False)
        return click.option(*names, dest, **kwargs)
    if kind is bool:
        negative = "--no-" + long[2:]
        return click.option(f"{long}/{negative}", dest, **kwargs)
    if spec.choices is not None:
        kwargs["type"] = ChoiceWithOldValues(spec.choices, old_values)
    elif kind is int:
        kwargs["type"] = click.IntRange(
            min=None if spec.minimum is None else int(spec.minimum),
            max=None if spec.maximum is None else int(spec.maximum),
        )
    elif kind is float:
        kwargs["type"] = click.FloatRange(min=spec.minimum, max=spec.maximum, min_open=spec.exclusive_minimum)
    if spec.metavar:
        kwargs["metavar"] = spec.metavar
    return click.option(*names, dest, **kwargs)


def config_options(
    config_cls: type,
    *,
    only: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    prefix: str = "",
    flags: Mapping[str, str] | None = None,
    old_values: Mapping[str, tuple[str, ...]] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    renamed: Mapping[str, tuple[str, ...]] | None = None,
) -> Callable[[Callable], Callable]:
    """A decorator adding one click option per field of ``config_cls``.

    Args:
        only: the fields to offer (in the config's order), default all.
        exclude: fields not offered.
        prefix: prefix of the parameter names (``mt_`` for ``align --mt``: the values arrive as ``mt_model``).
        flags: field -> flag, for a command that spells a field its own way (``model`` -> ``--mt``).
        old_values: field -> values no longer offered but still accepted, hidden (``corpus translate --engine
            ray``): the command warns and says what to write instead.
        overrides: field -> click keyword arguments replacing the generated ones (``{"model": {"default":
            None, "help": ...}}`` for an option that is off unless given).
        aliases: field -> further flags this command accepts and shows.
        renamed: field -> old spellings this command still accepts, hidden, with a deprecation warning
            (``corpus build --engine`` for ``--executor``; :mod:`lintas.translate.cli.renamed`).
    """
    wanted = set(only) if only is not None else None
    fields = [
        f
        for f in dataclasses.fields(config_cls)
        if (wanted is None or f.name in wanted) and f.name not in set(exclude) and option_spec(f)
    ]
    decorators = [
        _click_option(
            config_cls,
            f,
            prefix=prefix,
            flag=(flags or {}).get(f.name),
            old_values=(old_values or {}).get(f.name, ()),
            override=(overrides or {}).get(f.name, {}),
            extra_names=(aliases or {}).get(f.name, ()),
            renamed_from=(renamed or {}).get(f.name, ()),
        )
        for f in fields
    ]

    def decorate(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


def config_from(config_cls: type[C], kwargs: dict[str, Any], *, prefix: str = "", **changes: Any) -> C:
    """Pop the values of ``config_cls``'s options (named ``prefix + field``) from ``kwargs`` into a config."""
    names = [f.name for f in dataclasses.fields(config_cls)]  # type: ignore[arg-type]  # a config dataclass
    values = {name: kwargs.pop(prefix + name) for name in names if prefix + name in kwargs}
    return config_cls(**{**values, **changes})


def translation_options(
    func: Callable | None = None,
    *,
    only: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    executors: tuple[str, ...] = (),
    quiet: bool = True,
) -> Callable:
    """Decorate a command with the :class:`~lintas.translate.config.TranslatorConfig` options (and ``--quiet``).

    Args:
        only, exclude: as in :func:`config_options`.
        executors: old ``--engine`` values that name where the work runs rather than how a sentence is
            translated (``corpus translate --engine ray``), still accepted, hidden; the command maps them to its
            executor and warns.
        quiet: add ``--quiet/-q`` (no progress bar).
    """
    if func is None:
        return lambda f: translation_options(f, only=only, exclude=exclude, executors=executors, quiet=quiet)
    func = config_options(
        TranslatorConfig,
        only=only,
        exclude=exclude,
        old_values={"engine": executors} if executors else None,
    )(func)
    if quiet:
        func = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(func)
    return func


def mt_options(func: Callable) -> Callable:
    """``--mt MODEL`` and ``--mt-engine``: the MT scorer's model of ``lintas align`` and ``corpus build``."""
    return config_options(
        TranslatorConfig,
        only=("model", "engine"),
        prefix="mt_",
        flags={"model": "--mt", "engine": "--mt-engine"},
        overrides={
            "model": {
                "default": None,
                "show_default": False,
                "metavar": "MODEL",
                "help": "Also compare a machine translation of the source when aligning (slower).",
            },
            "engine": {"help": "Engine for --mt."},
        },
    )(func)


def pop_translator_config(kwargs: dict[str, Any], **changes: Any) -> TranslatorConfig:
    """The :class:`~lintas.translate.config.TranslatorConfig` of a command's parsed values (removed from
    ``kwargs``). A test fixture given as ``--model`` (random weights, :mod:`lintas.translate.fixtures`) is named
    in a warning: its output must never pass for a translation."""
    import logging

    from lintas.translate.fixtures import fixture_note

    config = config_from(TranslatorConfig, kwargs, **changes)
    note = fixture_note(config.model)
    if note:
        logging.getLogger("lintas").warning("%s", note)
    return config


def scoring_options(func: Callable) -> Callable:
    """sacrebleu's scoring options (``--tokenize``, ``--smooth-method``, ``--chrf-beta``, ``--ter-*``...), from
    :class:`~lintas.eval.metric_options.MetricOptions`: the same on ``eval score``, ``eval compare`` and
    ``bench run``."""
    from lintas.eval.metric_options import MetricOptions

    return config_options(MetricOptions)(func)
