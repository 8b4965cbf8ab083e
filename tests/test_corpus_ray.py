"""The Ray executor on a local 2-CPU Ray instance: the same bytes as the local engine, a killed worker, no Ray.

One Ray instance serves the module (started by the executor itself, so it stays on 127.0.0.1); every build
compares its files byte for byte with a build of the local engine on the same input. Ray is a dev dependency:
these tests fail, never skip, when it is missing.
"""

from __future__ import annotations

import functools
import json
import os
import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import EchoEngine
from records import write_jsonl

import lintas.translate.cli.corpus_cmd  # noqa: F401 - attaches the commands
from lintas.eval.testsets import get_testset
from lintas.translate.cli import main
from lintas.translate.config import TranslatorConfig
from lintas.translate.corpus.config import FilterConfig
from lintas.translate.corpus.executors import (
    Executor,
    SerialExecutor,
    TranslationExecutor,
    TranslatorSpec,
    describe_translator,
    translation_executor,
    translator_metadata,
)
from lintas.translate.corpus.pipeline import AlignSettings, DocumentProcessor, build_corpus, output_names
from lintas.translate.corpus.ray_engine import RayExecutor, RayOptions
from lintas.translate.corpus.sources import MonolingualSource, PairsFile, Source, SourceDoc
from lintas.translate.errors import EngineNotInstalledError, InputError

pytestmark = pytest.mark.usefixtures("fixed_date")

FILES = [*output_names(dropped=True), "stats.json", "stats.md"]


def synthetic_rows(n: int, seed: int = 8) -> list[dict]:
    """``n`` document pairs of 3 to 8 consecutive FLORES-200/TICO-19 sentence pairs (repeats across documents,
    so deduplication has work), plus a malformed line, a repeated id and an empty side among them."""
    pool = [
        pair for name in ("flores200-devtest", "tico19-test") for pair in get_testset(name).sentence_pairs()
    ]
    rng = random.Random(seed)
    rows: list[dict] = []
    for d in range(n):
        k = rng.randint(3, 8)
        start = rng.randrange(len(pool) - k)
        chunk = pool[start : start + k]
        rows.append(
            {"id": f"doc{d}", "src": " ".join(s for s, _ in chunk), "tgt": " ".join(t for _, t in chunk)}
        )
    rows[17]["id"] = rows[3]["id"]  # a repeated id: skipped
    rows[40]["src"] = "   "  # an empty side: skipped
    return rows


def read_all(folder: Path, names: list[str] = FILES) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module, started the way a build starts it (2 CPUs, loopback only)."""
    owner = RayExecutor(functools.partial(SerialExecutor, None), RayOptions(num_workers=2))
    owner.start()
    import ray
    import ray.cloudpickle

    # Test doubles are not importable on Ray's workers: ship them by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.cloudpickle.register_pickle_by_value(sys.modules[EchoEngine.__module__])
    yield ray
    owner.close()


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("input") / "docs.jsonl", synthetic_rows(300), broken_at=120)


def processor() -> functools.partial:
    return functools.partial(DocumentProcessor, AlignSettings(), FilterConfig())


def lintas(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_local_instance_listens_on_loopback_only(local_ray):
    assert [node["NodeManagerAddress"] for node in local_ray.nodes()] == ["127.0.0.1"]
    assert local_ray.cluster_resources()["CPU"] == 2


def test_build_on_ray_equals_the_local_engine_byte_for_byte(pairs, local_ray, tmp_path):
    common = ["--pairs", pairs, "--shard-size", "25", "--write-dropped", "-q"]
    local = lintas("corpus", "build", *common, "-o", tmp_path / "local")
    on_ray = lintas("corpus", "build", *common, "-o", tmp_path / "ray", "--executor", "ray", "--workers", 2)
    assert local.exit_code == on_ray.exit_code == 1, on_ray.output  # the skipped documents, on both
    assert read_all(tmp_path / "ray") == read_all(tmp_path / "local")
    stats = json.loads((tmp_path / "ray" / "stats.json").read_text(encoding="utf-8"))
    assert stats["documents"] == {"total": 301, "processed": 298, "skipped": 3}
    assert stats["pairs"]["kept"] > 1000 and stats["filters"][-2]["dropped"] > 0  # duplicates were removed
    manifest = json.loads((tmp_path / "ray" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and len(manifest["shards"]) == 13  # 301 documents in shards of 25


class CrashOnce(Executor):
    """Wraps a worker's executor; the first call in any worker of the run kills its process, as a lost node would.

    The marker file is created atomically, so exactly one call crashes, whichever actor gets it.
    """

    def __init__(self, inner: Executor, marker: str) -> None:
        self.inner = inner
        self.marker = marker

    def map(self, docs: list[SourceDoc]):
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return self.inner.map(docs)
        os.write(fd, f"{os.getpid()} {docs[0].index}\n".encode())
        os.close(fd)
        os._exit(1)


def crash_once(marker: str) -> CrashOnce:
    return CrashOnce(SerialExecutor(processor()), marker)


class Stop(Exception):
    pass


class StopAfter(Executor):
    """A local executor that stops the build (as a crash would) once ``shards`` shards are done."""

    def __init__(self, shards: int) -> None:
        self.inner = SerialExecutor(processor())
        self.left = shards

    def map(self, docs: list[SourceDoc]):
        if self.left == 0:
            raise Stop
        self.left -= 1
        return self.inner.map(docs)


def test_killed_worker_is_retried_and_a_local_build_resumes_on_ray(pairs, local_ray, tmp_path):
    """Begun locally and stopped after 3 shards, finished on Ray while a worker dies: the uninterrupted bytes."""
    build = functools.partial(
        build_corpus, PairsFile(pairs), shard_size=25, write_dropped=True, progress=False
    )
    build(out_dir=tmp_path / "reference", executor=SerialExecutor(processor()))
    out = tmp_path / "resumed"
    with pytest.raises(Stop):
        build(out_dir=out, executor=StopAfter(3))
    marker = tmp_path / "crashed"
    options = RayOptions(num_workers=2, batch_size=10)
    executor = RayExecutor(functools.partial(crash_once, str(marker)), options)
    result = build(out_dir=out, executor=executor)
    pid, first = map(int, marker.read_text(encoding="utf-8").split())
    assert pid != os.getpid() and first >= 75  # a Ray worker died, on a document after the resume point
    assert result.resumed_from == 75
    assert read_all(out) == read_all(tmp_path / "reference")  # nothing lost, nothing written twice


def test_translate_on_ray_equals_the_local_engine(local_ray, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Harga naik. Banjir di Jakarta.", encoding="utf-8")
    (folder / "b.md").write_text("# Judul\n\nHarga naik.\n\nHujan deras turun sejak pagi.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\xff\xfe\x00bad")
    more = tmp_path / "more.jsonl"
    more.write_text(
        "".join(
            json.dumps({"id": f"j{i}", "text": f"Kalimat nomor {i}. Dan satu lagi."}) + "\n" for i in range(9)
        ),
        encoding="utf-8",
    )
    filters = FilterConfig(disabled=("language",))  # echoed Indonesian is not English
    spec = TranslatorSpec(TranslatorConfig(model="echo", cache=False), engine=EchoEngine())
    source = MonolingualSource([folder, more])
    build = functools.partial(build_corpus, source, filters=filters, shard_size=4, progress=False)

    local = spec.build()
    meta = translator_metadata(local, "echo")
    build(
        out_dir=tmp_path / "local", executor=TranslationExecutor(local, filters), settings=meta, metadata=meta
    )

    executor = RayExecutor(functools.partial(translation_executor, spec, filters), RayOptions(num_workers=2))
    ray_meta = executor.call(functools.partial(describe_translator, spec))
    assert ray_meta == meta
    result = build(out_dir=tmp_path / "ray", executor=executor, settings=ray_meta, metadata=ray_meta)
    assert read_all(tmp_path / "ray", [*output_names(), "stats.json", "stats.md"]) == read_all(
        tmp_path / "local", [*output_names(), "stats.json", "stats.md"]
    )
    assert result.stats["documents"] == {"total": 12, "processed": 11, "skipped": 1}
    assert len(local.engine.batches) == 3  # one translator call per shard of 4 documents, as on the workers
    docs = list(source.documents())[:5]  # RayExecutor.map: one list, one call, the local results
    assert executor.map(docs) == TranslationExecutor(spec.build(), filters).map(docs)


def test_without_ray_the_error_says_how_to_install_it(pairs, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    with pytest.raises(EngineNotInstalledError, match=r"pip install 'lintas\[ray\]'"):
        RayExecutor(functools.partial(SerialExecutor, processor()))
    result = lintas("corpus", "build", "--pairs", pairs, "-o", tmp_path / "out", "--executor", "ray")
    assert result.exit_code == 3
    assert (
        result.output.startswith("lintas: --executor ray needs Ray Data") and result.output.count("\n") == 1
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--address", "auto"], "--address needs --executor ray"),
        (["--gpus-per-worker", "1"], "--gpus-per-worker needs --executor ray"),
        (["--executor", "ray", "--runtime-env", "{not json"], "--runtime-env: cannot be read"),
        (["--executor", "ray", "--runtime-env", "[1]"], "--runtime-env: must be a JSON object"),
        (["--executor", "ray", "--address", "127.0.0.1:9"], "--address 127.0.0.1:9: no Ray cluster answers"),
        (["--executor", "ray", "--gpus-per-worker", "1"], "this machine has no GPU Ray can use"),
        (["--executor", "ray", "--runtime-env", "nope.json"], "--runtime-env nope.json: no such file"),
    ],
)
def test_ray_options_errors_are_one_line(pairs, tmp_path, args, message):
    result = lintas("corpus", "build", "--pairs", pairs, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert result.output.startswith("lintas: ") and message in result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "out").exists()  # refused before the output folder is touched


@pytest.mark.timeout(120)  # a hang guard, not a measurement: Ray itself would retry for minutes
def test_an_address_where_something_else_answers_is_refused_at_once(pairs, tmp_path):
    """A web server on the port: Ray itself would retry it for minutes, printing connection errors."""
    import http.server
    import threading

    class Quiet(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # the server's own log is not lintas's output
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"127.0.0.1:{server.server_address[1]}"
        result = lintas("corpus", "build", "--pairs", pairs, "-o", tmp_path / "out", "--engine", "ray",
                        "--address", address)  # fmt: skip
    finally:
        server.shutdown()
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert f"--address {address}: something answers there, but not a Ray cluster" in result.output


def test_translate_workers_needs_ray(tmp_path):
    (tmp_path / "a.txt").write_text("Halo.", encoding="utf-8")
    result = lintas("corpus", "translate", tmp_path / "a.txt", "-o", tmp_path / "out", "--workers", 2)
    assert result.exit_code == 2 and "--workers needs --executor ray" in result.output


def test_a_model_that_cannot_load_on_a_worker_is_one_line(local_ray, tmp_path):
    (tmp_path / "a.txt").write_text("Halo dunia.", encoding="utf-8")
    missing = tmp_path / "no-such-model"
    args = ["corpus", "translate", tmp_path / "a.txt", "-o", tmp_path / "out", "--executor", "ray", "-q"]
    result = lintas(*args, "--model", missing, "--engine", "ctranslate2", "--no-cache")
    assert result.exit_code == 3
    assert (
        result.output.startswith(f"lintas: model '{missing}': no such folder")
        and result.output.count("\n") == 1
    )


def test_translate_engine_ray_contradicting_executor_local_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("Halo.", encoding="utf-8")
    args = ["corpus", "translate", tmp_path / "a.txt", "-o", tmp_path / "out"]
    result = lintas(*args, "--engine", "ray", "--executor", "local")
    assert result.exit_code == 2 and result.output == (
        "lintas: --engine ray and --executor local contradict each other; give one of them\n"
    )
    assert not (tmp_path / "out").exists()


def _tiny_translate_args(tmp_path: Path, tiny_model_dir: Path) -> list:
    """`corpus translate` of three small documents with the tiny fixture model, greedy, shard of two."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Harga beras naik tajam minggu ini. Pemerintah akan bertindak.", encoding="utf-8"
    )
    (docs / "b.md").write_text("# Banjir di Jakarta\n\nHujan deras turun sejak pagi.", encoding="utf-8")
    (docs / "c.txt").write_text("Sekolah dibuka kembali. Murid kembali belajar.", encoding="utf-8")
    config = tmp_path / "f.toml"
    config.write_text(
        "[filters.language]\nenabled = false\n", encoding="utf-8"
    )  # the tiny model writes noise
    args = ["corpus", "translate", docs, "-m", tiny_model_dir, "--beam", "1", "--threads", "1"]
    args += ["--max-output-length", "12", "--no-cache", "-q", "--config", config]
    return [*args, "--shard-size", "2", "--write-dropped"]


def test_cli_translate_on_ray_with_the_tiny_model_equals_local(tiny_model_dir, local_ray, tmp_path):
    args = [*_tiny_translate_args(tmp_path, tiny_model_dir), "--engine", "transformers"]
    local = lintas(*args, "-o", tmp_path / "local")
    on_ray = lintas(*args, "-o", tmp_path / "ray", "--executor", "ray", "--workers", 2)
    assert local.exit_code == on_ray.exit_code == 0, on_ray.output
    assert read_all(tmp_path / "ray") == read_all(tmp_path / "local")
    stats = json.loads((tmp_path / "ray" / "stats.json").read_text(encoding="utf-8"))
    assert stats["metadata"]["engine"] == "transformers" and stats["sentences"]["src"] == 6


class Miscounted(Source):
    """A source whose documents are not what it counted: an input that changed while it was read."""

    def __init__(self, inner: Source, error: int) -> None:
        self.inner, self.error = inner, error

    def documents(self, start: int = 0):
        return self.inner.documents(start)

    def describe(self) -> dict:
        return self.inner.describe()

    def count(self) -> int:
        return self.inner.count() + self.error


@pytest.mark.parametrize("error", [-3, 3])  # grew, shrank
def test_an_input_that_changes_during_the_build_is_an_input_error(local_ray, tmp_path, error):
    pairs = write_jsonl(tmp_path / "docs.jsonl", synthetic_rows(60)[:20])
    executor = RayExecutor(
        functools.partial(SerialExecutor, processor()), RayOptions(num_workers=2, batch_size=4)
    )
    with pytest.raises(InputError, match="the input changed while the corpus was built"):
        build_corpus(
            Miscounted(PairsFile(pairs), error), tmp_path / "out", executor, shard_size=8, progress=False
        )


def test_cli_translate_engine_ray_runs_the_auto_engine_on_ray(tiny_model_dir, local_ray, tmp_path, caplog):
    """``--engine ray``, an older spelling (deprecated, still working for a release): Ray as the executor, the
    translation engine left to auto."""
    args = _tiny_translate_args(tmp_path, tiny_model_dir)
    local = lintas(*args, "-o", tmp_path / "local")  # --engine auto, on this machine
    on_ray = lintas(*args, "-o", tmp_path / "ray", "--engine", "ray", "--workers", 2)
    assert local.exit_code == on_ray.exit_code == 0, on_ray.output
    assert "--engine ray is deprecated" in caplog.text
    assert read_all(tmp_path / "ray") == read_all(tmp_path / "local")
    stats = json.loads((tmp_path / "ray" / "stats.json").read_text(encoding="utf-8"))
    assert stats["metadata"]["engine"] == "ctranslate2"  # auto picks it: the dev install has it


def test_parquet_shards_on_ray_give_the_corpus_of_the_same_rows_as_jsonl(local_ray, tmp_path):
    """The issue's other input form: a folder of Parquet shards, read on Ray, against one JSONL file read locally."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = synthetic_rows(120)
    shards = tmp_path / "shards"
    shards.mkdir()
    for k in range(2):
        pq.write_table(pa.Table.from_pylist(rows[60 * k : 60 * (k + 1)]), shards / f"part-{k:05d}.parquet")
    jsonl = write_jsonl(tmp_path / "docs.jsonl", rows)
    common = ["--shard-size", "25", "--write-dropped", "-q"]
    local = lintas("corpus", "build", "--pairs", jsonl, *common, "-o", tmp_path / "local")
    on_ray = lintas("corpus", "build", "--pairs", shards, *common, "-o", tmp_path / "ray", "--engine", "ray")
    assert local.exit_code == on_ray.exit_code == 1, on_ray.output  # the repeated id and the empty side
    corpus_files = output_names(dropped=True)
    assert read_all(tmp_path / "ray", corpus_files) == read_all(tmp_path / "local", corpus_files)
    stats = json.loads((tmp_path / "ray" / "stats.json").read_text(encoding="utf-8"))
    assert stats["documents"] == {"total": 120, "processed": 118, "skipped": 2}


def test_translation_memory_on_ray_workers_fills_and_survives(tiny_model_dir, local_ray, tmp_path):
    """Actors build their translator in one thread and run it in another: the memory must serve both, and
    its file must never be taken for a corrupt one. ``--runtime-env`` gives the workers their cache folder."""
    from lintas.translate.cache import TranslationMemory

    cache = tmp_path / "cache"
    env = json.dumps({"env_vars": {"LINTAS_CACHE_DIR": str(cache)}})
    args = [a for a in _tiny_translate_args(tmp_path, tiny_model_dir) if a != "--no-cache"]
    args += ["--engine", "transformers", "--executor", "ray", "--workers", 2, "--runtime-env", env]
    first = lintas(*args, "-o", tmp_path / "first")
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in cache.iterdir() if "corrupt" in p.name) == []
    assert TranslationMemory(cache / "tm.sqlite3").stats()["entries"] == 6  # every sentence, from the workers
    again = lintas(*args, "-o", tmp_path / "again")
    assert again.exit_code == 0, again.output
    assert read_all(tmp_path / "again") == read_all(tmp_path / "first")


@pytest.mark.parametrize(
    ("env", "mode"),
    [({}, "unset"), ({"RAY_AUTH_TOKEN": "x" * 32}, "token"), ({"RAY_AUTH_MODE": "disabled"}, "disabled")],
)
def test_a_cluster_driver_uses_token_mode_when_a_token_is_at_hand(tmp_path, env, mode):
    """``ray start`` turns token authentication on; a driver with a token must say so before Ray is imported."""
    import subprocess

    code = "import os; from lintas.translate.corpus.ray_engine import require_ray; require_ray(local=False); "
    code += "print(os.environ.get('RAY_AUTH_MODE', 'unset'))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "HOME": str(tmp_path), **env},  # no ~/.ray/auth_token in this home
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [mode]
