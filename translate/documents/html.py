"""HTML translated in place: every text node translated, every tag and attribute kept where it was.

The page (or fragment) is parsed with lxml, which repairs malformed markup (unclosed tags, stray end tags) the
way browsers do. The tree is then cut into *runs*: a run is the text of one block-level element between its
block-level children, inline elements included (``Lihat <a href="...">laporan BPS</a> hari ini.``). Each run
becomes one :class:`~lintas.translate.documents.model.Block`; in the tree it is replaced by a marker element, and the
serialised tree with its markers is the document's *skeleton*. Rendering fills each marker with the run's
translation (or its source, or nothing when the run is boilerplate and left out).

Inside a run, inline elements become spans of :class:`HtmlProtectedText`: ``<a>``, ``<b>``, ``<em>``,
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

import codecs
import html
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import ClassVar

from lintas.translate.documents.inline import ProtectedText, Span, placeholder_style, protect_verbatim
from lintas.translate.documents.model import Block, Document, flagged_edges
from lintas.translate.errors import InputError

log = logging.getLogger("lintas")

__all__ = [
    "HtmlDocument",
    "HtmlProtectedText",
    "decode_html",
    "declared_charset",
    "is_full_page",
    "parse_html",
    "protect_html",
    "strip_xml_declaration",
]

#: Inline elements whose words are translated while the element is kept around them.
WRAPPED_INLINE = frozenset(
    """
    a abbr acronym b bdi bdo big button cite data del dfn em font i ins label mark nobr q s small span strike
    strong sub sup time tt u
    """.split()
)
#: Inline elements copied untouched, words and all, wherever they stand.
OPAQUE_INLINE = frozenset(
    """
    br wbr img code kbd samp var script style svg math input select textarea object embed iframe audio video
    canvas picture source noscript template meter progress
    """.split()
)
#: Elements whose whole subtree is never translated.
UNTOUCHED = frozenset(
    "script style pre code kbd samp var textarea svg math template noscript iframe object".split()
)
#: Elements that a boilerplate run may remove whole when the run is all their content.
REMOVABLE = frozenset(
    """
    p li h1 h2 h3 h4 h5 h6 div blockquote figcaption dt dd section aside header footer nav article address center
    summary
    """.split()
)
#: Inline elements that may be kept out of a sentence sent to the model when they stand at its edge.
_DETACHABLE = frozenset({"br", "wbr", "img"})
#: Attributes whose values are translated.
TRANSLATED_ATTRIBUTES = ("alt", "title")

_MARK_TAG = "lintas-mark"
_MARK = re.compile(rf'<{_MARK_TAG} n="(\d+)"></{_MARK_TAG}>')
_FULL_PAGE = re.compile(r"<html[\s>]|<body[\s>]", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DOCTYPE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<!doctype", re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_HTML_START = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTRIBUTE = re.compile(r"""(\s(?:xml:)?lang)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
#: Labels that HTML treats as windows-1252 (the WHATWG Encoding Standard): pages that say latin-1 mean cp1252.
_CP1252_ALIASES = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
)


def strip_xml_declaration(text: str) -> str:
    """``text`` without a leading ``<?xml ... encoding=...?>`` (lxml refuses it in an already decoded string)."""
    return _XML_DECLARATION.sub("", text, count=1)


def is_full_page(text: str) -> bool:
    """True for a whole page (it has ``<html>`` or ``<body>``), False for a fragment of one."""
    return bool(_FULL_PAGE.search(text))


def declared_charset(raw: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares (lower case), looked for in its first 8 KiB, or None."""
    match = _META_CHARSET.search(raw[:8192])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(raw: bytes, name: str = "<input>") -> str:
    """Decode an HTML file's bytes: byte-order mark, else ``<meta charset>``, else UTF-8 or detection.

    A page that declares latin-1 is decoded as windows-1252, as browsers do (curly quotes and dashes live in the
    bytes latin-1 leaves to control characters). Bytes that are valid UTF-8 with non-ASCII characters stay UTF-8
    whatever the meta says: such pages were re-saved as UTF-8 with their old declaration left in.

    Raises:
        InputError: binary content, or bytes no encoding decodes.
    """
    from lintas.translate.io import decode_text

    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:65536]:
        return decode_text(raw, name)
    label = declared_charset(raw)
    if label is None:
        return decode_text(raw, name)
    encoding = "cp1252" if label in _CP1252_ALIASES else label
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        log.warning("%s: unknown charset %r in <meta>; detecting the encoding instead", name, label)
        return decode_text(raw, name)
    if codec != "utf-8" and not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            log.info("%s: declares %s but is valid UTF-8; reading it as UTF-8", name, label)
            return decode_text(raw, name)
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        log.warning("%s: is not valid %s as its <meta> says; detecting the encoding instead", name, label)
        return decode_text(raw, name)


# --------------------------------------------------------------------------------------------- inline spans
def _tag(el) -> str | None:
    """The element's tag in lower case, or None for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


def start_tag(el) -> str:
    """``<a href="x" class="y">`` for ``el``: its start tag as lxml serialises it."""
    import lxml.html

    shell = el.makeelement(el.tag, dict(el.attrib))
    serialised = lxml.html.tostring(shell, encoding="unicode")
    end = f"</{el.tag}>"
    return serialised[: -len(end)] if serialised.endswith(end) else serialised


def end_tag(el) -> str:
    return f"</{el.tag}>"


def inner_html(el) -> str:
    """The serialised content of ``el``: its text and children (with their tails), not its own tags."""
    import lxml.html

    return html.escape(el.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in el
    )


def _has_words(el) -> bool:
    """Whether ``el`` holds text outside opaque elements (so there is something to translate in it)."""
    if el.text and el.text.strip():
        return True
    for child in el:
        tag = _tag(child)
        if tag is not None and tag not in OPAQUE_INLINE and _has_words(child):
            return True
        if child.tail and child.tail.strip():
            return True
    return False


@dataclass
class HtmlProtectedText(ProtectedText):
    """Protected HTML: the template holds *unescaped* text; restoring escapes it again around the tags.

    The model sees ``AT&T`` and ``<`` as the reader does; what goes back into the page is ``AT&amp;T``.
    ``detachable`` lists the spans (line breaks, images, comments) that may be kept out of the model's input
    when they stand at the edge of a sentence.
    """

    detachable: tuple[int, ...] = ()

    def restore(
        self, text: str, translated_inners: dict[int, str] | None = None, only: list[int] | None = None
    ) -> str:
        inners = translated_inners or {}
        indices = list(range(len(self.spans)) if only is None else only)
        marks = {self.placeholder(i): i for i in indices}
        pattern = re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)))
        out: list[str] = []
        placed: set[int] = set()
        cursor = 0
        for m in pattern.finditer(text) if marks else ():
            out.append(html.escape(text[cursor : m.start()], quote=False))
            index = marks[m.group(0)]
            if index not in placed:  # a placeholder the model repeated is kept once
                out.append(self.spans[index].restore(inners.get(index)))
                placed.add(index)
            cursor = m.end()
        out.append(html.escape(text[cursor:], quote=False))
        result = "".join(out)
        missing = [self.spans[i].restore(inners.get(i)) for i in indices if i not in placed]
        if missing:  # dropped by the model: appended, so no tag and no link is lost
            result = " ".join([result.rstrip(), *missing]).strip()
        return result


def _escape_text(raw: str) -> str:
    return html.escape(raw, quote=False)


def protect_html(fragment: str) -> HtmlProtectedText:
    """Protect the inline tags of an HTML run (see the module docstring); text between them is unescaped."""
    import lxml.html

    root = lxml.html.fragment_fromstring(fragment, create_parent="lintas-run")
    texts: list[str] = [root.text or ""]
    spans: list[Span] = []
    detachable: list[int] = []
    breaks: set[int] = set()
    for child in root:
        tag = _tag(child)
        if tag in _DETACHABLE or tag is None:
            detachable.append(len(spans))
        if tag == "br":
            breaks.add(len(spans))
        raw = lxml.html.tostring(child, encoding="unicode", with_tail=False)
        if tag in WRAPPED_INLINE and _has_words(child):
            inner = inner_html(child)
            stripped = inner.strip()
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            spans.append(
                Span(raw, inner=stripped, left=start_tag(child) + lead, right=trail + end_tag(child))
            )
        else:
            spans.append(Span(raw))
        texts.append(child.tail or "")
    plain = "".join(texts)
    style = placeholder_style(plain)

    def text(piece: str) -> str:  # URLs and e-mail addresses in the text stay as written, escaped again
        return protect_verbatim(_WHITESPACE.sub(" ", piece), spans, style, _escape_text)

    template = text(texts[0])
    for index, tail in enumerate(
        texts[1:]
    ):  # span ``index`` is the child's tag; addresses come after all tags
        mark = style.format(index)
        if index in breaks:  # a line break ends a sentence: a blank line is a boundary for the segmenter
            mark = f" {mark}\n\n"
        elif index in detachable:  # an image separates words as a space does
            mark = f" {mark} "
        template += mark + text(tail)
    template = "\n\n".join(" ".join(part.split()) for part in template.split("\n\n"))
    return HtmlProtectedText(template.strip(), spans, style, tuple(detachable))


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


def _parse(text: str, page: bool):
    import lxml.html
    from lxml.etree import ParserError

    text = strip_xml_declaration(text)
    try:
        if page:
            return lxml.html.document_fromstring(text)
        return lxml.html.fragment_fromstring(text, create_parent="div")
    except (ParserError, ValueError) as exc:
        raise InputError(f"HTML input could not be parsed ({exc}); check that it is an HTML file") from None


def _serialise(root, page: bool, doctype: str | None) -> str:
    import lxml.html

    if page:
        body = lxml.html.tostring(root, encoding="unicode")
        return (f"{doctype}\n" if doctype else "") + body + "\n"
    return html.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in root
    )


def _doctype(text: str) -> str | None:
    """The page's ``<!DOCTYPE ...>`` as written, or None (lxml would invent an HTML 4 one)."""
    match = _DOCTYPE.match(text)
    if match is None or ">" not in text[match.end() :]:
        return None
    return text[match.end() - len("<!doctype") : text.index(">", match.end()) + 1]


def _set_attributes(text: str, values: Mapping[str, str], page: bool) -> str:
    """Re-parse rendered HTML and put translated ``alt``/``title`` values in place of the source ones."""
    root = _parse(text, page)
    doctype = _doctype(text)
    for el in _translatable_elements(root):
        for name in TRANSLATED_ATTRIBUTES:
            value = el.get(name)
            if value is not None and value in values:
                el.set(name, values[value])
    return _serialise(root, page, doctype)


def _translatable_elements(root):
    """Every element outside :data:`UNTOUCHED` subtrees, in document order."""
    stack = [root]
    while stack:
        el = stack.pop()
        tag = _tag(el)
        if tag is None or tag in UNTOUCHED:
            continue
        yield el
        stack.extend(reversed(list(el)))


def _is_inline(el) -> bool:
    tag = _tag(el)
    if tag is None or tag in OPAQUE_INLINE:
        return True
    if tag not in WRAPPED_INLINE:
        return False
    return not any(_tag(d) not in WRAPPED_INLINE | OPAQUE_INLINE | {None} for d in el.iterdescendants())


@dataclass
class _Run:
    parent: object  # the element whose content the run is part of
    owner: object  # the node holding the run's leading text: parent (its .text) or a block sibling (.tail)
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
            if _tag(child) not in UNTOUCHED:
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
        tag = _tag(child)
        if child.tail and child.tail.strip():
            return True
        if tag is not None and tag not in OPAQUE_INLINE and _has_words(child):
            return True
    return False


def _run_html(run: _Run) -> str:
    import lxml.html

    leading = (run.owner.text if run.owner is run.parent else run.owner.tail) or ""
    return html.escape(leading, quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in run.children
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
        and _tag(parent) in REMOVABLE
        and len(run.children) == len(parent)
        and parent.getparent() is not None
    )


def _block_kind(el) -> str:
    tag = _tag(el) or ""
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
    root = _parse(text, page)
    if page:
        _declare_utf8(root)
    seen_values: set[str] = set()
    attribute_blocks: list[Block] = []
    for el in _translatable_elements(root):
        for name in TRANSLATED_ATTRIBUTES:
            value = el.get(name)
            if value and value.strip() and value not in seen_values and _tag(el) not in ("html", "head"):
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
    return HtmlDocument(blocks, "html", skeleton=skeleton, page=page)


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
