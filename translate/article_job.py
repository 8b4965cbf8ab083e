"""Translate one article as ``lintas translate`` does: format rules, parsing, translation and rendering.

The rules of which input/output formats go together (HTML is extracted or translated in place; Markdown output
from HTML needs extraction; ``-o x.html`` asks for HTML...) are the library's, so a Python caller gets exactly the
command's results and errors: :func:`plan_article` decides, :class:`ArticleJob` parses and runs the job. Errors
name the parameter (``extract``, ``output_format``...), which the CLI shows as its flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lintas.translate.errors import InputError

if TYPE_CHECKING:  # the CLI imports this module for --help: parsers load when a job is prepared
    from collections.abc import Mapping

    from lintas.translate.article import TranslatedDocument
    from lintas.translate.documents.model import Document
    from lintas.translate.results import SupportsTranslate

#: ``input_format`` values: ``auto`` uses the file suffix, then the content.
INPUT_FORMATS = ("auto", "text", "markdown", "html")
#: ``output_format`` values: ``same`` keeps the input's format (for an extracted page: Markdown, or HTML).
OUTPUT_FORMATS = ("same", "markdown", "html", "jsonl")
_HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class ArticlePlan:
    """What to do with one article, decided from its format and the options before any model loads.

    Attributes:
        input_format: ``text``, ``markdown`` or ``html`` (never ``auto``).
        output_format: ``same``, ``markdown``, ``html`` or ``jsonl`` (``same`` resolved for ``-o x.html``).
        extract: pull the article out of a full HTML page.
        bilingual: each source block followed by its translation.
    """

    input_format: str
    output_format: str
    extract: bool
    bilingual: bool


def plan_article(
    text: str,
    *,
    name: str | None = None,
    input_format: str = "auto",
    output_format: str = "same",
    extract: bool | None = None,
    bilingual: bool = False,
    output: str | None = None,
) -> ArticlePlan:
    """Check that the options fit the article and resolve the automatic ones.

    Args:
        text: the article (already decoded).
        name: its file name, for ``input_format="auto"`` (suffix first, then content).
        extract: ``None``: on for full HTML pages (``<html>``/``<body>``), off for fragments.
        output: the output file name; ``.html``/``.htm`` asks an extracted page for HTML.

    Raises:
        InputError: a combination that cannot work, naming the parameter.
    """
    from lintas.translate.documents import detect_format

    if input_format not in INPUT_FORMATS:
        raise InputError(f"{{param}} must be one of {', '.join(INPUT_FORMATS)}", param="input_format")
    if output_format not in OUTPUT_FORMATS:
        raise InputError(f"{{param}} must be one of {', '.join(OUTPUT_FORMATS)}", param="output_format")
    fmt = detect_format(name, text) if input_format == "auto" else input_format
    if fmt != "html":
        if extract:
            raise InputError(
                "{param} works on HTML input; give an .html file or use --from html", param="extract"
            )
        if output_format == "html":
            raise InputError(
                "{param}=html needs HTML input; use {param}=same or {param}=markdown for text and Markdown",
                param="output_format",
            )
        return ArticlePlan(fmt, output_format, False, bilingual)
    from lintas.translate.documents.html_decode import is_full_page

    if extract is None:
        extract = is_full_page(text)
    if not extract and output_format == "markdown":
        raise InputError(
            "{param}=markdown from HTML needs --extract; without it HTML is translated in place",
            param="output_format",
        )
    if not extract and bilingual:
        raise InputError(
            "{param} does not apply to HTML translated in place; use --extract or --format jsonl",
            param="bilingual",
        )
    if extract and output_format == "same" and output and output.lower().endswith(_HTML_SUFFIXES):
        output_format = "html"  # `-o article.en.html` asks for HTML
    return ArticlePlan(fmt, output_format, extract, bilingual)


@dataclass(frozen=True)
class ArticleJob:
    """One article, planned and parsed (every input error is raised here, before a model loads), ready to run.

    Example:
        >>> job = ArticleJob.prepare(open("artikel.md").read(), name="artikel.md")     # doctest: +SKIP
        >>> english = job.run(Translator())
    """

    plan: ArticlePlan
    document: Document
    line_ending: str

    @classmethod
    def prepare(cls, text: str, *, name: str | None = None, **options: Any) -> ArticleJob:
        """Plan ``text`` (:func:`plan_article`: ``options`` are its keyword arguments) and parse it."""
        from lintas.translate.documents import parse_document
        from lintas.translate.io import line_ending

        ending = line_ending(text)  # parsed with \n; the output gets the input's line endings back
        text = text.replace("\r\n", "\n")
        plan = plan_article(text, name=name, **options)
        if plan.extract:
            from lintas.translate.documents.extract import extract_article

            document = extract_article(text, name if name and name != "-" else "<stdin>")
        else:
            document = parse_document(text, plan.input_format)
        return cls(plan, document, ending)

    def run(self, translator: SupportsTranslate, *, keep_boilerplate: bool = False) -> str:
        """Translate the article and return the rendered output."""
        return self.render(self.translate(translator, keep_boilerplate=keep_boilerplate))

    def translate(
        self, translator: SupportsTranslate, *, keep_boilerplate: bool = False
    ) -> TranslatedDocument:
        """The article's blocks translated (with the call's counters in ``stats``), not yet rendered."""
        from lintas.translate.article import translate_document

        return translate_document(self.document, translator, lang="id", keep_boilerplate=keep_boilerplate)

    def render(self, translated: TranslatedDocument, *, ran_by: Mapping[str, str] | None = None) -> str:
        """The output of the planned format; JSONL rows name the model and engine of ``ran_by`` (``describe()``)."""
        from lintas.translate.article import render_bilingual, render_jsonl, render_same
        from lintas.translate.io import with_line_ending

        if self.plan.output_format == "jsonl":
            return render_jsonl(translated, ran_by)  # JSON Lines are lines of JSON: \n, whatever the input
        if self.plan.bilingual:
            rendered = render_bilingual(translated)
        elif self.plan.output_format == "html" and self.plan.extract:
            from lintas.translate.article_html import render_article_html

            rendered = render_article_html(translated)
        else:
            rendered = render_same(translated)
        return with_line_ending(rendered, self.line_ending)
