"""``lintas corpus build`` and ``lintas corpus translate``: bad input, exit codes, SIGKILL and resume, gzip."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from records import write_jsonl

import lintas.translate.cli.corpus_cmd  # noqa: F401 - attaches the commands, whether or not lintas.translate.cli lists the module
from lintas.eval.testsets import get_testset
from lintas.translate.cli import main

pytestmark = pytest.mark.usefixtures("fixed_date")

REPO = Path(__file__).resolve().parents[1]
CORPUS_FILES = [
    "corpus.id",
    "corpus.en",
    "corpus.tsv",
    "corpus.jsonl",
    "corpus.tmx",
    "stats.json",
    "stats.md",
]


def lintas(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def flores_docs(limit: int) -> list[tuple[str, str, str]]:
    docs = get_testset("flores200-devtest").documents()[:limit]
    return [
        (f"doc{n:03d}", " ".join(a for a, _ in pairs), " ".join(b for _, b in pairs))
        for n, (_, pairs) in enumerate(docs)
    ]


def write_pairs(path: Path, limit: int) -> Path:
    return write_jsonl(path, [{"id": i, "src": s, "tgt": t} for i, s, t in flores_docs(limit)])


def test_help_documents_the_exit_codes():
    result = lintas("corpus", "build", "--help")
    assert result.exit_code == 0
    assert "1  the corpus was built, but some documents were skipped" in result.output
    assert "--workers" in result.output and "--gzip" in result.output
    # Example blocks keep their lines (click's \\b markers survive the appended exit codes), and the body is not
    # left indented.
    assert "\n  From a JSONL file:  lintas corpus build --pairs docs.jsonl -o corpus/\n" in result.output
    assert "\n  Output in DIR:\n    corpus.id, corpus.en   Moses" in result.output
    assert "\b" not in result.output and "\n      " not in result.output.split("Exit codes")[0]
    translate_help = lintas("corpus", "translate", "--help").output
    assert (
        "Exit codes" in translate_help
        and "\n  lintas corpus translate articles/ -o synthetic/" in translate_help
    )
    assert (
        "--executor [local|ray]" in translate_help
        and "--engine [auto|transformers|ctranslate2]" in translate_help
    )


def test_folder_build_with_bad_documents_skips_them_and_exits_1(tmp_path, caplog):
    src, tgt = tmp_path / "id", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    for name, s, t in flores_docs(6):
        (src / f"{name}.txt").write_text(s, encoding="utf-8")
        (tgt / f"{name}.txt").write_text(t, encoding="utf-8")
    (src / "orphan.txt").write_text("Tidak ada pasangannya.", encoding="utf-8")
    (src / "empty.md").write_text("\n\n", encoding="utf-8")
    (tgt / "empty.md").write_text("Something.", encoding="utf-8")
    (src / "latin1.txt").write_bytes("Kafe itu menjual caf\xe9 au lait.".encode("latin-1"))
    (tgt / "latin1.txt").write_text("The café sells café au lait.", encoding="utf-8")
    result = lintas("corpus", "build", "--src-dir", src, "--tgt-dir", tgt, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1, result.output
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    assert stats["documents"] == {"total": 9, "processed": 6, "skipped": 3}
    reasons = {s["id"]: s["reason"] for s in stats["skipped_documents"]}
    assert set(reasons) == {"orphan.txt", "empty.md", "latin1.txt"}
    assert "no partner in --tgt-dir" in reasons["orphan.txt"]
    assert "is empty" in reasons["empty.md"]
    assert "is not UTF-8" in reasons["latin1.txt"]
    for doc_id in reasons:  # each one logged too (the CLI's log handler writes to stderr)
        assert f"skipped document '{doc_id}'" in caplog.text
    assert stats["pairs"]["kept"] > 15
    assert all((tmp_path / "out" / name).is_file() for name in CORPUS_FILES)
    assert "| orphan.txt |" in (tmp_path / "out" / "stats.md").read_text(encoding="utf-8")


def test_malformed_jsonl_lines_are_skipped_and_the_rest_built(tmp_path):
    path = write_pairs(tmp_path / "docs.jsonl", 4)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "src": \n')
        fh.write('{"id": "no-target", "src": "Halo."}\n')
    result = lintas("corpus", "build", "--pairs", path, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in stats["skipped_documents"]] == ["line 5", "no-target"]
    assert stats["documents"]["processed"] == 4


def test_clean_build_exits_0_and_summarises(tmp_path):
    result = lintas(
        "corpus", "build", "--pairs", write_pairs(tmp_path / "d.jsonl", 3), "-o", tmp_path / "out", "-q"
    )
    assert result.exit_code == 0, result.output
    assert "pairs kept of" in result.output and "(0 skipped)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pairs", "x.jsonl", "--src-dir", "a"], "either --pairs or --src-dir/--tgt-dir"),
        (["--src-dir", "a"], "give --pairs PAIRS.jsonl, or both --src-dir and --tgt-dir"),
        (["--pairs", "missing.jsonl"], "missing.jsonl: no such file"),
        (["--pairs", "d.jsonl", "--config", "bad.toml"], "unknown filter 'lenght'"),
        (["--pairs", "d.jsonl", "--lexicon", "x.tsv", "--no-lexicon"], "contradict each other"),
    ],
)
def test_usage_and_input_errors_are_one_line_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_pairs(tmp_path / "d.jsonl", 1)
    (tmp_path / "bad.toml").write_text("[filters.lenght]\n", encoding="utf-8")
    result = lintas("corpus", "build", *args, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith("lintas: ") and message in result.output
    assert result.output.count("\n") == 1


def test_cli_workers_and_gzip(tmp_path):
    pairs = write_pairs(tmp_path / "d.jsonl", 12)
    assert (
        lintas(
            "corpus", "build", "--pairs", pairs, "-o", tmp_path / "one", "-q", "--shard-size", "5"
        ).exit_code
        == 0
    )
    two = lintas("corpus", "build", "--pairs", pairs, "-o", tmp_path / "two", "-q", "-j", "2", "--gzip")
    assert two.exit_code == 0, two.output
    import gzip

    for name in CORPUS_FILES[:5]:
        plain = (tmp_path / "one" / name).read_bytes()
        assert gzip.decompress((tmp_path / "two" / f"{name}.gz").read_bytes()) == plain
    assert (tmp_path / "one" / "stats.json").read_bytes().replace(b".gz", b"") == (
        tmp_path / "two" / "stats.json"
    ).read_bytes().replace(b".gz", b"")


#: ``lintas corpus build`` with one change: once the manifest names ``PAUSE_AFTER`` shards, the build writes
#: ``PAUSE_MARKER`` and stops there for good. The test kills it at that point, so the kill always lands mid-build
#: (after 3 shards, before the merge) however fast or slow the machine is.
_PAUSING_BUILD = """
import os, sys, threading
from lintas.translate.corpus.manifest import ShardStore
from lintas.translate.cli import main

write_shard = ShardStore.write_shard
def pausing_write_shard(self, *args, **kwargs):
    info = write_shard(self, *args, **kwargs)
    if len(self.manifest.shards) >= int(os.environ["PAUSE_AFTER"]):
        open(os.environ["PAUSE_MARKER"], "w").close()
        threading.Event().wait()
    return info
ShardStore.write_shard = pausing_write_shard
main(["corpus", "build", *sys.argv[1:]])
"""


def _run(args: list[str], env: dict[str, str], *, pausing: bool = False) -> subprocess.Popen:
    start = ["-c", _PAUSING_BUILD] if pausing else ["-m", "lintas.translate.cli", "corpus", "build"]
    return subprocess.Popen(
        [sys.executable, *start, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_then_rerun_gives_the_uninterrupted_output(tmp_path, workers):
    pairs = write_pairs(tmp_path / "docs.jsonl", 120)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "HF_HUB_OFFLINE": "1"}
    args = ["--pairs", str(pairs), "-q", "--shard-size", "4", "-j", workers]
    reference = _run([*args, "-o", str(tmp_path / "ref")], env)
    assert reference.wait(timeout=240) == 0, reference.stderr.read().decode()

    out = tmp_path / "killed"
    marker = tmp_path / "paused"
    proc = _run(
        [*args, "-o", str(out)], {**env, "PAUSE_AFTER": "3", "PAUSE_MARKER": str(marker)}, pausing=True
    )
    while not marker.exists():
        assert proc.poll() is None, f"the build ended before its third shard: {proc.stderr.read().decode()}"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["shards"]) == 3 and not manifest["complete"]
    assert not (out / "corpus.tsv").exists()

    rerun = _run([*args, "-o", str(out)], env)
    assert rerun.wait(timeout=240) == 0
    assert "resuming the build" in rerun.stderr.read().decode()
    for name in CORPUS_FILES:
        assert (out / name).read_bytes() == (tmp_path / "ref" / name).read_bytes(), name


def test_corpus_translate_on_the_tiny_model_records_the_model(tiny_model_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Harga beras naik tajam minggu ini. Pemerintah akan bertindak.", encoding="utf-8"
    )
    (docs / "b.md").write_text("# Banjir di Jakarta\n\nHujan deras turun sejak pagi.", encoding="utf-8")
    config = tmp_path / "f.toml"
    config.write_text(
        "[filters.language]\nenabled = false\n", encoding="utf-8"
    )  # the tiny model writes noise
    out = tmp_path / "out"
    args = [
        "corpus",
        "translate",
        docs,
        "-o",
        out,
        "-m",
        tiny_model_dir,
        "--engine",
        "transformers",
        "--beam",
        "1",
    ]
    result = lintas(
        *args, "--max-output-length", "12", "--no-cache", "-q", "--config", config, "--write-dropped"
    )
    assert result.exit_code == 0, result.output
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["kind"] == "synthetic"
    assert stats["metadata"]["model"] == str(tiny_model_dir)
    assert stats["metadata"]["engine"] == "transformers" and stats["metadata"]["model_fingerprint"]
    assert stats["documents"]["processed"] == 2 and stats["sentences"]["src"] == 4
    rows = [json.loads(x) for x in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    dropped = [json.loads(x) for x in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) + len(dropped) == 4
    assert all(r["mt_model"] == str(tiny_model_dir) for r in rows + dropped)
    assert str(tiny_model_dir) in (out / "corpus.tmx").read_text(encoding="utf-8")


PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="{charset}"><title>{title} | Kabar Contoh</title></head>
<body><nav><ul><li><a href="/">{home}</a></li><li><a href="/kesehatan">{section}</a></li></ul></nav>
<main><article><h1>{title}</h1><p class="byline">{byline}</p>
{paragraphs}
<p>{share}</p></article></main>
<footer><p>© 2026 Kabar Contoh. {rights}</p></footer></body></html>
"""
CHROME = {
    "id": {"home": "Beranda", "section": "Kesehatan", "byline": "Oleh: Rina Wulandari", "share": "Bagikan artikel ini",
           "rights": "Hak cipta dilindungi undang-undang."},
    "en": {"home": "Home", "section": "Health", "byline": "By Rina Wulandari", "share": "Share this article",
           "rights": "All rights reserved."},
}  # fmt: skip


def paragraphs_of(sentences: list[str]) -> list[str]:
    """The body of a test article: three sentences a paragraph (the first sentence is the title)."""
    body = sentences[1:]
    return [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]


def news_page(lang: str, sentences: list[str], charset: str = "utf-8") -> str:
    """A news page around ``sentences`` (the first is the title): menu, byline, share prompt, footer, and a
    "Posted By" spam line after a ``<br>`` in the last paragraph."""
    paragraphs = [f"<p>{p}</p>" for p in paragraphs_of(sentences)]
    paragraphs[-1] = paragraphs[-1].replace("</p>", "<br>Posted By : admin_kabar</p>")
    return PAGE.format(lang=lang, charset=charset, title=sentences[0], paragraphs="\n".join(paragraphs),
                       **CHROME[lang])  # fmt: skip


def test_folders_of_web_pages_give_the_pairs_of_their_articles_as_plain_text_does(tmp_path):
    """Pages wrapped in menus, bylines, share prompts and spam give the corpus of their article text alone."""
    # Extraction turns thin spaces into spaces and drops zero-width ones, as a reader sees the text.
    norm = lambda text: " ".join(text.replace("\u200b", "").split())  # noqa: E731
    docs = [
        ([norm(a) for a, _ in pairs], [norm(b) for _, b in pairs])
        for _, pairs in get_testset("tico19-test").documents()[:3]
    ]
    folders = {name: (tmp_path / name / "id", tmp_path / name / "en") for name in ("pages", "text")}
    for folder in [f for pair in folders.values() for f in pair]:
        folder.mkdir(parents=True)
    for n, (ind, eng) in enumerate(docs):
        (src, tgt), (src_txt, tgt_txt) = folders["pages"], folders["text"]
        (tgt / f"berita{n}.html").write_text(news_page("en", eng), encoding="utf-8")
        if n == 1:  # a legacy page, decoded by its <meta charset>
            (src / f"berita{n}.html").write_bytes(
                news_page("id", ind, "windows-1252").encode("cp1252", "replace")
            )
        else:
            (src / f"berita{n}.html").write_text(news_page("id", ind), encoding="utf-8")
        for folder, sentences in ((src_txt, ind), (tgt_txt, eng)):
            text = "\n\n".join([sentences[0], *paragraphs_of(sentences)])
            (folder / f"berita{n}.txt").write_text(text, encoding="utf-8")
    src, tgt = folders["pages"]
    for name in ("kosong.html", "tanpa-charset.htm"):
        (tgt / name).write_text(news_page("en", ["Title.", "Some text here."]), encoding="utf-8")
    (src / "kosong.html").write_bytes((REPO / "data/samples/pages/halaman-tidak-ditemukan.html").read_bytes())
    (src / "tanpa-charset.htm").write_bytes("<p>Kafe itu menjual café.</p>".encode("cp1252"))

    result = lintas("corpus", "build", "--src-dir", src, "--tgt-dir", tgt, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1, result.output
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    reasons = {s["id"]: s["reason"] for s in stats["skipped_documents"]}
    assert "no article text found in this page" in reasons.pop("kosong.html")
    assert "is not UTF-8" in reasons.pop("tanpa-charset.htm")  # no declared charset: nothing is guessed
    assert not reasons and stats["documents"]["processed"] == 3
    text_build = lintas("corpus", "build", "--src-dir", folders["text"][0], "--tgt-dir", folders["text"][1],
                        "-o", tmp_path / "text-out", "-q")  # fmt: skip
    assert text_build.exit_code == 0, text_build.output

    def pairs(out: str) -> list[tuple]:
        lines = (tmp_path / out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
        return [(r["id"].split(".")[0], r["src_text"], r["tgt_text"]) for r in map(json.loads, lines)]

    from_pages = pairs("out")
    assert len(from_pages) > 300 and from_pages == pairs("text-out")
    text = "\n".join(f"{s}\n{t}" for _, s, t in from_pages)
    for chrome in ("Beranda", "Oleh", "Bagikan", "Posted", "Hak cipta", "Share this", "All rights", "Home"):
        assert chrome not in text


# ------------------------------------------------------------------------- what the output folder may hold
PLAIN_FILES = sorted([*CORPUS_FILES, "manifest.json"])
#: Temporary files of lintas's own outputs, as lintas.translate.io.atomic_writer names them, left by a kill.
STALE_TEMPS = [".corpus.jsonl.mj9lim2d.tmp", ".corpus.tsv.ab_c1234.tmp", ".manifest.json.zz9yy8xx.tmp"]


def build_args(pairs: Path, out: Path, *options: str) -> list[object]:
    return ["corpus", "build", "--pairs", pairs, "-o", out, "-q", *options]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_overwrite_removes_every_earlier_output_and_nothing_else(tmp_path):
    first, second = write_pairs(tmp_path / "p1.jsonl", 2), write_pairs(tmp_path / "p2.jsonl", 3)
    out = tmp_path / "out"
    assert lintas(*build_args(first, out, "--gzip", "--write-dropped", "--keep-shards")).exit_code == 0
    assert (out / "corpus.tsv.gz").is_file() and (out / "dropped.jsonl.gz").is_file()
    for name in [*STALE_TEMPS, ".corpus.tsv.keep", "notes.txt"]:
        (out / name).write_text("x", encoding="utf-8")
    result = lintas(*build_args(second, out, "--overwrite"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*PLAIN_FILES, ".corpus.tsv.keep", "notes.txt"])
    assert lintas(*build_args(second, tmp_path / "fresh")).exit_code == 0
    assert {n: b for n, b in files_of(out).items() if n in PLAIN_FILES} == files_of(tmp_path / "fresh")


@pytest.mark.parametrize("option", ["--gzip", "--write-dropped"])
def test_a_finished_build_with_other_output_options_is_refused(tmp_path, option):
    pairs, out = write_pairs(tmp_path / "p.jsonl", 2), tmp_path / "out"
    assert lintas(*build_args(pairs, out)).exit_code == 0
    before = files_of(out)
    result = lintas(*build_args(pairs, out, option))
    assert result.exit_code == 2
    assert result.output == (
        f"lintas: --output {out}: holds a finished build written with other output options (--gzip, "
        "--write-dropped); add --overwrite to replace it, or choose another folder\n"
    )
    assert files_of(out) == before
    again = lintas(*build_args(pairs, out))  # the same command: nothing to do
    assert again.exit_code == 0 and "already holds" in again.output
    assert lintas(*build_args(pairs, out, option, "--overwrite")).exit_code == 0
    assert sorted(files_of(out)) == sorted(
        [*PLAIN_FILES, "dropped.jsonl"]
        if option == "--write-dropped"
        else [*(f"{n}.gz" for n in CORPUS_FILES[:5]), "stats.json", "stats.md", "manifest.json"]
    )


@pytest.mark.parametrize(
    "name", ["corpus.tsv.gz", "corpus.id.gz", "dropped.jsonl", "dropped.jsonl.gz", "stats.md"]
)
def test_a_folder_holding_any_corpus_file_without_a_manifest_is_refused(tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(b"mine")
    result = lintas(*build_args(write_pairs(tmp_path / "p.jsonl", 1), out))
    assert result.exit_code == 2
    assert result.output.startswith(f"lintas: --output {out}: already holds {name} from another build")
    assert result.output.count("\n") == 1
    assert files_of(out) == {name: b"mine"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda out: (out / "shards").touch(), "shards is a file, but the build keeps its shards in a folder"),
        (lambda out: (out / "manifest.json").mkdir(), "manifest.json is a folder, but the build writes its manifest"),
        (lambda out: (out / "corpus.tsv").mkdir(), "corpus.tsv is a folder, but the build writes a file"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_an_unexpected_folder_layout_is_one_line_exit_2(tmp_path, make, message, overwrite):
    out = tmp_path / "out"
    out.mkdir()
    make(out)
    result = lintas(*build_args(write_pairs(tmp_path / "p.jsonl", 1), out, *overwrite))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"lintas: --output {out}: {out}/") and message in result.output
    assert result.output.count("\n") == 1
    assert len(list(out.iterdir())) == 1  # what was there is not the build's to remove


def test_a_resumed_merge_removes_the_temporary_files_a_kill_left(tmp_path):
    pairs = write_pairs(tmp_path / "p.jsonl", 3)
    assert lintas(*build_args(pairs, tmp_path / "ref")).exit_code == 0
    out = tmp_path / "out"
    assert lintas(*build_args(pairs, out, "--keep-shards")).exit_code == 0
    # As if killed during the merge: the shards are done, the final files half written.
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["complete"] = False
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out / "corpus.tsv").unlink()
    for name in STALE_TEMPS:
        (out / name).write_text("half a file", encoding="utf-8")
    (out / "shards" / ".shard-000000.jsonl.gz.q1w2e3r4.tmp").write_bytes(b"half a shard")
    result = lintas(*build_args(pairs, out, "--keep-shards"))
    assert result.exit_code == 0, result.output
    assert files_of(out) == files_of(tmp_path / "ref")
    assert [p.name for p in (out / "shards").iterdir()] == ["shard-000000.jsonl.gz"]


def test_every_corpus_format_carries_the_same_text_for_control_whitespace(tmp_path):
    import defusedxml.ElementTree as DET

    src = "Baris satu dengan carriage\rreturn di tengah kalimat ini."
    tgt = "First line with a carriage\rreturn in the middle of this sentence."
    rows = [
        {"id": "c", "src": [src], "tgt": [tgt]},
        {
            "id": "d",
            "src": [src.replace("\r", "\t")],
            "tgt": [tgt.replace("\r", " ")],
        },  # the same, as written
    ]
    out = tmp_path / "out"
    result = lintas(*build_args(write_jsonl(tmp_path / "cr.jsonl", rows), out))
    assert result.exit_code == 0, result.output
    pair = (src.replace("\r", " "), tgt.replace("\r", " "))
    tmx = DET.parse(str(out / "corpus.tmx")).getroot().find("body").findall("tu")
    assert [tuple(seg.text for seg in tu.iter("seg")) for tu in tmx] == [pair]
    tsv = (out / "corpus.tsv").read_bytes().decode().split("\n")[:-1]
    assert [tuple(line.split("\t")[:2]) for line in tsv] == [pair]
    moses = [(out / f"corpus.{lang}").read_bytes().decode().split("\n")[:-1] for lang in ("id", "en")]
    assert list(zip(*moses, strict=True)) == [pair]
    rows = [json.loads(x) for x in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["src_text"], r["tgt_text"]) for r in rows] == [pair]
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert {f["name"]: f["dropped"] for f in stats["filters"]}["duplicate_exact"] == 1
