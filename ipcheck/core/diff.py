"""Semantic diff of two states of one assessment, for auditors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from msgspec.structs import replace

from ipcheck.core.narrative import narrative_label
from ipcheck.errors import InputError
from ipcheck.model.assessment import Action, Assessment, Evidence, ItemState, Status
from ipcheck.model.assessment import Change as HistoryChange
from ipcheck.model.views.diff import AssessmentDiff as AssessmentDiffView
from ipcheck.model.views.diff import (
    Change,
    Checklists,
    DiffSummary,
    Earned,
    HistoryRewrite,
    ItemChange,
    ItemLine,
    Scores,
    ScoreView,
    State,
    Submission,
)
from ipcheck.model.views.diff import DocumentChange as DocumentChangeView
from ipcheck.model.views.diff import EvidenceChange as EvidenceChangeView
from ipcheck.model.views.diff import ScoreChange as ScoreChangeView
from ipcheck.model.views.diff import StatusChange as StatusChangeView
from ipcheck.rules.history import figure_text, unchained
from ipcheck.rules.scoring import Score
from ipcheck.text.i18n import _, ngettext

# todo < in_progress < done; na stands apart (a change of scope)
RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.DONE: 2}


class Kind(StrEnum):
    IMPROVEMENT = "improvement"
    REGRESSION = "regression"
    SCOPE = "scope"


class StatusChange(NamedTuple):
    old: Status
    new: Status
    kind: Kind
    reason: str | None  # the 不适用 reason, for a scope change


class EvidenceChange(NamedTuple):
    change: str  # added | removed | modified | moved
    path: str
    old_path: str | None = None
    old_sha256: str | None = None
    new_sha256: str | None = None


class ScoreChange(NamedTuple):
    """A part score changed while the status stayed 推进中."""

    old: float | None
    new: float | None
    kind: Kind


class ItemDiff(NamedTuple):
    item: str
    presence: str  # "both" | "added" | "removed" (by the checklist) | "deleted" (by hand)
    status: StatusChange | None
    note: tuple[str | None, str | None] | None
    reason: tuple[str | None, str | None] | None
    evidence: list[EvidenceChange]
    score: ScoreChange | None = None
    review: tuple[str | None, str | None] | None = None  # an upgrade's 请复核, set or answered

    @property
    def kind(self) -> Kind | None:
        """What the change does to the item: a status change, else a part score's; an item
        deleted from the file is a regression."""
        if self.presence == "deleted":
            return Kind.REGRESSION
        if self.status is not None:
            return self.status.kind
        return None if self.score is None else self.score.kind

    @property
    def changed(self) -> bool:
        return (
            self.presence != "both"
            or self.status is not None
            or self.note is not None
            or self.reason is not None
            or bool(self.evidence)
            or self.score is not None
            or self.review is not None
        )


class DocumentChange(NamedTuple):
    """A section of the county's own words or a key figure, changed between the states."""

    what: str  # section | figure
    key: str  # the section's key (situation, practices/严保护) or the figure's name
    old: str | None  # its text, or value and unit; None where there was none
    new: str | None
    by: str | None = None  # who changed it last in NEW's history, and when
    at: dt.datetime | None = None


class Rewrite(NamedTuple):
    """NEW's history does not begin with OLD's: the first line of OLD it lacks or changes."""

    line: int  # 1-based, in OLD's history
    old_lines: int
    new_lines: int


class AssessmentDiff(NamedTuple):
    old_name: str
    new_name: str
    old_checklist: str
    new_checklist: str
    items: list[ItemDiff]
    rewrite: Rewrite | None = None
    assessee: str = ""
    periods: tuple[int, ...] = ()
    # item → who changed it last, and when
    authors: Mapping[str, tuple[str, dt.datetime]] = MappingProxyType({})
    submissions: tuple[HistoryChange, ...] = ()  # sealed / unsealed lines NEW added
    documents: tuple[DocumentChange, ...] = ()  # the report's texts and figures changed
    # item → every line NEW added about it, in order: who changed what, when
    lines: Mapping[str, tuple[HistoryChange, ...]] = MappingProxyType({})

    @property
    def reason_changes(self) -> int:
        """Reasons changed while the status stayed (a change of status says its own)."""
        return sum(1 for d in self.items if d.reason is not None and d.status is None)

    @property
    def regressed(self) -> bool:
        """What --fail-on regression fails on: a regression, or a history rewritten."""
        return self.count(Kind.REGRESSION) > 0 or self.rewrite is not None

    def count(self, kind: Kind) -> int:
        return sum(1 for d in self.items if d.kind is kind)

    @property
    def evidence_changes(self) -> int:
        return sum(len(d.evidence) for d in self.items)

    @property
    def note_changes(self) -> int:
        return sum(1 for d in self.items if d.note is not None)

    @property
    def has_changes(self) -> bool:
        return (
            any(d.changed for d in self.items)
            or self.old_checklist != self.new_checklist
            or self.rewrite is not None
            or bool(self.submissions)
        )

    def summary(self) -> str:
        added = sum(1 for d in self.items if d.presence == "added")
        removed = sum(1 for d in self.items if d.presence == "removed")
        deleted = sum(1 for d in self.items if d.presence == "deleted")
        text = _(
            "{improved} improved, {regressed} regressed, {scope} scope changes, "
            "{notes} note changes, {reasons} reason changes, {evidence} evidence changes"
        ).format(
            improved=self.count(Kind.IMPROVEMENT),
            regressed=self.count(Kind.REGRESSION),
            scope=self.count(Kind.SCOPE),
            notes=self.note_changes,
            reasons=self.reason_changes,
            evidence=self.evidence_changes,
        )
        if added or removed:
            text += _(", {added} items added, {removed} items removed by the checklist").format(
                added=added, removed=removed
            )
        if deleted:
            text += ngettext(
                ", {count} item deleted from the file (条目被删除)",
                ", {count} items deleted from the file (条目被删除)",
                deleted,
            ).format(count=deleted)
        if self.documents:
            text += ngettext(
                ", {count} change of the report's texts and figures",
                ", {count} changes of the report's texts and figures",
                len(self.documents),
            ).format(count=len(self.documents))
        if self.rewrite is not None:
            text += _("; history rewritten from line {line}").format(line=self.rewrite.line)
        return text


def summary_zh(diff: AssessmentDiff, scores: tuple[Score | None, Score | None]) -> str:
    """The memo's conclusion in the documents' language, whatever the interface's."""
    text = (
        f"改进 {diff.count(Kind.IMPROVEMENT)} 项，倒退 {diff.count(Kind.REGRESSION)} 项，"
        f"范围变化 {diff.count(Kind.SCOPE)} 项，说明修改 {diff.note_changes} 项，"
        f"理由修改 {diff.reason_changes} 项，佐证变化 {diff.evidence_changes} 处"
    )
    deleted = sum(1 for d in diff.items if d.presence == "deleted")
    if deleted:
        text += f"，条目被删除 {deleted} 项"
    if diff.documents:
        text += f"，报告文字和数据指标修改 {len(diff.documents)} 处"
    sealed = sum(1 for line in diff.submissions if line.action is Action.SEALED)
    lifted = len(diff.submissions) - sealed
    if sealed or lifted:
        text += f"，封存 {sealed} 次、解除封存 {lifted} 次"
    old, new = scores
    if old is not None and new is not None:
        text += f"；得分 {old.earned}/{old.base} → {new.earned}/{new.base}"
    if len(diff.periods) < 2:
        if diff.rewrite is None:
            text += "；历史记录为只增不改"
        else:
            text += f"；历史记录自第 {diff.rewrite.line} 条起被改写"
    return text + "。"


def classify(old: Status, new: Status) -> Kind:
    """已完成 → anything else is a regression; other moves to or from 不适用 change the scope."""
    if old is Status.DONE:
        return Kind.REGRESSION
    if Status.NA in (old, new):
        return Kind.SCOPE
    return Kind.IMPROVEMENT if RANK[new] > RANK[old] else Kind.REGRESSION


def diff_evidence(old: tuple[Evidence, ...], new: tuple[Evidence, ...]) -> list[EvidenceChange]:
    old_by_path = {e.path: e for e in old}
    new_by_path = {e.path: e for e in new}
    changes: list[EvidenceChange] = []
    gone = [e for e in old if e.path not in new_by_path]
    came = [e for e in new if e.path not in old_by_path]
    for entry in new:
        before = old_by_path.get(entry.path)
        if before is not None and before.sha256 != entry.sha256:
            changes.append(
                EvidenceChange("modified", entry.path, None, before.sha256, entry.sha256)
            )
    for entry in came:
        twin = next((g for g in gone if g.sha256 == entry.sha256), None)
        if twin is not None:
            gone.remove(twin)
            changes.append(
                EvidenceChange("moved", entry.path, twin.path, twin.sha256, entry.sha256)
            )
        else:
            changes.append(EvidenceChange("added", entry.path, None, None, entry.sha256))
    changes += [EvidenceChange("removed", g.path, None, g.sha256, None) for g in gone]
    return changes


def _item_diff(
    item: str, old: ItemState | None, new: ItemState | None, same_checklist: bool
) -> ItemDiff:
    if old is None or new is None:
        presence = "added" if old is None else "removed"
        if presence == "removed" and same_checklist:
            presence = "deleted"  # the checklist did not drop it: the file lost it
        review = (None, new.review) if new is not None and new.review else None
        return ItemDiff(item, presence, None, None, None, [], review=review)
    status = None
    if old.status is not new.status:
        reason = new.reason if new.status is Status.NA else old.reason
        status = StatusChange(old.status, new.status, classify(old.status, new.status), reason)
    note = (old.note, new.note) if old.note != new.note else None
    reason_change = (old.reason, new.reason) if old.reason != new.reason else None
    score = None
    if status is None and old.score != new.score:
        better = (new.score or 0) > (old.score or 0)
        score = ScoreChange(old.score, new.score, Kind.IMPROVEMENT if better else Kind.REGRESSION)
    return ItemDiff(
        item,
        "both",
        status,
        note,
        reason_change,
        diff_evidence(old.evidence, new.evidence),
        score,
        (old.review, new.review) if old.review != new.review else None,
    )


def same_assessee(old: Assessment, new: Assessment) -> bool:
    return (old.assessee.kind, old.assessee.name, old.assessee.unit) == (
        new.assessee.kind,
        new.assessee.name,
        new.assessee.unit,
    ) and old.period == new.period


def diff_assessments(
    old: Assessment,
    new: Assessment,
    old_name: str,
    new_name: str,
    *,
    year_on_year: bool = False,
) -> AssessmentDiff:
    """Two states of one assessment; with year_on_year, one assessee's two years (their
    histories are two files', so append-only is not asked)."""
    same_years = old.period == new.period
    if year_on_year and same_years:
        raise InputError(
            _("--year-on-year compares two years; both files are {period}").format(
                period=old.period
            )
        )
    if year_on_year and old.period > new.period:
        raise InputError(
            _("--year-on-year: give the earlier year first ({new_file}, then {old_file})").format(
                new_file=new_name, old_file=old_name
            )
        )
    if year_on_year:
        # each year has its own evidence folder: files are compared within it
        old, new = _within_evidence_dir(old), _within_evidence_dir(new)
    if not same_assessee(old, new) and not (year_on_year and _same_body(old, new)):
        raise InputError(
            _(
                "{old_file} is {old_assessee} {old_period}, {new_file} is "
                "{new_assessee} {new_period}: diff compares two states of one assessment "
                "(two years of one assessee with --year-on-year)"
            ).format(
                old_file=old_name,
                old_assessee=old.assessee.name,
                old_period=old.period,
                new_file=new_name,
                new_assessee=new.assessee.name,
                new_period=new.period,
            )
        )
    order = list(new.items) + [i for i in old.items if i not in new.items]
    same = old.checklist == new.checklist
    diffs = [_item_diff(i, old.items.get(i), new.items.get(i), same) for i in order]
    return AssessmentDiff(
        old_name,
        new_name,
        f"{old.checklist.id}@{old.checklist.version}",
        f"{new.checklist.id}@{new.checklist.version}",
        [d for d in diffs if d.changed],
        None if year_on_year else history_rewrite(old, new),
        old.assessee.name,
        (old.period,) if same_years else (old.period, new.period),
        _authors(new, 0 if year_on_year else len(old.history)),
        () if year_on_year else _submissions(new, len(old.history)),
        () if year_on_year else documents_changed(old, new),
        {} if year_on_year else _lines(new, len(old.history)),
    )


def _who(line: HistoryChange | None) -> tuple[str | None, dt.datetime | None]:
    return (None, None) if line is None else (line.by, line.at)


def documents_changed(old: Assessment, new: Assessment) -> tuple[DocumentChange, ...]:
    """The sections and figures that differ, in NEW's order, then those only OLD had; with
    who changed each last, from NEW's history."""
    last = {
        (line.action, line.path): line
        for line in new.history
        if line.action in (Action.NARRATIVE, Action.FIGURE)
    }
    changes = []
    for key in [*new.narrative, *(k for k in old.narrative if k not in new.narrative)]:
        before, after = old.narrative.get(key), new.narrative.get(key)
        if before != after:
            line = last.get((Action.NARRATIVE, key))
            changes.append(DocumentChange("section", key, before, after, *_who(line)))
    old_figures = {f.name: figure_text(f.value, f.unit) for f in old.figures}
    new_figures = {f.name: figure_text(f.value, f.unit) for f in new.figures}
    for name in [*new_figures, *(n for n in old_figures if n not in new_figures)]:
        before, after = old_figures.get(name), new_figures.get(name)
        if before != after:
            line = last.get((Action.FIGURE, name))
            changes.append(DocumentChange("figure", name, before, after, *_who(line)))
    return tuple(changes)


def _submissions(new: Assessment, since: int) -> tuple[HistoryChange, ...]:
    """The seals made and lifted in NEW's history after its first `since` lines."""
    return tuple(
        line for line in new.history[since:] if line.action in (Action.SEALED, Action.UNSEALED)
    )


def _within_evidence_dir(a: Assessment) -> Assessment:
    """Evidence paths relative to the file's own evidence folder (叶县-2025-佐证材料/x → x)."""
    prefix = a.evidence_dir.rstrip("/") + "/"
    items = {
        item: replace(
            state,
            evidence=tuple(replace(e, path=e.path.removeprefix(prefix)) for e in state.evidence),
        )
        for item, state in a.items.items()
    }
    return replace(a, items=items)


def _same_body(old: Assessment, new: Assessment) -> bool:
    return (old.assessee.kind, old.assessee.name, old.assessee.unit) == (
        new.assessee.kind,
        new.assessee.name,
        new.assessee.unit,
    )


def _authors(new: Assessment, since: int) -> dict[str, tuple[str, dt.datetime]]:
    """Who changed each item last, and when, by NEW's history after its first `since`
    lines (those OLD already had)."""
    found: dict[str, tuple[str, dt.datetime]] = {}
    for line in new.history[since:]:
        if line.item is not None:
            found[line.item] = (line.by, line.at)
    return found


def _lines(new: Assessment, since: int) -> dict[str, tuple[HistoryChange, ...]]:
    """Every line NEW's history added about each item, after the `since` lines OLD had."""
    found: dict[str, list[HistoryChange]] = {}
    for line in new.history[since:]:
        if line.item is not None:
            found.setdefault(line.item, []).append(line)
    return {item: tuple(lines) for item, lines in found.items()}


def scored_kinds(
    diff: AssessmentDiff, earned: Mapping[str, tuple[float | None, float | None]]
) -> AssessmentDiff:
    """A change's label never contradicts what it does to the score: where an item's points
    went up it is an improvement, where they went down a regression, whatever the status
    says (done → 推进中 with a part score and evidence now proving it earns more)."""
    items = []
    for d in diff.items:
        points = earned.get(d.item)
        if points is not None and None not in points and points[0] != points[1]:
            assert points[0] is not None and points[1] is not None
            direction = Kind.IMPROVEMENT if points[1] > points[0] else Kind.REGRESSION
            moving = (Kind.IMPROVEMENT, Kind.REGRESSION)
            if d.status is not None and d.status.kind in moving and d.status.kind is not direction:
                d = d._replace(status=d.status._replace(kind=direction))
            if d.score is not None and d.score.kind is not direction:
                d = d._replace(score=d.score._replace(kind=direction))
        items.append(d)
    return diff._replace(items=items)


def history_rewrite(old: Assessment, new: Assessment) -> Rewrite | None:
    """Append-only: NEW's history must begin with OLD's, line for line (the chain's
    hashes aside, which a file written before the chain gains on its next change)."""
    for index, line in enumerate(old.history):
        if index >= len(new.history) or unchained(new.history[index]) != unchained(line):
            return Rewrite(index + 1, len(old.history), len(new.history))
    return None


def score_view(score: Score | None) -> ScoreView | None:
    if score is None:
        return None
    return ScoreView(
        score=score.earned,
        max_score=score.base,
        na=score.na_items,
        na_points=score.na_points,
        unproven=score.unproven,
    )


def diff_view(
    diff: AssessmentDiff,
    numbers: dict[str, str],
    scores: tuple[Score | None, Score | None] = (None, None),
    *,
    texts: Mapping[str, str] | None = None,
    earned: Mapping[str, tuple[float | None, float | None]] | None = None,
    states: Sequence[State] = (),
    generated: str = "",
) -> AssessmentDiffView:
    """What diff shows and prints as JSON; numbers: item id → number (1.2), where known;
    scores: each state's, where its checklist is available; texts and earned: each item's
    text and points before and after; states: OLD and NEW named."""

    def item(d: ItemDiff) -> ItemChange:
        author = diff.authors.get(d.item)
        points = (earned or {}).get(d.item)
        return ItemChange(
            item=d.item,
            number=numbers.get(d.item),
            text=(texts or {}).get(d.item),
            by=None if author is None else author[0],
            at=None if author is None else author[1].isoformat(),
            earned=None
            if points is None or points[0] == points[1]
            else Earned(old=points[0], new=points[1]),
            presence=d.presence,
            status=None
            if d.status is None
            else StatusChangeView(
                old=d.status.old.value,
                new=d.status.new.value,
                kind=d.status.kind.value,
                reason=d.status.reason,
            ),
            note=None if d.note is None else Change(old=d.note[0], new=d.note[1]),
            reason=None if d.reason is None else Change(old=d.reason[0], new=d.reason[1]),
            evidence=[EvidenceChangeView(**e._asdict()) for e in d.evidence],
            score=None
            if d.score is None
            else ScoreChangeView(old=d.score.old, new=d.score.new, kind=d.score.kind.value),
            review=None if d.review is None else Change(old=d.review[0], new=d.review[1]),
            lines=[
                ItemLine(
                    action=line.action.value,
                    old=line.old,
                    new=line.new,
                    path=line.path,
                    by=line.by,
                    at=line.at.isoformat(),
                )
                for line in diff.lines.get(d.item, ())
            ],
        )

    return AssessmentDiffView(
        old=diff.old_name,
        new=diff.new_name,
        assessee=diff.assessee,
        periods=list(diff.periods),
        states=list(states),
        generated=generated,
        checklists=Checklists(old=diff.old_checklist, new=diff.new_checklist),
        summary=DiffSummary(
            improved=diff.count(Kind.IMPROVEMENT),
            regressed=diff.count(Kind.REGRESSION),
            scope_changes=diff.count(Kind.SCOPE),
            note_changes=diff.note_changes,
            reason_changes=diff.reason_changes,
            evidence_changes=diff.evidence_changes,
            items_added=sum(1 for d in diff.items if d.presence == "added"),
            items_removed=sum(1 for d in diff.items if d.presence == "removed"),
            items_deleted=sum(1 for d in diff.items if d.presence == "deleted"),
            history_rewritten=diff.rewrite is not None,
            text=diff.summary(),
            text_zh=summary_zh(diff, scores),
        ),
        documents=[
            DocumentChangeView(
                what=d.what,
                key=d.key,
                label=narrative_label(d.key) if d.what == "section" else d.key,
                old=d.old,
                new=d.new,
                by=d.by,
                at=None if d.at is None else d.at.isoformat(),
            )
            for d in diff.documents
        ],
        submissions=[
            Submission(
                action=line.action.value, by=line.by, at=line.at.isoformat(), detail=line.new
            )
            for line in diff.submissions
        ],
        history=None
        if diff.rewrite is None
        else HistoryRewrite(
            line=diff.rewrite.line,
            old_lines=diff.rewrite.old_lines,
            new_lines=diff.rewrite.new_lines,
        ),
        scores=Scores(old=score_view(scores[0]), new=score_view(scores[1])),
        items=[item(d) for d in diff.items],
    )
