"""Inputs the rules' tests build in-process: times, stamps, evidence entries, items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ipcheck.model.assessment import Evidence, Stamp
from ipcheck.model.checklist import Checklist, Item
from ipcheck.rules.scope import ScopedItem

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 1, 1, 8, tzinfo=CST)  # when the test assessments are created


def later(hours: float) -> dt.datetime:
    return AT + dt.timedelta(hours=hours)


def stamp(hours: float = 1, by: str = "张三") -> Stamp:
    """A change made `hours` after the assessment was created."""
    return Stamp(by, later(hours))


def evidence(name: str = "案件台账.csv", digit: str = "a") -> Evidence:
    """An evidence entry in 叶县's folder (nothing is read: the rules only see the entry)."""
    return Evidence(
        path=f"叶县-2025-佐证材料/{name}", sha256=digit * 64, size=10, added=AT, by="张三"
    )


def item(checklist: Checklist, item_id: str) -> Item:
    return next(i for _m, i in checklist.items() if i.id == item_id)


def scoped(scope: Sequence[ScopedItem], item_id: str) -> ScopedItem:
    return next(s for s in scope if s.item.id == item_id)
