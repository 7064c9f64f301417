"""How an officer names an item: its number and a few words (13.4 海外维权援助服务).

A checklist may give an item its short name (`short`); without one, the first
clause of its text stands in, cut to a dozen characters or so.
"""

from __future__ import annotations

import re

SHORT_MAX = 16  # characters of a short name drawn from the text

_CLAUSE_END = re.compile(r"[，；。：,;:]")


def short_of(text: str, limit: int = SHORT_MAX) -> str:
    """The first clause of an item's text, cut with … past `limit` characters."""
    clause = _CLAUSE_END.split(text.strip(), maxsplit=1)[0].strip()
    return clause if len(clause) <= limit else clause[: limit - 1] + "…"


def item_name(number: str, short: str) -> str:
    """13.4 海外维权援助服务"""
    return f"{number} {short}"
