"""``lintas translate``: an article in, the same article in English out."""

from __future__ import annotations

import click

from translate.cli.groups import main
from translate.cli.options import pop_translation_options, translation_options, translator_from_options


@main.command("translate")
@click.argument("input_file", metavar="[FILE]", required=False, default=None)
@click.option("-o", "--output", default=None, help="Output file [default: stdout]. Written atomically.")
@click.option(
    "--from",
    "input_format",
    type=click.Choice(["auto", "text", "markdown"]),
    default="auto",
    show_default=True,
    help="Input format; auto uses the file suffix, then the content.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["same", "jsonl"]),
    default="same",
    show_default=True,
    help="same: the input's format; jsonl: one JSON object per source sentence.",
)
@click.option("--bilingual", is_flag=True, help="Write each source block followed by its translation.")
@translation_options
def translate_command(input_file, output, input_format, output_format, bilingual, **kwargs) -> None:
    """Translate an Indonesian article (text or Markdown) into English.

    Titles, headings, paragraphs, lists, quotes and links keep their place; URLs, code spans and code blocks
    are copied untouched. Reads stdin when FILE is missing or "-".

    \b
    Examples:
      lintas translate artikel.md -o article.en.md
      lintas translate berita.txt --bilingual
      lintas translate artikel.md --format jsonl > pairs.jsonl
      lintas translate artikel.md --model ./opus-mt-id-en --beam 1
    """
    from translate.article import render_bilingual, render_jsonl, render_same, translate_document
    from translate.documents import detect_format, parse_document
    from translate.io import check_writable, read_text, write_text

    opts = pop_translation_options(kwargs)
    text = read_text(input_file)
    if output and output != "-":
        check_writable(output)
    fmt = detect_format(input_file, text) if input_format == "auto" else input_format
    document = parse_document(text, fmt)
    translator = translator_from_options(opts)
    translated = translate_document(document, translator, lang="id")
    if output_format == "jsonl":
        rendered = render_jsonl(translated)
    elif bilingual:
        rendered = render_bilingual(translated)
    else:
        rendered = render_same(translated)
    write_text(output, rendered)
