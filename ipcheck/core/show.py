"""`show`: a checklist, or one unit's share of it, as plain data and as rich text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ipcheck.errors import NotFoundError
from ipcheck.model.checklist import AppliesTo, Checklist, Item, Measure, UnitKind
from ipcheck.rules.checklist import find_unit
from ipcheck.rules.scope import role_of
from ipcheck.text.safety import printable

if TYPE_CHECKING:
    from rich.console import RenderableType

APPLIES_LABEL = {
    AppliesTo.COUNTY: "县（市、区）",
    AppliesTo.UNIT: "市直单位",
    AppliesTo.BOTH: "均适用",
}


def _item_view(measure: Measure, index: int, item: Item) -> dict[str, Any]:
    return {
        "number": f"{measure.number}.{index + 1}",
        "id": item.id,
        "text": item.text,
        "basis": item.basis,
        "source": {"part": measure.part, "measure": measure.number, "sentence": item.sentence},
        "evidence": list(item.evidence),
        "points": item.points,
        "applies_to": item.applies_to.value,
    }


def checklist_view(
    checklist: Checklist, *, measure: int | None = None, unit: str | None = None
) -> dict[str, Any]:
    """The data `show` prints: measures with unit names and items, optionally filtered."""
    names = {u.id: u.name for u in checklist.units}
    measures = list(checklist.measures)
    if measure is not None:
        measures = [m for m in measures if m.number == measure]
        if not measures:
            raise NotFoundError(
                f"{checklist.ref} has no measure {measure}; measures are 1–{len(checklist.measures)}"
            )
    chosen = find_unit(checklist, unit) if unit is not None else None
    excluded = None
    if chosen is not None:
        measures = [m for m in measures if role_of(m, chosen.id) is not None]
        excluded = AppliesTo.COUNTY if chosen.kind is UnitKind.MUNICIPAL else AppliesTo.UNIT
    view_measures = []
    for m in measures:
        role = role_of(m, chosen.id) if chosen is not None else None
        items = [
            _item_view(m, i, item) for i, item in enumerate(m.items) if item.applies_to != excluded
        ]
        view_measures.append(
            {
                "number": m.number,
                "numeral": m.numeral,
                "part": m.part,
                "title": m.title,
                "lead": [names[u] for u in m.lead],
                "responsible": [names[u] for u in m.responsible],
                "lead_ids": list(m.lead),
                "responsible_ids": list(m.responsible),
                **({"role": role.value, "role_label": role.label} if role is not None else {}),
                "items": items,
            }
        )
    source = checklist.source
    return {
        "id": checklist.id,
        "version": checklist.version,
        "title": checklist.title,
        "source": {
            "doc_number": source.doc_number,
            "title": source.title,
            "issuers": list(source.issuers),
            "issued": source.issued.isoformat(),
            "implements": source.implements,
            "target_year": source.target_year,
        },
        "unit": (
            {"id": chosen.id, "name": chosen.name, "kind": chosen.kind.value}
            if chosen is not None
            else None
        ),
        "parts": [
            {"number": p.number, "numeral": p.numeral, "title": p.title, "theme": p.theme}
            for p in checklist.parts
        ],
        "goals": [
            {"id": g.id, "text": g.text, "indicators": list(g.indicators)} for g in checklist.goals
        ],
        "units": [{"id": u.id, "name": u.name, "kind": u.kind.value} for u in checklist.units],
        "measures": view_measures,
    }


def render_view(view: dict[str, Any]) -> RenderableType:
    """The view as rich renderables: a heading, then one table per measure."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ipcheck.render.console import esc

    source = view["source"]
    blocks: list[RenderableType] = [
        Text(printable(f"{view['title']}  ({view['id']}@{view['version']})"), style="bold"),
        Text(
            printable(
                f"依据：{source['doc_number']}《{source['title']}》 {source['issued']}，目标年份 {source['target_year']}"
            )
        ),
    ]
    if view["unit"] is not None:
        blocks.append(
            Text(printable(f"单位：{view['unit']['name']}（{view['unit']['id']}）"), style="bold")
        )
    parts = {p["number"]: p for p in view["parts"]}
    if view["goals"] and view["unit"] is None and len(view["measures"]) > 1:
        blocks.append(
            Text("\n" + printable(f"{parts[1]['numeral']}、{parts[1]['title']}"), style="bold")
        )
        for goal in view["goals"]:
            blocks.append(
                Text(printable(f"  • {goal['text']}（佐证：{'、'.join(goal['indicators'])}）"))
            )
    current_part = None
    for m in view["measures"]:
        if m["part"] != current_part:
            current_part = m["part"]
            part = parts[current_part]
            blocks.append(
                Text(
                    "\n" + printable(f"{part['numeral']}、{part['title']}（{part['theme']}）"),
                    style="bold",
                )
            )
        units = f"牵头单位：{'、'.join(m['lead'])}"
        if m["responsible"]:
            units += f"；责任单位：{'、'.join(m['responsible'])}"
        role = f"  [本单位：{m['role_label']}]" if "role" in m else ""
        table = Table(
            title=esc(f"（{m['numeral']}）{m['title']}{role}"),
            caption=esc(units),
            title_justify="left",
            caption_justify="left",
            expand=True,
        )
        table.add_column("序号", no_wrap=True)
        table.add_column("工作任务", ratio=3, overflow="fold")
        table.add_column("分值", justify="right", no_wrap=True)
        table.add_column("适用", no_wrap=True)
        table.add_column("佐证材料", ratio=2, overflow="fold")
        for item in m["items"]:
            table.add_row(
                item["number"],
                esc(item["text"]),
                str(item["points"]),
                APPLIES_LABEL[AppliesTo(item["applies_to"])],
                esc("、".join(item["evidence"])),
            )
        blocks.append(table)
    return Group(*blocks)


def catalog_table(rows: list[dict[str, Any]]) -> RenderableType:
    """The `checklists` listing."""
    from rich.table import Table

    from ipcheck.render.console import esc

    table = Table(title="可用清单 (checklists)", title_justify="left")
    for name in ("id", "version", "文号"):
        table.add_column(name, no_wrap=True)
    for name in ("标题", "措施", "条目", "来源"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            esc(row["id"]),
            esc(row["version"]),
            esc(row["source"]),
            esc(row["title"]),
            str(row["measures"]),
            str(row["items"]),
            "内置" if row["origin"] == "shipped" else esc(row["path"]),
        )
    return table
