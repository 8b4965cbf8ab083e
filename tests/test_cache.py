"""The translation memory: reuse, scoping, durability, corruption and concurrency."""

from __future__ import annotations

import multiprocessing

import pytest
from click.testing import CliRunner
from fakes import EchoEngine

from lintas.translate.cache import TranslationMemory
from lintas.translate.cli import main
from lintas.translate.errors import LintasError
from lintas.translate.translator import Translator


def test_second_run_translates_nothing_new(tmp_path):
    tm = TranslationMemory(tmp_path / "tm.sqlite3")
    engine = EchoEngine()
    t = Translator("echo", engine=engine, cache=tm)
    first = t.translate(["Satu.", "Dua.", "Satu."])
    assert first.stats["translated"] == 2
    engine.batches.clear()
    second = t.translate(["Dua.", "Satu."])
    assert second == [first[1], first[0]]
    assert second.stats["translated"] == 0 and second.stats["cached"] == 2
    assert engine.batches == []


def test_different_options_do_not_share_entries(tmp_path):
    tm = TranslationMemory(tmp_path / "tm.sqlite3")
    Translator("echo", engine=EchoEngine(), cache=tm, beam_size=4).translate(["Satu."])
    other = Translator("echo", engine=EchoEngine(), cache=tm, beam_size=1)
    assert other.translate(["Satu."]).stats["translated"] == 1
    assert tm.stats()["entries"] == 2 and len(tm.stats()["scopes"]) == 2


def test_each_batch_is_committed_before_a_crash(tmp_path):
    class CrashOnSecondBatch(EchoEngine):
        def translate_batch(self, sentences, *, options):
            if self.batches:
                raise KeyboardInterrupt
            return super().translate_batch(sentences, options=options)

    path = tmp_path / "tm.sqlite3"
    t = Translator("echo", engine=CrashOnSecondBatch(), cache=TranslationMemory(path), batch_size=2)
    with pytest.raises(KeyboardInterrupt):
        t.translate(["a b c d.", "a b c.", "a b.", "a."])
    assert TranslationMemory(path).stats()["entries"] == 2


def test_corrupt_database_is_moved_aside_and_rebuilt(tmp_path, caplog):
    path = tmp_path / "tm.sqlite3"
    path.write_bytes(b"this is not a sqlite database" * 100)
    tm = TranslationMemory(path)
    t = Translator("echo", engine=EchoEngine(), cache=tm)
    assert t.translate(["Halo."]) == ["EN(Halo.)"]
    assert "moved it to" in caplog.text
    assert list(tmp_path.glob("tm.sqlite3.corrupt-*"))
    assert tm.stats()["entries"] == 1


def test_one_memory_serves_the_threads_of_a_process(tmp_path, caplog):
    """A Ray actor builds its translator in one thread and calls it in another: the memory must follow."""
    import threading

    path = tmp_path / "tm.sqlite3"
    tm = TranslationMemory(path)
    tm.put_many({"Halo.": ("Hello.", None)}, "scope")
    found: list[dict] = []

    def work() -> None:
        tm.put_many({"Dunia.": ("World.", None)}, "scope")
        found.append(tm.get_many(["Halo.", "Dunia."], "scope"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [{"Halo.": ("Hello.", None), "Dunia.": ("World.", None)}] * 4
    assert "translation memory" not in caplog.text and not list(tmp_path.glob("*.corrupt-*"))


def test_a_locked_memory_costs_the_caching_never_the_file(tmp_path, caplog):
    import sqlite3

    path = tmp_path / "tm.sqlite3"
    Translator("echo", engine=EchoEngine(), cache=TranslationMemory(path)).translate(["Halo."])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process writing, past our timeout
    try:
        engine = EchoEngine()
        t = Translator("echo", engine=engine, cache=TranslationMemory(path, timeout=0.05))
        assert t.translate(["Halo.", "Baru."]) == ["EN(Halo.)", "EN(Baru.)"]
        assert engine.batches == [["Baru."]]  # "Halo." read from the memory: WAL readers are not blocked
        assert "could not write to the translation memory (database is locked)" in caplog.text
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not list(tmp_path.glob("*.corrupt-*")) and TranslationMemory(path).stats()["entries"] == 1


def test_a_memory_that_cannot_be_opened_is_skipped_and_kept(tmp_path, caplog, monkeypatch):
    import sqlite3

    path = tmp_path / "tm.sqlite3"
    TranslationMemory(path).put_many({"Halo.": ("Hello.", None)}, "scope")

    def locked(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(TranslationMemory, "_connect", locked)
    tm = TranslationMemory(path)
    assert "cannot be used now (database is locked); continuing without it" in caplog.text
    t = Translator("echo", engine=EchoEngine(), cache=tm)
    assert t.translate(["Halo."]) == ["EN(Halo.)"]
    with pytest.raises(LintasError, match="cannot be opened now"):
        tm.stats()
    monkeypatch.undo()
    assert not list(tmp_path.glob("*.corrupt-*")) and TranslationMemory(path).stats()["entries"] == 1


def _writer(path: str, worker: int) -> None:
    tm = TranslationMemory(path)
    for i in range(20):
        tm.put_many({f"w{worker}-s{i}": (f"t{i}", None)}, "scope")
    tm.close()


def test_two_processes_share_the_cache(tmp_path):
    path = str(tmp_path / "tm.sqlite3")
    TranslationMemory(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert TranslationMemory(path).stats()["entries"] == 40


def test_cli_rerun_hits_the_cache_and_cache_commands(tmp_path, tiny_model_dir, monkeypatch):
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(tmp_path))
    src = tmp_path / "a.txt"
    src.write_text("Satu kalimat.\n\nDua kalimat.\n", encoding="utf-8")
    args = [
        "translate",
        str(src),
        "--model",
        str(tiny_model_dir),
        "--engine",
        "transformers",
        "--beam",
        "1",
        "-q",
    ]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0

    def fail(*a, **k):
        raise AssertionError("the model was called although everything is cached")

    monkeypatch.setattr(Translator, "_translate_pieces", fail)
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0 and second.stdout == first.stdout
    stats = CliRunner().invoke(main, ["cache", "stats", "--json"])
    assert '"entries": 2' in stats.stdout
    cleared = CliRunner().invoke(main, ["cache", "clear"])
    assert "removed 2" in cleared.stdout


def test_two_damaged_files_in_one_second_are_both_kept(tmp_path):
    path = tmp_path / "tm.sqlite3"
    for content in (b"AAAA" * 100, b"BBBB" * 100):
        path.write_bytes(content)
        TranslationMemory(path).close()
    kept = sorted(
        p.read_bytes()[:4]
        for p in tmp_path.glob("tm.sqlite3.corrupt-*")
        if not p.name.endswith(("-wal", "-shm"))
    )
    assert kept == [b"AAAA", b"BBBB"]


def test_a_cache_folder_that_is_a_file_costs_the_caching_not_the_translation(tmp_path, monkeypatch, caplog):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("LINTAS_CACHE_DIR", str(not_a_folder))
    tm = TranslationMemory()
    assert "cannot be used now" in caplog.text
    assert Translator("echo", engine=EchoEngine(), cache=tm).translate(["Halo."]) == ["EN(Halo.)"]
    result = CliRunner().invoke(main, ["cache", "stats"])
    # Waiting does not help: the folder must change (exit 2), and the line says which and how.
    assert result.exit_code == 2 and result.stderr.count("\n") <= 2 and "Traceback" not in result.output
    assert "is not a folder" in result.stderr and "LINTAS_CACHE_DIR" in result.stderr
