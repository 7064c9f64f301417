"""Diffs for people: terminal rows and the audit memo (Markdown), from the diff views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.console import RenderableType

from ipcheck.model.assessment import Status
from ipcheck.model.views.diff import AssessmentDiff, ChecklistDiff, ScoreView
from ipcheck.render.console import esc
from ipcheck.text import labels
from ipcheck.text.i18n import _, ngettext
from ipcheck.text.points import plural_count, points_text

KIND_STYLES = {"improvement": "green", "regression": "bold red", "scope": "yellow"}


class DiffRow(NamedTuple):
    style: str
    item: str
    what: str
    detail: str
    # for the audit memo: the item's text, who changed it and when, its points
    text: str = ""
    by: str = ""
    at: str = ""
    earned: str = ""
    # which history lines made it (their action, and an evidence file's path): the memo
    # names who made each change and when, not who touched the item last
    actions: tuple[str, ...] = ()
    path: str = ""


def _status(value: str) -> str:
    return Status(value).said


def _value(text: str | None) -> str:
    return text or _("(empty)")


def _change(old: str, new: str) -> str:
    return f"{old} → {new}"


def assessment_rows(view: AssessmentDiff) -> list[DiffRow]:
    """A row per change, in item order, each with what the memo says beside it."""
    rows = _rows(view)
    by_label = {d.number or d.item: d for d in view.items}
    # an item's change of points stands once, beside the change that made it: its status,
    # else its part score, else its evidence (无佐证材料不得分), else its first row
    scored: dict[str, int] = {}
    for index, row in enumerate(rows):
        rank = _weight(row.actions)
        held = scored.get(row.item)
        if held is None or rank < _weight(rows[held].actions):
            scored[row.item] = index
    memo = []
    for index, row in enumerate(rows):
        d = by_label.get(row.item)
        if d is None:
            memo.append(row)
            continue
        earned = ""
        if d.earned is not None and scored.get(row.item) == index:
            earned = f"{_points(d.earned.old)} → {_points(d.earned.new)}"
        line = next(
            (
                line
                for line in reversed(d.lines)
                if line.action in row.actions and (not row.path or line.path == row.path)
            ),
            None,
        )
        by, at = (line.by, line.at) if line is not None else (d.by or "", d.at or "")
        memo.append(
            row._replace(text=d.text or "", by=by, at=at[:16].replace("T", " "), earned=earned)
        )
    return memo


def _weight(actions: Sequence[str]) -> int:
    """Which of an item's rows carries its change of points: the lowest."""
    order = ("status", "score", "evidence_added", "evidence_removed")
    return min((order.index(a) for a in actions if a in order), default=len(order))


def _points(value: float | None) -> str:
    return "—" if value is None else points_text(value)


def _rows(view: AssessmentDiff) -> list[DiffRow]:
    rows: list[DiffRow] = []
    if view.history is not None:
        h = view.history
        if h.line > h.new_lines:
            detail = _("{new} has {count} lines; {old} had {old_count}").format(
                new=view.new, count=h.new_lines, old=view.old, old_count=h.old_lines
            )
        else:
            detail = _("line {line} of {old} is not line {line} of {new}").format(
                line=h.line, old=view.old, new=view.new
            )
        rows.append(DiffRow("bold red", _("history"), _("history rewritten"), detail))
    for event in view.submissions:
        when = event.at[:16].replace("T", " ")
        detail = event.detail or ""
        if event.action == "sealed":
            row = DiffRow("cyan", "—", _("sealed (待报送)"), detail, by=event.by, at=when)
        else:
            row = DiffRow("yellow", "—", _("seal lifted"), detail, by=event.by, at=when)
        rows.append(row)
    for doc in view.documents:
        if doc.what == "figure":
            what = _("figure (数据指标)")
            detail = _change(_value(doc.old), _value(doc.new))
        else:
            what = _("report text")
            if doc.old is None:
                detail = _("written ({count} characters)").format(count=len(doc.new or ""))
            elif doc.new is None:
                detail = _("cleared (the report drafts it again)")
            else:
                detail = _("rewritten ({old} → {new} characters)").format(
                    old=len(doc.old), new=len(doc.new)
                )
        when = doc.at[:16].replace("T", " ") if doc.at else ""
        rows.append(DiffRow("cyan", doc.label, what, detail, by=doc.by or "", at=when))
    for d in view.items:
        label = d.number or d.item
        if d.presence != "both":
            if d.presence == "added":
                what = _("item added to the checklist")
            elif d.presence == "deleted":
                what = _("item deleted from the file (条目被删除)")
            else:
                what = _("item removed from the checklist")
            style = "bold red" if d.presence == "deleted" else "cyan"
            rows.append(DiffRow(style, label, what, d.text or d.item))
            if d.review is not None and d.review.new:
                rows.append(DiffRow("yellow", label, _("to check again (请复核)"), d.review.new))
            continue
        if d.status is not None:
            s = d.status
            if s.kind == "scope" or (s.new == "na" and s.reason):
                detail = _("{old} → {new} (reason: {reason})").format(
                    old=_status(s.old), new=_status(s.new), reason=s.reason or _("not given")
                )
            else:
                detail = _change(_status(s.old), _status(s.new))
            kind = labels.said("change_kind", s.kind)
            rows.append(
                DiffRow(KIND_STYLES[s.kind], label, kind, detail, actions=("status", "migrated"))
            )
        if d.score is not None:
            detail = _("part score {old} → {new}").format(
                old="—" if d.score.old is None else d.score.old,
                new="—" if d.score.new is None else d.score.new,
            )
            kind = labels.said("change_kind", d.score.kind)
            rows.append(DiffRow(KIND_STYLES[d.score.kind], label, kind, detail, actions=("score",)))
        if d.review is not None:
            if d.review.new:
                rows.append(DiffRow("yellow", label, _("to check again (请复核)"), d.review.new))
            else:
                rows.append(DiffRow("", label, _("checked again"), d.review.old or ""))
        if d.note is not None:
            detail = _change(_value(d.note.old), _value(d.note.new))
            rows.append(DiffRow("", label, _("note changed"), detail, actions=("note",)))
        if d.reason is not None and d.status is None:
            detail = _change(_value(d.reason.old), _value(d.reason.new))
            rows.append(DiffRow("", label, _("reason changed"), detail, actions=("reason",)))
        for e in d.evidence:
            if e.change == "modified":
                old, new = e.old_sha256 or "", e.new_sha256 or ""
                detail = _("{path} (SHA-256 {old} → {new})").format(
                    path=e.path, old=old[:12], new=new[:12]
                )
            elif e.change == "moved":
                detail = f"{e.old_path} → {e.path}"
            else:
                detail = e.path
            style = "bold red" if e.change in ("modified", "removed") else ""
            what = labels.said("evidence_change", e.change)
            made = ("evidence_removed",) if e.change == "removed" else ("evidence_added",)
            rows.append(DiffRow(style, label, what, detail, actions=made, path=e.path))
    return rows


def _join(value: object) -> str:
    return _(", ").join(value) if isinstance(value, list) else str(value)


def checklist_rows(view: ChecklistDiff) -> list[DiffRow]:
    rows: list[DiffRow] = []

    def said(change: str, detail: str) -> str:
        # TRANSLATORS: a change between checklist versions: "reworded: old → new".
        return _("{change}: {detail}").format(
            change=labels.said("checklist_change", change), detail=detail
        )

    for m in view.changes.mapping:
        detail = _change(_join(m.old), _join(m.new) or _("(removed)"))
        if m.note:
            detail = _("{detail} ({note})").format(detail=detail, note=m.note)
        change = labels.said("checklist_change", m.change)
        rows.append(DiffRow("", _("mapping {change}").format(change=change), "", detail))
    for c in view.changes.units:
        if c.change == "changed":  # a key of the unit: units.customs.no_county_body
            rows.append(DiffRow("", c.id or "", "", said(c.change, f"{c.old} → {c.new}")))
            continue
        detail = f"{c.old} → {c.new}" if c.change == "renamed" else str(c.name)
        rows.append(DiffRow("", _("unit {id}").format(id=c.id), "", said(c.change, detail)))
    for c in view.changes.measures:
        detail = c.title or f"{_join(c.old)} → {_join(c.new)}"
        what = _("measure {number}").format(number=c.number)
        rows.append(DiffRow("", what, "", said(c.change, detail)))
    for c in view.changes.items:
        if c.change in ("added", "removed"):
            points = c.points or 0
            detail = ngettext(
                "{text} ({points} point, measure {measure})",
                "{text} ({points} points, measure {measure})",
                plural_count(points),
            ).format(text=c.text, points=points_text(points), measure=c.measure)
        else:
            detail = f"{_join(c.old)} → {_join(c.new)}"
        what = _("item {id}").format(id=c.name or c.id)
        rows.append(DiffRow("", what, "", said(c.change, detail)))
    for c in view.changes.sections:
        detail = _join(c.new) if c.change == "added" else _join(c.old)
        if c.change == "changed":
            detail = f"{_join(c.old)} → {_join(c.new)}"
        rows.append(DiffRow("", c.id or "", "", said(c.change, detail)))
    return rows


def diff_table(view: AssessmentDiff | ChecklistDiff) -> RenderableType | None:
    """The changes as a table for the terminal; None when there are none."""
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.title = esc(f"{view.old} → {view.new}")
    if isinstance(view, AssessmentDiff):
        # who made each change and when, and what it did to the item's points
        for name in (_("Item"), _("Change"), _("Detail"), _("By"), _("When"), _("Points")):
            table.add_column(name, overflow="fold")
        for row in assessment_rows(view):
            table.add_row(
                esc(row.item),
                esc(row.what),
                esc(row.detail),
                esc(row.by),
                row.at,
                row.earned,
                style=row.style or None,
            )
    else:
        for name in (_("Subject"), _("Change")):
            table.add_column(name, overflow="fold")
        for row in checklist_rows(view):
            table.add_row(esc(row.item), esc(row.detail))
    return table if table.row_count else None


def score_line(view: AssessmentDiff) -> str | None:
    """Score 38/100 → 45/100, with the 不适用 and evidence-less items beside each."""
    old, new = view.scores.old, view.scores.new
    if old is None and new is None:
        return None
    return _("Score: {old} → {new}").format(old=_score(old), new=_score(new))


def _score(score: ScoreView | None) -> str:
    if score is None:
        # TRANSLATORS: a score that cannot be counted: its checklist is not available here.
        return _("(checklist not available)")
    text = f"{score.score}/{score.max_score}"
    beside = []
    if score.na:
        beside.append(
            # TRANSLATORS: beside a score: "不适用 2 (3 points)" is 2 items worth 3 points.
            ngettext(
                "不适用 {items} ({points} point)",
                "不适用 {items} ({points} points)",
                plural_count(score.na_points),
            ).format(items=score.na, points=points_text(score.na_points))
        )
    if score.unproven:
        beside.append(_("{items} awaiting evidence").format(items=score.unproven))
    return f"{text} ({_(', ').join(beside)})" if beside else text


def diff_footer(view: AssessmentDiff | ChecklistDiff) -> str:
    if isinstance(view, AssessmentDiff):
        return view.summary.text
    count = view.summary.changes
    return ngettext("{count} change", "{count} changes", count).format(count=count)


def diff_markdown(view: AssessmentDiff | ChecklistDiff) -> str:
    """The audit memo, from templates/diff.md.j2."""
    from ipcheck.render.templates import render_template

    rows = assessment_rows(view) if isinstance(view, AssessmentDiff) else checklist_rows(view)
    words = {
        "memo": _("Audit memo: {assessee} {periods}"),
        "assessee": _("Assessee"),
        "period": _("Year assessed"),
        "old_state": _("Earlier state"),
        "new_state": _("Later state"),
        "generated": _("Generated"),
        "conclusion": _("Conclusion"),
        "text": _("Text"),
        "by": _("Changed by"),
        "at": _("When"),
        "points": _("Points"),
        "commit": _("commit {commit}, {date}"),
        "last_change": _("last change {at}"),
        "assessments": _("Assessment states compared: {old} → {new}"),
        "checklists": _("Checklist versions compared: {old} → {new}"),
        "checklist": _("Checklist"),
        "result": _("Result"),
        # TRANSLATORS: the audit memo's line "Result: 1 improved, 0 regressed, …".
        "result_line": _("Result: {text}"),
        "item": _("Item"),
        "change": _("Change"),
        "detail": _("Detail"),
        "subject": _("Subject"),
        "none": _("(no changes)"),
        "score": (score_line(view) or "") if isinstance(view, AssessmentDiff) else "",
    }
    return render_template("diff.md.j2", {"diff": view, "rows": rows, "words": words})
