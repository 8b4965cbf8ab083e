"""Documents into Ray Data: the feeder and the datasource of the Ray executor (:mod:`lintas.translate.corpus.ray_engine`).

The build's documents are read by its own :class:`~lintas.translate.corpus.sources.Source` in one place, a
:class:`Feeder` actor pinned to the driver's machine, and reach the cluster through Ray's object store: one read
task per block of documents asks the feeder for its block. So the input needs no shared file system, and every
document keeps the position, id and skip reason the local engine gives it.

A block stays with the feeder until the driver has written the results of its documents, so a read task that Ray
retries (after a lost node, say) gets the same documents again. Documents travel as JSON strings, one Arrow
column, whatever their sides hold (a text, or a list of segments).
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from lintas.translate.corpus.sources import Source, SourceDoc

__all__ = ["Feeder", "ListSource", "datasource", "decode", "encode"]


def encode(doc: SourceDoc) -> str:
    """A document as the one string its Arrow row holds."""
    return json.dumps(asdict(doc), ensure_ascii=False)


def decode(line: str) -> SourceDoc:
    """The document :func:`encode` made the string of (on the worker)."""
    return SourceDoc(**json.loads(line))


class Feeder:
    """Reads the build's source on the driver's machine and hands it out a block at a time.

    Blocks are read in order, however the read tasks ask for them, and each is kept until the driver has written
    its results (:meth:`release`), so a read task that is retried gets the same documents again.

    Args:
        source: the build's documents.
        start: the first position to read (documents before it are in finished shards).
        sizes: documents in each block, in order.
    """

    def __init__(self, source: Source, start: int, sizes: list[int]) -> None:
        self._docs = source.documents(start=start)
        self._sizes = sizes
        self._ends = list(itertools.accumulate(sizes))
        self._read = 0
        self._released = 0
        self._held: dict[int, list[str]] = {}
        self._short = 0

    def block(self, k: int) -> list[str]:
        if k < self._released:
            raise RuntimeError(f"block {k} was asked for after its results were written")
        while self._read <= k:
            block = [encode(d) for d in itertools.islice(self._docs, self._sizes[self._read])]
            self._short += self._sizes[self._read] - len(block)
            self._held[self._read] = block
            self._read += 1
        return self._held[k]

    def release(self, done: int) -> None:
        """The first ``done`` documents are in shards: forget the blocks that hold only those."""
        while self._released < len(self._ends) and self._ends[self._released] <= done:
            self._held.pop(self._released, None)
            self._released += 1

    def changed(self) -> bool:
        """True when the source did not hold the documents it was counted to hold (it changed during the build)."""
        return self._short > 0 or next(self._docs, None) is not None


def _read_block(feeder, k: int, first: int) -> list:
    """A read task: block ``k`` from the feeder, as an Arrow table of (position, encoded document)."""
    import pyarrow as pa
    import ray

    docs = ray.get(feeder.block.remote(k))
    return [pa.table({"pos": pa.array(range(first, first + len(docs)), pa.int64()), "doc": docs})]


def datasource(feeder, sizes: list[int]):
    """A Ray Data source of the feeder's blocks: one read task per block of documents."""
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class ShardDatasource(Datasource):
        def estimate_inmemory_data_size(self) -> int | None:
            return None

        def get_read_tasks(self, parallelism: int, per_task_row_limit=None, data_context=None) -> list:
            tasks, first = [], 0
            for k, n in enumerate(sizes):
                meta = BlockMetadata(num_rows=n, size_bytes=None, input_files=None, exec_stats=None)
                tasks.append(ReadTask(functools.partial(_read_block, feeder, k, first), meta))
                first += n
            return tasks

    return ShardDatasource()


class ListSource(Source):
    """Documents already in memory (:meth:`~lintas.translate.corpus.ray_engine.RayExecutor.map`)."""

    def __init__(self, docs: list[SourceDoc]) -> None:
        self.docs = docs
        self.size = len(docs)

    def documents(self, start: int = 0) -> Iterator[SourceDoc]:
        return iter(self.docs[start:])

    def describe(self) -> dict[str, Any]:
        return {"documents": len(self.docs)}
