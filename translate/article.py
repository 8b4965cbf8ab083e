"""Translate a whole document: blocks → sentences → one call to the Translator → blocks.

All sentences of a document go to :meth:`Translator.translate` together, so they are batched by length and
repeated sentences are translated once, whatever block they stand in. Inline markup is protected
(:mod:`translate.documents.inline`); the insides of links and emphasis are translated as units of their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from translate.documents.inline import ProtectedText, protect
from translate.documents.model import Document
from translate.segment import split_sentences


@dataclass
class SentencePair:
    """A source sentence and its translation, located in the document (0-based)."""

    paragraph: int
    sentence: int
    src: str
    tgt: str
    flag: str | None = None  # e.g. "repetition": the translation still looks degenerate after a retry


@dataclass
class TranslatedDocument:
    """A document with a translation for each translatable block (by block index)."""

    document: Document
    translations: dict[int, str] = field(default_factory=dict)
    sentences: list[SentencePair] = field(default_factory=list)


#: Emphasis markers that may wrap a whole block ("*Sumber: [Wikinews](...)*"); kept outside the translated text.
_WRAPPERS = ("***", "**", "*", "__", "_")


def _peel_wrapper(text: str) -> tuple[str, str, str]:
    """Split ``*whole block*`` into ``("*", "whole block", "*")`` so nested links inside still get protected."""
    stripped = text.strip()
    for mark in _WRAPPERS:
        inner = stripped[len(mark) : -len(mark)]
        if (
            len(stripped) > 2 * len(mark)
            and stripped.startswith(mark)
            and stripped.endswith(mark)
            and mark[0] not in (inner[0], inner[-1])
            and mark not in inner
        ):
            return mark, inner, mark
    return "", text, ""


@dataclass
class _BlockPlan:
    block_index: int
    protected: ProtectedText
    sentences: list[str]  # sentence templates (with placeholders)
    sentence_units: list[int]  # unit index of each sentence
    inner_units: dict[int, int]  # span index -> unit index of its inner text
    wrapper: str  # emphasis marker around the whole block, or ""


def translate_document(document: Document, translator, *, lang: str = "id") -> TranslatedDocument:
    """Translate every translatable block of ``document`` with ``translator`` (anything with ``translate``)."""
    units: list[str] = []
    plans: list[_BlockPlan] = []
    for index, block in enumerate(document.blocks):
        if not block.translatable:
            continue
        wrapper, text, _ = _peel_wrapper(block.text)
        protected = protect(text)
        sentences = split_sentences(protected.template, lang) or [protected.template]
        sentence_units = []
        for sentence in sentences:
            sentence_units.append(len(units))
            units.append(sentence)
        inner_units = {}
        for span_index, span in enumerate(protected.spans):
            if span.inner is not None:
                inner_units[span_index] = len(units)
                units.append(span.inner)
        plans.append(_BlockPlan(index, protected, sentences, sentence_units, inner_units, wrapper))

    outputs = translator.translate(units) if units else []
    flags: dict[int, str] = dict(getattr(translator, "last_flags", {}) or {}) if units else {}
    result = TranslatedDocument(document)
    for paragraph, plan in enumerate(plans):
        inners = {span: outputs[unit] for span, unit in plan.inner_units.items()}
        translated_sentences = []
        for number, (sentence, unit) in enumerate(zip(plan.sentences, plan.sentence_units, strict=True)):
            own = plan.protected.indices_in(sentence)
            src = plan.protected.restore(sentence, only=own)
            tgt = plan.protected.restore(outputs[unit], inners, only=own)
            translated_sentences.append(tgt)
            result.sentences.append(SentencePair(paragraph, number, src, tgt, flags.get(unit)))
        body = " ".join(t for t in translated_sentences if t)
        result.translations[plan.block_index] = f"{plan.wrapper}{body}{plan.wrapper}" if body else body
    return result


def render_same(tdoc: TranslatedDocument) -> str:
    """The translated document in its input format, untranslated blocks unchanged."""
    return "\n".join(
        block.render(tdoc.translations.get(i)) if i in tdoc.translations else block.render()
        for i, block in enumerate(tdoc.document.blocks)
    )


_SEPARATE_WITH_BLANK = frozenset({"paragraph", "heading", "quote", "title", "caption"})


def render_bilingual(tdoc: TranslatedDocument) -> str:
    """Each translated block followed by its translation (a blank line between them for paragraphs)."""
    parts: list[str] = []
    for i, block in enumerate(tdoc.document.blocks):
        parts.append(block.render())
        if i in tdoc.translations:
            gap = "\n" if block.kind in _SEPARATE_WITH_BLANK else ""
            parts.append(gap + block.render(tdoc.translations[i]))
    return "\n".join(parts)


def render_jsonl(tdoc: TranslatedDocument) -> str:
    """One JSON object per source sentence: paragraph, sentence (0-based), src, tgt."""
    lines = [
        json.dumps(
            {"paragraph": p.paragraph, "sentence": p.sentence, "src": p.src, "tgt": p.tgt}, ensure_ascii=False
        )
        for p in tdoc.sentences
    ]
    return "\n".join(lines) + ("\n" if lines else "")
