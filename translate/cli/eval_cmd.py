"""``lintas eval score``, ``eval compare`` and ``eval testsets``: sacrebleu scores with signatures.

Parsing and printing only; the work is done by :mod:`lintas.eval.metrics`, :mod:`lintas.eval.significance` and
:mod:`lintas.eval.testsets` (imported inside the commands so ``lintas --help`` stays fast).
"""

from __future__ import annotations

import json

import click

from lintas.eval.config import EvalConfig
from lintas.translate.cli.groups import eval as eval_group
from lintas.translate.cli.options import config_from, config_options, records_flag, scoring_options


def _reference_options(func):
    """``--ref`` (repeatable), ``--num-refs`` and ``--testset``: the references, as sacrebleu takes them."""
    func = click.option(
        "-t", "--testset", metavar="NAME", help="Use a shipped test set's references (see `eval testsets`)."
    )(func)
    func = click.option(
        "-nr",
        "--num-refs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        callback=records_flag("num_refs", "--num-refs"),
        help="References per line of one tab-separated --ref file (sacrebleu's --num-refs).",
    )(func)
    return click.option(
        "-r",
        "--ref",
        "refs",
        multiple=True,
        metavar="FILE",
        help="Reference file; repeat for multi-reference.",
    )(func)


@eval_group.command("score")
@click.argument("hypothesis", metavar="HYP")
@_reference_options
@config_options(EvalConfig, only=("metrics",))
@scoring_options
@click.option("--confidence", is_flag=True, help="Add 95% confidence intervals by bootstrap resampling.")
@config_options(EvalConfig, only=("confidence_n",))
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "text"]),
    default="table",
    show_default=True,
    help="table; json; or text: sacrebleu's own score lines (`sacrebleu --format text`).",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--sentence-level", metavar="OUT.jsonl", help="Also write every segment's scores, one JSON per line."
)
@click.option(
    "-w",
    "--width",
    type=click.IntRange(min=0, max=10),
    default=None,
    help="Decimals [default: 2 in the table, 1 (sacrebleu's) in --format text].",
)
def score(
    hypothesis: str,
    refs: tuple[str, ...],
    num_refs: int,
    testset: str | None,
    metrics: str,
    confidence: bool,
    confidence_n: int,
    output_format: str,
    as_json: bool,
    sentence_level: str | None,
    width: int | None,
    **scoring: object,
) -> None:
    """Score a translation against references with sacrebleu (same numbers, same signatures).

    HYP has one translated segment per line (`-` reads standard input); each reference has the same number of
    lines (a blank line is a segment: sacrebleu scores it too). Files must be UTF-8. Every scoring option of
    sacrebleu's command line is here under its name and with its default: --tokenize, --smooth-method,
    --lowercase for BLEU, --chrf-* for chrF and chrF++ (chrf++ is chrF with word order 2), --ter-* for TER;
    each signature records them.

    \b
    Examples:
      lintas eval score hyp.txt --ref ref.txt
      lintas eval score hyp.txt --ref ref1.txt --ref ref2.txt --metrics bleu,chrf
      lintas eval score hyp.txt --ref refs.tsv --num-refs 2 --tokenize intl --format text
      lintas eval score hyp.txt --ref ref.txt --metrics chrf --chrf-beta 3 --chrf-word-order 2
      lintas eval score hyp.txt --testset flores200-devtest --confidence
      lintas eval score hyp.txt --ref ref.txt --json --sentence-level scores.jsonl
    """
    from click.core import ParameterSource

    from lintas.eval.metric_options import MetricOptions
    from lintas.eval.report import render_text_table
    from lintas.eval.score_files import SACREBLEU_CLI_WIDTH, format_sacrebleu_text, score_files
    from lintas.translate.io import check_writable, write_text

    if sentence_level:
        check_writable(sentence_level, inputs=[hypothesis, *refs], param="sentence_level")
    if click.get_current_context().get_parameter_source("confidence_n") == ParameterSource.COMMANDLINE:
        confidence = True  # a number of resamples asks for the intervals
    output_format = "json" if as_json else output_format
    scored = score_files(
        hypothesis, refs=refs, testset=testset, num_refs=num_refs, metrics=metrics,
        options=config_from(MetricOptions, scoring), confidence_n=confidence_n if confidence else 0,
        sentence_level=bool(sentence_level),
    )  # fmt: skip

    if scored.sentences is not None and sentence_level:
        lines = [
            json.dumps({"segment": i, **s}, ensure_ascii=False)
            for i, s in enumerate(scored.sentences.scores, 1)
        ]
        write_text(sentence_level, "\n".join(lines) + "\n")
        sigs = "; ".join(f"{name} {sig}" for name, sig in scored.sentences.signatures.items())
        click.echo(f"lintas: wrote {len(lines)} sentence scores to {sentence_level} ({sigs})", err=True)

    if output_format == "json":
        click.echo(
            json.dumps({"metrics": [r.to_dict() for r in scored.results]}, indent=2, ensure_ascii=False)
        )
    elif output_format == "text":
        click.echo(
            format_sacrebleu_text(scored.results, SACREBLEU_CLI_WIDTH if width is None else width), nl=False
        )
    else:
        headers = ["metric", "score" + (" (μ ± 95% CI)" if confidence else ""), "signature"]
        rows = [[r.name, r.format_score(2 if width is None else width), r.signature] for r in scored.results]
        click.echo(render_text_table(headers, rows, right=(1,)), nl=False)


@eval_group.command("compare")
@click.argument("baseline", metavar="BASELINE")
@click.argument("systems", nargs=-1, required=True, metavar="SYSTEM...")
@_reference_options
@config_options(EvalConfig, only=("metrics", "tests", "bs_samples", "ar_samples", "alpha"))
@scoring_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def compare(
    baseline: str,
    systems: tuple[str, ...],
    refs: tuple[str, ...],
    num_refs: int,
    testset: str | None,
    metrics: str,
    tests: str,
    bs_samples: int,
    ar_samples: int,
    alpha: float,
    as_json: bool,
    **scoring: object,
) -> None:
    """Test whether systems differ significantly from a baseline (sacrebleu's paired tests).

    Every SYSTEM is compared with BASELINE by paired bootstrap resampling and paired approximate
    randomization; a difference is marked * when every test gives p < --alpha. A resample as large as the
    observed difference counts against it, ties included, so identical outputs get p = 1. The scoring options
    are `eval score`'s (sacrebleu's).

    \b
    Examples:
      lintas eval compare --ref ref.txt baseline.txt new.txt
      lintas eval compare --testset flores200-devtest opus.txt nllb.txt madlad.txt --metrics chrf
      lintas eval compare --ref ref.txt base.txt new.txt --tests bs --json --tokenize flores200
    """
    from lintas.eval.metric_options import MetricOptions
    from lintas.eval.report import render_text_table
    from lintas.eval.score_files import compare_files
    from lintas.eval.significance import parse_tests

    test_list = parse_tests(tests)
    result = compare_files(
        baseline, systems, refs=refs, testset=testset, num_refs=num_refs, metrics=metrics,
        options=config_from(MetricOptions, scoring), tests=test_list,
        samples={"bs": bs_samples, "ar": ar_samples}, alpha=alpha,
    )  # fmt: skip

    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    rows = []
    for r in result.rows:
        is_base = r.system == result.baseline
        ci = "" if r.ci_mean is None else f"{r.ci_mean:.2f} ± {r.ci_halfwidth:.2f}"
        rows.append(
            [
                f"{r.system}{' (baseline)' if is_base else ''}",
                r.metric,
                f"{r.score:.2f}",
                "" if is_base else f"{r.delta:+.2f}",
                ci,
                "" if r.p_bs is None else f"{r.p_bs:.4f}",
                "" if r.p_ar is None else f"{r.p_ar:.4f}",
                "*" if result.significant(r) else "",
            ]
        )
    headers = ["system", "metric", "score", "delta", "95% CI", "p (bs)", "p (ar)", "sig"]
    click.echo(render_text_table(headers, rows, right=(2, 3, 5, 6)), nl=False)
    click.echo(
        f"\n* p < {alpha} in every test that ran ({', '.join(test_list)}); samples: "
        + ", ".join(f"{t}={n}" for t, n in result.samples.items())
    )
    click.echo("Signatures:")
    for test, sigs in result.signatures.items():
        for name, sig in sigs.items():
            click.echo(f"  {test} {name}: {sig}")


@eval_group.command("testsets")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def testsets(as_json: bool) -> None:
    """List the shipped Indonesian→English test sets (use the name with --testset).

    Sizes are counted from the files in data/testsets. "original" says which side was written first: scores on
    sets translated from English (en) and on original Indonesian (id) are not directly comparable.

    \b
    Examples:
      lintas eval testsets
      lintas eval score hyp.txt --testset tico19-test
    """
    from lintas.eval.report import render_text_table
    from lintas.eval.testsets import list_testsets

    entries = [ts.summary() for ts in list_testsets()]
    if as_json:
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    rows: list[list[str]] = [
        [
            str(e["name"]),
            str(e["size"]),
            str(e["direction"]),
            str(e["original"]),
            str(e["domain"]),
            str(e["license"]),
            "yes" if e["docids"] else "",
        ]
        for e in entries
    ]
    headers = ["name", "segments", "direction", "original", "domain", "license", "docids"]
    click.echo(render_text_table(headers, rows, right=(1,)), nl=False)
