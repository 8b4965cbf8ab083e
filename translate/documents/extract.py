"""The article in a saved web page: title, date, author, body and captions, without the rest of the page.

Extraction is trafilatura's job (a maintained extractor that scores page regions, drops navigation, sidebars,
comments and footers, and reads metadata from ``<meta>`` tags, JSON-LD and bylines); it runs offline on the
string it is given. We ask for its XML output, which keeps the structure we need (headings, paragraphs, lists,
quotes, images, tables, links and emphasis), and turn it into a Markdown-shaped
:class:`~lintas.translate.documents.model.Document` (inline markup as Markdown, so links and bold text are protected
while translating). Two things trafilatura does not do are added around it:

* image captions: trafilatura drops ``<figcaption>``; we turn each caption into a paragraph carrying a marker
  before extraction, and the marker makes it a ``caption`` block again afterwards;
* boilerplate left inside the article region ("Baca juga" boxes, ad labels, "Posted By : ..." spam) is marked by
  :func:`lintas.translate.documents.boilerplate.mark_boilerplate`; a page with no prose left is refused (:class:`InputError`).

:func:`lintas.translate.article_html.render_article_html` writes a translated extraction back as HTML.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from lintas.translate.documents.boilerplate import mark_boilerplate
from lintas.translate.documents.html import parse_html
from lintas.translate.documents.html_decode import is_full_page, strip_xml_declaration
from lintas.translate.documents.html_parse import parse_tree
from lintas.translate.documents.model import CORPUS_EXCLUDED_KINDS, Block, Document, row_text
from lintas.translate.errors import InputError, LintasError

log = logging.getLogger("lintas")

__all__ = [
    "CAPTION_MARK",
    "NoArticleError",
    "article_blocks",
    "extract_article",
]

#: Put in front of caption text before extraction; plain letters, because trafilatura drops unusual characters.
CAPTION_MARK = "LintasCaptionMark"


class NoArticleError(InputError):
    """A page with no article text: a front page, an error page, a page built by JavaScript."""


#: Elements (besides ``<figcaption>``) whose class names them a caption: WordPress and common CMS themes.
_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:wp-caption-text|caption|keterangan)(?:$|[\s_-])", re.IGNORECASE)
#: A block is prose when it ends like a sentence and has a few words: what an article has and a menu does not.
_PROSE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
MIN_PROSE_WORDS = 4


def _mark_captions(tree) -> None:
    """Turn captions into ``<p>CAPTION_MARK text</p>`` so trafilatura keeps them and we can find them again."""
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):
            continue
        is_caption = el.tag == "figcaption" or (
            el.tag in ("p", "div", "span") and _CAPTION_CLASS.search(el.get("class") or "")
        )
        if is_caption and el.text_content().strip():
            el.tag = "p"
            for name in list(el.attrib):
                del el.attrib[name]
            el.text = f"{CAPTION_MARK} {el.text or ''}"


def _mark_preformatted(tree) -> None:
    """Turn ``<pre>`` into ``<code>``: trafilatura passes a ``<pre>`` on as a quotation (translated, reflowed),
    a ``<code>`` as a code block (kept byte for byte, as ``lintas translate`` promises code blocks are)."""
    for pre in list(tree.iter("pre")):
        for inner in [c for c in pre.iter("code") if c is not pre]:
            inner.drop_tag()  # <pre><code>...</code></pre>, the usual markup, is one block
        pre.tag = "code"


def _target(url: str) -> str:
    """A link target that cannot end a Markdown link early."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


#: How pages are dated: from their markup only (meta tags, <time>, bylines). The extensive search also takes a
#: footer's "© 2024" for the article's date, and a wrong date is worse than none.
_DATE_SEARCH: dict[str, Any] = {"extensive_search": False, "original_date": True}

#: Stands for ``<lb/>`` while an element's text is joined (a character no page text holds).
_LINE_BREAK = "\x00"


def _inline(el) -> str:
    """Markdown for the inline content of a trafilatura XML element (links, bold, italic, code), on one line."""
    return " ".join(_inline_lines(el))


def _inline_lines(el) -> list[str]:
    """:func:`_inline`, cut into lines at the element's own line breaks (``<lb/>``, a ``<br>`` of the page).

    A paragraph keeps its lines so that a "Posted By : ..." line after a ``<br>`` can be told from the
    paragraph above it (:meth:`~lintas.translate.documents.model.Document.split_edge_lines`).
    """
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag in ("list", "table", "graphic", "quote"):
            pass  # blocks inside an item or a cell are written by their own block
        elif tag == "lb":
            parts.append(_LINE_BREAK)
        elif tag == "ref":
            text = _inline(child).strip()
            target = child.get("target")
            parts.append(f"[{text}]({_target(target)})" if text and target else text)
        elif tag == "hi":
            text = _inline(child).strip()
            mark = {"#b": "**", "#i": "*", "#t": "`"}.get(child.get("rend") or "", "")
            parts.append(f"{mark}{text}{mark}" if text else "")
        elif tag == "code":
            parts.append(f"`{''.join(child.itertext()).strip()}`")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    # Newlines in the XML's text are layout, a space to the reader; only <lb/> breaks a line.
    lines = (" ".join(line.split()) for line in "".join(parts).split(_LINE_BREAK))
    return [line for line in lines if line]


class _Builder:
    """Collects blocks from trafilatura's XML ``<main>`` element."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.blocks: list[Block] = []
        self.has_title = False

    def add(
        self,
        kind: str,
        text: str,
        prefix: str = "",
        suffix: str = "",
        source: str | None = None,
        **attrs: str,
    ) -> None:
        if self.blocks:
            self.blocks.append(Block("raw", ""))
        self.blocks.append(Block(kind, text, prefix=prefix, suffix=suffix, source=source, attrs=dict(attrs)))

    def element(self, el, depth: int = 0) -> None:
        tag = el.tag
        if tag == "p":
            lines = _inline_lines(el)
            text = " ".join(lines)
            if text.startswith(CAPTION_MARK):
                text = text[len(CAPTION_MARK) :].strip()
                if text:
                    self.add("caption", text, prefix="*", suffix="*")
            elif len(lines) > 1:  # its lines as Markdown source lines, one paragraph all the same
                self.add("paragraph", text, source="\n".join(lines))
            elif text:
                self.add("paragraph", text)
            for child in el:
                if child.tag in ("list", "table", "graphic", "quote"):
                    self.element(child, depth)
        elif tag == "head":
            text = _inline(el)
            rend = el.get("rend") or ""
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            if not text:
                return
            if not self.has_title and _same(text, self.title):
                self.has_title = True
                self.add("title", text, prefix="# ", level="1")
            else:
                self.add("heading", text, prefix="#" * max(level, 2) + " ", level=str(max(level, 2)))
        elif tag == "list":
            ordered = "ol" in (el.get("rend") or "")
            for number, item in enumerate(el.findall("item"), start=1):
                marker = f"{number}. " if ordered else "- "
                text = _inline(item)
                if text:
                    self.add("list_item", text, prefix="  " * depth + marker, list="ol" if ordered else "ul")
                for sub in item.findall("list"):
                    self.element(sub, depth + 1)
        elif tag == "quote":
            paragraphs = [p for p in el if p.tag == "p"]
            texts = [_inline(p) for p in paragraphs] if paragraphs else [_inline(el)]
            for text in filter(None, texts):
                self.add("quote", text, prefix="> ")
        elif tag == "graphic":
            src = el.get("src") or ""
            if src:
                alt = el.get("alt") or el.get("title") or ""
                # The alt text is read aloud in place of the image: translated like the text around it.
                kind, alt = (
                    ("attribute", alt.replace("]", ")").replace("[", "(")) if alt.strip() else ("raw", "")
                )
                self.add(kind, alt, prefix="![", suffix=f"]({_target(src)})", src=src, role="image")
        elif tag == "table":
            self.table(el)
        elif tag == "code":
            code = "".join(el.itertext()).strip("\n")
            self.add("raw", f"```\n{code}\n```", role="code", code=code)
        else:
            for child in el:
                self.element(child, depth)

    def table(self, el) -> None:
        rows = [[_inline(cell) for cell in row.findall("cell")] for row in el.findall("row")]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        for number, row in enumerate(rows):
            text = row_text(row + [""] * (width - len(row)))
            if number:
                self.blocks.append(Block("table_row", text, prefix="| ", suffix=" |"))
                self.blocks[-1].attrs.update(role="row", cells=str(width))
            else:
                self.add("table_row", text, prefix="| ", suffix=" |", role="row", cells=str(width))
                self.blocks.append(Block("raw", "|" + "---|" * width, attrs={"role": "separator"}))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _front_matter(metadata: dict[str, str]) -> Block | None:
    keys = [k for k in ("date", "author", "url", "site") if metadata.get(k)]
    if not keys:
        return None
    lines = ["---", *(f"{k}: {json.dumps(metadata[k], ensure_ascii=False)}" for k in keys), "---"]
    return Block("raw", "\n".join(lines), attrs={"role": "metadata"})


def _is_prose(block: Block) -> bool:
    if block.kind not in ("paragraph", "list_item", "quote", "caption") or block.skipped:
        return False
    text = block.text.strip()
    return len(text.split()) >= MIN_PROSE_WORDS and bool(_PROSE_END.search(text))


def _dated_outside_code(text: str) -> bool:
    """Whether the page still gives a date once its code and preformatted blocks are gone.

    trafilatura dates a page with htmldate, which also reads ISO dates in the text; an article's date must
    not come from a table of data in a ``<pre>``.
    """
    from htmldate import find_date

    tree = parse_tree(text, page=True, quiet=True).root
    for el in list(tree.iter("pre", "code", "script", "style", "textarea")):
        el.drop_tree()
    return find_date(tree, **_DATE_SEARCH) is not None


def _quiet_extractor_logs() -> None:
    """Keep trafilatura's and htmldate's own messages ("discarding data: None") off the user's terminal.

    They describe the extractor's internal steps, not the user's input; with ``lintas -v`` they are shown.
    """
    if logging.getLogger("lintas").isEnabledFor(logging.INFO):
        return
    for name in ("trafilatura", "htmldate", "courlan"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.ERROR)


def extract_article(text: str, name: str = "<input>") -> Document:
    """The main article of the page ``text`` as a Markdown-shaped document (see the module docstring).

    The document's ``metadata`` holds ``title``, ``date``, ``author``, ``url`` and ``site`` where the page has
    them; its first block is Markdown front matter with the date, author and address.

    Raises:
        NoArticleError: the page has no article text (a front page, an error page, a page built by JavaScript).
        InputError: the page cannot be parsed at all.
        LintasError: trafilatura is not installed.
    """
    try:
        import trafilatura
    except ImportError:
        raise LintasError(
            "extracting articles needs trafilatura: pip install trafilatura (or use --no-extract)"
        ) from None
    import lxml.etree

    text = strip_xml_declaration(text)
    try:
        parsed = parse_tree(text, page=True, name=name)
    except (lxml.etree.ParserError, ValueError):
        raise InputError(f"{name}: is not an HTML page that can be parsed; check the file") from None
    tree = parsed.root
    _mark_captions(tree)
    _mark_preformatted(tree)
    _quiet_extractor_logs()
    xml = trafilatura.extract(
        tree,
        output_format="xml",
        with_metadata=True,
        date_extraction_params=_DATE_SEARCH,
        include_comments=False,
        include_images=True,
        include_links=True,
        include_formatting=True,
        include_tables=True,
        deduplicate=False,
    )
    if not xml:
        raise NoArticleError(
            f"{name}: no article text found in this page; use --no-extract to translate all of it"
        )
    doc_el = lxml.etree.fromstring(xml.encode("utf-8"))
    metadata = {
        key: " ".join((doc_el.get(attr) or "").split())
        for key, attr in (("title", "title"), ("date", "date"), ("author", "author"), ("url", "url"))
    }
    metadata["site"] = " ".join((doc_el.get("sitename") or "").split())
    if metadata["date"] and not _dated_outside_code(text):
        metadata["date"] = ""  # the only "date" was data in a code block (a CSV row, a log line)
    metadata = {k: v for k, v in metadata.items() if v}
    builder = _Builder(metadata.get("title", ""))
    main = doc_el.find("main")
    for el in main if main is not None else ():
        builder.element(el)
    blocks = builder.blocks
    if metadata.get("title") and not builder.has_title:
        title = Block("title", metadata["title"], prefix="# ", attrs={"level": "1"})
        blocks = [title, Block("raw", ""), *blocks] if blocks else [title]
    front = _front_matter(metadata)
    if front is not None:
        blocks = [front, Block("raw", ""), *blocks]
    blocks.append(Block("raw", ""))  # the file ends with a newline
    document = mark_boilerplate(Document(blocks, "markdown", metadata, warnings=parsed.warnings))
    if not any(_is_prose(block) for block in document.blocks):
        raise NoArticleError(
            f"{name}: no article text found in this page (only menus, links or boilerplate); "
            "use --no-extract to translate every text on it in place"
        )
    log.info(
        "%s: extracted %d blocks (%d boilerplate)",
        name,
        sum(1 for b in document.blocks if b.kind != "raw"),
        sum(1 for b in document.blocks if b.skipped),
    )
    return document


def article_blocks(text: str, name: str = "<input>") -> list[Block]:
    """The text blocks of an HTML page that belong in a corpus: what a reader of the article reads.

    A whole page gives its extracted article (:func:`extract_article`: title, body, captions), a fragment every
    text of it (:func:`~lintas.translate.documents.html.parse_html`); boilerplate blocks, ``alt``/``title`` attribute
    values and table rows (:data:`~lintas.translate.documents.model.CORPUS_EXCLUDED_KINDS`) are left out either way.

    Raises:
        InputError: the page has no article text, or cannot be parsed.
    """
    if is_full_page(text):
        try:
            document = extract_article(text, name)
        except NoArticleError:
            raise InputError(
                f"{name}: no article text found in this page (only menus, links or boilerplate)"
                if name != "<input>"
                else "no article text found in this page (only menus, links or boilerplate)"
            ) from None
    else:
        document = mark_boilerplate(parse_html(text))
    return [block for block in document.translatable_blocks if block.kind not in CORPUS_EXCLUDED_KINDS]
