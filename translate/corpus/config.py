"""The filter config of the corpus builder: one TOML or YAML file, a section per filter.

Every filter runs with its defaults unless the file says otherwise, so an empty file (or none) is a sensible
config, and a file only needs the settings a user wants to change::

    [filters.length]
    max_words = 80

    [filters.language]
    src = ["id"]          # Indonesian only: also drops what the detector calls Malay

    [filters.numbers]
    enabled = false

The same in YAML: ``filters: {length: {max_words: 80}, numbers: {enabled: false}}``. Unknown sections, filters
and options are errors that name the file and the fix, because a misspelt threshold that is silently ignored
builds a corpus nobody asked for. ``data/corpus/filters.example.toml`` lists every filter with its defaults
(:func:`example_config` writes it).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintas.translate.corpus.dedupe import DuplicateFilter
from lintas.translate.corpus.filter_errors import FilterConfigError
from lintas.translate.corpus.filter_registry import (
    DEDUP_FILTERS,
    FILTERS,
    PAIR_FILTERS,
    filter_options,
    make_filter,
)
from lintas.translate.corpus.filters import PairFilter
from lintas.translate.errors import InputError

__all__ = ["FilterConfig", "example_config", "load_filter_config"]


@dataclass(frozen=True)
class FilterConfig:
    """Which filters run and with which options. Plain data, so it pickles into worker processes.

    Attributes:
        options: options given for a filter, by filter name (filters not named run with their defaults).
        disabled: names of filters switched off with ``enabled = false``.
        source: the file it came from ("" for the defaults).
    """

    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    disabled: tuple[str, ...] = ()
    source: str = ""

    def enabled(self) -> list[str]:
        """Names of the filters that run, in the order they are applied."""
        return [name for name in FILTERS if name not in self.disabled]

    def pair_filters(self) -> list[PairFilter]:
        """Fresh instances of the enabled pair filters, in order."""
        return [make_filter(n, self.options.get(n)) for n in PAIR_FILTERS if n not in self.disabled]  # type: ignore[misc]

    def dedup_filters(self) -> list[DuplicateFilter]:
        """Fresh (empty) deduplicators, in order."""
        return [make_filter(n, self.options.get(n)) for n in DEDUP_FILTERS if n not in self.disabled]  # type: ignore[misc]

    def resolved(self) -> dict[str, dict[str, Any] | None]:
        """Every filter with the options it runs with (defaults filled in), ``None`` when disabled.

        This is what the build manifest fingerprints and ``stats.json`` records.
        """
        out: dict[str, dict[str, Any] | None] = {}
        for name in FILTERS:
            if name in self.disabled:
                out[name] = None
                continue
            opts = filter_options(name)
            for key, value in self.options.get(name, {}).items():
                opts[key] = list(value) if isinstance(value, tuple) else value
            out[name] = opts
        return out


def _parse(path: Path, text: str) -> Any:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise InputError(
                f"--config {path}: not valid YAML{where}; check the indentation and colons"
            ) from None
    if suffix == ".toml":
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"--config {path}: not valid TOML ({exc})") from None
    raise InputError(f"--config {path}: a filter config must end in .toml, .yaml or .yml")


def _shown(value: Any) -> str:
    """A config value as the user wrote it, for messages: strings quoted, booleans in TOML spelling."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _type_problem(value: Any, default: Any) -> str | None:
    """What is wrong with the type of ``value`` for an option whose default is ``default``, or None.

    The filters would take almost anything (``"id"`` as a list of letters, ``true`` as 1, NaN as a threshold no
    pair can fail) and fail later, or never, with a message about Python; the default's type says what is meant.
    A boolean is not a number, a number must be finite, and a list of strings must be a list (a default of None
    stands for a list of names, as ``boilerplate.rules``).
    """
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(default, int):
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number"
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "must be a number"
        return None if math.isfinite(value) else "must be a finite number"
    if isinstance(default, str):
        return None if isinstance(value, str) else "must be a string"
    if isinstance(default, (list, tuple)) or default is None:
        if value is None and default is None:
            return None  # YAML's null: the default
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return None
        return 'must be a list of strings, such as ["id"]'
    return None


def _check_types(where: str, name: str, section: dict[str, Any]) -> None:
    """Check every option of ``filters.NAME`` against the type of its default (unknown options are left to
    :func:`~lintas.translate.corpus.filter_registry.make_filter`, which names the known ones).

    Raises:
        InputError: an option of the wrong type, NaN or infinite.
    """
    defaults = filter_options(name)
    for key, value in section.items():
        if key not in defaults:
            continue
        problem = _type_problem(value, defaults[key])
        if problem is not None:
            raise InputError(f"{where}: filters.{name}.{key} {problem}, got {_shown(value)}")


def load_filter_config(path: str | os.PathLike[str] | None) -> FilterConfig:
    """Read and check a filter config; ``None`` gives the defaults.

    Raises:
        InputError: unreadable file, bad syntax, an unknown section, filter or option, or an impossible value.
    """
    if path is None:
        return FilterConfig()
    from lintas.translate.io import read_text

    p = Path(path)
    where = f"--config {p}"
    try:
        text = read_text(p)
    except InputError as exc:
        raise InputError(f"--config {exc}") from None
    data = _parse(p, text)
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a table of filters at the top level, e.g. [filters.length]")
    extra = sorted(set(data) - {"filters"})
    if extra:
        raise InputError(
            f"{where}: unknown section {extra[0]!r}; the file holds only [filters.NAME] sections"
        )
    filters = data.get("filters") or {}
    if not isinstance(filters, dict):
        raise InputError(f"{where}: 'filters' must be a table of filter sections, e.g. [filters.length]")
    options: dict[str, dict[str, Any]] = {}
    disabled: list[str] = []
    for name, section in filters.items():
        if name not in FILTERS:
            raise InputError(f"{where}: unknown filter {name!r}; known filters: {', '.join(FILTERS)}")
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise InputError(f"{where}: filters.{name} must be a table of options")
        section = dict(section)
        enabled = section.pop("enabled", True)
        if not isinstance(enabled, bool):
            raise InputError(f"{where}: filters.{name}.enabled must be true or false")
        _check_types(where, name, section)
        try:
            make_filter(name, section)  # checks names and values now, before any document is read
        except FilterConfigError as exc:
            raise InputError(f"{where}: {exc}") from None
        if not enabled:
            disabled.append(name)
        if section:
            options[name] = section
    return FilterConfig(options=options, disabled=tuple(n for n in FILTERS if n in disabled), source=str(p))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def example_config() -> str:
    """A TOML config listing every filter, its description and its default options (all enabled).

    ``data/corpus/filters.example.toml`` is this text; a test keeps the two equal.
    """
    lines = [
        "# Filter config for `lintas corpus build` / `lintas corpus translate` (--config FILE).",
        "# Every filter is listed with its default options; a real config only needs what it changes.",
        "# Switch a filter off with `enabled = false`. Filters run in this order; deduplication comes last.",
        "# Written by lintas.translate.corpus.config.example_config(); docs/corpus.md explains each filter.",
    ]
    for name, cls in FILTERS.items():
        description = getattr(cls, "DESCRIPTION", "")  # pair filters and deduplicators both declare one
        lines += ["", f"# {description}", f"[filters.{name}]", "enabled = true"]
        for key, value in filter_options(name).items():
            if value is None and (name, key) == ("boilerplate", "rules"):
                from lintas.translate.documents.boilerplate import RULE_NAMES

                lines.append(f"# {key} = {_toml_value(list(RULE_NAMES))}   # default: all of them")
            else:
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"
