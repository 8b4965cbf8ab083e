"""Render a translated extracted article as a standalone HTML page (``lintas translate --format html``).

Extraction (:mod:`lintas.translate.documents.extract`) turns a page into Markdown-flavoured blocks; after
translation this module writes them back as clean HTML: title and byline, headings, lists, quotes, figures with
captions, code and tables, inline Markdown (links, images, emphasis, code) as HTML elements.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from lintas.translate.documents.inline import protect
from lintas.translate.documents.model import Block, Document, row_cells

if TYPE_CHECKING:
    from lintas.translate.article import TranslatedDocument

__all__ = ["markdown_inline_to_html", "render_article_html"]


def markdown_inline_to_html(text: str) -> str:
    """HTML for Markdown inline text: links, images, bold, italic and code; everything else escaped."""
    protected = protect(text)
    out = html.escape(protected.template, quote=False)
    for index, span in enumerate(protected.spans):
        raw = span.raw
        if raw.startswith("`"):
            piece = f"<code>{html.escape(raw.strip('`').strip(), quote=False)}</code>"
        elif raw.startswith("!["):
            m = re.match(r"!\[([^\]]*)\]\(([^)\s]*)", raw)
            alt, src = (m.group(1), m.group(2)) if m else ("", "")
            piece = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        elif span.inner is not None and span.left == "[" and span.right.startswith("]("):
            target = span.right[2:-1].split(" ")[0]
            piece = f'<a href="{html.escape(target)}">{markdown_inline_to_html(span.inner)}</a>'
        elif span.inner is not None:
            tag = "strong" if len(span.left) >= 2 else "em"
            piece = f"<{tag}>{markdown_inline_to_html(span.inner)}</{tag}>"
        else:
            piece = html.escape(raw, quote=False)
        out = out.replace(protected.placeholder(index), piece, 1)
    return out


def render_article_html(tdoc: TranslatedDocument) -> str:
    """A translated extraction (:class:`~lintas.translate.article.TranslatedDocument`) as a standalone HTML article."""
    document: Document = tdoc.document
    meta = document.metadata
    shown = [
        (i, b)
        for i, b in enumerate(document.blocks)
        if not (b.skipped and not tdoc.keep_skipped) and not (b.kind == "raw" and not b.attrs.get("role"))
    ]

    def body(index: int, block: Block) -> str:
        return markdown_inline_to_html(tdoc.translations.get(index, block.text))

    title = next((body(i, b) for i, b in shown if b.kind == "title"), "")
    out = ["<article>"]
    byline = []
    if meta.get("author"):
        byline.append(f'<span class="author">{html.escape(meta["author"])}</span>')
    if meta.get("date"):
        byline.append(f'<time datetime="{html.escape(meta["date"])}">{html.escape(meta["date"])}</time>')
    open_list: str | None = None
    in_table = False
    for position, (index, block) in enumerate(shown):
        role = block.attrs.get("role", "")
        list_kind = block.attrs.get("list") if block.kind == "list_item" else None
        if open_list and list_kind != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if in_table and role not in ("row", "separator"):
            out.append("</table>")
            in_table = False
        if block.kind == "title":
            out.append(f"<h1>{body(index, block)}</h1>")
            if byline:
                out.append(f'<p class="byline">{" · ".join(byline)}</p>')
                byline = []
        elif block.kind == "heading":
            level = block.attrs.get("level", "2")
            out.append(f"<h{level}>{body(index, block)}</h{level}>")
        elif list_kind:
            if not open_list:
                out.append(f"<{list_kind}>")
                open_list = list_kind
            out.append(f"<li>{body(index, block)}</li>")
        elif block.kind == "quote":
            out.append(f"<blockquote><p>{body(index, block)}</p></blockquote>")
        elif block.kind == "caption":
            out.append(f"<figure><figcaption>{body(index, block)}</figcaption></figure>")
        elif role == "image":
            alt = tdoc.translations.get(index, block.text)
            img = f'<img src="{html.escape(block.attrs["src"])}" alt="{html.escape(alt)}">'
            following = shown[position + 1][1] if position + 1 < len(shown) else None
            if following is not None and following.kind == "caption":
                out.append(f"<figure>{img}")  # the caption closes the figure
                out.append(f"<figcaption>{body(*shown[position + 1])}</figcaption></figure>")
                shown[position + 1] = (shown[position + 1][0], Block("raw", ""))
            else:
                out.append(f"<figure>{img}</figure>")
        elif role == "code":
            out.append(f"<pre><code>{html.escape(block.attrs.get('code', ''), quote=False)}</code></pre>")
        elif role == "row":
            if not in_table:
                out.append("<table>")
                in_table = True
            cells = [c.replace("\\|", "|") for c in row_cells(tdoc.translations.get(index, block.text))]
            out.append("<tr>" + "".join(f"<td>{markdown_inline_to_html(c)}</td>" for c in cells) + "</tr>")
        elif block.kind == "paragraph":
            out.append(f"<p>{body(index, block)}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    if in_table:
        out.append("</table>")
    out.append("</article>")
    head = ['<meta charset="utf-8">']
    plain_title = re.sub(r"<[^>]+>", "", title)
    if plain_title:
        head.append(f"<title>{plain_title}</title>")
    if meta.get("author"):
        head.append(f'<meta name="author" content="{html.escape(meta["author"])}">')
    if meta.get("url"):
        head.append(f'<link rel="canonical" href="{html.escape(meta["url"])}">')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + "\n".join(out)
        + "\n</body>\n</html>\n"
    )
