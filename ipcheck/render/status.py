"""`status` for people: rich tables with progress bars."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from ipcheck.core.progress import Progress, Tally
from ipcheck.model.assessment import Status
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.render.console import esc
from ipcheck.rules.scope import ScopedItem
from ipcheck.text.safety import printable


def _table(title: str, rows: list[tuple[int, str, Tally]]) -> Table:
    table = Table(title=esc(title), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", overflow="fold", min_width=12, max_width=30)
    for status in Status:
        table.add_column(status.label, justify="right")
    table.add_column("完成率", justify="right")
    table.add_column("", width=10)
    table.add_column("得分", justify="right")
    for _, name, tally in rows:
        table.add_row(*_cells(esc(name), tally))
    return table


def _cells(name: str, tally: Tally) -> list[RenderableType]:
    return [
        name,
        *(str(tally.counts[s]) for s in Status),
        f"{tally.completion:.0%}",
        ProgressBar(total=1.0, completed=tally.completion, width=10),
        f"{tally.earned}/{tally.points}",
    ]


def render_progress(loaded: LoadedAssessment, result: Progress) -> RenderableType:
    a = loaded.assessment
    total = result.total
    blocks: list[RenderableType] = [
        Text(
            printable(
                f"{a.assessee.name} {a.period}年度 自评进度  ({a.checklist.id}@{a.checklist.version})"
            ),
            style="bold",
        ),
        _table("按部分 (parts)", result.parts),
        _table("按措施 (measures)", result.measures),
        Text(
            f"总体：{total.items} 项，已完成 {total.counts[Status.DONE]}，推进中 "
            f"{total.counts[Status.IN_PROGRESS]}，未开始 {total.counts[Status.TODO]}，不适用 "
            f"{total.counts[Status.NA]}；完成率 {total.completion:.0%}；得分 {total.earned}/{total.points}",
            style="bold",
        ),
    ]
    if result.done_without_evidence:
        blocks.append(
            Text(f"已完成但无佐证材料 ({len(result.done_without_evidence)})：", style="yellow")
        )
        blocks.append(_item_list(result.done_without_evidence))
    if result.overdue:
        blocks.append(Text(f"年度已结束仍未完成 ({len(result.overdue)})：", style="red"))
        blocks.append(_item_list(result.overdue))
    return Group(*blocks)


SHOWN = 10


def _item_list(items: list[ScopedItem]) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for scoped in items[:SHOWN]:
        grid.add_row(f"  {scoped.number}", esc(scoped.item.text))
    if len(items) > SHOWN:
        grid.add_row("  …", f"还有 {len(items) - SHOWN} 项（--format json 列出全部）")
    return grid
