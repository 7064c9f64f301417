"""Finding the line of a key path (measures[3].items[1].points) in a TOML text.

A light scan, not a parser: it follows table headers, arrays of tables and
`key =` lines, which is how ipcheck and people write these files. When a key
cannot be placed exactly, the line of its nearest enclosing key is given.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _split_dotted(text: str) -> list[str]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", text)
    return [p.strip("\"'") for p in parts]


def line_index(text: str) -> dict[str, int]:
    """{key path: 1-based line} for headers and keys of a TOML text."""
    index: dict[str, int] = {}
    counters: dict[str, int] = {}
    table = ""
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            names = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                parent = _resolve(names[:-1], counters)
                base = f"{parent}.{names[-1]}" if parent else names[-1]
                counters[base] = counters.get(base, -1) + 1
                path = f"{base}[{counters[base]}]"
            else:
                path = _resolve(names, counters)
            table = path
            index.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip("\"'")
            index.setdefault(f"{table}.{name}" if table else name, number)
            if line.count('"""') == 1 or line.count("'''") == 1:
                in_multiline = True
    return index


def _resolve(names: list[str], counters: dict[str, int]) -> str:
    """Dotted header names → key path, with the current index of each array of tables."""
    path = ""
    for name in names:
        path = f"{path}.{name}" if path else name
        if path in counters:
            path = f"{path}[{counters[path]}]"
    return path


def find_line(index: dict[str, int], key: str) -> int | None:
    """The line of key, or of its nearest enclosing key that has one."""
    candidate = key
    while candidate:
        if candidate in index:
            return index[candidate]
        cut = max(candidate.rfind("."), candidate.rfind("["))
        candidate = candidate[:cut] if cut > 0 else ""
    return None
