"""`show` and `checklists` for people: a heading, then one table per measure."""

from __future__ import annotations

from rich.console import RenderableType

from ipcheck.model.checklist import AppliesTo
from ipcheck.model.views.show import CatalogRow, ChecklistView
from ipcheck.text.safety import printable


def render_view(view: ChecklistView) -> RenderableType:
    """The view as rich renderables: a heading, then one table per measure."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ipcheck.render.console import esc

    source = view.source
    blocks: list[RenderableType] = [
        Text(printable(f"{view.title}  ({view.id}@{view.version})"), style="bold"),
        Text(
            printable(
                f"依据：{source.doc_number}《{source.title}》 {source.issued}，目标年份 {source.target_year}"
            )
        ),
    ]
    if view.unit is not None:
        blocks.append(Text(printable(f"单位：{view.unit.name}（{view.unit.id}）"), style="bold"))
    parts = {p.number: p for p in view.parts}
    if view.goals and view.unit is None and len(view.measures) > 1:
        blocks.append(Text("\n" + printable(f"{parts[1].numeral}、{parts[1].title}"), style="bold"))
        for goal in view.goals:
            blocks.append(Text(printable(f"  • {goal.text}（佐证：{'、'.join(goal.indicators)}）")))
    current_part = None
    for m in view.measures:
        if m.part != current_part:
            current_part = m.part
            part = parts[current_part]
            blocks.append(
                Text(
                    "\n" + printable(f"{part.numeral}、{part.title}（{part.theme}）"),
                    style="bold",
                )
            )
        units = f"牵头单位：{'、'.join(m.lead)}"
        if m.responsible:
            units += f"；责任单位：{'、'.join(m.responsible)}"
        role = f"  [本单位：{m.role_label}]" if m.role is not None else ""
        table = Table(
            title=esc(f"（{m.numeral}）{m.title}{role}"),
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
        for item in m.items:
            table.add_row(
                item.number,
                esc(item.text),
                str(item.points),
                AppliesTo(item.applies_to).label,
                esc("、".join(item.evidence)),
            )
        blocks.append(table)
    return Group(*blocks)


def catalog_table(rows: list[CatalogRow]) -> RenderableType:
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
            esc(row.id),
            esc(row.version),
            esc(row.source),
            esc(row.title),
            str(row.measures),
            str(row.items),
            "内置" if row.origin == "shipped" else esc(row.path),
        )
    return table
