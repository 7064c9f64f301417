"""Plain text for the terminal: tables that fit a width, one line per row, CJK counted double.

For the commands people run many times a day (status): a few string operations
instead of a rich layout, so they start and print at once. The width is the
terminal's (80 columns on a standard one, the Windows console included).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ipcheck.text.labels import text_bar
from ipcheck.text.safety import printable
from ipcheck.text.width import display_width

ELLIPSIS = "…"


class Terminal(NamedTuple):
    """Where the text goes: its width in columns, and whether it shows colours."""

    width: int = 80
    color: bool = False
    shades: bool = True  # its encoding writes ░ (a GBK console's does not)

    def bar(self, share: float) -> str:
        """A progress bar this terminal can show."""
        return text_bar(share) if self.shades else text_bar(share, empty="-")

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.color else text

    def warn(self, text: str) -> str:
        return f"\x1b[33m{text}\x1b[0m" if self.color else text

    def alert(self, text: str) -> str:
        return f"\x1b[31m{text}\x1b[0m" if self.color else text


def fit(text: str, width: int) -> str:
    """Text cut to a display width, ending in … when cut."""
    text = printable(text)
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        out += char
        used += w
    return out + ELLIPSIS


def pad(text: str, width: int, align: str = "<") -> str:
    gap = " " * max(0, width - display_width(text))
    return text + gap if align == "<" else gap + text


class Column(NamedTuple):
    header: str
    align: str = ">"  # "<" left, ">" right
    width: int | None = None  # None: the column that takes what is left (at most one)


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Rows under a header, one line each, no wider than `width`; the flexible column is cut."""
    widths = [
        c.width
        if c.width is not None
        else max([display_width(c.header), *(display_width(printable(r[i])) for r in rows)])
        for i, c in enumerate(columns)
    ]
    flexible = next((i for i, c in enumerate(columns) if c.width is None), None)
    if flexible is not None:
        fixed = sum(w for i, w in enumerate(widths) if i != flexible) + len(columns) - 1
        widths[flexible] = max(8, min(widths[flexible], width - fixed))

    def line(cells: Sequence[str]) -> str:
        parts = [
            pad(fit(cell, widths[i]), widths[i], columns[i].align) for i, cell in enumerate(cells)
        ]
        return " ".join(parts).rstrip()

    return [line([c.header for c in columns]), *(line(row) for row in rows)]
