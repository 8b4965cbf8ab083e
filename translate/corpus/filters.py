"""Pair filters of the corpus builder: small classes that judge one sentence pair, and :func:`judge`, which runs them.

Each pair filter follows OpusFilter's contract: :meth:`PairFilter.score` measures something about a pair (a
length, a ratio, the detected languages...) and :meth:`PairFilter.accept` says whether that score is good enough.
Keeping the two apart is what lets ``corpus.jsonl`` show *why* a pair was kept or dropped, and lets a user move a
threshold without re-reading the code. Options are keyword-only constructor arguments whose defaults are class
constants; :func:`make_filter` refuses unknown options, so a misspelt key in a filter config is an error, not a
silently ignored setting.

Pair filters see one pair at a time and nothing else, so the per-document work of the corpus builder stays a pure
function. The deduplicators, which remember every pair before, are in :mod:`lintas.translate.corpus.dedupe`; the
registry (:mod:`lintas.translate.corpus.filter_registry`) names both kinds.

Default thresholds were measured on the gold sentence pairs of FLORES-200 devtest and TICO-19 test (see
``docs/corpus.md`` for the figures and the command that gives them).
"""

from __future__ import annotations

import functools
import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from lintas.translate.corpus.filter_errors import check_option

__all__ = [
    "AlignmentScoreFilter",
    "BoilerplateFilter",
    "Judgement",
    "JunkFilter",
    "LanguageFilter",
    "LengthFilter",
    "LengthRatioFilter",
    "NumbersFilter",
    "Pair",
    "PairFilter",
    "judge",
]


@dataclass(frozen=True)
class Pair:
    """What a filter sees: the two sides of one bead and what the aligner (or translator) said about it.

    Attributes:
        src: source text (the sentences of a bead joined by a space).
        tgt: target text.
        score: alignment score of the bead (higher is better); ``None`` for machine-translated pairs.
        flag: the translator's degeneracy flag (``"repetition"``, ``"length"``) for synthetic pairs, else None.
    """

    src: str
    tgt: str
    score: float | None = None
    flag: str | None = None


class PairFilter(ABC):
    """One check on one sentence pair: ``score`` measures, ``accept`` decides.

    Subclasses set :attr:`NAME` (the key in the filter config, in stats and in ``corpus.jsonl``) and a one-line
    :attr:`DESCRIPTION`, and take their options as keyword-only constructor arguments.
    """

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]

    @abstractmethod
    def score(self, pair: Pair) -> Any:
        """A JSON-ready measurement of ``pair`` (number, list, string or None)."""

    @abstractmethod
    def accept(self, score: Any) -> bool:
        """Whether a pair with this score is kept."""


# ------------------------------------------------------------------------------------------------ length
def _words(text: str) -> int:
    return len(text.split())


class LengthFilter(PairFilter):
    """Both sides have between ``min_words`` and ``max_words`` whitespace-separated words.

    Args:
        min_words: fewest words a side may have (1 keeps "Ya." / "Yes.").
        max_words: most words a side may have; longer "sentences" are lists, tables or missed sentence ends.
    """

    NAME = "length"
    DESCRIPTION = "each side has min_words to max_words words"
    MIN_WORDS = 1
    MAX_WORDS = 150

    def __init__(self, *, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS) -> None:
        check_option(min_words >= 0 and max_words >= min_words, "length: need 0 <= min_words <= max_words")
        self.min_words = int(min_words)
        self.max_words = int(max_words)

    def score(self, pair: Pair) -> list[int]:
        return [_words(pair.src), _words(pair.tgt)]

    def accept(self, score: list[int]) -> bool:
        return all(self.min_words <= n <= self.max_words for n in score)


class LengthRatioFilter(PairFilter):
    """The longer side has at most ``max_ratio`` times the characters of the shorter one.

    Pairs where both sides are shorter than ``min_chars`` are not judged: "Ya." / "Yes." has a ratio of 1.33 and
    "OK." / "Baiklah." one of 2.7, and neither says anything about alignment quality.

    Args:
        max_ratio: largest accepted ratio of character lengths (longer / shorter).
        min_chars: pairs whose two sides are both shorter than this are accepted whatever their ratio.
    """

    NAME = "length_ratio"
    DESCRIPTION = "longer side at most max_ratio times the shorter (in characters)"
    MAX_RATIO = 2.0
    MIN_CHARS = 15

    def __init__(self, *, max_ratio: float = MAX_RATIO, min_chars: int = MIN_CHARS) -> None:
        check_option(max_ratio >= 1, "length_ratio: max_ratio must be at least 1")
        self.max_ratio = float(max_ratio)
        self.min_chars = int(min_chars)

    def score(self, pair: Pair) -> float | None:
        a, b = len(pair.src.strip()), len(pair.tgt.strip())
        if max(a, b) < self.min_chars:
            return None
        return round(max(a, b) / max(1, min(a, b)), 4)

    def accept(self, score: float | None) -> bool:
        return score is None or score <= self.max_ratio


class AlignmentScoreFilter(PairFilter):
    """The aligner's bead score is at least ``min_score`` (pairs without a score, e.g. synthetic ones, pass).

    The threshold trades correct pairs for wrong ones. The default was chosen from that trade-off on the shipped
    FLORES-200 and TICO-19 documents (correct beads dropped against beads formed between *unrelated* documents
    kept), which ``python bench/corpus_scale.py --filter-defaults`` prints and ``docs/corpus.md`` shows.

    Args:
        min_score: lowest accepted bead score; 0 is a typical good 1-1 bead.
    """

    NAME = "alignment_score"
    DESCRIPTION = "aligner bead score at least min_score"
    MIN_SCORE = -4.0

    def __init__(self, *, min_score: float = MIN_SCORE) -> None:
        self.min_score = float(min_score)

    def score(self, pair: Pair) -> float | None:
        return None if pair.score is None else round(float(pair.score), 4)

    def accept(self, score: float | None) -> bool:
        return score is None or score >= self.min_score


# ------------------------------------------------------------------------------------------- language ID
#: Labels the language identifier chooses among: the languages an Indonesian web page is mixed with. Restricting
#: the model to them makes it faster and keeps it from guessing exotic languages on short strings. (py3langid has
#: no Sundanese model.)
LID_LANGUAGES = ("id", "ms", "en", "jv", "tl", "nl")


@functools.lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    """The py3langid classifier restricted to ``languages`` (its model ships in the wheel: fully offline)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(languages))
    return ident


class LanguageFilter(PairFilter):
    """The source is detected as one of ``src`` and the target as one of ``tgt`` (py3langid, offline).

    Malay is accepted on the source side by default because the detector cannot always tell it from Indonesian:
    it labels about 5% of FLORES-200 Indonesian sentences Malay. What the filter catches is English copied into
    the source, Indonesian left untranslated on the target, and Javanese, Tagalog or Dutch passages. Sides shorter
    than ``min_chars`` are not judged (the detector guesses on "OK." or a name).

    Args:
        src: accepted labels for the source side.
        tgt: accepted labels for the target side.
        languages: labels the detector chooses among (a subset of what py3langid knows).
        min_chars: sides shorter than this are accepted without detection.
    """

    NAME = "language"
    DESCRIPTION = "detected language of each side is an accepted one"
    SRC = ("id", "ms")
    TGT = ("en",)
    MIN_CHARS = 20

    def __init__(
        self,
        *,
        src: Sequence[str] = SRC,
        tgt: Sequence[str] = TGT,
        languages: Sequence[str] = LID_LANGUAGES,
        min_chars: int = MIN_CHARS,
    ) -> None:
        self.languages = tuple(dict.fromkeys(languages))
        self.src = frozenset(src)
        self.tgt = frozenset(tgt)
        unknown = sorted((self.src | self.tgt) - set(self.languages))
        check_option(
            not unknown, f"language: {unknown} not among languages {list(self.languages)}; add them there"
        )
        self.min_chars = int(min_chars)

    def _label(self, text: str) -> str | None:
        text = text.strip()
        if len(text) < self.min_chars:
            return None
        return _identifier(self.languages).classify(text)[0]

    def score(self, pair: Pair) -> list[str | None]:
        return [self._label(pair.src), self._label(pair.tgt)]

    def accept(self, score: list[str | None]) -> bool:
        src, tgt = score
        return (src is None or src in self.src) and (tgt is None or tgt in self.tgt)


# ---------------------------------------------------------------------------------------------- numbers
#: A number with its separators: "12.000", "12,000", "3,5", "10:30", "2020".
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def numbers(text: str) -> Counter[str]:
    """The numbers of ``text`` with separators and leading zeros removed, so that Indonesian "12.000" and "3,5"
    match English "12,000" and "3.5" (and "10.30" matches "10:30")."""
    return Counter(re.sub(r"[.,:]", "", m).lstrip("0") or "0" for m in _NUMBER.findall(text))


class NumbersFilter(PairFilter):
    """At most ``max_mismatch`` numbers occur on one side and not the other.

    Args:
        max_mismatch: numbers allowed on one side only (counting repeats). A changed number counts twice
            ("2019" against "2020"), so the default 1 rejects it and still allows one number that the
            translator wrote in words ("8 orang" / "eight").
    """

    NAME = "numbers"
    DESCRIPTION = "numbers agree between the sides (at most max_mismatch differ)"
    MAX_MISMATCH = 1

    def __init__(self, *, max_mismatch: int = MAX_MISMATCH) -> None:
        check_option(max_mismatch >= 0, "numbers: max_mismatch must be 0 or more")
        self.max_mismatch = int(max_mismatch)

    def score(self, pair: Pair) -> int:
        a, b = numbers(pair.src), numbers(pair.tgt)
        return sum(((a - b) + (b - a)).values())

    def accept(self, score: int) -> bool:
        return score <= self.max_mismatch


# ------------------------------------------------------------------------------------------------- junk
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_HTML_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,6});")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]")


class JunkFilter(PairFilter):
    """Neither side holds HTML markup, is mostly URLs or e-mail addresses, or is mostly symbols.

    A sentence that *mentions* a URL ("Lihat www.who.int untuk informasi.") is kept; one that *is* a URL, a stray
    ``<div>`` or ``&nbsp;`` from a badly extracted page, or a row of ``| --- |``, is not. Digits count as
    content: "(0,31/100.000)" is a statistic, not junk.

    Args:
        max_url_share: largest share of a side's characters inside URLs and e-mail addresses.
        min_alnum_share: smallest share of a side's non-space characters that are letters or digits.
    """

    NAME = "html_url_junk"
    DESCRIPTION = "no HTML markup, not mostly URLs, mostly letters and digits"
    MAX_URL_SHARE = 0.5
    MIN_ALNUM_SHARE = 0.5

    def __init__(
        self, *, max_url_share: float = MAX_URL_SHARE, min_alnum_share: float = MIN_ALNUM_SHARE
    ) -> None:
        self.max_url_share = float(max_url_share)
        self.min_alnum_share = float(min_alnum_share)

    def _problem(self, text: str) -> str | None:
        if _HTML_TAG.search(text):
            return "html_tag"
        if _HTML_ENTITY.search(text):
            return "html_entity"
        chars = "".join(text.split())
        if not chars:
            return None
        if sum(len(m) for m in _URL.findall(text)) > self.max_url_share * len(chars):
            return "url"
        if len(_NOT_ALNUM.sub("", chars)) < self.min_alnum_share * len(chars):
            return "symbols"
        return None

    def score(self, pair: Pair) -> str | None:
        return self._problem(pair.src) or self._problem(pair.tgt)

    def accept(self, score: str | None) -> bool:
        return score is None


class BoilerplateFilter(PairFilter):
    """Neither side is boilerplate: bylines, "Baca juga: ...", share prompts, "Posted By : ...", section labels...

    The rules are :mod:`lintas.translate.documents.boilerplate`'s (the same that ``lintas translate`` skips); the score is the name
    of the rule that matched.

    Args:
        rules: the rule names to apply (default: all of them).
    """

    NAME = "boilerplate"
    DESCRIPTION = "neither side is a byline, 'Baca juga', share prompt, spam signature or section label"

    def __init__(self, *, rules: Sequence[str] | None = None) -> None:
        from lintas.translate.documents.boilerplate import RULE_NAMES, BoilerplateDetector

        unknown = sorted(set(rules or ()) - set(RULE_NAMES))
        check_option(not unknown, f"boilerplate: unknown rules {unknown}; known: {', '.join(RULE_NAMES)}")
        self.detector = BoilerplateDetector(rules)

    def score(self, pair: Pair) -> str | None:
        return self.detector.check(pair.src) or self.detector.check(pair.tgt)

    def accept(self, score: str | None) -> bool:
        return score is None


class DegenerateTranslationFilter(PairFilter):
    """The translator did not flag the target as degenerate (a loop or an absurd length that a retry kept).

    Only synthetic pairs (``lintas corpus translate``) carry such a flag; aligned pairs always pass.
    """

    NAME = "degenerate_translation"
    DESCRIPTION = "machine translation not flagged as looping or overlong"

    def score(self, pair: Pair) -> str | None:
        return pair.flag

    def accept(self, score: str | None) -> bool:
        return score is None


@dataclass(frozen=True)
class Judgement:
    """What the pair filters said about one pair.

    Attributes:
        scores: each filter's score, by name, in filter order.
        failed: names of the filters that rejected the pair, in filter order (empty: kept).
    """

    scores: dict[str, Any]
    failed: tuple[str, ...]

    @property
    def kept(self) -> bool:
        return not self.failed


def judge(filters: Sequence[PairFilter], pair: Pair) -> Judgement:
    """Run every filter on ``pair`` (no short cut: stats count each filter's rejections on their own)."""
    scores: dict[str, Any] = {}
    failed: list[str] = []
    for f in filters:
        s = f.score(pair)
        scores[f.NAME] = s
        if not f.accept(s):
            failed.append(f.NAME)
    return Judgement(scores, tuple(failed))
