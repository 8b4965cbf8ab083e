"""Speed and memory figures for a translator, and the machine they were measured on.

Three numbers answer three different questions, so all three are measured:

- throughput (sentences/s, target tokens/s) over the whole test set in one call: batch jobs, corpus building;
- single-sentence latency p50/p95, translating a sample one sentence at a time: interactive use;
- peak resident memory while the model loads and translates: will it fit next to everything else?

Figures are only comparable on the same machine in the same run, which is why every report carries
:func:`machine_info` and :func:`versions`.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.metadata
import logging
import os
import platform
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from lintas.translate.parallelism import available_cores

logger = logging.getLogger("lintas")

#: Sentences translated one at a time for latency percentiles (``bench run --latency-sample``).
DEFAULT_LATENCY_SAMPLE = 20
#: Sources translated, untimed, before the throughput run (one default batch; see :func:`measure_translator`).
DEFAULT_WARMUP = 32
#: How often the memory sampler looks at the process's resident set size.
RSS_POLL_SECONDS = 0.02


@dataclass(frozen=True)
class SpeedResult:
    """Speed and memory of one model on one test set.

    Attributes:
        engine: the engine that ran (``transformers`` or ``ctranslate2``).
        load_seconds: time to load the model (``Translator.load_seconds``).
        sentences: sentences translated in the throughput run.
        translate_seconds: wall time of the throughput run (one ``translate`` call on the whole set).
        sentences_per_second: ``sentences / translate_seconds``.
        target_tokens: target subword tokens produced, counted by the engine's tokenizer.
        tokens_per_second: ``target_tokens / translate_seconds``.
        latency_sample: sentences translated one at a time for the latency figures.
        latency_p50_ms: median single-sentence latency in milliseconds (``None`` when the sample is empty).
        latency_p95_ms: 95th percentile single-sentence latency in milliseconds (``None`` likewise).
        peak_rss_mb: highest resident memory of the process (MiB) while this model loaded and translated.
        rss_before_mb: resident memory just before loading (MiB): the peak minus this is the model's share.
        rss_method: how the peak was measured (``psutil sampling`` or ``getrusage``, the latter a lifetime peak).
    """

    engine: str
    load_seconds: float
    sentences: int
    translate_seconds: float
    sentences_per_second: float
    target_tokens: int
    tokens_per_second: float
    latency_sample: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    peak_rss_mb: float
    rss_before_mb: float
    rss_method: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SpeedResult:
        """Rebuild from :meth:`to_dict` output (cached runs); raises ``TypeError``/``KeyError`` if incomplete."""
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})  # type: ignore[arg-type]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latency_indices(n_sentences: int, sample: int) -> list[int]:
    """Evenly spread indices of ``sample`` sentences (all of them if fewer): short and long ones alike."""
    if sample <= 0 or n_sentences <= 0:
        return []
    if sample >= n_sentences:
        return list(range(n_sentences))
    return [int(i * n_sentences / sample) for i in range(sample)]


def measure_latency(translate_one: Callable[[str], str], sentences: Sequence[str]) -> list[float]:
    """Seconds taken by each single-sentence call, after one untimed warm-up call.

    The warm-up absorbs one-off costs (lazy allocations, kernel selection) that would otherwise land in the
    first sample and inflate p95 on small samples.
    """
    if not sentences:
        return []
    translate_one(sentences[0])
    timings = []
    for sentence in sentences:
        start = time.perf_counter()
        translate_one(sentence)
        timings.append(time.perf_counter() - start)
    return timings


def _rss_bytes_now() -> int | None:
    try:
        import psutil
    except ImportError:
        return None
    return int(psutil.Process().memory_info().rss)


def _ru_maxrss_bytes() -> int:
    """Lifetime peak RSS of this process (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


class PeakRss:
    """Track the peak resident memory of this process while a block runs.

    With psutil, a background thread samples RSS every :data:`RSS_POLL_SECONDS`, so the peak belongs to this
    block even when an earlier model in the same process used more. Without psutil it falls back to
    ``getrusage``, whose peak covers the whole process lifetime (noted in :attr:`method`).

    Example:
        >>> with PeakRss() as rss:          # doctest: +SKIP
        ...     model = load()
        >>> rss.peak_mb
    """

    def __init__(self, poll_seconds: float = RSS_POLL_SECONDS) -> None:
        self.poll_seconds = poll_seconds
        self.before_bytes = 0
        self.peak_bytes = 0
        self.method = "psutil sampling"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            now = _rss_bytes_now() or 0
            self.peak_bytes = max(self.peak_bytes, now)

    def __enter__(self) -> PeakRss:
        now = _rss_bytes_now()
        if now is None:
            self.method = "getrusage (lifetime peak of the process)"
            self.before_bytes = _ru_maxrss_bytes()
            return self
        self.before_bytes = self.peak_bytes = now
        self._thread = threading.Thread(target=self._poll, name="lintas-rss", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is None:
            self.peak_bytes = _ru_maxrss_bytes()
            return
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, _rss_bytes_now() or 0)

    @property
    def peak_mb(self) -> float:
        """Peak resident memory in MiB."""
        return self.peak_bytes / 2**20

    @property
    def before_mb(self) -> float:
        """Resident memory when the block started, in MiB."""
        return self.before_bytes / 2**20


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` holds the elapsed seconds."""
    box = [0.0]
    start = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - start


class TranslatorLike(Protocol):
    """What :func:`measure_translator` needs from :class:`lintas.translate.translator.Translator`."""

    load_seconds: float
    engine: Any

    def translate(self, sentences: list[str]) -> list[str]: ...


def preload_libraries(engine: str) -> None:
    """Import the engines' libraries before the first model loads.

    Otherwise the first model's load time would include importing torch and transformers (seconds) while the
    next models' would not, and its memory peak would include the libraries' share.
    """
    import importlib

    names = ["torch", "transformers"] + (["ctranslate2"] if engine in ("auto", "ctranslate2") else [])
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            logger.debug("%s not importable; its engine will report the problem if it is used", name)


def measure_translator(
    load: Callable[[], TranslatorLike],
    sources: Sequence[str],
    latency_sample: int = DEFAULT_LATENCY_SAMPLE,
    *,
    warmup: int = DEFAULT_WARMUP,
) -> tuple[list[str], SpeedResult]:
    """Load a translator, translate ``sources`` and measure throughput, latency and memory.

    Steps, all inside one :class:`PeakRss` block: ``load()``; an untimed warm-up translating the first
    ``warmup`` sources in one call; one timed ``translate`` call on every source (throughput, and the
    translations returned); ``latency_sample`` sentences spread over the set, translated one at a time
    (latency). The translator is dropped before returning and garbage is collected, so the next model's memory
    peak is its own.

    The warm-up is a whole batch, not one sentence, because the first batched call in a process can pay one-off
    costs (allocator pools, per-shape kernel selection in the CPU math libraries) that later models in the same
    process would not, which would favour every model but the first.

    Returns:
        The translations of ``sources`` (in order) and the :class:`SpeedResult`.
    """
    if not sources:
        raise ValueError("nothing to translate")
    with PeakRss() as rss:
        translator = load()
        translator.translate(list(sources[: max(1, warmup)]))
        with stopwatch() as elapsed:
            hyps = translator.translate(list(sources))
        tokens = int(sum(translator.engine.count_output_tokens(hyps)))
        sample = [sources[i] for i in latency_indices(len(sources), latency_sample)]
        latencies = measure_latency(lambda s: translator.translate([s])[0], sample)
        engine, load_seconds = str(translator.engine.name), float(translator.load_seconds)
        translator = None  # type: ignore[assignment]  # release the model inside the block: its memory is part of this measurement only
    gc.collect()
    seconds = max(elapsed[0], 1e-9)
    return list(hyps), SpeedResult(
        engine=engine,
        load_seconds=load_seconds,
        sentences=len(sources),
        translate_seconds=elapsed[0],
        sentences_per_second=len(sources) / seconds,
        target_tokens=tokens,
        tokens_per_second=tokens / seconds,
        latency_sample=len(latencies),
        latency_p50_ms=percentile(latencies, 50) * 1000 if latencies else None,
        latency_p95_ms=percentile(latencies, 95) * 1000 if latencies else None,
        peak_rss_mb=rss.peak_mb,
        rss_before_mb=rss.before_mb,
        rss_method=rss.method,
    )


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> dict[str, object]:
    """CPU model, core counts, the threads torch uses, OS and Python: what speed figures depend on."""
    info: dict[str, object] = {
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "physical_cores": None,
        "cores_available": available_cores(),
        "torch_threads": None,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    with contextlib.suppress(ImportError):
        import psutil

        info["physical_cores"] = psutil.cpu_count(logical=False)
        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    if "torch" in sys.modules:  # only report it if a model already imported torch; never import it for this
        info["torch_threads"] = sys.modules["torch"].get_num_threads()
    return info


#: Packages whose versions go into every report (a missing optional one is reported as such).
REPORTED_PACKAGES = (
    "lintas",
    "torch",
    "transformers",
    "sacrebleu",
    "ctranslate2",
    "sentencepiece",
    "unbabel-comet",
)


def versions(packages: Sequence[str] = REPORTED_PACKAGES) -> dict[str, str]:
    """Installed version of each package, or ``"not installed"``."""
    out = {}
    for name in packages:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    if out.get("lintas") == "not installed":
        from lintas.translate import __version__

        out["lintas"] = __version__
    return out
