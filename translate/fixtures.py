"""Offline fixture models: a tiny Marian model for tests and one with opus-mt-id-en's shape for speed work.

The Hugging Face hub is not always reachable (CI, air-gapped servers, this project's own build machines), yet the
whole pipeline must be testable end to end. Both builders train a SentencePiece model on text shipped in
``data/testsets/``, create a :class:`~transformers.MarianMTModel` with random weights, and save model and tokenizer
with ``save_pretrained``: they load back through exactly the ``from_pretrained(folder)`` path users take with
``--model DIR``.

Their translations are noise. Use them for plumbing, shapes, ordering, determinism, formats and speed, never
for quality.

Usage::

    python -m lintas.translate.fixtures tiny DIR        # seconds, ~1 MB
    python -m lintas.translate.fixtures opus-shape DIR  # d_model 512, 6+6 layers, 54,796 vocab: ~290 MB
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lintas.translate.resources import TESTSETS_DIR

logger = logging.getLogger("lintas")

#: Shipped text the SentencePiece models are trained on (both languages: Marian id-en shares one vocabulary).
_DATA = TESTSETS_DIR
_TRAINING_FILES = ("flores200/dev.ind", "flores200/dev.eng")

#: opus-mt-id-en's vocabulary size (pad token last), from its published config.
OPUS_MT_ID_EN_VOCAB = 54_796


@dataclass(frozen=True)
class FixtureShape:
    """The sizes that make a Marian model; everything else is shared between fixtures."""

    d_model: int
    layers: int
    heads: int
    ffn_dim: int
    max_positions: int
    spm_vocab: int
    vocab_size: int | None = None  # pad vocab.json with filler pieces up to this size
    init_std: float = (
        0.02  # larger weights make a random model's output depend on its input (tests need that)
    )

    @property
    def name(self) -> str:
        return f"{self.d_model}d-{self.layers}x{self.layers}"


TINY = FixtureShape(
    d_model=64, layers=2, heads=4, ffn_dim=128, max_positions=512, spm_vocab=800, init_std=0.2
)
OPUS_SHAPE = FixtureShape(
    d_model=512,
    layers=6,
    heads=8,
    ffn_dim=2048,
    max_positions=512,
    spm_vocab=4000,
    vocab_size=OPUS_MT_ID_EN_VOCAB,
)
FIXTURES = {"tiny": TINY, "opus-shape": OPUS_SHAPE}
#: The file every fixture folder carries: what it is, and that its output is noise.
MARKER_FILE = "LINTAS_FIXTURE.json"


def fixture_note(model: str | os.PathLike[str]) -> str | None:
    """A warning when ``model`` is a folder built by this module (random weights), else ``None``.

    Benchmarks and reports print it, so that a fixture's scores are never read as translation quality.
    """
    marker = Path(model).expanduser() / MARKER_FILE
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kind = info.get("fixture", "test") if isinstance(info, dict) else "test"
    return (
        f"{model} is a lintas {kind} fixture with random weights: its translations are noise, and its "
        "quality scores measure nothing (only the plumbing and the speed are real)"
    )


def _training_text() -> list[str]:
    lines: list[str] = []
    for rel in _TRAINING_FILES:
        lines.extend(
            line.strip() for line in (_DATA / rel).read_text(encoding="utf-8").splitlines() if line.strip()
        )
    return lines


def _train_sentencepiece(workdir: Path, vocab_size: int) -> Path:
    """Train a unigram model with Marian's special ids (eos=0, unk=1, no bos/pad: pad is appended to the vocab)."""
    import sentencepiece as spm

    corpus = workdir / "corpus.txt"
    corpus.write_text("\n".join(_training_text()) + "\n", encoding="utf-8")
    prefix = workdir / "spm"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,  # small corpora cannot fill a large vocabulary exactly
        num_threads=1,  # deterministic
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def _vocab(spm_model: Path, vocab_size: int | None) -> dict[str, int]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
    if vocab_size is not None:
        # Filler pieces give the embedding and output projection the real model's size (speed work).
        for i in range(len(vocab), vocab_size - 1):
            vocab[f"<filler{i}>"] = i
    vocab["<pad>"] = len(vocab)
    return vocab


def build_fixture(kind: str, out_dir: str | Path, *, seed: int = 0) -> Path:
    """Build the fixture model ``kind`` ("tiny" or "opus-shape") into ``out_dir`` and return the folder.

    The folder is complete or absent: it is built in a temporary sibling and renamed into place.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    shape = FIXTURES[kind]
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            spm_model = _train_sentencepiece(Path(tmp), shape.spm_vocab)
            vocab = _vocab(spm_model, shape.vocab_size)
            for name in ("source.spm", "target.spm"):
                shutil.copy(spm_model, Path(tmp) / name)
            vocab_file = Path(tmp) / "vocab.json"
            vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
            tokenizer = MarianTokenizer(
                source_spm=str(Path(tmp) / "source.spm"),
                target_spm=str(Path(tmp) / "target.spm"),
                vocab=str(vocab_file),
                source_lang="id",
                target_lang="en",
                model_max_length=shape.max_positions,
            )
        pad_id = len(vocab) - 1
        config = MarianConfig(
            vocab_size=len(vocab),
            decoder_vocab_size=len(vocab),
            d_model=shape.d_model,
            encoder_layers=shape.layers,
            decoder_layers=shape.layers,
            encoder_attention_heads=shape.heads,
            decoder_attention_heads=shape.heads,
            encoder_ffn_dim=shape.ffn_dim,
            decoder_ffn_dim=shape.ffn_dim,
            max_position_embeddings=shape.max_positions,
            activation_function="swish",
            scale_embedding=True,
            share_encoder_decoder_embeddings=True,
            pad_token_id=pad_id,
            decoder_start_token_id=pad_id,
            eos_token_id=0,
            forced_eos_token_id=0,
            init_std=shape.init_std,
        )
        torch.manual_seed(seed)
        model = MarianMTModel(config).eval()
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        (staging / MARKER_FILE).write_text(
            json.dumps(
                {
                    "fixture": kind,
                    "shape": shape.name,
                    "seed": seed,
                    "note": "random weights: output is noise",
                }
            ),
            encoding="utf-8",
        )
        if out.exists():
            shutil.rmtree(out)
        staging.chmod(0o755)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    logger.info("built %s fixture model (%s) in %s", kind, shape.name, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lintas.translate.fixtures",
        description="Build an offline fixture Marian model (random weights; output is noise).",
    )
    parser.add_argument("kind", choices=sorted(FIXTURES), help="tiny: tests, seconds; opus-shape: speed work")
    parser.add_argument("out_dir", help="folder to create (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(build_fixture(args.kind, args.out_dir, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
