"""``lintas corpus build`` and ``lintas corpus translate``: bad input, exit codes, SIGKILL and resume, gzip."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from records import write_jsonl

import translate.cli.corpus_cmd  # noqa: F401 - attaches the commands, whether or not translate.cli lists the module
from eval.testsets import get_testset
from translate.cli import main

pytestmark = pytest.mark.usefixtures("fixed_date")

REPO = Path(__file__).resolve().parents[1]
CORPUS_FILES = [
    "corpus.id",
    "corpus.en",
    "corpus.tsv",
    "corpus.jsonl",
    "corpus.tmx",
    "stats.json",
    "stats.md",
]


def lintas(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def flores_docs(limit: int) -> list[tuple[str, str, str]]:
    docs = get_testset("flores200-devtest").documents()[:limit]
    return [
        (f"doc{n:03d}", " ".join(a for a, _ in pairs), " ".join(b for _, b in pairs))
        for n, (_, pairs) in enumerate(docs)
    ]


def write_pairs(path: Path, limit: int) -> Path:
    return write_jsonl(path, [{"id": i, "src": s, "tgt": t} for i, s, t in flores_docs(limit)])


def test_help_documents_the_exit_codes():
    result = lintas("corpus", "build", "--help")
    assert result.exit_code == 0
    assert "1  the corpus was built, but some documents were skipped" in result.output
    assert "--workers" in result.output and "--gzip" in result.output
    # Example blocks keep their lines (click's \\b markers survive the appended exit codes), and the body is not
    # left indented.
    assert "\n  From a JSONL file:  lintas corpus build --pairs docs.jsonl -o corpus/\n" in result.output
    assert "\n  Output in DIR:\n    corpus.id, corpus.en   Moses" in result.output
    assert "\b" not in result.output and "\n      " not in result.output.split("Exit codes")[0]
    translate_help = lintas("corpus", "translate", "--help").output
    assert (
        "Exit codes" in translate_help
        and "\n  lintas corpus translate articles/ -o synthetic/" in translate_help
    )
    assert (
        "--executor [local|ray]" in translate_help
        and "--engine [auto|transformers|ctranslate2|ray]" in translate_help
    )


def test_folder_build_with_bad_documents_skips_them_and_exits_1(tmp_path, caplog):
    src, tgt = tmp_path / "id", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for name, s, t in flores_docs(6):
        (src / f"{name}.txt").write_text(s, encoding="utf-8")
        (tgt / f"{name}.txt").write_text(t, encoding="utf-8")
    (src / "orphan.txt").write_text("Tidak ada pasangannya.", encoding="utf-8")
    (src / "empty.md").write_text("\n\n", encoding="utf-8")
    (tgt / "empty.md").write_text("Something.", encoding="utf-8")
    (src / "latin1.txt").write_bytes("Kafe itu menjual caf\xe9 au lait.".encode("latin-1"))
    (tgt / "latin1.txt").write_text("The café sells café au lait.", encoding="utf-8")
    result = lintas("corpus", "build", "--src-dir", src, "--tgt-dir", tgt, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1, result.output
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    assert stats["documents"] == {"total": 9, "processed": 6, "skipped": 3}
    reasons = {s["id"]: s["reason"] for s in stats["skipped_documents"]}
    assert set(reasons) == {"orphan.txt", "empty.md", "latin1.txt"}
    assert "no partner in --tgt-dir" in reasons["orphan.txt"]
    assert "is empty" in reasons["empty.md"]
    assert "is not UTF-8" in reasons["latin1.txt"]
    for doc_id in reasons:  # each one logged too (the CLI's log handler writes to stderr)
        assert f"skipped document '{doc_id}'" in caplog.text
    assert stats["pairs"]["kept"] > 15
    assert all((tmp_path / "out" / name).is_file() for name in CORPUS_FILES)
    assert "| orphan.txt |" in (tmp_path / "out" / "stats.md").read_text(encoding="utf-8")


def test_malformed_jsonl_lines_are_skipped_and_the_rest_built(tmp_path):
    path = write_pairs(tmp_path / "docs.jsonl", 4)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "src": \n')
        fh.write('{"id": "no-target", "src": "Halo."}\n')
    result = lintas("corpus", "build", "--pairs", path, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in stats["skipped_documents"]] == ["line 5", "no-target"]
    assert stats["documents"]["processed"] == 4


def test_clean_build_exits_0_and_summarises(tmp_path):
    result = lintas(
        "corpus", "build", "--pairs", write_pairs(tmp_path / "d.jsonl", 3), "-o", tmp_path / "out", "-q"
    )
    assert result.exit_code == 0, result.output
    assert "pairs kept of" in result.output and "(0 skipped)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pairs", "x.jsonl", "--src-dir", "a"], "either --pairs or --src-dir/--tgt-dir"),
        (["--src-dir", "a"], "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir"),
        (["--pairs", "missing.jsonl"], "missing.jsonl: no such file"),
        (["--pairs", "d.jsonl", "--config", "bad.toml"], "unknown filter 'lenght'"),
        (["--pairs", "d.jsonl", "--lexicon", "x.tsv", "--no-lexicon"], "contradict each other"),
    ],
)
def test_usage_and_input_errors_are_one_line_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_pairs(tmp_path / "d.jsonl", 1)
    (tmp_path / "bad.toml").write_text("[filters.lenght]\n", encoding="utf-8")
    result = lintas("corpus", "build", *args, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith("lintas: ") and message in result.output
    assert result.output.count("\n") == 1


def test_cli_workers_and_gzip(tmp_path):
    pairs = write_pairs(tmp_path / "d.jsonl", 12)
    assert (
        lintas(
            "corpus", "build", "--pairs", pairs, "-o", tmp_path / "one", "-q", "--shard-size", "5"
        ).exit_code
        == 0
    )
    two = lintas("corpus", "build", "--pairs", pairs, "-o", tmp_path / "two", "-q", "-j", "2", "--gzip")
    assert two.exit_code == 0, two.output
    import gzip

    for name in CORPUS_FILES[:5]:
        plain = (tmp_path / "one" / name).read_bytes()
        assert gzip.decompress((tmp_path / "two" / f"{name}.gz").read_bytes()) == plain
    assert (tmp_path / "one" / "stats.json").read_bytes().replace(b".gz", b"") == (
        tmp_path / "two" / "stats.json"
    ).read_bytes().replace(b".gz", b"")


def _run(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "translate.cli", "corpus", "build", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _shards_done(out: Path) -> int:
    try:
        return len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["shards"])
    except (OSError, ValueError):
        return 0


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_then_rerun_gives_the_uninterrupted_output(tmp_path, workers):
    pairs = write_pairs(tmp_path / "docs.jsonl", 120)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "HF_HUB_OFFLINE": "1"}
    args = ["--pairs", str(pairs), "-q", "--shard-size", "4", "-j", workers]
    reference = _run([*args, "-o", str(tmp_path / "ref")], env)
    assert reference.wait(timeout=240) == 0, reference.stderr.read().decode()

    out = tmp_path / "killed"
    proc = _run([*args, "-o", str(out)], env)
    deadline = time.monotonic() + 120
    while _shards_done(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert 3 <= len(manifest["shards"]) < 30 and not manifest["complete"]
    assert not (out / "corpus.tsv").exists()

    rerun = _run([*args, "-o", str(out)], env)
    assert rerun.wait(timeout=240) == 0
    assert "resuming the build" in rerun.stderr.read().decode()
    for name in CORPUS_FILES:
        assert (out / name).read_bytes() == (tmp_path / "ref" / name).read_bytes(), name


def test_corpus_translate_on_the_tiny_model_records_the_model(tiny_model_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Harga beras naik tajam minggu ini. Pemerintah akan bertindak.", encoding="utf-8"
    )
    (docs / "b.md").write_text("# Banjir di Jakarta\n\nHujan deras turun sejak pagi.", encoding="utf-8")
    config = tmp_path / "f.toml"
    config.write_text(
        "[filters.language]\nenabled = false\n", encoding="utf-8"
    )  # the tiny model writes noise
    out = tmp_path / "out"
    args = [
        "corpus",
        "translate",
        docs,
        "-o",
        out,
        "-m",
        tiny_model_dir,
        "--engine",
        "transformers",
        "--beam",
        "1",
    ]
    result = lintas(
        *args, "--max-output-length", "12", "--no-cache", "-q", "--config", config, "--write-dropped"
    )
    assert result.exit_code == 0, result.output
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["kind"] == "synthetic"
    assert stats["metadata"]["model"] == str(tiny_model_dir)
    assert stats["metadata"]["engine"] == "transformers" and stats["metadata"]["model_fingerprint"]
    assert stats["documents"]["processed"] == 2 and stats["sentences"]["src"] == 4
    rows = [json.loads(x) for x in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    dropped = [json.loads(x) for x in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) + len(dropped) == 4
    assert all(r["mt_model"] == str(tiny_model_dir) for r in rows + dropped)
    assert str(tiny_model_dir) in (out / "corpus.tmx").read_text(encoding="utf-8")
