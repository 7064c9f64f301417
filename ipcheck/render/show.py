"""`show` and `checklists` for people: a heading, then one table per measure."""

from __future__ import annotations

from rich.console import RenderableType

from ipcheck.model.views.show import CatalogRow, ChecklistView
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text
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
    blocks.append(Text(printable(view.scoring.weights)))
    blocks.append(
        Text(
            printable(_("Scoring: {rules}").format(rules=_("; ").join(view.scoring.rules))),
            style="dim",
        )
    )
    if view.unit is not None:
        unit = _("Unit: {name} ({id})").format(name=view.unit.name, id=view.unit.id)
        blocks.append(Text(printable(unit), style="bold"))
    if view.county is not None:
        county = _("County: {name}").format(name=view.county.name)
        if view.county.zone:
            county += " " + _("(a functional area assessed as a county)")
        blocks.append(Text(printable(county), style="bold"))
        if view.county.note:
            blocks.append(Text(printable(view.county.note), style="dim"))
    parts = {p.number: p for p in view.parts}
    chosen = view.unit is not None or view.county is not None
    if view.goals and not chosen and len(view.measures) > 1:
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
        detailed = len(view.measures) == 1
        for item in m.items:
            task = [item.text]
            if item.units:
                task.append(_("(borne by {units})").format(units="、".join(item.units)))
            if detailed and item.duty is not None:
                task.append(
                    _("Duty: {duty} ({verb}); standard: {standard}").format(
                        duty=labels.said("duty", item.duty),
                        verb=item.verb,
                        standard=labels.said("standard", item.standard or ""),
                    )
                )
            if detailed and item.criteria is not None:
                c = item.criteria
                task.append(_("Full points: {criterion}").format(criterion=c.full))
                if c.part is not None:
                    task.append(_("Part points: {criterion}").format(criterion=c.part))
                task.append(_("No points: {criterion}").format(criterion=c.none))
            table.add_row(
                item.number,
                "\n".join(esc(line) for line in task),
                points_text(item.points),
                labels.said("applies_to", item.applies_to),
                esc(_(", ").join(item.evidence)),
            )
        blocks.append(table)
    if view.not_borne:
        who = view.county.name if view.county is not None else view.unit.name if view.unit else ""
        blocks.append(
            Text("\n" + printable(_("Not borne by {who}:").format(who=who)), style="bold")
        )
        for row in view.not_borne:
            line = _("{number} {name}: {reason}").format(
                number=row.number, name=row.name, reason=row.reason
            )
            blocks.append(Text(printable(f"  • {line}")))
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


def render_units(view: ChecklistView, width: int) -> str:
    """The units of a checklist, one line each: what to type after --unit, and the
    measures each one leads or is responsible for; the counties' own bodies after them."""
    from ipcheck.render.plain import Column, table

    municipal = [u for u in view.units if u.kind == "municipal"]
    rows = [
        [u.name, u.id, _ranges(u.lead), _ranges(u.responsible), _(", ").join(u.aliases)]
        for u in municipal
    ]
    headers = [_("Name"), _("Id"), _("Leads"), _("Responsible for"), _("Also called")]
    columns = [
        Column(header, "<", max(_width(header), *(_width(r[i]) for r in rows)))
        for i, header in enumerate(headers[:-1])
    ]
    used = sum(c.width or 0 for c in columns) + len(columns)
    if width - used >= 12:  # room for the other names
        lines = table([*columns, Column(headers[-1], "<", None)], rows, width)
    else:
        lines = table(columns, [r[:-1] for r in rows], width)
    title = _("Units of {checklist} ({count})").format(
        checklist=f"{view.id}@{view.version}", count=len(view.units)
    )
    out = [title, "", *lines]
    bodies = [u for u in view.units if u.kind != "municipal"]
    if bodies:
        out += ["", _("Bodies of every county (each county answers for them with --county):")]
        out += [
            "  "
            + _("{name} ({id}): responsible for {measures}").format(
                name=u.name, id=u.id, measures=_ranges(u.responsible)
            )
            for u in bodies
        ]
    out += ["", _("Start a unit's assessment with: ipcheck init --unit NAME --period YEAR")]
    return "\n".join(out) + "\n"


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → 1-3,5: measure numbers, short."""
    if not numbers:
        return "—"
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ",".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ",".join(map(str, r)) for r in runs)


def _width(text: str) -> int:
    from ipcheck.text.width import display_width

    return display_width(text)
