"""Decode HTML bytes the way browsers do: the page's own ``<meta charset>``, UTF-8 otherwise, never a guess.

Also the two questions asked of HTML text before it is parsed: is it a whole page (``<html>``/``<body>``) or a
fragment, and does it start with an XML declaration that lxml refuses in a ``str``.
"""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger("lintas")

__all__ = ["decode_html", "declared_charset", "is_full_page", "strip_xml_declaration"]

_FULL_PAGE = re.compile(r"<html[\s>]|<body[\s>]", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
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
