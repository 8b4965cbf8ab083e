"""The CTranslate2 conversion cache: where conversions live, who may write one, what a killed one leaves behind.

Layout of ``ct2/`` in lintas's cache folder (:func:`lintas.translate.cache.cache_root`)::

    <key>/               a finished conversion: model.bin, the tokenizer's files, lintas-source.json
    .<key>.<random>/     a conversion being written (staging); renamed to <key> only once complete

and beside it ``ct2.locks/<key>.lock``, held (flock) by the process converting <key> from before its staging folder
is made until after that folder is renamed or removed (apart, so that ``ct2/`` holds conversions only).

The key is ``<model fingerprint>-ct2_<converter version>-<compute type>`` (:func:`conversion_key`).

Why a lock: two processes that need one model's first conversion at once (two corpus workers, two shells) would
both spend minutes converting; with the lock the second waits and then uses the first's result. The same lock tells
a live staging folder from a dead one: the kernel releases a flock when its process dies, even by ``kill -9``, so a
staging folder whose key nobody holds was left by a killed run and is removed; one whose lock is held is being
written and is kept. A lock, not a pid file: pids are reused, and differ between containers sharing a cache.
Where a filesystem has no locks (some network mounts), conversions still never collide (each writes its own
staging folder, and the rename is atomic), but two may convert at once, and a staging folder counts as dead only
after :data:`STALE_WITHOUT_LOCKS` seconds untouched.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from lintas.translate.cache import (
    FIX_LOCATION,
    CacheUnusableError,
    cache_root,
    folder_problem,
    nearest_existing,
)

try:
    import fcntl
except ImportError:  # Windows: no flock
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger("lintas")

#: The file in each conversion that records the model folder, fingerprint and settings it was made from.
CONVERSION_SOURCE = "lintas-source.json"
#: The suffix of the lock folder's name: ``ct2.locks`` beside ``ct2``.
LOCKS_SUFFIX = ".locks"
#: Where there are no locks, a staging folder untouched this long (seconds) is taken for a dead run's.
STALE_WITHOUT_LOCKS = 24 * 3600.0

_KEY = re.compile(r"^(?P<fingerprint>.+)-ct2_(?P<ctranslate2>[^-]+)-(?P<compute_type>[^-]+)$")


class LockState(enum.Enum):
    """What :func:`conversion_lock` got."""

    HELD = "held"
    BUSY = "busy"  # another process holds it (only when not waiting)
    UNAVAILABLE = "unavailable"  # no locks on this platform or filesystem: go ahead unprotected


def conversion_cache_dir() -> Path:
    """Where converted models live: ``ct2`` in lintas's cache folder."""
    return cache_root() / "ct2"


def conversion_key(fingerprint: str, ctranslate2_version: str, compute_type: str) -> str:
    """The folder name of a conversion: a new model, converter or compute type never reuses an old one."""
    return f"{fingerprint}-ct2_{ctranslate2_version}-{compute_type}"


def locks_dir(root: Path) -> Path:
    """The lock files of the conversion folder ``root``."""
    return root.with_name(root.name + LOCKS_SUFFIX)


def _lock_path(root: Path, key: str) -> Path:
    return locks_dir(root) / f"{key}.lock"


def _acquire(path: Path, wait: bool) -> int | LockState:
    """An open file descriptor holding ``path``'s exclusive flock, or why there is none."""
    assert fcntl is not None
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:  # another user's lock file in a shared cache: flock needs no write access
            fd = os.open(path, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    os.close(fd)
                    return LockState.BUSY
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                logger.warning(
                    "waiting for process %s, which is converting the same model (%s)", holder, path
                )
                fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # ENOLCK, EOPNOTSUPP: a filesystem without locks
            os.close(fd)
            return LockState.UNAVAILABLE
        except BaseException:  # interrupted while waiting
            os.close(fd)
            raise
        # `lintas cache clear --conversions` removes lock files it holds: if this one went while we waited, the
        # lock we got protects nothing; lock the file that is there now.
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                with contextlib.suppress(OSError):  # for the message of whoever waits next; not essential
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                return fd
        os.close(fd)


@contextlib.contextmanager
def conversion_lock(
    key: str, *, root: Path | None = None, wait: bool = True, remove: bool = False
) -> Iterator[LockState]:
    """Hold the lock of conversion ``key`` for the ``with`` block; yields what it got (:class:`LockState`).

    ``wait=False`` yields ``BUSY`` at once if another process holds it. ``remove=True`` deletes the lock file
    before letting go (a waiter then locks a new one): for ``cache clear``.

    Raises:
        OSError: the lock file cannot be made (the cache folder is not writable).
    """
    if fcntl is None:
        yield LockState.UNAVAILABLE
        return
    path = _lock_path(root or conversion_cache_dir(), key)
    path.parent.mkdir(parents=True, exist_ok=True)
    got = _acquire(path, wait)
    if isinstance(got, LockState):
        yield got
        return
    try:
        yield LockState.HELD
    finally:
        if remove:
            with contextlib.suppress(OSError):
                path.unlink()
        os.close(got)  # releases the flock


def in_progress(key: str, root: Path | None = None) -> bool | None:
    """Whether a live process holds ``key``'s lock now (None: cannot tell, no locks here). Writes nothing."""
    if fcntl is None:
        return None
    try:
        fd = os.open(_lock_path(root or conversion_cache_dir(), key), os.O_RDONLY)
    except FileNotFoundError:
        return False  # a converter makes its lock file before its staging folder
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)
    return False


def make_staging(root: Path, key: str) -> Path:
    """A new, empty staging folder for conversion ``key`` (made while holding its lock).

    Raises:
        OSError: ``root`` is not writable.
    """
    return Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))


def _staging(root: Path) -> dict[str, list[Path]]:
    """Staging folders (``.<key>.<random>``) by key."""
    found: dict[str, list[Path]] = {}
    if not root.is_dir():
        return found
    for entry in os.scandir(root):
        name = entry.name
        if name.startswith(".") and "." in name[1:] and entry.is_dir(follow_symlinks=False):
            found.setdefault(name[1:].rsplit(".", 1)[0], []).append(Path(entry.path))
    return found


def _last_touched(folder: Path) -> float:
    """The newest modification time of ``folder`` and the folders in it (a file made anywhere updates one)."""
    newest = 0.0
    for dirpath, _dirs, _files in os.walk(folder):
        with contextlib.suppress(OSError):
            newest = max(newest, os.stat(dirpath).st_mtime)
    return newest


def _is_stale(folder: Path, live: bool | None) -> bool:
    if live is None:
        return time.time() - _last_touched(folder) > STALE_WITHOUT_LOCKS
    return not live


def remove_stale_staging(root: Path | None = None, *, held: str | None = None) -> list[Path]:
    """Remove the staging folders that no live process is writing; returns those removed.

    ``held``: a key whose lock the caller holds and that it has not made a staging folder for yet, so any staging
    folder of that key is a dead run's (the caller's own lock would otherwise make them look live).
    """
    root = root or conversion_cache_dir()
    removed = []
    for key, folders in _staging(root).items():
        live = False if key == held else in_progress(key, root)
        for folder in folders:
            if _is_stale(folder, live):
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    removed.append(folder)
    if removed:
        logger.info("removed %d unfinished conversion(s) left by killed runs in %s", len(removed), root)
    return removed


@dataclass(frozen=True)
class Conversion:
    """One cached conversion, as ``lintas cache stats`` shows it.

    ``source`` and ``fingerprint`` come from its ``lintas-source.json`` (None for a conversion made before lintas
    wrote one); ``ctranslate2`` and ``compute_type`` fall back to its folder name.
    """

    key: str
    path: str
    bytes: int
    complete: bool  # model.bin is there; an incomplete one is converted again on its next use
    source: str | None
    fingerprint: str | None
    ctranslate2: str | None
    compute_type: str | None

    def to_dict(self) -> dict:
        return asdict(self)


def _tree_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def _read_conversion(folder: Path) -> Conversion:
    made_from: dict = {}
    with contextlib.suppress(OSError, ValueError):
        loaded = json.loads((folder / CONVERSION_SOURCE).read_text(encoding="utf-8"))
        made_from = loaded if isinstance(loaded, dict) else {}
    parsed = _KEY.match(folder.name)
    from_key = parsed.groupdict() if parsed else {}

    def field(name: str) -> str | None:
        value = made_from.get(name) or from_key.get(name)
        return str(value) if value else None

    return Conversion(
        key=folder.name,
        path=str(folder),
        bytes=_tree_bytes(folder),
        complete=(folder / "model.bin").is_file(),
        source=made_from.get("source"),
        fingerprint=field("fingerprint"),
        ctranslate2=field("ctranslate2"),
        compute_type=field("compute_type"),
    )


def _check_readable(root: Path, action: str) -> bool:
    """Whether ``root`` exists as a folder; raises if it cannot (a file in its place), False if simply absent."""
    if root.is_dir():
        return True
    if not nearest_existing(root).is_dir():
        raise CacheUnusableError(
            f"cannot {action} the CTranslate2 conversions: {folder_problem(root)}; {FIX_LOCATION}"
        )
    return False


def list_conversions(root: Path | None = None) -> list[Conversion]:
    """Every conversion in the cache (not the staging folders), largest first.

    Raises:
        CacheUnusableError: the conversion folder is not a folder or cannot be read.
    """
    root = root or conversion_cache_dir()
    if not _check_readable(root, "list"):
        return []
    try:
        folders = [Path(e.path) for e in os.scandir(root) if not e.name.startswith(".") and e.is_dir()]
    except OSError as exc:
        raise CacheUnusableError(
            f"cannot list the CTranslate2 conversions: {root} is not readable ({exc.strerror or exc})"
        ) from None
    return sorted((_read_conversion(f) for f in folders), key=lambda c: (-c.bytes, c.key))


def conversion_stats(root: Path | None = None) -> dict:
    """What ``lintas cache stats`` shows of the conversions; changes nothing.

    ``unfinished`` counts staging folders: ``stale`` ones a killed run left (the next conversion or ``cache clear
    --conversions`` removes them), ``in_progress`` ones being written now.
    """
    root = root or conversion_cache_dir()
    conversions = list_conversions(root)
    stale = live = stale_bytes = 0
    for key, folders in _staging(root).items():
        running = in_progress(key, root)
        for folder in folders:
            if _is_stale(folder, running):
                stale += 1
                stale_bytes += _tree_bytes(folder)
            else:
                live += 1
    problem = folder_problem(root)
    return {
        "path": str(root),
        "entries": len(conversions),
        "bytes": sum(c.bytes for c in conversions),
        "writable": problem is None,
        "problem": problem,
        "conversions": [c.to_dict() for c in conversions],
        "unfinished": {"stale": stale, "stale_bytes": stale_bytes, "in_progress": live},
    }


@dataclass(frozen=True)
class Cleared:
    """What :func:`clear_conversions` did."""

    removed: int
    bytes: int
    stale: int  # unfinished conversions of killed runs removed
    in_progress: int  # conversions being written now, kept


def clear_conversions(root: Path | None = None) -> Cleared:
    """Delete every conversion, keeping only those another process is converting right now.

    Each is moved aside (hidden) before it is deleted, under its lock, so a process looking for it finds the
    whole folder or none, and one starting to convert it waits for the deletion instead of racing it.

    Raises:
        CacheUnusableError: the conversion folder is not writable (nothing is deleted).
    """
    root = root or conversion_cache_dir()
    if not _check_readable(root, "clear"):
        return Cleared(0, 0, 0, 0)
    problem = folder_problem(root)
    if problem:
        raise CacheUnusableError(f"cannot clear the CTranslate2 conversions: {problem}; {FIX_LOCATION}")
    by_key = {c.key: c for c in list_conversions(root)}
    locked = {p.name[: -len(".lock")] for p in locks_dir(root).glob("*.lock")}
    removed = size = busy = 0
    for key in sorted(by_key.keys() | locked):
        with conversion_lock(key, root=root, wait=False, remove=True) as state:
            if state is LockState.BUSY:
                busy += 1
                continue
            conversion = by_key.get(key)
            if conversion is not None:
                # A staging folder's name: if the deletion is cut short, what is left is cleaned as stale.
                aside = root / f".{key}.removing{os.getpid()}"
                try:
                    Path(conversion.path).rename(aside)
                except OSError as exc:
                    raise CacheUnusableError(
                        f"cannot remove the conversion {conversion.path} ({exc.strerror or exc})"
                    ) from None
                shutil.rmtree(aside, ignore_errors=True)
                removed += 1
                size += conversion.bytes
    stale = len(remove_stale_staging(root))
    return Cleared(removed=removed, bytes=size, stale=stale, in_progress=busy)
