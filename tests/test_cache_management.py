"""Cache management: a read-only cache, the CTranslate2 conversions in `cache stats|clear`, killed and concurrent
conversions.

Read-only for real, root included: chmod does not stop root, so as root the checks run with the effective user
``nobody`` (``os.seteuid``), under which the kernel refuses the writes exactly as it would for any other user.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import EchoEngine

import lintas.translate.cli.cache_cmd  # noqa: F401 - imported before any command runs as another user
from lintas.translate.cache import TranslationMemory
from lintas.translate.cli import main
from lintas.translate.engines.ct2 import CONVERSION_SOURCE
from lintas.translate.translator import Translator

NOBODY = 65534


@pytest.fixture
def cache_dir(monkeypatch) -> Iterator[Path]:
    """``LINTAS_CACHE_DIR`` in a folder that every user may enter (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="lintas-cache-mgmt-"))
    base.chmod(0o755)
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(base / "cache"))
    yield base / "cache"
    for folder, _dirs, _files in os.walk(base):
        os.chmod(folder, 0o755)
    shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """``path`` (a folder or a file) cannot be written inside the block: chmod, and for root another user."""
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        if os.geteuid() == 0:
            os.seteuid(NOBODY)
            try:
                yield
            finally:
                os.seteuid(0)
        else:
            yield
    finally:
        path.chmod(mode)


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_line_error(result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output and result.stderr.startswith("lintas: ")
    assert result.stderr.strip().count("\n") == 0, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def _fake_conversion(root: Path, key: str, *, made_from: dict | None = None) -> Path:
    folder = root / key
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"\0" * 1000)
    if made_from is not None:
        (folder / CONVERSION_SOURCE).write_text(json.dumps(made_from), encoding="utf-8")
    return folder


def _filled_cache(cache_dir: Path) -> None:
    """A cache at rest: one remembered translation (its memory closed) and one conversion."""
    memory = TranslationMemory(cache_dir / "tm.sqlite3")
    assert Translator("echo", engine=EchoEngine(), cache=memory).translate(["Halo."]) == ["EN(Halo.)"]
    memory.close()
    _fake_conversion(cache_dir / "ct2", "abc-ct2_4.0.0-int8")
    assert _cli("cache", "stats").exit_code == 0


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_cache_shows_its_stats_and_refuses_clear_in_one_line(cache_dir, what):
    _filled_cache(cache_dir)
    target = cache_dir if what == "folder" else cache_dir / "tm.sqlite3"
    if what == "file":
        cache_dir.chmod(0o777)  # only the file is read-only, for whichever user
    with unwritable(target):
        stats = _cli("cache", "stats", "--json")
        assert stats.exit_code == 0, stats.output
        info = json.loads(stats.stdout)
        assert info["entries"] == 1 and info["writable"] is False
        assert str(target) in info["problem"]
        assert ("is not writable" if what == "folder" else "is read-only") in info["problem"]
        text = _cli("cache", "stats")
        assert text.exit_code == 0 and "not writable: " in text.stdout
        _one_line_error(_cli("cache", "clear"), 2, str(target), "LINTAS_CACHE_DIR")
        # The translator goes on without writing to the cache. It still reads the memory where SQLite can open it
        # read-only: a writable folder, or a WAL index (-shm) left by an earlier reader.
        readable = what == "file" or (cache_dir / "tm.sqlite3-shm").exists()
        engine = EchoEngine()
        again = Translator("echo", engine=engine, cache=TranslationMemory(cache_dir / "tm.sqlite3"))
        assert again.translate(["Halo.", "Baru."]) == ["EN(Halo.)", "EN(Baru.)"]
        assert engine.batches == ([["Baru."]] if readable else [["Halo.", "Baru."]])
    assert json.loads(_cli("cache", "stats", "--json").stdout)["entries"] == 1  # nothing was lost


def test_a_damaged_memory_in_a_read_only_folder_costs_only_the_caching(cache_dir):
    cache_dir.mkdir(parents=True)
    (cache_dir / "tm.sqlite3").write_bytes(b"not a database" * 100)
    with unwritable(cache_dir):
        engine = EchoEngine()
        t = Translator("echo", engine=engine, cache=TranslationMemory(cache_dir / "tm.sqlite3"))
        assert t.translate(["Halo."]) == ["EN(Halo.)"]
        _one_line_error(_cli("cache", "stats"), 2, "is damaged")
        _one_line_error(_cli("cache", "clear"), 2, "is not writable")
    assert (cache_dir / "tm.sqlite3").read_bytes().startswith(b"not a database")


def test_clear_conversions_in_a_read_only_folder_is_one_line(cache_dir):
    _filled_cache(cache_dir)
    with unwritable(cache_dir / "ct2"):
        _one_line_error(_cli("cache", "clear", "--conversions"), 2, str(cache_dir / "ct2"), "not writable")
    assert (cache_dir / "ct2" / "abc-ct2_4.0.0-int8" / "model.bin").is_file()


def test_a_cache_folder_that_is_a_file_is_exit_2_for_every_cache_command(cache_dir):
    cache_dir.parent.mkdir(exist_ok=True)
    cache_dir.write_text("not a folder", encoding="utf-8")
    for args in (["stats"], ["stats", "--json"], ["clear"], ["clear", "--conversions"], ["clear", "--all"]):
        _one_line_error(_cli("cache", *args), 2, str(cache_dir), "is not a folder")


def test_stats_lists_conversions_and_clear_conversions_removes_them(cache_dir, tiny_model_dir):
    from lintas.translate.engines.ct2 import convert_model

    _filled_cache(cache_dir)  # one conversion made before lintas recorded sources
    converted = convert_model(str(tiny_model_dir), "int8")
    info = json.loads(_cli("cache", "stats", "--json").stdout)["conversions"]
    assert info["path"] == str(cache_dir / "ct2") and info["entries"] == 2
    by_key = {c["key"]: c for c in info["conversions"]}
    mine = by_key[converted.name]
    assert mine["source"] == os.path.realpath(tiny_model_dir) and mine["compute_type"] == "int8"
    assert mine["complete"] and mine["bytes"] > 10_000 and mine["path"] == str(converted)
    old = by_key["abc-ct2_4.0.0-int8"]
    assert old["source"] is None and old["compute_type"] == "int8" and old["ctranslate2"] == "4.0.0"
    assert info["bytes"] == mine["bytes"] + old["bytes"]
    text = _cli("cache", "stats").stdout
    assert "2 conversions" in text and os.path.realpath(tiny_model_dir) in text and "int8" in text

    plain = _cli("cache", "clear")
    assert plain.exit_code == 0 and "removed 1 translation " in plain.stdout
    assert (converted / "model.bin").is_file()  # plain clear keeps the conversions
    TranslationMemory(cache_dir / "tm.sqlite3").put_many({"Satu.": ("One.", None)}, "scope")
    cleared = _cli("cache", "clear", "--conversions")
    assert cleared.exit_code == 0 and "removed 2 CTranslate2 conversions" in cleared.stdout
    assert not converted.exists() and list((cache_dir / "ct2").iterdir()) == []
    assert (
        json.loads(_cli("cache", "stats", "--json").stdout)["entries"] == 1
    )  # --conversions keeps the memory
    assert convert_model(str(tiny_model_dir), "int8") == converted  # converted again on its next use
    both = _cli("cache", "clear", "--all")
    assert "removed 1 translation " in both.stdout and "removed 1 CTranslate2 conversion " in both.stdout
    help_text = " ".join(_cli("cache", "clear", "--help").stdout.split())
    assert (
        "only the translation memory is cleared" in help_text
        and "--conversions clears only them" in help_text
    )


#: A converter's life without the converter: the lock, a staging folder, then death or a long conversion.
_CONVERTER = """
import os, signal, sys, time
from pathlib import Path
from lintas.translate.conversion_cache import conversion_lock, make_staging
root, key, fate = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
root.mkdir(parents=True, exist_ok=True)
with conversion_lock(key, root=root):
    (make_staging(root, key) / "model").mkdir()
    print("converting", flush=True)
    if fate == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(120)
"""


def _converter(root: Path, key: str, fate: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", _CONVERTER, str(root), key, fate], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "converting"
    return proc


def _staging(root: Path, key: str) -> list[Path]:
    return [p for p in root.iterdir() if p.name.startswith(f".{key}.")]


def test_a_killed_conversion_is_cleaned_and_a_live_one_kept(cache_dir, tiny_model_dir):
    from lintas.translate.engines.ct2 import convert_model

    root = cache_dir / "ct2"
    dead = _converter(root, "dead-ct2_4.0.0-int8", "die")
    assert dead.wait(30) == -9 and len(_staging(root, "dead-ct2_4.0.0-int8")) == 1
    live = _converter(root, "live-ct2_4.0.0-int8", "live")
    try:
        unfinished = json.loads(_cli("cache", "stats", "--json").stdout)["conversions"]["unfinished"]
        assert unfinished["stale"] == 1 and unfinished["in_progress"] == 1
        convert_model(str(tiny_model_dir), "int8")  # a conversion cleans up what killed ones left
        assert _staging(root, "dead-ct2_4.0.0-int8") == []
        assert len(_staging(root, "live-ct2_4.0.0-int8")) == 1
        cleared = _cli("cache", "clear", "--conversions")
        assert "kept 1 conversion another process is writing now" in cleared.stdout
        assert len(_staging(root, "live-ct2_4.0.0-int8")) == 1
    finally:
        live.kill()
        live.wait(30)
    cleared = _cli("cache", "clear", "--conversions")  # its process is gone now
    assert "1 unfinished conversion left by killed runs" in cleared.stdout and list(root.iterdir()) == []


def test_without_locks_only_an_old_staging_folder_is_stale(cache_dir, monkeypatch):
    from lintas.translate import conversion_cache

    monkeypatch.setattr(conversion_cache, "fcntl", None)
    root = cache_dir / "ct2"
    root.mkdir(parents=True)
    fresh = conversion_cache.make_staging(root, "a-ct2_4.0.0-int8")
    old = conversion_cache.make_staging(root, "b-ct2_4.0.0-int8")
    past = time.time() - conversion_cache.STALE_WITHOUT_LOCKS - 60
    os.utime(old, (past, past))
    assert conversion_cache.remove_stale_staging(root) == [old]
    assert fresh.is_dir()


def _convert_in_a_process(cache: str, model: str, reference: str, log: str, barrier) -> None:
    """Convert ``model`` with a stand-in converter that logs each conversion and is slow enough for the other process
    to arrive: it copies a finished conversion (the real converter would cost each process seconds of torch import)."""
    import types

    os.environ["LINTAS_CACHE_DIR"] = cache

    class CopyingConverter:
        def __init__(self, source: str) -> None:
            self.source = source

        def convert(self, output_dir: str, **kwargs) -> str:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
            time.sleep(1.0)
            return shutil.copytree(reference, output_dir)

    stand_in = types.ModuleType("ctranslate2.converters")
    stand_in.TransformersConverter = CopyingConverter  # type: ignore[attr-defined]
    sys.modules["ctranslate2.converters"] = stand_in
    from lintas.translate.engines.ct2 import convert_model

    barrier.wait(60)
    target = convert_model(model, "int8")
    assert (target / "model.bin").is_file()


def test_two_processes_converting_one_model_convert_it_once(cache_dir, tiny_model_dir, tmp_path, monkeypatch):
    import ctranslate2

    from lintas.translate.engines.ct2 import convert_model

    with monkeypatch.context() as elsewhere:
        elsewhere.setenv("LINTAS_CACHE_DIR", str(tmp_path / "reference"))
        reference = convert_model(str(tiny_model_dir), "int8")
    log = tmp_path / "conversions.log"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    args = (str(cache_dir), str(tiny_model_dir), str(reference), str(log), barrier)
    procs = [ctx.Process(target=_convert_in_a_process, args=args) for _ in range(2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert len(log.read_text(encoding="utf-8").split()) == 1
    info = json.loads(_cli("cache", "stats", "--json").stdout)["conversions"]
    assert info["entries"] == 1 and info["unfinished"] == {"stale": 0, "stale_bytes": 0, "in_progress": 0}
    ctranslate2.Translator(info["conversions"][0]["path"], device="cpu")  # complete: it loads
