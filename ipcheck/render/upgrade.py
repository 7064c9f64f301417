"""`upgrade` for people: a table of every change, old and new item, with why."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import RenderableType

from ipcheck.core.upgrade import Step
from ipcheck.model.assessment import Assessment
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
    results: Mapping[str, str] | None = None,
) -> RenderableType:
    """The plan; items named as officers name them (1.4 建立法院与检察…) where the names
    of the old and new versions are given; `results` gives, by item id, what each item
    of the step will be in this file (its status, 请复核)."""
    from rich.table import Table

    before, after = old_names or {}, new_names or {}

    if dry_run:
        title = _("{old} → {new} (preview, nothing written)").format(old=old, new=new)
    else:
        title = f"{old} → {new}"
    table = Table(title=title)
    columns = [_("Change"), _("Old items"), _("New items"), _("Explanation")]
    if results is not None:
        columns.insert(3, _("In this file"))
    for name in columns:
        table.add_column(name, overflow="fold")
    for step in steps:
        row = [
            labels.said("upgrade_step", step.action),
            esc(_(", ").join(before.get(i, i) for i in step.old)),
            esc(_(", ").join(after.get(i, before.get(i, i)) for i in step.new)),
            esc(step.detail),
        ]
        if results is not None:
            shown = [results[i] for i in (step.new or step.old) if i in results]
            row.insert(3, esc(_(", ").join(dict.fromkeys(shown))))
        table.add_row(*row)
    return table


def upgrade_results(upgraded: Assessment) -> dict[str, str]:
    """What each item will be in the upgraded file: its status, and 请复核 where the
    upgrade asks to check it again; an archived item as archived."""
    results = {}
    for item, state in upgraded.items.items():
        said = state.status.said
        if state.review:
            said = _("{status}, to check again (请复核)").format(status=said)
        results[item] = said
    for item, archived in upgraded.archived.items():
        results.setdefault(item, _("archived ({status})").format(status=archived.state.status.said))
    return results
