"""Progress bars on stderr, only where a person is watching."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any


class _NoBar:
    """Stands in for a tqdm bar when progress is off."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass


@contextlib.contextmanager
def progress_bar(*, total: int | None, unit: str, enabled: bool | None, desc: str = "") -> Iterator[Any]:
    """A tqdm bar on stderr when ``enabled`` (``None`` = when stderr is a terminal), else a no-op bar."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield _NoBar()
        return
    from tqdm.auto import tqdm

    with tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False, dynamic_ncols=True) as bar:
        yield bar
