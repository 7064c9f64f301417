"""`ipcheck status`: progress and score of one assessment, per part and measure."""

from __future__ import annotations

from ipcheck.model.views import View


class Counts(View, frozen=True, kw_only=True):
    """Items per status, completion (share of the items in the base 已完成) and score:
    points earned of max_score, with the points of the 不适用 items (in max_score until
    the office approves them) and the items whose points wait for evidence."""

    items: int
    todo: int
    in_progress: int
    done: int
    na: int
    completion: float
    score: float
    max_score: float
    na_points: float
    unproven: int


class Group(View, frozen=True, kw_only=True):
    """Counts of one part or measure."""

    number: int
    title: str
    items: int
    todo: int
    in_progress: int
    done: int
    na: int
    completion: float
    score: float
    max_score: float
    na_points: float
    unproven: int


class ItemRef(View, frozen=True, kw_only=True):
    id: str
    number: str
    text: str


class StatusAssessee(View, frozen=True, kw_only=True):
    kind: str
    name: str
    unit: str | None


class StatusIssuing(View, frozen=True, kw_only=True):
    """How the report will be issued (ipcheck setting), each with whether it was set."""

    signer: str
    signer_set: bool
    title: str
    title_set: bool
    dated: str | None  # 成文日期 set; None: the day the file is sealed
    addressee: str | None = None  # 主送机关: set, else the checklist's (none: the assessee's)


class StatusView(View, frozen=True, kw_only=True):
    file: str
    assessee: StatusAssessee
    period: int
    checklist: str
    total: Counts
    parts: list[Group]
    measures: list[Group]
    done_without_evidence: list[ItemRef]
    period_ended: bool
    overdue: list[ItemRef]
    to_review: list[ItemRef]  # an upgrade asks to check them again (mark them to answer)
    missing: list[ItemRef]  # of the scope but not in the file: counted as 未开始
    sealed: bool  # sealed as submitted (ipcheck seal): no change until it is unsealed
    report: StatusIssuing | None = None  # how the report will be issued
