"""Progress and score of an assessment: per part, per measure, overall.

The score is what rules/totals.score_items gives over the assessee's scope (from its
checklist): points earned out of the base, with the 不适用 items and points and the
items whose points wait for evidence beside it; a part's or a measure's is the same
items' sum.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

import msgspec

from ipcheck.model.assessment import Assessment, Status
from ipcheck.model.checklist import Checklist, NotApplicableRule
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.model.views.status import (
    Counts,
    Group,
    ItemRef,
    StatusAssessee,
    StatusIssuing,
    StatusView,
)
from ipcheck.rules.history import is_sealed, sealed_at
from ipcheck.rules.issuing import Issuing, issuing
from ipcheck.rules.scope import ScopedItem, scope_of, state_of
from ipcheck.rules.scoring import ItemScore, Score, total
from ipcheck.rules.totals import Scores, score_items
from ipcheck.text import labels


class Tally(NamedTuple):
    counts: dict[Status, int]
    score: Score

    @property
    def points(self) -> float:
        """The base: points of the items that count (a 不适用 until approved too)."""
        return self.score.base

    @property
    def earned(self) -> float:
        return self.score.earned

    @property
    def items(self) -> int:
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        """Items in the base: all but the 不适用 the office approved."""
        return self.items - self.score.na_excluded

    @property
    def completion(self) -> float:
        """Share of the items in the base 已完成, 0..1 (1 when nothing applies)."""
        return self.counts[Status.DONE] / self.applicable if self.applicable else 1.0

    def counts_view(self) -> Counts:
        return Counts(
            items=self.items,
            todo=self.counts[Status.TODO],
            in_progress=self.counts[Status.IN_PROGRESS],
            done=self.counts[Status.DONE],
            na=self.counts[Status.NA],
            completion=round(self.completion, 4),
            score=self.earned,
            max_score=self.points,
            na_points=self.score.na_points,
            unproven=self.score.unproven,
        )

    def group_view(self, number: int, title: str) -> Group:
        return Group(number=number, title=title, **msgspec.structs.asdict(self.counts_view()))


class ItemRow(NamedTuple):
    scoped: ScopedItem
    status: Status
    score: ItemScore


class Progress(NamedTuple):
    total: Tally
    parts: list[tuple[int, str, Tally]]  # (number, title, tally)
    measures: list[tuple[int, str, Tally]]
    unproven: list[ScopedItem]  # points waiting for evidence: 已完成 or a part score
    unproven_labels: list[str]  # how they are shown: 已完成（待补佐证）, 推进中（待补佐证）
    to_review: list[ScopedItem]  # an upgrade asks to check them again (split, merged)
    missing: list[ScopedItem]  # of the scope but not in the file: they count as 未开始
    overdue: list[ScopedItem]  # open after the period ended
    period_ended: bool
    na_rule: NotApplicableRule
    sealed: bool = False  # sealed as submitted (ipcheck seal) and not lifted since
    issuing: Issuing | None = None  # how its report is issued: 落款, title, 成文日期


def tally(rows: list[ItemRow]) -> Tally:
    counts = Counter(row.status for row in rows)
    return Tally({s: counts.get(s, 0) for s in Status}, total(r.score for r in rows))


def item_rows(scores: Scores) -> list[ItemRow]:
    return [ItemRow(s.scoped, s.state.status, s.own) for s in scores.items]


def assessment_score(assessment: Assessment, checklist: Checklist) -> Score:
    """The score of an assessment over the scope its checklist gives its assessee."""
    scope = scope_of(checklist, assessment.assessee)
    return score_items(assessment, scope, checklist.scoring).own


def progress(
    loaded: LoadedAssessment,
    checklist: LoadedChecklist,
    today: dt.date,
    scores: Scores | None = None,
) -> Progress:
    """Progress per part and measure, and overall: of `scores` where the caller scored the
    items already (the report does, with the office's review), else of the file's."""
    assessment = loaded.assessment
    if scores is None:
        scope = scope_of(checklist.checklist, assessment.assessee)
        scores = score_items(assessment, scope, checklist.checklist.scoring)
    states = [(s.scoped, s.state) for s in scores.items]
    rows = item_rows(scores)
    parts = []
    for part in checklist.checklist.parts:
        in_part = [r for r in rows if r.scoped.measure.part == part.number]
        if in_part:
            parts.append((part.number, f"{part.numeral}、{part.theme}", tally(in_part)))
    measures = []
    for measure in checklist.checklist.measures:
        in_measure = [r for r in rows if r.scoped.measure.number == measure.number]
        if in_measure:
            measures.append(
                (measure.number, f"（{measure.numeral}）{measure.title}", tally(in_measure))
            )
    ended = today > dt.date(assessment.period, 12, 31)
    return Progress(
        total=tally(rows),
        parts=parts,
        measures=measures,
        unproven=[r.scoped for r in rows if r.score.unproven],
        unproven_labels=[
            label
            for label, status in (
                (labels.UNPROVEN, Status.DONE),
                (labels.PART_UNPROVEN, Status.IN_PROGRESS),
            )
            if any(r.score.unproven and r.status is status for r in rows)
        ],
        to_review=[s for s, state in states if state.review is not None],
        missing=[s for s, _state in states if s.item.id not in assessment.items],
        overdue=[r.scoped for r in rows if ended and r.status in (Status.TODO, Status.IN_PROGRESS)],
        period_ended=ended,
        na_rule=checklist.checklist.scoring.na_rule,
        sealed=is_sealed(assessment),
        issuing=issuing(
            assessment,
            checklist.checklist,
            None if (at := sealed_at(assessment)) is None else at.date(),
            today,
        ),
    )


def status_view(loaded: LoadedAssessment, result: Progress) -> StatusView:
    """What `status --format json` prints."""
    a = loaded.assessment

    def item_ref(s: ScopedItem) -> ItemRef:
        return ItemRef(id=s.item.id, number=s.number, text=s.item.text)

    return StatusView(
        file=loaded.path.as_posix(),
        assessee=StatusAssessee(
            kind=a.assessee.kind.value, name=a.assessee.name, unit=a.assessee.unit
        ),
        period=a.period,
        checklist=f"{a.checklist.id}@{a.checklist.version}",
        total=result.total.counts_view(),
        parts=[tally.group_view(n, t) for n, t, tally in result.parts],
        measures=[tally.group_view(n, t) for n, t, tally in result.measures],
        done_without_evidence=[
            item_ref(s) for s in result.unproven if state_of(a, s).status is Status.DONE
        ],
        period_ended=result.period_ended,
        to_review=[item_ref(s) for s in result.to_review],
        missing=[item_ref(s) for s in result.missing],
        overdue=[item_ref(s) for s in result.overdue],
        sealed=result.sealed,
        report=None
        if result.issuing is None
        else StatusIssuing(
            signer=result.issuing.signer,
            signer_set=result.issuing.signer_set,
            title=result.issuing.title,
            title_set=result.issuing.title_set,
            dated=result.issuing.dated.isoformat() if result.issuing.dated_set else None,
            addressee=result.issuing.addressee,
        ),
    )
