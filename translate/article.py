"""Translate a whole document: blocks → sentences → one call to the Translator → blocks.

All sentences of a document go to :meth:`Translator.translate` together, so they are batched by length and
repeated sentences are translated once, whatever block they stand in. Inline markup is protected
(:mod:`lintas.translate.documents.inline`, or HTML tags for HTML documents); the insides of links and emphasis are
translated as units of their own, recursively (a link inside bold text is a unit inside a unit). A piece that
holds nothing to translate (a lone link placeholder, punctuation between two tags) is not sent to the model.

Boilerplate (bylines, "Baca juga" boxes, share prompts... see :mod:`lintas.translate.documents.boilerplate`) is marked before
anything is translated: it is never sent to the model, it is left out of the output (or copied through
untranslated with ``keep_boilerplate``), and JSONL lists it as a row with ``"skipped": "boilerplate"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from lintas.translate.documents.boilerplate import mark_boilerplate
from lintas.translate.documents.inline import ProtectedText
from lintas.translate.documents.model import TRANSLATABLE_KINDS, Document, row_cells, row_text
from lintas.translate.errors import InputError
from lintas.translate.results import SupportsTranslate, TranslationResult, TranslationStats
from lintas.translate.segment import split_sentences


@dataclass
class SentencePair:
    """A source sentence and its translation, located in the document (0-based).

    ``paragraph`` counts the document's text blocks in order, skipped ones included. A skipped block is one
    pair with ``sentence`` 0, its whole text as ``src``, an empty ``tgt`` and ``skipped`` set.
    """

    paragraph: int
    sentence: int
    src: str
    tgt: str
    flag: str | None = None  # e.g. "repetition": the translation still looks degenerate after a retry
    skipped: str | None = None  # e.g. "boilerplate": not translated
    rule: str | None = None  # the boilerplate rule that skipped it (e.g. "byline")


@dataclass
class TranslatedDocument:
    """A document with a translation for each translatable block (by block index).

    ``keep_skipped``: render skipped (boilerplate) blocks untranslated instead of leaving them out.
    """

    document: Document
    translations: dict[int, str] = field(default_factory=dict)
    sentences: list[SentencePair] = field(default_factory=list)
    keep_skipped: bool = False
    #: The counters of the translation call (sentences, pieces translated, from the translation memory...).
    stats: TranslationStats = field(default_factory=TranslationStats)


#: Emphasis markers that may wrap a whole block ("*Sumber: [Wikinews](...)*"); kept outside the translated text.
_WRAPPERS = ("***", "**", "*", "__", "_")


def _peel_wrapper(text: str) -> tuple[str, str, str]:
    """Split ``*whole block*`` into ``("*", "whole block", "*")`` so nested links inside still get protected."""
    stripped = text.strip()
    for mark in _WRAPPERS:
        inner = stripped[len(mark) : -len(mark)]
        if (
            len(stripped) > 2 * len(mark)
            and inner.strip()  # "* *" is text, not an empty emphasis (peeled, the block rendered as nothing)
            and stripped.startswith(mark)
            and stripped.endswith(mark)
            and mark[0] not in (inner[0], inner[-1])
            and mark not in inner
        ):
            return mark, inner, mark
    return "", text, ""


@dataclass
class _InlinePlan:
    """How one text (a block, or the inside of a wrapped span) is translated."""

    protected: ProtectedText
    pieces: list[str]  # templates: the block's sentences, or the whole inside of a span
    units: list[int | None]  # unit index of each piece; None when it holds nothing to translate
    inners: dict[int, _InlinePlan]  # span index -> plan of the span's inside


def _has_words(piece: str, protected: ProtectedText) -> bool:
    """Whether ``piece`` holds a letter outside its spans: numbers and punctuation alone ("2020", "1.250",
    a table cell "12,5 %") read the same in English and are not sent to the model."""
    for index in protected.indices_in(piece):
        piece = piece.replace(protected.placeholder(index), " ")
    return any(ch.isalpha() for ch in piece)


def _edges(piece: str, protected: ProtectedText) -> tuple[str, str, str]:
    """Split ``piece`` into (head, core, tail): line breaks and images at its edges stay out of the model's input.

    Only spans the protected text calls *detachable* (``<br>``, ``<img>``, comments) are peeled off; a code span
    or a URL at the start of a sentence is part of it and stays.
    """
    detachable = [protected.placeholder(i) for i in getattr(protected, "detachable", ())]
    head, core, tail = "", piece, ""
    while detachable:
        stripped = core.lstrip()
        mark = next((m for m in detachable if stripped.startswith(m)), None)
        if mark is None:
            break
        head += core[: len(core) - len(stripped)] + mark
        core = stripped[len(mark) :]
    while detachable:
        stripped = core.rstrip()
        mark = next((m for m in detachable if stripped.endswith(m)), None)
        if mark is None:
            break
        tail = mark + core[len(stripped) :] + tail
        core = stripped[: -len(mark)]
    return head, core, tail


def _plan(document: Document, text: str, kind: str, units: list[str], lang: str, split: bool) -> _InlinePlan:
    protected = document.protect(text, kind)
    pieces = [protected.template]
    if split:
        pieces = split_sentences(protected.template, lang) or pieces
    # A line break inside a piece is a space to the model.
    pieces = [" ".join(piece.split()) for piece in pieces]
    piece_units: list[int | None] = []
    for piece in pieces:
        head, core, tail = _edges(piece, protected)
        if _has_words(core, protected):
            piece_units.append(len(units))
            units.append(core.strip())
        else:
            piece_units.append(None)
    inners = {
        index: _plan(document, span.inner, kind, units, lang, split=False)
        for index, span in enumerate(protected.spans)
        if span.inner is not None and span.inner.strip()
    }
    return _InlinePlan(protected, pieces, piece_units, inners)


def _restore(plan: _InlinePlan, outputs: list[str]) -> list[str]:
    """The translation of each piece of ``plan``, spans put back (insides translated)."""
    inners = {index: " ".join(_restore(sub, outputs)) for index, sub in plan.inners.items()}
    restored = []
    for piece, unit in zip(plan.pieces, plan.units, strict=True):
        own = plan.protected.indices_in(piece)
        translated = piece
        if unit is not None:
            head, core, tail = _edges(piece, plan.protected)
            translated = head + core.replace(core.strip(), outputs[unit]) + tail
        restored.append(plan.protected.restore(translated, inners, only=own))
    return restored


def translate_document(
    document: Document,
    translator: SupportsTranslate,
    *,
    lang: str = "id",
    target_lang: str = "en",
    boilerplate: bool = True,
    keep_boilerplate: bool = False,
) -> TranslatedDocument:
    """Translate every translatable block of ``document`` with ``translator`` (anything with ``translate``).

    Arguments:
        document: the parsed document.
        translator: a :class:`~lintas.translate.translator.Translator` or anything with ``translate(list[str])``.
        lang: the source language, for the sentence splitter.
        target_lang: the language of the translation, declared where the format can (``<html lang>``).
        boilerplate: detect boilerplate blocks and skip them (see :mod:`lintas.translate.documents.boilerplate`).
        keep_boilerplate: render skipped blocks untranslated instead of leaving them out.
    """
    document = document.in_language(target_lang)
    if boilerplate:
        document = mark_boilerplate(document)
    units: list[str] = []
    # Per block: its emphasis wrapper and one plan per part (the block's text; a table row's cells).
    plans: dict[int, tuple[str, list[_InlinePlan]]] = {}
    for index, block in enumerate(document.blocks):
        if not block.translatable:
            continue
        if block.kind == "table_row":
            cells = row_cells(block.text)
            plans[index] = (
                "",
                [_plan(document, cell, block.kind, units, lang, split=True) for cell in cells],
            )
            continue
        wrapper, text = "", block.text
        if document.inline_markup == "markdown":
            wrapper, text, _ = _peel_wrapper(block.text)
        plans[index] = (wrapper, [_plan(document, text, block.kind, units, lang, split=True)])

    outputs = translator.translate(units) if units else TranslationResult()
    flags = outputs.flags
    result = TranslatedDocument(document, keep_skipped=keep_boilerplate, stats=outputs.stats)
    paragraph = 0
    for index, block in enumerate(document.blocks):
        if index in plans:
            wrapper, parts = plans[index]
            bodies: list[str] = []
            number = 0
            for plan in parts:
                translated = _restore(plan, outputs)
                for piece, unit, tgt in zip(plan.pieces, plan.units, translated, strict=True):
                    if block.kind == "table_row" and unit is None:
                        continue  # an empty cell is not a sentence
                    src = plan.protected.restore(piece, only=plan.protected.indices_in(piece))
                    flag = flags.get(unit) if unit is not None else None
                    result.sentences.append(SentencePair(paragraph, number, src, tgt, flag))
                    number += 1
                bodies.append(" ".join(t for t in translated if t))
            body = row_text(bodies) if block.kind == "table_row" else bodies[0]
            result.translations[index] = f"{wrapper}{body}{wrapper}" if body else body
            paragraph += 1
        elif block.skipped and block.kind in TRANSLATABLE_KINDS and block.text.strip():
            pair = SentencePair(paragraph, 0, block.text, "", skipped=block.skipped, rule=block.skip_rule)
            result.sentences.append(pair)
            paragraph += 1
    return result


def _pieces(tdoc: TranslatedDocument, *, translated: bool = True) -> dict[int, str]:
    """Each shown block rendered, by index: translated where a translation exists, else as read."""
    pieces: dict[int, str] = {}
    for index, block in enumerate(tdoc.document.blocks):
        if block.skipped and not tdoc.keep_skipped:
            continue
        if translated and index in tdoc.translations:
            pieces[index] = block.render(tdoc.translations[index])
        else:
            pieces[index] = block.render()
    return pieces


def render_same(tdoc: TranslatedDocument) -> str:
    """The translated document in its input format, untranslated blocks unchanged, boilerplate left out."""
    return tdoc.document.render(_pieces(tdoc))


_SEPARATE_WITH_BLANK = frozenset({"paragraph", "heading", "quote", "title", "caption"})


def render_bilingual(tdoc: TranslatedDocument) -> str:
    """Each translated block followed by its translation (a blank line between them for paragraphs).

    Raises:
        InputError: the document is HTML in place, where a block cannot be repeated without changing the page.
    """
    if tdoc.document.inline_markup != "markdown":
        raise InputError(
            "--bilingual works for text and Markdown; for an HTML page use --extract, or --format jsonl"
        )
    pieces = _pieces(tdoc, translated=False)
    for index, block in enumerate(tdoc.document.blocks):
        if index in tdoc.translations and index in pieces:
            gap = "\n" if block.kind in _SEPARATE_WITH_BLANK else ""
            pieces[index] += "\n" + gap + block.render(tdoc.translations[index])
    return tdoc.document.render(pieces)


#: What of :meth:`Translator.describe <lintas.translate.translator.Translator.describe>` each JSONL row carries.
ROW_FIELDS = ("model", "engine")


def render_jsonl(tdoc: TranslatedDocument, ran_by: Mapping[str, str] | None = None) -> str:
    """One JSON object per source sentence: paragraph, sentence (0-based), src, tgt, then model and engine.

    A translation that still looks degenerate after a retry carries ``"flag"`` (``"repetition"``, ``"length"``).
    A skipped block is one object with ``"tgt": ""``, ``"skipped"`` (``"boilerplate"``) and ``"rule"`` (why).
    The :data:`ROW_FIELDS` of ``ran_by`` (the translator's ``describe()``) go on every translated row, so rows of
    several runs can be told apart once concatenated; skipped rows were never translated and carry none.
    """
    fields = {k: ran_by[k] for k in ROW_FIELDS if k in ran_by} if ran_by else {}
    lines = []
    for p in tdoc.sentences:
        row: dict[str, object] = {
            "paragraph": p.paragraph,
            "sentence": p.sentence,
            "src": p.src,
            "tgt": p.tgt,
        }
        if p.flag:
            row["flag"] = p.flag
        if p.skipped:
            row["skipped"] = p.skipped
            row["rule"] = p.rule
        else:
            row.update(fields)
        lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
