"""Hostile text for the property-based fuzz suites (issue 19): shared settings, characters and strategies.

``FUZZ`` is deterministic (``derandomize=True``, no example database), so a failure reproduces on every machine
and CI run.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from lintas.translate.segment.abbreviations import rules

FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

# --------------------------------------------------------------------------------------------- hostile text
#: Characters that break naive text handling: C0/C1 controls and NUL, every line-break flavour, bidi marks
#: and isolates, zero-width characters, lone surrogates (and a surrogate pair as two code points), noncharacters.
HOSTILE = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1c", "\x1d", "\x1e", "\x1f",
    "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\t", "\n", "\r", "\r\n", "\n\n", "\r\n\r\n", "\u2028", "\u2029",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
    "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u3000", "\u180e",
    "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\ufffe", "\uffff", "\ufffd", "\U0010ffff", "😀",
]  # fmt: skip
ABBREVIATIONS = sorted(
    {
        a + "."
        for lang in ("id", "en")
        for kind in ("prefix", "final", "ambiguous")
        for a in getattr(rules(lang), kind)
    }
)
#: Pieces of Indonesian and English news text the segmenter's rules look at.
PIECES = [
    "Presiden", "tiba", "di", "Jakarta", "The", "Namun", "Ia", "katanya", "said", "iPhone", "e-KTP", "Yahoo!",
    ".", "!", "?", "...", "…", "?!", ".”", ".\"", "!’", ". \" ", ",", ";", ":", "(", ")", "[", "]", "“", "”",
    "‘", "’", "«", "»", "„", "¿", "¡", "'", "\"", "Rp 5.000", "12.000", "3,5", "3.5", "10.30", "2020.",
    "1.", "2)", "a.", "(b)", "iv)", "- ", "• ", "(2)", "(Purn.)", "(Bremer, 1998)", "(ant)", "10 km.",
    "km. 12", "U.S.", "J. K.", "S.H., M.H.", "https://kompas.id/a.b?c=1.", "www.detik.com.", "budi@mail.co.id",
    "kompas.id", "Kompas.Com", "day.Open", "\"keliru\".Di", "77%.The", "Syarat: a. KTP", "berikut: 1. Satu 2. Dua",
]  # fmt: skip
_SEPARATORS = [" ", "  ", "\n", "\t", "\r\n", "\n\n", "\n \n", "\n1. ", "\n- "]

unicode_chars = st.characters(exclude_categories=())  # every code point, surrogates included
piece = st.one_of(
    st.sampled_from(PIECES),
    st.sampled_from(ABBREVIATIONS),
    st.sampled_from(HOSTILE),
    st.sampled_from(_SEPARATORS),
    st.text(unicode_chars, max_size=6),
    st.text(alphabet="aAbBzZ019 .,!?…\"'“”()\n", max_size=10),
)
hostile_text = st.lists(piece, max_size=40).map("".join)
