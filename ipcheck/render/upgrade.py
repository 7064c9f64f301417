"""`upgrade` for people: a table of every change, old and new item, with why."""

from __future__ import annotations

from rich.console import RenderableType

from ipcheck.core.upgrade import Step
from ipcheck.render.console import esc
from ipcheck.text import labels
from ipcheck.text.i18n import _


def upgrade_table(old: str, new: str, steps: list[Step], *, dry_run: bool) -> RenderableType:
    from rich.table import Table

    if dry_run:
        title = _("{old} → {new} (preview, nothing written)").format(old=old, new=new)
    else:
        title = f"{old} → {new}"
    table = Table(title=title)
    for name in (_("Change"), _("Old items"), _("New items"), _("Explanation")):
        table.add_column(name, overflow="fold")
    for step in steps:
        table.add_row(
            labels.said("upgrade_step", step.action),
            esc(_(", ").join(step.old)),
            esc(_(", ").join(step.new)),
            esc(step.detail),
        )
    return table
