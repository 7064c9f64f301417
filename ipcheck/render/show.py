"""`show` and `checklists` for people: a heading, then one table per measure."""

from __future__ import annotations

from rich.console import RenderableType

from ipcheck.model.views.show import CatalogRow, ChecklistView
from ipcheck.text import labels
from ipcheck.text.i18n import _
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
                _("Basis: {doc_number} “{title}” of {issued}, target year {target_year}").format(
                    doc_number=source.doc_number,
                    title=source.title,
                    issued=source.issued,
                    target_year=source.target_year,
                )
            )
        ),
    ]
    if view.unit is not None:
        unit = _("Unit: {name} ({id})").format(name=view.unit.name, id=view.unit.id)
        blocks.append(Text(printable(unit), style="bold"))
    parts = {p.number: p for p in view.parts}
    if view.goals and view.unit is None and len(view.measures) > 1:
        heading = _("{numeral}. {title}").format(numeral=parts[1].numeral, title=parts[1].title)
        blocks.append(Text("\n" + printable(heading), style="bold"))
        for goal in view.goals:
            goal_text = _("{goal} (evidence: {indicators})").format(
                goal=goal.text, indicators=_(", ").join(goal.indicators)
            )
            blocks.append(Text(printable(f"  • {goal_text}")))
    current_part = None
    for m in view.measures:
        if m.part != current_part:
            current_part = m.part
            part = parts[current_part]
            heading = _("{numeral}. {title} ({theme})").format(
                numeral=part.numeral, title=part.title, theme=part.theme
            )
            blocks.append(Text("\n" + printable(heading), style="bold"))
        lead = _(", ").join(m.lead)
        if m.responsible:
            units = _("Lead units: {lead}; responsible units: {responsible}").format(
                lead=lead, responsible=_(", ").join(m.responsible)
            )
        else:
            units = _("Lead units: {lead}").format(lead=lead)
        role = ""
        if m.role is not None:
            role = "  " + _("[this unit: {role}]").format(role=labels.said("role", m.role))
        table = Table(
            title=esc(_("({numeral}) {title}").format(numeral=m.numeral, title=m.title) + role),
            caption=esc(units),
            title_justify="left",
            caption_justify="left",
            expand=True,
        )
        table.add_column(_("No."), no_wrap=True)
        table.add_column(_("Task"), ratio=3, overflow="fold")
        table.add_column(_("Points"), justify="right", no_wrap=True)
        table.add_column(_("Applies to"), no_wrap=True)
        table.add_column(_("Evidence"), ratio=2, overflow="fold")
        for item in m.items:
            table.add_row(
                item.number,
                esc(item.text),
                str(item.points),
                labels.said("applies_to", item.applies_to),
                esc(_(", ").join(item.evidence)),
            )
        blocks.append(table)
    return Group(*blocks)


def catalog_table(rows: list[CatalogRow]) -> RenderableType:
    """The `checklists` listing."""
    from rich.table import Table

    from ipcheck.render.console import esc

    table = Table(title=_("Available checklists"), title_justify="left")
    for name in (_("id"), _("version"), _("Document number")):
        table.add_column(name, no_wrap=True)
    for name in (_("Title"), _("Measures"), _("Items"), _("Source")):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            esc(row.id),
            esc(row.version),
            esc(row.source),
            esc(row.title),
            str(row.measures),
            str(row.items),
            _("shipped") if row.origin == "shipped" else esc(row.path),
        )
    return table
