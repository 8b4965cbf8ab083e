"""Property-based fuzzing of the document readers (issue 19): no text lost between input and rendered output.

For plain text, Markdown and HTML, a document goes through the whole model (parse, blocks, segments, render) with
an identity translation (:class:`Identity`), and every character of its text must come out again, in order:

* text: every non-whitespace character of the input; Markdown: every one but the quote markers that start a
  continuation line (a block's lines are joined), in order, inline markup included (an identity translation
  renders it back verbatim); for both, the untranslated render is the input byte for byte;
* HTML: the text an HTML parser sees in the input (lxml's ``text_content``, after
  :func:`~lintas.translate.documents.html_parse.holdable`) equals the text it sees in the output, whitespace
  aside; ``alt`` and ``title`` values survive too. Characters a tree cannot hold (controls, NUL, lone
  surrogates) are replaced and *reported* in ``Document.warnings``, never a traceback;
* flattening deep HTML (:func:`~lintas.translate.documents.html_parse.flatten_deep`, the tree-level pass under
  a tiny ``MAX_DEPTH``) keeps the text;
* article extraction either refuses the page with :class:`InputError` or renders it; it never crashes.

Inputs mix Indonesian words, markup of each format, C0/C1 controls, NUL, lone surrogates, bidi marks and
isolates, zero-width characters, CRLF, mixed scripts and (as ``@example``) 100,000-character lines.
Deterministic (``derandomize=True``, no database). Bugs the fuzzer found are pinned as ``@example``:

* HTML holding a C0 control (``<p>a\\x01b</p>``), U+FFFE or U+FFFF raised lxml's ``ValueError`` ("All strings
  must be XML compatible") out of ``parse_html``;
* HTML holding a lone surrogate (``<p>a\\ud800b</p>``) stopped libxml2: the rest of the page vanished silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from unittest import mock

import lxml.etree
import lxml.html
from hostile import FUZZ as SHARED_FUZZ
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lintas.translate.article import render_same, translate_document
from lintas.translate.article_html import render_article_html
from lintas.translate.documents import html_parse, parse_document
from lintas.translate.documents.extract import extract_article
from lintas.translate.documents.html import parse_html
from lintas.translate.documents.html_decode import is_full_page
from lintas.translate.documents.html_parse import flatten_deep, holdable
from lintas.translate.errors import InputError
from lintas.translate.results import TranslationResult

FUZZ = settings(SHARED_FUZZ, max_examples=120)


class Identity:
    """A translator that gives every sentence back as it came: whatever the output lacks, the documents lost."""

    def translate(self, sentences: Sequence[str]) -> TranslationResult:
        return TranslationResult(list(sentences))


# --------------------------------------------------------------------------------------------- strategies
HOSTILE = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\xa0", "\t", "\r",
    "\r\n", "\u2028", "\u2029", "\ud800", "\udfff", "\ud83d\ude00", "\ufffe", "\uffff", "\ufeff", "\U0010ffff",
    "\u200b", "\u200c", "\u200d", "\u2060", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u0301", "\u3000",
]  # fmt: skip
WORDS = [
    "Presiden", "tiba", "di", "Jakarta.", "Namun,", "ia", "berkata:", "Rp 5.000", "3,5%", "e-KTP", "(ant)",
    "Baca juga:", "Oleh: Budi", "“kutipan”", "«guillemets»", "https://kompas.id/a.b?c=1", "budi@mail.co.id",
    "مرحبا", "שלום", "中文字", "हिन्दी", "ภาษาไทย", "Ελληνικά", "кириллица", "😀", "a\u0301", "[[0]]", "⟦1⟧",
    "&", "&amp;", "&#1;", "<", ">", "\"", "'", "|", "\\", "*", "_", "`", "#", "!", "?", "…", ".",
]  # fmt: skip
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n"]
words = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=()), max_size=4),  # any code point, surrogates included
)
inline_text = st.lists(st.one_of(words, st.sampled_from([" ", " ", "  "])), max_size=12).map("".join)
text_docs = st.lists(st.one_of(words, st.sampled_from(SPACES)), max_size=50).map("".join)

MARKDOWN_LINES = [
    "# ", "## ", "### Judul ###", "- ", "* ", "1. ", "2) ", "   - ", "> ", "> > ", "```", "~~~", "    ", "---",
    "***", "===", "| a | b |", "|---|---|", "a | b", "--- | ---", "[label]: https://x.id/a \"t\"", "[^1]: ",
    "+++", "<div>", "</div>", "<!-- c -->", "- [ ] ", "- [x] ",
]  # fmt: skip
MARKDOWN_INLINE = [
    "**tebal**", "*miring*", "__b__", "_i_", "`kode`", "[tautan](https://x.id/a)", "![gambar](/a.png)",
    "[**tebal** tautan](/b)", "<b>html</b>", "\\*", "[^1]", "<https://x.id>",
]  # fmt: skip
markdown_line = st.tuples(
    st.one_of(st.just(""), st.sampled_from(MARKDOWN_LINES)),
    st.lists(st.one_of(words, st.sampled_from(MARKDOWN_INLINE), st.just(" ")), max_size=10).map("".join),
).map("".join)
markdown_docs = st.tuples(st.lists(markdown_line, max_size=12), st.sampled_from(["\n", "\r\n"])).map(
    lambda parts: parts[1].join(parts[0])
)

BLOCK_TAGS = ["p", "div", "li", "h2", "blockquote", "td", "section", "figcaption", "pre", "title", "textarea"]
INLINE_TAGS = [
    "b",
    "a",
    "span",
    "em",
    "font",
    "code",
    "q",
    "small",
    "script",
    "style",
    "iframe",
    "xmp",
    "noembed",
]
LEAVES = [
    "<br>", "<br/>", '<img src="x.png" alt="gambar kucing">', '<img alt="">', "<hr>", "<!-- komentar -->",
    "<wbr>", '<abbr title="Badan Pusat Statistik">BPS</abbr>', "</p>", "</div>", "<p>", "<li>", "<td>", "<tr>",
    "<table>", "</table>", "<ul>", "</ul>", "&nbsp;", "&lt;", "&#x202e;", "&#0;", "<!doctype html>", "<body>",
]  # fmt: skip


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(BLOCK_TAGS + INLINE_TAGS)
    attrs = st.sampled_from(["", ' class="x"', ' title="judul berita"', ' href="/a?b=1&amp;c=2"', ' alt="x"'])
    closed = st.booleans()
    return st.tuples(tag, attrs, st.lists(children, max_size=4), closed).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else "")
    )


html_docs = st.recursive(st.one_of(inline_text, st.sampled_from(LEAVES)), element, max_leaves=25) | st.lists(
    st.one_of(inline_text, st.sampled_from(LEAVES)), max_size=12
).map("".join)

LONG_LINE = "kata " * 20_000  # 100,000 characters
LONG_WORD = "x" * 100_000


# ------------------------------------------------------------------------------------------------ helpers
def non_space(text: str) -> str:
    """``text`` without its whitespace: what must survive, whatever a renderer does with spacing."""
    return "".join(text.split())


#: The quote markers that start a line: a quote's continuation lines lose theirs when its lines are joined.
_LINE_MARKUP = re.compile(r"^(?:[^\S\n]*>)+", re.MULTILINE)


def markdown_text(source: str) -> str:
    """The text of Markdown ``source``: all of it but the markers at line starts that a joined block drops."""
    return _LINE_MARKUP.sub("", source)


def is_subsequence(needle: str, haystack: str) -> bool:
    """Whether every character of ``needle`` is in ``haystack``, in the same order (others may come between)."""
    found = iter(haystack)
    return all(ch in found for ch in needle)


def identity_render(document) -> str:
    return render_same(translate_document(document, Identity(), boilerplate=False))


def html_nodes(markup: str) -> list:
    """``markup`` as lxml sees it (after :func:`holdable`): its top-level nodes, a leading text as a string.

    The reference the output is compared with; parsed as :func:`lxml.html.fragments_fromstring` does, which
    hands back text that lxml would refuse to put into an element.
    """
    markup = holdable(markup)[0]
    parser = lxml.html.HTMLParser(huge_tree=True)
    if not is_full_page(markup):
        return lxml.html.fragments_fromstring(markup, parser=parser)
    try:
        return [lxml.html.document_fromstring(markup, parser=parser)]
    except lxml.etree.ParserError:  # "Document is empty": no text either
        return []


def html_tree_text(markup: str) -> str:
    """The text of ``markup`` as the tree holds it (character references decoded)."""
    texts = []
    for node in html_nodes(markup):
        if isinstance(node, str):
            texts.append(node)
            continue
        if isinstance(node.tag, str):  # an element (a comment holds no text)
            texts.append(node.text_content())
        texts.append(node.tail or "")
    return "".join(texts)


def html_text(markup: str) -> str:
    """The text of ``markup``, made holdable (the references too), whitespace left out: what must come out."""
    return non_space(holdable(html_tree_text(markup))[0])


def html_attributes(markup: str) -> list[str]:
    """The ``alt`` and ``title`` values in ``markup``, made holdable, sorted."""
    elements = [el for node in html_nodes(markup) if not isinstance(node, str) for el in node.iter()]
    values = (holdable(el.get(name) or "")[0] for el in elements for name in ("alt", "title"))
    return sorted(v for v in values if v.strip())


# ------------------------------------------------------------------------------------------------ text
@FUZZ
@given(text_docs)
@example(LONG_LINE)
@example(LONG_WORD)
@example("* *")  # peeled as an emphasis around nothing, the block rendered as ""
@example("Baris satu.\r\nBaris dua\r\n\r\nParagraf\u200b baru \u202eterbalik\u202c.\x00\ud800")
def test_text_keeps_every_character(source):
    document = parse_document(source, "text")
    assert "\n".join(block.render() for block in document.blocks) == source
    assert non_space(identity_render(document)) == non_space(source)


# ------------------------------------------------------------------------------------------------ markdown
@FUZZ
@given(markdown_docs)
@example("# " + LONG_LINE)
@example("- " + LONG_WORD + "\r\n- butir **dua**\u200f")
@example(
    "> kutipan [tautan](https://x.id)\x00\r\n> \ud800 baris\r\n\r\n| a\x01 | b |\r\n|---|---|\r\n| c | d |"
)
def test_markdown_keeps_every_character(source):
    document = parse_document(source, "markdown")
    assert "\n".join(block.render() for block in document.blocks) == source
    assert is_subsequence(non_space(markdown_text(source)), non_space(identity_render(document)))


# ------------------------------------------------------------------------------------------------ html
def check_html(source: str) -> None:
    document = parse_html(source)
    out = identity_render(document)
    assert html_text(out) == html_text(source)
    assert html_attributes(out) == html_attributes(source)
    if holdable(source)[1] or html_text(source) != non_space(html_tree_text(source)):
        assert any("cannot hold" in warning for warning in document.warnings)


@FUZZ
@given(html_docs)
@example("<p>a\x01b\x0bc\x0cd\x1fe\x7f</p>")  # lxml raised ValueError on the control characters
@example("<p>a\ufffeb\uffff</p>")  # ... and on the noncharacters
@example("<p>awal \ud800 akhir</p><p>paragraf kedua</p>")  # libxml2 stopped at the surrogate
@example("<p>a\x00b</p>\x00")
@example("<p><br>&#1;")  # the reference made the character lxml refuses in the tree: ValueError
@example('<p title="&#x1f;">&#xfffe;</p>')
@example(f"<p>{LONG_LINE}</p><p>{LONG_WORD}</p>")
@example('<p dir="rtl">\u202eمرحبا\u202c <b>\u2067שלום\u2069</b>\u200b中文</p>\r\n<p>e\u0301</p>')
def test_html_keeps_every_character(source):
    check_html(source)


@FUZZ
@given(html_docs)
@example("<html><head><title>Judul\x01</title></head><body><p>isi</p></body></html>")
def test_html_pages_keep_every_character(source):
    check_html(f"<html><body>{source}</body></html>")


@FUZZ
@given(html_docs, st.integers(1, 4))
@example("<div><div><table><tr><td>a</div>b</td></tr></table></div>c</div>", 2)
@example("<title><p><li>", 1)  # the content of <title> is text: the scanner took it for tags and removed them
@example("<div><xmp><p><b>x</b></xmp>", 1)
def test_flattening_keeps_the_text(source, limit):
    flat, _ = flatten_deep(holdable(source)[0], limit=limit)
    assert sorted(html_text(flat)) == sorted(html_text(source))
    with mock.patch.object(html_parse, "MAX_DEPTH", limit + 2):
        document = parse_html(source)
        out = identity_render(document)
    assert sorted(html_text(out)) == sorted(html_text(source))


@settings(FUZZ, max_examples=25)
@given(html_docs)
@example("<p>Kalimat pertama yang cukup panjang di sini.\x01\ud800</p>")
def test_extraction_refuses_or_renders(source):
    page = f"<html><head><title>Judul</title></head><body><article>{source}</article></body></html>"
    try:
        document = extract_article(page)
    except InputError:
        return
    translated = translate_document(document, Identity(), boilerplate=False)
    render_same(translated)
    render_article_html(translated)


def test_the_hostile_alphabet_is_covered():
    """The characters the issue names are all in the strategies (a guard against trimming them away)."""
    alphabet = "".join(HOSTILE)
    for ch in "\x00\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ud800":
        assert ch in alphabet
    assert re.search("[\u0600-\u06ff]", "".join(WORDS)) and re.search("[\u4e00-\u9fff]", "".join(WORDS))
