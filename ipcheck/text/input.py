"""What an officer types, read as they mean it.

Chinese input methods give full-width digits and brackets (１.１, （十四）),
officers list items as 1.1、1.2 or 1.1，1.2, name a measure as the document
does (第十四条, 十四) and a year as 2025年. These functions fold such input to
what ipcheck's rules compare with; they never guess beyond that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from ipcheck.text.lazy import lazy
from ipcheck.text.numerals import from_chinese

# Separators of a list typed in one argument: ASCII and full-width commas, 、, semicolons.
_LIST_SEPARATORS = lazy(r"[,，、;；\s]+")
# A measure as the document or an officer names it: 14, 十四, (十四), 第十四条, 第14项, 措施十四.
_NUMBER = r"[0-9]+|[零一二三四五六七八九十百]+"
_MEASURE = lazy(
    rf"^(?:第|措施)?(?:\((?P<bracketed>{_NUMBER})\)|(?P<bare>{_NUMBER}))(?:条|项|点|措施)?$"
)
_YEAR = lazy(r"^(?P<year>[0-9]{4})(?:年度?|年)?$")


def fold(text: str) -> str:
    """Full-width digits, letters, brackets and stops as their ASCII forms (NFKC), the
    ideographic full stop between digits as a dot, spaces trimmed: （十四）→ (十四),
    １．１ → 1.1, 1。1 → 1.1."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"(?<=\d)[。．｡](?=\d)", ".", folded)


def split_list(values: Iterable[str]) -> list[str]:
    """Arguments as the items they list: "1.1,1.2" and "1.1、1.2" are two each."""
    out: list[str] = []
    for value in values:
        out += [part for part in _LIST_SEPARATORS().split(fold(value)) if part]
    return out


def measure_number(text: str) -> int | None:
    """14 for 14, 十四, (十四), （十四）, 第十四条, 第14项; None for anything else."""
    found = _MEASURE().match(fold(text))
    if found is None:
        return None
    number = found["bracketed"] or found["bare"]
    if number.isdigit():
        return int(number)
    try:
        return from_chinese(number)
    except ValueError:
        return None


def year(text: str) -> int | None:
    """2025 for 2025, 2025年, 2025年度, ２０２５年; None for anything else."""
    found = _YEAR().match(fold(text))
    return int(found["year"]) if found else None


_ITEM_NUMBER = lazy(r"^[0-9]+\.[0-9]+$")
_ITEM_ID = lazy(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def looks_like_items(text: str) -> bool:
    """Whether an argument names items as every command takes them: 1.2, １.２, 1.1、1.2,
    1.1,1.2, a measure (14, 十四, 第十四条) or an item id — not a file (a path is tried
    as one first, by the caller)."""
    parts = split_list([text])
    return bool(parts) and all(
        _ITEM_NUMBER().match(part) or measure_number(part) is not None or _ITEM_ID().match(part)
        for part in parts
    )


def items_then_rest(
    args: Iterable[str], exists: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """Arguments as items, then what follows them (files, stored paths): the items are the
    leading arguments that name items and are not a file that `exists`; one at least of
    each is left to the caller to require."""
    values = list(args)
    count = 0
    while count < len(values) - 1 and looks_like_items(values[count]) and not exists(values[count]):
        count += 1
    return values[:count], values[count:]
