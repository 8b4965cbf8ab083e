"""``lintas align``, ``lintas lexicon build`` and ``lintas eval align``: parse options, call the library, print.

The work is done by :mod:`lintas.translate.align` (aligner), :mod:`lintas.translate.align.pairs` (reading ``--pairs``),
:mod:`lintas.translate.bitext` (output formats) and :mod:`lintas.eval.align_score` (scoring), imported inside the
commands so ``lintas --help`` stays fast.
"""

from __future__ import annotations

import json
import logging
import sys

import click

from lintas.translate.cli.groups import eval as eval_group
from lintas.translate.cli.groups import lexicon as lexicon_group
from lintas.translate.cli.groups import main
from lintas.translate.cli.options import mt_options

logger = logging.getLogger("lintas")

_FORMATS = ("jsonl", "tsv", "moses", "tmx")


@main.command("align")
@click.argument("src", required=False, metavar="SRC")
@click.argument("tgt", required=False, metavar="TGT")
@click.option(
    "--pairs", metavar="PAIRS.jsonl", help="Align many document pairs: one JSON object a line (see below)."
)
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Output file [default: standard output]; Moses writes OUT.id, OUT.en.",
)
@click.option(
    "--format", "fmt", type=click.Choice(_FORMATS), default="jsonl", show_default=True, help="Output format."
)
@click.option("--presplit", is_flag=True, help="SRC and TGT hold one segment a line (no sentence splitting).")
@mt_options
@click.option(
    "--lexicon",
    "lexicon_path",
    metavar="FILE",
    help="Lexicon TSV [default: the shipped data/lexicon/id-en.tsv].",
)
@click.option("--no-lexicon", is_flag=True, help="Use length and anchors only.")
@click.option(
    "--max-bead",
    type=click.IntRange(min=2, max=8),
    default=None,
    help="Most sentences in one bead, both sides together [default: 4: 1-1 1-2 2-1 2-2 1-3 3-1].",
)
def align(
    src: str | None,
    tgt: str | None,
    pairs: str | None,
    output: str | None,
    fmt: str,
    presplit: bool,
    mt_model: str | None,
    mt_engine: str,
    lexicon_path: str | None,
    no_lexicon: bool,
    max_bead: int | None,
) -> None:
    """Align the sentences of an Indonesian document with its English counterpart.

    \b
    One pair:    lintas align artikel.txt article.txt -o pairs.jsonl
    Presplit:    lintas align doc.id doc.en --presplit --format tsv
    Many pairs:  lintas align --pairs docs.jsonl -o corpus --format moses

    SRC and TGT are plain-text documents, split into paragraphs and sentences by the project segmenter, or with
    --presplit one segment a line. With --pairs, each line of PAIRS.jsonl is one document pair,
    {"id": ..., "src": ..., "tgt": ...}, where src/tgt are strings (segmented) or lists of segments (used as
    they are); pairs are aligned and written one at a time, so the file can be as large as you like.

    \b
    Output (--format):
      jsonl  one bead a line in document order, null beads included:
             {"id", "src": [indices], "tgt": [indices], "score", "src_text", "tgt_text"}
      tsv    source<TAB>target<TAB>score, null beads left out
      moses  OUT.id and OUT.en, one line per non-null bead
      tmx    TMX 1.4b, one <tu> per non-null bead

    Scores: higher is better; a bead whose words, names and numbers match scores well above 0, one with little
    evidence near or below 0, and a null bead (a sentence with no counterpart) scores minus the skip penalty.
    Segmented documents keep their paragraphs: beads rarely join sentences of two paragraphs, so bylines,
    captions and subheads end up as null beads instead of being glued to the text. Outputs are written atomically. If a --pairs line is malformed, the documents before it are kept in the
    output (complete beads of complete documents only), the error names the line, and the exit code is 2. A
    document with an empty side is aligned to null beads with a warning; with --pairs the exit code is then 1.

    Without --mt, alignment is offline: sentence length (Gale-Church, with the length ratio estimated from the
    document pair), a bilingual lexicon learned from shipped parallel data (`lintas lexicon build`), and anchors
    (numbers, dates, URLs, names, near-identical words, quotes and question marks).
    """
    from lintas.translate.align.build import build_aligner, lexicon_choice, mt_config
    from lintas.translate.align.pairs import align_stream, load_document, read_pairs
    from lintas.translate.bitext import open_writer
    from lintas.translate.errors import InputError

    if pairs and (src or tgt):
        raise InputError("give either SRC TGT or --pairs PAIRS.jsonl, not both")
    if not pairs and not (src and tgt):
        raise InputError("give two documents (SRC TGT) or --pairs PAIRS.jsonl; see `lintas align --help`")
    if output and output != "-":
        from lintas.translate.bitext import output_paths
        from lintas.translate.io import check_writable

        for path in output_paths(fmt, output):  # Moses: PREFIX.id and PREFIX.en, either may be an input
            check_writable(path, inputs=[src, tgt, pairs])
    aligner = build_aligner(
        lexicon=lexicon_choice(lexicon_path, none=no_lexicon),
        max_bead=max_bead,
        mt=mt_config(mt_model, mt_engine) if mt_model else None,
        progress=None,
    )
    if pairs:
        with open_writer(fmt, output, keep_on_input_error=True) as writer:
            stats = align_stream(aligner, read_pairs(pairs), writer)
        logger.info("aligned %d document pairs: %d beads written", stats["documents"], stats["written"])
        if stats["one_sided"]:
            sys.exit(1)  # documented: aligned, but some documents gave nothing to align
        return
    assert src is not None and tgt is not None  # checked above
    src_doc = load_document(src, "id", presplit=presplit)
    tgt_doc = load_document(tgt, "en", presplit=presplit)
    with open_writer(fmt, output) as writer:
        align_stream(aligner, [(None, src_doc, tgt_doc)], writer)


@lexicon_group.command("build")
@click.option(
    "--corpus",
    "corpora",
    nargs=2,
    multiple=True,
    metavar="ID_FILE EN_FILE",
    help="Line-aligned Indonesian and English files; repeat. [default: the shipped training sets, see SOURCE.md]",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Lexicon TSV to write (e.g. data/lexicon/id-en.tsv).",
)
@click.option(
    "--iterations",
    type=click.IntRange(min=1, max=1000),  # EM converges in tens; each pass reads the whole corpus
    default=8,
    show_default=True,
    help="IBM Model 1 EM iterations.",
)
@click.option(
    "--min-prob",
    type=click.FloatRange(0, 1),
    default=0.05,
    show_default=True,
    help="Least t(e|f) and t(f|e).",
)
@click.option(
    "--min-count", type=click.IntRange(min=1), default=2, show_default=True, help="Least co-occurring pairs."
)
@click.option(
    "--top-k",
    type=click.IntRange(min=1, max=1000),
    default=4,
    show_default=True,
    help="Most translations per word.",
)
def lexicon_build(
    corpora: tuple[tuple[str, str], ...],
    output: str,
    iterations: int,
    min_prob: float,
    min_count: int,
    top_k: int,
) -> None:
    """Learn the aligner's Indonesian→English lexicon (IBM Model 1, both directions) from parallel text.

    \b
    Reproduce the shipped lexicon:  lintas lexicon build -o data/lexicon/id-en.tsv
    Your own data:                  lintas lexicon build --corpus train.id train.en -o my.tsv
                                    lintas align a.txt b.txt --lexicon my.tsv

    The default training data are the shipped, openly licensed sets that the alignment benchmark does NOT
    evaluate on (FLORES-200 dev, TICO-19 dev, Tatoeba, NusaX-MT train and valid); data/lexicon/SOURCE.md has
    the attribution. The output is deterministic: the same inputs give the same file, byte for byte.
    """
    from lintas.translate.align.lexicon import default_training_pairs, learn_lexicon, read_parallel
    from lintas.translate.io import check_writable

    check_writable(output, inputs=[path for pair in corpora for path in pair])
    if corpora:
        pairs, sources = [], []
        for id_file, en_file in corpora:
            part = read_parallel(id_file, en_file)
            pairs.extend(part)
            sources.append(f"{id_file}, {en_file} ({len(part)} pairs)")
    else:
        pairs, sources = default_training_pairs()
    lex = learn_lexicon(pairs, iterations=iterations, min_prob=min_prob, min_count=min_count, top_k=top_k)
    lex.meta["sources"] = "; ".join(sources)
    lex.meta["command"] = (
        "lintas lexicon build"
        + ("" if corpora else " -o data/lexicon/id-en.tsv")
        + (f" --iterations {iterations}" if iterations != 8 else "")
    )
    lex.save(output)
    click.echo(
        f"lintas: wrote {output}: {lex.meta['entries']} entries for {len(lex.entries)} Indonesian words, "
        f"from {lex.meta['sentence_pairs']} sentence pairs",
        err=True,
    )


@eval_group.command("align")
@click.argument("gold", metavar="GOLD.jsonl")
@click.argument("hyp", metavar="HYP.jsonl")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--coarsen",
    is_flag=True,
    help="Merge hypothesis beads that split one gold bead exactly (for gold coarser than sentences: verses).",
)
@click.option(
    "--include-null", is_flag=True, help="Count null hypothesis beads in precision, as vecalign does."
)
def eval_align(gold: str, hyp: str, as_json: bool, coarsen: bool, include_null: bool) -> None:
    """Strict and lax precision/recall/F1 of an alignment against gold beads.

    \b
    GOLD.jsonl: one document a line, {"id": ..., "beads": [[[src idx...], [tgt idx...]], ...]}
    HYP.jsonl:  `lintas align` JSONL output (one bead a line), or the gold shape.

    Strict: a bead counts when the gold has exactly that bead. Lax: when one of its source sentences is linked
    to one of its target sentences in the gold. Null beads (1-0, 0-1) are excluded, counts are summed over
    documents (matched by "id"; two single-document files are compared whatever their ids).
    """
    from lintas.eval.align_score import score_files

    result = score_files(gold, hyp, include_null=include_null, coarsen=coarsen)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        click.echo(result.format())
