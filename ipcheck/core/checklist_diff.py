"""What changed between two checklist versions: every section — the roster, the addressee,
the scoring and its rule, parts, goals, units, measures and items, key by key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from ipcheck.model.checklist import Checklist
from ipcheck.model.views.diff import (
    ChangeCount,
    ChecklistChange,
    ChecklistChanges,
    ChecklistDiff,
    MappingChange,
)
from ipcheck.rules.assessment import item_names
from ipcheck.text.points import exact

# An item that names no units is borne by every unit of its measure (the document's word).
EVERY_UNIT = "本措施全部单位"


def _names(checklist: Checklist, ids: tuple[str, ...]) -> list[str]:
    names = {u.id: u.name for u in checklist.units}
    return [names.get(i, i) for i in ids]


def diff_checklists(old: Checklist, new: Checklist) -> ChecklistDiff:
    """Changes as data: units, measures, items (by stable id), the declared mapping."""
    changes: dict[str, list[ChecklistChange]] = {"units": [], "measures": [], "items": []}
    mapping = []
    if new.previous == old.version:
        mapping = [
            MappingChange(change=m.change.value, old=list(m.old), new=list(m.new), note=m.note)
            for m in new.mapping
        ]
    old_units = {u.id: u for u in old.units}
    new_units = {u.id: u for u in new.units}
    for uid in new_units.keys() - old_units.keys():
        changes["units"].append(ChecklistChange(change="added", id=uid, name=new_units[uid].name))
    for uid in old_units.keys() - new_units.keys():
        changes["units"].append(ChecklistChange(change="removed", id=uid, name=old_units[uid].name))
    for uid in sorted(old_units.keys() & new_units.keys()):
        if old_units[uid].name != new_units[uid].name:
            changes["units"].append(
                ChecklistChange(
                    change="renamed",
                    id=uid,
                    old=old_units[uid].name,
                    new=new_units[uid].name,
                )
            )
    changes["units"].sort(key=lambda c: (c.change, c.id or ""))

    old_measures = {m.number: m for m in old.measures}
    new_measures = {m.number: m for m in new.measures}
    for number in sorted(old_measures.keys() | new_measures.keys()):
        before, after = old_measures.get(number), new_measures.get(number)
        if before is None or after is None:
            present = after or before
            assert present is not None
            changes["measures"].append(
                ChecklistChange(
                    change="added" if before is None else "removed",
                    number=number,
                    title=present.title,
                )
            )
            continue
        if before.title != after.title:
            changes["measures"].append(
                ChecklistChange(change="reworded", number=number, old=before.title, new=after.title)
            )
        for role in ("lead", "responsible"):
            was = _names(old, getattr(before, role))
            now = _names(new, getattr(after, role))
            if was != now:
                changes["measures"].append(
                    ChecklistChange(change=f"{role} units", number=number, old=was, new=now)
                )

    old_items = {i.id: (m, i) for m in old.measures for i in m.items}
    new_items = {i.id: (m, i) for m in new.measures for i in m.items}
    old_names, new_names = item_names(old), item_names(new)
    old_unit_names = {u.id: u.name for u in old.units}
    new_unit_names = {u.id: u.name for u in new.units}
    for item_id, (measure, item) in new_items.items():
        if item_id not in old_items:
            changes["items"].append(
                ChecklistChange(
                    change="added",
                    id=item_id,
                    name=new_names[item_id],
                    measure=measure.number,
                    text=item.text,
                    points=item.points,
                )
            )
            continue
        old_measure, old_item = old_items[item_id]
        changes["items"] += _keyed_changes(
            "items",
            {item_id: _rest(old_item, ITEM_FIELDS)},
            {item_id: _rest(item, ITEM_FIELDS)},
            added=False,
        )
        for field in ITEM_FIELDS:
            old_value: object = getattr(old_item, field)
            new_value: object = getattr(item, field)
            if field == "units":  # by name; none named: every unit of its measure
                old_value = tuple(old_unit_names.get(u, u) for u in old_item.units) or (EVERY_UNIT,)
                new_value = tuple(new_unit_names.get(u, u) for u in item.units) or (EVERY_UNIT,)
            if old_value != new_value:
                changes["items"].append(
                    ChecklistChange(
                        change="reworded" if field == "text" else f"{field} changed",
                        id=item_id,
                        name=new_names[item_id],
                        measure=measure.number,
                        old=list(old_value) if isinstance(old_value, tuple) else str(old_value),
                        new=list(new_value) if isinstance(new_value, tuple) else str(new_value),
                    )
                )
        if old_measure.number != measure.number:
            changes["items"].append(
                ChecklistChange(
                    change="moved",
                    id=item_id,
                    name=new_names[item_id],
                    old=old_measure.number,
                    new=measure.number,
                )
            )
    for item_id, (measure, item) in old_items.items():
        if item_id not in new_items:
            changes["items"].append(
                ChecklistChange(
                    change="removed",
                    id=item_id,
                    name=old_names[item_id],
                    measure=measure.number,
                    text=item.text,
                    points=item.points,
                )
            )
    changes["units"] += _keyed_changes(
        "units",
        {u.id: _rest(u, ("id", "name")) for u in old.units},
        {u.id: _rest(u, ("id", "name")) for u in new.units},
        added=False,
    )
    sections = _section_changes(old, new)
    total = sum(len(v) for v in changes.values()) + len(mapping) + len(sections)
    return ChecklistDiff(
        old=old.ref,
        new=new.ref,
        changes=ChecklistChanges(
            units=changes["units"],
            measures=changes["measures"],
            items=changes["items"],
            mapping=mapping,
            sections=sections,
        ),
        summary=ChangeCount(changes=total),
    )


# The item fields compared one by one above; every other field is compared key by key.
ITEM_FIELDS = ("text", "points", "applies_to", "evidence", "units")


def _rest(record: msgspec.Struct, shown: Iterable[str]) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.to_builtins(record)
    for key in (*shown, "id"):
        data.pop(key, None)
    return data


def _section_changes(old: Checklist, new: Checklist) -> list[ChecklistChange]:
    """The sections that are not units, measures or items, key by key."""
    out: list[ChecklistChange] = []
    for name in ("title", "source", "scoring", "submission"):
        was, now = getattr(old, name), getattr(new, name)
        out += _keyed_changes(
            "",
            {} if was is None else {name: _builtin(was)},
            {} if now is None else {name: _builtin(now)},
        )
    out += _keyed_changes(
        "counties",
        {c.name: _rest(c, ("name",)) for c in old.counties},
        {c.name: _rest(c, ("name",)) for c in new.counties},
    )
    out += _keyed_changes(
        "parts",
        {str(p.number): _rest(p, ("number",)) for p in old.parts},
        {str(p.number): _rest(p, ("number",)) for p in new.parts},
    )
    out += _keyed_changes(
        "goals",
        {g.id: _rest(g, ()) for g in old.goals},
        {g.id: _rest(g, ()) for g in new.goals},
    )
    return out


def _builtin(value: object) -> Any:
    return msgspec.to_builtins(value)


def _keyed_changes(
    section: str, old: dict[str, Any], new: dict[str, Any], *, added: bool = True
) -> list[ChecklistChange]:
    """Entries added and removed (`added`), and each key whose value changed, by its path."""
    out: list[ChecklistChange] = []
    prefix = f"{section}." if section else ""
    for key in new.keys() - old.keys() if added else ():
        out.append(ChecklistChange(change="added", id=f"{prefix}{key}", new=_said(new[key])))
    for key in old.keys() - new.keys() if added else ():
        out.append(ChecklistChange(change="removed", id=f"{prefix}{key}", old=_said(old[key])))
    for key in sorted(old.keys() & new.keys()):
        was, now = _flat(old[key]), _flat(new[key])
        for path in sorted(was.keys() | now.keys()):
            if was.get(path) != now.get(path):
                out.append(
                    ChecklistChange(
                        change="changed",
                        id=f"{prefix}{key}{path}",
                        old=was.get(path, "—"),
                        new=now.get(path, "—"),
                    )
                )
    out.sort(key=lambda c: (c.change, c.id or ""))
    return out


def _flat(value: Any, path: str = "") -> dict[str, str]:
    """A value as {path: text}: tables by key, lists of scalars as one text."""
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, inner in value.items():
            out.update(_flat(inner, f"{path}.{key}"))
        return out
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value):
        out = {}
        for index, inner in enumerate(value):
            out.update(_flat(inner, f"{path}[{index}]"))
        return out
    return {path: _said(value)}


def _said(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "、".join(_said(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k} = {_said(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    return str(exact(value)) if isinstance(value, float) else str(value)
