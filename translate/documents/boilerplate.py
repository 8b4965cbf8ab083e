"""Boilerplate: the lines of a news page that are not the article.

Saved pages and scraped articles carry navigation, bylines, "Baca juga" boxes, share prompts, ad labels, copyright
lines and spam signatures ("Posted By : ..."). Translating them wastes model time and, worse, puts pairs like
"Baca juga:" / "Read also:" into a corpus hundreds of times. Each rule here judges *one whole line or block* of
plain text and names why it is boilerplate; rules are anchored at the start of the line or match the whole line, so
a real sentence that merely mentions an editor or a section ("Editor majalah itu mengatakan ...", "Secara
Nasional, ...") is never flagged. The same detector serves ``lintas translate`` (through :func:`mark_boilerplate`,
which sets :attr:`Block.skipped <lintas.translate.documents.model.Block.skipped>`) and the corpus builder (through
:func:`is_boilerplate`).

Rules, by name:

* ``section_label``: a news-site section name alone ("Nasional", "Europe"), or a breadcrumb of them
  ("Beranda › Internasional").
* ``byline``: "Oleh: ...", "Penulis: ...", "Reporter: ...", "Editor: ...", "Pewarta: ..." with a short name after
  the label, or "Oleh"/"By" followed only by capitalised name words ("By Jane Doe", not "By Tuesday, ...").
* ``see_also``: "Baca juga", "Simak juga", "Lihat juga", "Read also", "Read more", "Berita terkait" at the start.
* ``share_prompt``: "Bagikan artikel ini", "Share this", "Ikuti kami di", "Follow us", "Subscribe", "Klik di sini".
* ``spam_byline``: "Posted By : ..." / "Diposting oleh ...".
* ``advertisement``: "Advertisement", "Iklan", "Sponsored" alone; "Scroll to continue ...", "Gulir untuk ...".
* ``copyright``: "© 2020 ...", "Copyright ...", "Hak Cipta © ...", "All rights reserved", "Hak cipta dilindungi".
* ``timestamp``: a date and/or time alone on a line ("Selasa, 7 April 2020 09:15 WIB", "07/04/2020 | 10.30",
  "2 jam yang lalu"), optionally after a label such as "Diperbarui" or "Published".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lintas.translate.documents.model import Block, Document

__all__ = ["RULE_NAMES", "SKIPPED", "BoilerplateDetector", "is_boilerplate", "mark_boilerplate", "plain_text"]

#: The value of ``Block.skipped`` (and of ``"skipped"`` in JSONL rows) for boilerplate.
SKIPPED = "boilerplate"

#: Longest line (in words) that a byline, share prompt or copyright rule may flag; longer lines are prose.
MAX_LABEL_WORDS = 14
#: Longest "Baca juga: <headline>" line; a headline is long, a paragraph of news is longer.
MAX_SEE_ALSO_WORDS = 30

_SECTIONS = frozenset(
    """
    beranda home nasional internasional ekonomi bisnis keuangan finansial pasar saham properti otomotif olahraga
    sport sports bola sepakbola hiburan seleb selebriti lifestyle gaya hidup teknologi tekno sains kesehatan
    sehat politik hukum kriminal dunia regional daerah metro megapolitan jabodetabek nusantara news berita
    terkini terbaru terpopuler populer trending headline opini kolom edukasi pendidikan wisata travel kuliner
    foto video galeri infografis europe asia africa americas world business politics technology science health
    entertainment opinion culture budaya humaniora internasional indeks index
    """.split()
) | frozenset({"gaya hidup", "sepak bola", "luar negeri", "dalam negeri", "sains & teknologi", "middle east"})

_BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:[/>|»›·•]|&gt;|-{1,2}|–)\s*")

_BYLINE_LABELS = (
    r"oleh|penulis|ditulis oleh|reporter|wartawan|jurnalis|pewarta|editor|penyunting|redaktur|editor bahasa|"
    r"kontributor|koresponden|fotografer|videografer|author|written by|reported by|edited by|writer"
)
_BYLINE_LABELLED = re.compile(rf"^(?:{_BYLINE_LABELS})\s*:\s*\S", re.IGNORECASE)
_NAME = r"(?:[A-Z][\w.'’-]*|[A-Z]\.)"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,4}}"
_BYLINE_BARE = re.compile(
    rf"^(?:By|BY|Oleh|OLEH)\s+{_NAMES}(?:\s*(?:,|&|\band\b|\bdan\b)\s*{_NAMES})*\s*(?:[|/–-].*)?$"
)
_SEE_ALSO = re.compile(
    r"^(?:baca|simak|lihat|tonton|saksikan)\s+(?:juga|pula|selengkapnya)\b|^read\s+(?:also|more)\b|"
    r"^(?:berita|artikel)\s+terkait\b|^related(?:\s+(?:articles?|stories|news))?\s*:|^see also\b",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^(?:bagikan(?:\s+(?:artikel|berita|halaman|tautan|ini)\b|\s*:|\s*$|\s+(?:ke|via|di|lewat)\b)|"
    r"share(?:\s+(?:this|on|via|artikel|berita)\b|\s*:|$)|ikuti\s+(?:kami|kanal|akun|terus)\b|"
    r"follow\s+(?:us|our)\b|subscribe(?:\s*:|$|\s+(?:to|now|for|untuk|sekarang|di)\b)|"
    r"klik\s+(?:di\s+)?sini\b|click\s+here\b|like\s+us\b|join\s+(?:our|us)\b|"
    r"gabung(?:\s+(?:di|ke))?\s+(?:channel|grup|kanal)\b)",
    re.IGNORECASE,
)
_SPAM_BYLINE = re.compile(r"^(?:posted\s+by|diposting\s+oleh|dikirim\s+oleh)\s*:?\s*\S", re.IGNORECASE)
_AD_ALONE = re.compile(
    r"^(?:advertisement|advertorial|iklan|sponsored|sponsor|promoted|konten\s+(?:bersponsor|sponsor|promosi)|"
    r"ads?|adv)\s*[.:]?$",
    re.IGNORECASE,
)
_AD_PROMPT = re.compile(
    r"^(?:scroll\s+(?:to|down\s+to)\s+continue|gulir\s+(?:ke\s+bawah\s+)?untuk|lanjutkan\s+membaca|"
    r"continue\s+reading\s+below|artikel\s+berlanjut\s+setelah\s+iklan|story\s+continues\s+below)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*(?:\d{4}|[A-Z])|copyright\b|hak\s+cipta\s*(?:©|\(c\)|\d{4}|dilindungi))|"
    r"\ball rights reserved\b|\bhak cipta dilindungi\b",
    re.IGNORECASE,
)

_TIME_LABELS = re.compile(
    r"^(?:diperbarui|diperbaharui|dipublikasikan|diterbitkan|terbit|diunggah|dirilis|update[d]?|published|"
    r"posted(?:\s+on)?|last\s+updated|pada)\s*:?\s*",
    re.IGNORECASE,
)
_TIME_WORDS = frozenset(
    """
    senin selasa rabu kamis jumat jum'at sabtu minggu ahad januari februari maret april mei juni juli agustus
    september oktober november desember jan feb mar apr jun jul agu agt ags agus sep sept okt nov nop des
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march may june july august october december aug oct dec
    wib wita wit utc gmt pm am pagi siang sore malam pukul jam menit detik hari minggu bulan tahun yang lalu
    lalu baru saja ago hour hours minute minutes second seconds day days week weeks month months year years
    at on jst cet cest est edt pst pdt bst
    """.split()
)
_TIME_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|\d+")


def plain_text(text: str, *, image_alt: bool = True) -> str:
    """The words of ``text`` without Markdown or HTML inline markup, entities decoded, whitespace collapsed.

    Rules judge what a reader sees: ``**Baca juga:** [Judul](https://...)`` and ``<b>Baca juga:</b> <a>Judul</a>``
    both read "Baca juga: Judul". Newlines in the source are spaces, as a browser shows them; only ``<br>``
    breaks a line. A Markdown image reads as its alt text, or as nothing with ``image_alt=False`` (the corpus:
    an alt text describes a picture, it is not a sentence of the text around it).
    """
    text = " ".join(text.split())
    text = _BR.sub("\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = html.unescape(text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1" if image_alt else " ", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = _EMPHASIS.sub("", text)
    lines = (re.sub(r"^\s*(?:>\s*)+|^\s*(?:[-*+•]|\d{1,3}[.)])\s+", "", line) for line in text.split("\n"))
    return "\n".join(" ".join(line.split()) for line in lines).strip("\n")


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
#: Markdown emphasis and code markers: an opening one not after a word, a closing one not before a word. An
#: underscore inside a word (``file_name``, a URL) is not emphasis, as in CommonMark, and stays.
_EMPHASIS = re.compile(r"(?<![\w*_`])(\*\*|__|[*_`])(?=\S)|(?<=\S)(\*\*|__|[*_`])(?![\w*_`])")


def _section_label(line: str) -> bool:
    parts = [p for p in _BREADCRUMB_SEPARATORS.split(line.strip(" .:")) if p]
    return bool(parts) and all(p.lower() in _SECTIONS for p in parts)


def _byline(line: str) -> bool:
    if _BYLINE_LABELLED.match(line):
        return len(line.split()) <= MAX_LABEL_WORDS and not line.rstrip().endswith(("?", "!"))
    return bool(_BYLINE_BARE.match(line)) and len(line.split()) <= MAX_LABEL_WORDS


def _short(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda line: bool(pattern.search(line)) and len(line.split()) <= MAX_LABEL_WORDS


_DATE_OR_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\b")


def _timestamp(line: str) -> bool:
    rest = _TIME_LABELS.sub("", line, count=1)
    tokens = _TIME_TOKEN.findall(rest)
    if not tokens or not any(ch.isdigit() for ch in rest):
        return False
    if not all(t.isdigit() or t.lower() in _TIME_WORDS or re.fullmatch(r"\d+[a-z]{1,2}", t) for t in tokens):
        return False
    # Bare numbers ("2020", a table cell) are data, not timestamps: ask for a date or time word or shape.
    return any(not t.isdigit() for t in tokens) or bool(_DATE_OR_TIME.search(rest))


@dataclass(frozen=True)
class Rule:
    """A named boilerplate rule: ``test`` gets one line of plain text and says whether it is boilerplate."""

    name: str
    test: Callable[[str], bool]


#: Every rule, in the order they are tried (the first that matches names the reason).
RULES: tuple[Rule, ...] = (
    Rule("spam_byline", lambda line: bool(_SPAM_BYLINE.match(line)) and len(line.split()) <= MAX_LABEL_WORDS),
    Rule("see_also", lambda line: bool(_SEE_ALSO.match(line)) and len(line.split()) <= MAX_SEE_ALSO_WORDS),
    Rule("byline", _byline),
    Rule("share_prompt", _short(_SHARE)),
    Rule("advertisement", lambda line: bool(_AD_ALONE.match(line) or _AD_PROMPT.match(line))),
    Rule("copyright", _short(_COPYRIGHT)),
    Rule("section_label", _section_label),
    Rule("timestamp", _timestamp),
)
RULE_NAMES = tuple(rule.name for rule in RULES)


class BoilerplateDetector:
    """Judge lines and blocks with a chosen set of :data:`RULES`.

    Arguments:
        rules: names of the rules to apply (default: all of :data:`RULE_NAMES`).

    Raises:
        ValueError: an unknown rule name (a programming error, not user input).

    Example:
        >>> BoilerplateDetector().check("Baca juga: Harga cabai naik lagi")
        'see_also'
        >>> BoilerplateDetector().check("Editor majalah itu mengatakan harga naik.") is None
        True
    """

    def __init__(self, rules: Iterable[str] | None = None) -> None:
        names = RULE_NAMES if rules is None else tuple(rules)
        unknown = sorted(set(names) - set(RULE_NAMES))
        if unknown:
            raise ValueError(f"unknown boilerplate rules {unknown}; known: {', '.join(RULE_NAMES)}")
        self.rules = tuple(rule for rule in RULES if rule.name in names)

    def check(self, text: str) -> str | None:
        """The rule that flags ``text`` (markup ignored), or None when it is content.

        A block of several lines (``<br>`` in HTML) is boilerplate only when every line is: a "Baca juga" line
        on top of a paragraph of news must not take the news with it.
        """
        lines = [line for line in plain_text(text).split("\n") if line]
        if not lines:
            return None
        names = [self.check_line(line) for line in lines]
        return names[0] if all(names) else None

    def check_line(self, line: str) -> str | None:
        """The first rule that flags one line of plain text, or None."""
        for rule in self.rules:
            if rule.test(line):
                return rule.name
        return None


_DEFAULT = BoilerplateDetector()


def is_boilerplate(text: str) -> str | None:
    """The rule that flags ``text`` as boilerplate (``"byline"``, ``"see_also"``...), or None.

    ``text`` is one line or block; Markdown and HTML inline markup are ignored.
    """
    return _DEFAULT.check(text)


#: Block kinds judged by :func:`mark_boilerplate` (titles are never boilerplate; raw blocks are not translated).
_CHECKED_KINDS = frozenset({"heading", "paragraph", "list_item", "quote", "caption"})


def mark_boilerplate(document: Document, detector: BoilerplateDetector | None = None) -> Document:
    """A copy of ``document`` with boilerplate blocks marked ``skipped="boilerplate"`` (rule in ``skip_rule``).

    A paragraph whose first or last *lines* are boilerplate (a "Posted By : ..." line right under the last
    paragraph, hard-wrapped in text or Markdown, after a ``<br>`` in HTML) is split first
    (:meth:`Document.split_edge_lines <lintas.translate.documents.model.Document.split_edge_lines>`), so that the spam
    line is skipped and the sentences above it are still translated. Splitting keeps the source, so an
    untranslated rendering is unchanged.
    """
    detector = detector or _DEFAULT
    blocks: list[Block] = []
    for block in document.blocks:
        for piece in document.split_edge_lines(block, detector.check):
            if piece.kind in _CHECKED_KINDS and piece.skipped is None and piece.text.strip():
                rule = detector.check(piece.text)
                if rule is not None:
                    piece = replace(piece, skipped=SKIPPED, skip_rule=rule)
            blocks.append(piece)
    return replace(document, blocks=blocks)
