"""One exception family with user-facing messages, and the process exit codes."""

from __future__ import annotations

import enum
from pathlib import Path


class ExitCode(enum.IntEnum):
    OK = 0
    BAD_INPUT = 1  # bad input or data; nothing was written
    USAGE = 2  # click's own usage errors
    STORE = 3  # project store problem: locked, newer version, failed check
    INTERRUPTED = 130


class InterviewCoderError(Exception):
    """An error a person can act on, printed as one line: ``path:line: reason``."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class InputError(InterviewCoderError):
    """A file or argument the user gave cannot be used."""


class ConflictError(InputError):
    """A write onto something that changed since the coder saw it (another coder's decision, a
    re-imported passage, a removed code): nothing was written."""


class StoreError(InterviewCoderError):
    """The project file cannot be opened, migrated or written."""

    exit_code = ExitCode.STORE
