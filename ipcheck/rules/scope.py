"""Which items an assessee answers, and how users name items on the command line."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NamedTuple

from ipcheck.errors import NotFoundError
from ipcheck.model.checklist import AppliesTo, Checklist, Item, Measure, Role, Unit, UnitKind
from ipcheck.rules.checklist import role_of


class ScopedItem(NamedTuple):
    measure: Measure
    item: Item
    number: str  # "14.2": measure number and place in the measure
    role: Role | None  # for a unit: its role in the measure


def county_scope(checklist: Checklist) -> list[ScopedItem]:
    """Every item that applies to counties."""
    return [
        ScopedItem(m, item, f"{m.number}.{i + 1}", None)
        for m in checklist.measures
        for i, item in enumerate(m.items)
        if item.applies_to in (AppliesTo.COUNTY, AppliesTo.BOTH)
    ]


def unit_scope(checklist: Checklist, unit: Unit) -> list[ScopedItem]:
    """The items of the measures where the unit is lead or responsible."""
    wanted = (
        (AppliesTo.UNIT, AppliesTo.BOTH)
        if unit.kind is UnitKind.MUNICIPAL
        else (AppliesTo.COUNTY, AppliesTo.BOTH)
    )
    scoped = []
    for m in checklist.measures:
        role = role_of(m, unit.id)
        if role is None:
            continue
        scoped += [
            ScopedItem(m, item, f"{m.number}.{i + 1}", role)
            for i, item in enumerate(m.items)
            if item.applies_to in wanted
        ]
    return scoped


def resolve_refs(scope: Sequence[ScopedItem], refs: Sequence[str], who: str) -> list[ScopedItem]:
    """Items named by id ("punitive-damages"), number ("1.2") or measure ("14")."""
    by_key = {s.item.id: s for s in scope} | {s.number: s for s in scope}
    chosen: dict[str, ScopedItem] = {}
    for ref in refs:
        key = ref.strip()
        if key in by_key:
            chosen.setdefault(by_key[key].item.id, by_key[key])
            continue
        measure_items = [s for s in scope if key.isdigit() and s.measure.number == int(key)]
        if measure_items:
            for s in measure_items:
                chosen.setdefault(s.item.id, s)
            continue
        raise NotFoundError(unknown_item_message(key, scope, who))
    return list(chosen.values())


def unknown_item_message(ref: str, scope: Sequence[ScopedItem], who: str) -> str:
    keys = [s.item.id for s in scope] + [s.number for s in scope]
    close = difflib.get_close_matches(ref, keys, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return (
        f"no item {ref!r} in the assessment of {who}{hint} "
        "(items are named by id, by number such as 1.2, or a whole measure such as 14)"
    )
