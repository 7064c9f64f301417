"""`upgrade` for people: a table of every change, old and new item, with why."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import RenderableType

from ipcheck.core.upgrade import Step
from ipcheck.render.console import esc
from ipcheck.text import labels
from ipcheck.text.i18n import _


def upgrade_table(
    old: str,
    new: str,
    steps: list[Step],
    *,
    dry_run: bool,
    old_names: Mapping[str, str] | None = None,
    new_names: Mapping[str, str] | None = None,
) -> RenderableType:
    """The plan; items named as officers name them (1.4 建立法院与检察…) where the names
    of the old and new versions are given."""
    from rich.table import Table

    before, after = old_names or {}, new_names or {}

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
            esc(_(", ").join(before.get(i, i) for i in step.old)),
            esc(_(", ").join(after.get(i, before.get(i, i)) for i in step.new)),
            esc(step.detail),
        )
    return table
