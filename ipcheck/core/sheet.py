"""The 自评表 as a spreadsheet, out and back, as plain data: the rows a department fills,
what the sheet recorded when it went out, and the changes a filled sheet asks for.

A sheet goes out (`export`) with a record of every row as it was; it comes back (`import`)
and each row is compared with that record: a row the department changed is a change to
the file, made in its name; a row it left alone changes nothing, so several departments'
sheets can come back one after another. A row changed in the sheet and in the file since
the export is refused, naming the item: whose word counts is for the county to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ipcheck.core.report import criteria_text
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, ItemState, Status
from ipcheck.rules.scope import ScopedItem, state_of
from ipcheck.rules.scoring import allows_part_score, part_score_problem
from ipcheck.rules.status import reason_given_problem, reason_problem
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text
from ipcheck.text.safety import printable, printable_block

# the layout of the record sheet: 2 names each sheet by a random id (sheets of the same
# rows exported in one second were one sheet to the once-only list); 1 is still read
SHEET_VERSION = 2
# The columns of the 自评表, in order; the department fills the four in EDITABLE.
COLUMNS = (
    "编号",
    "工作内容",
    "评分标准",
    "分值",
    "状态",
    "部分得分",
    "说明",
    "不适用理由",
    "佐证材料",
)
EDITABLE = ("状态", "部分得分", "说明", "不适用理由")
FIXED = ("编号", "工作内容")  # what names the row: a changed one is refused


class Row(NamedTuple):
    """One item as the sheet shows it, and as the record keeps it."""

    item: str  # the item's id (only in the record)
    number: str
    text: str
    status: Status
    score: float | None  # a part score, for an item 推进中 whose criteria allow one
    note: str | None
    reason: str | None  # why 不适用


class Shown(NamedTuple):
    """A row with what the sheet shows beside it (not read back)."""

    row: Row
    criteria: str
    points: float
    part_allowed: bool  # the part score cell takes a value (0 to below the points)
    evidence: str  # the evidence files' names, one a line: attached as files, not here


class Header(NamedTuple):
    """Whose sheet it is: an import of another assessee, year or version is refused."""

    kind: str
    name: str
    unit: str | None
    period: int
    checklist: str  # id@version
    digest: str
    exported: str  # when, ISO 8601
    file_sha256: str  # the assessment as it was exported
    sheet: str = ""  # this sheet's own random id (none in a sheet of layout 1)


def row_of(scoped: ScopedItem, state: ItemState) -> Row:
    """An item's row as a sheet holds it, and as what comes back is compared with: text
    a spreadsheet cannot hold (U+FFFE, control characters a received file may carry) is
    shown as its escape, in the row and in the record of it alike."""
    return Row(
        item=scoped.item.id,
        number=scoped.number,
        text=printable_block(scoped.item.text),
        status=state.status,
        score=state.score,
        note=None if state.note is None else printable_block(state.note),
        reason=None if state.reason is None else printable_block(state.reason),
    )


def shown_rows(assessment: Assessment, chosen: Sequence[ScopedItem]) -> list[Shown]:
    """The rows of a sheet for these items, in checklist order."""
    out = []
    for scoped in chosen:
        state = state_of(assessment, scoped)
        out.append(
            Shown(
                row=row_of(scoped, state),
                criteria=printable_block(criteria_text(scoped.item)),
                points=scoped.item.points,
                part_allowed=allows_part_score(scoped.item),
                evidence="\n".join(printable(e.path.rsplit("/", 1)[-1]) for e in state.evidence),
            )
        )
    return out


def header_of(assessment: Assessment, exported: str, sha256: str, sheet: str = "") -> Header:
    a = assessment.assessee
    pin = assessment.checklist
    return Header(
        kind=a.kind.value,
        name=printable(a.name),
        unit=a.unit,
        period=assessment.period,
        checklist=f"{pin.id}@{pin.version}",
        digest=pin.digest,
        exported=exported,
        file_sha256=sha256,
        sheet=sheet,
    )


def check_header(header: Header, assessment: Assessment, sheet: str) -> None:
    """A sheet of another assessee, year or checklist version is refused, saying whose."""
    ours = header_of(assessment, header.exported, header.file_sha256)
    theirs = (header.kind, header.name, header.unit, header.period)
    if theirs != (ours.kind, ours.name, ours.unit, ours.period):
        raise InputError(
            _("{sheet} is the sheet of {name} {period}, not of {ours} {our_period}").format(
                sheet=sheet,
                name=header.name,
                period=header.period,
                ours=ours.name,
                our_period=ours.period,
            )
        )
    if (header.checklist, header.digest) != (ours.checklist, ours.digest):
        raise InputError(
            _(
                "{sheet} was exported on checklist {theirs}, and the file is on {ours}: "
                "export a new sheet (ipcheck export)"
            ).format(sheet=sheet, theirs=header.checklist, ours=ours.checklist)
        )


class Filled(NamedTuple):
    """A row as it came back, read from its cells; `cell` names where (E5), for errors."""

    number: str
    text: str
    status: Status
    score: float | None
    note: str | None
    reason: str | None
    cells: dict[str, str]  # column name -> cell reference (E5)


class Change(NamedTuple):
    """What one row asks of the file: the item's new values (the others as they are)."""

    scoped: ScopedItem
    status: Status
    score: float | None
    note: str | None
    reason: str | None
    fields: tuple[str, ...]  # the columns the department changed


def _fields(row: Row | Filled) -> dict[str, object]:
    return {"状态": row.status, "部分得分": row.score, "说明": row.note, "不适用理由": row.reason}


def plan(
    assessment: Assessment,
    scope: Sequence[ScopedItem],
    recorded: Sequence[Row],
    filled: Sequence[Filled],
) -> list[Change]:
    """The changes a filled sheet asks for, each checked as `mark` checks it; refused
    whole, naming the row, when one cannot be made."""
    if len(filled) != len(recorded):
        raise InputError(
            _("the sheet has {rows} rows of items, and it went out with {recorded}").format(
                rows=len(filled), recorded=len(recorded)
            )
        )
    by_id = {s.item.id: s for s in scope}
    changes: list[Change] = []
    for was, now in zip(recorded, filled, strict=True):
        scoped = by_id.get(was.item)
        if scoped is None:
            raise InputError(
                _("{item}: not an item {assessee} answers (row {cell})").format(
                    item=f"{was.number} {was.item}",
                    assessee=assessment.assessee.name,
                    cell=now.cells["编号"],
                )
            )
        for column, said, kept in (
            ("编号", now.number, was.number),
            ("工作内容", now.text, was.text),
        ):
            if said != kept:
                raise InputError(
                    _(
                        "{cell}: the {column} of {item} was changed in the sheet; the rows "
                        "name the items as they went out"
                    ).format(cell=now.cells[column], column=column, item=was.number)
                )
        asked, then = _fields(now), _fields(was)
        changed = tuple(column for column in EDITABLE if asked[column] != then[column])
        if not changed:
            continue
        current = row_of(scoped, state_of(assessment, scoped))
        if _fields(current) == asked:
            continue  # the file already says so (this sheet was imported before)
        if _fields(current) != then:
            raise InputError(
                _(
                    "{item}: changed in the file since the sheet went out, and in the sheet: "
                    "not imported (set it with ipcheck mark, or export a new sheet)"
                ).format(item=scoped.name)
            )
        problem = reason_problem(now.status, now.reason)
        if problem is None and "不适用理由" in changed:
            problem = reason_given_problem(now.status, now.reason)
        if problem is not None:
            raise InputError(_said_at(now.cells["不适用理由"], scoped.name, problem))
        score = now.score
        if "部分得分" in changed and score is not None and now.status is not Status.IN_PROGRESS:
            raise InputError(
                _said_at(
                    now.cells["部分得分"],
                    scoped.name,
                    part_score_problem(scoped.item, now.status, score) or "",
                )
            )
        if now.status is not Status.IN_PROGRESS:
            score = None  # a part score is for an item 推进中: other statuses drop it
        elif "部分得分" in changed and score is None:
            score = 0  # cleared: the item earns no part of its points
        if score is not None:
            problem = part_score_problem(scoped.item, now.status, score)
            if problem is not None:
                raise InputError(_said_at(now.cells["部分得分"], scoped.name, problem))
        effective = {
            "状态": now.status,
            "部分得分": score if now.status is Status.IN_PROGRESS else None,
            "说明": now.note if "说明" in changed else current.note,
            "不适用理由": now.reason if now.status is Status.NA else None,
        }
        if effective == _fields(current):
            continue  # what it asks is what the file holds
        changes.append(
            Change(
                scoped,
                now.status,
                score,
                now.note,
                now.reason if now.status is Status.NA else None,
                changed,
            )
        )
    return changes


def _said_at(where: str, item: str, problem: str) -> str:
    return _("{where}: {item}: {problem}").format(where=where, item=item, problem=problem)


def said(change: Change, before: Row) -> str:
    """A change in a line: 1.3 状态 未开始 → 已完成；说明 …"""
    parts = []
    for column in change.fields:
        old = _said(column, before)
        new = _said(column, change)
        parts.append(f"{column} {old} → {new}")
    return f"{change.scoped.number} " + "；".join(parts)


def _said(column: str, row: Row | Change) -> str:
    value = {"状态": row.status, "部分得分": row.score, "说明": row.note, "不适用理由": row.reason}[
        column
    ]
    if isinstance(value, Status):
        return labels.STATUS[value.value]
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return points_text(value)
    return str(value)
