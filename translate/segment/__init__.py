"""Paragraphs and sentences for Indonesian and English, with character offsets.

A rule-based segmenter in pure Python, in three modules:

* :mod:`~lintas.translate.segment.sentences`: :class:`Segmenter` and :func:`split_sentences`, the rules that decide
  whether a period, ``?``, ``!`` or ellipsis ends a sentence;
* :mod:`~lintas.translate.segment.abbreviations`: the abbreviations and other word tables those rules look up;
* :mod:`~lintas.translate.segment.paragraphs`: :func:`split_paragraphs` (blocks, titles, hard-wrapped lines) and
  :func:`segment_text` (paragraphs of sentences).
"""

from __future__ import annotations

from lintas.translate.segment.paragraphs import segment_text, split_paragraphs
from lintas.translate.segment.sentences import LANGS, Segmenter, split_sentences

__all__ = ["LANGS", "Segmenter", "segment_text", "split_paragraphs", "split_sentences"]
