"""The :class:`EvalConfig`: the defaults of scoring and significance testing, defined once.

``lintas eval score`` and ``eval compare`` generate their options from these fields
(:func:`lintas.translate.cli.options.config_options`); the values themselves are the library's
(:data:`~lintas.eval.metrics.DEFAULT_METRICS`, :data:`~lintas.eval.significance.DEFAULT_SAMPLES`,
:data:`~lintas.eval.significance.DEFAULT_ALPHA`), which the benchmark uses too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lintas.eval.metrics import DEFAULT_CONFIDENCE_N, DEFAULT_METRICS
from lintas.eval.significance import DEFAULT_ALPHA, DEFAULT_SAMPLES, TESTS
from lintas.translate.option_spec import check_option_values, option

#: The most resamples or trials of a significance test or confidence interval: sacrebleu's defaults are 1,000 and
#: 10,000; a hundred times more changes no decision and takes minutes per system.
MAX_RESAMPLES = 1_000_000


#: Each significance test's samples option: its help text (the flag is ``--<test>-n``).
_SAMPLES_HELP = {"bs": "Bootstrap resamples.", "ar": "Approximate randomization trials."}


def samples_option(test: str) -> Any:
    """``--bs-n`` or ``--ar-n`` (``test`` is ``bs`` or ``ar``). It is the same field on ``eval compare``
    (:class:`EvalConfig`) and ``bench run`` (``BenchConfig``)."""
    return option(
        DEFAULT_SAMPLES[test],
        _SAMPLES_HELP[test],
        flag=f"--{test}-n",
        minimum=1,
        maximum=MAX_RESAMPLES,
        metavar="N",
    )


@dataclass(frozen=True, kw_only=True)
class EvalConfig:
    """Which metrics, how many resamples, which significance threshold."""

    metrics: str = option(
        ",".join(DEFAULT_METRICS), "Comma-separated metrics: bleu, chrf, chrf++, ter.", renamed_from=("-m",)
    )
    tests: str = option(
        ",".join(TESTS), "Significance tests: bs = paired bootstrap, ar = paired approximate randomization."
    )
    bs_samples: int = samples_option("bs")
    ar_samples: int = samples_option("ar")
    alpha: float = option(
        DEFAULT_ALPHA,
        "Significance threshold for the * mark.",
        minimum=0.0,
        exclusive_minimum=True,
        maximum=1.0,
    )
    confidence_n: int = option(
        DEFAULT_CONFIDENCE_N,
        "Bootstrap resamples of --confidence (giving it turns --confidence on).",
        minimum=2,
        maximum=MAX_RESAMPLES,
        metavar="N",
    )

    def __post_init__(self) -> None:
        check_option_values(self)
