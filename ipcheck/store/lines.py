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


# The header of an assessment item, as ipcheck and people write it: [items.<id>] at the
# start of a line; this is what follows "[items." up to the line's end.
_ITEM_ID = lazy(r"([A-Za-z0-9_-]+)\][ \t]*(?:#[^\n]*)?(?:\n|$)")


def find_lines(text: str, keys: list[str]) -> dict[str, int | None]:
    """Lines of several keys, in time linear in the text however many keys there are.

    Keys of assessment items (`items.<id>.<field>`), the thousands a file may have,
    are found from one scan for item headers, then a search inside each item's own
    section; any other key from the full index, built once if needed."""
    found: dict[str, int | None] = {}
    rest: list[str] = []
    headers: dict[str, tuple[int, int]] | None = None  # id -> (offset, line)
    for key in keys:
        match = _ITEM_KEY().match(key)
        if match is None:
            rest.append(key)
            continue
        if headers is None:
            headers = _item_headers(text)
        where = headers.get(match.group(1))
        if where is None:
            rest.append(key)
            continue
        offset, line = where
        field = match.group(2)
        if field is not None:
            end = text.find("\n[", offset + 1)
            at = text.find(f"\n{field} =", offset, end if end >= 0 else len(text))
            if at >= 0:
                line += text.count("\n", offset, at + 1)
        found[key] = line
    if rest:
        index = line_index(text)
        for key in rest:
            found[key] = find_line(index, key)
    return found


def _item_headers(text: str) -> dict[str, tuple[int, int]]:
    """Each item header's offset and line, counting lines once through the text. Found
    with str.find, four times as fast as a multi-line regex over a file of Chinese text
    (where validate spent a tenth of its time on a file with warnings)."""
    headers: dict[str, tuple[int, int]] = {}
    line, previous = 1, 0
    at = 0 if text.startswith("[items.") else _next_header(text, 0)
    while at >= 0:
        match = _ITEM_ID().match(text, at + len("[items."))
        if match is not None:
            line += text.count("\n", previous, at)
            previous = at
            headers.setdefault(match.group(1), (at, line))
        at = _next_header(text, at + 1)
    return headers


def _next_header(text: str, start: int) -> int:
    found = text.find("\n[items.", start)
    return found + 1 if found >= 0 else -1
