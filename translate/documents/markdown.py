"""Markdown documents, parsed line by line into blocks so that layout survives translation.

We do not render Markdown to HTML and back (that would reflow lists, renumber items and rewrite emphasis); we
recognise the block structure CommonMark defines closely enough for articles: ATX and setext headings, paragraphs,
bullet and ordered list items (with indentation and continuation lines), block quotes (nested), fenced and
indented code, GFM tables (a row a block, each cell translated), link reference definitions (kept), footnotes
(their text translated), thematic breaks, HTML blocks and YAML/TOML front matter. Translatable text stays inline
Markdown; :mod:`lintas.translate.documents.inline` protects links, code spans and URLs inside it.
"""

from __future__ import annotations

import re

from lintas.translate.documents.model import Block, Document, row_cells, row_text

_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})")
_ATX = re.compile(r"^(\s{0,3}#{1,6}(?:\s+|$))(.*?)(\s+#+\s*)?$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])(?:\s+\[[ xX]\])?\s+)(.*)$")
_QUOTE = re.compile(r"^(\s{0,3}(?:>\s?)+)(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
#: A GFM table's delimiter row (``|---|:--:|`` or ``--- | ---``): what makes the line above it a header row.
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$")
#: ``[label]: https://... "title"``: a link reference definition, kept as written.
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]^][^\]]*\]:\s*\S")
#: ``[^1]: text``: a footnote, its text translated after the marker.
_FOOTNOTE = re.compile(r"^(\s{0,3}\[\^[^\]\s]+\]:\s*)(.*)$")
_HTML_BLOCK = re.compile(r"^\s{0,3}<(?:/?[a-zA-Z][\w-]*[\s/>]|!--)")
_FRONT_MATTER = re.compile(r"^(---|\+\+\+)\s*$")


def _table_starts(lines: list[str], i: int) -> bool:
    """Whether a GFM table starts at line ``i``: a line with a pipe over a delimiter row."""
    return "|" in lines[i] and i + 1 < len(lines) and bool(_TABLE_DELIMITER.match(lines[i + 1]))


def _row_block(line: str) -> Block:
    """One table row: its cells translated one by one, its pipes and spacing kept (``|`` edges optional)."""
    stripped = line.strip()
    indent = line[: len(line) - len(line.lstrip())]
    lead = "| " if stripped.startswith("|") else ""
    trail = " |" if stripped.endswith("|") and not stripped.endswith("\\|") else ""
    inner = stripped[1 if lead else 0 : len(stripped) - (1 if trail else 0)]
    cells = row_cells(inner)
    return Block("table_row", row_text(cells), prefix=indent + lead, suffix=trail, source=line)


def _is_block_start(line: str) -> bool:
    """Lines that end a paragraph because they begin another block."""
    return bool(
        _FENCE.match(line)
        or _ATX.match(line)
        or _THEMATIC_BREAK.match(line)
        or _LIST_ITEM.match(line)
        or _QUOTE.match(line)
        or _HTML_BLOCK.match(line)
        or _TABLE_ROW.match(line)
    )


def parse_markdown(source: str) -> Document:
    """Parse Markdown ``source`` into blocks (see the module docstring for what is recognised)."""
    lines = source.split("\n")
    blocks: list[Block] = []
    i = 0
    # Front matter: only at the very top.
    if lines and _FRONT_MATTER.match(lines[0]):
        opening = lines[0].strip()
        for j in range(1, len(lines)):
            if lines[j].strip() == opening:
                blocks.append(Block("raw", "\n".join(lines[: j + 1])))
                i = j + 1
                break
    previous_blank = True
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blocks.append(Block("raw", line))
            previous_blank = True
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(2)
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(marker[0] * len(marker)):
                j += 1
            end = min(j, len(lines) - 1)
            blocks.append(Block("raw", "\n".join(lines[i : end + 1])))
            i = end + 1
            previous_blank = False
            continue
        if previous_blank and line.startswith(("    ", "\t")) and not _in_list(blocks):
            j = i
            while j < len(lines) and (lines[j].startswith(("    ", "\t")) or not lines[j].strip()):
                j += 1
            while j > i and not lines[j - 1].strip():  # trailing blank lines are not code
                j -= 1
            blocks.append(Block("raw", "\n".join(lines[i:j])))
            i = j
            previous_blank = False
            continue
        if _table_starts(lines, i):  # header row, delimiter row, body rows to the next line without a pipe
            blocks.append(_row_block(line))
            blocks.append(Block("raw", lines[i + 1]))
            j = i + 2
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                blocks.append(_row_block(lines[j]))
                j += 1
            i = j
            previous_blank = False
            continue
        if _LINK_DEFINITION.match(line):
            blocks.append(Block("raw", line))
            i += 1
            previous_blank = False
            continue
        footnote = _FOOTNOTE.match(line)
        if footnote and footnote.group(2).strip():
            blocks.append(
                Block("paragraph", footnote.group(2).strip(), prefix=footnote.group(1), source=line)
            )
            i += 1
            previous_blank = False
            continue
        if _THEMATIC_BREAK.match(line) or _HTML_BLOCK.match(line) or _TABLE_ROW.match(line):
            j = i + 1
            if not _THEMATIC_BREAK.match(
                line
            ):  # HTML blocks (and pipe lines of no table) run to a blank line
                while j < len(lines) and lines[j].strip():
                    j += 1
            blocks.append(Block("raw", "\n".join(lines[i:j])))
            i = j
            previous_blank = False
            continue
        atx = _ATX.match(line)
        if atx:
            blocks.append(
                Block("heading", atx.group(2), prefix=atx.group(1), suffix=atx.group(3) or "", source=line)
            )
            i += 1
            previous_blank = False
            continue
        list_item = _LIST_ITEM.match(line)
        quote = _QUOTE.match(line)
        if list_item or quote:
            match = list_item or quote
            assert match is not None
            prefix, text = match.group(1), match.group(2)
            j = i + 1
            continuation: list[str] = []
            # Lazy continuation lines: indented (list) or plain text that does not start a new block.
            while j < len(lines) and lines[j].strip() and not _is_block_start(lines[j]):
                continuation.append(lines[j].strip())
                j += 1
            if quote and not list_item:
                while j < len(lines):  # further "> " lines of the same paragraph
                    more = _QUOTE.match(lines[j])
                    if not more or more.group(1) != prefix or not more.group(2).strip():
                        break
                    continuation.append(more.group(2).strip())
                    j += 1
            full = " ".join([text.strip(), *continuation]).strip()
            kind = "list_item" if list_item else "quote"
            blocks.append(Block(kind, full, prefix=prefix, source="\n".join(lines[i:j])))
            i = j
            previous_blank = False
            continue
        # A paragraph: lines up to a blank line or the start of another block; maybe a setext heading.
        j = i
        para: list[str] = []
        while (
            j < len(lines)
            and lines[j].strip()
            and (j == i or not (_is_block_start(lines[j]) or _table_starts(lines, j)))
        ):
            if para and _SETEXT_UNDERLINE.match(lines[j]):
                break
            para.append(lines[j])
            j += 1
        if j < len(lines) and para and _SETEXT_UNDERLINE.match(lines[j]) and len(para) == 1:
            indent = para[0][: len(para[0]) - len(para[0].lstrip())]
            blocks.append(Block("heading", para[0].strip(), prefix=indent, source=para[0]))
            blocks.append(Block("raw", lines[j]))
            i = j + 1
        else:
            indent = para[0][: len(para[0]) - len(para[0].lstrip())]
            text = " ".join(p.strip() for p in para)
            blocks.append(Block("paragraph", text, prefix=indent, source="\n".join(para)))
            i = j
        previous_blank = False
    return Document(blocks, "markdown")


def _in_list(blocks: list[Block]) -> bool:
    """True when the nearest non-blank block is a list item (indented lines then continue the list)."""
    for block in reversed(blocks):
        if block.kind == "raw" and not block.text.strip():
            continue
        return block.kind == "list_item"
    return False
