"""Paired significance tests: is a system's score difference from a baseline more than chance?

Both tests are sacrebleu's own implementations (:class:`sacrebleu.significance.PairedTest`), so p-values match
``sacrebleu --paired-bs`` / ``--paired-ar`` with the same seed (``SACREBLEU_SEED``, default 12345):

- paired bootstrap resampling (Koehn 2004, as Moses' script): resample the test set with replacement, score
  both systems on each resample; also gives the 95% confidence interval of each system's score;
- paired approximate randomization (Riezler and Maxwell 2005, as MultEval): swap the two systems' outputs on a
  random half of the segments and see how often the swapped difference is as large as the real one.

One correction: sacrebleu counts only the resampled statistics *strictly greater* than the observed one. Ties
then count against "as large as the real difference", so identical systems come out with p = 1/(n+1) and look
"significantly different" (the same flaw was reported against MultEval, jhclark/multeval#5), and so do two systems
whose outputs differ in one segment: every randomization trial either keeps that segment or swaps it, giving
exactly the observed difference, never a larger one. lintas counts ties as the textbook test does
(Riezler and Maxwell 2005: the shuffled difference "at least as large"), through :func:`_ties_count` around
sacrebleu's own tests; where no trial ties, p-values are sacrebleu's exactly.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field

from lintas.eval.metric_options import MetricOptions
from lintas.eval.metrics import METRICS, build_metrics, check_references, parse_metric_names
from lintas.translate.checks import at_least
from lintas.translate.errors import InputError

logger = logging.getLogger("lintas")

#: Test names: ``bs`` paired bootstrap resampling, ``ar`` paired approximate randomization.
TESTS = {"bs": "paired bootstrap resampling", "ar": "paired approximate randomization"}
#: sacrebleu's defaults: 1000 bootstrap resamples, 10000 randomization trials.
DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
#: The significance threshold behind the ``*`` mark.
DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class PairedResult:
    """One system's score on one metric, compared with the baseline.

    Attributes:
        system: the system's display name.
        metric: sacrebleu's metric name (``chrF2``).
        score: the system's corpus score.
        delta: ``score - baseline score`` (positive is better except for TER).
        ci_mean: bootstrap estimate of the true mean (when the bootstrap test ran).
        ci_halfwidth: half-width of its 95% confidence interval.
        p_bs: p-value of the paired bootstrap test; ``None`` for the baseline or when not run.
        p_ar: p-value of the paired approximate randomization test; ``None`` likewise.
    """

    system: str
    metric: str
    score: float
    delta: float
    ci_mean: float | None = None
    ci_halfwidth: float | None = None
    p_bs: float | None = None
    p_ar: float | None = None


@dataclass(frozen=True)
class Comparison:
    """The result of comparing systems with a baseline.

    Attributes:
        baseline: the baseline system's name (the first system).
        systems: every system name, the baseline first.
        metrics: sacrebleu metric names, in order.
        rows: one :class:`PairedResult` per (system, metric), systems in order, the baseline's rows first.
        signatures: test -> metric name -> sacrebleu signature (including ``bs:``/``ar:`` and ``seed:``).
        tests: the tests that ran (``("bs", "ar")``).
        samples: test -> number of resamples or trials.
        alpha: significance threshold for :meth:`significant`.
    """

    baseline: str
    systems: list[str]
    metrics: list[str]
    rows: list[PairedResult]
    signatures: dict[str, dict[str, str]]
    tests: tuple[str, ...]
    samples: dict[str, int]
    alpha: float = DEFAULT_ALPHA
    higher_is_better: dict[str, bool] = field(default_factory=dict)

    def significant(self, row: PairedResult) -> bool:
        """``True`` when every test that ran rejects "same system" at :attr:`alpha` for this row."""
        ps = [p for p in (row.p_bs, row.p_ar) if p is not None]
        return bool(ps) and all(p < self.alpha for p in ps)

    def row(self, system: str, metric: str) -> PairedResult:
        """The row of ``system`` on ``metric`` (``KeyError`` if absent)."""
        for r in self.rows:
            if r.system == system and r.metric == metric:
                return r
        raise KeyError((system, metric))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; each row gets a ``significant`` flag."""
        return {
            "baseline": self.baseline,
            "systems": self.systems,
            "metrics": self.metrics,
            "tests": {t: {"name": TESTS[t], "samples": self.samples[t]} for t in self.tests},
            "alpha": self.alpha,
            "rows": [
                {**asdict(r), "baseline": r.system == self.baseline, "significant": self.significant(r)}
                for r in self.rows
            ],
            "signatures": self.signatures,
        }


def parse_tests(tests: str | Iterable[str]) -> tuple[str, ...]:
    """``"bs,ar"`` -> ``("bs", "ar")``.

    Raises:
        InputError: an unknown test name.
    """
    items = tests.split(",") if isinstance(tests, str) else list(tests)
    out: list[str] = []
    for item in items:
        t = item.strip().lower()
        if t and t not in TESTS:
            raise InputError(f"unknown significance test {item.strip()!r}; choose from: bs, ar")
        if t and t not in out:
            out.append(t)
    if not out:
        raise InputError("no significance test named; choose from: bs, ar")
    return tuple(out)


def compare_systems(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    metrics: Iterable[str] | str | None = None,
    *,
    tests: Iterable[str] | str = ("bs", "ar"),
    samples: dict[str, int] | None = None,
    alpha: float = DEFAULT_ALPHA,
    options: MetricOptions | None = None,
) -> Comparison:
    """Compare each system with the first one (the baseline) on each metric.

    Arguments:
        systems: ``(name, hypotheses)`` pairs; the first is the baseline. At least two.
        references: reference streams, each as long as every system's hypotheses.
        metrics: registry names; all four when ``None``.
        tests: ``"bs"``, ``"ar"`` or both.
        samples: resamples per test, overriding :data:`DEFAULT_SAMPLES`.
        alpha: threshold for marking a difference significant.
        options: sacrebleu's scoring options (tokenizer, smoothing, chrF and TER settings).

    Raises:
        InputError: fewer than two systems, duplicate names, or streams of different lengths.
    """
    if len(systems) < 2:
        raise InputError("give a baseline and at least one system to compare with it")
    names = [name for name, _ in systems]
    if len(set(names)) != len(names):
        raise InputError(f"system names must differ; got {', '.join(names)}")
    for name, hyps in systems:
        try:
            check_references(hyps, references)
        except InputError as exc:
            raise InputError(f"{name}: {exc}") from None
    keys = parse_metric_names(metrics)
    metric_names = list(build_metrics(keys, options=options))  # checks the tokenizer before any test runs
    test_list = parse_tests(tests)
    n_samples = {**DEFAULT_SAMPLES, **(samples or {})}
    for test in test_list:  # sacrebleu would quietly run its default number instead of 0
        at_least(n_samples[test], 1, f"samples[{test!r}]")
    refs = [list(r) for r in references]
    named = [(name, list(hyps)) for name, hyps in systems]

    from sacrebleu.significance import PairedTest

    per_test: dict[str, dict[str, list]] = {}
    signatures: dict[str, dict[str, str]] = {}
    for test in test_list:
        logger.info("running %s (%d samples) on %d systems", TESTS[test], n_samples[test], len(named))
        paired = PairedTest(
            list(named),
            build_metrics(keys, options=options),
            references=refs,
            test_type=test,
            n_samples=n_samples[test],
            n_jobs=1,
        )
        with _ties_count():
            sigs, scores = paired()
        per_test[test] = scores
        signatures[test] = {name: sig.format() for name, sig in sigs.items()}

    rows: list[PairedResult] = []
    for i, name in enumerate(names):
        for metric in metric_names:
            results = {test: per_test[test][metric][i] for test in test_list}
            first = next(iter(results.values()))
            base_score = next(iter(per_test.values()))[metric][0].score
            delta = float(first.score) - float(base_score)
            boot = results.get("bs")
            rows.append(
                PairedResult(
                    system=name,
                    metric=metric,
                    score=float(first.score),
                    delta=delta,
                    ci_mean=_float_or_none(boot.mean) if boot else None,
                    ci_halfwidth=_float_or_none(boot.ci) if boot else None,
                    p_bs=_p_value(results.get("bs"), i),
                    p_ar=_p_value(results.get("ar"), i),
                )
            )
    return Comparison(
        baseline=names[0],
        systems=names,
        metrics=metric_names,
        rows=rows,
        signatures=signatures,
        tests=test_list,
        samples={t: n_samples[t] for t in test_list},
        alpha=alpha,
        higher_is_better={
            name: METRICS[k].higher_is_better for name, k in zip(metric_names, keys, strict=True)
        },
    )


def _float_or_none(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _p_value(result: object, index: int) -> float | None:
    """The test's p-value for system ``index`` (none for the baseline, index 0)."""
    if result is None or index == 0:
        return None
    p = getattr(result, "p_value", None)
    return None if p is None else float(p)


#: Relative tolerance under which a resampled statistic equals the observed one (scores are float sums).
_TIE_TOLERANCE = 1e-9
_PATCH_LOCK = threading.Lock()


def p_value_with_ties(stats, observed: float) -> float:
    """``(c + 1) / (n + 1)`` with ``c`` the resampled statistics at least as large as ``observed``."""
    import numpy as np

    c = int(np.sum(np.asarray(stats) >= observed - _TIE_TOLERANCE * max(1.0, abs(observed))))
    return (c + 1) / (len(stats) + 1)


@contextlib.contextmanager
def _ties_count() -> Iterator[None]:
    """Run sacrebleu's paired tests with :func:`p_value_with_ties` in place of their strict count.

    sacrebleu's tests call one module-level function for the p-value; it is swapped for the duration of the
    call only (under a lock, so threads comparing at once do not undo each other's swap).
    """
    import sacrebleu.significance as significance

    with _PATCH_LOCK:
        original = significance._compute_p_value
        significance._compute_p_value = p_value_with_ties  # type: ignore[assignment]  # same call, ties counted
        try:
            yield
        finally:
            significance._compute_p_value = original
