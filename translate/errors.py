"""Errors that reach the user as one clear line.

Library code raises these; the CLI catches :class:`LintasError` and prints ``lintas: <message>`` on stderr with a
non-zero exit code, never a traceback. Messages name what went wrong *and* the fix, because the person reading them
is usually at a terminal with no network and a deadline.
"""

from __future__ import annotations


class LintasError(Exception):
    """Base class of every error that is the user's input, environment or configuration, not a bug.

    ``exit_code`` lets the CLI tell classes of failure apart (2 = bad usage or input, 3 = model not available).

    A message may name the parameter it is about with the placeholder ``{param}`` and pass ``param=``: a Python
    caller reads the keyword (``model=PATH``), the CLI reads its own flag for that parameter (``--model PATH`` in
    ``lintas translate``, ``--mt PATH`` in ``lintas align``): see :meth:`render`. One message, no string surgery.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, param: str | None = None) -> None:
        # One line only: the CLI prints the message as is.
        self.template = " ".join(str(message).split())
        self.param = param
        super().__init__(self.render())

    def render(self, flag: str | None = None) -> str:
        """The message, naming the parameter as ``flag`` (a CLI option) or else as a keyword argument.

        ``{param}`` names the parameter (``beam_size`` / ``--beam``); ``{param}=VALUE`` suggests a value
        (``engine=transformers`` / ``--engine transformers``).
        """
        if self.param is None or "{param}" not in self.template:
            return self.template
        name = flag or self.param
        return self.template.replace("{param}=", f"{flag} " if flag else f"{self.param}=").replace(
            "{param}", name
        )

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self):
        # Errors travel from worker processes and Ray actors: keep the template and the parameter, so the
        # driver's CLI can still name its own flag.
        return (self.__class__, (self.template,), self.__dict__)


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
