"""The Ray executor: the per-document work of a corpus build on a Ray cluster (``--executor ray``).

The build stays what it is on one machine: documents in input order, results written a shard at a time to
``DIR/shards/`` with the manifest, the merge and the statistics run once by this process
(:mod:`lintas.translate.corpus.pipeline`). Only the per-document work moves, onto Ray Data:

``read`` (a :class:`~ray.data.Datasource`: one read task per block of documents)
-> ``map_batches`` (a callable class: each actor builds its aligner and lexicon, or loads its translation model,
once, then takes one block per call: :data:`ALIGN_BATCH` documents to align, or a whole shard to translate)
-> results streamed back *in input order* (``preserve_order``).

The documents come from the build's own :class:`~lintas.translate.corpus.sources.Source`, read by a feeder actor on
this machine (:mod:`lintas.translate.corpus.ray_feed`), so every document has exactly the position, id and skip reason the
local engine gives it. That is why the shards, and so every output file, are byte for byte those of
``--executor local`` -- and why a build started on one engine can be resumed on the other.

Faults: an actor that dies (killed, out of memory, its node lost) is restarted and its batches are retried
(``max_restarts``/``max_task_retries``); the feeder keeps each block until its results are in a shard. Results
carry their position; this process checks that every position arrives exactly once, so nothing is lost or
written twice.

Ray is optional (``pip install 'lintas[ray]'``); nothing here imports it at module level.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lintas.translate.corpus.executors import Executor
from lintas.translate.corpus.ray_feed import Feeder, ListSource, datasource, decode
from lintas.translate.corpus.records import DocResult, EncodedResult
from lintas.translate.corpus.sources import Source, SourceDoc
from lintas.translate.errors import EngineNotInstalledError, InputError, LintasError
from lintas.translate.parallelism import available_cores, bounded

logger = logging.getLogger("lintas")

__all__ = ["ALIGN_BATCH", "INSTALL_HINT", "RayExecutor", "RayOptions", "require_ray"]

INSTALL_HINT = "pip install 'lintas[ray]'"
#: Documents per actor call when aligning: about half a second of work, small enough that every worker stays
#: busy to the end of the input (translation takes whole shards instead; see :attr:`RayOptions.batch_size`).
ALIGN_BATCH = 50
#: Read tasks at once: each only fetches a block from the feeder, so two keep any number of actors fed.
READ_TASKS = 2


def require_ray(*, local: bool = False):
    """Import Ray (and Ray Data), or say in one line how to install it.

    Args:
        local: a local instance will be started (it sends no usage statistics).

    Raises:
        EngineNotInstalledError: Ray or Ray Data is not installed.
    """
    if local:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # a local run reports nothing anywhere
    if "ray" not in sys.modules and (local or _has_auth_token()):
        # Token authentication on, said before Ray reads its settings at import. A local instance: Ray then
        # does not print a notice that it turned it on by itself. A cluster: `ray start` (Ray 2.59 and later)
        # turns it on, and a driver without it is refused; a token-mode driver also joins a cluster without.
        os.environ.setdefault("RAY_AUTH_MODE", "token")
    try:
        import ray
        import ray.data  # noqa: F401 - the extra that brings pyarrow and pandas
    except ImportError:
        raise EngineNotInstalledError(
            f"--executor ray needs Ray Data, which is not installed; {INSTALL_HINT} (or pip install 'ray[data]')"
        ) from None
    return ray


def _has_auth_token() -> bool:
    """Whether a Ray token is at hand where Ray looks for one (environment, then ``~/.ray/auth_token``)."""
    if os.environ.get("RAY_AUTH_TOKEN") or os.environ.get("RAY_AUTH_TOKEN_PATH"):
        return True
    return os.path.isfile(os.path.join(os.path.expanduser("~"), ".ray", "auth_token"))


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide the Ray executor runs.

    Attributes:
        address: a running cluster (``auto``, ``HOST:6379``, ``ray://HOST:10001``); None starts a local instance
            for the run, on the loopback interface, and stops it at the end.
        num_workers: actors doing the work (None: as many as the cluster's CPUs, or GPUs, hold).
        cpus_per_worker: CPUs each actor reserves (a translator's threads).
        gpus_per_worker: GPUs each actor reserves (a fraction shares one GPU between actors).
        runtime_env: a Ray runtime environment for every task and actor of the run (``pip``, ``env_vars``,
            ``working_dir``...).
        batch_size: documents per actor call; None: a whole shard. Translation needs whole shards (a shard is
            one translator call locally too, so the batches, and the output, are the same); alignment is per
            document, and smaller batches keep every worker busy to the end.
    """

    address: str | None = None
    num_workers: int | None = None
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0
    runtime_env: dict[str, Any] | None = None
    batch_size: int | None = None


# ---------------------------------------------------------------------------------------------- the work
class _Worker:
    """The callable class of ``map_batches``: builds its executor once per actor, then maps one batch per call.

    A subclass per run carries the factory as a class attribute (``_factory``), so Ray needs no constructor
    arguments in its object store to restart a dead actor.
    """

    _factory: tuple[Callable[[], Executor]] = ()  # type: ignore[assignment]

    def __init__(self) -> None:
        (factory,) = type(self)._factory
        self.executor = factory()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        results = [EncodedResult.of(r) for r in self.executor.map([decode(str(x)) for x in batch["doc"]])]
        return {
            "pos": batch["pos"],
            "meta": np.array([json.dumps([r.index, r.doc_id, r.skipped]) for r in results], dtype=object),
            "result": np.array([r.line for r in results], dtype=object),
        }


def _call(fn: Callable[[], Any]) -> Any:
    return fn()


def _lintas_error(exc: BaseException | None) -> LintasError | None:
    """The user-facing error inside a Ray error (a model that cannot load on a worker...), if there is one.

    Ray re-raises a task's exception as a ``RayTaskError`` that is also an instance of the original class, with
    the remote traceback as its message; the original, with its one-line message, is its ``cause``.
    """
    for _ in range(8):
        if exc is None:
            return None
        cause = getattr(exc, "cause", None)
        if isinstance(cause, BaseException) and cause is not exc:
            exc = cause
            continue
        if isinstance(exc, LintasError):
            return exc
        exc = exc.__cause__
    return None


# -------------------------------------------------------------------------------------------- executor
def _check_reachable(address: str, timeout: float = 10.0) -> None:
    """Fail in one line when nothing listens at ``HOST:PORT`` (Ray itself retries such an address for ever).

    Raises:
        InputError: the address names a host and port where no connection can be opened.
    """
    import socket

    target = address.removeprefix("ray://")
    host, sep, port = target.rpartition(":")
    if not sep or not port.isdigit() or not host:
        return  # "auto", or a form Ray resolves itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as conn:
            speaks_grpc = _answers_http2(conn)
    except OSError as exc:
        raise InputError(
            f"--address {address}: no Ray cluster answers there ({exc.strerror or exc}); start one with "
            "`ray start --head`, check the address, or leave --address out to start a local instance"
        ) from None
    if not speaks_grpc:
        raise InputError(
            f"--address {address}: something answers there, but not a Ray cluster (Ray's head listens with gRPC "
            "on port 6379, Ray Client on 10001); check the address"
        )


#: What an HTTP/2 client sends first: the connection preface and an empty SETTINGS frame.
_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def _answers_http2(conn) -> bool:
    """Whether the server on ``conn`` speaks HTTP/2, as Ray's gRPC services do: its first frame is SETTINGS.

    Ray itself would retry a web server or a database at that port for minutes, printing connection errors.
    """
    conn.sendall(_HTTP2_PREFACE)
    head = b""
    while len(head) < 9:
        chunk = conn.recv(9 - len(head))
        if not chunk:
            break
        head += chunk
    return len(head) == 9 and head[3] == 0x04  # frame type 4: SETTINGS


class RayExecutor(Executor):
    """Runs the per-document work on Ray Data actors (``--executor ray``).

    Args:
        factory: builds one actor's executor (``functools.partial(SerialExecutor, processor_factory)`` for
            alignment, :func:`~lintas.translate.corpus.executors.translation_executor` for translation). It must pickle,
            and it runs on the actors, once each.
        options: cluster address and worker resources.

    Raises:
        EngineNotInstalledError: Ray is not installed.
        InputError: ``options.address`` names a host and port where nothing answers.
    """

    def __init__(self, factory: Callable[[], Executor], options: RayOptions | None = None) -> None:
        self.factory = factory
        self.options = options or RayOptions()
        self.ray = require_ray(local=self.options.address is None)
        if self.options.address:
            _check_reachable(self.options.address)
        self._owns_ray = False
        self.num_workers = self.options.num_workers

    # ------------------------------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Connect to the cluster (or start the local instance) and settle the number of workers."""
        ray = self.ray
        opts = self.options
        if not sys.stderr.isatty():  # workers' log lines reach a pipe or a file without terminal colour codes
            os.environ.setdefault("RAY_COLOR_PREFIX", "0")
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "include_dashboard": False}
            if opts.address is None:
                if opts.num_workers:  # a local instance is this machine: its workers share its cores
                    self.num_workers = bounded(opts.num_workers, "Ray workers")
                need = math.ceil((self.num_workers or 0) * opts.cpus_per_worker)
                kwargs.update(
                    address="local", num_cpus=max(available_cores(), need), _node_ip_address="127.0.0.1"
                )
                self._loopback_only(True)
            else:
                kwargs["address"] = opts.address
            try:
                ray.init(**kwargs)
            except ConnectionError as exc:
                raise InputError(
                    f"--address {opts.address}: cannot connect to a Ray cluster ({exc}); check the address (a "
                    "cluster with token authentication also needs its token: RAY_AUTH_TOKEN, or `ray "
                    "get-auth-token` on the head node into ~/.ray/auth_token), or leave --address out to start a "
                    "local instance"
                ) from None
            self._owns_ray = True
        if not logger.isEnabledFor(logging.INFO):  # lintas -v shows Ray Data's own progress lines
            logging.getLogger("ray.data").setLevel(logging.WARNING)
            # ... and not its notice that its progress bars are off (the build has its own).
            logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
        resources = ray.cluster_resources()
        if opts.gpus_per_worker > 0:
            fits = int(resources.get("GPU", 0) // opts.gpus_per_worker)
            if fits == 0 and opts.address is None:
                raise InputError(
                    f"--gpus-per-worker {opts.gpus_per_worker:g}: this machine has no GPU Ray can use; "
                    "leave --gpus-per-worker out, or give --address of a cluster with GPU nodes"
                )
        else:
            fits = int(resources.get("CPU", 1) // opts.cpus_per_worker)
        self.num_workers = self.num_workers or max(1, fits)
        if self.num_workers > max(1, fits):
            logger.warning(
                "%d Ray workers asked for, but the cluster holds %d now: the others wait for resources",
                self.num_workers,
                fits,
            )
        logger.info(
            "Ray: %d workers of %g CPU, %g GPU each",
            self.num_workers,
            opts.cpus_per_worker,
            opts.gpus_per_worker,
        )

    def close(self, *, abort: bool = False) -> None:
        if self._owns_ray and self.ray.is_initialized():
            self.ray.shutdown()
        self._owns_ray = False
        self._loopback_only(False)

    def _loopback_only(self, on: bool) -> None:
        """Keep a local instance on 127.0.0.1: a one-machine run must not listen on the network.

        On Linux Ray resolves ``127.0.0.1`` to the machine's network address unless ``ENABLE_RAY_CLUSTER`` (read
        from ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER`` at import, consulted when the node address is chosen) is off.
        The previous value comes back at :meth:`close`, so a later connection to a real cluster from this
        process advertises its real address again.
        """
        from ray._private import ray_constants

        if on:
            self._cluster_flag = getattr(ray_constants, "ENABLE_RAY_CLUSTER", None)
            ray_constants.ENABLE_RAY_CLUSTER = False
        elif getattr(self, "_cluster_flag", None) is not None:
            ray_constants.ENABLE_RAY_CLUSTER = self._cluster_flag
            self._cluster_flag = None

    # ----------------------------------------------------------------------------------------------- work
    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` once in a task with a worker's resources (what a worker sees: its GPU, its model cache).

        ``corpus translate`` asks a worker to describe its translator, so the metadata recorded is that of the
        model the workers load, not of a copy loaded here.
        """
        if not self.ray.is_initialized():
            self.start()
        opts = self.options
        remote = self.ray.remote(
            num_cpus=opts.cpus_per_worker, num_gpus=opts.gpus_per_worker, runtime_env=opts.runtime_env
        )(_call)
        try:
            return self.ray.get(remote.remote(fn))
        except Exception as exc:
            error = _lintas_error(exc)
            if error is not None:
                raise error from None
            raise

    def map(self, docs: list[SourceDoc]) -> list[DocResult]:
        """Process one list of documents (actors are started for the call: use :meth:`shards` for a build)."""
        out: list[DocResult] = []
        for shard in self.shards(ListSource(docs), 0, max(1, len(docs))):
            out.extend(DocResult.from_json(r.line) for r in shard)
        return out

    def shards(self, source: Source, start: int, shard_size: int) -> Iterator[list[EncodedResult]]:
        """Stream the documents of ``source`` from ``start`` through the actors; results a shard at a time, in order.

        Results come back in their shard form (:class:`~lintas.translate.corpus.records.EncodedResult`): the driver
        writes them without parsing them.

        Raises:
            InputError: the input changed while it was read (its document count moved); the shards written so
                far stay, but a rerun sees other inputs and asks for ``--overwrite``.
            RuntimeError: a position arrived twice or never (a bug: it would lose or duplicate documents).
        """
        if not self.ray.is_initialized():
            self.start()
        remaining = source.count() - start
        if remaining <= 0:
            return
        # Blocks (one read task, one actor call) never straddle a shard: with whole-shard blocks an actor sees
        # exactly the documents a local translator call sees.
        block = min(self.options.batch_size or shard_size, shard_size)
        sizes = []
        for first in range(0, remaining, shard_size):
            in_shard = min(shard_size, remaining - first)
            sizes += [min(block, in_shard - k) for k in range(0, in_shard, block)]
        feeder = self._feeder(source, start, sizes)
        ds = self._dataset(feeder, sizes)
        pending: dict[int, EncodedResult] = {}
        done = 0
        shard: list[EncodedResult] = []
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                for pos, meta, line in zip(
                    batch["pos"].tolist(), batch["meta"], batch["result"], strict=True
                ):
                    if pos < done or pos in pending or pos >= remaining:
                        raise RuntimeError(f"Ray returned document {start + pos} twice")
                    index, doc_id, skipped = json.loads(str(meta))
                    pending[pos] = EncodedResult(index, doc_id, skipped, str(line))
                while done in pending:
                    shard.append(pending.pop(done))
                    done += 1
                    if len(shard) == shard_size or done == remaining:
                        yield shard  # the caller writes it before it asks for more
                        shard = []
                        feeder.release.remote(done)
        except Exception as exc:
            error = _lintas_error(exc)
            if error is not None:
                raise error from None
            raise
        if self.ray.get(feeder.changed.remote()):
            raise InputError(
                "the input changed while the corpus was built (its documents are not those counted at the "
                "start); build it again with --overwrite"
            )
        if done != remaining or pending:
            raise RuntimeError(f"Ray returned {done} of {remaining} documents")
        self.ray.kill(feeder)

    def _feeder(self, source: Source, start: int, sizes: list[int]):
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        here = self.ray.get_runtime_context().get_node_id()
        return (
            self.ray.remote(Feeder)
            .options(
                num_cpus=0,
                max_restarts=0,
                runtime_env=self.options.runtime_env,
                scheduling_strategy=NodeAffinitySchedulingStrategy(here, soft=False),
            )
            .remote(source, start, sizes)
        )

    def _dataset(self, feeder, sizes: list[int]):
        import ray.data

        opts = self.options
        # Reads only wait on the feeder: they take no CPU, so they never queue behind the actors that hold them,
        # and a small pool runs them (zero-CPU tasks would otherwise each get a worker process of their own).
        ds = ray.data.read_datasource(
            datasource(feeder, sizes),
            num_cpus=0,
            compute=ray.data.TaskPoolStrategy(size=min(READ_TASKS, len(sizes))),
            override_num_blocks=len(sizes),
            runtime_env=opts.runtime_env,
        )
        worker = type("LintasWorker", (_Worker,), {"_factory": (self.factory,)})
        ds = ds.map_batches(
            worker,
            batch_size=max(sizes),  # one block per call
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(self.num_workers or 1, len(sizes)))),
            num_cpus=opts.cpus_per_worker,
            num_gpus=opts.gpus_per_worker or None,
            runtime_env=opts.runtime_env,
            # Ray Data's actor defaults do the fault tolerance: max_restarts=-1 replaces a dead actor and
            # max_task_retries=-1 runs its batches again (tests/test_corpus_ray.py kills one to check).
        )
        ds.context.execution_options.preserve_order = True
        ds.context.enable_progress_bars = False  # the build's own bar counts shards written
        return ds
