"""Reading text inputs safely and writing outputs atomically.

Two promises every command keeps: an input that is not text is refused with one line (binary files, encodings we
cannot decode), and an output file is either complete or absent: we write to a temporary file in the same folder
and rename it over the target, so a crash or a Ctrl-C never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from lintas.translate.errors import InputError, OutputError

#: Bytes that never occur in text files; finding one in the first block means the file is binary.
_BINARY_MARKERS = (b"\x00",)
#: How much of a file we sniff for binary content and encoding.
_SNIFF_BYTES = 64 * 1024


#: Single-byte code pages of Latin-script text that a short sample cannot tell apart from windows-1252.
_LATIN_CODE_PAGES = ("cp125", "iso8859", "latin", "mac_", "cp8", "ascii")


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(value: object, field: str = "a field") -> str | None:
    """Where a parsed JSON value holds a lone surrogate (``"\\ud800"``), as an error message, or None.

    JSON may escape half a UTF-16 pair, and scraped data often does (text cut between the two halves); Python
    parses it into a string that no UTF-8 file can hold. Such a document is refused here, with the field named,
    rather than failing later in a writer with the whole job's state half-written.
    """
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        if found is None:
            return None
        return (
            f"{field} holds a lone surrogate (\\u{ord(found.group()):04x} at character {found.start() + 1}), "
            "which is not Unicode text; fix the decoding that wrote the file"
        )
    if isinstance(value, dict):
        for k, v in value.items():
            why = lone_surrogate(k, "a key") if _SURROGATE.search(k) else lone_surrogate(v, f'"{k}"')
            if why is not None:
                return why
    elif isinstance(value, list):
        for v in value:
            if (why := lone_surrogate(v, field)) is not None:
                return why
    return None


def legacy_encoding(raw: bytes) -> str | None:
    """The encoding of text that is not UTF-8, or None when no guess holds.

    charset-normalizer guesses; on a few hundred bytes it often cannot tell windows-1252 from windows-1250 or
    ISO 8859-2 and picks one at random (``à`` read as ``ŕ``). Indonesian and English are written in the
    Western Latin alphabet, so where the guess is a Latin single-byte code page and the bytes are valid
    windows-1252, windows-1252 is taken: the encoding Indonesian Windows machines save in.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:_SNIFF_BYTES]).best()
    if best is None or best.encoding is None:
        return None
    guess = best.encoding.lower().replace("-", "_")
    if guess != "cp1252" and guess.startswith(_LATIN_CODE_PAGES):
        try:
            sample = raw[:_SNIFF_BYTES].decode("cp1252")
        except UnicodeDecodeError:  # bytes 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in windows-1252
            return best.encoding
        if not any(0x80 <= ord(ch) < 0xA0 for ch in sample):
            return "cp1252"
    return best.encoding


def decode_text(raw: bytes, name: str = "<input>") -> str:
    """Decode ``raw`` bytes as text: UTF-8 (with or without BOM) first, then a detected encoding.

    Raises:
        InputError: the bytes look binary, or no encoding decodes them with confidence.
    """
    head = raw[:_SNIFF_BYTES]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM is text, not binary
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: looks like UTF-16 but cannot be decoded ({exc.reason})") from None
    if any(marker in head for marker in _BINARY_MARKERS):
        raise InputError(f"{name}: is a binary file, not text; give a UTF-8 text, Markdown or HTML file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    encoding = legacy_encoding(raw)
    if encoding is None:
        raise InputError(
            f"{name}: is not UTF-8 and its encoding could not be detected; convert it with iconv first"
        )
    # Control characters other than whitespace mean the "text" is really binary that happened to decode.
    text = raw.decode(encoding, errors="replace")
    controls = sum(1 for ch in text[:_SNIFF_BYTES] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 0.01 * max(1, len(text[:_SNIFF_BYTES])):
        raise InputError(f"{name}: looks binary (control characters), not text")
    return text


def read_bytes(path: str | os.PathLike[str] | None) -> tuple[bytes, str]:
    """The raw bytes of an input and its name for messages; ``None`` or ``"-"`` reads standard input.

    Raises:
        InputError: missing, a folder, or unreadable.
    """
    if path is None or str(path) == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a file")
    try:
        return p.read_bytes(), str(p)
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None


def read_text(path: str | os.PathLike[str] | None) -> str:
    """Read a whole text input; ``None`` or ``"-"`` reads standard input.

    Raises:
        InputError: missing, a folder, unreadable, binary or undecodable.
    """
    raw, name = read_bytes(path)
    return decode_text(raw, name)


def output_target(path: str | os.PathLike[str]) -> Path:
    """Where writing ``path`` really writes: through a symbolic link to the file it points to.

    Renaming a finished file over a link would replace the link itself, and leave the file the user meant
    unchanged.
    """
    p = Path(path)
    return Path(os.path.realpath(p)) if p.is_symlink() else p


def _is_stream(path: Path) -> bool:
    """An existing output that is not a regular file (a FIFO, ``/dev/null``, a terminal): written as a stream."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def line_ending(text: str) -> str:
    """``"\r\n"`` when most lines of ``text`` end so (a file saved on Windows), else ``"\n"``."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def with_line_ending(text: str, ending: str) -> str:
    """``text`` (written with ``\n``) with every line ending as ``ending``: an output keeps its input's."""
    return text if ending == "\n" else text.replace("\r\n", "\n").replace("\n", ending)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """``a`` and ``b`` are one file: the same path once ``..`` and links are resolved, or hard links of one file."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def check_not_input(
    path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str] | None], *, param: str = "output"
) -> None:
    """Refuse an output that is one of the inputs: writing it would destroy what is being read.

    ``-`` (standard input or output) and ``None`` are no files and never collide.

    Raises:
        OutputError: ``path`` resolves (through ``..``, links or hard links) to one of ``inputs``.
    """
    if str(path) == "-":
        return
    for source in inputs:
        if source is None or str(source) == "-":
            continue
        if same_file(path, source):
            raise OutputError(
                f"{{param}} {path}: is the input {source}; writing it would destroy the input, give another path",
                param=param,
            )


def check_writable(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    param: str = "output",
) -> Path:
    """Fail early, before any expensive work, when ``path`` cannot be written; return where it writes.

    Args:
        inputs: the files the command reads; an output that is one of them is refused (:func:`check_not_input`).
        param: the parameter the output was given as, for the error message.

    Raises:
        OutputError: the folder is missing, not a folder, or not writable; the path is a folder or an input.
    """
    check_not_input(path, inputs, param=param)
    p = output_target(path)
    if _is_stream(p):
        if not os.access(p, os.W_OK):
            raise OutputError(f"{path}: is not writable")
        return p
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise OutputError(f"{p}: is a folder; give a file path for the output")
    if not parent.exists():
        raise OutputError(f"{p}: folder {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(f"{p}: {parent} is not a folder")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{p}: folder {parent} is not writable")
    return p


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success rename it over ``path``, on failure delete it.

    A symbolic link is followed (the file it points to is replaced, the link stays), an existing file keeps
    its permissions, and an output that is not a regular file (a FIFO, ``/dev/stdout``, ``/dev/null``) is
    written as the stream it is: renaming a file over it would destroy it.

    Example:
        >>> with atomic_writer("out.txt") as fh:   # doctest: +SKIP
        ...     fh.write("complete or nothing")
    """
    target = check_writable(path)
    kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding, "newline": ""}
    if _is_stream(target):
        with open(target, mode, **kwargs) as fh:
            yield fh
        return
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        try:
            permissions = stat.S_IMODE(target.stat().st_mode)
        except OSError:  # a new file: mkstemp makes 0600, outputs get the usual permissions
            permissions = 0o666 & ~_current_umask()
        os.fchmod(fd, permissions)
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_text(path: str | os.PathLike[str] | None, text: str) -> None:
    """Write ``text`` atomically to ``path``, or to standard output when ``path`` is ``None`` or ``"-"``."""
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with atomic_writer(path) as fh:
            fh.write(text)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
