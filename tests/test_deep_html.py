"""Deeply nested HTML (issue 19): no text may vanish past libxml2's nesting limit of 256 levels.

A paragraph inside 254 or more ``<div>`` elements, or words after 300 unclosed ``<font>`` tags, used to be dropped from
``lintas translate`` output with exit code 0. Now tags nested deeper than
:data:`~lintas.translate.documents.html_parse.MAX_DEPTH` are removed before the tree is built (their text kept),
with one warning; every word must reach the blocks and the rendered output, in place and extracted.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import EchoEngine

from lintas.translate.article import render_same, translate_document
from lintas.translate.article_html import render_article_html
from lintas.translate.documents.extract import extract_article
from lintas.translate.documents.html import parse_html
from lintas.translate.documents.html_parse import MAX_DEPTH, flatten_deep, parse_tree, tree_depth
from lintas.translate.translator import Translator

TESTS = Path(__file__).resolve().parent
#: Long enough to be prose, so article extraction keeps it.
DEEP = "Kalimat rahasia ini berada sangat dalam di halaman."
OPENING = "Paragraf pembuka ini adalah bagian dari artikel yang sama."
CLOSING = "Paragraf penutup ini juga harus tetap ada di keluaran."


def nested(tag: str, depth: int, inner: str, close: bool = True) -> str:
    return f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if close else "")


def words(markup: str) -> set[str]:
    """The words of ``markup``'s text (tags removed): what must all come out again."""
    return set(re.findall(r"\w+", re.sub(r"<[^>]*>", " ", markup)))


def echo() -> Translator:
    return Translator("echo", engine=EchoEngine())


def check_in_place(markup: str) -> None:
    document = parse_html(markup)
    expected = words(markup)
    segments = " ".join(block.text for block in document.translatable_blocks)
    assert expected <= set(re.findall(r"\w+", segments))
    out = render_same(translate_document(document, echo(), boilerplate=False))
    assert expected <= set(re.findall(r"\w+", out))
    assert document.warnings  # the page had to be changed to be read: the caller is told


def check_extracted(markup: str) -> None:
    page = f"<html><head><title>Judul</title></head><body><p>{OPENING}</p>{markup}</body></html>"
    document = extract_article(page)
    expected = words(markup)
    segments = " ".join(block.text for block in document.translatable_blocks)
    assert expected <= set(re.findall(r"\w+", segments))
    translated = translate_document(document, echo(), boilerplate=False)
    assert expected <= set(re.findall(r"\w+", render_same(translated)))
    assert expected <= set(re.findall(r"\w+", render_article_html(translated)))
    assert document.warnings


DIVS = [254, 300, 1000, 5000]
DEEP_CASES = {
    **{f"divs-{n}": nested("div", n, f"<p>{DEEP}</p>") + f"<p>{CLOSING}</p>" for n in DIVS},
    **{
        f"unclosed-font-{n}": f"<p>Awal paragraf {nested('font', n, DEEP, close=False)}</p><p>{CLOSING}</p>"
        for n in (300, 2000)
    },
    "list": "<ul><li>Butir pertama ada di sini.</li><li>"
    + "<ul><li>" * 400
    + DEEP
    + "</li></ul>" * 400
    + f"</li><li>{CLOSING}</li></ul>",
    "ordered-list-items": "<ol>"
    + "<li><ol>" * 300
    + f"<li>{DEEP}</li>"
    + "</ol></li>" * 300
    + f"</ol><p>{CLOSING}</p>",
    "table-cell": "<table><tr><td>Sel pertama di sini.</td><td>"
    + nested("div", 600, DEEP)
    + f"</td></tr><tr><td>{CLOSING}</td></tr></table>",
    "nested-tables": "<table>"
    + "<tr><td><table>" * 300
    + f"<tr><td>{DEEP}</td></tr>"
    + "</table></td></tr>" * 300
    + f"</table><p>{CLOSING}</p>",
    "inline-and-blocks": nested("div", 300, f"<p>Satu <b>dua</b> tiga.</p>{nested('span', 300, DEEP)}")
    + CLOSING,
}


@pytest.mark.parametrize("markup", DEEP_CASES.values(), ids=DEEP_CASES.keys())
def test_deep_html_keeps_every_word_in_place(markup):
    check_in_place(markup)


@pytest.mark.parametrize(
    "name", ["divs-254", "divs-300", "divs-5000", "unclosed-font-300", "unclosed-font-2000", "table-cell"]
)
def test_deep_html_keeps_every_word_when_extracted(name):
    check_extracted(DEEP_CASES[name])


def test_shallow_html_is_parsed_as_written_without_warnings():
    markup = nested("div", MAX_DEPTH - 10, f"<p>{DEEP}</p>")
    parsed = parse_tree(markup, page=False)
    assert parsed.warnings == []
    assert tree_depth(parsed.root) == MAX_DEPTH - 10 + 2  # the fragment's parent, the divs, the <p>
    assert parse_html(markup).warnings == []


def test_flattened_tree_stays_within_the_limit():
    for markup in DEEP_CASES.values():
        assert tree_depth(parse_tree(markup, page=False, quiet=True).root) <= MAX_DEPTH
        assert (
            tree_depth(parse_tree(f"<html><body>{markup}</body></html>", page=True, quiet=True).root)
            <= MAX_DEPTH
        )


def test_flatten_removes_the_wrappers_between_outer_and_inner_levels():
    markup = '<div><div><div><p>a<img src="x.png" alt="b"><br>c<!-- d --></p></div></div></div>e'
    flat, removed = flatten_deep(markup, limit=2)
    assert flat == '<div><p>a<img src="x.png" alt="b"><br>c<!-- d --></p></div>e'
    assert removed == 2
    assert flatten_deep(markup, limit=10) == (markup, 0)
    script = "<div><div><script>if (a<b) { x('</div>'); }</script></div></div>"
    assert flatten_deep(script, limit=1) == ("<script>if (a<b) { x('</div>'); }</script>", 2)
    # </div> does not close an open <td> (libxml2's end-tag priorities): the nesting goes on, so does the count.
    cells = "<div><table><tr><td></div>" * 3 + "x"
    assert flatten_deep(cells, limit=4)[1] == 8


def test_warning_is_logged_once_with_the_file_name(caplog):
    page = f"<html><body>{DEEP_CASES['divs-300']}</body></html>"
    with caplog.at_level(logging.WARNING, logger="lintas"):
        document = extract_article(page, "halaman.html")
    lines = [r.getMessage() for r in caplog.records if r.name == "lintas" and r.levelno == logging.WARNING]
    assert lines == document.warnings
    assert len(lines) == 1 and lines[0].startswith("halaman.html: ") and "removed" in lines[0]


def test_cli_warns_on_one_stderr_line_and_keeps_the_text(tmp_path):
    """``lintas translate page.html`` end to end (an echo model in place of a real one): exit 0, every word
    in the output, one warning line on stderr."""
    page = tmp_path / "page.html"
    page.write_text(DEEP_CASES["divs-1000"], encoding="utf-8")
    code = (
        f"import sys; sys.path.insert(0, {str(TESTS)!r}); from fakes import EchoEngine\n"
        "from lintas.translate.translator import Translator\n"
        "Translator.from_config = classmethod(lambda cls, config, progress=None: "
        "Translator('echo', engine=EchoEngine()))\n"
        "from lintas.translate.cli import main\n"
        "main(prog_name='lintas')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "translate", str(page), "--no-cache", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert words(DEEP_CASES["divs-1000"]) <= set(re.findall(r"\w+", result.stdout))
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("lintas: WARNING: ") and "removed" in lines[0], (
        result.stderr
    )
