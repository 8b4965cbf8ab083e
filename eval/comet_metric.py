"""COMET, when it can run: the neural metric is optional and never downloaded behind the user's back.

COMET correlates better with human judgements than BLEU or chrF, but it needs the ``unbabel-comet`` package
(with PyTorch Lightning) and a model of 2 GB or more that lives on the Hugging Face hub. lintas runs offline, so
this module only uses a model that is already on disk (a local checkpoint path, or the hub cache) and otherwise
returns a :class:`CometOutcome` whose ``note`` says exactly why no score was computed. Reports print that note
instead of a number, so a missing COMET is never mistaken for a bad one.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

logger = logging.getLogger("lintas")

#: The reference-based COMET model used by WMT since 2022.
DEFAULT_COMET_MODEL = "Unbabel/wmt22-comet-da"


@dataclass(frozen=True)
class CometOutcome:
    """COMET system scores, or why there are none.

    Attributes:
        computed: whether scores were computed.
        model: the COMET model asked for.
        note: why COMET was not computed (empty when it was).
        scores: system -> system-level COMET score (0-1, as COMET reports it).
        signature: model and package version, the COMET equivalent of a sacrebleu signature.
    """

    computed: bool
    model: str
    note: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    signature: str = ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def _checkpoint_path(model: str) -> str:
    """A local checkpoint for ``model``: a ``.ckpt`` file, a folder with ``checkpoints/model.ckpt``, or the hub
    cache (looked up with ``local_files_only`` where this COMET version supports it, so nothing is fetched)."""
    path = Path(model)
    if path.is_file():
        return str(path)
    if path.is_dir():
        ckpt = path / "checkpoints" / "model.ckpt"
        if ckpt.is_file():
            return str(ckpt)
        raise FileNotFoundError(f"{path} has no checkpoints/model.ckpt")
    from comet import download_model

    kwargs = {}
    if "local_files_only" in inspect.signature(download_model).parameters:
        kwargs["local_files_only"] = True
    return download_model(model, **kwargs)


def comet_scores(
    sources: Sequence[str],
    references: Sequence[str],
    systems: dict[str, Sequence[str]],
    *,
    model: str = DEFAULT_COMET_MODEL,
    batch_size: int = 16,
    gpus: int = 0,
) -> CometOutcome:
    """Score each system with COMET if the package and the model are available offline.

    Arguments:
        sources: source segments.
        references: one reference stream (COMET-DA takes a single reference).
        systems: system name -> hypotheses.
        model: a hub id already in the local cache, a checkpoint file, or a downloaded model folder.
        batch_size: segments per COMET forward pass.
        gpus: GPUs for COMET (0 = CPU).

    Returns:
        A :class:`CometOutcome`; never raises for a missing package or model.
    """
    try:
        import comet  # noqa: F401 - probing for the optional package
    except ImportError:
        return CometOutcome(
            False,
            model,
            "COMET not computed: the unbabel-comet package is not installed (pip install unbabel-comet)",
        )
    try:
        checkpoint = _checkpoint_path(model)
    except Exception as exc:  # noqa: BLE001 - any failure here means "not available offline"
        reason = " ".join(str(exc).split())[:200]
        return CometOutcome(
            False,
            model,
            f"COMET not computed: model {model} is not available offline ({type(exc).__name__}: {reason}); "
            "download it once with comet-score or pass a local checkpoint with --comet-model",
        )
    from comet import load_from_checkpoint

    comet_model = load_from_checkpoint(checkpoint)
    scores = {}
    for name, hyps in systems.items():
        data = [{"src": s, "mt": h, "ref": r} for s, h, r in zip(sources, hyps, references, strict=True)]
        output = comet_model.predict(data, batch_size=batch_size, gpus=gpus, progress_bar=False)
        scores[name] = float(output.system_score)
        logger.info("COMET %s = %.4f", name, scores[name])
    try:
        version = importlib.metadata.version("unbabel-comet")
    except importlib.metadata.PackageNotFoundError:  # imported from a source tree, not installed
        version = str(getattr(sys.modules["comet"], "__version__", "unknown"))
    return CometOutcome(True, model, "", scores, f"model:{model}|nrefs:1|version:{version}")
