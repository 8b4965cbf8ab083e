"""``lintas translate``: an article in, the same article in English out."""

from __future__ import annotations

import click

from lintas.translate.cli.groups import main
from lintas.translate.cli.options import pop_translation_options, translation_options, translator_from_options


@main.command("translate")
@click.argument("input_file", metavar="[FILE]", required=False, default=None)
@click.option("-o", "--output", default=None, help="Output file [default: stdout]. Written atomically.")
@click.option(
    "--from",
    "input_format",
    type=click.Choice(["auto", "text", "markdown", "html"]),
    default="auto",
    show_default=True,
    help="Input format; auto uses the file suffix, then the content.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["same", "markdown", "html", "jsonl"]),
    default="same",
    show_default=True,
    help="same: the input's format (for an extracted page: Markdown, or HTML when -o ends in .html); markdown: "
    "Markdown (text, Markdown or an "
    "extracted page); html: HTML (HTML input: the page in place, or with --extract a clean article); jsonl: "
    'one JSON object per source sentence, boilerplate as rows with "skipped": "boilerplate" and "tgt": "".',
)
@click.option(
    "--extract/--no-extract",
    default=None,
    help="HTML: pull out the main article (title, date, author, body, captions) and translate only that "
    "[default: on for full pages with <html>/<body>, off for fragments, which are translated in place].",
)
@click.option(
    "--keep-boilerplate",
    is_flag=True,
    help="Copy boilerplate (bylines, section labels, 'Baca juga', share prompts, ads, copyright and "
    "timestamp lines) through untranslated instead of leaving it out. It is never translated.",
)
@click.option("--bilingual", is_flag=True, help="Write each source block followed by its translation.")
@translation_options
def translate_command(
    input_file, output, input_format, output_format, extract, keep_boilerplate, bilingual, **kwargs
) -> None:
    """Translate an Indonesian article (text, Markdown or HTML) into English.

    Titles, headings, paragraphs, lists, quotes and links keep their place; URLs, code spans and code blocks
    are copied untouched. Reads stdin when FILE is missing or "-".

    HTML: a saved page is reduced to its article (--extract, the default for pages) and written as Markdown or,
    with --format html, as a clean HTML article. A fragment (or a page with --no-extract) is translated in
    place: tags, attributes and links stay where they were, <script>, <style>, <code> and <pre> are untouched,
    alt and title attributes are translated. The page's <meta charset> decides how it is decoded.

    Boilerplate (bylines, "Baca juga" boxes, share prompts, ads, "Posted By" lines...) is never sent to the
    model and is left out of the output, unless --keep-boilerplate copies it through untranslated; --format
    jsonl lists it as rows with "skipped": "boilerplate", the rule that matched as "rule", and an empty "tgt".

    \b
    Examples:
      lintas translate artikel.md -o article.en.md
      lintas translate berita.txt --bilingual
      lintas translate halaman.html -o article.en.md
      lintas translate halaman.html --format html -o article.en.html
      lintas translate fragmen.html --no-extract -o fragment.en.html
      lintas translate artikel.md --format jsonl > pairs.jsonl
      lintas translate artikel.md --model ./opus-mt-id-en --beam 1
    """
    from lintas.translate.article import render_bilingual, render_jsonl, render_same, translate_document
    from lintas.translate.documents import detect_format, parse_document, read_source
    from lintas.translate.errors import InputError
    from lintas.translate.io import check_writable, line_ending, with_line_ending, write_text

    opts = pop_translation_options(kwargs)
    text = read_source(input_file)
    ending = line_ending(text)  # parsed with \n; the output gets the input's line endings back
    text = text.replace("\r\n", "\n")
    if output and output != "-":
        check_writable(output)
    fmt = detect_format(input_file, text) if input_format == "auto" else input_format
    if fmt != "html":
        if extract:
            raise InputError("--extract works on HTML input; give an .html file or use --from html")
        if output_format == "html":
            raise InputError(
                "--format html needs HTML input; use --format same or markdown for text and Markdown"
            )
    else:
        from lintas.translate.documents.html import is_full_page

        if extract is None:
            extract = is_full_page(text)
        if not extract and output_format == "markdown":
            raise InputError(
                "--format markdown from HTML needs --extract; without it HTML is translated in place"
            )
        if not extract and bilingual:
            raise InputError(
                "--bilingual does not apply to HTML translated in place; use --extract or --format jsonl"
            )
    name = input_file if input_file and input_file != "-" else "<stdin>"
    if extract and output_format == "same" and output and output.lower().endswith((".html", ".htm")):
        output_format = "html"  # `-o article.en.html` asks for HTML
    if extract:
        from lintas.translate.documents.extract import extract_article

        document = extract_article(text, name)
    else:
        document = parse_document(text, fmt)
    translator = translator_from_options(opts)
    translated = translate_document(document, translator, lang="id", keep_boilerplate=keep_boilerplate)
    if output_format == "jsonl":
        rendered = render_jsonl(translated)
    elif bilingual:
        rendered = render_bilingual(translated)
    elif output_format == "html" and extract:
        from lintas.translate.documents.extract import render_article_html

        rendered = render_article_html(translated)
    else:
        rendered = render_same(translated)
    if output_format != "jsonl":  # JSON Lines are lines of JSON: \n, whatever the input
        rendered = with_line_ending(rendered, ending)
    write_text(output, rendered)
