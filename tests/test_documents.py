from __future__ import annotations

import pytest
from fakes import EchoEngine

from lintas.translate.article import render_bilingual, render_jsonl, render_same, translate_document
from lintas.translate.documents import detect_format, parse_document
from lintas.translate.documents.inline import protect
from lintas.translate.translator import Translator

ARTICLE_MD = """---
title: contoh
---
# Judul Berita Hari Ini

Paragraf pertama dengan [tautan penting](https://example.com/a.b?x=1) dan `kode_sumber()`.
Baris kedua paragraf yang sama.

Subjudul Setext
---------------

- butir satu dengan **tebal**
- butir dua
  lanjutan butir dua
1. nomor satu
   * sub-butir

> Kutipan dari narasumber.
> Baris kedua kutipan.

```python
print("jangan diterjemahkan.")
```

| kolom | nilai |
|---|---|
| a | 1 |

    kode terindentasi

Kirim surel ke redaksi@contoh.co.id atau buka https://contoh.co.id/berita/1.html hari ini.
"""


def test_markdown_round_trip_is_exact_without_translation():
    doc = parse_document(ARTICLE_MD, "markdown")
    assert "\n".join(b.render() for b in doc.blocks) == ARTICLE_MD


def test_markdown_blocks_are_recognised():
    doc = parse_document(ARTICLE_MD, "markdown")
    kinds = [(b.kind, b.prefix) for b in doc.blocks if b.kind != "raw"]
    assert kinds == [
        ("heading", "# "),
        ("paragraph", ""),
        ("heading", ""),
        ("list_item", "- "),
        ("list_item", "- "),
        ("list_item", "1. "),
        ("list_item", "   * "),
        ("quote", "> "),
        ("table_row", "| "),
        ("table_row", "| "),
        ("paragraph", ""),
    ]
    quote = next(b for b in doc.blocks if b.kind == "quote")
    assert quote.text == "Kutipan dari narasumber. Baris kedua kutipan."


def echo_translate(text: str, fmt: str = "markdown"):
    translator = Translator("echo", engine=EchoEngine())
    return translate_document(parse_document(text, fmt), translator)


def test_markdown_translation_keeps_structure_links_and_code():
    tdoc = echo_translate(ARTICLE_MD)
    out = render_same(tdoc)
    assert out.startswith("---\ntitle: contoh\n---\n# EN(Judul Berita Hari Ini)\n")
    assert "[EN(tautan penting)](https://example.com/a.b?x=1)" in out
    assert "`kode_sumber()`" in out
    assert '```python\nprint("jangan diterjemahkan.")\n```' in out
    assert "| EN(kolom) | EN(nilai) |\n|---|---|\n| EN(a) | 1 |" in out  # cell by cell; numbers stay
    assert "    kode terindentasi" in out
    assert "**EN(tebal)**" in out
    assert "redaksi@contoh.co.id" in out and "https://contoh.co.id/berita/1.html" in out
    assert "\n---------------\n" in out
    assert out.count("\n- ") == 2 and "\n1. " in out and "\n   * EN(sub-butir)" in out
    assert "> EN(Kutipan dari narasumber.) EN(Baris kedua kutipan.)" in out


def test_placeholders_dropped_by_the_model_are_appended_not_lost():
    class Dropper(EchoEngine):
        def translate_batch(self, sentences, *, options):
            return ["dropped" for _ in sentences]

    translator = Translator("echo", engine=Dropper())
    tdoc = translate_document(parse_document("Lihat https://a.id/x dan `k`.\n", "markdown"), translator)
    out = render_same(tdoc)
    assert "https://a.id/x" in out and "`k`" in out


def test_jsonl_has_one_object_per_source_sentence():
    import json

    tdoc = echo_translate("# Judul\n\nSatu kalimat. Dua kalimat.\n\nTiga kalimat.\n")
    rows = [json.loads(line) for line in render_jsonl(tdoc).splitlines()]
    assert [(r["paragraph"], r["sentence"]) for r in rows] == [(0, 0), (1, 0), (1, 1), (2, 0)]
    assert rows[1] == {"paragraph": 1, "sentence": 0, "src": "Satu kalimat.", "tgt": "EN(Satu kalimat.)"}


def test_bilingual_puts_each_translation_after_its_source():
    tdoc = echo_translate("Judul\n\nSatu kalimat.\n", "text")
    assert render_bilingual(tdoc) == "Judul\n\nEN(Judul)\n\nSatu kalimat.\n\nEN(Satu kalimat.)\n"


def test_text_titles_stand_alone_and_wrapped_lines_join():
    text = "Judul Singkat\nIni paragraf yang dibungkus pada\nbaris berikutnya dengan rapi sekali ya.\n\nParagraf dua.\n"
    doc = parse_document(text, "text")
    blocks = [(b.kind, b.text) for b in doc.blocks if b.kind != "raw"]
    assert blocks == [
        ("heading", "Judul Singkat"),
        ("paragraph", "Ini paragraf yang dibungkus pada baris berikutnya dengan rapi sekali ya."),
        ("paragraph", "Paragraf dua."),
    ]
    assert "\n".join(b.render() for b in doc.blocks) == text


def test_whole_block_emphasis_with_nested_link():
    out = render_same(echo_translate("*Sumber: [Wikinews](https://w.org/a), CC BY-SA.*\n"))
    assert out.startswith("*") and "](https://w.org/a)" in out and out.rstrip().endswith("*")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.md", "x", "markdown"),
        ("a.txt", "# x", "text"),
        ("a.html", "x", "html"),
        (None, "# Judul\n\nisi", "markdown"),
        (None, "Judul\n\nIsi berita.", "text"),
        (None, "<!DOCTYPE html><html>", "html"),
    ],
)
def test_detect_format(name, text, expected):
    assert detect_format(name, text) == expected


def test_protect_restores_every_span():
    text = "Lihat [laporan](https://bps.go.id/x), `kode`, **tebal** dan <b>tag</b> di https://a.id/b."
    protected = protect(text)
    assert "https://" not in protected.template and "`" not in protected.template
    assert protected.restore(protected.template) == text


GFM = """Kolom A | Kolom B
--- | ---
Nilai satu | Nilai dua

| Wilayah | Kasus |
|:---|---:|
| Jawa \\| Bali | 1.250 |

Lihat [laporan][ref] dan ![peta sebaran kasus](peta.png).

[ref]: https://contoh.id/laporan "Laporan lengkap"

Angka itu naik[^1].

[^1]: Menurut data kementerian.
"""


def test_gfm_tables_references_footnotes_and_images():
    doc = parse_document(GFM, "markdown")
    assert "\n".join(b.render() for b in doc.blocks) == GFM  # untranslated: byte for byte
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [(r.prefix, r.text, r.suffix) for r in rows] == [
        ("", "Kolom A | Kolom B", ""),
        ("", "Nilai satu | Nilai dua", ""),
        ("| ", "Wilayah | Kasus", " |"),
        ("| ", "Jawa \\| Bali | 1.250", " |"),
    ]
    tdoc = echo_translate(GFM)
    out = render_same(tdoc)
    assert out.startswith("EN(Kolom A) | EN(Kolom B)\n--- | ---\nEN(Nilai satu) | EN(Nilai dua)\n")
    assert "| EN(Wilayah) | EN(Kasus) |\n|:---|---:|\n| EN(Jawa \\| Bali) | 1.250 |" in out
    assert '\n[ref]: https://contoh.id/laporan "Laporan lengkap"\n' in out  # a definition is not prose
    assert "EN(Lihat [EN(laporan)][ref] dan ![EN(peta sebaran kasus)](peta.png).)" in out
    assert "EN(Angka itu naik[^1].)" in out and "\n[^1]: EN(Menurut data kementerian.)\n" in out
    cells = [(r.paragraph, r.sentence, r.src) for r in tdoc.sentences][:4]
    assert cells == [(0, 0, "Kolom A"), (0, 1, "Kolom B"), (1, 0, "Nilai satu"), (1, 1, "Nilai dua")]
