"""Where lintas's shipped data lives: one place, for the source tree and for an installed wheel alike.

The product card keeps the data in the top-level ``data/`` folder, next to ``translate/``; pyproject installs it
as ``lintas/data`` next to ``lintas/translate``. Either way it is the sibling of this package's folder.
"""

from __future__ import annotations

from pathlib import Path

#: The shipped data folder (``data/`` in a checkout, ``lintas/data`` in an installed wheel).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

#: The shipped test sets (``data/testsets``, see its README for sources and licenses).
TESTSETS_DIR = DATA_DIR / "testsets"
