"""Where do systems fail? Scores by source length and the worst sentences, in the spirit of compare-mt.

A corpus score hides *where* a model is weak. Two views that need no extra model answer most questions:
scores per source-length bucket (long sentences are where small models and aggressive length caps break) and
the lowest-scoring sentences side by side with source and reference (hallucinations, untranslated copies,
truncation). Bucket scores are corpus scores of the bucket's segments, not averages of sentence scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from lintas.eval.metric_options import MetricOptions
from lintas.eval.metrics import score_corpus

#: Upper bounds (exclusive) of the source-length buckets, in whitespace-separated words.
DEFAULT_BOUNDS: tuple[int, ...] = (10, 20, 30, 40)
#: Metrics scored per bucket.
BUCKET_METRICS: tuple[str, ...] = ("chrf", "bleu")
#: Sentences listed per system in the worst-sentence table.
DEFAULT_WORST = 10


def bucket_labels(bounds: Sequence[int] = DEFAULT_BOUNDS) -> list[str]:
    """``["<10", "10-19", "20-29", "30-39", "≥40"]`` for the default bounds."""
    labels = [f"<{bounds[0]}"]
    labels += [f"{lo}-{hi - 1}" for lo, hi in zip(bounds, bounds[1:], strict=False)]
    labels.append(f"≥{bounds[-1]}")
    return labels


def bucket_of(n_words: int, bounds: Sequence[int] = DEFAULT_BOUNDS) -> int:
    """Index of the bucket that a sentence of ``n_words`` source words falls in."""
    for i, bound in enumerate(bounds):
        if n_words < bound:
            return i
    return len(bounds)


@dataclass(frozen=True)
class BucketScores:
    """Scores of every system on the segments of one length bucket.

    Attributes:
        label: the bucket (``"10-19"``), in source words.
        segments: how many segments fall in it.
        scores: system -> metric name -> corpus score on those segments (empty when ``segments`` is 0).
    """

    label: str
    segments: int
    scores: dict[str, dict[str, float]]


def scores_by_length(
    sources: Sequence[str],
    references: Sequence[str],
    systems: dict[str, Sequence[str]],
    *,
    bounds: Sequence[int] = DEFAULT_BOUNDS,
    metrics: Sequence[str] = BUCKET_METRICS,
    options: MetricOptions | None = None,
) -> list[BucketScores]:
    """Corpus scores of each system per source-length bucket (every bucket listed, even empty ones)."""
    labels = bucket_labels(bounds)
    members: list[list[int]] = [[] for _ in labels]
    for i, source in enumerate(sources):
        members[bucket_of(len(source.split()), bounds)].append(i)
    out = []
    for label, idx in zip(labels, members, strict=True):
        scores: dict[str, dict[str, float]] = {}
        if idx:
            refs = [[references[i] for i in idx]]
            for name, hyps in systems.items():
                results = score_corpus([hyps[i] for i in idx], refs, list(metrics), options=options)
                scores[name] = {r.name: r.score for r in results}
        out.append(BucketScores(label, len(idx), scores))
    return out


@dataclass(frozen=True)
class WorstSentence:
    """One low-scoring segment, with everything needed to see why.

    Attributes:
        line: 1-based line number in the test set.
        source, reference, hypothesis: the three texts.
        chrf: the sentence's chrF2 score.
    """

    line: int
    source: str
    reference: str
    hypothesis: str
    chrf: float

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def worst_sentences(
    sources: Sequence[str],
    references: Sequence[str],
    hypotheses: Sequence[str],
    sentence_chrf: Sequence[float],
    n: int = DEFAULT_WORST,
) -> list[WorstSentence]:
    """The ``n`` segments with the lowest sentence chrF, worst first (ties: earlier line first)."""
    order = sorted(range(len(hypotheses)), key=lambda i: (sentence_chrf[i], i))[: max(0, n)]
    return [
        WorstSentence(i + 1, sources[i], references[i], hypotheses[i], float(sentence_chrf[i])) for i in order
    ]
