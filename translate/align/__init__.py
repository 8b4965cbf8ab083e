"""Sentence alignment of Indonesian–English document pairs.

:class:`Aligner` combines pluggable scorers (:mod:`lintas.translate.align.scorers`: length, lexicon, optional MT;
:mod:`lintas.translate.align.anchors`; their base classes in :mod:`lintas.translate.align.scoring`) into one cost and
searches the best chain of beads with one banded DP (:mod:`lintas.translate.align.dp`), coarse to fine. The lexicon
comes from :mod:`lintas.translate.align.lexicon`.

Example:
    >>> from lintas.translate.align import Aligner                 # doctest: +SKIP
    >>> result = Aligner().align(["Halo dunia.", "Apa kabar?"], ["Hello world.", "How are you?"])
    >>> [(b.src, b.tgt) for b in result.beads]
    [((0,), (0,)), ((1,), (1,))]
"""

from __future__ import annotations

from lintas.translate.align.aligner import Aligner, AlignerConfig, Alignment
from lintas.translate.align.anchors import AnchorScorer
from lintas.translate.align.dp import Bead, bead_types
from lintas.translate.align.lexicon import Lexicon, learn_lexicon, load_lexicon
from lintas.translate.align.scorers import LengthScorer, LexicalScorer, MTScorer
from lintas.translate.align.scoring import Scorer

__all__ = [
    "Aligner",
    "AlignerConfig",
    "Alignment",
    "AnchorScorer",
    "Bead",
    "LengthScorer",
    "Lexicon",
    "LexicalScorer",
    "MTScorer",
    "Scorer",
    "bead_types",
    "learn_lexicon",
    "load_lexicon",
]
