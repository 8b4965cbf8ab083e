"""The :class:`TranslatorConfig`: every setting of a :class:`~lintas.translate.translator.Translator`, defined once.

Each field carries its default, limits and help (:func:`~lintas.translate.option_spec.option`). The Translator
takes its defaults from here, and every command that translates (``translate``, ``corpus translate``,
``align --mt``, ``bench run``, ``bench speed``) generates its options from these fields, so beam 4 or 256 output
tokens are written in this file and nowhere else. Standard library only: ``lintas --help`` imports it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from lintas.translate.option_spec import check_option_values, option
from lintas.translate.parallelism import MAX_PER_CORE

#: The model used unless one is named: Helsinki-NLP's Indonesian→English MarianMT.
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-id-en"

#: Engine names; ``auto`` picks the fastest one installed (CTranslate2, else transformers).
ENGINE_NAMES = ("auto", "transformers", "ctranslate2")

#: Devices every engine accepts.
DEVICES = ("auto", "cpu", "cuda")

#: CTranslate2 weight types; ``auto`` is int8 on CPU (int8_float16 on CUDA).
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "float32")

# Upper bounds of the numeric settings: each is far past any useful value, and below the point where a run would
# exhaust memory or take hours for one batch (``--beam 100000`` asked the engine for that many hypotheses per
# sentence). A value above one is refused in one line; threads are lowered instead (:mod:`lintas.translate.parallelism`).
#: The widest beam: translation quality stops improving near 10; memory grows linearly with it.
MAX_BEAM = 128
#: The most sentences per batch (``--max-batch-tokens`` bounds the memory of long ones).
MAX_BATCH = 4096
#: The most padded tokens per batch: about what one large GPU holds for a Marian model.
MAX_BATCH_TOKENS = 1 << 20
#: The longest input piece or output, in tokens: the longest context of the models lintas runs.
MAX_SEQUENCE_TOKENS = 32768


@dataclass(frozen=True, kw_only=True)
class TranslatorConfig:
    """What a :class:`~lintas.translate.translator.Translator` is built from: model, engine and decoding.

    Frozen, so one config can be shared by many translators (workers, benchmark systems) and recorded in reports
    as it was. Values are checked when the config is made (one-line :class:`~lintas.translate.errors.InputError`
    naming the parameter). :meth:`replace` gives a changed copy.
    """

    model: str = option(
        DEFAULT_MODEL,
        "Hub id or local folder of a translation checkpoint (Marian, NLLB, M2M100, mBART...).",
        aliases=("-m",),
        metavar="ID|DIR",
    )
    engine: str = option(
        "auto", "Inference engine; auto picks CTranslate2 when it is installed.", choices=ENGINE_NAMES
    )
    device: str = option("auto", "Where the model runs.", choices=DEVICES)
    threads: int | None = option(
        None,
        f"CPU threads for the engine; more than {MAX_PER_CORE} per core available is lowered to that, with a warning.",
        minimum=1,
        metavar="N",
        default_text="cores available",
    )
    compute_type: str = option("auto", "CTranslate2 weight type (auto: int8 on CPU).", choices=COMPUTE_TYPES)
    beam_size: int = option(
        4, "Beam width (1 = greedy).", flag="--beam", minimum=1, maximum=MAX_BEAM, metavar="N"
    )
    batch_size: int = option(32, "Most sentences per batch.", minimum=1, maximum=MAX_BATCH, metavar="N")
    max_batch_tokens: int = option(
        4096,
        "Most padded source tokens per batch (the real memory bound on CPU).",
        minimum=1,
        maximum=MAX_BATCH_TOKENS,
        metavar="N",
    )
    max_input_tokens: int | None = option(
        None,
        "Longest piece sent to the model, in tokens; longer sentences are split at clause boundaries, never "
        "truncated.",
        flag="--max-input-length",
        minimum=1,
        maximum=MAX_SEQUENCE_TOKENS,
        metavar="N",
        default_text="the model's limit",
    )
    max_output_tokens: int = option(
        256,
        "Most generated tokens per sentence.",
        flag="--max-output-length",
        renamed_from=("--max-output-tokens",),
        minimum=1,
        maximum=MAX_SEQUENCE_TOKENS,
        metavar="N",
    )
    max_output_ratio: float | None = option(
        2.0,
        "Also cap generated tokens at RATIO x the longest input + 10 per batch, so a looping model stops early.",
        minimum=0.1,
        maximum=100.0,
        metavar="RATIO",
    )
    fixed_output_tokens: int | None = option(
        None,
        "Generate exactly N tokens per sentence: for speed benchmarks on random-weight models only.",
        flag="--fixed-output-length",
        renamed_from=("--fixed-length",),
        minimum=1,
        maximum=MAX_SEQUENCE_TOKENS,
        metavar="N",
    )
    no_repeat_ngram_size: int = option(
        0, "Forbid repeating any n-gram of this size (0 = off).", minimum=0, maximum=64, metavar="N"
    )
    repetition_penalty: float = option(
        1.0,
        "Above 1 discourages tokens already generated (1 = off).",
        minimum=0.01,
        maximum=100.0,
        metavar="P",
    )
    guard: bool = option(
        True, "Retry looping or overlong translations with repetition controls and flag what stays so."
    )
    cache: bool = option(
        True, "Read and write the translation memory (~/.cache/lintas/tm.sqlite3, or $LINTAS_CACHE_DIR)."
    )

    def __post_init__(self) -> None:
        check_option_values(self)

    def replace(self, **changes: Any) -> TranslatorConfig:
        """A copy with ``changes`` (checked like a new config)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready dict (reports, cache keys)."""
        return dataclasses.asdict(self)


#: The defaults, for signatures that take single settings (:class:`~lintas.translate.translator.Translator`).
DEFAULTS = TranslatorConfig()
