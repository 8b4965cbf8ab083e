"""Choose and start where a corpus build runs: this process, a pool of processes, or a Ray cluster.

``lintas corpus build`` and ``corpus translate`` take the same choices (``--executor``, ``--workers``,
``--address``, ``--gpus-per-worker``, ``--runtime-env``); :class:`RunOptions` holds and checks them and
:func:`alignment_runner` / :func:`translation_runner` turn them into the executor a build is given, so a Python
caller gets the command's executor, its checks and its errors (which name the parameter: the CLI shows the flag).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lintas.translate.errors import InputError
from lintas.translate.option_spec import option
from lintas.translate.parallelism import bounded

logger = logging.getLogger("lintas")

if TYPE_CHECKING:
    from lintas.translate.corpus.config import FilterConfig
    from lintas.translate.corpus.executors import Executor, TranslatorSpec
    from lintas.translate.corpus.work import AlignSettings

#: Where the per-document work runs.
EXECUTORS = ("local", "ray")


def parse_runtime_env(value: str | dict[str, Any] | None) -> dict[str, Any] | None:
    """A Ray runtime environment from inline JSON or a JSON/YAML file (a dict passes through).

    Raises:
        InputError: no such file, unreadable, or not a JSON object (``param="runtime_env"``).
    """
    if value is None or isinstance(value, dict):
        return value
    import yaml

    path = Path(value)
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml") and not value.lstrip().startswith("{") and not path.is_file():
        raise InputError(
            f"{{param}}={value}: no such file; give a JSON object or a .json/.yaml file", param="runtime_env"
        )
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
            f"{{param}}: cannot be read ({reason}); give a JSON object or a .json/.yaml file",
            param="runtime_env",
        ) from None
    if not isinstance(data, dict):
        raise InputError('{param}: must be a JSON object such as {"pip": ["lintas"]}', param="runtime_env")
    return data


@dataclass(frozen=True)
class RunOptions:
    """Where a build's per-document work runs.

    Attributes:
        executor: ``local`` (this machine) or ``ray`` (Ray Data actors, :mod:`lintas.translate.corpus.ray_engine`).
        workers: processes of this machine, or Ray workers (None: 1 locally; on Ray as many as the cluster holds).
        address: the Ray cluster (None: a local Ray instance for the run).
        gpus_per_worker: GPUs each Ray worker reserves.
        runtime_env: the Ray workers' runtime environment (a dict, inline JSON or a JSON/YAML file).

    Raises:
        InputError: a Ray-only option without ``executor="ray"``, naming it.
    """

    executor: str = option(
        "local",
        "Where the per-document work runs: this machine, or a Ray cluster (Ray Data actors; "
        "pip install 'lintas[ray]'). Same output either way.",
        choices=EXECUTORS,
    )
    workers: int | None = option(
        None,
        "Processes of this machine, or Ray workers with --executor ray.",
        aliases=("-j",),
        renamed_from=("--num-workers",),
        minimum=1,
        maximum=4096,  # processes of this machine are lowered further, to 4 per core
        metavar="N",
        default_text="1; with ray, one per CPU of the cluster",
    )
    address: str | None = option(
        None,
        "Ray cluster to run on (auto, HOST:6379, ray://HOST:10001).",
        metavar="ADDR",
        default_text="start a local Ray instance for the run",
    )
    gpus_per_worker: float = option(
        0.0, "GPUs each Ray worker reserves (0.5: two workers share one).", minimum=0.0, maximum=16.0
    )
    runtime_env: dict[str, Any] | str | None = option(
        None,
        'Ray runtime environment of the workers, as JSON or a .json/.yaml file ({"pip": [...]}).',
        metavar="JSON|FILE",
    )

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise InputError(f"{{param}} must be one of {', '.join(EXECUTORS)}", param="executor")
        if self.executor != "ray":
            for name in ("address", "gpus_per_worker", "runtime_env"):
                if getattr(self, name):
                    raise InputError("{param} needs --executor ray", param=name)
        object.__setattr__(self, "runtime_env", parse_runtime_env(self.runtime_env))

    def ray_executor(self, factory: Callable[[], Executor], *, cpus: float = 1.0, batch: int | None = None):
        """A :class:`~lintas.translate.corpus.ray_engine.RayExecutor` running ``factory``'s executor per actor."""
        from lintas.translate.corpus.ray_engine import RayExecutor, RayOptions

        options = RayOptions(
            address=self.address,
            num_workers=self.workers,
            cpus_per_worker=cpus,
            gpus_per_worker=self.gpus_per_worker,
            runtime_env=parse_runtime_env(self.runtime_env),
            batch_size=batch,
        )
        return RayExecutor(factory, options)


def alignment_runner(settings: AlignSettings, filters: FilterConfig, run: RunOptions) -> Executor:
    """The executor of ``corpus build``, started (a Ray cluster is connected before any output is written).

    Every worker builds its own aligner (and MT model) once; a bad lexicon fails here, once, not in each one.
    """
    from lintas.translate.corpus.executors import ProcessExecutor, SerialExecutor
    from lintas.translate.corpus.work import DocumentProcessor

    if settings.lexicon not in (None, "default"):
        from lintas.translate.align.lexicon import Lexicon

        Lexicon.load(settings.lexicon)
    factory = functools.partial(DocumentProcessor, settings, filters)
    if run.executor == "ray":
        from lintas.translate.corpus.ray_engine import ALIGN_BATCH

        runner: Executor = run.ray_executor(functools.partial(SerialExecutor, factory), batch=ALIGN_BATCH)
        _start(runner)
        return runner
    workers = bounded(run.workers or 1, "worker processes")
    if workers > 1:
        return ProcessExecutor(factory, workers)
    return SerialExecutor(factory)


def translation_runner(
    spec: TranslatorSpec, filters: FilterConfig, run: RunOptions, *, progress: bool | None = None
) -> tuple[Executor, dict[str, Any]]:
    """The executor of ``corpus translate`` and the translator metadata a synthetic corpus records.

    On Ray each worker loads the model once and reserves the CPUs its translator uses; the metadata comes from a
    worker (the model the workers load: device, compute type), not from a copy loaded here.
    """
    from lintas.translate.corpus.executors import (
        TranslationExecutor,
        describe_translator,
        translation_executor,
        translator_metadata,
    )

    if run.executor != "ray" and run.workers:
        raise InputError("{param} needs --executor ray", param="workers")  # one translator per process here
    if run.executor == "ray":
        threads = spec.config.threads or 1
        runner = run.ray_executor(
            functools.partial(translation_executor, spec, filters, threads=threads), cpus=threads
        )
        try:
            metadata = runner.call(functools.partial(describe_translator, spec, threads=threads))
        except BaseException:
            runner.close()
            raise
        return runner, metadata
    translator = spec.build(progress=progress)
    return TranslationExecutor(translator, filters), translator_metadata(translator, spec.config.model)


def executor_of_engine(engine: str, executor: str, *, executor_given: bool) -> tuple[str, str]:
    """``(translation engine, executor)`` for ``corpus translate``, where ``engine="ray"`` (an older spelling,
    deprecated: ``--engine`` is the translation engine on every command) means "run on Ray with the auto engine".

    Raises:
        InputError: ``engine="ray"`` with an executor other than Ray given explicitly.
    """
    if engine != "ray":
        return engine, executor
    logger.warning(
        "--engine ray is deprecated and will be removed in a later release (--engine is the translation engine); "
        "use --executor ray"
    )
    if executor_given and executor != "ray":
        raise InputError(
            f"--engine ray and --executor {executor} contradict each other; give one of them",
            param="executor",
        )
    return "auto", "ray"


def _start(runner: Any) -> None:
    try:
        runner.start()
    except BaseException:
        runner.close()
        raise
