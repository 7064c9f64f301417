"""Rich consoles: stdout for data, stderr for talk. NO_COLOR is honoured by rich."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from ipcheck.text.safety import printable


def stdout_console() -> Console:
    return Console(highlight=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def esc(value: object) -> str:
    """Text from a file, for rich: control characters shown as escapes, markup escaped."""
    return escape(printable(str(value)))
