"""Inline HTML inside one run of text: which tags are kept around translated words, which are copied whole.

:func:`protect_html` turns a run's HTML into an :class:`HtmlProtectedText`: ``<a>``, ``<b>``, ``<em>``,
``<span>``... are *wrapped* spans (their words are translated, the tag kept), ``<br>``, ``<img>``, ``<code>``,
``<script>`` and comments are opaque spans copied byte for byte. The tag helpers (:func:`start_tag`,
:func:`end_tag`, :func:`inner_html`) serialise lxml elements as the source wrote them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lintas.translate.documents.html_parse import parse_fragment, serialise
from lintas.translate.documents.inline import ProtectedText, Span, placeholder_style, protect_verbatim

__all__ = [
    "OPAQUE_INLINE",
    "WRAPPED_INLINE",
    "HtmlProtectedText",
    "end_tag",
    "has_words",
    "inner_html",
    "protect_html",
    "start_tag",
    "tag_name",
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
#: Inline elements that may be kept out of a sentence sent to the model when they stand at its edge.
_DETACHABLE = frozenset({"br", "wbr", "img"})
_WHITESPACE = re.compile(r"\s+")


def tag_name(el) -> str | None:
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
    return html.escape(el.text or "", quote=False) + "".join(serialise(child, with_tail=True) for child in el)


def has_words(el) -> bool:
    """Whether ``el`` holds text outside opaque elements (so there is something to translate in it)."""
    if el.text and el.text.strip():
        return True
    for child in el:
        tag = tag_name(child)
        if tag is not None and tag not in OPAQUE_INLINE and has_words(child):
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
    root = parse_fragment(fragment, create_parent="lintas-run")
    texts: list[str] = [root.text or ""]
    spans: list[Span] = []
    detachable: list[int] = []
    breaks: set[int] = set()
    for child in root:
        tag = tag_name(child)
        if tag in _DETACHABLE or tag is None:
            detachable.append(len(spans))
        if tag == "br":
            breaks.add(len(spans))
        raw = serialise(child)
        if tag in WRAPPED_INLINE and has_words(child):
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
