"""``lintas corpus build`` and ``lintas corpus translate``: parse options, call the corpus builder, report.

The work is done by :mod:`lintas.translate.corpus.pipeline` (imported inside the commands, so ``lintas --help`` stays
fast); this module turns options into a source, an executor and settings, and the result into an exit code.

Where the work runs is the *executor*: ``--executor local`` (this machine, ``--workers`` processes) or
``--executor ray`` (Ray Data actors, :mod:`lintas.translate.corpus.ray_engine`). ``corpus translate`` already has an
``--engine`` (the translation engine), so the option is called ``--executor`` on both commands; ``corpus build``
also answers to ``--engine ray``, the spelling of issue #8, since it has no translation engine of its own.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
from pathlib import Path

import click

from lintas.translate.cli.groups import corpus
from lintas.translate.cli.options import pop_translation_options, translation_options
from lintas.translate.corpus.manifest import DEFAULT_SHARD_SIZE  # standard library only: --help stays fast

_EXIT_CODES = """\b
Exit codes:
  0  every document was used
  1  the corpus was built, but some documents were skipped (listed in stats.json and on stderr)
  2  bad usage, a missing input file or folder, a bad filter config, or an output that cannot be
     written (nothing is built)
  3  the translation model cannot be loaded (corpus translate)
"""


def _common_options(func):
    options = [
        click.option("-o", "--out", required=True, metavar="DIR", help="Output folder (created if missing)."),
        click.option("--config", "config_path", metavar="FILTERS.toml", help="Filter config, TOML or YAML."),
        click.option(
            "--shard-size",
            type=click.IntRange(min=1),
            default=DEFAULT_SHARD_SIZE,
            show_default=True,
            help="Documents per shard: the work a kill can lose.",
        ),
        click.option(
            "--gzip", is_flag=True, help="Write the corpus files gzip-compressed (corpus.tsv.gz...)."
        ),
        click.option(
            "--write-dropped", is_flag=True, help="Also write dropped.jsonl: dropped pairs and why."
        ),
        click.option(
            "--keep-shards", is_flag=True, help="Keep DIR/shards/ after the final files are written."
        ),
        click.option("--overwrite", is_flag=True, help="Replace whatever build DIR holds and start again."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _ray_options(func):
    """``--executor`` and the Ray options shared by both commands (their worker counts differ)."""
    options = [
        click.option(
            "--address",
            metavar="ADDR",
            help="Ray cluster to run on (auto, HOST:6379, ray://HOST:10001) [default: start a local Ray "
            "instance for the run].",
        ),
        click.option(
            "--gpus-per-worker",
            type=click.FloatRange(min=0),
            default=0.0,
            help="GPUs each Ray worker reserves (0.5: two workers share one) [default: 0].",
        ),
        click.option(
            "--runtime-env",
            metavar="JSON|FILE",
            help='Ray runtime environment of the workers, as JSON or a .json/.yaml file ({"pip": [...]}).',
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _executor_option(*names: str):
    return click.option(
        *names,
        "executor",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="Where the per-document work runs: this machine, or a Ray cluster (Ray Data actors; "
        "pip install 'lintas[ray]'). Same output either way.",
    )


def _runtime_env(value: str | None) -> dict | None:
    """``--runtime-env``: inline JSON, or a JSON/YAML file."""
    import yaml

    from lintas.translate.errors import InputError

    if not value:
        return None
    path = Path(value)
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml") and not value.lstrip().startswith("{") and not path.is_file():
        raise InputError(f"--runtime-env {value}: no such file; give a JSON object or a .json/.yaml file")
    try:
        if suffix in (".yaml", ".yml") and path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        elif suffix == ".json" and path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = json.loads(value)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0]
        raise InputError(
            f"--runtime-env: cannot be read ({reason}); give a JSON object or a .json/.yaml file"
        ) from None
    if not isinstance(data, dict):
        raise InputError('--runtime-env: must be a JSON object such as {"pip": ["lintas"]}')
    return data


def _check_local(executor: str, **ray_only: object) -> None:
    """Ray options given without ``--executor ray`` are a mistake worth one line, not silently ignored."""
    from lintas.translate.errors import InputError

    if executor != "ray":
        for name, value in ray_only.items():
            if value:
                raise InputError(f"--{name.replace('_', '-')} needs --executor ray")


def _ray_executor(
    factory, *, address, workers, gpus, runtime_env, cpus: float = 1.0, batch: int | None = None
):
    from lintas.translate.corpus.ray_engine import RayExecutor, RayOptions

    options = RayOptions(
        address=address,
        num_workers=workers,
        cpus_per_worker=cpus,
        gpus_per_worker=gpus,
        runtime_env=_runtime_env(runtime_env),
        batch_size=batch,
    )
    return RayExecutor(factory, options)


def _report(result) -> None:
    """One summary line on stderr, and the exit code the help text promises."""
    stats = result.stats
    docs, pairs = stats["documents"], stats["pairs"]
    verb = "already holds" if result.already_built else "wrote"
    click.echo(
        f"lintas: {verb} {result.out_dir}: {pairs['kept']} pairs kept of {pairs['candidates']} candidates from "
        f"{docs['total']} documents ({docs['skipped']} skipped); see {result.out_dir / 'stats.md'}",
        err=True,
    )
    if result.skipped:
        sys.exit(1)


@corpus.command("build")
@click.option(
    "--pairs",
    metavar="PAIRS",
    help='Document pairs, {"id", "src", "tgt"} each: a JSONL or Parquet file, or a folder of shards.',
)
@click.option(
    "--src-dir", metavar="DIR", help="Folder of Indonesian documents (.txt, .md, .html: a page's article)."
)
@click.option("--tgt-dir", metavar="DIR", help="Folder of English documents with the same file names.")
@_common_options
@_executor_option("--executor", "--engine")
@click.option(
    "-j",
    "--workers",
    "--num-workers",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes of this machine, or Ray workers with --executor ray [default: 1; with ray, one per CPU "
    "of the cluster].",
)
@_ray_options
@click.option(
    "--mt", "mt_model", metavar="MODEL", help="Also compare a machine translation when aligning (slower)."
)
@click.option("--mt-engine", default="auto", show_default=True, help="Engine for --mt.")
@click.option(
    "--lexicon", "lexicon_path", metavar="FILE", help="Aligner lexicon TSV [default: the shipped one]."
)
@click.option("--no-lexicon", is_flag=True, help="Align with length and anchors only.")
@click.option(
    "--max-bead", type=click.IntRange(min=2, max=8), default=None, help="Most sentences in one bead."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def build(
    pairs: str | None,
    src_dir: str | None,
    tgt_dir: str | None,
    out: str,
    config_path: str | None,
    shard_size: int,
    gzip: bool,
    write_dropped: bool,
    keep_shards: bool,
    overwrite: bool,
    executor: str,
    workers: int | None,
    address: str | None,
    gpus_per_worker: float,
    runtime_env: str | None,
    mt_model: str | None,
    mt_engine: str,
    lexicon_path: str | None,
    no_lexicon: bool,
    max_bead: int | None,
    quiet: bool,
) -> None:
    """Build a parallel corpus from Indonesian–English document pairs.

    \b
    From a JSONL file:  lintas corpus build --pairs docs.jsonl -o corpus/
    From two folders:   lintas corpus build --src-dir id/ --tgt-dir en/ -o corpus/ -j 2
    Own filters:        lintas corpus build --pairs docs.jsonl -o corpus/ --config filters.toml
    On Ray:             lintas corpus build --pairs shards/ -o corpus/ --executor ray --address auto

    PAIRS is a JSONL file, a Parquet file (columns id, src, tgt) or a folder of .jsonl/.parquet shards.

    Each document pair is split into sentences, aligned (sentence length, the shipped lexicon and anchors;
    --mt adds a machine translation), and every pair is filtered: length, length ratio, alignment score,
    language of each side, numbers, HTML/URL junk, boilerplate (bylines, "Baca juga:", share prompts...),
    then exact and normalised duplicates. data/corpus/filters.example.toml lists every filter and its options.

    \b
    Output in DIR:
      corpus.id, corpus.en   Moses: one sentence a line, line-aligned
      corpus.tsv             source<TAB>target<TAB>alignment score
      corpus.jsonl           one pair a line: document id, sentence indices, scores, filters passed
      corpus.tmx             TMX 1.4b
      stats.json, stats.md   documents, beads, kept and dropped pairs per filter, length histograms
      manifest.json          inputs, settings and progress of the build

    The build is resumable: documents are processed a shard at a time (DIR/shards/); kill it and run the same
    command again to finish it, with the same output an uninterrupted run gives. --workers N gives identical
    output to --workers 1, and --executor ray (docs/ray.md: Ray Data actors, each building its aligner once;
    without --address a local Ray instance runs for the build) identical output to --executor local. Bad
    documents (missing partner file, empty, malformed JSONL line, not UTF-8) are skipped and reported; the rest
    of the corpus is built.
    """
    from lintas.translate.corpus.config import load_filter_config
    from lintas.translate.corpus.pipeline import (
        AlignSettings,
        DocumentProcessor,
        ProcessExecutor,
        SerialExecutor,
        build_corpus,
    )
    from lintas.translate.corpus.sources import FolderPairs, PairsFile
    from lintas.translate.errors import InputError

    _check_local(executor, address=address, gpus_per_worker=gpus_per_worker, runtime_env=runtime_env)

    if pairs and (src_dir or tgt_dir):
        raise InputError("give either --pairs or --src-dir/--tgt-dir, not both")
    if not pairs and not (src_dir and tgt_dir):
        raise InputError(
            "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir; see `lintas corpus build --help`"
        )
    if no_lexicon and lexicon_path:
        raise InputError("--lexicon and --no-lexicon contradict each other; give one")
    source = PairsFile(pairs) if pairs else FolderPairs(src_dir, tgt_dir)  # type: ignore[arg-type]
    filters = load_filter_config(config_path)
    settings = AlignSettings(
        lexicon=None if no_lexicon else (lexicon_path or "default"),
        max_bead=max_bead,
        mt_model=mt_model,
        mt_engine=mt_engine,
    )
    if settings.lexicon not in (None, "default"):
        from lintas.translate.align.lexicon import Lexicon

        Lexicon.load(settings.lexicon)  # a bad lexicon fails here, once, not in every worker
    factory = functools.partial(DocumentProcessor, settings, filters)
    if executor == "ray":
        from lintas.translate.corpus.ray_engine import ALIGN_BATCH

        runner = _ray_executor(
            functools.partial(SerialExecutor, factory),  # each actor builds its aligner and lexicon once
            address=address,
            workers=workers,
            gpus=gpus_per_worker,
            runtime_env=runtime_env,
            batch=ALIGN_BATCH,
        )
    elif (workers or 1) > 1:
        runner = ProcessExecutor(factory, workers or 1)
    else:
        runner = SerialExecutor(factory)
    from lintas.translate.cli.options import mt_model_errors

    try:
        if executor == "ray":
            runner.start()  # connect (or start the local instance) before the output folder is touched
        with mt_model_errors():  # the aligner's --mt model loads in the workers
            result = build_corpus(
                source,
                out,
                runner,
                filters=filters,
                settings=settings.describe(),
                shard_size=shard_size,
                gzip=gzip,
                write_dropped=write_dropped,
                keep_shards=keep_shards,
                overwrite=overwrite,
                progress=False if quiet else None,
            )
    finally:
        runner.close()
    _report(result)


def _with_exit_codes(command: click.Command) -> None:
    """Append the exit codes to a command's help. The docstring is dedented first: click dedents the help as a
    whole, so an undented block appended to an indented docstring would leave the docstring indented, and its
    ``\\b`` (no rewrap) markers unrecognised."""
    command.help = inspect.cleandoc(command.help or "") + "\n\n" + _EXIT_CODES


_with_exit_codes(build)


@corpus.command("translate")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_common_options
@translation_options(executors=("ray",))
@_executor_option("--executor")
@click.option(
    "--num-workers",
    type=click.IntRange(min=1),
    default=None,
    help="Ray workers, each loading the model once [default: one per CPU of the cluster divided by "
    "--threads, or per GPU with --gpus-per-worker 1].",
)
@_ray_options
def corpus_translate(inputs: tuple[str, ...], **kwargs) -> None:
    """Make synthetic pairs: translate Indonesian documents sentence by sentence.

    \b
    lintas corpus translate articles/ -o synthetic/ --model ./my-model
    lintas corpus translate docs.jsonl -o synthetic/ --engine ctranslate2 --beam 4
    lintas corpus translate docs.parquet -o synthetic/ --executor ray --address auto --gpus-per-worker 1

    INPUT is a .txt, .md or .html document (of a web page, its article), a folder of them, or a JSONL (or
    Parquet) file of {"id", "text"} records.
    Each document is split into sentences and translated (any engine, batched across the documents of a shard,
    with the translation memory unless --no-cache); each sentence and its translation is one pair. The pairs go
    through the same filters as `corpus build` (the alignment score does not apply) and are written in the same
    formats. The model, its engine and its fingerprint are recorded in stats.json, in the TMX header and on
    every corpus.jsonl line ("mt_model"), so synthetic data is never mistaken for human translation.

    --engine is the translation engine (transformers, ctranslate2); --executor is where the work runs
    (--engine ray is short for --executor ray with the auto engine, as on `corpus build`). With
    --executor ray each Ray worker loads the model once and translates whole shards, so the output is the same
    as on this machine (docs/ray.md covers clusters, model caches and GPU workers).

    The build is resumable like `corpus build`: kill it and run the same command again.
    """
    from lintas.translate.corpus.config import load_filter_config
    from lintas.translate.corpus.executors import (
        TranslatorSpec,
        describe_translator,
        translation_executor,
        translator_metadata,
    )
    from lintas.translate.corpus.pipeline import TranslationExecutor, build_corpus
    from lintas.translate.corpus.sources import MonolingualSource

    opts = pop_translation_options(kwargs)
    executor = _engine_as_executor(opts, kwargs["executor"])
    workers = kwargs["num_workers"]
    address, gpus, runtime_env = kwargs["address"], kwargs["gpus_per_worker"], kwargs["runtime_env"]
    _check_local(
        executor, num_workers=workers, address=address, gpus_per_worker=gpus, runtime_env=runtime_env
    )
    source = MonolingualSource(inputs)
    filters = load_filter_config(kwargs["config_path"])
    spec = TranslatorSpec(_translator_options(opts), cache=not opts["no_cache"])
    if executor == "ray":
        threads = opts["threads"] or 1  # each worker reserves the CPUs its translator uses
        runner = _ray_executor(
            functools.partial(translation_executor, spec, filters, threads=threads),
            address=address,
            workers=workers,
            gpus=gpus,
            runtime_env=runtime_env,
            cpus=threads,
        )
        # Recorded from a worker: the model the workers load (device, compute type), not a copy loaded here.
        metadata = runner.call(functools.partial(describe_translator, spec, threads=threads))
    else:
        translator = spec.build(progress=False if opts["quiet"] else None)
        runner = TranslationExecutor(translator, filters)
        metadata = translator_metadata(translator, opts["model"])
    try:
        result = build_corpus(
            source,
            kwargs["out"],
            runner,
            filters=filters,
            settings=metadata,
            shard_size=kwargs["shard_size"],
            gzip=kwargs["gzip"],
            write_dropped=kwargs["write_dropped"],
            keep_shards=kwargs["keep_shards"],
            overwrite=kwargs["overwrite"],
            progress=False if opts["quiet"] else None,
            metadata=metadata,
        )
    finally:
        runner.close()
    _report(result)


def _engine_as_executor(opts: dict, executor: str) -> str:
    """``--engine ray`` (the spelling ``corpus build`` shares): run on Ray with the auto translation engine."""
    from click.core import ParameterSource

    from lintas.translate.errors import InputError

    if opts["engine"] != "ray":
        return executor
    given = click.get_current_context().get_parameter_source("executor") == ParameterSource.COMMANDLINE
    if given and executor != "ray":
        raise InputError(f"--engine ray and --executor {executor} contradict each other; give one of them")
    opts["engine"] = "auto"
    return "ray"


def _translator_options(opts: dict) -> dict:
    """The :class:`~lintas.translate.translator.Translator` keyword arguments of the translation options."""
    names = ("model", "engine", "device", "threads", "compute_type", "beam_size", "batch_size")
    names += ("max_batch_tokens", "max_input_tokens", "max_output_tokens", "fixed_output_tokens")
    return {name: opts[name] for name in names}


_with_exit_codes(corpus_translate)
