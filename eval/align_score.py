"""Strict and lax precision, recall and F1 of sentence alignments, after vecalign's ``score.py``.

* **Strict**: a hypothesis bead is correct when the gold alignment has exactly the same bead (same source and
  target indices).
* **Lax**: a hypothesis bead is correct when one of its source sentences is aligned, in the gold, to one of its
  target sentences (some overlap on both sides).

Precision is computed over the hypothesis beads, recall over the gold beads (the same test with the roles
swapped); counts are summed over all documents before dividing (micro average). Null beads (1-0, 0-1: a
sentence without counterpart) are excluded on both sides: they are not pairs of text, and a corpus built from an
alignment keeps only non-null beads. (vecalign excludes them from recall only; with ``include_null=True`` null
hypothesis beads are counted in precision as vecalign does.)

Gold that is coarser than sentences (Bible verses that hold several sentences on both sides) can only judge
whether a hypothesis keeps within the gold units. :func:`coarsen_to_gold` merges the hypothesis beads that lie
inside one gold bead and cover it exactly, so a split *inside* a verse is not counted as an error.

Verse-aligned text (the eBible corpus format: line *i* of each file is the same verse, an empty line a verse
that translation lacks, a line ``<range>`` a verse merged into the one before it) gives gold beads by
construction: :func:`verse_units` turns one chapter of two such files into verse units and their gold beads, and
:func:`expand_beads` carries gold beads over units down to the sentences the units are split into.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from lintas.translate.errors import InputError

BeadT = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class AlignScore:
    """Strict and lax precision/recall/F1 and the counts they come from."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    hyp_beads: int
    gold_beads: int
    documents: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)

    def format(self) -> str:
        """A small table, like vecalign's."""
        return (
            f"documents {self.documents}, gold beads {self.gold_beads}, hypothesis beads {self.hyp_beads} "
            "(null beads excluded)\n"
            "|           | strict | lax    |\n"
            "|-----------|--------|--------|\n"
            f"| precision | {self.precision_strict:.4f} | {self.precision_lax:.4f} |\n"
            f"| recall    | {self.recall_strict:.4f} | {self.recall_lax:.4f} |\n"
            f"| F1        | {self.f1_strict:.4f} | {self.f1_lax:.4f} |"
        )


def _norm(beads: Iterable[Sequence[Sequence[int]]]) -> list[BeadT]:
    return [(tuple(int(i) for i in s), tuple(int(j) for j in t)) for s, t in beads]


def _counts(gold: Sequence[BeadT], test: Sequence[BeadT]) -> tuple[int, int, int, int]:
    """``(strict hits, strict misses, lax hits, lax misses)`` of the ``test`` beads against ``gold``."""
    gold_set = set(gold)
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold:
        for s in gs:
            src_to_tgt[s].update(gt)
    tp_s = fp_s = tp_l = fp_l = 0
    for bead in set(test):
        if bead in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        linked = set().union(*(src_to_tgt.get(s, set()) for s in bead[0])) if bead[0] else set()
        if linked.intersection(bead[1]):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _ratio(a: int, b: int) -> float:
    return a / (a + b) if a + b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def coarsen_to_gold(gold: Sequence[BeadT], hyp: Sequence[BeadT]) -> list[BeadT]:
    """Merge hypothesis beads that together cover exactly one gold bead, without crossing its edges.

    A hypothesis bead is *inside* a gold bead when its sentences on both sides belong to that bead. When the
    non-null hypothesis beads inside a gold bead cover all of its sentences, they are replaced by the gold bead;
    every other hypothesis bead is kept as it is.
    """
    gold = _norm(gold)
    src_unit = {s: k for k, (gs, _) in enumerate(gold) for s in gs}
    tgt_unit = {t: k for k, (_, gt) in enumerate(gold) for t in gt}
    inside: dict[int, list[BeadT]] = defaultdict(list)
    out: list[BeadT] = []
    for bead in _norm(hyp):
        units = {src_unit.get(s) for s in bead[0]} | {tgt_unit.get(t) for t in bead[1]}
        unit = next(iter(units)) if len(units) == 1 else None
        if unit is not None and bead[0] and bead[1]:
            inside[unit].append(bead)
        else:
            out.append(bead)
    for k, beads in inside.items():
        gs, gt = gold[k]
        covered_s = sorted(s for b in beads for s in b[0])
        covered_t = sorted(t for b in beads for t in b[1])
        if tuple(covered_s) == gs and tuple(covered_t) == gt:
            out.append(gold[k])
        else:
            out.extend(beads)
    return out


def score_alignments(
    gold_docs: Sequence[Sequence[Sequence[Sequence[int]]]],
    hyp_docs: Sequence[Sequence[Sequence[Sequence[int]]]],
    *,
    include_null: bool = False,
    coarsen: bool = False,
) -> AlignScore:
    """Score hypothesis alignments against gold, document by document.

    Args:
        gold_docs: per document, the gold beads as ``(source indices, target indices)``.
        hyp_docs: per document (same order), the hypothesis beads.
        include_null: count null hypothesis beads in precision, as vecalign does.
        coarsen: merge hypothesis beads to the gold's resolution first (:func:`coarsen_to_gold`).

    Raises:
        ValueError: different numbers of documents.
    """
    if len(gold_docs) != len(hyp_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(hyp_docs)} hypothesis documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    n_hyp = n_gold = 0
    for gold, hyp in zip(gold_docs, hyp_docs, strict=True):
        gold_n, hyp_n = _norm(gold), _norm(hyp)
        if coarsen:
            hyp_n = coarsen_to_gold(gold_n, hyp_n)
        gold_pairs = [b for b in gold_n if b[0] and b[1]]
        hyp_pairs = [b for b in hyp_n if b[0] and b[1]]
        hyp_for_p = [b for b in hyp_n if b[0] or b[1]] if include_null else hyp_pairs
        gold_for_p = [b for b in gold_n if b[0] or b[1]] if include_null else gold_pairs
        for k, v in enumerate(_counts(gold_for_p, hyp_for_p)):
            p[k] += v
        for k, v in enumerate(_counts(hyp_pairs, gold_pairs)):
            r[k] += v
        n_hyp += len(set(hyp_pairs))
        n_gold += len(set(gold_pairs))
    ps, pl = _ratio(p[0], p[1]), _ratio(p[2], p[3])
    rs, rl = _ratio(r[0], r[1]), _ratio(r[2], r[3])
    return AlignScore(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), n_hyp, n_gold, len(gold_docs))


# ------------------------------------------------------------------------------------------------ verse gold
#: The eBible corpus line that merges a verse into the previous one (a verse range).
RANGE_MARKER = "<range>"


@dataclass(frozen=True)
class VerseUnits:
    """One chapter of a verse-aligned pair as segments with gold beads.

    Attributes:
        src: source verse units, in order: a verse's text, with the text of the verses merged into it by range
            lines (those verses have no text of their own).
        tgt: target verse units.
        beads: gold beads over unit indices, in order: a unit of one side and the units of the other side that
            share a verse with it are one bead (1-1 for plain verses, n-m where the two sides merge different
            verse ranges); a unit whose verses the other side lacks is a null bead (1-0 or 0-1).
        src_verses: the verse numbers (0-based line offsets in the chapter) each source unit covers.
        tgt_verses: the same for the target units.
    """

    src: list[str]
    tgt: list[str]
    beads: list[BeadT]
    src_verses: list[tuple[int, ...]]
    tgt_verses: list[tuple[int, ...]]


def _side_units(lines: Sequence[str]) -> tuple[list[str], list[tuple[int, ...]]]:
    texts: list[str] = []
    verses: list[list[int]] = []
    for k, line in enumerate(lines):
        text = line.strip()
        if text == RANGE_MARKER:
            if verses:  # a range line with no unit before it in the chapter merges into nothing
                verses[-1].extend(range(verses[-1][-1] + 1, k + 1))
        elif text:
            texts.append(text)
            verses.append([k])
    return texts, [tuple(v) for v in verses]


def verse_units(src_lines: Sequence[str], tgt_lines: Sequence[str]) -> VerseUnits:
    """Verse units of one chapter and their gold beads (see :class:`VerseUnits`).

    Args:
        src_lines: the chapter's verses in the source translation, one line a verse (empty: verse absent;
            ``<range>``: verse merged into the previous unit, which then also covers any absent verse between).
        tgt_lines: the same verses in the target translation.

    Raises:
        ValueError: the two sides have different numbers of verse lines.
    """
    if len(src_lines) != len(tgt_lines):
        raise ValueError(f"{len(src_lines)} source verse lines but {len(tgt_lines)} target verse lines")
    src, src_verses = _side_units(src_lines)
    tgt, tgt_verses = _side_units(tgt_lines)
    # Units are verse intervals; overlapping intervals of the two sides form one bead. Sorting the units of
    # both sides by first verse and sweeping joins every chain of overlaps.
    spans = sorted(
        [(v[0], v[-1], 0, k) for k, v in enumerate(src_verses)]
        + [(v[0], v[-1], 1, k) for k, v in enumerate(tgt_verses)]
    )
    groups: list[tuple[int, list[int], list[int]]] = []  # (last verse, source units, target units)
    for first, last, side, k in spans:
        if not groups or first > groups[-1][0]:
            groups.append((last, [], []))
        end, s, t = groups[-1]
        (s if side == 0 else t).append(k)
        groups[-1] = (max(end, last), s, t)
    beads = [(tuple(sorted(s)), tuple(sorted(t))) for _, s, t in groups]
    return VerseUnits(src, tgt, beads, src_verses, tgt_verses)


def expand_beads(beads: Sequence[BeadT], src_counts: Sequence[int], tgt_counts: Sequence[int]) -> list[BeadT]:
    """Gold beads over units turned into gold beads over the sentences of the units.

    Args:
        beads: beads over unit indices.
        src_counts: number of sentences of each source unit (units are split in order, sentences numbered on).
        tgt_counts: the same for the target units.

    Returns:
        Beads over sentence indices; a bead whose units hold no sentence on either side is dropped.
    """

    def starts(counts: Sequence[int]) -> list[int]:
        out = [0]
        for c in counts:
            out.append(out[-1] + c)
        return out

    ss, ts = starts(src_counts), starts(tgt_counts)
    out = []
    for s, t in beads:
        src = tuple(i for u in s for i in range(ss[u], ss[u + 1]))
        tgt = tuple(j for u in t for j in range(ts[u], ts[u + 1]))
        if src or tgt:
            out.append((src, tgt))
    return out


# ------------------------------------------------------------------------------------------------------- files
def _read_jsonl(path: str | Path) -> list[tuple[int, dict]]:
    from lintas.translate.io import read_text

    rows = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}: line {lineno} is not valid JSON ({exc.msg}); fix or remove that line"
            ) from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}: line {lineno} is not a JSON object; expected one object a line")
        rows.append((lineno, obj))
    return rows


def _indices(value: object, path: str | Path, lineno: int, what: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value
    ):
        raise InputError(f"{path}: line {lineno}: {what} must be a list of sentence indices (integers >= 0)")
    return tuple(value)


def read_beads(path: str | Path) -> dict[object, list[BeadT]]:
    """Read alignments from JSONL, keyed by document id, in either shape.

    * gold shape, one document a line: ``{"id": ..., "beads": [[[src...], [tgt...]], ...]}``;
    * ``lintas align`` output, one bead a line: ``{"id": ..., "src": [...], "tgt": [...], ...}``.

    Raises:
        InputError: unreadable file, invalid JSON (naming the line), or a line of neither shape.
    """
    docs: dict[object, list[BeadT]] = {}
    for lineno, obj in _read_jsonl(path):
        doc_id = obj.get("id")
        if isinstance(doc_id, (list, dict)):
            raise InputError(f'{path}: line {lineno}: "id" must be a string, number or null')
        if "beads" in obj:
            beads = obj["beads"]
            if not isinstance(beads, list) or not all(isinstance(b, list) and len(b) == 2 for b in beads):
                raise InputError(
                    f'{path}: line {lineno}: "beads" must be a list of [[src...], [tgt...]] pairs'
                )
            if doc_id in docs:
                raise InputError(f"{path}: line {lineno}: document id {doc_id!r} appears twice")
            docs[doc_id] = [
                (_indices(s, path, lineno, "bead source"), _indices(t, path, lineno, "bead target"))
                for s, t in beads
            ]
        elif "src" in obj and "tgt" in obj:
            bead = (_indices(obj["src"], path, lineno, '"src"'), _indices(obj["tgt"], path, lineno, '"tgt"'))
            docs.setdefault(doc_id, []).append(bead)
        else:
            raise InputError(
                f'{path}: line {lineno} has neither "beads" nor "src"/"tgt"; give gold documents or '
                "`lintas align` JSONL output"
            )
    return docs


def score_files(
    gold_path: str | Path, hyp_path: str | Path, *, include_null: bool = False, coarsen: bool = False
) -> AlignScore:
    """Score a hypothesis JSONL file against a gold JSONL file, matching documents by id.

    When each file holds exactly one document, they are compared whatever their ids (a single ``lintas align``
    run writes ``"id": null``).

    Raises:
        InputError: unreadable or malformed files, or document ids present in one file only.
    """
    gold = read_beads(gold_path)
    hyp = read_beads(hyp_path)
    if len(gold) == 1 and len(hyp) == 1:
        return score_alignments(
            list(gold.values()), list(hyp.values()), include_null=include_null, coarsen=coarsen
        )
    missing = [k for k in gold if k not in hyp]
    extra = [k for k in hyp if k not in gold]
    if missing:
        raise InputError(
            f"{hyp_path}: no beads for document id {missing[0]!r} of {gold_path} "
            f"({len(missing)} missing); align every gold document"
        )
    if extra:
        raise InputError(f"{hyp_path}: document id {extra[0]!r} is not in {gold_path}; check the ids match")
    return score_alignments(
        [gold[k] for k in gold], [hyp[k] for k in gold], include_null=include_null, coarsen=coarsen
    )


def score_dict(scores: Mapping[str, AlignScore]) -> dict[str, dict[str, float | int]]:
    """JSON-ready form of several named scores."""
    return {name: s.as_dict() for name, s in scores.items()}
