"""Problems found in a file: plain records, reported by `validate`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One thing wrong with a file, located by its key path (e.g. measures[2].lead[0])."""

    severity: Severity
    key: str
    message: str
    # A file that cannot be read or parsed at all (exit code 2, not 1).
    unreadable: bool = False
    line: int | None = None

    @classmethod
    def error(cls, key: str, message: str) -> Problem:
        return cls(Severity.ERROR, key, message)

    @classmethod
    def warning(cls, key: str, message: str) -> Problem:
        return cls(Severity.WARNING, key, message)


class FileReport(NamedTuple):
    path: Path
    kind: str | None
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    @property
    def unreadable(self) -> bool:
        return any(p.unreadable for p in self.problems)

    def failed(self, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))
