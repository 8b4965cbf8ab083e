"""The merge: finished shards in, deduplicated corpus files and statistics out.

This is the only step that sees the whole corpus, and it runs once, in one process, reading the shards in
document order. Deduplication lives here (whether a pair was seen before depends on every document before it),
and so does every count in ``stats.json``. Because the merge reads nothing but shards, the final files are the
same however the shards were made: one process or many, one run or a resumed one, this machine or a Ray cluster.

Memory is flat: one document's result is in memory at a time; what grows is the deduplication tables.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip as gzip_module
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from lintas.translate import __version__
from lintas.translate.bitext import MosesWriter, TmxWriter, TsvWriter, segment_text
from lintas.translate.corpus.config import FilterConfig
from lintas.translate.corpus.manifest import ShardStore
from lintas.translate.corpus.records import CorpusRecord, DocResult
from lintas.translate.corpus.stats import CorpusStats
from lintas.translate.errors import OutputError

__all__ = [
    "STATS_NAMES",
    "STEM",
    "every_output_name",
    "merge_shards",
    "output_names",
    "synthetic_labels",
    "write_stats",
]

#: Stem of the final files (``corpus.id``, ``corpus.tsv``...).
STEM = "corpus"
#: The statistics files every build writes next to the corpus files.
STATS_NAMES = ("stats.json", "stats.md")


def output_names(
    *, src_lang: str = "id", tgt_lang: str = "en", gzip: bool = False, dropped: bool = False
) -> list[str]:
    """The corpus files a build writes in its output folder (``stats.json`` and ``stats.md`` come on top)."""
    names = [f"{STEM}.{src_lang}", f"{STEM}.{tgt_lang}", f"{STEM}.tsv", f"{STEM}.jsonl", f"{STEM}.tmx"]
    if dropped:
        names.append("dropped.jsonl")
    return [f"{n}.gz" if gzip else n for n in names]


def every_output_name(*, src_lang: str = "id", tgt_lang: str = "en") -> list[str]:
    """Every final file a build may write, whatever its output options: plain and ``.gz`` corpus files,
    ``dropped.jsonl`` in both, and the statistics.

    The folder guard and ``--overwrite`` look at all of them, not just the ones this build writes: a corpus written
    with ``--gzip`` is as much another build as a plain one, and a rebuild must not leave it behind.
    """
    names = output_names(src_lang=src_lang, tgt_lang=tgt_lang, dropped=True)
    return [*names, *(f"{n}.gz" for n in names), *STATS_NAMES]


def synthetic_labels(metadata: dict[str, Any] | None) -> tuple[dict[str, str], dict[str, Any]]:
    """TMX header props and ``corpus.jsonl`` fields that mark machine-translated pairs (none for aligned ones).

    Synthetic data must never pass for human translation once it leaves the folder, so the model is named in
    the TMX header and on every JSONL line.
    """
    if not metadata or not metadata.get("model"):
        return {}, {}
    props = {"x-mt-model": str(metadata["model"]), "x-mt-engine": str(metadata.get("engine", ""))}
    return props, {"mt_model": str(metadata["model"])}


@contextlib.contextmanager
def _text_file(path: Path, *, gzip: bool) -> Iterator[TextIO]:
    """A UTF-8 text stream written atomically to ``path``; gzip without timestamp or name (reproducible bytes)."""
    from lintas.translate.io import atomic_writer

    with atomic_writer(path, "wb") as raw:
        if gzip:
            gz = gzip_module.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            packed = io.TextIOWrapper(gz, encoding="utf-8", newline="")
            yield packed
            packed.close()  # closes the gzip member, not the file under it
        else:
            stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            yield stream
            stream.flush()
            stream.detach()  # the atomic writer flushes, syncs and renames the file itself


def _as_written(record: CorpusRecord) -> CorpusRecord:
    """``record`` with its texts as every output format writes them (:func:`segment_text`).

    Done before deduplication, so that two pairs that differ only in a tab or a carriage return (and would read
    the same in every file) count as one.
    """
    src, tgt = segment_text(record.src_text), segment_text(record.tgt_text)
    if (src, tgt) == (record.src_text, record.tgt_text):
        return record
    return dataclasses.replace(record, src_text=src, tgt_text=tgt)


def _jsonl_line(record: CorpusRecord, passed: Sequence[str], extra: dict[str, Any]) -> str:
    obj = {
        "id": record.doc_id,
        "src": list(record.src),
        "tgt": list(record.tgt),
        "score": record.score,
        "src_text": record.src_text,
        "tgt_text": record.tgt_text,
        "passed": list(passed),
        "filters": record.scores,
        **extra,
    }
    return json.dumps(obj, ensure_ascii=False) + "\n"


def merge_shards(
    store: ShardStore,
    out_dir: Path,
    filters: FilterConfig,
    *,
    gzip: bool = False,
    write_dropped: bool = False,
    src_lang: str = "id",
    tgt_lang: str = "en",
    created: str,
    tmx_props: dict[str, str] | None = None,
    record_extra: dict[str, Any] | None = None,
) -> CorpusStats:
    """Read the finished shards in order, deduplicate, and write the final files (each atomically).

    Deduplication happens here, over the whole corpus in document order, so it is the same however the
    documents were split into shards or processes, and however often the build was resumed.

    Raises:
        OutputError: a final file cannot be written.
    """
    pair_names = [f.NAME for f in filters.pair_filters()]
    dedup = filters.dedup_filters()
    stats = CorpusStats(pair_names, [d.NAME for d in dedup])
    names = output_names(src_lang=src_lang, tgt_lang=tgt_lang, gzip=gzip, dropped=write_dropped)
    extra = dict(record_extra or {})
    try:
        with contextlib.ExitStack() as stack:
            streams = [stack.enter_context(_text_file(out_dir / name, gzip=gzip)) for name in names]
            moses = MosesWriter(streams[0:2], src_lang=src_lang, tgt_lang=tgt_lang)
            tsv = TsvWriter(streams[2:3], src_lang=src_lang, tgt_lang=tgt_lang)
            tmx = TmxWriter(
                streams[4:5], src_lang=src_lang, tgt_lang=tgt_lang, creation_date=created, props=tmx_props
            )
            jsonl, dropped = streams[3], (streams[5] if write_dropped else None)
            tmx.open()
            jsonl_count = dropped_count = 0
            for line in store.read():
                result = DocResult.from_json(line)
                stats.add_document(result)
                for rec in map(_as_written, result.records):
                    by = rec.failed[0] if rec.failed else None
                    failed = list(rec.failed)
                    if by is None:
                        for d in dedup:
                            if not d.first_time(rec.src_text, rec.tgt_text):
                                by = d.NAME
                                failed = [d.NAME]
                                break
                    if by is not None:
                        stats.add_dropped(by)
                        if dropped is not None:
                            passed = [n for n in pair_names if n not in failed]
                            dropped.write(
                                _jsonl_line(rec, passed, {**extra, "failed": failed, "dropped_by": by})
                            )
                            dropped_count += 1
                        continue
                    stats.add_kept(rec.src_text, rec.tgt_text)
                    bitext = rec.bitext()
                    moses.write(bitext)
                    tsv.write(bitext)
                    tmx.write(bitext)
                    jsonl.write(_jsonl_line(rec, [*pair_names, *stats.dedup_filters], extra))
                    jsonl_count += 1
            tmx.close()
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the corpus files ({exc.strerror or exc})") from None
    counts = [moses.count, moses.count, tsv.count, jsonl_count, tmx.count] + (
        [dropped_count] if write_dropped else []
    )
    stats.outputs = dict(zip(names, counts, strict=True))
    return stats


def write_stats(
    out: Path,
    stats: CorpusStats,
    filters: FilterConfig,
    described: dict[str, Any],
    created: str,
    metadata: dict[str, Any] | None,
) -> dict[str, Any]:
    """Write ``stats.json`` and ``stats.md`` (atomically); return what ``stats.json`` holds.

    Nothing here names the executor or the time taken: statistics describe the corpus, and the same corpus must
    give the same bytes however it was built.
    """
    from lintas.translate.io import write_text

    kind = "synthetic" if described["kind"] == "monolingual" else "aligned"
    meta = {
        "lintas": __version__,
        "kind": kind,
        "created": created,
        "input": described["input"],
        "settings": described["settings"],
        **({"metadata": metadata} if metadata else {}),
    }
    data = stats.as_dict(meta=meta, filter_options=filters.resolved())
    write_text(out / "stats.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    lines = [f"built by lintas {__version__} ({kind} pairs), created {created}"]
    if metadata and metadata.get("model"):
        lines.append(f"machine translation: model `{metadata['model']}`, engine {metadata.get('engine')}")
    write_text(out / "stats.md", stats.to_markdown(meta_lines=lines))
    return data
