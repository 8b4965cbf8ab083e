"""Corpus and sentence metrics by name, each score carrying its sacrebleu signature.

lintas does not reimplement any metric: BLEU, chrF, chrF++ and TER are sacrebleu's, with sacrebleu's defaults
(BLEU with the 13a tokenizer and exponential smoothing; chrF with character order 6 and beta 2; chrF++ adds word
order 2; TER case-insensitive) and every option of sacrebleu's command line (:class:`MetricOptions`), so a number
printed by lintas equals the number ``sacrebleu`` prints for the same files and options. What lintas adds is a
registry by short name (``--metrics bleu,chrf``) and a :class:`MetricResult` that keeps the score and its signature
together, so no score ever travels without the settings that produced it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from lintas.eval.metric_options import MetricOptions, check_tokenizer
from lintas.translate.errors import InputError

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric

logger = logging.getLogger("lintas")


@dataclass(frozen=True)
class MetricSpec:
    """How to build one metric.

    Attributes:
        key: registry name used on the command line (``chrf++``).
        name: the name sacrebleu gives its scores (``chrF2++``), used in every table.
        higher_is_better: ``False`` for error rates (TER), so reports can say which way is better.
        build: returns a fresh sacrebleu metric with the given options; ``sentence_level`` asks for
            sentence-level settings.
        name_with: the name of the scores under the given options (chrF's carries its beta and word order).
    """

    key: str
    name: str
    higher_is_better: bool
    build: Callable[[bool, MetricOptions], Metric]
    name_with: Callable[[MetricOptions], str] | None = None

    def score_name(self, options: MetricOptions | None = None) -> str:
        """The name sacrebleu gives this metric's scores under ``options`` (``chrF3`` with beta 3)."""
        return self.name_with(options or MetricOptions()) if self.name_with else self.name


def _bleu(sentence_level: bool, options: MetricOptions) -> Metric:
    from sacrebleu.metrics import BLEU

    # Sentence BLEU without effective order is 0 for any sentence lacking a 4-gram match; sacrebleu's own
    # sentence_bleu() enables it for that reason, and the signature then says eff:yes.
    return BLEU(**options.bleu(sentence_level=sentence_level))


def _chrf(sentence_level: bool, options: MetricOptions) -> Metric:
    from sacrebleu.metrics import CHRF

    return CHRF(**options.chrf())


#: chrF++ is chrF with word bigrams: sacrebleu's ``--chrf-word-order 2``.
CHRF_PP_WORD_ORDER = 2


def _chrf_pp(sentence_level: bool, options: MetricOptions) -> Metric:
    from sacrebleu.metrics import CHRF

    return CHRF(**options.chrf(word_order=CHRF_PP_WORD_ORDER))


def _chrf_name(word_order: int | None = None) -> Callable[[MetricOptions], str]:
    def name(options: MetricOptions) -> str:
        from sacrebleu.metrics.chrf import CHRFScore

        chrf = options.chrf(word_order=word_order)
        return CHRFScore(0.0, chrf["char_order"], chrf["word_order"], chrf["beta"]).name

    return name


def _ter(sentence_level: bool, options: MetricOptions) -> Metric:
    from sacrebleu.metrics import TER

    return TER(**options.ter())


#: The metric registry: short name -> spec. Order is the default reporting order.
METRICS: dict[str, MetricSpec] = {
    "bleu": MetricSpec("bleu", "BLEU", True, _bleu),
    "chrf": MetricSpec("chrf", "chrF2", True, _chrf, _chrf_name()),
    "chrf++": MetricSpec("chrf++", "chrF2++", True, _chrf_pp, _chrf_name(CHRF_PP_WORD_ORDER)),
    "ter": MetricSpec("ter", "TER", False, _ter),
}

#: Spellings accepted on the command line besides the registry keys.
_ALIASES = {"chrf2": "chrf", "chrf2++": "chrf++", "chrfpp": "chrf++", "chrf+": "chrf++"}

#: Metrics computed when none are named.
DEFAULT_METRICS: tuple[str, ...] = tuple(METRICS)

#: Bootstrap resamples for confidence intervals (sacrebleu's ``--confidence-n`` default).
DEFAULT_CONFIDENCE_N = 1000


@dataclass(frozen=True)
class MetricResult:
    """One corpus score with the signature that makes it reproducible.

    Attributes:
        name: sacrebleu's name for the metric (``BLEU``, ``chrF2``, ``chrF2++``, ``TER``).
        score: the corpus score, exactly as sacrebleu computes it.
        signature: sacrebleu's signature string (``nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:...``).
        higher_is_better: ``False`` for TER.
        ci_mean: bootstrap estimate of the true mean, when confidence intervals were asked for.
        ci_halfwidth: half-width of the 95% bootstrap confidence interval around ``ci_mean``.
        details: sacrebleu's extra detail for BLEU (n-gram precisions, brevity penalty), else ``""``.
    """

    name: str
    score: float
    signature: str
    higher_is_better: bool = True
    ci_mean: float | None = None
    ci_halfwidth: float | None = None
    details: str = ""

    def format_score(self, width: int = 2) -> str:
        """``33.41`` or, with a confidence interval, ``33.41 (μ = 33.40 ± 0.91)`` as sacrebleu prints it."""
        text = f"{self.score:.{width}f}"
        if self.ci_mean is not None and self.ci_halfwidth is not None:
            text += f" (μ = {self.ci_mean:.{width}f} ± {self.ci_halfwidth:.{width}f})"
        return text

    def format_sacrebleu(self, width: int = 2) -> str:
        """The line ``sacrebleu --format text`` prints (``BLEU|nrefs:1|...|version:2.6.0 = 33.4 67.1/...``),
        made by sacrebleu's own formatter, so scripts that parse sacrebleu's output read lintas's unchanged."""
        from sacrebleu.metrics.base import Score

        score = Score(self.name, self.score)
        score._verbose = self.details
        if self.ci_mean is not None and self.ci_halfwidth is not None:
            score._mean, score._ci = self.ci_mean, self.ci_halfwidth
        return score.format(width, signature=self.signature)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; confidence fields only when computed."""
        data = asdict(self)
        return {k: v for k, v in data.items() if v is not None and v != ""}


def parse_metric_names(names: str | Iterable[str] | None) -> list[str]:
    """Turn ``"bleu,chrf"`` (or a list) into registry keys, in the order given, without duplicates.

    Raises:
        InputError: an unknown name; the message lists the valid ones.
    """
    if names is None:
        return list(DEFAULT_METRICS)
    items = names.split(",") if isinstance(names, str) else list(names)
    keys: list[str] = []
    for item in items:
        raw = item.strip().lower()
        if not raw:
            continue
        key = _ALIASES.get(raw, raw)
        if key not in METRICS:
            raise InputError(f"unknown metric {item.strip()!r}; choose from: {', '.join(METRICS)}")
        if key not in keys:
            keys.append(key)
    if not keys:
        raise InputError(f"no metric named; choose from: {', '.join(METRICS)}")
    return keys


def build_metrics(
    names: Iterable[str] | str | None = None,
    *,
    sentence_level: bool = False,
    options: MetricOptions | None = None,
) -> dict[str, Metric]:
    """Fresh sacrebleu metric objects keyed by the name of their scores (``{"BLEU": BLEU(), ...}``).

    Raises:
        InputError: an unknown metric name, or two metrics that would score under one name.
        ModelNotAvailableError: BLEU's tokenizer needs a package or a model that is not here.
    """
    options = options or MetricOptions()
    keys = parse_metric_names(names)
    if "bleu" in keys:
        check_tokenizer(options.tokenize)
    built: dict[str, Metric] = {}
    for key in keys:
        name = METRICS[key].score_name(options)
        if name in built:  # chrf with --chrf-word-order 2 is chrf++
            raise InputError(
                f"metrics {', '.join(keys)}: two of them score as {name} with these options; "
                "leave one out (--metrics)"
            )
        built[name] = METRICS[key].build(sentence_level, options)
    return built


def check_references(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    """Refuse the common API mistakes before sacrebleu turns them into an assertion or a wrong score.

    ``references`` is a list of reference *streams* (one list of lines per reference file), as in sacrebleu;
    passing a single stream of strings directly would silently score against its characters.

    Raises:
        TypeError: ``references`` is a flat list of strings.
        InputError: no hypotheses, or a stream whose length differs from the hypotheses.
    """
    if isinstance(references, str) or (references and isinstance(references[0], str)):
        raise TypeError("references must be a list of reference streams, e.g. [ref_lines], not a list of str")
    if not hypotheses:
        raise InputError("no hypotheses to score")
    if not references:
        raise InputError("no reference given; use --ref FILE or --testset NAME")
    for i, stream in enumerate(references, 1):
        if len(stream) != len(hypotheses):
            raise InputError(
                f"reference {i} has {len(stream)} lines but the hypotheses have {len(hypotheses)}; "
                "line i of the hypotheses must translate line i of each reference"
            )


def score_corpus(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    metrics: Iterable[str] | str | None = None,
    *,
    confidence_n: int = 0,
    options: MetricOptions | None = None,
) -> list[MetricResult]:
    """Score a system output against one or more reference streams.

    Arguments:
        hypotheses: the system output, one segment per item.
        references: reference streams, each as long as ``hypotheses`` (multi-reference: several streams).
        metrics: registry names (``["bleu", "chrf"]`` or ``"bleu,chrf"``); all four when ``None``.
        confidence_n: when > 1, also estimate a 95% confidence interval by bootstrap resampling with this many
            resamples (sacrebleu's implementation, seeded by ``SACREBLEU_SEED``, default 12345).
        options: sacrebleu's scoring options (tokenizer, smoothing, chrF and TER settings); its defaults if None.

    Returns:
        One :class:`MetricResult` per metric, in the order asked for.

    Example:
        >>> [r.name for r in score_corpus(["a cat"], [["a cat"]], ["bleu", "ter"])]
        ['BLEU', 'TER']
    """
    check_references(hypotheses, references)
    keys = parse_metric_names(metrics)
    results = []
    for key, metric in zip(keys, build_metrics(keys, options=options).values(), strict=True):
        spec = METRICS[key]
        score = metric.corpus_score(
            list(hypotheses), [list(r) for r in references], n_bootstrap=max(1, confidence_n)
        )
        has_ci = confidence_n > 1
        results.append(
            MetricResult(
                name=score.name,
                score=float(score.score),
                signature=metric.get_signature().format(),
                higher_is_better=spec.higher_is_better,
                ci_mean=float(score._mean) if has_ci else None,
                ci_halfwidth=float(score._ci) if has_ci else None,
                details=getattr(score, "_verbose", "") or "",
            )
        )
        logger.debug("%s = %.4f (%s)", score.name, score.score, results[-1].signature)
    return results


@dataclass(frozen=True)
class SentenceScores:
    """Per-segment scores of several metrics.

    Attributes:
        scores: one dict per segment, metric name -> sentence score.
        signatures: metric name -> signature of the sentence-level metric (BLEU uses effective order).
    """

    scores: list[dict[str, float]]
    signatures: dict[str, str]


def score_sentences(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    metrics: Iterable[str] | str | None = None,
    *,
    options: MetricOptions | None = None,
) -> SentenceScores:
    """Score every segment on its own (for ``--sentence-level`` and the worst-sentence analysis).

    Sentence scores are noisy and are not averaged into corpus scores (chrF and BLEU are corpus statistics);
    they are for finding bad segments.
    """
    check_references(hypotheses, references)
    built = build_metrics(metrics, sentence_level=True, options=options)
    per_segment: list[dict[str, float]] = [{} for _ in hypotheses]
    for name, metric in built.items():
        for i, (hyp, *refs) in enumerate(zip(hypotheses, *references, strict=True)):
            per_segment[i][name] = float(metric.sentence_score(hyp, list(refs)).score)
    signatures = {name: metric.get_signature().format() for name, metric in built.items()}
    return SentenceScores(per_segment, signatures)
