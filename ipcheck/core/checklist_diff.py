"""What changed between two checklist versions: measures, units, items, points."""

from __future__ import annotations

from ipcheck.model.checklist import Checklist
from ipcheck.model.views.diff import (
    ChangeCount,
    ChecklistChange,
    ChecklistChanges,
    ChecklistDiff,
    MappingChange,
)
from ipcheck.rules.assessment import item_names

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
        for field in ("text", "points", "applies_to", "evidence", "units"):
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
    total = sum(len(v) for v in changes.values()) + len(mapping)
    return ChecklistDiff(
        old=old.ref,
        new=new.ref,
        changes=ChecklistChanges(
            units=changes["units"],
            measures=changes["measures"],
            items=changes["items"],
            mapping=mapping,
        ),
        summary=ChangeCount(changes=total),
    )
