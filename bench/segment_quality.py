"""Sentence-boundary quality of lintas's segmenter against other splitters, on FLORES-200 and TICO-19.

Each test set is grouped into documents by consecutive equal lines of its ``.docid`` file; a document's
reference lines are joined with one space and split back by every candidate. A boundary is the offset between
two sentences, counted in non-whitespace characters so that splitters which re-space their output are scored
fairly; precision, recall and F1 are micro-averaged over all documents of a set.

The headline ("plain") score takes every line end, and only line ends, as the reference boundaries. Two facts
about the references make that score unreachable for any splitter, and are reported rather than hidden:

* many reference lines hold more than one sentence (FLORES quotes and Wikijunior paragraphs, TICO-19
  Wikipedia paragraphs and glued lines such as "...tests per day.Open source ..."), so a correct split inside
  a line counts as a false positive;
* some lines end with no sentence punctuation at all (TICO-19's conversational CMU phrases, headings, list
  items ending in ":" or ";"), so the boundary after them cannot be found from the text.

The *oracle-adjusted* score fixes both: it adds the sentence boundaries inside lines listed in
``bench/segment_oracle.tsv`` (every split point that any candidate proposed inside a line, checked by hand:
990 kept, 170 rejected), and ignores line ends whose line does not end in ``. ! ? …`` (optionally followed by
closing quotes or brackets): there neither a split nor its absence counts.

Usage::

    .venv/bin/python bench/segment_quality.py            # Markdown tables on stdout
    .venv/bin/python bench/segment_quality.py --json     # the same numbers as JSON
    .venv/bin/python bench/segment_quality.py --only lintas --errors 20   # lintas's errors (oracle-adjusted)

Candidates that are not installed (sentencex, pysbd, blingfire, sentence-splitter, nltk's punkt model) get a
"not installed" line. They are bench-only: ``pip install sentencex pysbd blingfire sentence-splitter``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lintas.translate.segment import Segmenter  # noqa: E402

TESTSETS = {"flores200": ("dev", "devtest"), "tico19": ("dev", "test")}
LANG_SUFFIX = {"id": "ind", "en": "eng"}
ORACLE_FILE = Path(__file__).with_name("segment_oracle.tsv")
_NON_SPACE = re.compile(r"\S")
#: A line that ends like a sentence; a boundary after any other line cannot be found from the text.
_PUNCTUATED = re.compile(r"[.!?…][\"'”’»)\]]*$")

Splitter = Callable[[str], list[str]]


# ------------------------------------------------------------------------------------------------ data
@dataclass
class Document:
    split: str
    first_line: int  # 1-based number of the document's first line in its split's file
    lines: list[str]
    inner: list[list[int]]  # per line: character offsets of hand-checked sentence starts inside the line

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def load_oracle(path: Path = ORACLE_FILE) -> dict[tuple[str, str, str, int, int], bool]:
    """Hand verdicts on split points inside reference lines: (set, split, lang, line, offset) -> is a boundary."""
    verdicts: dict[tuple[str, str, str, int, int], bool] = {}
    if not path.exists():
        return verdicts
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.startswith("#") or not row.strip():
            continue
        set_name, split, lang, line, offset, verdict = row.split("\t")[:6]
        verdicts[(set_name, split, lang, int(line), int(offset))] = verdict == "yes"
    return verdicts


def load_documents(
    set_name: str, lang: str, data_dir: Path, oracle_file: Path = ORACLE_FILE
) -> list[Document]:
    """Documents of every split of ``set_name`` in ``lang``, with the hand-checked inner boundaries."""
    inner: dict[tuple[str, str, str, int], list[int]] = defaultdict(list)
    for (s, split, lg, line, offset), yes in load_oracle(oracle_file).items():
        if yes:
            inner[(s, split, lg, line)].append(offset)
    docs: list[Document] = []
    for split in TESTSETS[set_name]:
        base = data_dir / set_name / split
        lines = base.with_suffix(f".{LANG_SUFFIX[lang]}").read_text(encoding="utf-8").splitlines()
        ids = base.with_suffix(".docid").read_text(encoding="utf-8").splitlines()
        if len(lines) != len(ids):
            raise SystemExit(f"{base}: {len(lines)} lines but {len(ids)} document ids")
        numbered = list(enumerate(zip(ids, lines, strict=True), 1))
        for _, group in groupby(numbered, key=lambda item: item[1][0]):
            items = list(group)
            docs.append(
                Document(
                    split=split,
                    first_line=items[0][0],
                    lines=[line.strip() for _, (_, line) in items],
                    inner=[sorted(inner.get((set_name, split, lang, n), [])) for n, _ in items],
                )
            )
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

    return SentenceSplitter(language="en").split  # no Indonesian prefix list: English for both


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
        raise LookupError("nltk is installed but its punkt model is not downloaded (no network here)")
    return lambda text: nltk.sent_tokenize(text, language="english")


CANDIDATES: dict[str, tuple[Callable[[str], Splitter], str]] = {
    "lintas": (_lintas, ""),
    "naive regex": (_naive, r"`(?<=[.!?])\s+(?=[A-Z\"“])`"),
    "sentencex": (_sentencex, "its own Indonesian and English rules"),
    "pysbd": (_pysbd, "English rules for both languages (no Indonesian)"),
    "blingfire": (_blingfire, "language-independent model"),
    "sentence-splitter": (_sentence_splitter, "English prefix list for both languages (no Indonesian)"),
    "nltk punkt": (_punkt, "English only"),
}


# --------------------------------------------------------------------------------------------- scoring
@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def add(self, gold: set[int], predicted: set[int], text: str, keep_errors: int) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        for b in sorted(predicted ^ gold):
            if len(self.errors) >= keep_errors:
                break
            self.errors.append(("FP" if b in predicted else "FN", _context(text, b)))


def _nonspace_len(text: str) -> int:
    return len(_NON_SPACE.findall(text))


def _boundaries(sentences: list[str]) -> set[int]:
    """Boundary positions in non-whitespace characters (the end of every sentence but the last)."""
    out, pos = set(), 0
    for sentence in sentences[:-1]:
        pos += _nonspace_len(sentence)
        out.add(pos)
    return out


def _oracle_boundaries(doc: Document) -> tuple[set[int], set[int]]:
    """(reference boundaries with the inner ones added, line ends that cannot be found from the text)."""
    gold, unfindable, pos = set(), set(), 0
    for k, (line, inner) in enumerate(zip(doc.lines, doc.inner, strict=True)):
        gold |= {pos + _nonspace_len(line[:offset]) for offset in inner}
        pos += _nonspace_len(line)
        if k < len(doc.lines) - 1:
            (gold if _PUNCTUATED.search(line) else unfindable).add(pos)
    return gold, unfindable


@dataclass
class Result:
    plain: Counts
    oracle: Counts
    sentences: int
    seconds: float
    text_changed: int  # documents whose non-space characters the candidate altered


def score(splitter: Splitter, docs: list[Document], keep_errors: int = 0) -> Result:
    plain, oracle = Counts(), Counts()
    sentences, seconds, changed = 0, 0.0, 0
    for doc in docs:
        text = doc.text
        t0 = time.perf_counter()
        predicted_sentences = [s for s in splitter(text) if s.strip()]
        seconds += time.perf_counter() - t0
        sentences += len(doc.lines)
        if sum(map(_nonspace_len, predicted_sentences)) != _nonspace_len(text):
            changed += 1
        predicted = _boundaries(predicted_sentences)
        plain.add(_boundaries(doc.lines), predicted, text, 0)
        gold, unfindable = _oracle_boundaries(doc)
        oracle.add(gold - unfindable, predicted - unfindable, text, keep_errors)
    return Result(plain, oracle, sentences, seconds, changed)


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
        "Prof. Dr. H. Ahmad, S.H., M.H. hadir bersama tim dll.",
        "Informasi lebih lanjut di https://www.kompas.com/a.b?x=1 atau kompas.id.",
    ]
    text = " ".join(pattern[i % len(pattern)] for i in range(n))
    seg = Segmenter("id")
    t0 = time.perf_counter()
    count = len(seg.split(text))
    elapsed = time.perf_counter() - t0
    assert count == n, f"synthetic document split into {count} sentences, expected {n}"
    return elapsed


def inner_proposals(splitter: Splitter, doc: Document) -> list[tuple[int, int]]:
    """Split points a splitter puts strictly inside a reference line: (line index, character offset)."""
    predicted = _boundaries([s for s in splitter(doc.text) if s.strip()])
    out, base = [], 0
    for k, line in enumerate(doc.lines):
        length = _nonspace_len(line)
        for b in sorted(p for p in predicted if base < p < base + length):
            seen, offset = 0, 0
            for offset, ch in enumerate(line):  # noqa: B007 - the offset after the b-th non-space character
                if not ch.isspace():
                    seen += 1
                    if seen == b - base:
                        break
            offset += 1
            while offset < len(line) and line[offset].isspace():
                offset += 1
            out.append((k, offset))
        base += length
    return out


def review(data_dir: Path, only: list[str] | None = None) -> list[str]:
    """TSV rows, verdict "?", for split points inside lines that a candidate proposes and the oracle lacks."""
    known = load_oracle()
    rows: dict[tuple[str, str, str, int, int], list[str]] = {}
    for set_name in TESTSETS:
        for lang in LANG_SUFFIX:
            docs = load_documents(set_name, lang, data_dir)
            for name, (factory, _) in CANDIDATES.items():
                if only and name not in only:
                    continue
                try:
                    splitter = factory(lang)
                except (ImportError, LookupError):
                    continue
                for doc in docs:
                    for k, offset in inner_proposals(splitter, doc):
                        key = (set_name, doc.split, lang, doc.first_line + k, offset)
                        if key not in known:
                            line = doc.lines[k]
                            context = (
                                line[max(0, offset - 40) : offset] + "‖" + line[offset : offset + 30]
                            ).replace("\t", " ")
                            rows.setdefault(key, [context]).append(name)
    return ["\t".join([*map(str, key), "?", v[0], ",".join(v[1:])]) for key, v in sorted(rows.items())]


# ---------------------------------------------------------------------------------------------- report
def run(data_dir: Path, show_errors: int = 0, only: list[str] | None = None) -> dict:
    docs = {f"{s}/{lang}": load_documents(s, lang, data_dir) for s in TESTSETS for lang in LANG_SUFFIX}
    results: dict = {"sets": {}, "candidates": {}}
    for key, d in docs.items():
        gold = [_oracle_boundaries(doc) for doc in d]
        results["sets"][key] = {
            "documents": len(d),
            "lines": sum(len(doc.lines) for doc in d),
            "inner_boundaries": sum(len(i) for doc in d for i in doc.inner),
            "unfindable_line_ends": sum(len(u) for _, u in gold),
        }
    for name, (factory, note) in CANDIDATES.items():
        if only and name not in only:
            continue
        entry: dict = {"note": note, "installed": True, "scores": {}}
        results["candidates"][name] = entry
        total_sentences, total_seconds = 0, 0.0
        for key, d in docs.items():
            try:
                splitter = factory(key.split("/")[1])
            except (ImportError, LookupError) as exc:
                entry["scores"][key] = {"skipped": str(exc).splitlines()[0]}
                continue
            res = score(splitter, d, keep_errors=show_errors)
            total_sentences += res.sentences
            total_seconds += res.seconds
            p, r, f = res.plain.prf()
            op, orr, of = res.oracle.prf()
            entry["scores"][key] = {
                "precision": p,
                "recall": r,
                "f1": f,
                "oracle_precision": op,
                "oracle_recall": orr,
                "oracle_f1": of,
                "oracle_tp_fp_fn": [res.oracle.tp, res.oracle.fp, res.oracle.fn],
                "text_changed_docs": res.text_changed,
            }
            if res.oracle.errors:
                entry.setdefault("errors", {})[key] = res.oracle.errors
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
    out: list[str] = []
    titles = {
        "": "## Sentence boundaries, plain: line ends are the reference (P / R / F1, micro)",
        "oracle_": "## Oracle-adjusted: + hand-checked boundaries inside lines, unpunctuated line ends ignored",
    }
    notes: list[str] = []
    for prefix, title in titles.items():
        out += [
            title,
            "",
            "| candidate | " + " | ".join(cols) + " | sentences/s |",
            "|---" * (len(cols) + 2) + "|",
        ]
        for name, entry in results["candidates"].items():
            if not entry["installed"]:
                if not prefix:
                    reasons = dict.fromkeys(v["skipped"] for v in entry["scores"].values())
                    notes.append(f"- {name}: not installed ({'; '.join(reasons)})")
                continue
            speed = entry.get("sentences_per_s")
            speed_cell = f"{speed:,.0f}" if speed else "–"
            cells = [_cell(entry["scores"][c], prefix) for c in cols]
            out.append(f"| {name} | " + " | ".join(cells) + f" | {speed_cell} |")
            if prefix:
                continue
            if entry["note"]:
                notes.append(f"- {name}: {entry['note']}")
            skipped = {c: v["skipped"] for c, v in entry["scores"].items() if "skipped" in v}
            if skipped:
                notes.append(f"- {name}: skipped on {', '.join(skipped)} ({next(iter(skipped.values()))})")
        out.append("")
    sizes = "; ".join(
        f"{k}: {v['documents']} docs, {v['lines']} lines, {v['inner_boundaries']} inner boundaries, "
        f"{v['unfindable_line_ends']} unpunctuated line ends"
        for k, v in results["sets"].items()
    )
    out += [f"Sets: {sizes}.", ""] + notes
    out.append(
        f"- lintas on one 10,000-sentence Indonesian document: {results['lintas_10k_sentence_document_s']:.3f} s"
    )
    for name, entry in results["candidates"].items():
        for key, items in entry.get("errors", {}).items():
            out += ["", f"### {name} errors on {key} (oracle-adjusted)", ""]
            out += [f"- {kind}: `{ctx}`" for kind, ctx in items]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "testsets", help="test set folder")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N errors per set")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated candidate names (default: all)")
    parser.add_argument(
        "--review", action="store_true", help="print split points inside lines not yet in segment_oracle.tsv"
    )
    args = parser.parse_args(argv)
    if args.review:
        rows = review(args.data, args.only.split(",") if args.only else None)
        print("\n".join(rows) if rows else "# no split point inside a line that segment_oracle.tsv lacks")
        return 0
    results = run(args.data, args.errors, args.only.split(",") if args.only else None)
    print(json.dumps(results, indent=2, ensure_ascii=False) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
