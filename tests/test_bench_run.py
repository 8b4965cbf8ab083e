"""`lintas bench run` end to end on the tiny fixture model: reports, sections, cache reuse.

The tiny model translates into noise, so these tests check plumbing (files, sections, keys, caching), never
quality or speed values.
"""

from __future__ import annotations

import json
import logging
import shlex
import shutil
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import lintas.eval.bench as bench
from lintas.eval.analysis import bucket_labels, bucket_of, worst_sentences
from lintas.eval.bench import BenchConfig, cache_paths, safe_name
from lintas.eval.comet_metric import comet_scores
from lintas.eval.report import SECTIONS, render_markdown
from lintas.eval.speed import latency_indices, percentile
from lintas.translate.cli import main
from lintas.translate.config import TranslatorConfig

LIMIT = 8
COMMON = [
    "--testset",
    "flores200-devtest",
    "--engine",
    "transformers",
    "--beam",
    "1",
    "--limit",
    str(LIMIT),
    "--max-output-length",
    "16",
    "--latency-sample",
    "3",
    "--worst",
    "4",
]


@pytest.fixture(scope="module")
def second_model(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model under another name: a second "system" for the comparison."""
    return Path(shutil.copytree(tiny_model_dir, tmp_path_factory.mktemp("models2") / "tiny-copy"))


def bench_run(args: list[str], monkeypatch: pytest.MonkeyPatch):
    argv = ["lintas", "bench", "run", *args]
    monkeypatch.setattr(sys, "argv", argv)  # the report records the command line from argv
    return CliRunner().invoke(main, argv[1:])


@pytest.fixture(scope="module")
def two_model_run(tiny_model_dir, second_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    with pytest.MonkeyPatch.context() as mp:
        args = ["-m", str(tiny_model_dir), "-m", str(second_model), *COMMON, "-o", str(out)]
        result = bench_run(args, mp)
    assert result.exit_code == 0, result.output + str(result.exception)
    return out, result, args


def test_writes_all_reports_and_plots(two_model_run) -> None:
    out, result, _ = two_model_run
    for name in ("report.md", "report.json", "report.html", "quality_vs_speed.png", "chrf_by_length.png"):
        assert (out / name).is_file(), name
    for png in ("quality_vs_speed.png", "chrf_by_length.png"):
        assert (out / png).read_bytes().startswith(b"\x89PNG")
    assert "report.md" in result.stdout and "chrF2" in result.stdout


def test_markdown_and_html_have_every_section(two_model_run) -> None:
    out, result, _ = two_model_run
    md = (out / "report.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    for title in SECTIONS:
        assert f"\n## {title}\n" in md, title
        assert f"<h2>{title}</h2>" in page, title
    assert md.count("](quality_vs_speed.png)") == 1 and "](chrf_by_length.png)" in md
    assert page.count('src="data:image/png;base64,') == 2
    assert "COMET not computed" in md and "COMET not computed" in page
    assert "tok:13a" in md and "nw:2" in page  # scores travel with signatures
    assert "docs/benchmarks.md" in md
    warning = "is a lintas tiny fixture with random weights: its translations are noise"
    assert md.count(warning) == 2 and page.count(warning) == 2  # one line per fixture model, in the intro
    assert result.output.count("lintas: warning:") == 2 and warning in result.output


def test_json_has_every_key(two_model_run, tiny_model_dir, second_model) -> None:
    out, _, args = two_model_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {
        "command",
        "testset",
        "settings",
        "systems",
        "quality",
        "comet",
        "significance",
        "speed",
        "analysis",
        "environment",
        "plots",
        "published_scores",
    } <= set(report)
    assert report["command"] == shlex.join(["lintas", "bench", "run", *args])
    assert report["testset"]["name"] == "flores200-devtest" and report["testset"]["segments_used"] == LIMIT
    labels = [s["label"] for s in report["systems"]]
    assert [s["model"] for s in report["systems"]] == [str(tiny_model_dir), str(second_model)]
    q = report["quality"]
    assert q["metrics"] == ["BLEU", "chrF2", "chrF2++", "TER"]
    assert set(q["signatures"]) == set(q["metrics"])
    for label in labels:
        assert [r["name"] for r in q["systems"][label]] == q["metrics"]
        speed = report["speed"][label]
        for key in (
            "load_seconds",
            "sentences_per_second",
            "tokens_per_second",
            "latency_p50_ms",
            "latency_p95_ms",
            "peak_rss_mb",
        ):
            assert speed[key] >= 0, key
        assert (
            speed["engine"] == "transformers" and speed["sentences"] == LIMIT and speed["latency_sample"] == 3
        )
        assert speed["target_tokens"] > 0 and speed["peak_rss_mb"] > 0
        hyp_file = out / next(s["hypotheses"] for s in report["systems"] if s["label"] == label)
        assert len(hyp_file.read_text(encoding="utf-8").splitlines()) == LIMIT
    comet = report["comet"]
    assert comet["computed"] is False and comet["note"].startswith("COMET not computed")
    sig = report["significance"]
    assert sig["baseline"] == labels[0] and len(sig["rows"]) == 2 * 4
    assert set(sig["tests"]) == {"bs", "ar"}
    buckets = report["analysis"]["length_buckets"]
    assert [b["label"] for b in buckets["buckets"]] == bucket_labels()
    assert sum(b["segments"] for b in buckets["buckets"]) == LIMIT
    worst = report["analysis"]["worst_sentences"]["systems"]
    assert set(worst) == set(labels) and all(len(v) == 4 for v in worst.values())
    assert {"line", "source", "reference", "hypothesis", "chrf"} <= set(worst[labels[0]][0])
    versions = report["environment"]["versions"]
    assert {"lintas", "torch", "transformers", "sacrebleu", "ctranslate2"} <= set(versions)
    machine = report["environment"]["machine"]
    assert machine["cpu"] and machine["logical_cores"] and machine["torch_threads"]
    assert report["plots"] == {
        "quality_vs_speed": "quality_vs_speed.png",
        "chrf_by_length": "chrf_by_length.png",
    }


def test_rerun_with_one_more_model_translates_only_the_new_one(
    tiny_model_dir, second_model, tmp_path, monkeypatch, caplog
) -> None:
    loaded: list[str] = []
    real_loader = bench._load_translator

    def counting_loader(model, config):
        loaded.append(model)
        return real_loader(model, config)

    monkeypatch.setattr(bench, "_load_translator", counting_loader)
    first = bench_run(["-m", str(tiny_model_dir), *COMMON, "-o", str(tmp_path)], monkeypatch)
    assert first.exit_code == 0, first.output
    assert loaded == [str(tiny_model_dir)]
    hyp_txt, _ = cache_paths(
        tmp_path,
        str(tiny_model_dir),
        BenchConfig(
            (str(tiny_model_dir),),
            translator=TranslatorConfig(engine="transformers", beam_size=1, cache=False),
            limit=LIMIT,
        ),
    )
    assert hyp_txt.is_file()
    before = hyp_txt.stat().st_mtime_ns
    single = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert "note" in single["significance"]  # one model: nothing to compare with

    loaded.clear()
    caplog.set_level(logging.INFO, logger="lintas")
    second = bench_run(
        ["-m", str(tiny_model_dir), "-m", str(second_model), *COMMON, "-o", str(tmp_path)], monkeypatch
    )
    assert second.exit_code == 0, second.output
    assert loaded == [str(second_model)]  # the first model was not loaded again
    assert hyp_txt.stat().st_mtime_ns == before
    assert any("reusing cached translations" in r.getMessage() for r in caplog.records)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [s["cached"] for s in report["systems"]] == [True, False]
    assert report["speed"][report["systems"][0]["label"]] == single["speed"][single["systems"][0]["label"]]

    loaded.clear()  # another beam is another cache entry
    third = bench_run(["-m", str(tiny_model_dir), *COMMON, "--beam", "2", "-o", str(tmp_path)], monkeypatch)
    assert third.exit_code == 0, third.output
    assert loaded == [str(tiny_model_dir)]


def test_new_weights_at_the_same_path_are_translated_again(tiny_model_dir, tmp_path, monkeypatch) -> None:
    from lintas.translate.fixtures import build_fixture

    loaded: list[str] = []
    real_loader = bench._load_translator
    monkeypatch.setattr(bench, "_load_translator", lambda m, c: loaded.append(m) or real_loader(m, c))
    model = Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))
    args = ["-m", str(model), *COMMON, "-o", str(tmp_path / "out")]
    assert bench_run(args, monkeypatch).exit_code == 0
    assert bench_run(args, monkeypatch).exit_code == 0
    assert loaded == [str(model)]  # the second run was cached
    build_fixture("tiny", model, seed=7)  # other weights, same folder
    assert bench_run(args, monkeypatch).exit_code == 0
    assert loaded == [str(model), str(model)]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [s["cached"] for s in report["systems"]] == [False]


def test_missing_model_is_one_line_and_exit_3(tmp_path, monkeypatch) -> None:
    result = bench_run(
        ["-m", str(tmp_path / "no-such-model"), *COMMON, "-o", str(tmp_path / "out")], monkeypatch
    )
    assert result.exit_code == 3
    assert result.stderr.startswith("lintas: ") and len(result.stderr.strip().splitlines()) == 1


def test_bad_options_are_one_line(tiny_model_dir, tmp_path, monkeypatch) -> None:
    result = bench_run(["-m", str(tiny_model_dir), "--testset", "flores", "-o", str(tmp_path)], monkeypatch)
    assert result.exit_code == 2 and "flores200-devtest" in result.stderr
    result = bench_run(["-m", "a", "-m", "a", "-o", str(tmp_path)], monkeypatch)
    assert result.exit_code == 2 and "only once" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = bench_run(["-m", str(tiny_model_dir), *COMMON, "-o", str(blocker)], monkeypatch)
    assert result.exit_code == 2 and "not a folder" in result.stderr


# -- small pieces ------------------------------------------------------------------------------------------------


def test_safe_name_is_a_file_name_and_unique() -> None:
    a, b = safe_name("Helsinki-NLP/opus-mt-id-en"), safe_name("/models/Helsinki-NLP/opus-mt-id-en")
    assert a.startswith("Helsinki-NLP_opus-mt-id-en-") and "/" not in a + b and a != b


def test_buckets_and_worst_sentences() -> None:
    assert bucket_labels((10, 20)) == ["<10", "10-19", "≥20"]
    assert [bucket_of(n, (10, 20)) for n in (0, 9, 10, 19, 20, 99)] == [0, 0, 1, 1, 2, 2]
    worst = worst_sentences(["s1", "s2", "s3"], ["r1", "r2", "r3"], ["h1", "h2", "h3"], [50.0, 10.0, 10.0], 2)
    assert [(w.line, w.chrf) for w in worst] == [(2, 10.0), (3, 10.0)]


def test_percentile_and_latency_sample() -> None:
    import numpy as np

    values = [0.3, 0.1, 0.9, 0.5, 0.2, 0.7]
    for q in (50, 95):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert latency_indices(100, 4) == [0, 25, 50, 75]
    assert latency_indices(3, 20) == [0, 1, 2]


# -- COMET: the guarded code path, with a stand-in for the optional package ----------------------------------------


def _fake_comet(download):
    module = types.ModuleType("comet")
    module.download_model = download

    class Model:
        def predict(self, data, batch_size, gpus, progress_bar):
            # A deterministic stand-in score: the share of hypotheses equal to their reference.
            scores = [1.0 if d["mt"] == d["ref"] else 0.0 for d in data]
            return types.SimpleNamespace(scores=scores, system_score=sum(scores) / len(scores))

    module.load_from_checkpoint = lambda path: Model()
    return module


def test_comet_not_installed_is_a_note(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "comet", None)  # makes `import comet` raise ImportError
    out = comet_scores(["s"], ["r"], {"a": ["h"]})
    assert not out.computed and "unbabel-comet package is not installed" in out.note and not out.scores


def test_comet_model_not_offline_is_a_note(monkeypatch) -> None:
    def download(model, local_files_only=False):
        assert local_files_only  # never fetch from the hub
        raise OSError("not in the local cache")

    monkeypatch.setitem(sys.modules, "comet", _fake_comet(download))
    out = comet_scores(["s"], ["r"], {"a": ["h"]}, model="Unbabel/wmt22-comet-da")
    assert not out.computed and "not available offline" in out.note and "not in the local cache" in out.note


def test_comet_scores_when_available(monkeypatch, tmp_path) -> None:
    ckpt = tmp_path / "comet" / "checkpoints" / "model.ckpt"
    ckpt.parent.mkdir(parents=True)
    ckpt.write_bytes(b"stand-in")

    def download(model, local_files_only=False):
        raise AssertionError("a local folder must not be looked up on the hub")

    monkeypatch.setitem(sys.modules, "comet", _fake_comet(download))
    out = comet_scores(
        ["s1", "s2"], ["r1", "r2"], {"a": ["r1", "x"], "b": ["r1", "r2"]}, model=str(tmp_path / "comet")
    )
    assert out.computed and out.note == ""
    assert out.scores == {"a": 0.5, "b": 1.0}
    assert out.signature.startswith(f"model:{tmp_path / 'comet'}|nrefs:1|version:")


def test_computed_comet_gets_a_column(two_model_run) -> None:
    out, _, _ = two_model_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    labels = [s["label"] for s in report["systems"]]
    report["comet"] = {
        "computed": True,
        "model": "m",
        "note": "",
        "scores": dict.fromkeys(labels, 0.5),
        "signature": "model:m",
    }
    md = render_markdown(report)
    assert "| model | BLEU | chrF2 | chrF2++ | TER | COMET |" in md
    assert "0.5000" in md and "COMET signature: `model:m`" in md and "COMET not computed" not in md


def test_scoring_options_reach_every_score_of_the_report(tiny_model_dir, tmp_path, monkeypatch) -> None:
    """A benchmark reported in a paper's configuration: spBLEU-like options, chrF beta 3, case-sensitive TER."""
    scoring = ["--tokenize", "char", "--chrf-beta", "3", "--ter-case-sensitive", "--smooth-method", "floor"]
    result = bench_run(["-m", str(tiny_model_dir), *COMMON, *scoring, "-o", str(tmp_path)], monkeypatch)
    assert result.exit_code == 0, result.output + str(result.exception)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    quality = report["quality"]
    assert quality["metrics"] == ["BLEU", "chrF3", "chrF3++", "TER"]
    assert (
        "tok:char" in quality["signatures"]["BLEU"] and "smooth:floor[0.10]" in quality["signatures"]["BLEU"]
    )
    assert "case:mixed" in quality["signatures"]["TER"] and quality["options"] == {
        "tokenize": "char", "smooth_method": "floor", "chrf_beta": 3, "ter_case_sensitive": True,
    }  # fmt: skip
    assert report["analysis"]["worst_sentences"]["metric"] == "chrF3"
    assert "chrF3" in result.output  # the summary table names the metric it shows
    from sacrebleu.metrics import BLEU

    label = report["systems"][0]["label"]
    hyps = (tmp_path / report["systems"][0]["hypotheses"]).read_text(encoding="utf-8").splitlines()
    refs = bench.get_testset("flores200-devtest").reference_lines()[:LIMIT]
    expected = BLEU(tokenize="char", smooth_method="floor").corpus_score(hyps, [refs]).score
    assert quality["systems"][label][0]["score"] == pytest.approx(expected, abs=1e-9)
