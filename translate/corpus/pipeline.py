"""The corpus builder: documents in, a clean parallel corpus out.

``segment -> align -> filter`` is the per-document work, a pure function of one document pair
(:mod:`lintas.translate.corpus.work`). ``deduplicate -> write`` needs the whole corpus in order and runs once, when the
shards are merged (:mod:`lintas.translate.corpus.merge`). Between the two sit the shards and the manifest
(:mod:`lintas.translate.corpus.manifest`), which make a build resumable.

Three pieces are kept apart so each can be swapped:

* an *executor* (:mod:`lintas.translate.corpus.executors`) turns documents into results, in input order: in this
  process, over the cores of one machine, or on a Ray cluster (:mod:`lintas.translate.corpus.ray_engine`);
* the *shard store* records finished work;
* :func:`build_corpus` drives them: documents in input order, a shard at a time, then the merge.

Memory stays flat: one shard of results is in memory at a time, the merge streams one document at a time, and
the only structures that grow with the corpus are the deduplication tables (16 to 32 bytes per distinct pair each).

The names other modules and tests import from here (``DocResult``, ``SerialExecutor``...) are re-exported.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintas.translate import __version__
from lintas.translate.bitext import creation_date
from lintas.translate.corpus.config import FilterConfig
from lintas.translate.corpus.executors import (
    Executor,
    ProcessExecutor,
    SerialExecutor,
    TranslationExecutor,
    TranslatorSpec,
    translation_executor,
)
from lintas.translate.corpus.manifest import (
    DEFAULT_SHARD_SIZE,
    Manifest,
    ShardStore,
    fingerprint,
    remove_temp_files,
)
from lintas.translate.corpus.merge import (
    STATS_NAMES,
    STEM,
    every_output_name,
    merge_shards,
    output_names,
    synthetic_labels,
    write_stats,
)
from lintas.translate.corpus.records import CorpusRecord, DocResult
from lintas.translate.corpus.sources import Source
from lintas.translate.corpus.work import AlignSettings, DocumentProcessor, make_aligner, process_document
from lintas.translate.errors import OutputError

logger = logging.getLogger("lintas")

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "STEM",
    "AlignSettings",
    "BuildResult",
    "CorpusRecord",
    "DocResult",
    "DocumentProcessor",
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "TranslationExecutor",
    "TranslatorSpec",
    "build_corpus",
    "make_aligner",
    "merge_shards",
    "output_names",
    "process_document",
    "translation_executor",
]


# ---------------------------------------------------------------------------------------------- the build
@dataclass
class BuildResult:
    """What a build did.

    Attributes:
        out_dir: the output folder.
        stats: the content of ``stats.json``.
        files: the files written (names inside ``out_dir``).
        resumed_from: documents found done in an earlier, interrupted run (0 for a fresh build).
        already_built: the folder already held this exact build; nothing was done.
    """

    out_dir: Path
    stats: dict[str, Any]
    files: list[str]
    resumed_from: int = 0
    already_built: bool = False

    @property
    def skipped(self) -> int:
        """Documents skipped (bad input); the CLI's exit code is 1 when this is not 0."""
        return int(self.stats["documents"]["skipped"])

    def summary(self) -> str:
        """One line: what was written, how many pairs were kept, and where the statistics are."""
        docs, pairs = self.stats["documents"], self.stats["pairs"]
        verb = "already holds" if self.already_built else "wrote"
        return (
            f"{verb} {self.out_dir}: {pairs['kept']} pairs kept of {pairs['candidates']} candidates from "
            f"{docs['total']} documents ({docs['skipped']} skipped); see {self.out_dir / 'stats.md'}"
        )


def build_corpus(
    source: Source,
    out_dir: str | os.PathLike[str],
    executor: Executor,
    *,
    filters: FilterConfig | None = None,
    settings: dict[str, Any] | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    gzip: bool = False,
    write_dropped: bool = False,
    keep_shards: bool = False,
    overwrite: bool = False,
    progress: bool | None = None,
    src_lang: str = "id",
    tgt_lang: str = "en",
    metadata: dict[str, Any] | None = None,
) -> BuildResult:
    """Build (or finish building) a corpus from ``source`` into ``out_dir``.

    Args:
        source: the documents.
        out_dir: output folder (created if missing).
        executor: does the per-document work (see :class:`Executor`).
        filters: filter config (default: every filter with its defaults).
        settings: everything else that changes the output (aligner or translator settings); fingerprinted.
        shard_size: documents per shard.
        gzip: write the corpus files gzip-compressed (``corpus.tsv.gz``...).
        write_dropped: also write ``dropped.jsonl``: every dropped pair with the filters it failed.
        keep_shards: keep ``shards/`` after the merge.
        overwrite: discard whatever build the folder holds and start again.
        progress: a progress bar on stderr (None: when stderr is a terminal).
        src_lang: source language code (Moses suffix, TMX).
        tgt_lang: target language code.
        metadata: recorded in ``stats.json`` (``corpus translate`` records the model here).

    Raises:
        OutputError: the folder holds another build (or other corpus files) and ``overwrite`` is not set; a file
            cannot be written.
    """
    from lintas.translate.progress import progress_bar

    filters = filters or FilterConfig()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--output {out}: is a file; give a folder for the corpus")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--output {out}: cannot be created ({exc.strerror or exc})") from None
    names = output_names(src_lang=src_lang, tgt_lang=tgt_lang, gzip=gzip, dropped=write_dropped)
    described = {
        "lintas": __version__,
        "kind": source.kind,
        "input": source.describe(),
        "settings": settings or {},
        "filters": filters.resolved(),
        "languages": [src_lang, tgt_lang],
        "outputs": {"gzip": gzip, "write_dropped": write_dropped},
    }
    store = ShardStore(out)
    manifest = _open_store(store, described, names, overwrite=overwrite, shard_size=shard_size)
    if manifest is None:
        logger.info("%s already holds this build; nothing to do (add --overwrite to build it again)", out)
        stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
        return BuildResult(out, stats, [*names, *STATS_NAMES], 0, already_built=True)
    resumed = manifest.documents_done
    if resumed:
        logger.warning("resuming the build in %s: %d documents were already done", out, resumed)

    if not manifest.input_done:
        total: int | None = getattr(source, "size", None)
        with (
            executor,
            progress_bar(total=total, unit="doc", enabled=progress, desc="documents") as bar,
        ):
            bar.update(manifest.documents_done)
            for results in executor.shards(source, manifest.documents_done, shard_size):
                first = manifest.documents_done
                if [r.index for r in results] != list(range(first, first + len(results))):
                    raise RuntimeError(f"the executor returned a shard out of order at document {first}")
                for r in results:
                    if r.skipped is not None:
                        logger.warning("skipped document %r: %s", r.doc_id, r.skipped)
                store.write_shard(first, len(results), (r.to_json() for r in results))
                bar.update(len(results))
        store.finish_input()

    props, extra = synthetic_labels(metadata)
    stats = merge_shards(
        store, out, filters, gzip=gzip, write_dropped=write_dropped, src_lang=src_lang, tgt_lang=tgt_lang,
        created=manifest.created, tmx_props=props, record_extra=extra,
    )  # fmt: skip
    data = write_stats(out, stats, filters, described, manifest.created, metadata)
    store.finish(keep_shards=keep_shards)
    return BuildResult(out, data, [*names, *STATS_NAMES], resumed)


def _open_store(
    store: ShardStore, described: dict[str, Any], names: list[str], *, overwrite: bool, shard_size: int
) -> Manifest | None:
    """The manifest to work with: resumed, or fresh; ``None`` when the folder already holds this exact build.

    A fresh build in a folder that is ours (``overwrite``, or an earlier build's manifest) first removes every
    file an earlier build may have left, in any format; a resumed one removes the temporary files of a write that
    was killed. Nothing else in the folder is touched.

    Raises:
        OutputError: the folder holds another build, or corpus files without a manifest (unless ``overwrite``);
            a name the build writes is taken by a folder (or ``shards`` by a file).
    """
    out = store.out_dir
    finals = every_output_name(src_lang=described["languages"][0], tgt_lang=described["languages"][1])
    store.check_layout()
    _check_files(out, finals)
    digest = fingerprint(described)
    manifest = None if overwrite else store.load()
    if manifest is not None and manifest.fingerprint != digest:
        raise OutputError(_other_build(out, manifest, described))
    ours = overwrite or manifest is not None
    if manifest is not None and manifest.complete:
        if all((out / n).is_file() for n in [*names, "stats.json"]):
            return None
        if not store.shard_dir.is_dir():
            manifest = None  # some final files are gone, and so are the shards: build again
    if manifest is not None:
        _remove_temp_outputs(out, finals)
        return store.resume(manifest)
    if ours:
        _remove_outputs(out, [*finals, *_earlier_names(store)])
    else:
        _refuse_foreign(out, finals)
    _remove_temp_outputs(out, finals)
    return store.start(digest, described, shard_size, creation_date())


def _other_build(out: Path, manifest: Manifest, described: dict[str, Any]) -> str:
    """Why the folder's build is not this one: other output options only, or other inputs or settings."""
    state = "a finished" if manifest.complete else "an unfinished"
    old = {k: v for k, v in manifest.settings.items() if k != "outputs"}
    new = {k: v for k, v in described.items() if k != "outputs"}
    if fingerprint(old) == fingerprint(new):
        what = "written with other output options (--gzip, --write-dropped)"
    else:
        what = "of other inputs or settings"
    return (
        f"--output {out}: holds {state} build {what}; add --overwrite to replace it, or choose another folder"
    )


def _check_files(out: Path, finals: list[str]) -> None:
    """Refuse a folder where a final file's name is taken by a folder: it could never be written, and it is not
    the build's to remove; failing now beats failing after all the work, at the merge."""
    for name in finals:
        path = out / name
        if path.is_dir():
            raise OutputError(
                f"--output {out}: {path} is a folder, but the build writes a file of that name; move it away or "
                "choose another folder"
            )


def _refuse_foreign(out: Path, finals: list[str]) -> None:
    """Refuse to write into a folder that holds corpus files (any format, ``.gz`` or not) without a manifest."""
    for name in finals:
        if (out / name).exists() or (out / name).is_symlink():
            raise OutputError(
                f"--output {out}: already holds {name} from another build; add --overwrite to replace it, "
                "or choose another folder"
            )


def _earlier_names(store: ShardStore) -> list[str]:
    """The final files of the build the folder's manifest describes, if its languages differ from this build's
    (best effort: a damaged manifest is being replaced anyway)."""
    try:
        manifest = store.load()
    except OutputError:
        return []
    languages = manifest.settings.get("languages") if manifest is not None else None
    if not (
        isinstance(languages, list) and len(languages) == 2 and all(isinstance(x, str) for x in languages)
    ):
        return []
    return every_output_name(src_lang=languages[0], tgt_lang=languages[1])


def _remove_outputs(out: Path, finals: list[str]) -> None:
    """Remove the final files an earlier build wrote (every format, so none survives next to the new ones).

    Raises:
        OutputError: a file cannot be removed.
    """
    for name in dict.fromkeys(finals):
        path = out / name
        if path.is_file() or path.is_symlink():
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise OutputError(f"{path}: cannot be removed ({exc.strerror or exc})") from None


def _remove_temp_outputs(out: Path, finals: list[str]) -> None:
    """Remove the temporary files a kill during the merge left for the final files."""
    remove_temp_files(out, "|".join(re.escape(n) for n in finals))
