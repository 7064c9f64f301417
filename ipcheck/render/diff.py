"""Diffs for people: terminal rows and the audit memo (Markdown), from the diff views."""

from __future__ import annotations

from typing import NamedTuple

from rich.console import RenderableType

from ipcheck.model.assessment import Status
from ipcheck.model.views.diff import AssessmentDiff, ChecklistDiff
from ipcheck.render.console import esc
from ipcheck.text import labels

KIND_STYLES = {"improvement": "green", "regression": "bold red", "scope": "yellow"}


class DiffRow(NamedTuple):
    style: str
    item: str
    what: str
    detail: str


def _status(value: str) -> str:
    return Status(value).label


def _value(text: str | None) -> str:
    return text or "（空）"


def assessment_rows(view: AssessmentDiff) -> list[DiffRow]:
    """A row per change, in item order."""
    rows: list[DiffRow] = []
    for d in view.items:
        label = d.number or d.item
        if d.presence != "both":
            what = "清单新增条目" if d.presence == "added" else "清单删除条目"
            rows.append(DiffRow("cyan", label, what, d.item))
            continue
        if d.status is not None:
            s = d.status
            detail = f"{_status(s.old)} → {_status(s.new)}"
            if s.kind == "scope" or (s.new == "na" and s.reason):
                detail += f"（理由：{s.reason or '未填写'}）"
            rows.append(DiffRow(KIND_STYLES[s.kind], label, labels.CHANGE_KIND[s.kind], detail))
        if d.note is not None:
            rows.append(
                DiffRow("", label, "说明修改", f"{_value(d.note.old)} → {_value(d.note.new)}")
            )
        if d.reason is not None and d.status is None:
            detail = f"{_value(d.reason.old)} → {_value(d.reason.new)}"
            rows.append(DiffRow("", label, "理由修改", detail))
        for e in d.evidence:
            if e.change == "modified":
                old, new = e.old_sha256 or "", e.new_sha256 or ""
                detail = f"{e.path}（SHA-256 {old[:12]} → {new[:12]}）"
            elif e.change == "moved":
                detail = f"{e.old_path} → {e.path}"
            else:
                detail = e.path
            style = "bold red" if e.change in ("modified", "removed") else ""
            rows.append(DiffRow(style, label, labels.EVIDENCE_CHANGE[e.change], detail))
    return rows


def _join(value: object) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def checklist_rows(view: ChecklistDiff) -> list[DiffRow]:
    rows: list[DiffRow] = []
    for m in view.changes.mapping:
        detail = f"{'、'.join(m.old)} → {'、'.join(m.new) or '（删除）'}"
        rows.append(
            DiffRow("", f"mapping {m.change}", "", detail + (f"（{m.note}）" if m.note else ""))
        )
    for c in view.changes.units:
        detail = f"{c.old} → {c.new}" if c.change == "renamed" else str(c.name)
        rows.append(DiffRow("", f"unit {c.id}", "", f"{c.change}: {detail}"))
    for c in view.changes.measures:
        detail = c.title or f"{_join(c.old)} → {_join(c.new)}"
        rows.append(DiffRow("", f"measure {c.number}", "", f"{c.change}: {detail}"))
    for c in view.changes.items:
        if c.change in ("added", "removed"):
            detail = f"{c.text} ({c.points} points, measure {c.measure})"
        else:
            detail = f"{_join(c.old)} → {_join(c.new)}"
        rows.append(DiffRow("", f"item {c.id}", "", f"{c.change}: {detail}"))
    return rows


def diff_table(view: AssessmentDiff | ChecklistDiff) -> RenderableType | None:
    """The changes as a table for the terminal; None when there are none."""
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.title = esc(f"{view.old} → {view.new}")
    if isinstance(view, AssessmentDiff):
        for name in ("条目", "变化", "详情"):
            table.add_column(name, overflow="fold")
        for row in assessment_rows(view):
            table.add_row(esc(row.item), esc(row.what), esc(row.detail), style=row.style or None)
    else:
        for name in ("对象", "变化"):
            table.add_column(name, overflow="fold")
        for row in checklist_rows(view):
            table.add_row(esc(row.item), esc(row.detail))
    return table if table.row_count else None


def diff_footer(view: AssessmentDiff | ChecklistDiff) -> str:
    if isinstance(view, AssessmentDiff):
        return view.summary.text
    return f"{view.summary.changes} changes"


def diff_markdown(view: AssessmentDiff | ChecklistDiff) -> str:
    """The audit memo, from templates/diff.md.j2."""
    from ipcheck.render.templates import render_template

    rows = assessment_rows(view) if isinstance(view, AssessmentDiff) else checklist_rows(view)
    return render_template("diff.md.j2", {"diff": view, "rows": rows})
