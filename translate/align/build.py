"""Build the :class:`~lintas.translate.align.Aligner` a command describes: one place for ``lintas align`` and
``lintas corpus build``.

Both commands offer the same choices (the shipped lexicon, another one or none; the largest bead; an optional MT
model for the MT scorer), and both must give the same aligner for the same choices, or a corpus would not match
what ``lintas align`` shows for the same documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lintas.translate.align.aligner import Aligner, AlignerConfig
from lintas.translate.config import TranslatorConfig
from lintas.translate.errors import InputError

#: The MT scorer compares a greedy translation: the beam buys little for a similarity score and costs time.
MT_SCORER_BEAM = 1


def lexicon_choice(path: str | None = None, *, none: bool = False) -> str | None:
    """``"default"`` (the shipped lexicon), a lexicon file, or ``None`` (length and anchors only).

    Raises:
        InputError: both a file and ``none`` given.
    """
    if none and path:
        raise InputError("--lexicon and --no-lexicon contradict each other; give one")
    return None if none else (path or "default")


def mt_config(model: str, engine: str = "auto") -> TranslatorConfig:
    """The translator of the MT scorer: greedy, no translation memory."""
    return TranslatorConfig(model=model, engine=engine, beam_size=MT_SCORER_BEAM, cache=False)


def build_aligner(
    *,
    lexicon: str | None = "default",
    max_bead: int | None = None,
    mt: TranslatorConfig | None = None,
    progress: bool | None = False,
) -> Aligner:
    """The aligner: default scorers with ``lexicon``, plus the MT scorer when ``mt`` names a model.

    Args:
        lexicon: ``"default"``, a lexicon TSV path, or ``None`` (see :func:`lexicon_choice`).
        max_bead: most sentences in one bead, both sides together (``None``: the aligner's default).
        mt: the MT scorer's translator (:func:`mt_config`); it is loaded here.

    Raises:
        InputError: an unreadable lexicon. ModelNotAvailableError: the MT model cannot be loaded (``param="model"``).
    """
    from lintas.translate.align.lexicon import Lexicon

    chosen: Any = lexicon
    if lexicon not in (None, "default"):
        chosen = Lexicon.load(lexicon)
    scorers = Aligner.default_scorers(chosen)
    if mt is not None:
        from lintas.translate.align.scorers import MTScorer
        from lintas.translate.translator import Translator

        scorers.append(MTScorer(Translator.from_config(mt, progress=progress)))
    config = AlignerConfig() if max_bead is None else AlignerConfig(max_bead=max_bead)
    return Aligner(scorers, config)


def describe_aligner(
    *, lexicon: str | None, max_bead: int | None, mt: TranslatorConfig | None
) -> dict[str, Any]:
    """The settings that change an alignment, as a corpus manifest and ``stats.json`` record them."""
    if lexicon not in (None, "default"):
        lexicon = str(Path(lexicon).resolve())
    return {
        "aligner": "lintas",
        "lexicon": lexicon,
        "max_bead": max_bead,
        "mt_model": mt.model if mt else None,
        "mt_engine": mt.engine if mt else None,
    }
