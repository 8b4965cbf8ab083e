"""Sentence-alignment quality of lintas against Gale-Church, on shipped data, in one run.

Sets (all built from files under ``data/``, fixed seed):

* ``flores-devtest``: FLORES-200 devtest grouped into its 281 documents (consecutive equal ``.docid`` lines,
  3-5 sentences each), then perturbed: at each sentence, with probability 0.10 it is merged with the next one on
  one side (gold 2-1 or 1-2), with probability 0.03 it is deleted on one side (gold 1-0 or 0-1).
* ``flores-devtest-x10``: the same after concatenating every 10 consecutive documents (~36 sentences): errors
  can now drift across document boundaries, as in real articles.
* ``tico-test``: TICO-19 test, 19 documents of ~110 sentences, same perturbation.
* lintas gets the paragraph number of every sentence of the synthetic sets, as the segmenter gives them for real
  documents: in ``flores-devtest-x10`` each original document is a paragraph (merges stay inside paragraphs), in
  the others the document is one paragraph; inserted bylines and captions are paragraphs of their own.
* ``*+noise``: the same sets with, in addition, before 5% of the sentences an unrelated sentence from another
  document inserted on one side (an extra sentence of a real translation), and before 4% a byline, photo credit
  or "read also" line inserted on one side as a paragraph of its own. Inserted sentences are gold null beads.
* ``bible-nt``: the New Testament, AGS (Indonesian) x FBV (English), each chapter a document, each verse unit
  split into sentences by the project segmenter on both sides (``data/align/SOURCE.md``). Gold beads are verse
  units; ``coarse`` rows merge hypothesis beads that exactly split one verse unit before scoring, because a
  verse-level gold cannot say which sentence inside a verse goes with which.
* ``bible-nt-verses``: the same chapters with each *segment* a verse unit (a verse, plus the verses a
  ``<range>`` line merges into it), aligned presplit as ``lintas align --presplit`` would: gold beads are 1-1
  for plain verses, n-m where the two sides merge different verse ranges, 1-0/0-1 for a verse one side lacks
  (:func:`lintas.eval.align_score.verse_units`).

The shipped lexicon is learned from FLORES dev, TICO-19 dev, Tatoeba, NusaX-MT and the Bible NT
(``data/lexicon/SOURCE.md``), never from FLORES devtest or TICO-19 test. For the Bible set, lintas uses two
lexicons learned the same way but each without half of the NT books, and aligns every chapter with the lexicon
that has not seen it. The aligner's weights were tuned on FLORES dev and TICO-19 dev documents, perturbed the
same way plus bylines, captions and unrelated sentences, with a lexicon that had not seen them (``--dev`` runs
exactly those tuning sets); changes aimed at the Bible were judged on fold 0 (MAT, LUK, ACT...) and kept only
when the tuning sets did not get worse (``--folds`` scores each fold on its own).

Baselines: ``nltk.translate.gale_church.align_blocks`` on character lengths, once with the source lengths
scaled by the document's length ratio (English/Indonesian characters) and once plain (ratio 1, its default).

Usage::

    .venv/bin/python bench/align_quality.py           # Markdown table
    .venv/bin/python bench/align_quality.py --json    # the same numbers as JSON
    .venv/bin/python bench/align_quality.py --sets flores-devtest,bible-nt --no-baselines
    .venv/bin/python bench/align_quality.py --sets bible-nt,bible-nt-verses --folds   # each Bible fold too
    .venv/bin/python bench/align_quality.py --dev     # the tuning sets (FLORES-200 dev, TICO-19 dev)
    .venv/bin/python bench/align_quality.py --dev --config skip=6 --no-baselines     # a what-if setting
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lintas.eval.align_score import VerseUnits, expand_beads, score_alignments, verse_units  # noqa: E402
from lintas.translate.align import Aligner, AlignerConfig  # noqa: E402

DATA = ROOT / "data"
SEED = 13
P_MERGE = 0.10
P_DELETE = 0.03
P_INSERT = 0.05
P_EXTRA = 0.04

Pair = tuple[str, str]
Bead = tuple[tuple[int, ...], tuple[int, ...]]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def load_documents(testset: str, split: str) -> list[list[Pair]]:
    """Sentence pairs of a shipped test set, grouped into documents by consecutive equal doc ids."""
    base = DATA / "testsets" / testset
    ind, eng, ids = (_lines(base / f"{split}.{ext}") for ext in ("ind", "eng", "docid"))
    rows = list(zip(ind, eng, ids, strict=True))
    return [[(a, b) for a, b, _ in group] for _, group in groupby(rows, key=lambda r: r[2])]


def concat(docs: Sequence[list[Pair]], k: int) -> list[list[Pair]]:
    """Join every ``k`` consecutive documents into one."""
    return [[p for d in docs[i : i + k] for p in d] for i in range(0, len(docs), k)]


@dataclass
class Doc:
    """A synthetic or gold document pair: sentences, gold beads and (when known) paragraph numbers."""

    src: list[str]
    tgt: list[str]
    gold: list[Bead]
    src_par: list[int] | None = None
    tgt_par: list[int] | None = None


#: Bylines, captions and "read also" lines, the extra paragraphs real translated articles carry on one side.
_NAMES = ("Budi Santoso", "Jane Smith", "Tom Brown", "Siti Rahma", "Yves Herman", "Agus Salim", "Maria Lopez")
_AGENCIES = ("Reuters", "AFP", "Antara", "AP", "Kompas", "Tempo", "Getty Images", "BBC")
_ID_EXTRA = ("Foto: {a}/{n}", "Oleh {n} ({a})", "Penulis: {n} | Editor: {m}", "Baca juga: Harga minyak naik lagi",
             "({a})", "Laporan tambahan oleh {n}")  # fmt: skip
_EN_EXTRA = ("Photo: {a}/{n}", "By {n}, {a}", "Reporting by {n}; editing by {m}", "Read more: Floods hit Jakarta",
             "({a})", "Additional reporting by {n}")  # fmt: skip


def extra_line(rng: random.Random, templates: Sequence[str]) -> str:
    return rng.choice(templates).format(a=rng.choice(_AGENCIES), n=rng.choice(_NAMES), m=rng.choice(_NAMES))


def perturb(
    doc: Sequence[Pair],
    rng: random.Random,
    *,
    paragraphs: Sequence[int] | None = None,
    pool: Sequence[Pair] = (),
    p_merge: float = P_MERGE,
    p_delete: float = P_DELETE,
    p_insert: float = 0.0,
    p_extra: float = 0.0,
) -> Doc:
    """A synthetic document pair with gold beads.

    At each sentence pair: an unrelated sentence from ``pool`` is inserted on one side (``p_insert``, same
    paragraph), a byline or caption is inserted on one side as a paragraph of its own (``p_extra``); then the pair
    is deleted on one side (``p_delete``), merged with the next pair of the same paragraph on one side
    (``p_merge``: gold 2-1 or 1-2), or kept (1-1). Inserted and deleted sentences are gold null beads.
    """
    paras = list(paragraphs) if paragraphs is not None else [0] * len(doc)
    out = Doc([], [], [], [], [])
    extra_par = -1
    own = set(doc)

    def add(side: str, text: str, par: int) -> int:
        texts, pars = (out.src, out.src_par) if side == "src" else (out.tgt, out.tgt_par)
        texts.append(text)
        pars.append(par)
        return len(texts) - 1

    i = 0
    while i < len(doc):
        par = paras[i]
        if p_insert and pool and rng.random() < p_insert:
            other = rng.choice(pool)
            while other in own:
                other = rng.choice(pool)
            if rng.random() < 0.5:
                out.gold.append(((add("src", other[0], par),), ()))
            else:
                out.gold.append(((), (add("tgt", other[1], par),)))
        if p_extra and rng.random() < p_extra:
            extra_par -= 1
            if rng.random() < 0.5:
                out.gold.append(((add("src", extra_line(rng, _ID_EXTRA), extra_par),), ()))
            else:
                out.gold.append(((), (add("tgt", extra_line(rng, _EN_EXTRA), extra_par),)))
        a, b = doc[i]
        r = rng.random()
        if r < p_delete:
            if rng.random() < 0.5:
                out.gold.append(((add("src", a, par),), ()))
            else:
                out.gold.append(((), (add("tgt", b, par),)))
            i += 1
        elif r < p_delete + p_merge and i + 1 < len(doc) and paras[i + 1] == par:
            a2, b2 = doc[i + 1]
            if rng.random() < 0.5:
                s = add("src", f"{a} {a2}", par)
                out.gold.append(((s,), (add("tgt", b, par), add("tgt", b2, par))))
            else:
                t = add("tgt", f"{b} {b2}", par)
                out.gold.append(((add("src", a, par), add("src", a2, par)), (t,)))
            i += 2
        else:
            out.gold.append(((add("src", a, par),), (add("tgt", b, par),)))
            i += 1
    # Gold beads must list sentences in order; a merge adds its source before its targets, so sort each side.
    out.gold = [(tuple(sorted(s)), tuple(sorted(t))) for s, t in out.gold]
    # Paragraph numbers only need to tell paragraphs apart: renumber them in order of appearance.
    out.src_par = _renumber(out.src_par)
    out.tgt_par = _renumber(out.tgt_par)
    return out


def _renumber(numbers: list[int]) -> list[int]:
    out, last, k = [], None, -1
    for x in numbers:
        if x != last:
            k += 1
            last = x
        out.append(k)
    return out


def synthetic(
    docs: Sequence[list[Pair]],
    *,
    noise: bool = False,
    paragraphs: Sequence[list[int]] | None = None,
    seed: int = SEED,
) -> list[Doc]:
    rng = random.Random(seed)
    pool = [p for d in docs for p in d]
    return [
        perturb(
            d,
            rng,
            paragraphs=paragraphs[k] if paragraphs is not None else None,
            pool=pool,
            p_insert=P_INSERT if noise else 0.0,
            p_extra=P_EXTRA if noise else 0.0,
        )
        for k, d in enumerate(docs)
    ]


def concat_paragraphs(docs: Sequence[list[Pair]], k: int) -> list[list[int]]:
    """Paragraph numbers for :func:`concat`: each original document becomes one paragraph."""
    return [[n for n, d in enumerate(docs[i : i + k]) for _ in d] for i in range(0, len(docs), k)]


def bible_books() -> list[str]:
    """NT book codes in canonical order (MAT, MRK, ...)."""
    refs = _lines(DATA / "align" / "bible_nt.vref")
    return list(dict.fromkeys(r.split()[0] for r in refs))


def bible_fold(book: str) -> int:
    """Books alternate between two folds (MAT 0, MRK 1, LUK 0, ...): a fold is scored with a lexicon that has
    learned from the other fold only."""
    return bible_books().index(book) % 2


@functools.cache
def fold_lexicon(fold: int):
    """The shipped lexicon's recipe with the Bible books of ``fold`` left out (so scoring them is fair)."""
    from lintas.translate.align.lexicon import DEFAULT_CORPORA, learn_lexicon, read_parallel

    pairs = []
    for name, id_rel, en_rel in DEFAULT_CORPORA:
        if name == "bible-nt":
            continue
        pairs += read_parallel(DATA / id_rel, DATA / en_rel)
    refs, ind, eng = (_lines(DATA / "align" / f"bible_nt.{ext}") for ext in ("vref", "ind", "eng"))
    for ref, a, b in zip(refs, ind, eng, strict=True):
        if bible_fold(ref.split()[0]) != fold and a.strip() and b.strip() and "<range>" not in (a, b):
            pairs.append((a, b))
    return learn_lexicon(pairs)


def bible_verse_units() -> list[VerseUnits]:
    """Each NT chapter as verse units with gold beads (:func:`lintas.eval.align_score.verse_units`), in canonical order."""
    refs, ind, eng = (_lines(DATA / "align" / f"bible_nt.{ext}") for ext in ("vref", "ind", "eng"))
    chapters: dict[str, tuple[list[str], list[str]]] = {}
    for ref, a, b in zip(refs, ind, eng, strict=True):
        src, tgt = chapters.setdefault(ref.split(":")[0], ([], []))
        src.append(a)
        tgt.append(b)
    return [verse_units(src, tgt) for src, tgt in chapters.values()]


def bible_verse_documents() -> list[Doc]:
    """Bible NT chapters as documents whose segments are verse units, aligned presplit (``lintas align
    --presplit``): gold beads are 1-1 for plain verses, n-m where the sides merge different verse ranges, 1-0
    or 0-1 for a verse one side lacks."""
    return [Doc(u.src, u.tgt, u.beads) for u in bible_verse_units()]


def bible_documents() -> list[Doc]:
    """Bible NT chapters as documents whose segments are sentences: each verse unit is split by the project
    segmenter on both sides, and the gold bead of a verse unit holds all its sentences."""
    from lintas.translate.segment import split_sentences

    docs = []
    for units in bible_verse_units():
        src = [split_sentences(text, "id") for text in units.src]
        tgt = [split_sentences(text, "en") for text in units.tgt]
        gold = expand_beads(units.beads, [len(x) for x in src], [len(x) for x in tgt])
        docs.append(Doc([x for unit in src for x in unit], [x for unit in tgt for x in unit], gold))
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


def gale_church(scaled: bool) -> Callable[[Doc], list[Bead]]:
    from nltk.translate.gale_church import align_blocks

    def run(doc: Doc) -> list[Bead]:
        src, tgt = doc.src, doc.tgt
        if not src or not tgt:
            return []
        ls = [max(1, len(s)) for s in src]
        lt = [max(1, len(t)) for t in tgt]
        if scaled:
            ratio = sum(lt) / sum(ls)
            ls = [max(1, round(x * ratio)) for x in ls]
        return _links_to_beads(align_blocks(ls, lt))

    return run


def lintas(aligner: Aligner) -> Callable[[Doc], list[Bead]]:
    def run(doc: Doc) -> list[Bead]:
        result = aligner.align(doc.src, doc.tgt, src_paragraphs=doc.src_par, tgt_paragraphs=doc.tgt_par)
        return [(b.src, b.tgt) for b in result.beads]

    return run


def _x10(testset: str, split: str, noise: bool) -> list[Doc]:
    docs = load_documents(testset, split)
    return synthetic(concat(docs, 10), noise=noise, paragraphs=concat_paragraphs(docs, 10))


SETS: dict[str, Callable[[], list[Doc]]] = {
    "flores-devtest": lambda: synthetic(load_documents("flores200", "devtest")),
    "flores-devtest-x10": lambda: _x10("flores200", "devtest", False),
    "tico-test": lambda: synthetic(load_documents("tico19", "test")),
    "flores-devtest-x10+noise": lambda: _x10("flores200", "devtest", True),
    "tico-test+noise": lambda: synthetic(load_documents("tico19", "test"), noise=True),
    "bible-nt": bible_documents,
    "bible-nt-verses": bible_verse_documents,
}

#: The tuning sets (``--dev``): built like the evaluation sets from FLORES-200 dev and TICO-19 dev.
DEV_SETS: dict[str, Callable[[], list[Doc]]] = {
    "flores-dev": lambda: synthetic(load_documents("flores200", "dev")),
    "flores-dev-x10": lambda: _x10("flores200", "dev", False),
    "tico-dev": lambda: synthetic(load_documents("tico19", "dev")),
    "flores-dev-x10+noise": lambda: _x10("flores200", "dev", True),
    "tico-dev+noise": lambda: synthetic(load_documents("tico19", "dev"), noise=True),
}

#: Lexicon training sets that the tuning sets come from (left out of the lexicon used with ``--dev``).
DEV_CORPORA = ("flores200-dev", "tico19-dev")


def dev_lexicon():
    """The shipped lexicon's recipe without FLORES-200 dev and TICO-19 dev, so that tuning on them is fair."""
    from lintas.translate.align.lexicon import DEFAULT_CORPORA, learn_lexicon, read_parallel

    pairs = []
    for name, id_rel, en_rel in DEFAULT_CORPORA:
        if name not in DEV_CORPORA:
            pairs += read_parallel(DATA / id_rel, DATA / en_rel)
    return learn_lexicon(pairs)


def bible_chapters() -> list[str]:
    """The chapter (``MAT 1``) of each document of :func:`bible_documents`, in the same order."""
    refs = _lines(DATA / "align" / "bible_nt.vref")
    return list(dict.fromkeys(r.split(":")[0] for r in refs))


def align_bible_by_fold(docs: Sequence[Doc], config: AlignerConfig | None = None) -> list[list[Bead]]:
    """lintas on the Bible: each chapter aligned with the lexicon of the other fold."""
    chapters = bible_chapters()
    hyps: list[list[Bead]] = [[] for _ in docs]
    for fold in (0, 1):
        aligner = Aligner(Aligner.default_scorers(fold_lexicon(fold)), config)
        for k, doc in enumerate(docs):
            if bible_fold(chapters[k].split()[0]) == fold:
                hyps[k] = [(b.src, b.tgt) for b in aligner.align(doc.src, doc.tgt).beads]
    return hyps


def _variants(name: str, n_docs: int, folds: bool) -> list[tuple[str, bool, list[int]]]:
    """The rows a set is scored as: (suffix, coarsen to the gold, documents)."""
    everything = list(range(n_docs))
    if name != "bible-nt" and name != "bible-nt-verses":
        return [("", False, everything)]
    scorings = [("", False), (" coarse", True)] if name == "bible-nt" else [("", False)]
    out = [(suffix, coarsen, everything) for suffix, coarsen in scorings]
    if folds:
        fold_of = [bible_fold(ch.split()[0]) for ch in bible_chapters()]
        for fold in (0, 1):
            docs = [k for k in everything if fold_of[k] == fold]
            out += [(f"{suffix} (fold {fold})", coarsen, docs) for suffix, coarsen in scorings]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    parser.add_argument(
        "--sets", help="comma-separated sets (default: all evaluation sets, or all --dev sets)"
    )
    parser.add_argument("--no-baselines", action="store_true", help="lintas only")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="the tuning sets (FLORES-200 dev, TICO-19 dev), with a lexicon learned without them",
    )
    parser.add_argument("--folds", action="store_true", help="also score each Bible fold on its own")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an AlignerConfig setting for lintas, e.g. --config skip=6 (repeatable; what-if runs)",
    )
    args = parser.parse_args(argv)
    fields = {f.name: f.type for f in dataclasses.fields(AlignerConfig)}
    settings: dict[str, float] = {}
    for item in args.config:
        key, _, value = item.partition("=")
        if key not in fields:
            parser.error(f"--config {item!r}: no such setting; choose from {', '.join(fields)}")
        try:
            settings[key] = int(value) if fields[key] in (int, "int") else float(value)
        except ValueError:
            parser.error(f"--config {item!r}: {value!r} is not a number")
    config = AlignerConfig(**settings)
    table = DEV_SETS if args.dev else SETS
    names = [s for s in (args.sets or ",".join(table)).split(",") if s]
    unknown = [s for s in names if s not in table]
    if unknown:
        parser.error(f"unknown set {unknown[0]!r}; choose from {', '.join(table)}")
    if args.dev:
        aligner = Aligner(Aligner.default_scorers(dev_lexicon()), config)
        lex_sources = "the shipped recipe without " + " and ".join(DEV_CORPORA)
    else:
        from lintas.translate.align.lexicon import load_lexicon

        aligner = Aligner(config=config)
        lex_sources = load_lexicon().meta.get("sources", "?")
    systems = {"lintas": lintas(aligner)}
    if not args.no_baselines:
        systems["gale-church (ratio-scaled)"] = gale_church(scaled=True)
        systems["gale-church (plain)"] = gale_church(scaled=False)
    rows = []
    for name in names:
        docs = table[name]()
        for sys_name, system in systems.items():
            if name.startswith("bible") and sys_name == "lintas":
                fold_lexicon(0), fold_lexicon(1)  # learned once, outside the timing
            start = time.perf_counter()
            if name.startswith("bible") and sys_name == "lintas":
                hyps = align_bible_by_fold(docs, config)
            else:
                hyps = [system(d) for d in docs]
            seconds = time.perf_counter() - start
            for suffix, coarsen, subset in _variants(name, len(docs), args.folds):
                score = score_alignments(
                    [docs[k].gold for k in subset], [hyps[k] for k in subset], coarsen=coarsen
                )
                rows.append(
                    {
                        "set": name + suffix,
                        "system": sys_name,
                        "documents": len(subset),
                        "src_sentences": sum(len(docs[k].src) for k in subset),
                        "tgt_sentences": sum(len(docs[k].tgt) for k in subset),
                        "seconds": round(seconds, 3),
                        **{k: round(v, 4) if isinstance(v, float) else v for k, v in score.as_dict().items()},
                    }
                )
            print(f"done {name} / {sys_name}", file=sys.stderr, flush=True)
    if args.json:
        print(
            json.dumps(
                {"lexicon_sources": lex_sources, "seed": SEED, "config": settings, "rows": rows}, indent=2
            )
        )
        return 0
    print(f"Lexicon learned from: {lex_sources}")
    if settings:
        print(f"lintas settings changed from the defaults: {', '.join(args.config)}")
    if args.dev:
        print("Tuning sets: the lexicon has not seen FLORES-200 dev or TICO-19 dev.\n")
    else:
        print(
            "FLORES-200 devtest and TICO-19 test are not in the lexicon's data. The Bible NT is: its books "
            "alternate between two folds (fold 0: MAT, LUK, ACT...; fold 1: MRK, JHN, ROM...) and each fold is "
            "aligned with a lexicon learned without it (same recipe, learned before the timing starts).\n"
        )
    print(
        "| set | docs | segments id/en | system | strict P | strict R | strict F1 | lax P | lax R | lax F1 | seconds |"
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
