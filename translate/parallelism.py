"""How many threads and processes this machine can use: the one bound every parallelism option goes through.

``--threads 100000`` made CTranslate2 segfault (exit 139, no message) and transformers blame a "damaged" model
folder; ``--threads 5000`` took minutes for one sentence; ``--workers 100000`` would fork that many processes.
Past a few per core, threads and processes only contend for the cores, so a count above
:data:`MAX_PER_CORE` x the cores this process may run on is lowered to that, with a warning that says so: the work
still runs, as fast as this machine allows. What a Ray cluster holds is not bounded here (its size is not this
machine's); a local Ray instance is.
"""

from __future__ import annotations

import logging
import os

__all__ = ["MAX_PER_CORE", "available_cores", "bounded"]

logger = logging.getLogger("lintas")

#: The most threads (or worker processes) per available core; above it a count is lowered, with a warning.
MAX_PER_CORE = 4


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and ``taskset`` narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def bounded(count: int, what: str) -> int:
    """``count`` of ``what`` (``"threads"``, ``"worker processes"``), at most :data:`MAX_PER_CORE` per core.

    A larger count is lowered to the bound, with one warning naming both numbers.
    """
    cores = available_cores()
    limit = cores * MAX_PER_CORE
    if count <= limit:
        return count
    logger.warning(
        "%d %s asked for, more than %d per core on the %d core%s this process may use; using %d (more would only "
        "contend for the cores)",
        count,
        what,
        MAX_PER_CORE,
        cores,
        "" if cores == 1 else "s",
        limit,
    )
    return limit
