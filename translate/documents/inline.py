"""Inline markup inside translatable text: what must not be translated, and how it comes back.

A sentence like ``Lihat [laporan BPS](https://bps.go.id/x) dan `kode` di sini.`` holds three kinds of things:
text to translate, text to keep byte for byte (URLs, code spans, e-mail addresses, inline HTML tags, footnote
markers), and *wrapped* text whose wrapper is kept while its inside is translated (link text, image alt text,
emphasis). Before translation each
such span is replaced by a placeholder; wrapped insides are translated as units of their own. After translation
the placeholders are put back. A model may drop or mangle a placeholder: the span is then appended to the
sentence, so a URL or a code span is never lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Order matters: earlier patterns win where spans overlap.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"(`+)(?:(?!\1).)+?\1")),
    ("footnote", re.compile(r"\[\^[^\]\s]+\]")),
    ("image", re.compile(r"!\[(?P<inner>[^\]]*)\](?P<target>\([^)\s]*(?:\s+\"[^\"]*\")?\))")),
    ("link", re.compile(r"\[(?P<inner>[^\]]+)\](?P<target>\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")),
    ("autolink", re.compile(r"<(?:https?://|mailto:)[^>\s]+>")),
    ("html", re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")),
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?\"'”’]")),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("strong", re.compile(r"(?P<mark>\*\*|__)(?P<inner>\S(?:.*?\S)?)(?P=mark)")),
    (
        "emphasis",
        re.compile(r"(?<![\w*])(?P<mark>[*_])(?P<inner>[^\s*_](?:[^*_]*?[^\s*_])?)(?P=mark)(?![\w*])"),
    ),
)

#: What plain text (no markup of its own, such as HTML text nodes) keeps byte for byte: URLs and e-mail addresses.
_VERBATIM = re.compile("|".join(f"(?:{p.pattern})" for kind, p in _PATTERNS if kind in ("url", "email")))

#: Placeholder templates tried in order; the first whose opening characters do not occur in the text is used.
_PLACEHOLDER_STYLES = ("[[{}]]", "{{{{{}}}}}", "<<{}>>", "XX{}XX")


def placeholder_style(text: str) -> str:
    """The first placeholder template whose opening characters do not occur in ``text``."""
    return next((s for s in _PLACEHOLDER_STYLES if s[:2] not in text), _PLACEHOLDER_STYLES[-1])


@dataclass
class Span:
    """A protected piece of inline markup.

    Attributes:
        raw: the exact source text of the span.
        inner: for wrapped spans (links, emphasis), the text inside the wrapper, to be translated; else None.
        left, right: the wrapper around ``inner`` (``"["`` and ``"](url)"``, or ``"**"`` and ``"**"``).
    """

    raw: str
    inner: str | None = None
    left: str = ""
    right: str = ""

    def restore(self, translated_inner: str | None) -> str:
        if self.inner is None:
            return self.raw
        return f"{self.left}{translated_inner or self.inner}{self.right}"


@dataclass
class ProtectedText:
    """Text with placeholders standing for :class:`Span` objects."""

    template: str
    spans: list[Span] = field(default_factory=list)
    style: str = _PLACEHOLDER_STYLES[0]

    def placeholder(self, index: int) -> str:
        return self.style.format(index)

    def restore(
        self, text: str, translated_inners: dict[int, str] | None = None, only: list[int] | None = None
    ) -> str:
        """Put spans back into ``text`` (a translation of part of ``template``).

        Args:
            text: text containing placeholders.
            translated_inners: translations of wrapped spans' inner text, by span index.
            only: the span indices that belong in ``text`` (default: all). Missing ones are appended.
        """
        inners = translated_inners or {}
        indices = range(len(self.spans)) if only is None else only
        for index in indices:
            mark = self.placeholder(index)
            restored = self.spans[index].restore(inners.get(index))
            if mark in text:
                head, _, tail = text.partition(mark)
                text = head + restored + tail.replace(mark, "")
            else:
                text = f"{text.rstrip()} {restored}".strip()
        return text

    def indices_in(self, text: str) -> list[int]:
        """Which spans' placeholders appear in ``text`` (a piece of the template)."""
        return [i for i in range(len(self.spans)) if self.placeholder(i) in text]


def protect_verbatim(
    text: str, spans: list[Span], style: str, escape: Callable[[str], str] = lambda raw: raw
) -> str:
    """``text`` with its URLs and e-mail addresses replaced by placeholders of new :class:`Span` objects.

    The spans are appended to ``spans`` (numbered after those already there); ``escape`` turns the address
    into what is put back (``html.escape`` for text that goes back into a page).
    """

    def keep(m: re.Match[str]) -> str:
        spans.append(Span(escape(m.group(0))))
        return style.format(len(spans) - 1)

    return _VERBATIM.sub(keep, text)


def protect(text: str) -> ProtectedText:
    """Replace inline markup in ``text`` with placeholders (see the module docstring)."""
    style = placeholder_style(text)
    matches: list[tuple[int, int, str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            matches.append((start, end, kind, m))
    matches.sort()
    spans: list[Span] = []
    out: list[str] = []
    cursor = 0
    for start, end, kind, m in matches:
        out.append(text[cursor:start])
        raw = m.group(0)
        if kind == "link":
            inner = m.group("inner")
            span = Span(raw, inner=inner, left="[", right="]" + m.group("target"))
        elif kind == "image" and m.group("inner").strip():  # the alt text is read in place of the image
            span = Span(raw, inner=m.group("inner"), left="![", right="]" + m.group("target"))
        elif kind in {"strong", "emphasis"}:
            mark = m.group("mark")
            span = Span(raw, inner=m.group("inner"), left=mark, right=mark)
        else:
            span = Span(raw)
        out.append(style.format(len(spans)))
        spans.append(span)
        cursor = end
    out.append(text[cursor:])
    return ProtectedText("".join(out), spans, style)
