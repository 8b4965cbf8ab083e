"""The document model every format parses into and renders from.

A document is a flat list of blocks, each one or more source lines: headings, paragraphs, list items and quotes
carry translatable text behind a *prefix* (``"## "``, ``"  - "``, ``"> "``) that is kept verbatim; everything else
(code, tables, HTML, blank lines, front matter) is a raw block copied through untouched. Each block remembers its
source lines, and rendering joins blocks with newlines, so an untranslated round trip reproduces the input exactly
(tests check that); a translated paragraph is written on one line.

Formats that are not line based subclass :class:`Document` and override :meth:`Document.render` (HTML fills a
skeleton of the page) and :meth:`Document.protect` (HTML inline tags instead of Markdown inline markup).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

from lintas.translate.documents.inline import ProtectedText, protect

#: Block kinds whose text is translated (``attribute``: an HTML ``alt`` or ``title`` value; ``table_row``: the
#: cells of one table row, ``" | "`` between them, each translated on its own).
TRANSLATABLE_KINDS = frozenset(
    {"heading", "paragraph", "list_item", "quote", "caption", "title", "attribute", "table_row"}
)
#: Translated, but not sentences of running text: a corpus leaves them out (an image's alt text, a table row).
CORPUS_EXCLUDED_KINDS = frozenset({"attribute", "table_row"})
#: Between the cells of a ``table_row`` block's text.
CELL_SEPARATOR = " | "
_CELL_SPLIT = re.compile(r"\s*(?<!\\)\|\s*")


def row_cells(text: str) -> list[str]:
    """The cells of a ``table_row`` text, split at pipes that are not escaped (``\\|`` stays in its cell)."""
    return _CELL_SPLIT.split(text.strip())


def row_text(cells: list[str]) -> str:
    """A ``table_row`` text from its cells; a pipe inside a cell (a translation may bring one) is escaped."""
    return CELL_SEPARATOR.join(re.sub(r"(?<!\\)\|", r"\\|", cell) for cell in cells)


@dataclass
class Block:
    """One block of a document.

    Attributes:
        kind: heading, paragraph, list_item, quote, caption, title (translatable) or raw.
        text: the translatable text (inline markup included), or the raw lines of a raw block.
        prefix: kept verbatim before the text (Markdown markers and indentation).
        suffix: kept verbatim after the text (for example a closing heading marker).
        skipped: why a translatable-looking block is not translated (e.g. "boilerplate"), else None.
        source: the block's original lines exactly as read (a hard-wrapped paragraph keeps its line breaks).
        skip_rule: the rule behind ``skipped`` (e.g. "byline"), so a skipped line can be explained.
        attrs: details a format's renderer needs and the text does not carry (an image's ``src``).
    """

    kind: str
    text: str
    prefix: str = ""
    suffix: str = ""
    skipped: str | None = None
    source: str | None = None
    skip_rule: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def translatable(self) -> bool:
        return self.kind in TRANSLATABLE_KINDS and self.skipped is None and bool(self.text.strip())

    def render(self, text: str | None = None) -> str:
        """The block's original lines, or the block with ``text`` in place of its own when given."""
        if text is None:
            return self.source if self.source is not None else f"{self.prefix}{self.text}{self.suffix}"
        if self.kind == "raw":
            return self.text
        return f"{self.prefix}{text}{self.suffix}"


@dataclass
class Document:
    """A parsed document: its blocks in order and the format it came in (``text``, ``markdown``, ``html``).

    ``warnings`` says, a line each, where the parser had to change the input to read it (HTML nested too deep)
    or could not read all of it: the CLI logs them, a library caller finds them here.
    """

    blocks: list[Block]
    format: str
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    #: The inline markup inside block texts: ``markdown`` (text and Markdown files) or ``html``.
    inline_markup: ClassVar[str] = "markdown"

    @property
    def translatable_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.translatable]

    def protect(self, text: str, kind: str) -> ProtectedText:
        """``text`` (a block's text, or the inside of one of its wrapped spans) with inline markup protected."""
        return protect(text)

    def in_language(self, lang: str) -> Document:
        """The document as it will be once translated into ``lang`` (text and Markdown do not declare one)."""
        return self

    def split_edge_lines(self, block: Block, flagged: Callable[[str], object]) -> list[Block]:
        """Split the leading and trailing lines that ``flagged`` marks off a multi-line paragraph.

        A hard-wrapped paragraph may carry a line that is not part of it, such as a "Posted By : ..." spam line
        right under the last paragraph with no blank line between. Splitting it off lets the caller skip that
        line and still translate the sentences above it. The pieces keep their source lines, so rendering them
        untranslated gives the block back unchanged. At least one line stays in the middle piece.

        Returns:
            ``[block]`` when nothing is split off, else the flagged leading lines, the middle, the flagged
            trailing lines, each a block of its own.
        """
        if block.kind != "paragraph" or block.source is None or "\n" not in block.source:
            return [block]
        lines = block.source.split("\n")
        flags = [bool(flagged(line)) for line in lines]
        start, end = flagged_edges(flags)
        if (start, end) == (0, len(lines)) or all(flags):  # nothing to split off, or nothing to keep
            return [block]

        def line_block(line: str) -> Block:
            indent = line[: len(line) - len(line.lstrip())]
            return replace(block, text=line.strip(), prefix=indent, suffix="", source=line)

        middle = lines[start:end]
        indent = middle[0][: len(middle[0]) - len(middle[0].lstrip())]
        body = replace(
            block,
            text=" ".join(line.strip() for line in middle),
            prefix=indent,
            suffix="",
            source="\n".join(middle),
        )
        return [*map(line_block, lines[:start]), body, *map(line_block, lines[end:])]

    def render(self, pieces: Mapping[int, str]) -> str:
        """Join the rendered blocks ``pieces`` (by block index; a missing index is a block left out).

        Where a block is left out, the blank line that followed it goes too, so dropping a paragraph does not
        leave two blank lines in a row.
        """
        out: list[str] = []
        last_blank = True
        dropped = False
        for index, block in enumerate(self.blocks):
            if index not in pieces:
                dropped = True
                continue
            blank = block.kind == "raw" and not block.text.strip()
            if blank and dropped and last_blank:
                continue
            dropped = False
            out.append(pieces[index])
            last_blank = blank
        return "\n".join(out)


def flagged_edges(flags: list[bool]) -> tuple[int, int]:
    """``(start, end)``: lines before ``start`` and from ``end`` on are flagged, and at least one line is between."""
    start, end = 0, len(flags)
    while start < end - 1 and flags[start]:
        start += 1
    while end > start + 1 and flags[end - 1]:
        end -= 1
    return start, end
