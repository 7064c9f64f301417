"""What the page shows, as plain data built from an opened assessment: the items by part
and measure with their state and score, the live totals, the history. Pure functions of
what the API returns; the templates only lay them out (serve/templates)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ipcheck.model.assessment import Action, Assessment, ItemState, Section, Status
from ipcheck.model.checklist import Criteria, Part
from ipcheck.model.review import Review
from ipcheck.model.views.status import StatusView
from ipcheck.rules.scope import ScopedItem
from ipcheck.rules.scoring import item_score
from ipcheck.store.assessment_file import Opened, shown
from ipcheck.store.files import read_bytes
from ipcheck.text import labels
from ipcheck.text.points import points_text

STATUSES = (Status.TODO, Status.IN_PROGRESS, Status.DONE, Status.NA)


class EvidenceRow(NamedTuple):
    path: str
    size: str
    added: str
    by: str


class ItemRow(NamedTuple):
    id: str
    number: str
    name: str
    text: str
    basis: str
    criteria: Criteria | None
    points: str
    status: str  # the code: todo, in_progress, done, na
    status_word: str  # 已完成
    score: str  # what it earns now
    part_score: str  # the part score given, "" when none
    part_allowed: bool  # the checklist gives a 部分得分 criterion
    unproven: bool
    note: str
    reason: str
    evidence: list[EvidenceRow]
    role: str  # for a unit: 牵头 / 责任
    shown: str  # what the page names the item's state by when it asks a change of it
    decision: str  # the office's decision code, "" when none
    decision_label: str  # 认可 …
    decision_score: str
    decision_reason: str
    decision_shown: str  # what the page names the decision by when it asks a change of it


class MeasureRows(NamedTuple):
    number: int
    numeral: str
    title: str
    items: list[ItemRow]


class PartRows(NamedTuple):
    number: int
    numeral: str
    title: str
    score: str
    max_score: str
    measures: list[MeasureRows]


class HistoryRow(NamedTuple):
    at: str
    by: str
    action: str
    item: str
    old: str
    new: str


def version_of(path: Path) -> str:
    """The SHA-256 of the file's bytes: what a page shown from them asks changes of."""
    return hashlib.sha256(read_bytes(path)).hexdigest()


def item_row(
    scoped: ScopedItem, state: ItemState, opened: Opened, review: Review | None = None
) -> ItemRow:
    item = scoped.item
    scoring = opened.checklist.checklist.scoring
    score = item_score(item, state, scoring)
    decided = review.items.get(item.id) if review is not None else None
    return ItemRow(
        id=item.id,
        number=scoped.number,
        name=item.name,
        text=item.text,
        basis=item.basis,
        criteria=item.criteria,
        points=points_text(item.points),
        status=state.status.value,
        status_word=state.status.said,
        score=points_text(score.earned),
        part_score="" if state.score is None else points_text(state.score),
        part_allowed=item.criteria is not None and item.criteria.part is not None,
        unproven=score.unproven,
        note=state.note or "",
        reason=state.reason or "",
        evidence=[
            EvidenceRow(e.path, labels.size_text(e.size), f"{e.added:%Y-%m-%d %H:%M}", e.by)
            for e in state.evidence
        ],
        role=labels.ROLE.get(scoped.role.value, "") if scoped.role is not None else "",
        shown=shown(state if scoped.item.id in opened.loaded.assessment.items else None),
        decision="" if decided is None else decided.decision.value,
        decision_label="" if decided is None else decided.decision.label,
        decision_score=""
        if decided is None or decided.score is None
        else points_text(decided.score),
        decision_reason="" if decided is None else (decided.reason or ""),
        decision_shown=shown(decided),
    )


def state_of(a: Assessment, item_id: str) -> ItemState:
    return a.items.get(item_id) or ItemState(status=Status.TODO)


def _every(row: ItemRow) -> bool:
    return True


def _open(row: ItemRow) -> bool:  # 未完成
    return row.status in {"todo", "in_progress"}


def _unproven(row: ItemRow) -> bool:  # 待补佐证
    return row.unproven


SHOWN: dict[str, Callable[[ItemRow], bool]] = {
    "all": _every,
    "open": _open,
    "unproven": _unproven,
}


def parts_of(
    opened: Opened, view: StatusView, review: Review | None = None, show: str = "all"
) -> list[PartRows]:
    """The items of the scope `show` picks (SHOWN: all, open, unproven), by part and
    measure, in the checklist's order."""
    keep = SHOWN.get(show, SHOWN["all"])
    a = opened.loaded.assessment
    checklist = opened.checklist.checklist
    parts: dict[int, Part] = {p.number: p for p in checklist.parts}
    groups = {g.number: g for g in view.parts}
    out: list[PartRows] = []
    for scoped in opened.scope:
        measure = scoped.measure
        row = item_row(scoped, state_of(a, scoped.item.id), opened, review)
        if not keep(row):
            continue
        if not out or out[-1].number != measure.part:
            part = parts[measure.part]
            group = groups.get(part.number)
            out.append(
                PartRows(
                    part.number,
                    part.numeral,
                    part.title,
                    points_text(group.score) if group else "0",
                    points_text(group.max_score) if group else "0",
                    [],
                )
            )
        measures = out[-1].measures
        if not measures or measures[-1].number != measure.number:
            measures.append(MeasureRows(measure.number, measure.numeral, measure.title, []))
        measures[-1].items.append(row)
    return out


def history_of(opened: Opened) -> list[HistoryRow]:
    """The file's history, newest first; items by their numbers, evidence by its path."""
    a = opened.loaded.assessment
    numbers = {s.item.id: s.number for s in opened.scope}
    rows = []
    for c in reversed(a.history):
        old, new = labels.status_word(c.old) or "", labels.status_word(c.new) or ""
        if c.action is Action.EVIDENCE_ADDED:
            old, new = "", c.path or new
        elif c.action is Action.EVIDENCE_REMOVED:
            old, new = c.path or old, ""
        rows.append(
            HistoryRow(
                f"{c.at:%Y-%m-%d %H:%M:%S}",
                c.by,
                labels.history_action(c.action.value),
                numbers.get(c.item, c.item) if c.item else "",
                old,
                new,
            )
        )
    return rows


def sections_of(a: Assessment) -> list[tuple[str, str, str, str]]:
    """The four sections a county writes: (key, label, its text, what the page names it by
    when it asks a change of it)."""
    return [
        (s.value, s.label, a.narrative.get(s.value, ""), shown(a.narrative.get(s.value)))
        for s in Section
    ]
