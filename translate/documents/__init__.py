"""Documents: parse a file into blocks, render blocks back in the same format.

Formats register a parser here; :func:`parse_document` picks one from the file name or the content.
:func:`read_source` reads an input file the way its format needs (an HTML page's ``<meta charset>`` decides its
encoding). HTML has two parsers: :func:`~lintas.translate.documents.html.parse_html` (the registered one: the page
translated in place) and :func:`~lintas.translate.documents.extract.extract_article` (the article pulled out of it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from lintas.translate.documents.markdown import parse_markdown
from lintas.translate.documents.model import Block, Document
from lintas.translate.documents.text import parse_text
from lintas.translate.errors import InputError
from lintas.translate.io import read_bytes


def _parse_html(text: str) -> Document:
    from lintas.translate.documents.html import parse_html

    return parse_html(text)


PARSERS: dict[str, Callable[[str], Document]] = {
    "text": parse_text,
    "markdown": parse_markdown,
    "html": _parse_html,
}

_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_HINTS = re.compile(r"^(#{1,6}\s|```|~~~|\s*[-*+]\s|\s*\d+[.)]\s|>\s)|\]\([^)]+\)", re.MULTILINE)
_HTML_HINTS = re.compile(
    r"^\s*(<!doctype html|<html|<head[\s>]|<body|<article|<section[\s>]|<main[\s>]|<p[\s>]|<div[\s>]|"
    r"<h[1-6][\s>]|<ul[\s>]|<ol[\s>]|<table[\s>]|<figure[\s>])",
    re.IGNORECASE,
)


def detect_format(name: str | None, text: str) -> str:
    """``text``, ``markdown`` or ``html``, from the file suffix, else from the content."""
    if name and name != "-":
        lowered = name.lower()
        for suffix, fmt in _SUFFIXES.items():
            if lowered.endswith(suffix):
                return fmt
        if any(lowered.endswith(s) for s in _HTML_SUFFIXES):
            return "html"
    if _HTML_HINTS.search(text[:2000]):
        return "html"
    return "markdown" if _MARKDOWN_HINTS.search(text) else "text"


def read_source(path: str | os.PathLike[str] | None) -> str:
    """Read an input document as text; ``None`` or ``"-"`` reads standard input.

    HTML (by suffix or content) is decoded by :func:`~lintas.translate.documents.html_decode.decode_html`, which honours the
    page's ``<meta charset>``; anything else by :func:`lintas.translate.io.decode_text` (UTF-8, then detection).

    Raises:
        InputError: missing, a folder, unreadable, binary or undecodable.
    """
    from lintas.translate.io import decode_text

    raw, name = read_bytes(path)
    lowered = name.lower()
    if any(lowered.endswith(s) for s in _HTML_SUFFIXES) or _HTML_HINTS.search(raw[:2000].decode("latin-1")):
        from lintas.translate.documents.html_decode import decode_html

        return decode_html(raw, name)
    return decode_text(raw, name)


def parse_document(text: str, fmt: str) -> Document:
    """Parse ``text`` in format ``fmt``."""
    parser = PARSERS.get(fmt)
    if parser is None:
        raise InputError(
            f"input format {fmt!r} is not supported here; use one of {', '.join(sorted(PARSERS))}"
        )
    return parser(text)


__all__ = ["Block", "Document", "PARSERS", "detect_format", "parse_document", "read_source"]
