"""Documents: parse a file into blocks, render blocks back in the same format.

Formats register a parser here; :func:`parse_document` picks one from the file name or the content.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from translate.documents.markdown import parse_markdown
from translate.documents.model import Block, Document
from translate.documents.text import parse_text
from translate.errors import InputError

PARSERS: dict[str, Callable[[str], Document]] = {"text": parse_text, "markdown": parse_markdown}

_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_HINTS = re.compile(r"^(#{1,6}\s|```|~~~|\s*[-*+]\s|\s*\d+[.)]\s|>\s)|\]\([^)]+\)", re.MULTILINE)
_HTML_HINTS = re.compile(r"^\s*(<!doctype html|<html|<body|<article|<p[\s>]|<div[\s>])", re.IGNORECASE)


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


def parse_document(text: str, fmt: str) -> Document:
    """Parse ``text`` in format ``fmt``."""
    parser = PARSERS.get(fmt)
    if parser is None:
        raise InputError(
            f"input format {fmt!r} is not supported here; use one of {', '.join(sorted(PARSERS))}"
        )
    return parser(text)


__all__ = ["Block", "Document", "PARSERS", "detect_format", "parse_document"]
