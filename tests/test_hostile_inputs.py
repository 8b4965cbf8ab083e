"""Hostile inputs that already held when issue 19 was filed, pinned so they keep holding (docs/reliability.md)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lintas.translate.cli import main
from lintas.translate.documents import parse_document

#: "Billion laughs": ten levels of ten references each; expanded, the page would hold 10**9 "lol"s (3 GB).
ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n  <!ENTITY lol "lol">\n'
    + "".join(
        f'  <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n<html><body><p>Halo &lol9; dunia.</p></body></html>\n"
)


def test_an_entity_bomb_is_not_expanded():
    document = parse_document(ENTITY_BOMB, "html")
    text = " ".join(block.text for block in document.blocks)
    assert "lollol" not in text and len(text) < 1000
    assert "Halo" in text and "dunia" in text


def test_document_ids_never_name_files_outside_the_output_folder(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    pairs = work / "pairs.jsonl"
    ids = ["../../etc/x", "/etc/passwd", "..", "a/../../b", "C:\\Windows\\x", "\x00nul"]
    rows = [{"id": i, "src": "Satu dua tiga. Empat lima.", "tgt": "One two three. Four five."} for i in ids]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    before = sorted(p for p in tmp_path.rglob("*"))
    out = work / "corpus"
    result = CliRunner().invoke(
        main,
        ["corpus", "build", "--pairs", str(pairs), "-o", str(out), "--keep-shards", "--write-dropped", "-q"],
    )
    assert result.exit_code in (0, 1), result.output
    after = sorted(p for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert new and all(p == out or out in p.parents for p in new), [
        str(p) for p in new if out not in p.parents
    ]
    written = (out / "corpus.jsonl").read_text(encoding="utf-8")
    assert "../../etc/x" in written  # the id is data in the file, not a path
