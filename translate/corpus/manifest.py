"""Shards and the build manifest: what makes a corpus build resumable.

A build processes documents in input order, a shard of N documents at a time, and writes each shard's results
to ``OUT/shards/shard-NNNNNN.jsonl.gz`` (one JSON line per document) before it records the shard in
``OUT/manifest.json``. Both are written to a temporary file and renamed, and the manifest only ever lists
complete shards, so after a kill at any moment the manifest says exactly which documents are done: a rerun of the
same command skips them and carries on. A shard file that is not in the manifest (written just before the kill)
is simply written again.

The manifest also holds the build's *fingerprint*: a hash of the inputs (paths, sizes, modification times), the
filter config and every setting that changes the output. A rerun with a different fingerprint refuses to mix
two builds in one folder. And it holds the creation date that goes into the TMX header, so a resumed build
writes the same bytes as an uninterrupted one.

This module knows nothing about alignment or filters: it stores and returns JSON lines. The executor that makes
them (:mod:`lintas.translate.corpus.pipeline`) and the merge that reads them are separate.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lintas.translate import __version__
from lintas.translate.errors import OutputError

logger = logging.getLogger("lintas")

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "MANIFEST_NAME",
    "SHARD_DIR",
    "Manifest",
    "ShardInfo",
    "ShardStore",
    "fingerprint",
    "remove_temp_files",
]

#: Documents per shard: how much work a kill can lose, and how many documents are in memory at once.
DEFAULT_SHARD_SIZE = 500
MANIFEST_NAME = "manifest.json"
SHARD_DIR = "shards"
#: Bumped when the shard or manifest layout changes: an old unfinished build is then not resumed.
LAYOUT_VERSION = 1
#: The names of shard files (``shard-000042.jsonl.gz``), as a regular expression.
SHARD_NAME = r"shard-\d{6,}\.jsonl\.gz"


def fingerprint(settings: dict[str, Any]) -> str:
    """SHA-256 of ``settings`` as canonical JSON (sorted keys)."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class ShardInfo:
    """One finished shard: its file, the documents it holds (``first`` to ``first + documents - 1``), its hash."""

    file: str
    first: int
    documents: int
    sha256: str


@dataclass
class Manifest:
    """The state of one build in one output folder.

    Attributes:
        fingerprint: hash of the inputs and settings (see :func:`fingerprint`).
        settings: what the fingerprint was made of, for people reading the file.
        created: the build's creation date (TMX ``creationdate``), fixed at the first start.
        shard_size: documents per shard.
        shards: finished shards, in order.
        input_done: every input document is in a shard; only the merge is left.
        complete: the final files are written.
    """

    fingerprint: str
    settings: dict[str, Any]
    created: str
    shard_size: int
    shards: list[ShardInfo] = field(default_factory=list)
    input_done: bool = False
    complete: bool = False
    layout: int = LAYOUT_VERSION
    lintas: str = __version__

    @property
    def documents_done(self) -> int:
        """Documents held by finished shards: where the next shard starts."""
        return sum(s.documents for s in self.shards)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        data["shards"] = [ShardInfo(**s) for s in data.get("shards", [])]
        return cls(**data)


def remove_temp_files(folder: Path, names: str) -> list[str]:
    """Remove the temporary files a killed atomic write left in ``folder`` for files whose names match ``names``.

    :func:`lintas.translate.io.atomic_writer` writes ``.NAME.RANDOM.tmp`` next to ``NAME`` and renames it when done; a
    kill in between leaves it behind, and no later write ever reuses it. Only that pattern, for names the build
    itself writes (``names``, a regular expression), is removed: a user's other hidden files stay.

    Returns:
        The names removed.

    Raises:
        OutputError: a leftover cannot be removed.
    """
    pattern = re.compile(rf"\.(?:{names})\.[a-z0-9_]+\.tmp")
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be listed ({exc.strerror or exc})") from None
    removed = []
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise OutputError(f"{entry.path}: cannot be removed ({exc.strerror or exc})") from None
            removed.append(entry.name)
    if removed:
        logger.info("removed %d temporary files of an interrupted write in %s", len(removed), folder)
    return removed


def _write_atomic(path: Path, data: bytes) -> None:
    from lintas.translate.io import atomic_writer

    try:
        with atomic_writer(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None


class ShardStore:
    """The shards and manifest of one output folder.

    Args:
        out_dir: the build's output folder (created if missing).
    """

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.out_dir = Path(out_dir)
        self.manifest_path = self.out_dir / MANIFEST_NAME
        self.shard_dir = self.out_dir / SHARD_DIR
        self.manifest: Manifest | None = None

    # ----------------------------------------------------------------------------------------------- state
    def check_layout(self) -> None:
        """Refuse a folder where the names the build needs are taken by something it cannot use or remove.

        ``shards`` must be a folder and ``manifest.json`` a file; anything else there is not the build's to
        delete, so the user decides what to do with it (``--overwrite`` does not remove it either).

        Raises:
            OutputError: ``shards`` is a file or a link, or ``manifest.json`` is a folder.
        """
        shards, manifest = self.shard_dir, self.manifest_path
        if shards.is_symlink() or (shards.exists() and not shards.is_dir()):
            what = "a link" if shards.is_symlink() else "a file"
            raise OutputError(
                f"--output {self.out_dir}: {shards} is {what}, but the build keeps its shards in a folder of that "
                "name; move it away or choose another folder"
            )
        if manifest.is_dir() and not manifest.is_symlink():
            raise OutputError(
                f"--output {self.out_dir}: {manifest} is a folder, but the build writes its manifest file there; "
                "move it away or choose another folder"
            )

    def load(self) -> Manifest | None:
        """The manifest in the folder, or None when there is none (or it is from an older layout)."""
        if not self.manifest_path.is_file():
            return None
        try:
            manifest = Manifest.from_json(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            raise OutputError(
                f"{self.manifest_path}: is damaged; add --overwrite to start the build again"
            ) from None
        return manifest if manifest.layout == LAYOUT_VERSION else None

    def start(self, digest: str, settings: dict[str, Any], shard_size: int, created: str) -> Manifest:
        """Begin a fresh build: remove old shards, write a new manifest."""
        self.reset()
        self.manifest = Manifest(digest, settings, created, shard_size)
        self._save()
        return self.manifest

    def resume(self, manifest: Manifest) -> Manifest:
        """Carry on with ``manifest``: check that its shards are there and intact.

        Temporary files that a kill left in ``shards/`` (a shard or the manifest being written) are removed.

        Raises:
            OutputError: a listed shard is missing or its content changed.
        """
        remove_temp_files(self.out_dir, re.escape(MANIFEST_NAME))
        remove_temp_files(self.shard_dir, SHARD_NAME)
        for info in manifest.shards:
            path = self.shard_dir / info.file
            if not path.is_file() or _sha256(path) != info.sha256:
                raise OutputError(
                    f"{path}: is missing or damaged, so the build cannot be resumed; add --overwrite to start again"
                )
        self.manifest = manifest
        return manifest

    def reset(self) -> None:
        """Forget any previous build in the folder: its shards, its manifest, and temporary files a kill left.

        The final corpus files are the caller's (:mod:`lintas.translate.corpus.pipeline` removes them on
        ``--overwrite``); this store only knows its own.

        Raises:
            OutputError: the folder's layout is wrong (:meth:`check_layout`), or a file cannot be removed.
        """
        self.check_layout()
        try:
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(self.shard_dir)
            with contextlib.suppress(FileNotFoundError):
                self.manifest_path.unlink()
        except OSError as exc:
            raise OutputError(
                f"--output {self.out_dir}: the previous build cannot be removed ({exc.strerror or exc})"
            ) from None
        remove_temp_files(self.out_dir, re.escape(MANIFEST_NAME))
        self.manifest = None

    def _save(self) -> None:
        assert self.manifest is not None
        _write_atomic(self.manifest_path, self.manifest.to_json().encode("utf-8"))

    # ---------------------------------------------------------------------------------------------- shards
    def write_shard(self, first: int, documents: int, lines: Iterable[str]) -> ShardInfo:
        """Write one shard (JSON lines, one per document) and record it in the manifest.

        The shard is complete on disk before the manifest names it; if the process dies in between, the rerun
        writes the same shard again.
        """
        assert self.manifest is not None, "start() or resume() first"
        if first != self.manifest.documents_done:
            raise ValueError(f"shard starts at document {first}, expected {self.manifest.documents_done}")
        self.shard_dir.mkdir(parents=True, exist_ok=True)
        name = f"shard-{len(self.manifest.shards):06d}.jsonl.gz"
        payload = gzip.compress(
            "".join(line + "\n" for line in lines).encode("utf-8"), compresslevel=1, mtime=0
        )
        _write_atomic(self.shard_dir / name, payload)
        info = ShardInfo(name, first, documents, hashlib.sha256(payload).hexdigest())
        self.manifest.shards.append(info)
        self._save()
        return info

    def read(self) -> Iterator[str]:
        """Every document line of every finished shard, in document order."""
        assert self.manifest is not None
        for info in self.manifest.shards:
            with gzip.open(self.shard_dir / info.file, "rt", encoding="utf-8") as fh:
                for line in fh:
                    yield line.rstrip("\n")

    def finish_input(self) -> None:
        """Record that every input document is in a shard."""
        assert self.manifest is not None
        self.manifest.input_done = True
        self._save()

    def finish(self, *, keep_shards: bool = False) -> None:
        """Record that the final files are written; remove the shards unless asked to keep them.

        The manifest stays (small, and it documents how the corpus was made); with its shards gone, a rerun of
        the same command finds the build complete and does nothing.
        """
        assert self.manifest is not None
        self.manifest.complete = True
        self._save()
        if not keep_shards:
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(self.shard_dir)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
