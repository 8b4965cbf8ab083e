"""HTML translated in place: every text node translated, every tag and attribute kept where it was.

The page (or fragment) is parsed with lxml, which repairs malformed markup (unclosed tags, stray end tags) the
way browsers do. The tree is then cut into *runs*: a run is the text of one block-level element between its
block-level children, inline elements included (``Lihat <a href="...">laporan BPS</a> hari ini.``). Each run
becomes one :class:`~lintas.translate.documents.model.Block`; in the tree it is replaced by a marker element, and the
serialised tree with its markers is the document's *skeleton*. Rendering fills each marker with the run's
translation (or its source, or nothing when the run is boilerplate and left out).

Inside a run, inline elements become spans of :class:`~lintas.translate.documents.html_inline.HtmlProtectedText`: ``<a>``, ``<b>``, ``<em>``,
``<span>``... are *wrapped* spans, so the words of a link are translated (as a unit of their own) and the tag
around them is kept; ``<br>``, ``<img>``, ``<code>``, ``<script>`` and comments are opaque spans, copied
byte for byte. ``<script>``, ``<style>``, ``<pre>``, ``<code>`` and ``<textarea>`` outside runs are never
touched. ``alt`` and ``title`` attribute values are blocks of kind ``attribute``, translated and set back on
every element that carries the same value.

When a run is all the content of a ``<p>``, ``<li>``, heading or similar block, the element itself is part of
the block (its start and end tag are the block's prefix and suffix): leaving out a boilerplate paragraph then
removes the whole ``<p>``, not just its words.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from lintas.translate.documents.html_decode import is_full_page, strip_xml_declaration
from lintas.translate.documents.html_inline import (
    OPAQUE_INLINE,
    WRAPPED_INLINE,
    end_tag,
    has_words,
    inner_html,
    protect_html,
    start_tag,
    tag_name,
)
from lintas.translate.documents.html_parse import ParsedHtml, holdable, parse_tree, serialise
from lintas.translate.documents.inline import ProtectedText
from lintas.translate.documents.model import Block, Document, flagged_edges
from lintas.translate.errors import InputError

log = logging.getLogger("lintas")

__all__ = ["HtmlDocument", "parse_html"]

#: Elements whose whole subtree is never translated.
UNTOUCHED = frozenset(
    "script style pre code kbd samp var textarea svg math template noscript iframe object xmp noembed noframes "
    "plaintext".split()
)
#: Elements that a boilerplate run may remove whole when the run is all their content.
REMOVABLE = frozenset(
    """
    p li h1 h2 h3 h4 h5 h6 div blockquote figcaption dt dd section aside header footer nav article address center
    summary
    """.split()
)
#: Attributes whose values are translated.
TRANSLATED_ATTRIBUTES = ("alt", "title")
_MARK_TAG = "lintas-mark"
_MARK = re.compile(rf'<{_MARK_TAG} n="(\d+)"></{_MARK_TAG}>')
_DOCTYPE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<!doctype", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTRIBUTE = re.compile(r"""(\s(?:xml:)?lang)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


# --------------------------------------------------------------------------------------------- documents
@dataclass
class HtmlDocument(Document):
    """An HTML page or fragment: text runs as blocks, the rest of the markup in :attr:`skeleton`.

    Attributes:
        skeleton: the serialised tree with a marker element where each run was.
        page: True for a whole page (serialised with its doctype), False for a fragment.
    """

    skeleton: str = ""
    page: bool = False

    inline_markup: ClassVar[str] = "html"

    def protect(self, text: str, kind: str) -> ProtectedText:
        if kind == "attribute":
            return ProtectedText(text)
        return protect_html(text)

    def render(self, pieces: Mapping[int, str]) -> str:
        """Fill the skeleton with ``pieces``; a missing run is left out, a missing attribute keeps its value.

        Each marker is filled with the pieces of the blocks of its run (``attrs["run"]``), in order: one block,
        or several where :meth:`split_edge_lines` split a boilerplate line off.
        """
        runs: dict[str, list[str]] = defaultdict(list)
        for i, block in enumerate(self.blocks):
            if "run" in block.attrs and i in pieces:
                runs[block.attrs["run"]].append(pieces[i])
        out = _MARK.sub(lambda m: "".join(runs.get(m.group(1), ())), self.skeleton)
        values = {
            block.text: pieces[i]
            for i, block in enumerate(self.blocks)
            if block.kind == "attribute" and i in pieces and pieces[i] != block.text
        }
        return _set_attributes(out, values, self.page) if values else out

    def in_language(self, lang: str) -> HtmlDocument:
        """The page with ``<html lang>`` (and ``xml:lang``) set to ``lang``: a translated page that still said
        ``lang="id"`` would be read aloud, hyphenated and indexed as Indonesian. A fragment has no ``<html>``."""
        if not self.page:
            return self
        tag = _HTML_START.search(self.skeleton)
        if tag is None:
            return self
        start = tag.group(0)
        new = _LANG_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{lang}"', start)
        if not re.search(r"\slang\s*=", new, re.IGNORECASE):
            new = f'{start[:-1].rstrip()} lang="{lang}">'
        return replace(self, skeleton=self.skeleton[: tag.start()] + new + self.skeleton[tag.end() :])

    def split_edge_lines(self, block: Block, flagged: Callable[[str], object]) -> list[Block]:
        """Split flagged leading and trailing ``<br>`` lines off a paragraph (:meth:`Document.split_edge_lines`).

        ``<p>Isi berita.<br>Posted By : admin</p>`` becomes the opening tag (a raw piece), the paragraph, the
        spam line with the ``<br>`` before it, and the closing tag, so that leaving the spam line out leaves a
        well-formed ``<p>Isi berita.</p>``. Only ``<br>`` tags outside inline elements split a paragraph.
        """
        if block.kind != "paragraph" or "run" not in block.attrs:
            return [block]
        lines = _br_lines(block.text)
        flags = [bool(flagged(text)) for _, text, _ in lines]
        start, end = flagged_edges(flags)
        if (start, end) == (0, len(lines)) or all(flags):  # nothing to split off, or the whole block goes
            return [block]
        run = {"run": block.attrs["run"]}

        def piece(prefix: str, text: str, suffix: str, kind: str = block.kind) -> Block:
            return Block(kind, text, prefix=prefix, suffix=suffix, source=prefix + text + suffix, attrs=run)

        out = [piece("", block.prefix, "", "raw")] if block.prefix else []
        # A line left out takes the <br> between it and the paragraph with it.
        for k in range(start):
            sep, text, trail = lines[k]
            out.append(piece(sep, text, trail + (lines[start][0] if k == start - 1 else "")))
        middle = "".join(sep + text + trail for sep, text, trail in lines[start:end])
        if start:
            middle = middle[len(lines[start][0]) :]
        lead, text, trail = _split_space(middle)
        out.append(piece(lead, text, trail))
        out.extend(piece(*line) for line in lines[end:])
        if block.suffix:
            out.append(piece("", block.suffix, "", "raw"))
        return out


#: A ``<br>`` tag, and any tag (to find those outside inline elements).
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _br_lines(text: str) -> list[tuple[str, str, str]]:
    """``text`` cut at its top-level ``<br>`` tags: ``(separator, line, trailing space)`` each, words only.

    The separator is what comes before a line (its ``<br>``, any empty lines, leading space); joined, the
    triples give ``text`` back.
    """
    depth, cuts = 0, []
    for tag in _TAG.finditer(text):
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name == "br" and depth == 0:
            cuts.append((tag.start(), tag.end()))
        elif name not in _VOID and not self_closing:
            depth = max(0, depth - 1) if closing else depth + 1
    segments, last = [], 0
    for a, b in cuts:
        segments += [text[last:a], text[a:b]]
        last = b
    segments.append(text[last:])
    lines: list[tuple[str, str, str]] = []
    sep = ""
    for k in range(0, len(segments), 2):
        segment = segments[k]
        br = segments[k + 1] if k + 1 < len(segments) else ""
        if segment.strip():
            lead, words, trail = _split_space(segment)
            lines.append((sep + lead, words, trail))
            sep = br
        else:
            sep += segment + br
    if lines and sep:
        lines[-1] = (lines[-1][0], lines[-1][1], lines[-1][2] + sep)
    return lines


def _parse(text: str, page: bool, quiet: bool = False) -> ParsedHtml:
    from lxml.etree import ParserError

    text = strip_xml_declaration(text)
    try:
        return parse_tree(text, page=page, quiet=quiet)
    except (ParserError, ValueError) as exc:
        raise InputError(f"HTML input could not be parsed ({exc}); check that it is an HTML file") from None


def _serialise(root, page: bool, doctype: str | None) -> str:
    if page:
        body = serialise(root)
        return (f"{doctype}\n" if doctype else "") + body + "\n"
    return html.escape(root.text or "", quote=False) + "".join(
        serialise(child, with_tail=True) for child in root
    )


def _doctype(text: str) -> str | None:
    """The page's ``<!DOCTYPE ...>`` as written, or None (lxml would invent an HTML 4 one)."""
    match = _DOCTYPE.match(text)
    if match is None or ">" not in text[match.end() :]:
        return None
    return text[match.end() - len("<!doctype") : text.index(">", match.end()) + 1]


def _set_attributes(text: str, values: Mapping[str, str], page: bool) -> str:
    """Re-parse rendered HTML and put translated ``alt``/``title`` values in place of the source ones."""
    root = _parse(text, page, quiet=True).root  # the rendered page: its warnings were given when it was read
    doctype = _doctype(text)
    for el in _translatable_elements(root):
        for name in TRANSLATED_ATTRIBUTES:
            value = el.get(name)
            if value is not None and value in values:
                el.set(name, holdable(values[value])[0])  # a model's output may hold what lxml refuses
    return _serialise(root, page, doctype)


def _translatable_elements(root):
    """Every element outside :data:`UNTOUCHED` subtrees, in document order."""
    stack = [root]
    while stack:
        el = stack.pop()
        tag = tag_name(el)
        if tag is None or tag in UNTOUCHED:
            continue
        yield el
        stack.extend(reversed(list(el)))


def _is_inline(el) -> bool:
    tag = tag_name(el)
    if tag is None or tag in OPAQUE_INLINE:
        return True
    if tag not in WRAPPED_INLINE:
        return False
    return not any(tag_name(d) not in WRAPPED_INLINE | OPAQUE_INLINE | {None} for d in el.iterdescendants())


@dataclass
class _Run:
    parent: Any  # the lxml element whose content the run is part of
    owner: Any  # the node holding the run's leading text: parent (its .text) or a block sibling (.tail)
    children: list  # the inline children in the run


def _collect_runs(root) -> list[_Run]:
    """Every run of text under ``root`` in document order (see the module docstring)."""
    runs: list[_Run] = []

    def walk(el) -> None:
        current = _Run(el, el, [])
        for child in list(el):
            if _is_inline(child):
                current.children.append(child)
                continue
            runs.append(current)
            if tag_name(child) not in UNTOUCHED:
                walk(child)
            current = _Run(el, child, [])
        runs.append(current)

    walk(root)
    return [run for run in runs if _run_has_words(run)]


def _run_has_words(run: _Run) -> bool:
    leading = run.owner.text if run.owner is run.parent else run.owner.tail
    if leading and leading.strip():
        return True
    for child in run.children:
        tag = tag_name(child)
        if child.tail and child.tail.strip():
            return True
        if tag is not None and tag not in OPAQUE_INLINE and has_words(child):
            return True
    return False


def _run_html(run: _Run) -> str:
    leading = (run.owner.text if run.owner is run.parent else run.owner.tail) or ""
    return html.escape(leading, quote=False) + "".join(
        serialise(child, with_tail=True) for child in run.children
    )


def _split_space(text: str) -> tuple[str, str, str]:
    stripped = text.strip()
    if not stripped:
        return text, "", ""
    start = text.index(stripped[0])
    return text[:start], stripped, text[start + len(stripped) :]


def _is_whole(run: _Run, root) -> bool:
    """Whether ``run`` is all the content of a removable element (which then belongs to the block)."""
    parent = run.parent
    return (
        run.owner is parent
        and parent is not root
        and tag_name(parent) in REMOVABLE
        and len(run.children) == len(parent)
        and parent.getparent() is not None
    )


def _block_kind(el) -> str:
    tag = tag_name(el) or ""
    if tag == "title":
        return "title"
    if re.fullmatch(r"h[1-6]", tag):
        return "heading"
    if tag == "li":
        return "list_item"
    if tag in ("figcaption", "caption"):
        return "caption"
    if tag in ("blockquote", "q"):
        return "quote"
    return "paragraph"


def parse_html(text: str) -> HtmlDocument:
    """Parse an HTML page or fragment for translation in place (see the module docstring).

    Malformed markup is repaired by lxml and never refused; a page's ``<meta charset>`` is rewritten to UTF-8,
    the encoding every output is written in.
    """
    page = is_full_page(text)
    doctype = _doctype(text)
    parsed = _parse(text, page)
    root = parsed.root
    if page:
        _declare_utf8(root)
    seen_values: set[str] = set()
    attribute_blocks: list[Block] = []
    for el in _translatable_elements(root):
        for name in TRANSLATED_ATTRIBUTES:
            value = el.get(name)
            if value and value.strip() and value not in seen_values and tag_name(el) not in ("html", "head"):
                seen_values.add(value)
                attribute_blocks.append(Block("attribute", value, attrs={"attribute": name}))

    runs = _collect_runs(root)
    whole = [_is_whole(run, root) for run in runs]
    blocks: list[Block] = [Block("raw", "")] * len(runs)
    # Runs that are part of an element's content first (they need the tree as parsed), whole elements after.
    for index, run in enumerate(runs):
        if whole[index]:
            continue
        parent = run.parent
        lead, body, trail = _split_space(_run_html(run))
        blocks[index] = Block(_block_kind(parent), body, source=body, attrs={"run": str(index)})
        marker = parent.makeelement(_MARK_TAG, {"n": str(index)})
        marker.tail = trail
        if run.owner is parent:
            parent.text = lead
            position = 0
        else:
            run.owner.tail = lead
            position = parent.index(run.owner) + 1
        for child in run.children:
            parent.remove(child)
        parent.insert(position, marker)
    for index, run in enumerate(runs):
        if not whole[index]:
            continue
        el = run.parent
        lead, body, trail = _split_space(inner_html(el))
        prefix, suffix = start_tag(el) + lead, trail + end_tag(el)
        blocks[index] = Block(
            _block_kind(el),
            body,
            prefix=prefix,
            suffix=suffix,
            source=prefix + body + suffix,
            attrs={"run": str(index)},
        )
        marker = el.makeelement(_MARK_TAG, {"n": str(index)})
        marker.tail = el.tail
        el.getparent().replace(el, marker)
    blocks.extend(attribute_blocks)
    skeleton = _serialise(root, page, doctype)
    return HtmlDocument(blocks, "html", warnings=parsed.warnings, skeleton=skeleton, page=page)


def _declare_utf8(root) -> None:
    """Every output is UTF-8: say so in the page's charset declaration.

    ``<meta http-equiv="Content-Type">`` becomes ``<meta charset="utf-8">``: libxml2's serialiser leaves the
    former out of its output, and the element must stay for the page to keep its shape.
    """
    for meta in root.iter("meta"):
        if meta.get("charset") is not None:
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            for name in list(meta.attrib):
                del meta.attrib[name]
            meta.set("charset", "utf-8")
