"""Whole-file SHA-256 of model weights, remembered by path, size, modification time and inode.

A model's fingerprint (:func:`lintas.translate.models.model_fingerprint`) keys the CTranslate2 conversion cache and
the translation memory, so it must change whenever any byte of the weights changes: a fine-tune that rewrites only
middle tensors, at the same size, is another model. Hashing every byte of a 300 MB checkpoint costs about a second,
so the digest is kept in ``fingerprints.json`` of lintas's cache folder and reused while the file's size,
``mtime_ns`` and inode are unchanged (what ``make`` and ``rsync`` trust too). A cache folder that cannot be written
only costs the hashing time again, never a wrong digest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

logger = logging.getLogger("lintas")

#: Files at most this large are hashed every time (config, tokenizer files): cheaper than a cache look-up.
SMALL_FILE = 4 << 20
#: The memo's file name in :func:`lintas.translate.cache.cache_root`.
MEMO_NAME = "fingerprints.json"
#: Entries kept in the memo (the most recently used).
MEMO_ENTRIES = 2000

_LOCK = threading.Lock()


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _memo_path() -> Path:
    from lintas.translate.cache import cache_root

    return cache_root() / MEMO_NAME


def _load(memo: Path) -> dict[str, dict]:
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of every byte of ``path`` (hex), from the memo while the file is unchanged."""
    file = Path(path)
    st = file.stat()
    if st.st_size <= SMALL_FILE:
        return _digest(file)
    key = os.path.realpath(file)
    stamp = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}
    memo = _memo_path()
    with _LOCK:
        entries = _load(memo)
        known = entries.get(key)
        if (
            isinstance(known, dict)
            and all(known.get(k) == v for k, v in stamp.items())
            and known.get("sha256")
        ):
            return str(known["sha256"])
        sha = _digest(file)
        entries.pop(key, None)
        entries[key] = {**stamp, "sha256": sha}
        _save(memo, dict(list(entries.items())[-MEMO_ENTRIES:]))
    return sha


def _save(memo: Path, entries: dict[str, dict]) -> None:
    from lintas.translate.io import atomic_writer

    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(memo) as fh:
            fh.write(json.dumps(entries, indent=0, sort_keys=False) + "\n")
    except OSError as exc:
        logger.debug("cannot remember file hashes in %s (%s); they are computed again next time", memo, exc)
