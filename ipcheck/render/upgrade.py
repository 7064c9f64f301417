"""`upgrade` for people: a table of every change, old and new item, with why."""

from __future__ import annotations

from rich.console import RenderableType

from ipcheck.core.upgrade import Step
from ipcheck.render.console import esc
from ipcheck.text import labels


def upgrade_table(old: str, new: str, steps: list[Step], *, dry_run: bool) -> RenderableType:
    from rich.table import Table

    table = Table(title=f"{old} → {new}" + ("（预览，未写入）" if dry_run else ""))
    for name in ("变化", "原条目", "新条目", "说明"):
        table.add_column(name, overflow="fold")
    for step in steps:
        table.add_row(
            labels.UPGRADE_STEP[step.action],
            esc("、".join(step.old)),
            esc("、".join(step.new)),
            esc(step.detail),
        )
    return table
