"""Errors that reach the user as one clear line.

Library code raises these; the CLI catches :class:`LintasError` and prints ``lintas: <message>`` on stderr with a
non-zero exit code, never a traceback. Messages name what went wrong *and* the fix, because the person reading them
is usually at a terminal with no network and a deadline.
"""

from __future__ import annotations


class LintasError(Exception):
    """Base class of every error that is the user's input, environment or configuration, not a bug.

    ``exit_code`` lets the CLI tell classes of failure apart (2 = bad usage or input, 3 = model not available).
    """

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        # One line only: the CLI prints the message as is.
        super().__init__(" ".join(str(message).split()))


class InputError(LintasError):
    """An input file or stream that cannot be read as text: missing, binary, undecodable, malformed."""

    exit_code = 2


class OutputError(LintasError):
    """An output path that cannot be written."""

    exit_code = 2


class ModelNotAvailableError(LintasError):
    """The translation model cannot be loaded: not on disk, not cached, hub unreachable, or not a model."""

    exit_code = 3


class EngineNotInstalledError(LintasError):
    """An optional engine (CTranslate2, Ray, ...) was asked for but its package is not installed."""

    exit_code = 3
