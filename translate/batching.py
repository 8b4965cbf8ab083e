"""Turning a document's sentences into efficient batches, and long sentences into pieces the model accepts.

Why this matters on a CPU: padding is paid for. A batch costs roughly ``len(batch) * longest_sentence`` tokens of
work, so sentences are sorted by length and packed into batches under a *token budget*; the translations are then
put back in document order. A sentence repeated in a document (a recurring caption, a refrain) is translated once.

A sentence longer than the model's position limit (512 for opus-mt) would be truncated silently by the tokenizer;
:func:`split_long_sentence` cuts it at clause boundaries first, then between words, then between characters, so no
text is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Clause boundaries, best first: a cut after one of these reads naturally on both sides.
_CLAUSE_BREAKS = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=[,\u2014\u2013])\s+|\s+(?=[\u2014\u2013]\s)"),
    re.compile(
        r"\s+(?=(?:dan|atau|tetapi|namun|sedangkan|sehingga|karena|yang|bahwa|and|or|but|which|that)\s)"
    ),
)


@dataclass(frozen=True)
class Batch:
    """Indices (into the list of unique sentences) translated together."""

    indices: tuple[int, ...]
    max_tokens: int

    @property
    def padded_tokens(self) -> int:
        return len(self.indices) * self.max_tokens


def deduplicate(sentences: Sequence[str]) -> tuple[list[str], list[int]]:
    """Unique sentences in first-seen order, and for each input the index of its unique sentence."""
    index_of: dict[str, int] = {}
    unique: list[str] = []
    mapping: list[int] = []
    for sentence in sentences:
        if sentence not in index_of:
            index_of[sentence] = len(unique)
            unique.append(sentence)
        mapping.append(index_of[sentence])
    return unique, mapping


def plan_batches(lengths: Sequence[int], *, max_batch_tokens: int, max_batch_size: int) -> list[Batch]:
    """Group items by length into batches whose padded size stays under ``max_batch_tokens``.

    Items are visited longest first (so the first batch shows the worst memory use at once); each batch holds at
    most ``max_batch_size`` items and at most ``max_batch_tokens`` padded tokens, but always at least one item.
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[Batch] = []
    current: list[int] = []
    longest = 0
    for i in order:
        candidate_longest = max(longest, lengths[i])
        if current and (
            len(current) >= max_batch_size or (len(current) + 1) * candidate_longest > max_batch_tokens
        ):
            batches.append(Batch(tuple(current), longest))
            current, candidate_longest = [], lengths[i]
        current.append(i)
        longest = candidate_longest
    if current:
        batches.append(Batch(tuple(current), longest))
    return batches


def split_long_sentence(sentence: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Cut ``sentence`` into pieces of at most ``max_tokens`` tokens each, losing no text.

    Pieces are cut at the clause boundary nearest the middle (semicolons and colons, then commas and dashes,
    then conjunctions), recursively; a run with no boundary is cut between words, and a single over-long "word"
    (a URL, a hash) between characters. ``" ".join(pieces)`` equals the sentence up to whitespace.
    """
    if count_tokens(sentence) <= max_tokens:
        return [sentence]
    for pattern in _CLAUSE_BREAKS:
        cuts = [m for m in pattern.finditer(sentence) if 0 < m.start() < len(sentence)]
        if cuts:
            middle = len(sentence) / 2
            cut = min(cuts, key=lambda m: abs(m.start() - middle))
            head, tail = sentence[: cut.start()].strip(), sentence[cut.end() :].strip()
            if head and tail:
                return split_long_sentence(head, count_tokens, max_tokens) + split_long_sentence(
                    tail, count_tokens, max_tokens
                )
    words = sentence.split()
    if len(words) > 1:
        middle = len(words) // 2
        return split_long_sentence(" ".join(words[:middle]), count_tokens, max_tokens) + split_long_sentence(
            " ".join(words[middle:]), count_tokens, max_tokens
        )
    middle = len(sentence) // 2
    if middle == 0:
        return [sentence]
    # A single token-dense word: split between characters, joined back without a space by the caller's join.
    return split_long_sentence(sentence[:middle], count_tokens, max_tokens) + split_long_sentence(
        sentence[middle:], count_tokens, max_tokens
    )
