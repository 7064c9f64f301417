"""One error hierarchy; the CLI maps it to a message on stderr and an exit code.

Exit codes (documented in the README):

- 0: success, nothing wrong;
- 1: the command ran and found problems (validation errors, failed checks);
- 2: usage error, or input that cannot be read at all (missing path, not TOML,
  not UTF-8, unknown checklist or unit).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2


class IpcheckError(Exception):
    """Root of every error the CLI reports as a one-line message; `line` is the line of
    the file it is about, where there is one."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str = "", *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class InputError(IpcheckError):
    """A file that cannot be read or parsed (missing, not UTF-8, not TOML)."""


class SchemaError(IpcheckError):
    """A file that parses but does not follow the format."""


class NotFoundError(IpcheckError):
    """An unknown checklist, version, unit, measure or item."""


class StaleError(InputError):
    """A change asked of a state of the file that is no longer its state: another program
    or person changed it since the page asking was shown (ipcheck serve)."""


def without_path(message: str, path: object) -> str:
    """A message without the path it begins with, for a caller that shows the path itself:
    `path: …` in English, `path：…` in Chinese."""
    for colon in (": ", "："):
        if message.startswith(f"{path}{colon}"):
            return message[len(f"{path}{colon}") :]
    return message
