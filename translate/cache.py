"""Translation memory: a persistent SQLite cache of translated sentences.

Re-running ``lintas translate`` on an article it has seen translates nothing new; a corpus job killed half way
keeps what it finished. A translation is only reused under the same *scope*: model fingerprint, engine, compute
type and decoding options (:meth:`Translator._cache_scope` builds it), so changing any of them never serves a stale
translation.

Durability and concurrency: WAL journal, a commit per batch, a busy timeout so two processes can share the file,
and one connection shared by the threads of a process under a lock (a Ray actor builds its translator in one
thread and runs it in another). A database that is *corrupt* (a torn copy, not a database at all) is moved aside
with a warning and rebuilt; any other failure (the file locked by another process past the timeout, a full disk)
costs only the caching, with a warning, and never the file: a broken cache never stops a translation, and a busy
one is never thrown away. A memory this user may read but not write (a read-only file, a shared or read-only cache
folder) is still read; ``lintas cache stats`` shows it and ``lintas cache clear`` says in one line why it cannot.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path

from lintas.translate.errors import LintasError, OutputError

logger = logging.getLogger("lintas")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    scope TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    flag TEXT,
    created REAL NOT NULL,
    PRIMARY KEY (scope, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scopes (scope TEXT PRIMARY KEY, description TEXT NOT NULL);
"""
#: SQLite's limit on host parameters per statement is at least 999 everywhere.
_CHUNK = 900
#: SQLite result codes of a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.
_CORRUPT_CODES = frozenset({11, 26})
_CORRUPT_MESSAGES = ("file is not a database", "database disk image is malformed")
#: SQLite's result code for a write to a database opened read-only (the file or its folder is not writable).
_READONLY_CODE = 8
#: The remedy of every cache-location problem.
FIX_LOCATION = "point LINTAS_CACHE_DIR at a writable folder"


class CacheUnusableError(OutputError):
    """A cache folder or file this user cannot use (not a folder, not writable, not readable, damaged).

    Exit code 2, like any output path that cannot be written: waiting does not help, the environment must change.
    """


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says the database file itself is damaged (not locked, busy, read-only or misused)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    return type(exc) is sqlite3.DatabaseError and any(m in str(exc) for m in _CORRUPT_MESSAGES)


def cache_root() -> Path:
    """lintas's cache folder: ``$LINTAS_CACHE_DIR``, else ``$XDG_CACHE_HOME/lintas`` or ``~/.cache/lintas``.

    It holds the translation memory and the CTranslate2 conversions (:mod:`lintas.translate.engines.ct2`).
    """
    base = os.environ.get("LINTAS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "lintas"
    )
    return Path(base)


def default_cache_path() -> Path:
    """``tm.sqlite3`` in :func:`cache_root`."""
    return cache_root() / "tm.sqlite3"


def _access(path: Path, mode: int) -> bool:
    # The effective user decides, as for open(): a set-uid or seteuid process must not be told it may write.
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def nearest_existing(path: Path) -> Path:
    """``path`` or its nearest ancestor that exists (a file in the way of a folder stops the walk)."""
    while not os.path.lexists(path) and path.parent != path:
        path = path.parent
    return path


def folder_problem(folder: Path) -> str | None:
    """Why files cannot be created in ``folder`` (made first if missing), or None when they can.

    An existing folder is tried for real (a probe file, made and removed at once): only a write tells a read-only
    mount, an ACL or a folder of another user from a writable folder, for root too.
    """
    existing = nearest_existing(folder)
    if not existing.is_dir():
        where = "" if existing == folder else f" ({existing} is not a folder)"
        return f"cache folder {folder} is not a folder{where}"
    if existing != folder:
        if not _access(existing, os.W_OK | os.X_OK):
            return f"cache folder {folder} cannot be made ({existing} is not writable)"
        return None
    try:
        fd, probe = tempfile.mkstemp(prefix=".lintas-probe-", dir=folder)
    except OSError as exc:
        return f"cache folder {folder} is not writable ({exc.strerror or exc})"
    os.close(fd)
    os.unlink(probe)
    return None


def memory_problem(path: Path) -> str | None:
    """Why the translation memory at ``path`` cannot be read and written, or None when it can."""
    problem = folder_problem(path.parent)
    if problem or not path.exists():
        return problem
    if not _access(path, os.R_OK):
        return f"translation memory {path} is not readable (permission denied)"
    if not _access(path, os.W_OK):
        return f"translation memory {path} is read-only (permission denied)"
    return None


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return int(code) & 0xFF
    return _READONLY_CODE if "readonly database" in str(exc) else None


def _counts(conn: sqlite3.Connection) -> tuple[int, list[dict]]:
    """Entries in total and per scope, most first; an empty database (no tables yet) has none."""
    if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'translations'").fetchone()[0] == 0:
        return 0, []
    total = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
    per_scope = [
        {"scope": description, "entries": n}
        for description, n in conn.execute(
            "SELECT s.description, count(t.source) FROM scopes s LEFT JOIN translations t "
            "ON t.scope = s.scope GROUP BY s.scope ORDER BY 2 DESC"
        )
    ]
    return total, per_scope


def _summary(path: Path, counts: tuple[int, list[dict]], problem: str | None) -> dict:
    size = sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").is_file())
    total, per_scope = counts
    return {
        "path": str(path),
        "entries": total,
        "bytes": size,
        "scopes": per_scope,
        "writable": problem is None,
        "problem": problem,
    }


def _open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that writes nothing, not even the WAL index where the folder is read-only.

    ``mode=ro`` still needs the ``-shm`` file of a WAL database; where it cannot be made, ``immutable=1`` reads
    the file as it is (a writer elsewhere may have more in its WAL: fine for counting).
    """
    uri = "file:" + urllib.parse.quote(str(path.resolve()))
    error: sqlite3.Error | None = None
    for mode in ("mode=ro", "immutable=1"):
        conn = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=timeout, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            conn.close()
            if is_corruption(exc):
                raise
            error = exc
    assert error is not None
    raise error


def memory_stats(path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0) -> dict:
    """The translation memory's stats (as :meth:`TranslationMemory.stats`), read without writing anything.

    For ``lintas cache stats``: it never creates the cache folder, and it shows a memory this user may read but not
    write (``writable`` false, ``problem`` says why).

    Raises:
        CacheUnusableError: the memory cannot be read (its folder is a file, it is unreadable or damaged).
        LintasError: it stayed locked by another process past ``timeout``.
    """
    path = Path(path) if path else default_cache_path()
    problem = memory_problem(path)
    if not path.is_file():
        if problem and not path.parent.is_dir():
            raise CacheUnusableError(f"cannot read the translation memory: {problem}; {FIX_LOCATION}")
        return _summary(path, (0, []), problem)
    try:
        conn = _open_read_only(path, timeout)
        try:
            counts = _counts(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_corruption(exc):
            raise CacheUnusableError(
                f"translation memory {path} is damaged ({exc}); the next `lintas cache clear` or translation "
                "moves it aside and starts a new one"
            ) from None
        if problem:
            raise CacheUnusableError(
                f"cannot read the translation memory: {problem}; {FIX_LOCATION}"
            ) from None
        raise LintasError(f"translation memory {path} cannot be read now ({exc}); try again later") from None
    return _summary(path, counts, problem)


def clear_memory(path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0) -> tuple[int, Path]:
    """Delete every entry of the translation memory at ``path`` (``lintas cache clear``): ``(how many, path)``.

    The folder and file are checked first, so a memory that cannot be written fails with its reason in one line,
    not with the translator's warning that it continues without one.

    Raises:
        CacheUnusableError: the memory or its folder is not writable.
        LintasError: another process held it locked past ``timeout``.
    """
    path = Path(path) if path else default_cache_path()
    problem = memory_problem(path)
    if problem:
        raise CacheUnusableError(f"cannot clear the translation memory: {problem}; {FIX_LOCATION}")
    tm = TranslationMemory(path, timeout=timeout)
    try:
        return tm.clear(), path
    finally:
        tm.close()


class TranslationMemory:
    """A SQLite translation memory.

    Args:
        path: database file (default :func:`default_cache_path`); its folder is created.
        timeout: seconds to wait for another process's lock before giving up on an operation.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0) -> None:
        self.path = Path(path) if path else default_cache_path()
        self.timeout = timeout
        self._lock = threading.Lock()
        self._failure = ""  # why the database could not be opened, for maintenance commands
        self._writable = True  # false once a write was refused as read-only: reads go on, writes stop
        self._conn: sqlite3.Connection | None = self._open()

    # -- opening and recovering --------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute("SELECT count(*) FROM scopes").fetchone()
        return conn

    def _open(self) -> sqlite3.Connection | None:
        try:
            return self._connect()
        except sqlite3.Error as exc:
            if is_corruption(exc):
                try:
                    return self._rebuild(exc)
                except (OSError, sqlite3.Error) as again:  # damaged, and cannot be moved aside (read-only)
                    self._disable(again)
                    return None
            self._disable(exc)
            return None
        except OSError as exc:  # the cache folder cannot be made (a file in its place, no permission)
            self._disable(f"{exc.strerror or exc}: {exc.filename or self.path.parent}")
            return None

    def _disable(self, exc: object) -> None:
        self._failure = memory_problem(self.path) or str(exc)
        logger.warning(
            "translation memory %s cannot be used now (%s); continuing without it", self.path, self._failure
        )
        self._conn = None

    def _rebuild(self, exc: Exception) -> sqlite3.Connection:
        stamp = int(time.time())
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for n in range(1, 1000):  # a second damaged file within the same second must not replace the first
            if not aside.exists():
                break
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        logger.warning(
            "translation memory %s is unreadable (%s); moved it to %s and started a new one",
            self.path,
            exc,
            aside,
        )
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{self.path}{suffix}")
            if p.exists():
                p.replace(Path(f"{aside}{suffix}"))
        return self._connect()

    # -- reading and writing -----------------------------------------------------------------------------------

    @staticmethod
    def scope_key(description: str) -> str:
        return hashlib.sha256(description.encode()).hexdigest()[:24]

    def get_many(self, sources: Iterable[str], scope: str) -> dict[str, tuple[str, str | None]]:
        """Cached ``(translation, flag)`` for each source found under ``scope``."""
        key = self.scope_key(scope)
        wanted = list(dict.fromkeys(sources))
        found: dict[str, tuple[str, str | None]] = {}
        with self._lock:
            if self._conn is None:
                return {}
            try:
                for i in range(0, len(wanted), _CHUNK):
                    chunk = wanted[i : i + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = self._conn.execute(
                        f"SELECT source, target, flag FROM translations WHERE scope = ? AND source IN ({marks})",
                        [key, *chunk],
                    )
                    found.update((source, (target, flag)) for source, target, flag in rows)
            except sqlite3.Error as exc:
                if is_corruption(exc):
                    self._conn.close()
                    self._conn = self._rebuild(exc)
                else:
                    logger.warning("could not read the translation memory (%s); translating afresh", exc)
                return {}
        return found

    def put_many(self, translations: Mapping[str, tuple[str, str | None]], scope: str) -> None:
        """Store ``source -> (translation, flag)`` under ``scope``, in one transaction."""
        if not translations:
            return
        key = self.scope_key(scope)
        now = time.time()
        rows = [(key, s, t, f, now) for s, (t, f) in translations.items()]
        with self._lock:
            if self._conn is None or not self._writable:
                return
            try:
                with self._conn:
                    self._conn.execute("BEGIN IMMEDIATE")
                    self._conn.execute("INSERT OR IGNORE INTO scopes VALUES (?, ?)", (key, scope))
                    self._conn.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)
            except sqlite3.Error as exc:
                reason: object = exc
                if _code(exc) == _READONLY_CODE:  # say it once, not once per batch
                    self._writable = False
                    reason = memory_problem(self.path) or exc
                logger.warning(
                    "could not write to the translation memory (%s); continuing without caching", reason
                )

    # -- maintenance ------------------------------------------------------------------------------------------

    def _unusable(self, action: str, exc: sqlite3.Error | None = None) -> LintasError:
        """The one-line error of a maintenance ``action`` that cannot be done: exit 2 if the folder or file must
        change, 1 (try again) if it was only busy."""
        problem = memory_problem(self.path)
        if problem:
            return CacheUnusableError(f"cannot {action} the translation memory: {problem}; {FIX_LOCATION}")
        if exc is None:
            return LintasError(
                f"translation memory {self.path} cannot be opened now ({self._failure}); try again later"
            )
        return LintasError(f"could not {action} the translation memory {self.path} ({exc}); try again later")

    def stats(self) -> dict:
        """Entries in total and per scope, the file size, and whether it is writable (``problem`` says why not).

        Raises:
            CacheUnusableError: the memory can be neither opened nor read (see :func:`memory_stats`).
            LintasError: it could not be opened and no folder or file problem explains it (locked: try again).
        """
        if self._conn is None:
            if memory_problem(self.path) is None:
                raise self._unusable("read")
            return memory_stats(self.path, timeout=self.timeout)
        with self._lock:
            counts = _counts(self._conn)
        return _summary(self.path, counts, memory_problem(self.path))

    def clear(self) -> int:
        """Delete every entry; returns how many there were.

        Raises:
            CacheUnusableError: the memory or its folder is not writable.
            LintasError: another process held it locked past the timeout.
        """
        conn = self._conn
        if conn is None:
            raise self._unusable("clear")
        try:
            with self._lock:
                with conn:
                    n = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
                    conn.execute("DELETE FROM translations")
                    conn.execute("DELETE FROM scopes")
                conn.execute("VACUUM")
        except sqlite3.Error as exc:
            raise self._unusable("clear", exc) from None
        return n

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
