"""What changed between two checklist versions: measures, units, items, points."""

from __future__ import annotations

from typing import Any

from ipcheck.model.checklist import Checklist


def _names(checklist: Checklist, ids: tuple[str, ...]) -> list[str]:
    names = {u.id: u.name for u in checklist.units}
    return [names.get(i, i) for i in ids]


def diff_checklists(old: Checklist, new: Checklist) -> dict[str, Any]:
    """Changes as plain data: units, measures, items (by stable id)."""
    changes: dict[str, list[dict[str, Any]]] = {
        "units": [],
        "measures": [],
        "items": [],
        "mapping": [],
    }
    if new.previous == old.version:
        changes["mapping"] = [
            {"change": m.change.value, "from": list(m.old), "to": list(m.new), "note": m.note}
            for m in new.mapping
        ]
    old_units = {u.id: u for u in old.units}
    new_units = {u.id: u for u in new.units}
    for uid in new_units.keys() - old_units.keys():
        changes["units"].append({"change": "added", "id": uid, "name": new_units[uid].name})
    for uid in old_units.keys() - new_units.keys():
        changes["units"].append({"change": "removed", "id": uid, "name": old_units[uid].name})
    for uid in sorted(old_units.keys() & new_units.keys()):
        if old_units[uid].name != new_units[uid].name:
            changes["units"].append(
                {
                    "change": "renamed",
                    "id": uid,
                    "from": old_units[uid].name,
                    "to": new_units[uid].name,
                }
            )
    changes["units"].sort(key=lambda c: (c["change"], c["id"]))

    old_measures = {m.number: m for m in old.measures}
    new_measures = {m.number: m for m in new.measures}
    for number in sorted(old_measures.keys() | new_measures.keys()):
        before, after = old_measures.get(number), new_measures.get(number)
        if before is None or after is None:
            present = after or before
            assert present is not None
            changes["measures"].append(
                {
                    "change": "added" if before is None else "removed",
                    "number": number,
                    "title": present.title,
                }
            )
            continue
        if before.title != after.title:
            changes["measures"].append(
                {"change": "reworded", "number": number, "from": before.title, "to": after.title}
            )
        for role in ("lead", "responsible"):
            was = _names(old, getattr(before, role))
            now = _names(new, getattr(after, role))
            if was != now:
                changes["measures"].append(
                    {"change": f"{role} units", "number": number, "from": was, "to": now}
                )

    old_items = {i.id: (m, i) for m in old.measures for i in m.items}
    new_items = {i.id: (m, i) for m in new.measures for i in m.items}
    for item_id, (measure, item) in new_items.items():
        if item_id not in old_items:
            changes["items"].append(
                {
                    "change": "added",
                    "id": item_id,
                    "measure": measure.number,
                    "text": item.text,
                    "points": item.points,
                }
            )
            continue
        old_measure, old_item = old_items[item_id]
        for field in ("text", "points", "applies_to", "evidence"):
            was, now = getattr(old_item, field), getattr(item, field)
            if was != now:
                changes["items"].append(
                    {
                        "change": "reworded" if field == "text" else f"{field} changed",
                        "id": item_id,
                        "measure": measure.number,
                        "from": list(was) if isinstance(was, tuple) else str(was),
                        "to": list(now) if isinstance(now, tuple) else str(now),
                    }
                )
        if old_measure.number != measure.number:
            changes["items"].append(
                {"change": "moved", "id": item_id, "from": old_measure.number, "to": measure.number}
            )
    for item_id, (measure, item) in old_items.items():
        if item_id not in new_items:
            changes["items"].append(
                {
                    "change": "removed",
                    "id": item_id,
                    "measure": measure.number,
                    "text": item.text,
                    "points": item.points,
                }
            )
    total = sum(len(v) for v in changes.values())
    return {"old": old.ref, "new": new.ref, "changes": changes, "summary": {"changes": total}}
