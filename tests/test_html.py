"""HTML input: translation in place (fragments), article extraction (pages), encodings, the CLI end to end."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from fakes import EchoEngine

from lintas.translate.article import render_jsonl, render_same, translate_document
from lintas.translate.article_html import markdown_inline_to_html, render_article_html
from lintas.translate.cli import main
from lintas.translate.documents import detect_format, parse_document, read_source
from lintas.translate.documents.extract import extract_article
from lintas.translate.documents.html import parse_html
from lintas.translate.documents.html_decode import decode_html, is_full_page
from lintas.translate.errors import InputError
from lintas.translate.translator import Translator

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "data" / "samples" / "pages"
TICO = ROOT / "data" / "testsets" / "tico19"


def echo():
    engine = EchoEngine()
    return Translator("echo", engine=engine), engine


def sent(engine: EchoEngine) -> list[str]:
    return [s for batch in engine.batches for s in batch]


def shape(markup: str, page: bool) -> list[tuple[str, int]]:
    """Element tags in document order with their depth: the tree's shape, as lxml parses it."""
    if page:
        root = lxml.html.document_fromstring(markup)
    else:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return [(el.tag, len(list(el.iterancestors()))) for el in root.iter() if isinstance(el.tag, str)]


def translate_html(markup: str, **kwargs) -> tuple[str, EchoEngine]:
    translator, engine = echo()
    tdoc = translate_document(parse_html(markup), translator, **kwargs)
    return render_same(tdoc), engine


# ------------------------------------------------------------------------------------------ in place
def test_inline_markup_stays_around_the_right_words():
    out, engine = translate_html(
        '<p>Lihat <a href="https://bps.go.id/x?a=1&amp;b=2">laporan BPS</a> dan <b>data</b> terbaru. '
        "Kalimat <em>kedua</em>.</p>"
    )
    assert out == (
        '<p>EN(Lihat <a href="https://bps.go.id/x?a=1&amp;b=2">EN(laporan BPS)</a> dan <b>EN(data)</b> terbaru.) '
        "EN(Kalimat <em>EN(kedua)</em>.)</p>"
    )
    # The model saw placeholders, never tags or URLs.
    assert sent(engine) == [
        "Lihat [[0]] dan [[1]] terbaru.",
        "Kalimat [[2]].",
        "laporan BPS",
        "data",
        "kedua",
    ]


def test_nested_inline_markup_is_translated_level_by_level():
    out, engine = translate_html('<p>Baca <a href="/a"><strong>laporan</strong> lengkap</a> ini.</p>')
    assert out == '<p>EN(Baca <a href="/a">EN(<strong>EN(laporan)</strong> lengkap)</a> ini.)</p>'
    assert sent(engine) == ["Baca [[0]] ini.", "[[0]] lengkap", "laporan"]


class DroppingEngine(EchoEngine):
    """A model that loses every placeholder: the tags must still all come back (appended)."""

    def translate_batch(self, sentences, *, options):
        import re

        return [re.sub(r"\[\[\d+\]\]", "", s) for s in super().translate_batch(sentences, options=options)]


def test_dropped_placeholders_bring_their_tags_back():
    translator = Translator("echo", engine=DroppingEngine())
    src = '<p>Lihat <a href="/a">laporan</a> dan <b>data</b> baru.</p>'
    out = render_same(translate_document(parse_html(src), translator))
    assert out == '<p>EN(Lihat  dan  baru.) <a href="/a">EN(laporan)</a> <b>EN(data)</b></p>'
    assert shape(out, page=False) == shape(src, page=False)


def test_addresses_in_text_are_kept_byte_for_byte_and_kept_from_the_model():
    src = "<p>Kunjungi https://www.kompas.com/a/b?x=1&amp;y=2 atau tulis ke redaksi@kompas.id hari ini.</p>"
    out, engine = translate_html(src)
    assert out == (
        "<p>EN(Kunjungi https://www.kompas.com/a/b?x=1&amp;y=2 atau tulis ke redaksi@kompas.id hari ini.)</p>"
    )
    assert not any("kompas" in s for s in sent(engine))  # the model saw placeholders


def test_text_is_unescaped_for_the_model_and_escaped_back():
    out, engine = translate_html("<p>Saham AT&amp;T naik &lt;5%.</p>")
    assert sent(engine) == ["Saham AT&T naik <5%."]
    assert out == "<p>EN(Saham AT&amp;T naik &lt;5%.)</p>"


def test_see_also_line_over_a_paragraph_keeps_the_paragraph():
    out, engine = translate_html("<div>Baca juga: Judul lain<br><br>Harga cabai naik dua kali lipat.</div>")
    assert "EN(Harga cabai naik dua kali lipat.)" in out


def test_trailing_posted_by_after_a_br_is_left_out_and_the_paragraph_translated():
    src = "<div><p>Harga beras naik. Pemerintah bertindak.<br>\n<br>Posted By : Admin Ganteng</p><p>Lain.</p></div>"
    out, engine = translate_html(src)
    assert "Posted" not in out and not any("Posted" in s for s in sent(engine))
    assert out.startswith("<div><p>EN(Harga beras naik.) EN(Pemerintah bertindak.)</p><p>EN(Lain.)</p>")
    assert shape(out, page=False) == [t for t in shape(src, page=False) if t[0] != "br"]
    kept, _ = translate_html(src, keep_boilerplate=True)  # passed through untranslated, where it stood
    assert "Pemerintah bertindak.)<br>\n<br>Posted By : Admin Ganteng</p>" in kept
    assert shape(kept, page=False) == shape(src, page=False)
    translator, _ = echo()
    rows = [
        json.loads(line)
        for line in render_jsonl(translate_document(parse_html(src), translator)).splitlines()
    ]
    assert {
        "src": "Posted By : Admin Ganteng",
        "skipped": "boilerplate",
        "rule": "spam_byline",
    }.items() <= next(r for r in rows if r.get("skipped")).items()


def test_only_line_breaks_outside_inline_tags_split_a_paragraph():
    src = "<p>Baca juga: Harga cabai naik<br>Isi <b>berita<br>tebal</b> di sini.<br>Posted By : X</p>"
    out, engine = translate_html(src)
    assert out == "<p>EN(Isi <b>EN(berita <br> tebal)</b> di sini.)</p>"
    assert not any("Baca" in s or "Posted" in s for s in sent(engine))


def test_a_paragraph_of_boilerplate_lines_only_goes_whole():
    out, engine = translate_html("<div><p>Bagikan artikel ini<br>Posted By : X</p><p>Isi.</p></div>")
    assert out == "<div><p>EN(Isi.)</p></div>" and sent(engine) == ["Isi."]


def test_a_translated_page_declares_english():
    page = "<!DOCTYPE html><html lang='id' xml:lang=\"id\"><head><title>Judul</title></head><body><p>Isi.</p></body></html>"
    out, _ = translate_html(page)
    assert out.startswith('<!DOCTYPE html>\n<html lang="en" xml:lang="en">')
    bare, _ = translate_html("<html><body><p>Isi.</p></body></html>")
    assert bare.startswith('<html lang="en">')


def test_line_breaks_split_sentences_and_stay_out_of_the_model_input():
    out, engine = translate_html("<p>Kalimat satu.<br>Kalimat dua</p>")
    assert sent(engine) == ["Kalimat satu.", "Kalimat dua"]
    assert out == "<p>EN(Kalimat satu.) <br> EN(Kalimat dua)</p>"


def test_script_style_code_pre_are_untouched():
    src = (PAGES / "korona-fragmen.html").read_text(encoding="utf-8")
    out, engine = translate_html(src)
    for kept in (
        "<code>data/kasus-harian.csv</code>",
        "<code>python unduh.py</code>",
        "<pre>tanggal,kasus\n2020-04-02,1000000</pre>",
        '<script>document.write("Iklan: jangan diterjemahkan.");</script>',
        "<style>p.catatan { color: gray; }</style>",
    ):
        assert kept in out
    text = " ".join(sent(engine))
    assert "kasus-harian" not in text and "jangan diterjemahkan" not in text and "color" not in text
    assert "tanggal,kasus" not in text


def test_alt_and_title_attributes_are_translated():
    src = (PAGES / "korona-fragmen.html").read_text(encoding="utf-8")
    out, _ = translate_html(src)
    assert '<h2 title="EN(Ringkasan berita)">' in out
    assert 'alt="EN(Peta sebaran kasus virus korona)"' in out
    assert 'title="EN(Peta data)"' in out
    assert 'src="/img/peta-sebaran.png"' in out and 'href="https://coronavirus.jhu.edu/map.html"' in out


def test_fragment_keeps_its_tree_shape():
    src = (PAGES / "korona-fragmen.html").read_text(encoding="utf-8")
    out, _ = translate_html(src, keep_boilerplate=True)
    assert shape(out, page=False) == shape(src, page=False)
    assert "EN(Peta sebaran kasus virus korona di seluruh dunia.)" in out
    assert '<span class="nama">EN(Sergei Sobyanin)</span>' in out


def test_boilerplate_paragraph_is_removed_whole_and_never_translated():
    src = (PAGES / "korona-fragmen.html").read_text(encoding="utf-8")
    out, engine = translate_html(src)
    assert "Baca juga" not in out and "Baca juga" not in " ".join(sent(engine))
    expected = shape(src, page=False)
    removed = [("p", 1), ("b", 2), ("a", 2)]  # the "Baca juga" paragraph and its inline tags
    start = next(i for i in range(len(expected)) if expected[i : i + 3] == removed)
    assert shape(out, page=False) == expected[:start] + expected[start + 3 :]


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (
            "<p>Teks <b>tebal <i>miring</p><p>Kedua <a href='x'>tautan",
            '<p>EN(Teks <b>EN(tebal <i>EN(miring)</i>)</b>)</p><p>EN(Kedua <a href="x">EN(tautan)</a>)</p>',
        ),
        (
            "Halo <b>dunia</b> ini.<div>Satu<p>dua</div> tiga",
            "EN(Halo <b>EN(dunia)</b> ini.)<div>EN(Satu)<p>EN(dua)</p></div> EN(tiga)",
        ),
        (
            "<ul><li>Satu<li>Dua <em>x</em></ul><table><tr><td>Sel <b>a</b><td>Sel b</table>",
            "<ul><li>EN(Satu)</li><li>EN(Dua <em>EN(x)</em>)</li></ul>"
            "<table><tr><td>EN(Sel <b>EN(a)</b>)</td><td>EN(Sel b)</td></tr></table>",
        ),
        (
            "<p>Kalimat <!-- komentar --> lanjut.</p></div></span>ekor",
            "<p>EN(Kalimat <!-- komentar --> lanjut.)</p>EN(ekor)",
        ),
        (
            "<p>Tanpa penutup <a href='/x'>tautan <b>tebal",
            '<p>EN(Tanpa penutup <a href="/x">EN(tautan <b>EN(tebal)</b>)</a>)</p>',
        ),
    ],
)
def test_malformed_markup_still_produces_valid_html_of_the_same_shape(src, expected):
    out, _ = translate_html(src)
    assert out == expected  # closed the way lxml (and browsers) close it, every text translated
    assert shape(out, page=False) == shape(src, page=False)


def test_full_page_in_place_keeps_doctype_and_declares_utf8():
    raw = (PAGES / "who-pandemi-cp1252.html").read_bytes()
    src = decode_html(raw, "who.html")
    translator, _ = echo()
    doc = parse_document(src, "html")
    out = render_same(translate_document(doc, translator, keep_boilerplate=True))
    assert out.startswith("<!DOCTYPE html>\n<html")
    assert '<meta charset="utf-8">' in out and "windows-1252" not in out
    assert (
        "<title>EN(Organisasi Kesehatan Dunia (WHO) menyatakan COVID-19 sebagai pandemi | Warta Contoh)</title>"
        in out
    )
    assert "terjadi—penyakit" in out
    assert shape(out, page=True) == shape(src, page=True)


# ------------------------------------------------------------------------------------------ encodings
def test_meta_charset_windows_1252():
    raw = (PAGES / "who-pandemi-cp1252.html").read_bytes()
    assert b"\x97" in raw  # the em dash, in windows-1252
    text = decode_html(raw)
    assert "terjadi—penyakit yang disebabkan oleh koronavirus SARS-CoV-2—sebagai pandemi." in text
    assert "\x97" not in text and "Ã" not in text
    assert read_source(PAGES / "who-pandemi-cp1252.html") == text


def test_meta_http_equiv_iso_8859_1_is_read_as_windows_1252():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>'
        "<body><p>Kafé “Kopi” di Jakarta — murah.</p></body></html>"
    )
    text = decode_html(page.encode("cp1252"))
    assert "Kafé “Kopi” di Jakarta — murah." in text


def test_utf8_bytes_win_over_a_stale_meta():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Kafé — murah.</p></body></html>'
    assert "Kafé — murah." in decode_html(page.encode("utf-8"))


def test_unknown_charset_falls_back_to_detection():
    page = '<html><head><meta charset="x-nonsense"></head><body><p>Kafé murah.</p></body></html>'
    assert "Kafé murah." in decode_html(page.encode("utf-8"))


def test_detection_and_page_or_fragment():
    assert detect_format("x.html", "") == "html"
    assert is_full_page((PAGES / "bangladesh-berita.html").read_text(encoding="utf-8"))
    assert not is_full_page((PAGES / "korona-fragmen.html").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ extraction
def tico_sentences() -> set[str]:
    return set((TICO / "test.ind").read_text(encoding="utf-8").splitlines())


def test_extraction_pulls_the_article_and_marks_boilerplate():
    doc = extract_article((PAGES / "bangladesh-berita.html").read_text(encoding="utf-8"), "b.html")
    assert doc.metadata["title"].startswith("Bangladesh melaporkan lima kematian baru")
    assert doc.metadata["date"] == "2020-04-07"
    assert doc.metadata["author"] == "Rina Wulandari"
    shown = [b for b in doc.blocks if b.kind != "raw" and not b.skipped]
    assert shown[0].kind == "title"
    assert [b.text for b in shown if b.kind == "caption"] == ["Suasana jalan raya di kota Dhaka, Bangladesh."]
    skipped = {b.skip_rule for b in doc.blocks if b.skipped}
    assert skipped == {"section_label", "advertisement", "see_also", "spam_byline"}
    body = " ".join(b.text for b in shown)
    for noise in (
        "Beranda",
        "Komentar",
        "Semoga cepat berlalu",
        "Pedoman Media Siber",
        "Bagikan",
        "All rights",
    ):
        assert noise not in body
    # Every paragraph sentence is a TICO-19 sentence, in the page's order, none lost.
    import re

    plain = [re.sub(r"\[([^\]]+)\]\([^)]*\)|\*\*|\*", lambda m: m.group(1) or "", b.text) for b in shown]
    paragraphs = [p for p, b in zip(plain, shown, strict=True) if b.kind in ("title", "paragraph")]
    tico = tico_sentences()
    from lintas.translate.segment import split_sentences

    sentences = [s for p in paragraphs for s in split_sentences(p, "id")]
    assert all(s in tico for s in sentences), [s for s in sentences if s not in tico]
    assert len(sentences) == 15


def test_extracted_paragraph_loses_its_trailing_spam_line_only():
    body = " ".join(["Harga beras naik tajam di seluruh Jawa Tengah minggu ini, kata pedagang pasar."] * 6)
    page = f"<html><body><article><h1>Harga beras</h1><p>{body}<br>Posted By : admin_kabar</p></article></body></html>"
    translator, engine = echo()
    md = render_same(translate_document(extract_article(page), translator))
    assert "Posted" not in md and not any("Posted" in s for s in sent(engine))
    assert "EN(Harga beras naik tajam" in md
    kept = render_same(translate_document(extract_article(page), echo()[0], keep_boilerplate=True))
    assert kept.rstrip().endswith("\nPosted By : admin_kabar")  # its own source line, untranslated


def test_extracted_page_translated_to_markdown_and_html():
    translator, engine = echo()
    doc = extract_article((PAGES / "bangladesh-berita.html").read_text(encoding="utf-8"))
    tdoc = translate_document(doc, translator)
    md = render_same(tdoc)
    assert md.startswith(
        '---\ndate: "2020-04-07"\nauthor: "Rina Wulandari"\n---\n\n# EN(Bangladesh melaporkan'
    )
    assert "*EN(Suasana jalan raya di kota Dhaka, Bangladesh.)*" in md
    assert "[EN(Organisasi Kesehatan Dunia (WHO))](https://www.who.int/)" in md
    assert "![EN(Jalan raya di kota Dhaka)](/img/2020/04/dhaka.jpg)" in md  # alt text is read: translated
    assert "Baca" not in md and "Posted" not in md and "Advertisement" not in md
    assert not any("Baca" in s or "Posted" in s or "Advertisement" in s for s in sent(engine))
    page = render_article_html(tdoc)
    tree = lxml.html.document_fromstring(page)
    assert tree.find(".//h1").text_content().startswith("EN(Bangladesh")
    assert tree.find(".//figure/figcaption").text == "EN(Suasana jalan raya di kota Dhaka, Bangladesh.)"
    assert tree.find(".//figure/img").get("src") == "/img/2020/04/dhaka.jpg"
    assert tree.find(".//figure/img").get("alt") == "EN(Jalan raya di kota Dhaka)"
    assert tree.find(".//time").get("datetime") == "2020-04-07"
    assert [a.get("href") for a in tree.iter("a")] == ["/tag/bangladesh", "https://www.who.int/"]
    assert "Baca" not in page and "Posted" not in page


def test_extraction_with_keep_boilerplate_and_jsonl():
    translator, _ = echo()
    doc = extract_article((PAGES / "who-pandemi-cp1252.html").read_bytes().decode("cp1252"))
    kept = render_same(translate_document(doc, translator, keep_boilerplate=True))
    assert "\n\nIklan\n\n" in kept and "\n\nEditor: Yoga Pratama\n" in kept
    rows = [json.loads(line) for line in render_jsonl(translate_document(doc, translator)).splitlines()]
    skipped = [(r["src"], r["rule"]) for r in rows if r.get("skipped") == "boilerplate"]
    assert skipped == [
        ("Kamis, 12 Maret 2020 | 08.30 WIB", "timestamp"),
        ("Iklan", "advertisement"),
        ("Simak juga: [Video konferensi pers WHO](/video/who)", "see_also"),
        ("Editor: Yoga Pratama", "byline"),
    ]
    assert all(r["tgt"] == "" for r in rows if r.get("skipped"))
    assert any(r["src"].startswith("Semua negara masih dapat") for r in rows)  # the blockquote


def test_truncated_page_with_unclosed_tags_still_extracts():
    src = (PAGES / "bangladesh-berita.html").read_text(encoding="utf-8")
    broken = src[: src.index("Seorang pejabat") + 40].replace(
        "</p>", "", 5
    )  # cut mid-sentence, <p>s unclosed
    shown = [b.text for b in extract_article(broken).blocks if b.kind != "raw" and not b.skipped]
    assert shown[0].startswith("Bangladesh melaporkan lima kematian baru")
    assert shown[1] == "Jalan raya di kota Dhaka"  # the image's alt text
    assert shown[-1] == "Seorang pejabat rumah sakit memberitahu"
    assert len(shown) == 8


def test_extraction_never_touches_the_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("extraction tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    doc = extract_article((PAGES / "bangladesh-berita.html").read_text(encoding="utf-8"))
    assert doc.metadata["date"] == "2020-04-07"


def test_page_without_article_is_refused():
    with pytest.raises(InputError, match="no article text found"):
        extract_article((PAGES / "halaman-tidak-ditemukan.html").read_text(encoding="utf-8"), "404.html")


def test_markdown_inline_to_html():
    assert markdown_inline_to_html("Lihat [laporan **BPS**](https://x.id/a?b=1&c=2) & `kode` *ini*") == (
        'Lihat <a href="https://x.id/a?b=1&amp;c=2">laporan <strong>BPS</strong></a> &amp; <code>kode</code> '
        "<em>ini</em>"
    )


# ------------------------------------------------------------------------------------------ CLI
def run(args, input=None):
    return CliRunner().invoke(main, args, input=input)


def model_args(model_dir):
    return ["--model", str(model_dir), "--beam", "1", "--max-output-length", "8", "--quiet"]


def one_line_error(result, code):
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("lintas: "), result.stderr
    return lines[0]


def test_cli_page_to_markdown_and_html(tmp_path, tiny_model_dir):
    out = tmp_path / "article.en.md"
    result = run(
        ["translate", str(PAGES / "bangladesh-berita.html"), "-o", str(out), *model_args(tiny_model_dir)]
    )
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith('---\ndate: "2020-04-07"\nauthor: "Rina Wulandari"\n---\n\n# ')
    assert "](/tag/bangladesh)" in md and "](https://www.who.int/)" in md
    assert "Baca" not in md and "Posted By" not in md and "<nav" not in md
    result = run(
        ["translate", str(PAGES / "bangladesh-berita.html"), "--format", "html", *model_args(tiny_model_dir)]
    )
    assert result.exit_code == 0, result.output
    tree = lxml.html.document_fromstring(result.stdout)
    assert tree.find(".//article/h1") is not None and tree.find(".//figcaption") is not None
    out = tmp_path / "article.en.html"  # the output's suffix picks HTML
    result = run(
        ["translate", str(PAGES / "bangladesh-berita.html"), "-o", str(out), *model_args(tiny_model_dir)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')


def test_cli_fragment_in_place_and_jsonl(tmp_path, tiny_model_dir):
    src = PAGES / "korona-fragmen.html"
    result = run(["translate", str(src), "--keep-boilerplate", *model_args(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    assert shape(result.stdout, page=False) == shape(src.read_text(encoding="utf-8"), page=False)
    assert '<script>document.write("Iklan: jangan diterjemahkan.");</script>' in result.stdout
    assert "<b>Baca juga:</b>" in result.stdout  # kept, untranslated
    result = run(["translate", str(src), "--format", "jsonl", *model_args(tiny_model_dir)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    skipped = [r for r in rows if r.get("skipped")]
    assert len(skipped) == 1 and skipped[0]["rule"] == "see_also" and skipped[0]["tgt"] == ""
    assert skipped[0]["src"].startswith('<b>Baca juga:</b> <a href="/bangladesh">')


def test_cli_windows_1252_page(tiny_model_dir):
    result = run(
        ["translate", str(PAGES / "who-pandemi-cp1252.html"), "--no-extract", *model_args(tiny_model_dir)]
    )
    assert result.exit_code == 0, result.output
    assert '<meta charset="utf-8">' in result.stdout
    assert shape(result.stdout, page=True)[0] == ("html", 0)


def test_cli_markdown_boilerplate_is_skipped(tmp_path, tiny_model_dir):
    src = tmp_path / "a.md"
    src.write_text("# Judul\n\nBaca juga: Harga beras stabil\n\nHarga cabai naik.\n", encoding="utf-8")
    result = run(["translate", str(src), *model_args(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    assert "Baca juga" not in result.stdout and result.stdout.count("\n\n") == 1
    result = run(["translate", str(src), "--keep-boilerplate", *model_args(tiny_model_dir)])
    assert "\n\nBaca juga: Harga beras stabil\n\n" in result.stdout


def test_cli_empty_page_is_one_line_without_extractor_chatter(tmp_path, tiny_model_dir):
    page = tmp_path / "e.html"
    page.write_text("<html><body></body></html>", encoding="utf-8")
    import subprocess
    import sys

    # A real process, not --quiet: the extractor's loggers reach the terminal through lintas's log handler.
    args = [
        sys.executable,
        "-m",
        "lintas.translate.cli",
        "translate",
        str(page),
        "--model",
        str(tiny_model_dir),
    ]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "fixture with random weights" not in line]
    assert len(lines) == 1 and "no article text found" in lines[0], result.stderr


def test_extracted_fragment_keeps_pre_as_code_and_skips_a_bold_see_also_whole():
    src = (PAGES / "korona-fragmen.html").read_text(encoding="utf-8")
    translator, engine = echo()
    md = render_same(translate_document(extract_article(src), translator))
    assert "```\ntanggal,kasus\n2020-04-02,1000000\n```" in md  # a code block, byte for byte
    assert "Baca" not in md and "Bangladesh" not in md  # the label and its link go together
    assert not any("tanggal" in s or "Bangladesh" in s for s in sent(engine))


def test_extracted_table_is_translated_cell_by_cell():
    body = " ".join(["Harga beras naik tajam di seluruh Jawa Tengah minggu ini, kata pedagang pasar."] * 6)
    table = (
        "<table><tr><th>Sistem</th><th>Dukungan</th></tr>"
        "<tr><td>Linux terbaru</td><td>Didukung penuh</td></tr><tr><td>Versi lama</td><td>2019</td></tr></table>"
    )
    page = (
        f"<html><body><article><h1>Harga beras</h1><p>{body}</p>{table}<p>{body}</p></article></body></html>"
    )
    tdoc = translate_document(extract_article(page), echo()[0])
    md = render_same(tdoc)
    assert "| EN(Sistem) | EN(Dukungan) |\n|---|---|\n| EN(Linux terbaru) | EN(Didukung penuh) |" in md
    assert "| EN(Versi lama) | 2019 |" in md
    tree = lxml.html.document_fromstring(render_article_html(tdoc))
    cells = [[td.text_content() for td in tr.iter("td")] for tr in tree.iter("tr")]
    assert cells == [["EN(Sistem)", "EN(Dukungan)"], ["EN(Linux terbaru)", "EN(Didukung penuh)"],
                     ["EN(Versi lama)", "2019"]]  # fmt: skip


def test_extraction_takes_no_date_from_a_copyright_line():
    body = " ".join(["Harga beras naik tajam di seluruh Jawa Tengah minggu ini, kata pedagang pasar."] * 8)
    page = f"<html><body><article><h1>Harga beras</h1><p>{body}</p></article><footer>&copy; 2024 Kabar</footer></body></html>"
    assert "date" not in extract_article(page).metadata
    dated = page.replace("<h1>", '<time datetime="2020-04-07">7 April 2020</time><h1>')
    assert extract_article(dated).metadata["date"] == "2020-04-07"


def test_extraction_takes_no_date_from_data_in_a_code_block():
    fragment = (PAGES / "korona-fragmen.html").read_text(encoding="utf-8")
    assert "2020-04-02,1000000" in fragment  # a CSV row in a <pre>, the fragment's only date
    assert "date" not in extract_article(fragment).metadata


def test_cli_page_without_article_is_one_line(tmp_path, tiny_model_dir):
    out = tmp_path / "x.md"
    line = one_line_error(
        run(
            [
                "translate",
                str(PAGES / "halaman-tidak-ditemukan.html"),
                "-o",
                str(out),
                *model_args(tiny_model_dir),
            ]
        ),
        2,
    )
    assert "no article text found" in line and "--no-extract" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--extract"], "--extract works on HTML input"),
        (["--format", "html"], "--format html needs HTML input"),
    ],
)
def test_cli_html_options_need_html(tmp_path, args, needle):
    src = tmp_path / "a.md"
    src.write_text("Halo.\n", encoding="utf-8")
    assert needle in one_line_error(run(["translate", str(src), *args]), 2)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--no-extract", "--format", "markdown"], "needs --extract"),
        (["--no-extract", "--bilingual"], "--bilingual does not apply"),
    ],
)
def test_cli_in_place_html_refuses_line_based_outputs(args, needle):
    assert needle in one_line_error(run(["translate", str(PAGES / "korona-fragmen.html"), *args]), 2)


def test_cli_help_documents_html_and_boilerplate():
    result = run(["translate", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for needle in (
        "--extract / --no-extract",
        "--keep-boilerplate",
        '"skipped": "boilerplate"',
        "<meta charset>",
    ):
        assert needle in text
