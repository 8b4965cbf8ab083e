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
one is never thrown away.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

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
                return self._rebuild(exc)
            self._disable(exc)
            return None
        except OSError as exc:  # the cache folder cannot be made (a file in its place, no permission)
            self._disable(f"{exc.strerror or exc}: {exc.filename or self.path.parent}")
            return None

    def _disable(self, exc: object) -> None:
        logger.warning("translation memory %s cannot be used now (%s); continuing without it", self.path, exc)
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
            if self._conn is None:
                return
            try:
                with self._conn:
                    self._conn.execute("BEGIN IMMEDIATE")
                    self._conn.execute("INSERT OR IGNORE INTO scopes VALUES (?, ?)", (key, scope))
                    self._conn.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)
            except sqlite3.Error as exc:
                logger.warning(
                    "could not write to the translation memory (%s); continuing without caching", exc
                )

    # -- maintenance ------------------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """The open connection, for maintenance commands that must not silently do nothing.

        Raises:
            LintasError: the database could not be opened (the warning said why).
        """
        if self._conn is None:
            from lintas.translate.errors import LintasError

            raise LintasError(f"translation memory {self.path} cannot be opened now; try again later")
        return self._conn

    def stats(self) -> dict:
        """Entries in total and per scope, and the file size."""
        conn = self._connection()
        total = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
        per_scope = [
            {"scope": description, "entries": n}
            for description, n in conn.execute(
                "SELECT s.description, count(t.source) FROM scopes s LEFT JOIN translations t "
                "ON t.scope = s.scope GROUP BY s.scope ORDER BY 2 DESC"
            )
        ]
        size = sum(
            Path(f"{self.path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{self.path}{s}").exists()
        )
        return {"path": str(self.path), "entries": total, "bytes": size, "scopes": per_scope}

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        conn = self._connection()
        with self._lock:
            with conn:
                n = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
                conn.execute("DELETE FROM translations")
                conn.execute("DELETE FROM scopes")
            conn.execute("VACUUM")
        return n

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
