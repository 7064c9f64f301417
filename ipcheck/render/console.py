"""Rich consoles: stdout for data, stderr for talk. NO_COLOR is honoured by rich."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from ipcheck.text.safety import printable


class _Stdout(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (`| head`): said as any other write says it, so every
        command ends alike (rich's own answer is to exit with 1)."""
        self.quiet = True
        raise BrokenPipeError


def stdout_console() -> Console:
    return _Stdout(highlight=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def esc(value: object) -> str:
    """Text from a file, for rich: control characters shown as escapes, markup escaped."""
    return escape(printable(str(value)))
