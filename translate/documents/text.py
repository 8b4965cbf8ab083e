"""Plain text documents: paragraphs separated by blank lines, titles and subheads on lines of their own.

Text files come hard-wrapped (lines broken inside a paragraph) or not. A line that does not end a sentence is
joined to the next one, unless it looks like a title or subhead: it is clearly shorter than the paragraph's lines
and the next line starts a new sentence. Blank lines are kept as they are, so the layout survives translation.
"""

from __future__ import annotations

import re

from lintas.translate.documents.model import Block, Document

#: A line that ends a sentence: final punctuation, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_STARTS_SENTENCE = re.compile(r"^[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ]")


def _paragraphs_in_run(lines: list[str]) -> list[list[str]]:
    """Split a run of non-blank lines into paragraphs (each a list of lines)."""
    longest = max(len(line.strip()) for line in lines)
    groups: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        groups[-1].append(line)
        stripped = line.strip()
        is_last = i == len(lines) - 1
        if is_last:
            break
        if _SENTENCE_END.search(stripped):
            # A run of full sentences each on its own line (one sentence a line) stays one paragraph per line
            # only when the file is written that way; we keep hard-wrapped paragraphs together otherwise.
            continue
        next_line = lines[i + 1].strip()
        if _STARTS_SENTENCE.match(next_line) and len(stripped) < 0.8 * longest:
            groups.append([])
    return [g for g in groups if g]


def parse_text(source: str) -> Document:
    """Parse plain text into blocks; a paragraph's lines are joined with single spaces."""
    blocks: list[Block] = []
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            blocks.append(Block("raw", lines[i]))
            i += 1
            continue
        run: list[str] = []
        while i < len(lines) and lines[i].strip():
            run.append(lines[i])
            i += 1
        for group in _paragraphs_in_run(run):
            indent = group[0][: len(group[0]) - len(group[0].lstrip())]
            text = " ".join(line.strip() for line in group)
            kind = "paragraph" if _SENTENCE_END.search(text) or len(group) > 1 else "heading"
            blocks.append(Block(kind, text, prefix=indent, source="\n".join(group)))
    return Document(blocks, "text")
