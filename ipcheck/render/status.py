"""`status` for people: plain tables that fit the terminal, one line per part and measure."""

from __future__ import annotations

from ipcheck.core.progress import Progress, Tally
from ipcheck.model.assessment import Status
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.render.plain import Column, Terminal, fit, table
from ipcheck.rules.scope import ScopedItem
from ipcheck.text.labels import percent, text_bar
from ipcheck.text.safety import printable

SHOWN = 10


def _columns(title: str) -> list[Column]:
    return [
        Column(title, "<"),
        *(Column(status.label, ">", 6) for status in Status),
        Column("完成率", ">", 6),
        Column("进度", "<", 10),
        Column("得分", ">", 7),
    ]


def _row(name: str, tally: Tally) -> list[str]:
    return [
        name,
        *(str(tally.counts[s]) for s in Status),
        percent(tally.completion),
        text_bar(tally.completion),
        f"{tally.earned}/{tally.points}",
    ]


def render_progress(loaded: LoadedAssessment, result: Progress, terminal: Terminal) -> str:
    a = loaded.assessment
    total = result.total
    width = terminal.width
    lines = [
        terminal.bold(
            printable(
                f"{a.assessee.name} {a.period}年度 自评进度（{a.checklist.id}@{a.checklist.version}）"
            )
        ),
        "",
    ]
    for title, groups in (("按部分", result.parts), ("按措施", result.measures)):
        rows = [_row(name, tally) for _, name, tally in groups]
        head, *body = table(_columns(title), rows, width)
        lines += [terminal.bold(head), *body, ""]
    lines.append(
        terminal.bold(
            f"总体：{total.items} 项，已完成 {total.counts[Status.DONE]}，推进中 "
            f"{total.counts[Status.IN_PROGRESS]}，未开始 {total.counts[Status.TODO]}，不适用 "
            f"{total.counts[Status.NA]}；完成率 {total.completion:.0%}；"
            f"得分 {total.earned}/{total.points}"
        )
    )
    if result.done_without_evidence:
        count = len(result.done_without_evidence)
        lines.append(terminal.warn(f"已完成但无佐证材料 ({count})："))
        lines += _item_list(result.done_without_evidence, width)
    if result.overdue:
        lines.append(terminal.alert(f"年度已结束仍未完成 ({len(result.overdue)})："))
        lines += _item_list(result.overdue, width)
    return "".join(line + "\n" for line in lines)


def _item_list(items: list[ScopedItem], width: int) -> list[str]:
    lines = [f"  {s.number:<5} {fit(s.item.text, width - 8)}" for s in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(f"  …     还有 {len(items) - SHOWN} 项（--format json 列出全部）")
    return lines
