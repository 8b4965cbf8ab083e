"""``lintas bench run``: translate a test set with several models, then measure quality, speed and failures.

The benchmark is a pipeline of small steps, each in its own module: translate and time each model
(:mod:`lintas.eval.speed`), score it (:mod:`lintas.eval.metrics`, :mod:`lintas.eval.comet_metric`), test differences against the first
model (:mod:`lintas.eval.significance`), find where it fails (:mod:`lintas.eval.analysis`), then write the reports
(:mod:`lintas.eval.report`). :func:`run_benchmark` returns one JSON-ready dict that every report format renders.

Translations are cached in the output folder (``hyps/<model>.<testset>.<engine>.beam<N>.<limit>.txt`` plus a
JSON file with the speed figures and the settings they were measured with), so adding one model to a finished
benchmark translates only the new model. A cached run is reused only when every setting that affects the
output or the timing matches, the model's own files included (a local folder is fingerprinted, so replacing
its weights in place translates it again); delete ``DIR/hyps`` to force a fresh run.

A model folder built by :mod:`lintas.translate.fixtures` (random weights) is named as such in every report and on the
terminal: its scores are noise.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintas.eval.analysis import DEFAULT_WORST, bucket_labels, scores_by_length, worst_sentences
from lintas.eval.bench_report import BenchReport
from lintas.eval.comet_metric import DEFAULT_COMET_MODEL, comet_scores
from lintas.eval.config import samples_option
from lintas.eval.metric_options import MetricOptions
from lintas.eval.metrics import DEFAULT_METRICS, METRICS, score_corpus, score_sentences
from lintas.eval.significance import compare_systems
from lintas.eval.speed import (
    DEFAULT_LATENCY_SAMPLE,
    SpeedResult,
    machine_info,
    measure_translator,
    preload_libraries,
    versions,
)
from lintas.eval.testsets import get_testset
from lintas.translate.config import TranslatorConfig
from lintas.translate.errors import InputError, OutputError
from lintas.translate.fixtures import fixture_note
from lintas.translate.io import write_text
from lintas.translate.models import model_fingerprint
from lintas.translate.option_spec import check_option_values, option

if TYPE_CHECKING:
    from lintas.translate.translator import Translator

logger = logging.getLogger("lintas")

#: The translator a benchmark starts from: no translation memory (a cached sentence would be timed as free).
BENCH_TRANSLATOR = TranslatorConfig(cache=False)


@dataclass(frozen=True)
class BenchConfig:
    """Everything that defines a benchmark run (the CLI options of ``bench run``).

    Attributes:
        models: hub ids or local folders; the first is the baseline of the significance tests.
        testset: a name from :mod:`lintas.eval.testsets`.
        translator: engine and decoding settings shared by every model (its ``model`` is replaced by each of
            ``models``; the translation memory is never used).
        limit: translate only the first ``limit`` segments (``None``: all).
        latency_sample: sentences translated one at a time for latency percentiles.
        worst: sentences per model in the worst-sentence table.
        comet_model: COMET model id or local checkpoint (used only if available offline).
        bs_samples: paired bootstrap resamples.
        ar_samples: paired approximate randomization trials.
        scoring: sacrebleu's scoring options (tokenizer, smoothing, chrF and TER settings), for every score.
    """

    models: tuple[str, ...]
    testset: str = option(
        "flores200-devtest", "Shipped test set (see `lintas eval testsets`).", aliases=("-t",), metavar="NAME"
    )
    translator: TranslatorConfig = BENCH_TRANSLATOR
    limit: int | None = option(
        None, "Use only the first N segments (quick runs).", minimum=1, metavar="N", default_text="all"
    )
    latency_sample: int = option(
        DEFAULT_LATENCY_SAMPLE,
        "Segments translated one at a time for latency p50/p95.",
        minimum=0,
        maximum=10_000,  # each is one model call: 10,000 takes hours on a CPU, and p95 is stable long before
        metavar="N",
    )
    worst: int = option(DEFAULT_WORST, "Worst sentences listed per model.", minimum=0, metavar="N")
    comet_model: str = option(
        DEFAULT_COMET_MODEL,
        "COMET model, used only if unbabel-comet is installed and the model is on disk.",
        metavar="ID|PATH",
    )
    bs_samples: int = samples_option("bs")
    ar_samples: int = samples_option("ar")
    scoring: MetricOptions = MetricOptions()

    def __post_init__(self) -> None:
        check_option_values(self)

    def settings(self) -> dict[str, Any]:
        """The settings every system shares, as the report and the translation cache record them."""
        shared = {k: v for k, v in self.translator.to_dict().items() if k not in ("model", "cache")}
        return {**shared, "limit": self.limit, "latency_sample": self.latency_sample}


@dataclass(frozen=True)
class SystemRun:
    """One model's translations and speed figures.

    Attributes:
        model: the model as given.
        label: short name used in tables.
        hypotheses: the translations, one per test segment.
        speed: measured speed and memory.
        cached: ``True`` when read from ``DIR/hyps`` instead of translated in this run.
        hyp_file: the cached translation file, relative to the output folder.
    """

    model: str
    label: str
    hypotheses: list[str]
    speed: SpeedResult
    cached: bool
    hyp_file: str


def safe_name(model: str) -> str:
    """A file-name-safe, collision-free name for ``model``: readable tail plus a short hash of the full string.

    Example:
        >>> safe_name("Helsinki-NLP/opus-mt-id-en")[:26]
        'Helsinki-NLP_opus-mt-id-en'
    """
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", model).strip("._") or "model"
    digest = hashlib.sha1(model.encode("utf-8")).hexdigest()[:8]
    return f"{readable[-60:].lstrip('._')}-{digest}"


def model_labels(models: Sequence[str]) -> list[str]:
    """Short table labels: a local folder's name or the hub id; full strings where two would clash."""
    labels = [Path(m).name if Path(m).exists() else m for m in models]
    return labels if len(set(labels)) == len(labels) else list(models)


def cache_paths(out_dir: Path, model: str, config: BenchConfig) -> tuple[Path, Path]:
    """``(translations.txt, speed.json)`` for ``model`` under ``out_dir/hyps``."""
    limit = "all" if config.limit is None else str(config.limit)
    translator = config.translator
    stem = f"{safe_name(model)}.{config.testset}.{translator.engine}.beam{translator.beam_size}.{limit}"
    return out_dir / "hyps" / f"{stem}.txt", out_dir / "hyps" / f"{stem}.json"


def _cache_key(model: str, config: BenchConfig, sources: Sequence[str]) -> dict[str, object]:
    """Every setting a cached run must share with this one to be reused."""
    machine = machine_info()
    folder = Path(model).expanduser()
    return {
        "model": model,
        # a folder's content, so that new weights at the same path are translated again
        "model_fingerprint": model_fingerprint(folder) if folder.is_dir() else None,
        "testset": config.testset,
        "segments": len(sources),
        "sources_sha1": hashlib.sha1("\n".join(sources).encode("utf-8")).hexdigest(),
        **config.settings(),
        # speed figures from another machine must not be mixed into this one's report
        "machine": {k: machine[k] for k in ("cpu", "cores_available")},
    }


def _load_cached(txt: Path, meta: Path, key: dict[str, object]) -> tuple[list[str], SpeedResult] | None:
    """The cached translations and speed if they exist and were made with the same settings, else ``None``."""
    if not (txt.is_file() and meta.is_file()):
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        if data.get("key") != key:
            logger.info("cached run %s has other settings; translating again", meta.name)
            return None
        speed = SpeedResult.from_dict(data["speed"])
        lines = txt.read_text(encoding="utf-8").split("\n")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("ignoring unreadable cache %s (%s)", meta, exc)
        return None
    hyps = lines[:-1] if lines and lines[-1] == "" else lines
    if len(hyps) != key["segments"]:
        logger.warning("ignoring cache %s: %d lines, expected %d", txt, len(hyps), key["segments"])
        return None
    return hyps, speed


def _load_translator(model: str, config: BenchConfig) -> Translator:
    """Load a :class:`~lintas.translate.translator.Translator` (a seam for tests that count model loads)."""
    from lintas.translate.translator import Translator

    return Translator.from_config(config.translator.replace(model=model, cache=False), progress=None)


def _translate_and_time(
    model: str, config: BenchConfig, sources: Sequence[str]
) -> tuple[list[str], SpeedResult]:
    """Load ``model`` and measure it on ``sources`` (see :func:`lintas.eval.speed.measure_translator`)."""
    logger.info(
        "translating %d segments with %s (engine %s, beam %d)",
        len(sources),
        model,
        config.translator.engine,
        config.translator.beam_size,
    )
    preload_libraries(config.translator.engine)
    hyps, speed = measure_translator(
        lambda: _load_translator(model, config),
        sources,
        config.latency_sample,
        warmup=config.translator.batch_size,
    )
    return [" ".join(h.splitlines()) for h in hyps], speed


def run_system(
    model: str, label: str, config: BenchConfig, sources: Sequence[str], out_dir: Path
) -> SystemRun:
    """Translate with ``model`` unless an identical run is cached in ``out_dir/hyps``; cache the result."""
    txt, meta = cache_paths(out_dir, model, config)
    key = _cache_key(model, config, sources)
    cached = _load_cached(txt, meta, key)
    if cached is not None:
        logger.info("reusing cached translations of %s from %s", model, txt)
        hyps, speed = cached
        return SystemRun(model, label, hyps, speed, True, str(txt.relative_to(out_dir)))
    hyps, speed = _translate_and_time(model, config, sources)
    write_text(txt, "".join(h + "\n" for h in hyps))
    meta_doc = {"key": key, "speed": speed.to_dict(), "created": _now()}
    write_text(meta, json.dumps(meta_doc, indent=2, ensure_ascii=False) + "\n")
    return SystemRun(model, label, hyps, speed, False, str(txt.relative_to(out_dir)))


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; give a folder for -o")
    try:
        (out_dir / "hyps").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror or exc})") from None


def run_benchmark(config: BenchConfig, out_dir: str | Path, *, command: str | None = None) -> BenchReport:
    """Run the whole benchmark and return its :class:`~lintas.eval.bench_report.BenchReport`.

    Arguments:
        config: models, test set and settings.
        out_dir: folder for the cached translations (and, later, the reports); created if missing.
        command: the command line to record; defaults to this process's ``argv``.

    Raises:
        InputError: no model, a model given twice, an unknown test set, or a bad limit.
        ModelNotAvailableError: a model cannot be loaded (raised by the translator, passed through).
    """
    if not config.models:
        raise InputError("give at least one {param}", param="models")
    if len(set(config.models)) != len(config.models):
        raise InputError("each of {param} may be given only once", param="models")
    if config.limit is not None and config.limit < 1:
        raise InputError(f"{{param}} must be at least 1, got {config.limit}", param="limit")
    testset = get_testset(config.testset)
    sources = testset.source_lines()[: config.limit]
    references = testset.reference_lines()[: config.limit]
    out = Path(out_dir)
    _prepare_out_dir(out)

    labels = model_labels(config.models)
    runs = [
        run_system(m, label, config, sources, out) for m, label in zip(config.models, labels, strict=True)
    ]
    systems: dict[str, Sequence[str]] = {run.label: run.hypotheses for run in runs}

    scoring = config.scoring
    quality = {
        run.label: score_corpus(run.hypotheses, [references], DEFAULT_METRICS, options=scoring)
        for run in runs
    }
    first = next(iter(quality.values()))
    comet = comet_scores(sources, references, systems, model=config.comet_model)
    significance: dict[str, object]
    if len(runs) > 1:
        comparison = compare_systems(
            list(systems.items()),
            [references],
            DEFAULT_METRICS,
            samples={"bs": config.bs_samples, "ar": config.ar_samples},
            options=scoring,
        )
        significance = comparison.to_dict()
    else:
        significance = {
            "note": "only one model: significance tests need at least two (the first is the baseline)"
        }

    sentence = {
        label: score_sentences(hyps, [references], ["chrf"], options=scoring)
        for label, hyps in systems.items()
    }
    chrf_name = METRICS["chrf"].score_name(scoring)
    worst = {
        label: [
            w.to_dict()
            for w in worst_sentences(
                sources, references, hyps, [s[chrf_name] for s in sentence[label].scores], config.worst
            )
        ]
        for label, hyps in systems.items()
    }
    buckets = scores_by_length(sources, references, systems, options=scoring)

    return BenchReport(
        created=_now(),
        command=command or shlex.join(sys.argv),
        testset={**testset.summary(), "segments_used": len(sources), "limit": config.limit},
        settings=config.settings(),
        systems=[
            {
                "label": r.label,
                "model": r.model,
                "engine": r.speed.engine,
                "hypotheses": r.hyp_file,
                "cached": r.cached,
                "fixture": fixture_note(r.model),
            }
            for r in runs
        ],
        quality={
            "metrics": [r.name for r in first],
            "signatures": {r.name: r.signature for r in first},
            "higher_is_better": {r.name: r.higher_is_better for r in first},
            "options": scoring.changed(),
            "systems": {label: [r.to_dict() for r in results] for label, results in quality.items()},
        },
        comet=comet.to_dict(),
        significance=significance,
        speed={r.label: r.speed.to_dict() for r in runs},
        analysis={
            "length_buckets": {
                "unit": "source words",
                "labels": bucket_labels(),
                "signatures": {
                    r.name: r.signature for r in first if r.name in (chrf_name, METRICS["bleu"].name)
                },
                "buckets": [{"label": b.label, "segments": b.segments, "scores": b.scores} for b in buckets],
            },
            "worst_sentences": {
                "metric": chrf_name,
                "signature": next(iter(sentence.values())).signatures[chrf_name],
                "systems": worst,
            },
        },
        environment={"versions": versions(), "machine": machine_info()},
    )
