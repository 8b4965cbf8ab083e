"""The Indonesian→English test sets shipped in ``data/testsets``, by name.

A name such as ``flores200-devtest`` is accepted wherever a reference file is (``--testset``), so scores in bug
reports and benchmark tables refer to a known, versioned set of lines. Sizes are counted from the files, never
written down, so the registry cannot drift from the data. Each set records which side is the *original* text:
scores on a set whose Indonesian side was itself translated from English (FLORES, TICO-19) reward systems that
undo translationese, and are not directly comparable with scores on original Indonesian (NusaX).

Data paths are resolved relative to the repository root of the installed package (lintas is installed in
editable mode from a checkout); ``LINTAS_TESTSETS_DIR`` overrides the folder.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lintas.eval.segments import read_segments, split_references
from lintas.translate.errors import InputError
from lintas.translate.resources import TESTSETS_DIR

#: Where the shipped test sets live: ``<repo>/data/testsets``.
DATA_DIR = TESTSETS_DIR


def data_dir() -> Path:
    """The folder holding the test sets (``LINTAS_TESTSETS_DIR`` if set, else :data:`DATA_DIR`)."""
    override = os.environ.get("LINTAS_TESTSETS_DIR")
    return Path(override) if override else DATA_DIR


@dataclass(frozen=True)
class TestSet:
    """One shipped test set: where its files are and what the text is.

    Attributes:
        name: the registry name (``flores200-devtest``).
        folder: sub-folder of the data directory (``flores200``).
        split: file stem inside the folder (``devtest``): files are ``<split>.ind``, ``<split>.eng``,
            optionally ``<split>.docid``.
        domain: what kind of text it is.
        license: the data license, as in the folder's SOURCE.md.
        original: which side is the original text: ``"en"``, ``"id"`` or ``"mixed"``.
        note: one sentence on provenance and direction.
        source_lang: language of the source side (always ``"id"``: lintas translates id→en).
        target_lang: language of the reference side.
    """

    __test__ = False  # not a pytest test class, despite the name

    name: str
    folder: str
    split: str
    domain: str
    license: str
    original: str
    note: str
    source_lang: str = "id"
    target_lang: str = "en"

    @property
    def direction(self) -> str:
        """``"id→en"``: the direction scored (source → reference)."""
        return f"{self.source_lang}→{self.target_lang}"

    @property
    def source_path(self) -> Path:
        """The Indonesian source file."""
        return data_dir() / self.folder / f"{self.split}.ind"

    @property
    def reference_path(self) -> Path:
        """The English reference file."""
        return data_dir() / self.folder / f"{self.split}.eng"

    @property
    def docid_path(self) -> Path | None:
        """The document-id file (one id per line), or ``None`` when the set has none."""
        path = data_dir() / self.folder / f"{self.split}.docid"
        return path if path.exists() else None

    @property
    def size(self) -> int:
        """Number of segments, counted from the source file."""
        return len(self.source_lines())

    def _read(self, path: Path, what: str) -> list[str]:
        if not path.exists():
            raise InputError(
                f"test set {self.name}: {path} is missing; install lintas from a source checkout "
                "(pip install -e .) or point LINTAS_TESTSETS_DIR at a copy of data/testsets"
            )
        return list(_cached_segments(str(path), path.stat().st_mtime_ns, what))

    def source_lines(self) -> list[str]:
        """The Indonesian source segments, one per line."""
        return self._read(self.source_path, "source")

    def reference_lines(self) -> list[str]:
        """The English reference segments, line-aligned with :meth:`source_lines`."""
        return self._read(self.reference_path, "reference")

    def sentence_pairs(self) -> list[tuple[str, str]]:
        """(source, reference) of every segment: the raw material of synthetic documents in tests and benches."""
        return list(zip(self.source_lines(), self.reference_lines(), strict=True))

    def documents(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(document id, its sentence pairs) in file order: runs of equal ids (FLORES articles, TICO-19 texts).

        Raises:
            InputError: the set has no document ids (Tatoeba, NusaX are single sentences).
        """
        ids = self.docids()
        if ids is None:
            raise InputError(f"test set {self.name!r} has no document ids")
        docs: list[tuple[str, list[tuple[str, str]]]] = []
        for doc_id, pair in zip(ids, self.sentence_pairs(), strict=True):
            if not docs or docs[-1][0] != doc_id:
                docs.append((doc_id, []))
            docs[-1][1].append(pair)
        return docs

    def docids(self) -> list[str] | None:
        """Document id of each segment (FLORES: source URL; TICO-19: document name), or ``None`` if absent."""
        path = self.docid_path
        return None if path is None else self._read(path, "docid")

    def summary(self) -> dict[str, object]:
        """The registry entry as a JSON-ready dict (size counted from the files)."""
        return {
            "name": self.name,
            "domain": self.domain,
            "size": self.size,
            "direction": self.direction,
            "original": self.original,
            "license": self.license,
            "docids": self.docid_path is not None,
            "source": str(self.source_path),
            "reference": str(self.reference_path),
            "note": self.note,
        }


@functools.lru_cache(maxsize=32)
def _cached_segments(path: str, mtime_ns: int, what: str) -> tuple[str, ...]:
    """Read a file once per modification time: the bench and the CLI ask for the same lines repeatedly."""
    del mtime_ns  # part of the cache key only
    return tuple(read_segments(path, what))


_FLORES_NOTE = (
    "FLORES-200 (NLLB 2022): English Wikimedia sentences translated into Indonesian by professionals"
)
_TICO_NOTE = "TICO-19: English COVID-19 texts translated into Indonesian"
_NUSAX_NOTE = "NusaX-MT: Indonesian reviews and comments (SmSA) translated into English"

#: The registry: name -> test set. Order is the order of ``lintas eval testsets``.
TESTSETS: dict[str, TestSet] = {
    ts.name: ts
    for ts in (
        TestSet(
            "flores200-dev", "flores200", "dev", "general (Wikinews, Wikijunior, Wikivoyage)",
            "CC BY-SA 4.0", "en", _FLORES_NOTE,
        ),
        TestSet(
            "flores200-devtest", "flores200", "devtest", "general (Wikinews, Wikijunior, Wikivoyage)",
            "CC BY-SA 4.0", "en", _FLORES_NOTE,
        ),
        TestSet(
            "tico19-dev", "tico19", "dev", "COVID-19, medical (PubMed, Wikipedia, Wikinews, ...)",
            "CC0 1.0", "en", _TICO_NOTE,
        ),
        TestSet(
            "tico19-test", "tico19", "test", "COVID-19, medical (PubMed, Wikipedia, Wikinews, ...)",
            "CC0 1.0", "en", _TICO_NOTE,
        ),
        TestSet(
            "tatoeba-test", "tatoeba", "test", "short everyday sentences",
            "CC BY 2.0 FR", "mixed",
            "Tatoeba Challenge v2021-08-07 eng-ind: volunteer sentences, translated either way",
        ),
        TestSet(
            "nusax-valid", "nusax_mt", "valid", "informal reviews and social media",
            "CC BY-SA 4.0", "id", _NUSAX_NOTE,
        ),
        TestSet(
            "nusax-test", "nusax_mt", "test", "informal reviews and social media",
            "CC BY-SA 4.0", "id", _NUSAX_NOTE,
        ),
    )
}  # fmt: skip


def list_testsets() -> list[TestSet]:
    """Every shipped test set, in registry order."""
    return list(TESTSETS.values())


def get_testset(name: str) -> TestSet:
    """The test set called ``name``.

    Raises:
        InputError: the name is unknown; the message lists the valid names.
    """
    try:
        return TESTSETS[name]
    except KeyError:
        raise InputError(
            f"unknown test set {name!r}; choose one of: {', '.join(TESTSETS)} (see lintas eval testsets)"
        ) from None


def load_references(
    ref_paths: Sequence[str | os.PathLike[str]], testset: str | None, *, num_refs: int = 1
) -> tuple[list[list[str]], list[str]]:
    """Reference streams from files (``--ref``, repeatable) or from a shipped test set (``--testset``).

    With ``num_refs`` N > 1, one file holds N tab-separated references a line (sacrebleu's ``--num-refs``).

    Returns:
        ``(streams, names)``: one list of lines per reference, and a display name for each.

    Raises:
        InputError: neither or both given, an unknown test set, an unreadable/empty reference file, or
            ``num_refs`` > 1 with other than one file, or a line without ``num_refs`` fields.
    """
    if testset and ref_paths:
        raise InputError("give either --ref FILE or --testset NAME, not both")
    if num_refs < 1:
        raise InputError(f"{{param}} must be at least 1, got {num_refs}", param="num_refs")
    if num_refs > 1 and (testset or len(ref_paths) != 1):
        raise InputError(
            "{param} N takes one --ref file of N tab-separated references a line", param="num_refs"
        )
    if testset:
        ts = get_testset(testset)
        return [ts.reference_lines()], [f"{ts.name} references"]
    if not ref_paths:
        raise InputError("no reference given; use --ref FILE (repeatable) or --testset NAME")
    if num_refs > 1:
        path = str(ref_paths[0])
        streams = split_references(read_segments(path, "reference"), num_refs, path)
        return streams, [f"{path} (reference {i})" for i in range(1, num_refs + 1)]
    return [read_segments(p, "reference") for p in ref_paths], [str(p) for p in ref_paths]
