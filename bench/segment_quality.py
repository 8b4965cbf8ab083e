"""Sentence-boundary quality of lintas's segmenter against other splitters, on FLORES-200 and TICO-19.

Each test set is grouped into documents by consecutive equal lines of its ``.docid`` file; a document's
reference sentences (one per line) are joined with one space and split back by every candidate. A boundary is
the offset between two sentences, counted in non-whitespace characters so that splitters which re-space their
output are scored fairly; precision, recall and F1 are micro-averaged over all documents of a set.

Two caveats, reported rather than hidden:

* some reference lines hold two sentences (TICO-19 has "...tests per day.Open source ..."), so a correct split
  inside such a line counts as a false positive;
* some reference lines end with no punctuation at all (TICO-19's CMU conversational phrases), so the boundary
  after them cannot be found from the text and counts as a false negative.

The headline table is the plain score. The *oracle-adjusted* table drops only the second kind: reference
boundaries whose left sentence ends in a letter or digit with no closing punctuation are ignored (neither a
hit nor a miss), whatever the candidate predicts there.

Usage::

    .venv/bin/python bench/segment_quality.py            # Markdown tables on stdout
    .venv/bin/python bench/segment_quality.py --json     # the same numbers as JSON

Candidates that are not installed (sentencex, pysbd, blingfire, sentence-splitter, nltk's punkt model) get a
"not installed" line. They are bench-only: ``pip install sentencex pysbd blingfire sentence-splitter``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.segment import Segmenter  # noqa: E402

TESTSETS = {
    "flores200": ("dev", "devtest"),
    "tico19": ("dev", "test"),
}
LANG_SUFFIX = {"id": "ind", "en": "eng"}
_NON_SPACE = re.compile(r"\S")
_UNRECOVERABLE = re.compile(r"[^\W_]$")  # a reference sentence ending in a letter or digit, no punctuation

Splitter = Callable[[str], list[str]]


# ------------------------------------------------------------------------------------------------ data
def load_documents(set_name: str, lang: str, data_dir: Path) -> list[list[str]]:
    """Documents (lists of reference sentences) of every split of ``set_name`` in ``lang``."""
    docs: list[list[str]] = []
    for split in TESTSETS[set_name]:
        base = data_dir / set_name / split
        lines = base.with_suffix(f".{LANG_SUFFIX[lang]}").read_text(encoding="utf-8").splitlines()
        ids = base.with_suffix(".docid").read_text(encoding="utf-8").splitlines()
        if len(lines) != len(ids):
            raise SystemExit(f"{base}: {len(lines)} lines but {len(ids)} document ids")
        pairs = zip(ids, lines, strict=True)
        docs += [[line.strip() for _, line in group] for _, group in groupby(pairs, key=lambda p: p[0])]
    return docs


# ------------------------------------------------------------------------------------------ candidates
def _naive(lang: str) -> Splitter:
    pattern = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
    return lambda text: pattern.split(text)


def _lintas(lang: str) -> Splitter:
    return Segmenter(lang).split


def _sentencex(lang: str) -> Splitter:
    from sentencex import segment

    return lambda text: list(segment(lang, text))


def _pysbd(lang: str) -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)  # pysbd has no Indonesian rules: English ones for both
    return seg.segment


def _blingfire(lang: str) -> Splitter:
    import blingfire

    return lambda text: blingfire.text_to_sentences(text).split("\n")


def _sentence_splitter(lang: str) -> Splitter:
    from sentence_splitter import SentenceSplitter

    splitter = SentenceSplitter(language="en")  # no Indonesian prefix list: English for both
    return splitter.split


def _punkt(lang: str) -> Splitter:
    import nltk

    if lang != "en":
        raise LookupError("punkt has no Indonesian model")
    for resource in ("tokenizers/punkt_tab/english/", "tokenizers/punkt/english.pickle"):
        try:
            nltk.data.find(resource)
            break
        except LookupError:
            continue
    else:
        raise LookupError("nltk punkt model not downloaded (offline)")
    return lambda text: nltk.sent_tokenize(text, language="english")


CANDIDATES: dict[str, tuple[Callable[[str], Splitter], str]] = {
    "lintas": (_lintas, ""),
    "naive regex": (_naive, r"`(?<=[.!?])\s+(?=[A-Z\"“])`"),
    "sentencex": (_sentencex, ""),
    "pysbd": (_pysbd, "English rules for both languages"),
    "blingfire": (_blingfire, "language-independent"),
    "sentence-splitter": (_sentence_splitter, "English prefixes for both languages"),
    "nltk punkt": (_punkt, "English only"),
}


# --------------------------------------------------------------------------------------------- scoring
@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sentences: int = 0
    seconds: float = 0.0
    text_changed: int = 0  # documents whose non-space characters the candidate altered
    errors: list[tuple[str, str]] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _nonspace_len(text: str) -> int:
    return len(_NON_SPACE.findall(text))


def _boundaries(sentences: list[str]) -> list[int]:
    """Boundary positions in non-whitespace characters (the end of every sentence but the last)."""
    out, pos = [], 0
    for sentence in sentences[:-1]:
        pos += _nonspace_len(sentence)
        out.append(pos)
    return out


def score(splitter: Splitter, docs: list[list[str]], oracle: bool, keep_errors: int = 0) -> Counts:
    counts = Counts()
    for doc in docs:
        text = " ".join(doc)
        gold = _boundaries(doc)
        ignore = set()
        if oracle:
            ignore = {b for b, sentence in zip(gold, doc, strict=False) if _UNRECOVERABLE.search(sentence)}
        t0 = time.perf_counter()
        predicted = [s for s in splitter(text) if s.strip()]
        counts.seconds += time.perf_counter() - t0
        counts.sentences += len(doc)
        if sum(map(_nonspace_len, predicted)) != _nonspace_len(text):
            counts.text_changed += 1
        gold_set = set(gold) - ignore
        pred_set = set(_boundaries(predicted)) - ignore
        counts.tp += len(gold_set & pred_set)
        counts.fp += len(pred_set - gold_set)
        counts.fn += len(gold_set - pred_set)
        if keep_errors and len(counts.errors) < keep_errors:
            for b in sorted(pred_set ^ gold_set):
                kind = "FP" if b in pred_set else "FN"
                counts.errors.append((kind, _context(text, b)))
    return counts


def _context(text: str, boundary: int, width: int = 60) -> str:
    """The text around a boundary given in non-space characters, with the boundary marked ``‖``."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == boundary:
            return text[max(0, i - width) : i] + "‖" + text[i : i + width]
        if not ch.isspace():
            seen += 1
    return text[-width:] + "‖"


def synthetic_speed(n: int = 10_000) -> float:
    """Seconds lintas takes to split one ``n``-sentence Indonesian document."""
    pattern = [
        "Presiden Joko Widodo meresmikan Jl. Sudirman No. 5 pada pukul 10.30 WIB.",
        "Biayanya Rp 12.000.000, naik 3,5 persen dari tahun 2020.",
        "“Kami akan terus bekerja!” katanya di Jakarta, Senin (5/6).",
        "Dr. H. Ahmad, S.H., M.H. hadir bersama tim dll.",
        "Informasi lebih lanjut di https://www.kompas.com/a.b?x=1 atau kompas.id.",
    ]
    text = " ".join(pattern[i % len(pattern)] for i in range(n))
    seg = Segmenter("id")
    t0 = time.perf_counter()
    count = len(seg.split(text))
    elapsed = time.perf_counter() - t0
    assert count == n, f"synthetic document split into {count} sentences, expected {n}"
    return elapsed


# ---------------------------------------------------------------------------------------------- report
def run(data_dir: Path, show_errors: int, only: list[str] | None = None) -> dict:
    docs = {(s, lang): load_documents(s, lang, data_dir) for s in TESTSETS for lang in LANG_SUFFIX}
    results: dict = {"candidates": {}, "sets": {}}
    for (s, lang), d in docs.items():
        results["sets"][f"{s}/{lang}"] = {"documents": len(d), "sentences": sum(map(len, d))}
    for name, (factory, note) in CANDIDATES.items():
        if only and name not in only:
            continue
        entry: dict = {"note": note, "installed": True, "scores": {}}
        results["candidates"][name] = entry
        total_sentences, total_seconds = 0, 0.0
        for (s, lang), d in docs.items():
            try:
                splitter = factory(lang)
            except (ImportError, LookupError) as exc:
                entry["scores"][f"{s}/{lang}"] = {"skipped": str(exc).splitlines()[0]}
                continue
            plain = score(splitter, d, oracle=False, keep_errors=show_errors if name == "lintas" else 0)
            oracle = score(splitter, d, oracle=True)
            total_sentences += plain.sentences
            total_seconds += plain.seconds
            p, r, f = plain.prf()
            op, orr, of = oracle.prf()
            entry["scores"][f"{s}/{lang}"] = {
                "precision": p,
                "recall": r,
                "f1": f,
                "tp": plain.tp,
                "fp": plain.fp,
                "fn": plain.fn,
                "oracle_precision": op,
                "oracle_recall": orr,
                "oracle_f1": of,
                "text_changed_docs": plain.text_changed,
            }
            if plain.errors:
                entry.setdefault("errors", {})[f"{s}/{lang}"] = plain.errors
        if total_seconds:
            entry["sentences_per_s"] = total_sentences / total_seconds
        if all("skipped" in v for v in entry["scores"].values()):
            entry["installed"] = False
    results["lintas_10k_sentence_document_s"] = synthetic_speed()
    return results


def _cell(v: dict, prefix: str = "") -> str:
    if "skipped" in v:
        return "–"
    return f"{v[prefix + 'precision']:.4f} / {v[prefix + 'recall']:.4f} / **{v[prefix + 'f1']:.4f}**"


def markdown(results: dict) -> str:
    cols = list(results["sets"])
    out = ["## Sentence boundary P / R / F1 (micro, plain)", ""]
    sizes = ", ".join(
        f"{k}: {v['documents']} docs, {v['sentences']} sentences" for k, v in results["sets"].items()
    )
    out.append(f"Sets: {sizes}.")
    out.append("")
    for prefix in ("", "oracle_"):
        if prefix:
            out += ["", "## Oracle-adjusted (reference boundaries after unpunctuated lines ignored)", ""]
        out.append("| candidate | " + " | ".join(cols) + " | sentences/s |")
        out.append("|---" * (len(cols) + 2) + "|")
        notes = []
        for name, entry in results["candidates"].items():
            if not entry["installed"]:
                reason = next(iter(entry["scores"].values()))["skipped"]
                notes.append(f"- {name}: not installed ({reason})")
                continue
            speed = entry.get("sentences_per_s")
            cells = [_cell(entry["scores"][c], prefix) for c in cols]
            speed_cell = f"{speed:,.0f}" if speed else "–"
            out.append(f"| {name} | " + " | ".join(cells) + f" | {speed_cell} |")
            if entry["note"]:
                notes.append(f"- {name}: {entry['note']}")
            skipped = {c: v["skipped"] for c, v in entry["scores"].items() if "skipped" in v}
            if skipped and not prefix:
                notes.append(f"- {name}: skipped {', '.join(skipped)} ({next(iter(skipped.values()))})")
        if not prefix:
            out.append("")
            out += notes
    out.append("")
    out.append(
        f"lintas on one 10,000-sentence Indonesian document: {results['lintas_10k_sentence_document_s']:.3f} s."
    )
    errors = results["candidates"]["lintas"].get("errors")
    if errors:
        out += ["", "## lintas errors (first of each set)", ""]
        for key, items in errors.items():
            for kind, ctx in items:
                out.append(f"- {key} {kind}: `{ctx}`")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "testsets", help="test set folder")
    parser.add_argument("--errors", type=int, default=0, help="list up to N lintas errors per set")
    parser.add_argument("--only", help="comma-separated candidate names (default: all)")
    args = parser.parse_args(argv)
    results = run(args.data, args.errors, args.only.split(",") if args.only else None)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
