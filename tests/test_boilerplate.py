"""Boilerplate rules: what they flag, what they must never flag, and how documents skip it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import EchoEngine

from lintas.translate.article import render_bilingual, render_jsonl, render_same, translate_document
from lintas.translate.documents import parse_document
from lintas.translate.documents.boilerplate import (
    RULE_NAMES,
    BoilerplateDetector,
    is_boilerplate,
    mark_boilerplate,
    plain_text,
)
from lintas.translate.translator import Translator

DATA = Path(__file__).resolve().parents[1] / "data" / "testsets"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Europe", "section_label"),
        ("Nasional", "section_label"),
        ("Ekonomi", "section_label"),
        ("Gaya Hidup", "section_label"),
        ("Beranda › Internasional", "section_label"),
        ("Home / News / Asia", "section_label"),
        ("Oleh: Rina Wulandari", "byline"),
        ("Penulis: Budi Santoso", "byline"),
        ("Reporter: Rina Wulandari | Editor: Budi Santoso", "byline"),
        ("Editor: Yoga Pratama", "byline"),
        ("Pewarta: Andi Saputra", "byline"),
        ("By Jane Doe", "byline"),
        ("By Jane Doe and John Smith", "byline"),
        ("Oleh Andi Saputra", "byline"),
        ("Baca juga: Harga cabai naik lagi di Jakarta", "see_also"),
        ("Baca Juga: Harga cabai naik lagi di Jakarta", "see_also"),
        ("BACA JUGA: Harga cabai naik lagi", "see_also"),
        ("Simak juga video berikut ini", "see_also"),
        ("Berita Terkait", "see_also"),
        ("Bagikan artikel ini", "share_prompt"),
        ("Bagikan:", "share_prompt"),
        ("Share this", "share_prompt"),
        ("Share this: Facebook Twitter", "share_prompt"),
        ("Ikuti kami di Facebook, Twitter dan Instagram", "share_prompt"),
        ("Subscribe", "share_prompt"),
        ("Subscribe to our newsletter", "share_prompt"),
        ("Follow us on Twitter", "share_prompt"),
        ("Posted By : Admin Kabar Contoh", "spam_byline"),
        ("Posted by: situs-judi-online88", "spam_byline"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Iklan", "advertisement"),
        ("Scroll to continue with content", "advertisement"),
        ("© 2020 Kabar Contoh. All rights reserved.", "copyright"),
        ("Copyright © 2020 Warta Contoh. Hak cipta dilindungi undang-undang.", "copyright"),
        ("Hak Cipta © 2021 PT Contoh Media", "copyright"),
        ("Selasa, 7 April 2020 09:15 WIB", "timestamp"),
        ("Kamis, 12 Maret 2020 | 08.30 WIB", "timestamp"),
        ("07/04/2020 10:30", "timestamp"),
        ("2 jam yang lalu", "timestamp"),
        ("Diperbarui 7 April 2020", "timestamp"),
        ("April 6, 2020", "timestamp"),
    ],
)
def test_rules_flag_boilerplate(text, rule):
    assert is_boilerplate(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        # Real news sentences that mention an editor, a reporter or a section name mid-sentence.
        "Editor majalah itu mengatakan harga beras naik dua kali lipat.",
        "Menurut editor senior Tempo, pemerintah belum menanggapi laporan tersebut.",
        "Reporter kami di Surabaya melaporkan banjir setinggi satu meter.",
        "Secara Nasional, Presiden Vladimir Putin menyatakan bahwa warga Rusia akan tetap dibayar tanpa perlu "
        "pergi bekerja hingga tanggal 30 April.",
        "Pertumbuhan ekonomi nasional mencapai 5 persen tahun lalu.",
        "Ekonomi Indonesia tumbuh 5,02 persen pada 2019.",
        "The Europe team won the Ryder Cup.",
        "Oleh karena itu, pemerintah menunda pemilihan.",
        "Oleh Karena itu, pemerintah menunda pemilihan.",
        "By Tuesday, officials had confirmed 20 cases.",
        "By the end of March, schools were closed.",
        "Iklan rokok dilarang tayang di televisi sebelum pukul 21.30.",
        "Bagikan bantuan kepada warga yang terdampak, kata gubernur.",
        "Share prices fell sharply on Monday.",
        "Subscribers to the service received a refund.",
        "Hak cipta lagu itu dimiliki oleh sebuah label sejak 2010 hingga kini.",
        "Posted sebagai relawan, ia bekerja di rumah sakit lapangan.",
        "Baca buku ini sebelum tidur.",
        "Lihat saja hasilnya nanti.",
        "2020",
        "1.051.635",
        "Sumber: [Wikinews](https://en.wikinews.org/wiki/X), CC BY-SA 2.5.",
        "Kasus pertama",
        "",
    ],
)
def test_rules_leave_content_alone(text):
    assert is_boilerplate(text) is None


def test_no_false_positives_on_the_shipped_test_sets():
    """16,199 real sentences (news, Wikipedia, Wikivoyage, everyday speech): none is boilerplate.

    The one TICO-19 dev line flagged is a genuine "Lihat juga:" (see also) line from a Wikivoyage page.
    """
    files = ["tico19/test.ind", "tico19/test.eng", "flores200/dev.ind", "flores200/devtest.ind"]
    files += ["flores200/devtest.eng", "nusax_mt/test.ind", "tatoeba/test.ind", "tatoeba/test.eng"]
    for name in files:
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        assert lines
        flagged = [line for line in lines if is_boilerplate(line)]
        assert flagged == [], name
    dev = (DATA / "tico19/dev.ind").read_text(encoding="utf-8").splitlines()
    assert [line for line in dev if is_boilerplate(line)] == ["Lihat juga: Penerbangan dan kesehatan"]


@pytest.mark.parametrize(
    "text",
    [
        "**Baca juga:** [Harga cabai naik](https://contoh.id/a)",
        "*Baca juga: [Harga cabai naik](https://contoh.id/a)*",
        "<b>Baca juga:</b> <a href='/a'>Harga cabai naik</a>",
        "&gt; Baca juga: Harga cabai naik",
    ],
)
def test_markup_is_ignored(text):
    assert is_boilerplate(text) == "see_also"


def test_a_block_is_boilerplate_only_when_every_line_is():
    assert (
        is_boilerplate("<b>Baca juga:</b> <a href='/x'>Judul</a><br>Harga cabai naik dua kali lipat.") is None
    )
    assert is_boilerplate("<b>Baca juga:</b> <a href='/x'>Judul</a><br/>Iklan") == "see_also"
    # Source newlines are spaces, as in a browser: this is one line.
    assert is_boilerplate("<span>Reporter: Rina</span> |\n    <span>Editor: Budi</span>") == "byline"


def test_plain_text_strips_markdown_and_html():
    assert plain_text("**Oleh:** [Rina](https://x.id) &amp; <i>Budi</i>") == "Oleh: Rina & Budi"
    assert plain_text("_Catatan_: `kode` dan *miring*") == "Catatan: kode dan miring"


def test_plain_text_keeps_underscores_and_stars_inside_words():
    """Not emphasis (as in CommonMark): a corpus must keep ``file_name``, URLs and ``a*b``."""
    text = "Lihat data_2020.csv di https://x.id/a_b_c dan 2*3*4 = 24."
    assert plain_text(text) == text


def test_detector_with_chosen_rules():
    only_ads = BoilerplateDetector(["advertisement"])
    assert only_ads.check("Iklan") == "advertisement"
    assert only_ads.check("Baca juga: x") is None
    assert set(RULE_NAMES) >= {"byline", "see_also", "timestamp", "copyright", "section_label"}
    with pytest.raises(ValueError, match="unknown boilerplate rules"):
        BoilerplateDetector(["nope"])


MD = """# Harga cabai naik

Oleh: Rina Wulandari

Harga cabai naik dua kali lipat. Pedagang mengeluh.

**Baca juga:** [Harga beras stabil](https://contoh.id/beras)

Pemerintah akan menggelar operasi pasar.
Posted By : Admin Kabar
"""


def echo_translator():
    engine = EchoEngine()
    return Translator("echo", engine=engine), engine


def test_markdown_boilerplate_is_skipped_and_never_sent_to_the_model():
    translator, engine = echo_translator()
    tdoc = translate_document(parse_document(MD, "markdown"), translator)
    sent = [s for batch in engine.batches for s in batch]
    assert not any("Baca juga" in s or "Oleh" in s or "Posted" in s for s in sent)
    assert render_same(tdoc) == (
        "# EN(Harga cabai naik)\n\n"
        "EN(Harga cabai naik dua kali lipat.) EN(Pedagang mengeluh.)\n\n"
        "EN(Pemerintah akan menggelar operasi pasar.)\n"
    )


def test_keep_boilerplate_copies_it_untranslated():
    translator, _ = echo_translator()
    tdoc = translate_document(parse_document(MD, "markdown"), translator, keep_boilerplate=True)
    assert render_same(tdoc) == (
        "# EN(Harga cabai naik)\n\n"
        "Oleh: Rina Wulandari\n\n"
        "EN(Harga cabai naik dua kali lipat.) EN(Pedagang mengeluh.)\n\n"
        "**Baca juga:** [Harga beras stabil](https://contoh.id/beras)\n\n"
        "EN(Pemerintah akan menggelar operasi pasar.)\n"
        "Posted By : Admin Kabar\n"
    )
    bilingual = render_bilingual(tdoc)
    assert "Oleh: Rina Wulandari\n\nEN(Harga cabai naik dua kali lipat.)" not in bilingual
    assert bilingual.count("Oleh: Rina Wulandari") == 1


def test_jsonl_lists_skipped_rows():
    import json

    translator, _ = echo_translator()
    rows = [
        json.loads(line)
        for line in render_jsonl(translate_document(parse_document(MD, "markdown"), translator)).splitlines()
    ]
    skipped = [r for r in rows if r.get("skipped")]
    assert skipped == [
        {
            "paragraph": 1,
            "sentence": 0,
            "src": "Oleh: Rina Wulandari",
            "tgt": "",
            "skipped": "boilerplate",
            "rule": "byline",
        },
        {
            "paragraph": 3,
            "sentence": 0,
            "src": "**Baca juga:** [Harga beras stabil](https://contoh.id/beras)",
            "tgt": "",
            "skipped": "boilerplate",
            "rule": "see_also",
        },
        {
            "paragraph": 5,
            "sentence": 0,
            "src": "Posted By : Admin Kabar",
            "tgt": "",
            "skipped": "boilerplate",
            "rule": "spam_byline",
        },
    ]
    assert [(r["paragraph"], r["sentence"]) for r in rows if not r.get("skipped")] == [
        (0, 0),
        (2, 0),
        (2, 1),
        (4, 0),
    ]
    assert all(set(r) == {"paragraph", "sentence", "src", "tgt"} for r in rows if not r.get("skipped"))


def test_trailing_spam_line_is_split_off_a_text_paragraph():
    text = "Judul\n\nHarga cabai naik dua kali lipat.\nPedagang di pasar mengeluh.\nPosted By : Admin\n"
    marked = mark_boilerplate(parse_document(text, "text"))
    kinds = [(b.text, b.skipped) for b in marked.blocks if b.kind != "raw"]
    assert kinds == [
        ("Judul", None),
        ("Harga cabai naik dua kali lipat. Pedagang di pasar mengeluh.", None),
        ("Posted By : Admin", "boilerplate"),
    ]
    # Splitting keeps the source lines: an untranslated rendering is the input.
    assert marked.render({i: b.render() for i, b in enumerate(marked.blocks)}) == text


def test_boilerplate_detection_can_be_turned_off():
    translator, engine = echo_translator()
    tdoc = translate_document(
        parse_document("Baca juga: Harga beras stabil\n", "text"), translator, boilerplate=False
    )
    assert render_same(tdoc) == "EN(Baca juga: Harga beras stabil)\n"
