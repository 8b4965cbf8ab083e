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

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.corpus.filters import (
    DEDUP_FILTERS,
    FILTERS,
    PAIR_FILTERS,
    DuplicateFilter,
    FilterConfigError,
    PairFilter,
    filter_options,
    make_filter,
)
from translate.errors import InputError

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
            raise InputError(f"{path}: not valid YAML{where}; check the indentation and colons") from None
    if suffix == ".toml":
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: not valid TOML ({exc})") from None
    raise InputError(f"{path}: a filter config must end in .toml, .yaml or .yml")


def load_filter_config(path: str | os.PathLike[str] | None) -> FilterConfig:
    """Read and check a filter config; ``None`` gives the defaults.

    Raises:
        InputError: unreadable file, bad syntax, an unknown section, filter or option, or an impossible value.
    """
    if path is None:
        return FilterConfig()
    from translate.io import read_text

    p = Path(path)
    data = _parse(p, read_text(p))
    if not isinstance(data, dict):
        raise InputError(f"{p}: expected a table of filters at the top level, e.g. [filters.length]")
    extra = sorted(set(data) - {"filters"})
    if extra:
        raise InputError(f"{p}: unknown section {extra[0]!r}; the file holds only [filters.NAME] sections")
    filters = data.get("filters") or {}
    if not isinstance(filters, dict):
        raise InputError(f"{p}: 'filters' must be a table of filter sections, e.g. [filters.length]")
    options: dict[str, dict[str, Any]] = {}
    disabled: list[str] = []
    for name, section in filters.items():
        if name not in FILTERS:
            raise InputError(f"{p}: unknown filter {name!r}; known filters: {', '.join(FILTERS)}")
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise InputError(f"{p}: filters.{name} must be a table of options")
        section = dict(section)
        enabled = section.pop("enabled", True)
        if not isinstance(enabled, bool):
            raise InputError(f"{p}: filters.{name}.enabled must be true or false")
        try:
            make_filter(name, section)  # checks names and values now, before any document is read
        except FilterConfigError as exc:
            raise InputError(f"{p}: {exc}") from None
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
        "# Written by translate.corpus.config.example_config(); docs/corpus.md explains each filter.",
    ]
    for name, cls in FILTERS.items():
        lines += ["", f"# {cls.DESCRIPTION}", f"[filters.{name}]", "enabled = true"]
        for key, value in filter_options(name).items():
            if value is None and (name, key) == ("boilerplate", "rules"):
                from translate.boilerplate import RULE_NAMES

                lines.append(f"# {key} = {_toml_value(list(RULE_NAMES))}   # default: all of them")
            else:
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"
