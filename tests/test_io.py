"""Output files: written whole or not at all, and never by destroying what the path is."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from lintas.translate.errors import OutputError
from lintas.translate.io import atomic_writer, write_text


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "target.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    write_text(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == "target.md"
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "target.md"]  # no temp file left


def test_a_fifo_is_written_as_a_stream(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, not a regular file


def test_an_existing_file_keeps_its_permissions(tmp_path):
    out = tmp_path / "private.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    write_text(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text(encoding="utf-8") == "new"


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("complete", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_writer(out) as fh:
            fh.write("half")
            raise RuntimeError("interrupted")
    assert out.read_text(encoding="utf-8") == "complete" and [p.name for p in tmp_path.iterdir()] == [
        "out.txt"
    ]


def test_a_folder_is_not_an_output(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        write_text(tmp_path, "x")


def test_short_western_text_in_a_legacy_code_page_is_read_as_windows_1252():
    """A detector cannot tell windows-1252 from windows-1250 on one line; Indonesian text is Western Latin."""
    from lintas.translate.io import decode_text

    line = "Ini adalah kalimat dengan huruf é dan à di kota Bogor. Saya suka kopi pahit.\n"
    assert decode_text(line.encode("cp1252")) == line
    assert (
        decode_text("Kafe itu menjual café au lait—enak.".encode("cp1252"))
        == "Kafe itu menjual café au lait—enak."
    )


def test_a_reference_that_is_not_utf8_names_the_encoding_to_convert_from(tmp_path):
    from lintas.eval.segments import read_utf8
    from lintas.translate.errors import InputError

    ref = tmp_path / "ref.txt"
    ref.write_bytes("Kafe itu menjual café.\n".encode("cp1252"))
    with pytest.raises(
        InputError, match=r"looks like cp1252\); convert it first, e\.g\. iconv -f CP1252 -t UTF-8"
    ):
        read_utf8(ref)
