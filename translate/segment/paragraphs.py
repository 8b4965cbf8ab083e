"""Paragraphs: blank-line separated blocks, and inside a block the lines that stand alone.

:func:`split_paragraphs` splits blank-line separated blocks and, inside a block, lets a line with no final
punctuation (a title, subhead or byline) stand alone, while hard-wrapped lines are joined with one space.
:func:`segment_text` splits each paragraph into sentences (:mod:`lintas.translate.segment.sentences`).
"""

from __future__ import annotations

import re

from lintas.translate.segment.sentences import LIST_MARKER, OPENERS, WORD, default_segmenter

__all__ = ["segment_text", "split_paragraphs"]

_BLOCK_SEP = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")
_LIST_MARKER_START = re.compile(r"^" + LIST_MARKER)
_FINAL_PUNCT = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
#: Hard-wrapped text is wrapped at 40 columns or more; a block of shorter lines has deliberate line breaks.
_MIN_WRAP_WIDTH = 40
_CONTINUES = re.compile(r"[,\-–—(/&+=]$")


def _titleish(line: str) -> bool:
    """A headline, subhead or byline: mostly capitalised words, or all capitals."""
    words = WORD.findall(line)
    if not words or len(words) > 20:
        return False
    letters = "".join(words)
    if letters.isupper() and len(letters) > 1:
        return True
    long_words = [w for w in words if len(w) > 3] or words
    return sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def _stands_alone(line: str, nxt: str, width: int) -> bool:
    """Whether ``line`` (no final punctuation) is a title-like line of its own rather than a wrapped line."""
    if _FINAL_PUNCT.search(line) or _CONTINUES.search(line):
        return False
    first = nxt.lstrip(OPENERS)[:1]
    if first.islower():
        return False
    # A hard-wrapped line ends where the next word would not fit; a title ends earlier on purpose.
    next_word = nxt.split(maxsplit=1)[0]
    return _titleish(line) or width < _MIN_WRAP_WIDTH or len(line) + 1 + len(next_word) <= width


def split_paragraphs(text: str) -> list[str]:
    """Split ``text`` into paragraphs: blank-line separated blocks, lines joined with one space.

    Inside a block, a line without final punctuation that is not a hard-wrapped line (a title, subhead or
    byline) is a paragraph of its own, and so is each list item ("1. ", "a. ", "- ", "• ").

    Example:
        >>> split_paragraphs("Banjir Melanda Jakarta\\nOleh Budi Santoso\\nHujan deras turun. Air naik.\\n\\nWarga mengungsi.")
        ['Banjir Melanda Jakarta', 'Oleh Budi Santoso', 'Hujan deras turun. Air naik.', 'Warga mengungsi.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in _BLOCK_SEP.split(text):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current: list[str] = []
        for k, line in enumerate(lines):
            if current and _LIST_MARKER_START.match(line):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
            if k + 1 < len(lines) and _stands_alone(line, lines[k + 1], width):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return paragraphs


def segment_text(text: str, lang: str = "id") -> list[list[str]]:
    """Paragraphs of sentences: :func:`split_paragraphs`, then :func:`split_sentences` on each."""
    segmenter = default_segmenter(lang)
    result = []
    for paragraph in split_paragraphs(text):
        sentences = segmenter.split(paragraph)
        if sentences:
            result.append(sentences)
    return result
