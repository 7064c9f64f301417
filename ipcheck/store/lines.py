"""Finding the line of a key path (measures[3].items[1].points) in a TOML text.

A light scan, not a parser: it follows table headers, arrays of tables and
`key =` lines, which is how ipcheck and people write these files. When a key
cannot be placed exactly, the line of its nearest enclosing key is given.
"""

from __future__ import annotations

import re

from ipcheck.text.lazy import lazy

_HEADER = lazy(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _split_dotted(text: str) -> list[str]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", text)
    return [p.strip("\"'") for p in parts]


def line_index(text: str) -> dict[str, int]:
    """{key path: 1-based line} for headers and keys of a TOML text."""
    index: dict[str, int] = {}
    counters: dict[str, int] = {}
    table = ""
    prefix = ""
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        stripped = line.lstrip()
        if not stripped or stripped[0] == "#":
            continue
        if stripped[0] == "[":
            header = _HEADER().match(line)
            if header is None:
                continue
            names = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                parent = _resolve(names[:-1], counters)
                base = f"{parent}.{names[-1]}" if parent else names[-1]
                counters[base] = counters.get(base, -1) + 1
                table = f"{base}[{counters[base]}]"
            else:
                table = _resolve(names, counters)
            prefix = table + "."
            index.setdefault(table, number)
            continue
        name, equals, value = stripped.partition("=")
        if not equals:
            continue
        index.setdefault(prefix + name.strip().strip("\"'"), number)
        if ('"""' in value and value.count('"""') == 1) or (
            "'''" in value and value.count("'''") == 1
        ):
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


_ITEM_KEY = lazy(r"^items\.([A-Za-z0-9_-]+)(?:\.([A-Za-z_]+))?$")


# Up to this many keys are looked up by string search (each a scan of the text); more
# build the index once, so a file with any number of problems is read in linear time.
_SEARCHED_KEYS = 8


def find_lines(text: str, keys: list[str]) -> dict[str, int | None]:
    """Lines of several keys. A few keys of assessment items (`items.<id>.<field>`), the
    common case, are found by string search; others, and many, by the index, built once."""
    found: dict[str, int | None] = {}
    index: dict[str, int] | None = None
    few = len(keys) <= _SEARCHED_KEYS
    for key in keys:
        match = _ITEM_KEY().match(key) if few else None
        if match is not None:
            line = _item_line(text, match.group(1), match.group(2))
            if line is not None:
                found[key] = line
                continue
        if index is None:
            index = line_index(text)
        found[key] = find_line(index, key)
    return found


def _item_line(text: str, item: str, field: str | None) -> int | None:
    header = f"\n[items.{item}]\n"
    start = text.find(header)
    if start < 0:
        return None
    start += 1
    if field is not None:
        end = text.find("\n[", start + len(header) - 1)
        section = text[start : end if end >= 0 else len(text)]
        at = section.find(f"\n{field} =")
        if at >= 0:
            start += at + 1
    return text.count("\n", 0, start) + 1
