"""What a command gives the command line to show, as it goes.

A command is a generator: it yields `Out` (data for stdout: text, a view to
print as JSON, or a renderable for the terminal) and `Say` (a line for people
on stderr), and returns its exit code. The CLI prints each as it comes, so long
outputs stream, and every line to stderr goes through one place.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Literal, NamedTuple

from ipcheck.errors import ExitCode


class Say(NamedTuple):
    """A line for people, on stderr."""

    text: str
    level: Literal["info", "warning", "error"] = "info"


class Out(NamedTuple):
    """Data for stdout: str as it is; a view (msgspec Struct) as JSON; else a renderable."""

    payload: object


Events = Generator[Say | Out, None, ExitCode]
