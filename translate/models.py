"""Find a translation model: a local folder, the Hugging Face cache, or the hub, and fail fast when none works.

The hub is the normal source (``Helsinki-NLP/opus-mt-id-en``), but many users run offline. Left alone,
``from_pretrained`` retries every file for minutes before failing with a traceback, and the tokenizer's offline
error is a ``TypeError`` that explains nothing. :func:`resolve_model` decides up front, in well under a second,
whether the model can be had, and otherwise raises :class:`ModelNotAvailableError` with one line that names the
model and the remedies.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from lintas.translate.errors import ModelNotAvailableError

logger = logging.getLogger("lintas")

#: The model `lintas translate` uses unless `--model` says otherwise.
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-id-en"

#: Seconds to wait for the hub's address to resolve and a TCP connection to open.
HUB_PROBE_TIMEOUT = 3.0

_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.bin")


@dataclass(frozen=True)
class ModelSpec:
    """A model, resolved once, before any engine loads it: where its files are, what they hold, how to load them.

    Engines receive this instead of the name the user typed, so a model is looked up once per
    :class:`~lintas.translate.translator.Translator` (also when ``--engine auto`` falls back from CTranslate2 to
    transformers), and every engine's cache keys use the same fingerprint.

    Attributes:
        name: what the user asked for (hub id or path), for messages and reports.
        location: a local folder, or the hub id when loading goes through the cache/hub.
        local_files_only: pass to ``from_pretrained``: True when the files are already on disk.
        source: ``folder`` (a path given), ``cache`` (a hub id in the local HF cache) or ``hub`` (to download).
        folder: the folder holding the files (``None`` until a hub model is downloaded, see :meth:`on_disk`).
        fingerprint: content hash of the folder (:func:`model_fingerprint`); ``None`` while not on disk.
        family: the architecture family from config.json's ``model_type`` (``marian``, ``m2m_100``...), if known.
    """

    name: str
    location: str
    local_files_only: bool
    source: str = "folder"
    folder: str | None = None
    fingerprint: str | None = None
    family: str | None = None

    @classmethod
    def from_folder(cls, name: str, folder: str | os.PathLike[str], *, source: str = "folder") -> ModelSpec:
        """The spec of model files already in ``folder`` (fingerprinted and read once, here)."""
        location = str(folder)
        return cls(
            name,
            location if source == "folder" else name,
            local_files_only=True,
            source=source,
            folder=location,
            fingerprint=model_fingerprint(location),
            family=read_config(location).get("model_type"),
        )

    def on_disk(self) -> ModelSpec:
        """This spec with its files on disk: a hub model is downloaded into the HF cache (CTranslate2 converts
        from a folder). Raises :class:`ModelNotAvailableError` when the download fails."""
        if self.folder is not None:
            return self
        from huggingface_hub import snapshot_download

        try:
            folder = snapshot_download(self.location, local_files_only=self.local_files_only)
        except Exception as exc:  # noqa: BLE001 - any hub failure is "model not available"
            raise ModelNotAvailableError(load_failure_message(self, exc), param="model") from None
        return ModelSpec.from_folder(self.name, folder, source=self.source)


def remedies(model: str) -> str:
    """The one sentence of advice every model-loading error ends with (``{param}``: see :class:`LintasError`)."""
    return (
        f"use {{param}}=PATH with a local copy, or download it once where there is network "
        f'(`huggingface-cli download {model}` or `python -c "from transformers import pipeline; '
        f"pipeline('translation', model='{model}')\"`) and run with HF_HUB_OFFLINE=1"
    )


def load_failure_message(resolved: ModelSpec, exc: BaseException) -> str:
    """One line for a model whose files were found but could not be loaded (corrupt, wrong kind, ...)."""
    lines = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__
    if resolved.local_files_only and Path(resolved.location).is_dir():
        return (
            f"model {resolved.name!r} could not be loaded ({reason}); the folder looks damaged or is not a "
            f"Marian/seq2seq model: save it again with save_pretrained, or re-download it"
        )
    return f"model {resolved.name!r} could not be loaded ({reason}); {remedies(resolved.name)}"


def _hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _hub_reachable(timeout: float = HUB_PROBE_TIMEOUT) -> bool:
    """True when the hub endpoint's host resolves and accepts a TCP connection within ``timeout``."""
    from huggingface_hub import constants

    parsed = urlparse(constants.ENDPOINT)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _cached_snapshot(repo_id: str) -> str | None:
    """The cached snapshot folder of ``repo_id`` when its config is in the local HF cache, else None."""
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(repo_id, "config.json")
    except Exception:  # invalid repo id and the like: treat as not cached
        return None
    return str(Path(found).parent) if isinstance(found, str) else None


def check_model_folder(folder: Path, name: str) -> None:
    """Refuse a folder that is not a saved model, before the engine tries to load it."""
    if not folder.is_dir():
        raise ModelNotAvailableError(f"model {name!r}: {folder} is not a folder")
    if not (folder / "config.json").is_file():
        raise ModelNotAvailableError(
            f"model {name!r}: {folder} has no config.json, so it is not a saved model folder; "
            f"give a folder written by save_pretrained (or a hub id)"
        )
    has_weights = any((folder / w).is_file() for w in _WEIGHT_FILES) or any(folder.glob("*.safetensors"))
    if not has_weights:
        raise ModelNotAvailableError(f"model {name!r}: {folder} has a config.json but no weights file")
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelNotAvailableError(
            f"model {name!r}: {folder}/config.json cannot be read ({reason}); the folder looks damaged: save it "
            "again with save_pretrained, or re-download it"
        ) from None
    if not isinstance(config, dict):
        raise ModelNotAvailableError(f"model {name!r}: {folder}/config.json is not a JSON object")


def resolve_model(model: str | os.PathLike[str]) -> ModelSpec:
    """Decide where ``model`` comes from, quickly, or raise a one-line :class:`ModelNotAvailableError`.

    Order: an existing local path; a hub id already in the local cache; the hub itself, only when it is
    reachable and ``HF_HUB_OFFLINE`` is not set. Errors carry ``param="model"`` (the CLI names its own flag).
    """
    name = str(model)
    path = Path(name).expanduser()
    if path.exists():
        check_model_folder(path, name)
        return ModelSpec.from_folder(name, path)
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        raise ModelNotAvailableError(
            f"model {name!r}: no such folder; {remedies(DEFAULT_MODEL)}", param="model"
        )
    snapshot = _cached_snapshot(name)
    if snapshot is not None:
        logger.info("model %s found in the local Hugging Face cache", name)
        return ModelSpec.from_folder(name, snapshot, source="cache")
    if _hub_offline():
        raise ModelNotAvailableError(
            f"model {name!r} is not in the local cache and HF_HUB_OFFLINE is set; {remedies(name)}",
            param="model",
        )
    if not _hub_reachable():
        raise ModelNotAvailableError(
            f"model {name!r} is not in the local cache and the Hugging Face hub cannot be reached; {remedies(name)}",
            param="model",
        )
    return ModelSpec(name, name, local_files_only=False, source="hub")


def model_fingerprint(folder: str | os.PathLike[str]) -> str:
    """A short content hash of a model folder (config, tokenizer files, weights), for cache keys.

    Every byte of every file counts: a checkpoint that differs anywhere, even in a middle tensor at the same size,
    gets another fingerprint, so no cached conversion or remembered translation of the old one is reused. Large
    files' digests are remembered while they are unchanged (:func:`lintas.translate.file_hashes.file_sha256`).
    """
    from lintas.translate.file_hashes import file_sha256

    root = Path(folder)
    digest = hashlib.sha256()
    for file in sorted(p for p in root.iterdir() if p.is_file()):
        digest.update(file.name.encode())
        digest.update(str(file.stat().st_size).encode())
        digest.update(file_sha256(file).encode())
    return digest.hexdigest()[:16]


def read_config(folder: str | os.PathLike[str]) -> dict:
    """The model's config.json as a dict ({} when absent)."""
    file = Path(folder) / "config.json"
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
