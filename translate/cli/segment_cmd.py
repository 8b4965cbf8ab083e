"""``lintas segment``: split a text into sentences, one a line, paragraphs separated by a blank line."""

from __future__ import annotations

import click

from lintas.translate.cli.groups import main


@main.command("segment")
@click.argument("input_file", metavar="[FILE]", required=False, default=None)
@click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    default="id",
    show_default=True,
    help="Language of the text: id (Indonesian) or en (English).",
)
@click.option("-o", "--output", default=None, help="Output file [default: stdout]. Written atomically.")
def segment(input_file: str | None, lang: str, output: str | None) -> None:
    """Split FILE (or standard input when FILE is missing or -) into sentences.

    Prints one sentence a line and a blank line between paragraphs. Paragraphs are blank-line separated blocks;
    inside a block, a line with no final punctuation (a title, subhead or byline) stands alone, and
    hard-wrapped lines are joined.

    \b
    Examples:
      lintas segment artikel.txt --lang id
      cat article.txt | lintas segment --lang en -o sentences.txt
    """
    from lintas.translate.io import check_writable, read_text, write_text
    from lintas.translate.segment import segment_text

    if output is not None and output != "-":
        check_writable(output, inputs=[input_file])
    text = read_text(input_file)
    paragraphs = segment_text(text, lang)
    rendered = "\n\n".join("\n".join(" ".join(s.split()) for s in sentences) for sentences in paragraphs)
    write_text(output, rendered + "\n" if rendered else "")
