"""``lintas translate``: an article in, the same article in English out."""

from __future__ import annotations

import logging

import click

from lintas.translate.article_job import INPUT_FORMATS, OUTPUT_FORMATS
from lintas.translate.cli.groups import main
from lintas.translate.cli.options import pop_translator_config, records_flag, translation_options

logger = logging.getLogger("lintas")


@main.command("translate")
@click.argument("input_file", metavar="[FILE]", required=False, default=None)
@click.option("-o", "--output", default=None, help="Output file [default: stdout]. Written atomically.")
@click.option(
    "--from",
    "input_format",
    type=click.Choice(INPUT_FORMATS),
    default="auto",
    callback=records_flag("input_format", "--from"),
    show_default=True,
    help="Input format; auto uses the file suffix, then the content.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="same",
    callback=records_flag("output_format", "--format"),
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
    import time

    from lintas.translate.article_job import ArticleJob
    from lintas.translate.documents import read_source
    from lintas.translate.io import check_writable, write_text
    from lintas.translate.translator import LazyTranslator

    config = pop_translator_config(kwargs)
    quiet = kwargs.pop("quiet")
    text = read_source(input_file)
    if output and output != "-":
        check_writable(output, inputs=[input_file])
    job = ArticleJob.prepare(
        text,
        name=input_file,
        input_format=input_format,
        output_format=output_format,
        extract=extract,
        bilingual=bilingual,
        output=output,
    )
    start = time.perf_counter()
    translator = LazyTranslator(config, progress=False if quiet else None)
    translated = job.translate(translator, keep_boilerplate=keep_boilerplate)
    write_text(output, job.render(translated, ran_by=translator.describe()))
    if translator.loaded is None:
        name = input_file or "<stdin>"
        logger.warning("%s: nothing to translate (the input has no text); no model was loaded", name)
    elif not quiet:
        summary = translated.stats.summary(translator.describe(), time.perf_counter() - start)
        click.echo(f"lintas: {summary}", err=True)
