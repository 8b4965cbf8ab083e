"""Record files for corpus tests: document rows written as the JSONL that ``--pairs`` and ``corpus translate`` read."""

from __future__ import annotations

import json
from pathlib import Path

#: A line that is not JSON: the build skips it as a malformed document, keeping every later position.
BROKEN_LINE = '{"id": "broken", "src": '


def write_jsonl(path: Path, rows: list[dict], *, broken_at: int | None = None) -> Path:
    """Write ``rows`` one JSON object a line; ``broken_at`` inserts :data:`BROKEN_LINE` before that row."""
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    if broken_at is not None:
        lines.insert(broken_at, BROKEN_LINE)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path
