"""The registry of every corpus filter: pair filters and deduplicators by name, and :func:`make_filter`.

A filter config (:mod:`lintas.translate.corpus.config`) names filters and their options; this module turns a name
and its options into a filter, and refuses an unknown name or option, so a misspelt key is an error, not a silently
ignored setting. A filter's options are its keyword-only constructor arguments (OpusFilter's convention), so the
example config and the errors list them straight from the classes.
"""

from __future__ import annotations

import inspect
from typing import Any

from lintas.translate.corpus.dedupe import DuplicateFilter, ExactDuplicateFilter, NormalizedDuplicateFilter
from lintas.translate.corpus.filter_errors import FilterConfigError
from lintas.translate.corpus.filters import (
    AlignmentScoreFilter,
    BoilerplateFilter,
    DegenerateTranslationFilter,
    JunkFilter,
    LanguageFilter,
    LengthFilter,
    LengthRatioFilter,
    NumbersFilter,
    PairFilter,
)

__all__ = ["DEDUP_FILTERS", "FILTERS", "PAIR_FILTERS", "filter_options", "make_filter"]


#: Pair filters by name, in the order they are applied (the first that fails is a pair's ``dropped_by``).
PAIR_FILTERS: dict[str, type[PairFilter]] = {
    cls.NAME: cls
    for cls in (
        LengthFilter,
        JunkFilter,
        BoilerplateFilter,
        LengthRatioFilter,
        AlignmentScoreFilter,
        NumbersFilter,
        LanguageFilter,
        DegenerateTranslationFilter,
    )
}
#: Corpus-level deduplicators by name, applied after the pair filters in this order.
DEDUP_FILTERS: dict[str, type[DuplicateFilter]] = {
    cls.NAME: cls for cls in (ExactDuplicateFilter, NormalizedDuplicateFilter)
}
#: Every filter name, in order.
FILTERS: dict[str, type] = {**PAIR_FILTERS, **DEDUP_FILTERS}


def filter_options(name: str) -> dict[str, Any]:
    """The options a filter takes and their defaults (what the example config documents)."""
    cls = FILTERS[name]
    params = inspect.signature(cls).parameters
    return {
        p.name: (list(p.default) if isinstance(p.default, tuple) else p.default)
        for p in params.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }


def make_filter(name: str, options: dict[str, Any] | None = None) -> PairFilter | DuplicateFilter:
    """Build the filter ``name`` with ``options``.

    Raises:
        FilterConfigError: unknown filter, unknown option, or an impossible value.
    """
    if name not in FILTERS:
        raise FilterConfigError(f"unknown filter {name!r}; known: {', '.join(FILTERS)}")
    options = dict(options or {})
    known = filter_options(name)
    unknown = sorted(set(options) - set(known))
    if unknown:
        hint = f"; {name} takes {', '.join(known)}" if known else f"; {name} takes no options"
        raise FilterConfigError(f"filter {name}: unknown option {unknown[0]!r}{hint}")
    try:
        return FILTERS[name](**options)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, FilterConfigError):
            raise
        raise FilterConfigError(f"filter {name}: bad option value ({exc})") from None
