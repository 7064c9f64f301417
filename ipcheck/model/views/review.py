"""The office's review (复核) as `review --format json` prints it."""

from __future__ import annotations

from ipcheck.model.views import View


class ReviewScore(View, frozen=True, kw_only=True):
    score: float
    max_score: float
    na: int  # items 不适用
    na_excluded: int  # … whose 核减 the office approved: out of the base


class ReviewRow(View, frozen=True, kw_only=True):
    number: str
    id: str
    text: str
    status: str
    status_label: str
    points: float  # the item's points
    own: float | None  # what the self-assessment gives it (None: out of the base)
    reviewed: float | None  # what the review gives it
    decision: str | None  # accepted | rejected | deducted | na-approved | na-rejected
    decision_label: str | None  # 认可 …; null: not decided yet
    reason: str | None
    waived: bool = False  # 认可 with the evidence rule waived for it (the reason says why)
    by: str | None
    at: str | None
    earlier: list[
        str
    ]  # decisions replaced since, oldest first: 不认可（…）市考核办 2026-01-12 10:00


class ReviewView(View, frozen=True, kw_only=True):
    file: str  # the assessment reviewed
    review: str  # the review's own file
    sha256: str  # of the assessment, as reviewed
    assessee: str
    period: int
    checklist: str
    reviewer: str
    created: str
    own: ReviewScore  # 自评
    reviewed: ReviewScore  # 复核
    decided: int
    undecided: int  # items the office has not decided yet: their own points stand
    items: list[ReviewRow]
