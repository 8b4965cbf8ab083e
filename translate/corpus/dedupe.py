"""Deduplication of the corpus builder: the duplicate filters and the hash set they (and the sources) remember with.

Pair filters (:mod:`lintas.translate.corpus.filters`) see one pair at a time and nothing else, so the per-document
work of the corpus builder stays a pure function. Duplicates are the exception: whether a pair was seen before
depends on every document before it, so the two :class:`DuplicateFilter` kinds run once, over the whole corpus in
document order, when the shards are merged (:mod:`lintas.translate.corpus.merge`). Their memory is
:class:`SeenHashes`: 8 bytes of hash per distinct pair at most half full, so what grows with the corpus costs 16 to
32 bytes per kept pair and deduplicator. The sources use the same set, with :func:`text_hash`, to find repeated
document ids.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from lintas.translate.corpus.filter_errors import check_option

__all__ = ["DuplicateFilter", "ExactDuplicateFilter", "NormalizedDuplicateFilter", "SeenHashes", "text_hash"]


class SeenHashes:
    """A set of 64-bit hashes in one numpy array (open addressing, linear probing, at most half full).

    A Python ``set`` of 64-bit ints costs about 70 bytes an entry; this costs 16 to 32 (the table doubles when
    half full), so deduplicating ten million pairs takes at most 320 MB instead of 700. Two different pairs share
    a 64-bit hash with probability about ``n² / 2⁶⁵`` (3 in a million for ten million pairs): then the later one
    is dropped as a duplicate.
    """

    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1 << max(4, (capacity - 1).bit_length())
        self._table = np.zeros(size, dtype=np.uint64)
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """Memory held by the table."""
        return int(self._table.nbytes)

    def add(self, value: int) -> bool:
        """Insert ``value`` (a 64-bit int); True when it was not there yet."""
        value = value or 1  # 0 marks an empty slot
        table, mask = self._table, self._mask
        i = value & mask
        while True:
            slot = int(table[i])
            if slot == 0:
                table[i] = value
                self._count += 1
                if 2 * self._count > len(table):
                    self._grow()
                return True
            if slot == value:
                return False
            i = (i + 1) & mask

    def __contains__(self, value: int) -> bool:
        value = value or 1
        table, mask = self._table, self._mask
        i = value & mask
        while True:
            slot = int(table[i])
            if slot == 0:
                return False
            if slot == value:
                return True
            i = (i + 1) & mask

    def _grow(self) -> None:
        """Double the table and re-insert every value, vectorised (no Python object per value)."""
        values = self._table[self._table != 0]
        self._table = np.zeros(2 * len(self._table), dtype=np.uint64)
        self._mask = len(self._table) - 1
        table, mask = self._table, np.uint64(self._mask)
        slots = values & mask
        while values.size:
            # Each round, every value whose slot is free claims it (one value per slot); the others probe on.
            free = table[slots] == 0
            free_slots, first = np.unique(slots[free], return_index=True)
            table[free_slots] = values[free][first]
            placed = np.zeros(values.size, dtype=bool)
            placed[np.flatnonzero(free)[first]] = True
            values, slots = values[~placed], (slots[~placed] + np.uint64(1)) & mask


def text_hash(text: str) -> int:
    """A 64-bit hash of ``text`` (BLAKE2b), the same in every process and run (unlike ``hash()``)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)


class DuplicateFilter(ABC):
    """Drops a pair whose key was seen earlier in the corpus (document order: the first occurrence is kept).

    Unlike pair filters it has state, so it runs once over the whole corpus at merge time, never in a worker.
    """

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]

    def __init__(self) -> None:
        self.seen = SeenHashes()

    @abstractmethod
    def key(self, src: str, tgt: str) -> str:
        """The text two pairs must share to be duplicates."""

    def first_time(self, src: str, tgt: str) -> bool:
        """Record the pair; True when its key had not been seen."""
        return self.seen.add(text_hash(self.key(src, tgt)))


class ExactDuplicateFilter(DuplicateFilter):
    """Drops a pair whose source and target are identical to an earlier pair's."""

    NAME = "duplicate_exact"
    DESCRIPTION = "drop repeats of an earlier pair, character for character"

    def key(self, src: str, tgt: str) -> str:
        return f"{src}\t{tgt}"


class NormalizedDuplicateFilter(DuplicateFilter):
    """Drops a pair equal to an earlier one after Unicode NFKC, case folding and removing punctuation and spaces.

    "Baca juga: Harga naik!" / "Read also: Prices rise!" and "baca juga harga naik" / "Read also - prices rise"
    are one pair. Digits are kept: pairs that differ only in a number are different facts.

    Args:
        sides: ``"pair"`` (both sides must match) or ``"src"`` (one target per source sentence: the first).
    """

    NAME = "duplicate_normalized"
    DESCRIPTION = "drop repeats of an earlier pair after lower-casing and removing punctuation"
    SIDES = "pair"

    def __init__(self, *, sides: str = SIDES) -> None:
        super().__init__()
        check_option(sides in ("pair", "src"), "duplicate_normalized: sides must be 'pair' or 'src'")
        self.sides = sides

    @staticmethod
    def normalize(text: str) -> str:
        return " ".join(_PUNCT_OR_SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())

    def key(self, src: str, tgt: str) -> str:
        if self.sides == "src":
            return self.normalize(src)
        return f"{self.normalize(src)}\t{self.normalize(tgt)}"
