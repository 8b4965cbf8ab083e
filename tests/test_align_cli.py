"""`lintas align`, `lintas eval align` and `lintas lexicon build`: formats, streaming, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from defusedxml import ElementTree

from lintas.translate.cli import main

SRC = [
    "Presiden Joko Widodo tiba di Brussel pada hari Senin untuk bertemu Sekretaris Jenderal NATO Jens Stoltenberg.",
    "Kedua pemimpin membahas keamanan regional selama dua jam.",
    "Mereka juga berbicara tentang perdagangan dan investasi.",
    "Kunjungan ini adalah yang pertama sejak tahun 2019.",
]
TGT = [
    "President Joko Widodo arrived in Brussels on Monday to meet NATO Secretary General Jens Stoltenberg.",
    "The two leaders discussed regional security for two hours, and they also talked about trade and investment.",
    "The visit is the first since 2019.",
]
GOLD = [[[0], [0]], [[1, 2], [1]], [[3], [2]]]


def run(args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def one_line_error(result, code=None) -> str:
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lintas: ")
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture()
def pair(tmp_path) -> tuple[Path, Path]:
    src = tmp_path / "doc.id"
    tgt = tmp_path / "doc.en"
    src.write_text("\n".join(SRC) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(TGT) + "\n", encoding="utf-8")
    return src, tgt


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_presplit_pair_to_jsonl(pair):
    result = run(["align", *pair, "--presplit"])
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert [[r["src"], r["tgt"]] for r in rows] == GOLD
    assert all(r["id"] is None and isinstance(r["score"], float) for r in rows)
    assert rows[1]["src_text"] == f"{SRC[1]} {SRC[2]}" and rows[1]["tgt_text"] == TGT[1]


def test_documents_are_segmented_without_presplit(tmp_path):
    src = tmp_path / "a.txt"
    tgt = tmp_path / "b.txt"
    src.write_text(" ".join(SRC[:2]) + "\n\n" + SRC[3] + "\n", encoding="utf-8")
    tgt.write_text(" ".join([TGT[0], TGT[1]]) + "\n\n" + TGT[2] + "\n", encoding="utf-8")
    rows = jsonl(run(["align", src, tgt]).stdout)
    assert [[r["src"], r["tgt"]] for r in rows] == [[[0], [0]], [[1], [1]], [[2], [2]]]
    assert rows[0]["src_text"] == SRC[0]


def test_formats(pair, tmp_path):
    tsv = run(["align", *pair, "--presplit", "--format", "tsv"])
    assert [line.split("\t")[1] for line in tsv.stdout.splitlines()] == TGT
    out = tmp_path / "corpus"
    assert run(["align", *pair, "--presplit", "--format", "moses", "-o", out]).exit_code == 0
    assert (tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines() == TGT
    assert len((tmp_path / "corpus.id").read_text(encoding="utf-8").splitlines()) == 3
    tmx = tmp_path / "out.tmx"
    assert run(["align", *pair, "--presplit", "--format", "tmx", "-o", tmx]).exit_code == 0
    assert len(ElementTree.parse(str(tmx)).getroot().find("body").findall("tu")) == 3


def test_empty_document_gives_null_beads(pair, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run(["align", empty, pair[1], "--presplit"])
    assert result.exit_code == 0, result.stderr
    assert [[r["src"], r["tgt"]] for r in jsonl(result.stdout)] == [[[], [j]] for j in range(len(TGT))]
    result = run(["align", empty, empty])
    assert result.exit_code == 0 and result.stdout == ""
    result = run(["align", pair[0], empty, "--format", "tsv"])
    assert result.exit_code == 0 and result.stdout == ""


def test_one_side_fifty_times_longer(pair, tmp_path):
    long = tmp_path / "long.en"
    filler = [
        f"Line {k}: an unrelated remark on the weather in a town far away." for k in range(50 * len(SRC))
    ]
    long.write_text("\n".join(filler[:100] + TGT + filler[100:]) + "\n", encoding="utf-8")
    result = run(["align", pair[0], long, "--presplit"])
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert sorted(j for r in rows for j in r["tgt"]) == list(range(len(filler) + len(TGT)))
    assert [[0], [100]] in [[r["src"], r["tgt"]] for r in rows]


def write_pairs(path: Path, lines: list) -> Path:
    path.write_bytes(b"".join((x if isinstance(x, bytes) else json.dumps(x).encode()) + b"\n" for x in lines))
    return path


def test_pairs_streamed_with_strings_and_lists(tmp_path, caplog):
    pairs = write_pairs(
        tmp_path / "pairs.jsonl",
        [
            {"id": "a", "src": SRC, "tgt": TGT},
            {"id": 2, "src": " ".join(SRC), "tgt": " ".join(TGT)},
            {"id": "empty", "src": [], "tgt": ["Only English."]},
        ],
    )
    result = run(["align", "--pairs", pairs])
    assert result.exit_code == 1, result.stderr  # aligned, but one document had an empty side
    assert "document 'empty': the Indonesian side is empty; its sentences are written as null beads" in (
        caplog.text
    )
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == ["a"] * 3 + [2] * 3 + ["empty"]
    assert [[r["src"], r["tgt"]] for r in rows if r["id"] == "a"] == GOLD
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(json.dumps({"id": i, "beads": GOLD}) + "\n" for i in ("a", 2))
        + json.dumps({"id": "empty", "beads": [[[], [0]]]})
        + "\n"
    )
    hyp = tmp_path / "hyp.jsonl"
    hyp.write_text(result.stdout, encoding="utf-8")
    scored = run(["eval", "align", gold, hyp, "--json"])
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["f1_strict"] == 1.0
    table = run(["eval", "align", gold, hyp])
    assert "| F1        | 1.0000 | 1.0000 |" in table.stdout


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ({"id": "b", "src": SRC}, 'line 2 has no "tgt"'),
        ({"src": SRC, "tgt": TGT}, 'line 2 has no "id"'),
        ({"id": "a", "src": SRC, "tgt": TGT}, "line 2: id 'a' appeared on an earlier line"),
        (b'{"id": "b", "src": [', "line 2 is not valid JSON"),
        (b'{"id": "b", "src": "caf\xe9", "tgt": "x"}', "line 2 is not UTF-8"),
        ([1, 2], "line 2 is not a JSON object"),
        ({"id": "b", "src": 5, "tgt": TGT}, 'line 2: "src" must be a string'),
        ({"id": ["b"], "src": SRC, "tgt": TGT}, 'line 2: "id" must be a string or an integer'),
    ],
)
def test_pairs_bad_line_keeps_earlier_documents(tmp_path, bad_line, message):
    pairs = write_pairs(
        tmp_path / "pairs.jsonl",
        [{"id": "a", "src": SRC, "tgt": TGT}, bad_line, {"id": "c", "src": SRC, "tgt": TGT}],
    )
    out = tmp_path / "out.jsonl"
    result = run(["align", "--pairs", pairs, "-o", out])
    error = one_line_error(result, code=2)
    assert message in error and "pairs.jsonl" in error
    rows = jsonl(out.read_text(encoding="utf-8"))  # the first document, complete; nothing after the bad line
    assert [r["id"] for r in rows] == ["a", "a", "a"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_pairs_bad_first_line_leaves_no_file(tmp_path):
    pairs = write_pairs(tmp_path / "pairs.jsonl", [b"not json"])
    out = tmp_path / "out.tmx"
    one_line_error(run(["align", "--pairs", pairs, "-o", out, "--format", "tmx"]), code=2)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give two documents"),
        (["only-one.txt"], "give two documents"),
        (["a.txt", "b.txt", "--pairs", "p.jsonl"], "not both"),
        (["missing.txt", "missing2.txt"], "no such file"),
        (["--pairs", "missing.jsonl"], "no such file"),
    ],
)
def test_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert message in one_line_error(run(["align", *args]), code=2)


def test_binary_input_and_bad_outputs(pair, tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in one_line_error(run(["align", binary, pair[1]]), code=2)
    assert "-o OUT" in one_line_error(run(["align", *pair, "--format", "moses"]), code=2)
    missing_dir = tmp_path / "nope" / "out.jsonl"
    assert "does not exist" in one_line_error(run(["align", *pair, "-o", missing_dir]), code=2)
    assert not missing_dir.parent.exists()


def test_eval_align_errors(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "beads": GOLD}) + "\n" + json.dumps({"id": "b", "beads": GOLD}) + "\n"
    )
    hyp = tmp_path / "hyp.jsonl"
    hyp.write_text(json.dumps({"id": "a", "src": [0], "tgt": [0]}) + "\n{broken\n")
    assert "line 2 is not valid JSON" in one_line_error(run(["eval", "align", gold, hyp]), code=2)
    hyp.write_text(json.dumps({"id": "a", "src": [0], "tgt": [0]}) + "\n")
    assert "no beads for document id 'b'" in one_line_error(run(["eval", "align", gold, hyp]), code=2)


def test_lexicon_build(tmp_path):
    ind = tmp_path / "train.id"
    eng = tmp_path / "train.en"
    ind.write_text(
        "rumah itu besar\nrumah saya kecil\nkucing itu besar\nkucing saya kecil\n", encoding="utf-8"
    )
    eng.write_text("the house is big\nmy house is small\nthe cat is big\nmy cat is small\n", encoding="utf-8")
    out = tmp_path / "lex.tsv"
    result = run(["lexicon", "build", "--corpus", ind, eng, "-o", out, "--min-prob", "0.2"])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "rumah\thouse\t" in text and "# sources:" in text
    aligned = run(["align", "--lexicon", out, "--presplit", ind, eng])
    assert aligned.exit_code == 0, aligned.stderr
    assert [[r["src"], r["tgt"]] for r in jsonl(aligned.stdout)] == [[[k], [k]] for k in range(4)]


def test_lexicon_build_mismatched_files(tmp_path):
    ind = tmp_path / "a.id"
    eng = tmp_path / "a.en"
    ind.write_text("satu\ndua\n", encoding="utf-8")
    eng.write_text("one\n", encoding="utf-8")
    error = one_line_error(run(["lexicon", "build", "--corpus", ind, eng, "-o", tmp_path / "x.tsv"]), code=2)
    assert "has 2 lines but" in error
    assert not (tmp_path / "x.tsv").exists()


def test_mt_mode_plumbing(pair, tiny_model_dir):
    """The tiny model's translations are noise: this checks the plumbing, not the quality."""
    result = run(["align", *pair, "--presplit", "--mt", tiny_model_dir, "--mt-engine", "transformers"])
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert sorted(i for r in rows for i in r["src"]) == list(range(len(SRC)))
    assert sorted(j for r in rows for j in r["tgt"]) == list(range(len(TGT)))


def test_mt_model_missing(pair, tmp_path):
    error = one_line_error(run(["align", *pair, "--mt", tmp_path / "no-model"]), code=3)
    assert "no-model" in error


def test_shipped_lexicon_is_reproducible(tmp_path):
    """`lintas lexicon build` with its defaults rebuilds data/lexicon/id-en.tsv byte for byte."""
    out = tmp_path / "id-en.tsv"
    result = run(["lexicon", "build", "-o", out])
    assert result.exit_code == 0, result.stderr
    shipped = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "id-en.tsv"
    assert out.read_bytes() == shipped.read_bytes()


def test_mt_model_error_names_the_mt_option(pair, tmp_path):
    error = one_line_error(run(["align", *pair, "--mt", tmp_path / "no-model"]), code=3)
    assert "use --mt PATH" in error and "--model" not in error
