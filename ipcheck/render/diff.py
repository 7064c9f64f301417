"""Diffs for people: terminal lines and Markdown for an audit memo, from the JSON data."""

from __future__ import annotations

from typing import Any

from ipcheck.model.assessment import Status
from ipcheck.render.templates import md

KIND_LABELS = {"improvement": "改进", "regression": "倒退", "scope": "范围变化"}
KIND_STYLES = {"improvement": "green", "regression": "bold red", "scope": "yellow"}
EVIDENCE_LABELS = {
    "added": "新增佐证",
    "removed": "删除佐证",
    "modified": "佐证被修改",
    "moved": "佐证移动",
}


def _status(value: str) -> str:
    return Status(value).label


def assessment_lines(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(style, item, what, detail) rows, in item order."""
    rows: list[tuple[str, str, str, str]] = []
    for d in data["items"]:
        label = d["number"] or d["item"]
        if d["presence"] != "both":
            what = "清单新增条目" if d["presence"] == "added" else "清单删除条目"
            rows.append(("cyan", label, what, d["item"]))
            continue
        if "status" in d:
            s = d["status"]
            detail = f"{_status(s['from'])} → {_status(s['to'])}"
            if s["kind"] == "scope" or (s["to"] == "na" and s["reason"]):
                detail += f"（理由：{s['reason'] or '未填写'}）"
            rows.append((KIND_STYLES[s["kind"]], label, KIND_LABELS[s["kind"]], detail))
        if "note" in d:
            rows.append(
                (
                    "",
                    label,
                    "说明修改",
                    f"{d['note']['from'] or '（空）'} → {d['note']['to'] or '（空）'}",
                )
            )
        if "reason" in d and "status" not in d:
            rows.append(
                (
                    "",
                    label,
                    "理由修改",
                    f"{d['reason']['from'] or '（空）'} → {d['reason']['to'] or '（空）'}",
                )
            )
        for e in d.get("evidence", []):
            if e["change"] == "modified":
                detail = f"{e['path']}（SHA-256 {e['old_sha256'][:12]} → {e['new_sha256'][:12]}）"
            elif e["change"] == "moved":
                detail = f"{e['old_path']} → {e['path']}"
            else:
                detail = e["path"]
            style = "bold red" if e["change"] in ("modified", "removed") else ""
            rows.append((style, label, EVIDENCE_LABELS[e["change"]], detail))
    return rows


def assessment_markdown(data: dict[str, Any]) -> str:
    out = [
        f"### 自评状态比对：{md(data['old'])} → {md(data['new'])}",
        "",
        f"清单：{md(data['checklists']['old'])} → {md(data['checklists']['new'])}",
        "",
        f"结果：{md(data['summary']['text'])}",
        "",
    ]
    rows = assessment_lines(data)
    if rows:
        out += ["| 条目 | 变化 | 详情 |", "| --- | --- | --- |"]
        out += [f"| {md(item)} | {md(what)} | {md(detail)} |" for _, item, what, detail in rows]
    else:
        out.append("（无变化）")
    return "\n".join(out) + "\n"


def checklist_lines(data: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for c in data["changes"].get("mapping", []):
        detail = f"{'、'.join(c['from'])} → {'、'.join(c['to']) or '（删除）'}"
        rows.append((f"mapping {c['change']}", detail + (f"（{c['note']}）" if c["note"] else "")))
    for c in data["changes"]["units"]:
        detail = f"{c['from']} → {c['to']}" if c["change"] == "renamed" else c["name"]
        rows.append((f"unit {c['id']}", f"{c['change']}: {detail}"))
    for c in data["changes"]["measures"]:
        detail = c.get("title") or f"{_join(c['from'])} → {_join(c['to'])}"
        rows.append((f"measure {c['number']}", f"{c['change']}: {detail}"))
    for c in data["changes"]["items"]:
        if c["change"] in ("added", "removed"):
            detail = f"{c['text']} ({c['points']} points, measure {c['measure']})"
        else:
            detail = f"{_join(c['from'])} → {_join(c['to'])}"
        rows.append((f"item {c['id']}", f"{c['change']}: {detail}"))
    return rows


def checklist_markdown(data: dict[str, Any]) -> str:
    out = [f"### 清单版本比对：{md(data['old'])} → {md(data['new'])}", ""]
    rows = checklist_lines(data)
    if rows:
        out += ["| 对象 | 变化 |", "| --- | --- |"]
        out += [f"| {md(what)} | {md(detail)} |" for what, detail in rows]
    else:
        out.append("（无变化）")
    return "\n".join(out) + "\n"


def _join(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)
