"""Sentence-alignment quality of lintas against Gale-Church, on shipped data, in one run.

Sets (all built from files under ``data/``, fixed seed):

* ``flores-devtest``: FLORES-200 devtest grouped into its 281 documents (consecutive equal ``.docid`` lines,
  3-5 sentences each), then perturbed: at each sentence, with probability 0.10 it is merged with the next one on
  one side (gold 2-1 or 1-2), with probability 0.03 it is deleted on one side (gold 1-0 or 0-1).
* ``flores-devtest-x10``: the same after concatenating every 10 consecutive documents (~36 sentences): errors
  can now drift across document boundaries, as in real articles.
* ``tico-test``: TICO-19 test, 19 documents of ~110 sentences, same perturbation.
* ``*+noise``: the same sets with, in addition, an unrelated sentence from another document inserted on one side
  before 5% of the sentences (bylines, captions, extra sentences of a real translation); the inserted sentences
  are gold null beads.
* ``bible-nt``: the New Testament, AGS (Indonesian) x FBV (English), each chapter a document, each verse unit
  split into sentences by the project segmenter on both sides (``data/align/SOURCE.md``). Gold beads are verse
  units; ``coarse`` rows merge hypothesis beads that exactly split one verse unit before scoring, because a
  verse-level gold cannot say which sentence inside a verse goes with which.

The lexicon is learned from FLORES dev, TICO-19 dev, Tatoeba and NusaX-MT (``data/lexicon/SOURCE.md``), never from
these evaluation sets; the aligner's weights were tuned on FLORES dev and TICO-19 dev documents, perturbed the same
way, with lexicons that had not seen the tuning set.

Baselines: ``nltk.translate.gale_church.align_blocks`` on character lengths, once with the source lengths
scaled by the document's length ratio (English/Indonesian characters) and once plain (ratio 1, its default).

Usage::

    .venv/bin/python bench/align_quality.py           # Markdown table
    .venv/bin/python bench/align_quality.py --json    # the same numbers as JSON
    .venv/bin/python bench/align_quality.py --sets flores-devtest,bible-nt --no-baselines
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.align_score import score_alignments  # noqa: E402
from translate.align import Aligner  # noqa: E402

DATA = ROOT / "data"
SEED = 13
P_MERGE = 0.10
P_DELETE = 0.03
P_INSERT = 0.05

Pair = tuple[str, str]
Bead = tuple[tuple[int, ...], tuple[int, ...]]
Doc = tuple[list[str], list[str], list[Bead]]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def load_documents(testset: str, split: str) -> list[list[Pair]]:
    """Sentence pairs of a shipped test set, grouped into documents by consecutive equal doc ids."""
    base = DATA / "testsets" / testset
    ind, eng, ids = (_lines(base / f"{split}.{ext}") for ext in ("ind", "eng", "docid"))
    rows = list(zip(ind, eng, ids))
    return [[(a, b) for a, b, _ in group] for _, group in groupby(rows, key=lambda r: r[2])]


def concat(docs: Sequence[list[Pair]], k: int) -> list[list[Pair]]:
    """Join every ``k`` consecutive documents into one."""
    return [[p for d in docs[i : i + k] for p in d] for i in range(0, len(docs), k)]


def perturb(
    doc: Sequence[Pair],
    rng: random.Random,
    *,
    pool: Sequence[Pair] = (),
    p_merge: float = P_MERGE,
    p_delete: float = P_DELETE,
    p_insert: float = 0.0,
) -> Doc:
    """A synthetic document pair with gold beads: merges (2-1, 1-2), deletions and insertions (null beads)."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    own = set(doc)
    i = 0
    while i < len(doc):
        if p_insert and pool and rng.random() < p_insert:
            other = rng.choice(pool)
            while other in own:
                other = rng.choice(pool)
            if rng.random() < 0.5:
                src.append(other[0])
                gold.append(((len(src) - 1,), ()))
            else:
                tgt.append(other[1])
                gold.append(((), (len(tgt) - 1,)))
        a, b = doc[i]
        r = rng.random()
        if r < p_delete:
            if rng.random() < 0.5:
                src.append(a)
                gold.append(((len(src) - 1,), ()))
            else:
                tgt.append(b)
                gold.append(((), (len(tgt) - 1,)))
            i += 1
        elif r < p_delete + p_merge and i + 1 < len(doc):
            a2, b2 = doc[i + 1]
            if rng.random() < 0.5:
                src.append(f"{a} {a2}")
                tgt += [b, b2]
                gold.append(((len(src) - 1,), (len(tgt) - 2, len(tgt) - 1)))
            else:
                src += [a, a2]
                tgt.append(f"{b} {b2}")
                gold.append(((len(src) - 2, len(src) - 1), (len(tgt) - 1,)))
            i += 2
        else:
            src.append(a)
            tgt.append(b)
            gold.append(((len(src) - 1,), (len(tgt) - 1,)))
            i += 1
    return src, tgt, gold


def synthetic(docs: Sequence[list[Pair]], *, noise: bool = False, seed: int = SEED) -> list[Doc]:
    rng = random.Random(seed)
    pool = [p for d in docs for p in d]
    return [perturb(d, rng, pool=pool, p_insert=P_INSERT if noise else 0.0) for d in docs]


def bible_documents() -> list[Doc]:
    """Bible NT chapters as documents with verse-unit gold beads (sentences from the project segmenter)."""
    from translate.segment import split_sentences

    base = DATA / "align"
    refs, ind, eng = (_lines(base / f"bible_nt.{ext}") for ext in ("vref", "ind", "eng"))
    units: dict[str, list[list[str]]] = {}
    for ref, a, b in zip(refs, ind, eng):
        chapter = ref.split(":")[0]
        verses = units.setdefault(chapter, [])
        if a.strip() == "<range>" or b.strip() == "<range>":
            # A verse merged into the previous one (a verse range): extend that unit on the side that has text.
            if verses:
                verses[-1][0] += "" if a.strip() == "<range>" else " " + a
                verses[-1][1] += "" if b.strip() == "<range>" else " " + b
            continue
        if a.strip() or b.strip():
            verses.append([a, b])
    docs = []
    for verses in units.values():
        src: list[str] = []
        tgt: list[str] = []
        gold: list[Bead] = []
        for a, b in verses:
            sa = split_sentences(a, "id") if a.strip() else []
            sb = split_sentences(b, "en") if b.strip() else []
            gold.append(
                (tuple(range(len(src), len(src) + len(sa))), tuple(range(len(tgt), len(tgt) + len(sb))))
            )
            src += sa
            tgt += sb
        docs.append((src, tgt, gold))
    return docs


# --------------------------------------------------------------------------------------------------- systems
def _links_to_beads(links: Sequence[tuple[int, int]]) -> list[Bead]:
    """Group Gale-Church's (source, target) links into beads (connected links share a bead)."""
    beads: list[tuple[set[int], set[int]]] = []
    for s, t in links:
        if beads and (s in beads[-1][0] or t in beads[-1][1]):
            beads[-1][0].add(s)
            beads[-1][1].add(t)
        else:
            beads.append(({s}, {t}))
    return [(tuple(sorted(a)), tuple(sorted(b))) for a, b in beads]


def gale_church(scaled: bool) -> Callable[[list[str], list[str]], list[Bead]]:
    from nltk.translate.gale_church import align_blocks

    def run(src: list[str], tgt: list[str]) -> list[Bead]:
        if not src or not tgt:
            return []
        ls = [max(1, len(s)) for s in src]
        lt = [max(1, len(t)) for t in tgt]
        if scaled:
            ratio = sum(lt) / sum(ls)
            ls = [max(1, round(x * ratio)) for x in ls]
        return _links_to_beads(align_blocks(ls, lt))

    return run


def lintas(aligner: Aligner) -> Callable[[list[str], list[str]], list[Bead]]:
    def run(src: list[str], tgt: list[str]) -> list[Bead]:
        return [(b.src, b.tgt) for b in aligner.align(src, tgt).beads]

    return run


SETS: dict[str, Callable[[], list[Doc]]] = {
    "flores-devtest": lambda: synthetic(load_documents("flores200", "devtest")),
    "flores-devtest-x10": lambda: synthetic(concat(load_documents("flores200", "devtest"), 10)),
    "tico-test": lambda: synthetic(load_documents("tico19", "test")),
    "flores-devtest-x10+noise": lambda: synthetic(
        concat(load_documents("flores200", "devtest"), 10), noise=True
    ),
    "tico-test+noise": lambda: synthetic(load_documents("tico19", "test"), noise=True),
    "bible-nt": bible_documents,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets (default: all)")
    parser.add_argument("--no-baselines", action="store_true", help="lintas only")
    args = parser.parse_args(argv)
    names = [s for s in args.sets.split(",") if s]
    unknown = [s for s in names if s not in SETS]
    if unknown:
        parser.error(f"unknown set {unknown[0]!r}; choose from {', '.join(SETS)}")
    aligner = Aligner()
    systems = {"lintas": lintas(aligner)}
    if not args.no_baselines:
        systems["gale-church (ratio-scaled)"] = gale_church(scaled=True)
        systems["gale-church (plain)"] = gale_church(scaled=False)
    from translate.align.lexicon import load_lexicon

    lex_sources = load_lexicon().meta.get("sources", "?")
    rows = []
    for name in names:
        docs = SETS[name]()
        n_src = sum(len(d[0]) for d in docs)
        n_tgt = sum(len(d[1]) for d in docs)
        golds = [g for _, _, g in docs]
        for sys_name, system in systems.items():
            start = time.perf_counter()
            hyps = [system(src, tgt) for src, tgt, _ in docs]
            seconds = time.perf_counter() - start
            variants = [("", False), (" coarse", True)] if name.startswith("bible") else [("", False)]
            for suffix, coarsen in variants:
                score = score_alignments(golds, hyps, coarsen=coarsen)
                rows.append(
                    {
                        "set": name + suffix,
                        "system": sys_name,
                        "documents": len(docs),
                        "src_sentences": n_src,
                        "tgt_sentences": n_tgt,
                        "seconds": round(seconds, 3),
                        **{k: round(v, 4) if isinstance(v, float) else v for k, v in score.as_dict().items()},
                    }
                )
            print(f"done {name} / {sys_name}", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps({"lexicon_sources": lex_sources, "seed": SEED, "rows": rows}, indent=2))
        return 0
    print(f"Lexicon learned from: {lex_sources}")
    print(
        "Evaluation sets are FLORES-200 devtest, TICO-19 test and the Bible NT: none is in the lexicon's data.\n"
    )
    print(
        "| set | docs | sentences id/en | system | strict P | strict R | strict F1 | lax P | lax R | lax F1 | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['set']} | {r['documents']} | {r['src_sentences']}/{r['tgt_sentences']} | {r['system']} "
            f"| {r['precision_strict']:.4f} | {r['recall_strict']:.4f} | {r['f1_strict']:.4f} "
            f"| {r['precision_lax']:.4f} | {r['recall_lax']:.4f} | {r['f1_lax']:.4f} | {r['seconds']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
