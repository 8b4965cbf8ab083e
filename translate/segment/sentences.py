"""Sentences for Indonesian and English, with character offsets.

The segmenter is rule-based, pure Python and fast (a few regex passes, a few set look-ups per candidate: a
10,000-sentence document takes about 0.15 s). A *candidate* is a run of ``. ! ? …`` with optional closing quotes
or brackets, followed by whitespace; it is judged by the word before it and the word after it:

* ``?`` and ``!`` end a sentence before anything but a lowercase word that continues it: after a closing quote
  (``“Saya pergi!” katanya.``), a reporting verb (``Mengapa? tanya dia.``) or a name (``Yahoo! reported``).
* An ellipsis ends a sentence only before an uppercase word (``Saya pikir... mungkin`` does not split).
* A period ends a sentence before an uppercase letter, a digit, an opening quote or an enumerator like ``(2)``,
  unless the word before it is an abbreviation (the tables are in :mod:`lintas.translate.segment.abbreviations`).
  Abbreviations come in four kinds: *prefixes* that precede a name or number (``Dr.``, ``Jl.``, ``Rp.``, ``No.``,
  ``Mr.``, ``a.n.``, ``e.g.``), *numeric prefixes* that do not split before a digit (``hlm. 5``), *final* ones
  that often end a sentence (``dll.``, ``etc.``, ``Tbk.``), and *ambiguous* ones (``Inc.``, ``Jan.``, ``U.S.``,
  ``S.H.``, ranks such as ``Pol.`` or ``AKBP.``, single-letter initials) that end a sentence only before a common
  sentence opener (``The``, ``Namun``, ``Ia``...) or an opening quote. A capital letter after a letter-taking
  noun (``vitamin D.``) and a month after a day (``on 1 Jan.``) are sentence ends; a bracketed rank holds like a
  bare one (``Letjen TNI (Purn.) Prabowo``). A unit ends a sentence after a number (``10 km. Tol``) but not
  before one (``di km. 12``).
* Numbers, URLs, e-mail addresses, decimals (``3,5``, ``12.000``, ``3.5``), times (``10.30``), dates and
  version numbers never split: their periods are not followed by whitespace. Punctuation glued to the next
  word splits when the word is capitalised and the left side is not a domain or abbreviation
  (``per day.Open source``, ``"keliru".Di Tiongkok``, but not ``kompas.id``, ``Kompas.Com``, ``M.Si.``).
* A quote standing alone after a sentence end closes it (``konsisten. " Ia``), and a short parenthetical
  between two sentences belongs to the first (``fleksibel. (Bremer, 1998) Penggunaan``).
* Blank lines and list markers at line starts (``1.``, ``a.``, ``-``, ``•``) always start a new sentence. Inside
  a line, a marker (``b.``, ``2.``, ``iv)``) after a sentence end and before a capitalised word starts one too
  (``a. Satu hal. b. Dua hal.``); a marker never ends a sentence there, nor a letter after a colon
  (``Syarat: a. KTP``).
"""

from __future__ import annotations

import functools
import re

from lintas.translate.errors import InputError
from lintas.translate.segment.abbreviations import (
    BANG_NAMES,
    DOMAIN_PARTS,
    LANGS,
    LETTER_NOUNS,
    MONTHS,
    REPORTING,
    REPORTING_VERBS,
    TITLES,
    UNITS,
    rules,
)

__all__ = ["LANGS", "LIST_MARKER", "OPENERS", "WORD", "Segmenter", "default_segmenter", "split_sentences"]

#: Opening quotes and brackets a word may start with (also read by :mod:`~lintas.translate.segment.paragraphs`).
OPENERS = "\"'“‘«([{„‚¿¡"
_CLOSERS = "\"'”’»)]}"
_QUOTES = "\"'”’»"

# ----------------------------------------------------------------------------------------------- patterns
#: A sentence-final punctuation run, closing quotes/brackets, then whitespace or the end. A quote standing alone
#: after it ('konsisten. " Ia ...') is taken as the detached closing quote of that sentence.
_CANDIDATE = re.compile(r"(?<![.!?…])([.!?…]+)([\"'”’»)\]}]*)((?:[^\S\n]+[\"”’](?=\s|\Z))?)(?=\s|\Z)")
#: Sentence punctuation glued to the next word: "tests per day.Open source", '"erroneous".In China'.
_GLUED = re.compile(r"(?<![.!?…])([.!?]+|…)([\"'”’)\]]*)(?=[^\W\d_])")
#: A short parenthetical right after a sentence and before the next one: a citation or credit that belongs to
#: the sentence before it ("... fleksibel. (Bremer, 1998) Penggunaan ...", "... katanya. (ant)").
_TRAILING_PAREN = re.compile(
    r"[^\S\n]+\((?![^\S\n]*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[^\S\n]*\))[^()\n.!?]{1,80}\)(?=[^\S\n]+[\"“‘(]?[^\W\d_]*[A-Z]|\s*\Z)"
)
#: Blank lines always end a sentence.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
#: A list marker at a line start: "1. ", "2) ", "a. ", "(b) ", "- ", "• " (a pattern string: also the
#: paragraph splitter's list items).
LIST_MARKER = r"(?:[-•*–·▪►‣◦]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))[^\S\n]+(?=\S)"
_LINE_LIST_MARKER = re.compile(r"(?<=\n)[^\S\n]*" + LIST_MARKER)
_LIST_TOKEN = re.compile(r"\d{1,3}|[A-Za-z]|[ivxIVX]{1,4}")
#: Letters separated by periods: U.S, S.H, M.Si, S.Pd, a.m (the last period excluded).
_ACRONYM = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
#: An enumerator that starts a sentence: "(a)", "(2)", "(iv)".
_ENUMERATOR = re.compile(r"\((?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)")
#: An inline list marker: "b." of "a. Satu hal. b. Dua hal.", "2)", "iv.".
_INLINE_MARKER = re.compile(r"(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]")
#: The number or letter of an inline list marker.
_MARKER_TOKEN = re.compile(r"(?<!\S)(?:\d{1,3}|[a-z]|[ivx]{1,4})$")
#: A colon or semicolon, then whitespace, right before a lettered list item ("Syaratnya: a. KTP").
_BEFORE_LETTER_ITEM = re.compile(r"[:;][^\S\n]+$")
#: A single-letter initial: "J." of "J. K. Rowling".
_INITIAL = re.compile(r"[^\W\d_]\.")
#: A word that starts lowercase but is written with capitals inside: iPhone, mRNA, e-KTP.
_CAMEL = re.compile(r"[^\W\d_]{1,3}-?[A-Z]")
_NUMBER = re.compile(r"\d[\d.,]*")
#: A word: a run of letters (also read by :mod:`~lintas.translate.segment.paragraphs`).
WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\S+")


#: Tokens are looked at up to this many characters back (longer ones are URLs or blobs, not words).
_MAX_TOKEN = 100


def _token_start(text: str, end: int) -> int:
    """Start of the whitespace-delimited token that ends at ``end`` (at most ``_MAX_TOKEN`` characters back)."""
    start, stop = end, max(0, end - _MAX_TOKEN)
    while start > stop and not text[start - 1].isspace():
        start -= 1
    return start


class Segmenter:
    """Sentence splitter for one language, holding its compiled rules.

    Arguments:
        lang: ``"id"`` (Indonesian) or ``"en"`` (English).

    Raises:
        InputError: ``lang`` is not one the segmenter has rules for.

    Example:
        >>> Segmenter("id").split("Harga naik Rp 5.000 pada 2020. Kemudian turun lagi.")
        ['Harga naik Rp 5.000 pada 2020.', 'Kemudian turun lagi.']
    """

    def __init__(self, lang: str = "id") -> None:
        if lang not in LANGS:
            raise InputError(f"no sentence rules for language {lang!r}; use one of: {', '.join(LANGS)}")
        self.lang = lang
        self._rules = rules(lang)

    def split(self, text: str) -> list[str]:
        """Split ``text`` into whitespace-trimmed, non-empty sentences (inner whitespace kept as is)."""
        return [text[s:e] for s, e in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character offsets ``(start, end)`` of each sentence in ``text``, ordered, trimmed, non-overlapping."""
        cuts = [m.start() for m in _BLANK_LINE.finditer(text)]
        cuts += [m.start() for m in _LINE_LIST_MARKER.finditer(text)]
        last_cut = -1
        for m in _CANDIDATE.finditer(text):
            if self._ends_sentence(text, m) and not self._list_item_marker(text, m, last_cut):
                paren = _TRAILING_PAREN.match(text, m.end())
                last_cut = paren.end() if paren else m.end()
                cuts.append(last_cut)
        cuts += [m.end() for m in _GLUED.finditer(text) if self._glued_boundary(text, m)]
        cuts.append(len(text))
        spans: list[tuple[int, int]] = []
        start = 0
        for cut in sorted(set(cuts)):
            if cut <= start:
                continue
            chunk = text[start:cut]
            stripped = chunk.strip()
            if stripped:
                s = start + len(chunk) - len(chunk.lstrip())
                spans.append((s, s + len(stripped)))
            start = cut
        return spans

    # ------------------------------------------------------------------------------------------- decisions
    def _ends_sentence(self, text: str, m: re.Match[str]) -> bool:
        """Whether the candidate ``m`` (terminators, closers, then whitespace) ends a sentence."""
        term, close, detached = m.group(1), m.group(2), m.group(3)
        nxt = _TOKEN.search(text, m.end())
        if nxt is None:
            return False  # end of text: the sentence ends anyway
        tok_start = _token_start(text, m.start())
        tok = text[tok_start : m.start()]
        if tok.endswith(("(", "[")):
            return False  # "(!)", "[...]": a parenthetical mark, not an ending
        nword = nxt.group()
        if len(nword) <= 5 and nword[0].isalpha() and _INLINE_MARKER.fullmatch(nword):
            # An inline list item: "a. Satu hal. b. Dua hal.", "... selesai. ii) Kedua ...": the sentence ends
            # before the marker if it would end before the item's first word.
            item = _TOKEN.search(text, nxt.end())
            if item is not None and item.group().lstrip(OPENERS)[:1].isupper():
                nxt = item
                nword = nxt.group()
        core = nword.lstrip(OPENERS)
        first = core[:1]
        if not first:
            return False  # a lone quote or bracket: wait for the next candidate
        opened = len(core) < len(nword)
        upper = (
            first.isupper()
            or first.isdigit()
            or _CAMEL.match(core) is not None
            or _ENUMERATOR.fullmatch(nword) is not None
        )
        starts = upper or (not first.isalnum() and first not in ",;:.-–—%/)]}")
        quoted = bool(detached) or any(c in _QUOTES for c in close)

        if "?" in term or "!" in term:
            if first.isalpha() and not upper:
                # After a closing quote, a reporting verb or a name like "Yahoo!", a lowercase word continues
                # the sentence ("“Saya pergi!” katanya."); otherwise it starts one ("nose? and does it hurt").
                next_word = WORD.match(core)
                return not (
                    quoted
                    or close
                    or (next_word and next_word.group() in REPORTING)
                    or tok.lstrip(OPENERS) in BANG_NAMES
                )
            if quoted and not opened and _reporting_clause(text, nxt.start()):
                return False  # "‘Who are you, Lord?’ I answered.", "“Siapa Engkau?” Yesus bertanya."
            return starts
        if "…" in term or len(term) > 1:  # an ellipsis ends a sentence only before an uppercase word
            return upper and (first.isalpha() or opened)
        if not starts:
            return False
        if detached or (close and not self._bracketed_title(tok, close)):
            return True  # "pergi.” Lalu", "(lihat di bawah.) Kemudian"; not "Letjen TNI (Purn.) Prabowo"
        word = tok.lstrip(OPENERS)
        r = self._rules
        for sep in "-/":
            if sep in word[1:]:
                tail = word.rsplit(sep, 1)[1]
                if tail in r.prefix or tail in r.ambiguous or tail in r.numeric or _ACRONYM.fullmatch(tail):
                    word = tail  # "non-U.S. Arctic", "eks-Dir. Utama", "RT. 05/RW. 03"; "Super-G." is a word
                    break
        if not word:
            return True
        quote_opened = opened and nword[0] in "\"'“‘„«"
        return self._period_after(text, tok_start, word, core, first, opened, quote_opened)

    def _period_after(
        self, text: str, tok_start: int, word: str, core: str, first: str, opened: bool, quote_opened: bool
    ) -> bool:
        """Whether a period after ``word`` ends the sentence, given the next token's ``core``."""
        r = self._rules
        if _LIST_TOKEN.fullmatch(word) and self._at_line_start(text, tok_start):
            return False  # "1. Pendahuluan", "a. Menetapkan"
        if (
            word in r.prefix
            or (word.isupper() and word in r.prefix_upper)
            or (len(word) > 2 and word.istitle() and word.lower() in r.prefix)  # "Approx. 300 people"
        ):
            return False  # "Dr. Budi", "Jl. Sudirman", "No. 11"
        if first.isdigit() and word in r.numeric:
            return False  # "hlm. 5"
        if word in UNITS and not self._previous_word(text, tok_start)[-1:].isdigit():
            if first.isdigit():
                return False  # a kilometre post: "di km. 12 tol Cipali", "KM. 147"
            if word == "KM":  # a ship: "KM. Sinar Bangun tenggelam", but "... beberapa KM. Ia ..."
                next_word = WORD.match(core)
                return quote_opened or (next_word is not None and next_word.group() in r.starters)
        if word in r.final:
            return not (opened and first.isdigit())  # "dll. Kemudian" splits, "dkk. (2020)" does not
        initial = len(word) == 1 and word.isupper()
        if word in r.ambiguous or initial or _ACRONYM.fullmatch(word):
            if _INITIAL.match(core) or first.isdigit():
                return False  # "J. K. Rowling", "Jan. 5", "U.S. 2020"
            if quote_opened:
                return True  # an initial or abbreviation is not followed by an opening quote
            prev = self._previous_word(text, tok_start)
            if word in MONTHS and _NUMBER.fullmatch(prev):
                return True  # "... on 1 Jan. Space for ..."
            if initial and prev in LETTER_NOUNS:
                return True  # "vitamin D. Studi", "dari A ke B. Maskapai": a letter, not an initial
            next_word = WORD.match(core)
            return next_word is not None and next_word.group() in r.starters
        if word.isdigit() and len(word) <= 2 and self._enumerator(text, tok_start, int(word)):
            return False  # "berikut: 1. Pendaftaran 2. Verifikasi"
        return True

    @staticmethod
    def _list_item_marker(text: str, m: re.Match[str], last_cut: int) -> bool:
        """Whether the candidate ``m`` closes an inline list marker that opens an item after a sentence end at
        ``last_cut`` ("Satu hal. b. Dua hal.", "Dua. 3. Tiga.") or a lettered item after a colon ("Syarat: a. KTP")."""
        start = m.start()
        near = text[max(0, start - 12) : start]
        if not (0 <= start - last_cut <= 12 or ":" in near or ";" in near) or m.group() != ".":
            return False  # quick rejection: no sentence end or colon just before, or not a bare period
        marker = _MARKER_TOKEN.search(text, max(0, start - 4), start)
        if marker is None:
            return False
        tok_start = marker.start()
        before = text[last_cut:tok_start] if 0 <= last_cut < tok_start else ""
        if not (before and before.isspace()) and not (
            text[tok_start].isalpha() and _BEFORE_LETTER_ITEM.search(text, max(0, tok_start - 20), tok_start)
        ):
            return False
        nxt = _TOKEN.search(text, m.end())
        return nxt is not None and nxt.group().lstrip(OPENERS)[:1].isupper()

    def _bracketed_title(self, tok: str, close: str) -> bool:
        """Whether ``tok`` + period + ``close`` is a bracketed rank or title before a name: "(Purn.)", "(Ret.)"."""
        pairs = {")": "(", "]": "["}
        if close not in pairs or not tok.startswith(pairs[close]):
            return False
        word = tok[1:]
        return word in self._rules.prefix or word in TITLES

    @staticmethod
    def _previous_word(text: str, tok_start: int) -> str:
        end = tok_start
        while end > 0 and text[end - 1].isspace():
            end -= 1
        return text[_token_start(text, end) : end].strip(OPENERS + _CLOSERS + ",;:")

    @staticmethod
    def _at_line_start(text: str, pos: int) -> bool:
        while pos > 0 and text[pos - 1] in " \t":
            pos -= 1
        return pos == 0 or text[pos - 1] == "\n"

    @staticmethod
    def _enumerator(text: str, pos: int, n: int) -> bool:
        """Whether the number ``n`` at ``pos`` numbers an inline list: "berikut: 1. Pendaftaran 2. Verifikasi"."""
        before = text[max(0, pos - 300) : pos]
        colon = max(before.rfind(":"), before.rfind(";"))
        if colon < 0 or "\n" in before[colon:]:
            return False
        items = before[colon + 1 :]
        return (n == 1 and not items.strip()) or (
            n > 1 and items.lstrip().startswith("1.") and re.search(rf"\s{n - 1}\.\s", items) is not None
        )

    def _glued_boundary(self, text: str, m: re.Match[str]) -> bool:
        """Whether ``m``, sentence punctuation with no space before the next word ("day.Open"), ends a sentence."""
        term, close = m.group(1), m.group(2)
        left = text[_token_start(text, m.start()) : m.start()].lstrip(OPENERS)
        right = WORD.match(text, m.end())
        assert right is not None  # guaranteed by _GLUED's lookahead
        word = right.group()
        after = text[right.end() : right.end() + 2]
        if not left or any(c in left for c in "./@:\\_=&#~") or left.lower().startswith(("www", "http")):
            return False  # URLs, e-mail addresses, domains, file names, acronyms: "kompas.id", "U.S.Such"
        if after[:1] in ("/", "@", "_", ":", "."):
            return False  # "example.Com/a", "Foo.Bar.baz", "M.Si.", "Ph.D."
        titled = len(word) > 1 and word[0].isupper() and word[1:].islower()
        capitals = len(word) > 1 and word.isupper()  # WHO, US, ACE2, SARS-CoV-2
        single = word in ("A", "I") and after[:1].isspace()  # "with soap.A 2014 study"
        if not (titled or capitals or single) or (word.lower() in DOMAIN_PARTS and not close):
            return False
        r = self._rules
        if word in r.prefix or word in r.ambiguous or word in r.final:
            return False  # "Pte.Ltd.", "Co.Ltd": an abbreviation glued to another is one name
        if close or left[-1] in _CLOSERS or len(term) > 1 or term == "…" or left[-1] == "%":
            return True  # '"erroneous".In China', "(CMC).Many", "sidang...Saya", "77%.The"
        if left[-1].isdigit():
            return not (
                self._at_line_start(text, m.start() - len(left)) and left.isdigit()
            )  # not "1.Pendahuluan"
        if left in r.prefix or word in ("A", "I") and not left[-2:].islower():
            return False  # "Dr.Budi", "Jl.Sudirman"
        if left in r.ambiguous or (len(left) == 1 and left.isupper()):
            return word in r.starters  # "St.Louis", "J.K."
        if left[-2:].islower():
            return titled or capitals or single  # "per day.Open", "Authorization.US"
        return titled and len(left) > 2  # "SARS-CoV.The", "WHO.The"; "PT.Bank" is a prefix above


#: A word of a reporting clause: letters with inner apostrophes or hyphens ("boy's", "murid-Nya").
_CLAUSE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: The end of a reporting clause: sentence punctuation, optionally closing quotes or brackets.
_CLAUSE_END = re.compile(r"[.!?]+[\"'”’»)\]]*")


def _reporting_clause(text: str, pos: int) -> bool:
    """Whether a short capitalised reporting clause that ends its sentence starts at ``pos``.

    The clause is a subject of one to three words (a pronoun, a name, "The man"), a reporting verb and at most
    four more words before the sentence end: after a quoted question or exclamation it belongs to the quote
    ("“Is it me?” Judas asked him."). A clause that goes on to introduce a new quote ("“Who am I?” Peter
    replied, “The Messiah!”") or a longer sentence ("“Why?” Officials said on Monday that ...") starts a
    sentence of its own.
    """
    tokens = text[pos : pos + 200].split("\n", 1)[0].split()[:8]
    words = []
    for tok in tokens:
        m = _CLAUSE_WORD.match(tok)
        if m is None:
            return False
        rest = tok[m.end() :]
        if rest and not _CLAUSE_END.fullmatch(rest):
            return False  # a comma, colon or quote: the clause goes on or introduces new speech
        words.append(m.group())
        if rest:
            break
    else:
        return False  # no sentence end within eight words
    verbs = [k for k, w in enumerate(words) if w in REPORTING_VERBS]
    return bool(verbs) and 1 <= verbs[0] <= 3 and len(words) - 1 - verbs[0] <= 4


@functools.cache
def default_segmenter(lang: str) -> Segmenter:
    """The shared :class:`Segmenter` of ``lang`` (raises :class:`InputError` for an unknown language)."""
    return Segmenter(lang)


def split_sentences(text: str, lang: str = "id") -> list[str]:
    """Split one paragraph (or any run of text) into sentences; see :class:`Segmenter`.

    Example:
        >>> split_sentences('Dia berkata, “Saya pergi.” Lalu ia pergi.')
        ['Dia berkata, “Saya pergi.”', 'Lalu ia pergi.']
    """
    return default_segmenter(lang).split(text)
