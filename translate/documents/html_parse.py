"""Parse HTML with lxml without losing text to libxml2's nesting limit.

libxml2 stops building the tree at 256 levels of nesting (2048 with ``huge_tree``) and lxml returns what it
has, so a paragraph inside 300 ``<div>`` elements, or the words after 300 unclosed ``<font>`` tags, vanished from the
output without a word. Every HTML parse of the documents package goes through :func:`parse_tree`, which:

* parses with ``huge_tree`` (which also lifts the limit on the size of a text node); where libxml2 still gives
  up (beyond 2048 levels), removes the tags of deep wrappers from the *source* (:func:`flatten_deep`, which
  reads the tags with the standard library's tokenizer, which has no depth limit) and parses again;
* removes elements from the tree until no more than :data:`MAX_DEPTH` are nested (``drop_tag``: the text and
  the children stay). :data:`MAX_DEPTH` is under libxml2's default limit, which trafilatura's own parses keep,
  and low enough for the recursive code that follows (inline spans inside spans) to stay within Python's
  recursion limit. Outer and inner levels are kept, the wrappers between them go (:func:`_removed`);
* reports what it changed, and any error that still stopped libxml2, as a one-line ``lintas`` warning and in
  the :class:`ParsedHtml` it returns (the callers put it in ``Document.warnings``), so no text is dropped
  unseen.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

log = logging.getLogger("lintas")

__all__ = [
    "MAX_DEPTH",
    "ParsedHtml",
    "flatten_deep",
    "holdable",
    "parse_fragment",
    "parse_tree",
    "serialise",
    "tree_depth",
]

#: The most elements nested in a parsed tree; wrappers beyond it are removed (their text kept).
MAX_DEPTH = 250
#: Levels that lxml and libxml2 add around the source's own elements (``<html>``, ``<body>``, an implied
#: ``<p>``, the fragment's parent): flattening aims this far under :data:`MAX_DEPTH`.
_IMPLIED_LEVELS = 8
#: Elements without content: they never open a level.
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
#: Elements whose content is raw text (no tags inside): never removed, or their content would become text.
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
#: Raw-text elements that libxml2 parses as raw text but serialises escaped (``<xmp><b>`` came back as
#: ``<xmp>&lt;b&gt;``): :func:`serialise` writes their text back as it was read.
_ESCAPED_RAW_TEXT = ("xmp", "iframe", "noembed", "noframes")
#: What an lxml tree cannot hold (XML 1.0 has no such characters; lxml refuses them in a value it is given):
#: C0 controls other than tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Elements that a start tag of the same name closes (``<p>a<p>b`` is two paragraphs, not one inside the other).
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd option tr td th".split())


@dataclass
class ParsedHtml:
    """A parsed tree and what the parse had to change or could not read (one line each, for the user)."""

    root: Any
    warnings: list[str] = field(default_factory=list)


def _removed(depth: int, height: int, limit: int) -> bool:
    """Whether an element ``depth`` levels down with ``height`` levels in it and under it goes (its text stays).

    The outer half of the allowed levels and the inner half are kept, the wrappers between them removed: a chain
    of 5000 ``<div>`` elements keeps the page's outer layout and the ``<p>``, ``<li>`` or ``<b>`` around the words (an
    article extractor reads text from those, not from a bare ``<div>``). On any path from the root, at most
    ``limit`` elements are kept.
    """
    top = limit // 2
    return depth > top and height > limit - top


@dataclass
class _Element:
    """An element the source opens, as :class:`_NestingScanner` sees it: where its tags are, how it nests."""

    tag: str
    start: tuple[int, int]
    depth: int
    height: int = 1
    end: tuple[int, int] | None = None


#: libxml2's end-tag priorities (``htmlEndPriority``): an end tag does not close an open element of higher
#: priority (``</div>`` inside a ``<td>`` is ignored), so the scanner must not close it either.
_END_PRIORITY = {"div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180, "tfoot": 180}
_END_PRIORITY |= {"table": 190, "head": 200, "body": 200, "html": 220}


class _NestingScanner(HTMLParser):
    """The elements of an HTML source and how deep they nest, from the tags alone (no tree, no depth limit).

    Nesting is modelled closely enough to bound libxml2's: end tags close what they would close there,
    a start tag of :data:`_SELF_CLOSING_SIBLINGS` closes an open sibling of its name, the content of a
    raw-text element is text (``<title><p></title>`` holds no ``<p>``) and so is all that follows ``<plaintext>``.
    """

    # The stdlib reads these elements' content as raw text; typeshed marks the attribute Final, but overriding it in a
    # subclass is how HTMLParser is extended for more raw-text elements.
    CDATA_CONTENT_ELEMENTS = tuple(sorted(_RAW_TEXT - {"plaintext"}))  # type: ignore[misc]

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.elements: list[_Element] = []
        self._stack: list[_Element] = []
        self._text = text
        self._plain = False  # after <plaintext>: no more tags
        self._line_starts = [0]
        self._line_starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _close(self, index: int) -> None:
        while len(self._stack) > index:
            element = self._stack.pop()
            if self._stack:
                self._stack[-1].height = max(self._stack[-1].height, element.height + 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or self._plain:
            return
        self._plain = tag == "plaintext"
        if tag in _SELF_CLOSING_SIBLINGS and self._stack and self._stack[-1].tag == tag:
            self._close(len(self._stack) - 1)
        start = self._offset()
        element = _Element(tag, (start, start + len(self.get_starttag_text() or "")), len(self._stack) + 1)
        self._stack.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag: str) -> None:
        if self._plain:
            return
        priority = _END_PRIORITY.get(tag, 100)
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                start = self._offset()
                end = self._text.find(">", start)
                self._stack[index].end = (start, len(self._text) if end < 0 else end + 1)
                self._close(index)
                return
            if _END_PRIORITY.get(self._stack[index].tag, 100) > priority:
                return

    def close(self) -> None:
        super().close()
        self._close(0)


def flatten_deep(text: str, limit: int = MAX_DEPTH - _IMPLIED_LEVELS) -> tuple[str, int]:
    """``text`` with no more than ``limit`` elements nested, and how many elements were removed for that.

    What goes is the start and end tags (attributes included) of the wrappers :func:`_removed` picks; their
    text, comments and void elements such as ``<img>`` stay in place, and so does every raw-text element
    (``<script>``, ``<textarea>``...), whose content would otherwise turn into text.
    """
    scanner = _NestingScanner(text)
    scanner.feed(text)
    scanner.close()
    cuts: list[tuple[int, int]] = []
    removed = 0
    for element in scanner.elements:
        if element.tag not in _RAW_TEXT and _removed(element.depth, element.height, limit):
            removed += 1
            cuts.append(element.start)
            if element.end is not None:
                cuts.append(element.end)
    if not cuts:
        return text, 0
    pieces, last = [], 0
    for start, end in sorted(cuts):
        pieces.append(text[last:start])
        last = max(last, end)
    pieces.append(text[last:])
    return "".join(pieces), removed


def _nesting(root) -> tuple[int, list]:
    """How deep the tree under ``root`` goes (``root`` alone is 1), and the elements :func:`_removed` picks for
    :data:`MAX_DEPTH`, innermost first."""
    from lxml import etree

    stack: list[list[Any]] = []  # [element, depth, height]
    deepest = 0
    chosen = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            stack.append([el, len(stack) + 1, 1])
            deepest = max(deepest, len(stack))
            continue
        element, depth, height = stack.pop()
        if stack:
            stack[-1][2] = max(stack[-1][2], height + 1)
        if _removed(depth, height, MAX_DEPTH):
            chosen.append(element)
    return deepest, chosen


def tree_depth(root) -> int:
    """How many elements deep the tree under ``root`` goes (``root`` alone is 1)."""
    return _nesting(root)[0]


def holdable(text: str) -> tuple[str, int]:
    """``text`` with what a tree cannot hold (:data:`_UNHOLDABLE`) replaced, and how many characters that was.

    A form feed is HTML whitespace and becomes a space; the others become U+FFFD, as an HTML parser turns a NUL
    into. Left in, a lone surrogate stopped libxml2 (the rest of the page was lost) and a control character
    made lxml raise ``ValueError`` when the text was put back into the tree.
    """
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return " " if match.group() == "\x0c" else "\ufffd"

    return _UNHOLDABLE.sub(replace, text), count


def _hold_tree(root) -> int:
    """Apply :func:`holdable` to the tree's text, tails and attribute values; how many characters it replaced.

    The source was made holdable before the parse, but a character reference (``&#1;``) only becomes the
    character in the tree.
    """
    count = 0

    def fixed(value: str | None) -> str | None:
        nonlocal count
        if not value or not _UNHOLDABLE.search(value):
            return value
        value, n = holdable(value)
        count += n
        return value

    for node in root.iter():
        node.text, node.tail = fixed(node.text), fixed(node.tail)
        for key, value in node.attrib.items() if isinstance(node.tag, str) else ():
            node.set(key, fixed(value))
    return count


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _parse_once(text: str, page: bool, create_parent: str) -> tuple[Any, list, int]:
    """The tree of ``text``, libxml2's errors, and how many characters :func:`_hold_tree` replaced in it.

    A fragment is parsed as :func:`lxml.html.fragment_fromstring` does, except that its leading text is made
    holdable before lxml is given it back (``&#1;`` alone made lxml raise there).
    """
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)
    if page:
        root = lxml.html.document_fromstring(text, parser=parser)
        return root, list(parser.error_log), _hold_tree(root) if "&#" in text else 0
    nodes = lxml.html.fragments_fromstring(text, parser=parser)
    errors = list(parser.error_log)
    root = parser.makeelement(create_parent)
    replaced = 0
    if nodes and isinstance(nodes[0], str):
        root.text, replaced = holdable(nodes.pop(0))
    root.extend(nodes)
    return root, errors, replaced + (_hold_tree(root) if "&#" in text else 0)


def _too_deep(errors: list) -> bool:
    from lxml.etree import ErrorTypes

    return any(e.type == ErrorTypes.ERR_RESOURCE_LIMIT for e in errors)


def parse_tree(
    text: str, *, page: bool, create_parent: str = "div", name: str | None = None, quiet: bool = False
) -> ParsedHtml:
    """Parse ``text`` (a page, or a fragment under a ``create_parent`` element) within :data:`MAX_DEPTH`.

    ``name`` (the file) starts each warning; ``quiet`` keeps them off the log (they are still returned).

    Raises:
        lxml.etree.ParserError, ValueError: as :func:`lxml.html.document_fromstring` does (nothing to parse).
    """
    from lxml.etree import ErrorLevels

    warnings: list[str] = []
    where = f"{name}: " if name else ""
    text, replaced = holdable(text)
    root, errors, in_tree = _parse_once(text, page, create_parent)
    removed = 0
    if _too_deep(errors):  # libxml2 gave up: make the source shallow enough for it first
        flat, removed = flatten_deep(text)
        root, errors, in_tree = _parse_once(flat, page, create_parent)
    replaced += in_tree
    depth, chosen = _nesting(root)
    if depth > MAX_DEPTH:
        for element in chosen:
            element.drop_tag()
        removed += len(chosen)
    if replaced:
        warnings.append(
            f"{where}{_count(replaced, 'character')} that HTML text cannot hold (control characters, lone "
            "surrogates, U+FFFE, U+FFFF) replaced with U+FFFD (a form feed with a space)"
        )
    if removed:
        warnings.append(
            f"{where}{_count(removed, 'HTML element')} nested more than {MAX_DEPTH} levels deep removed to "
            "read the page (their text is kept)"
        )
    for error in errors:
        if error.level == ErrorLevels.FATAL:
            warnings.append(
                f"{where}the HTML parser stopped at line {error.line}, column {error.column} ({error.message}); "
                "text after that point may be missing"
            )
            break
    for warning in warnings if not quiet else ():
        log.warning("%s", warning)
    return ParsedHtml(root, warnings)


def parse_fragment(text: str, create_parent: str):
    """A fragment that is already part of a parsed tree (so within its depth), parsed again: no warnings."""
    return _parse_once(text, False, create_parent)[0]


def serialise(node, with_tail: bool = False) -> str:
    """``node`` as HTML (``lxml.html.tostring``), the text of :data:`_ESCAPED_RAW_TEXT` elements unescaped.

    Their text stands in the output as read: put back in place of a marker after lxml has serialised the rest.
    """
    import lxml.html

    if not isinstance(node.tag, str):
        return lxml.html.tostring(node, encoding="unicode", with_tail=with_tail)
    raw = [el for el in node.iter(*_ESCAPED_RAW_TEXT) if el.text and any(c in el.text for c in "<>&")]
    if not raw:
        return lxml.html.tostring(node, encoding="unicode", with_tail=with_tail)
    nonce = uuid.uuid4().hex
    texts = {}
    for index, el in enumerate(raw):
        mark = f"lintas-raw-{index}-{nonce}"
        texts[mark], el.text = el.text, mark
    try:
        out = lxml.html.tostring(node, encoding="unicode", with_tail=with_tail)
    finally:
        for mark, el in zip(texts, raw, strict=True):
            el.text = texts[mark]
    return re.sub(rf"lintas-raw-\d+-{nonce}", lambda m: texts[m.group()], out)
