"""What a translation call returns, and the one interface of "something that translates".

:class:`TranslationResult` is the answer of :meth:`Translator.translate
<lintas.translate.translator.Translator.translate>`: the translations, in input order, as a plain ``list[str]``
(so ``t.translate(xs) == [...]`` and ``out[0]`` work as they read), carrying the flags and counters *of that
call* -- the same idea as CTranslate2's ``TranslationResult``. Nothing is left behind on the translator to be read
back later, so one translator can serve concurrent callers and a caller cannot read another call's flags.

:class:`SupportsTranslate` is what articles, the aligner's MT scorer, corpus work and the benchmarks accept: any
object with ``translate(list[str]) -> TranslationResult``. Custom translators (an API client, a test double)
return ``TranslationResult(texts)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol, runtime_checkable

__all__ = ["SupportsTranslate", "TranslationResult", "TranslationStats"]


@dataclass
class TranslationStats:
    """Counters of one :meth:`~lintas.translate.translator.Translator.translate` call.

    Attributes:
        sentences: sentences given.
        unique: distinct non-empty sentences after stripping.
        pieces: distinct pieces sent for translation (over-long sentences are split into several).
        cached: pieces found in the translation memory.
        translated: pieces the engine translated.
        retried: pieces translated again because the first output looked degenerate.
        flagged: pieces still degenerate after the retry.
    """

    sentences: int = 0
    unique: int = 0
    pieces: int = 0
    cached: int = 0
    translated: int = 0
    retried: int = 0
    flagged: int = 0

    def __getitem__(self, name: str) -> int:
        """``stats["translated"]``: the counters read as a mapping too (reports, JSON)."""
        return getattr(self, name)

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    def summary(self, info: Mapping[str, str], seconds: float) -> str:
        """One line saying what ran and where the translations came from (``lintas translate``'s last line).

        ``info`` is :meth:`Translator.describe <lintas.translate.translator.Translator.describe>`: model,
        engine, device, compute type. Pieces are what the model or the memory translated: distinct sentences,
        or parts of the over-long ones.
        """
        details = ", ".join(info[k] for k in ("device", "compute_type") if k in info)
        where = f"{info.get('model', '?')} on {info.get('engine', '?')}" + (
            f" ({details})" if details else ""
        )
        line = (
            f"translated {self.sentences} sentences with {where}: {self.translated} pieces by the model, "
            f"{self.cached} from the translation memory"
        )
        if self.retried:
            line += f", {self.retried} retried ({self.flagged} still flagged)"
        return f"{line}, in {seconds:.1f} s"


class TranslationResult(list[str]):
    """The translations of one call, in input order, with their ``flags`` and ``stats``.

    Attributes:
        flags: input position -> ``"repetition"`` or ``"length"`` for translations that still look degenerate
            (:mod:`lintas.translate.guard`); empty when all are fine.
        stats: the call's :class:`TranslationStats`.
    """

    __slots__ = ("flags", "stats")

    def __init__(
        self,
        translations: Iterable[str] = (),
        *,
        flags: Mapping[int, str] | None = None,
        stats: TranslationStats | None = None,
    ) -> None:
        super().__init__(translations)
        self.flags: dict[int, str] = dict(flags or {})
        self.stats = stats if stats is not None else TranslationStats(sentences=len(self))

    def __reduce__(self):
        # A list subclass with slots: pickle (process pools, Ray) as what it is.
        return (self.__class__, (list(self),), {"flags": self.flags, "stats": self.stats})

    def __setstate__(self, state: dict) -> None:
        self.flags, self.stats = state["flags"], state["stats"]


@runtime_checkable
class SupportsTranslate(Protocol):
    """Something that translates a list of sentences, in order (:class:`~lintas.translate.translator.Translator`
    is the one lintas builds)."""

    def translate(self, sentences: Sequence[str]) -> TranslationResult: ...
