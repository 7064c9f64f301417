"""The self-assessment report (自评报告) as data: the context of its templates and
`ipcheck report --format json` (documented in docs/report.md, versioned by report_version)."""

from __future__ import annotations

from ipcheck.model.views import View


class ReportAssessee(View, frozen=True, kw_only=True):
    name: str
    kind: str
    kind_label: str
    unit: str | None


class ReportChecklist(View, frozen=True, kw_only=True):
    id: str
    version: str
    title: str
    doc_number: str
    source_title: str
    issuers: list[str]
    digest: str


class ReportFile(View, frozen=True, kw_only=True):
    name: str
    sha256: str
    chain_head: str | None  # the hash of its history's last line: pins the whole history
    sealed: bool  # sealed as submitted (ipcheck seal) and not lifted since
    seal_broken: bool = False  # sealed, and the file or its evidence changed since


class ReportGoal(View, frozen=True, kw_only=True):
    text: str
    indicators: list[str]


class StatusCount(View, frozen=True, kw_only=True):
    status: str
    label: str
    count: int


class ReportSummary(View, frozen=True, kw_only=True):
    items: int
    statuses: list[StatusCount]
    applicable: int
    done: int
    completion: float
    completion_pct: str
    score: float
    max_score: float
    na: int  # items 不适用
    na_points: float
    na_pending: int  # … of them not approved by the office: in max_score, earning nothing
    unproven: int  # items whose points wait for evidence (已完成（待补佐证）)
    done_without_evidence: list[str]
    score_text: str  # the score as the report states it, with 不适用 and evidence beside
    rules: list[str]  # the checklist's scoring rules, in words
    weights: str  # where the points come from


class ReportPart(View, frozen=True, kw_only=True):
    number: int
    numeral: str
    theme: str
    title: str
    bar: str
    items: int
    done: int
    completion: float
    completion_pct: str
    score: float
    max_score: float
    na: int
    na_points: float


class ReportItem(View, frozen=True, kw_only=True):
    number: str
    id: str
    name: str  # its short name
    text: str
    basis: str  # 原文: the words of the document it comes from
    criteria: str  # 评分标准, in one text ("" where the checklist gives none)
    evidence_hints: list[str]
    points: float
    status: str
    status_label: str  # 已完成（待补佐证）, 不适用（待核减） where the rule says so
    earned: float | None  # None for a 不适用 the office approved (out of the base)
    unproven: bool
    note: str
    reason: str
    evidence_ids: list[str]
    # the office's review (复核), where the report carries it (report --review)
    reviewed: float | None = None  # the points it gives (None: out of the base, or not shown)
    decision: str | None = None  # 认可 / 不认可 / 扣分 / 同意核减 / 不同意核减
    decision_reason: str | None = None


class ReportMeasure(View, frozen=True, kw_only=True):
    number: int
    numeral: str
    title: str
    part: int
    lead: list[str]
    responsible: list[str]
    role: str | None
    units_cell: str
    items: list[ReportItem]


class ReportProblem(View, frozen=True, kw_only=True):
    measure: str
    total: int
    open: int
    items: list[ReportItem]


class NotApplicable(View, frozen=True, kw_only=True):
    number: str
    text: str
    reason: str


class ReviewFlag(View, frozen=True, kw_only=True):
    """An item a checklist upgrade asks to check again (请复核), not yet answered."""

    number: str
    text: str
    review: str


class NextStep(View, frozen=True, kw_only=True):
    number: str
    text: str
    status: str
    status_label: str
    note: str


class EvidenceRow(View, frozen=True, kw_only=True):
    id: str
    name: str
    path: str
    href: str
    items: list[str]  # the numbers of the items it supports: 1.1, 1.2
    item_ids: list[str]
    size: int
    size_text: str
    sha256: str
    sha256_short: str
    added: str
    by: str
    check: str  # intact | missing | changed | not_checked: as found while the report was made
    check_label: str


class ReportSection(View, frozen=True, kw_only=True):
    """A section in the county's own words (ipcheck write), or a draft built from the
    assessment where it wrote none: marked as such, never presented as its text."""

    key: str  # situation | practices | problems | plans
    title: str  # 基本情况 …
    text: str
    paragraphs: list[str]  # the county's paragraphs (its lines); a draft is one paragraph
    draft: bool


class ReportPractice(View, frozen=True, kw_only=True):
    """主要做法及成效 of one part or measure, in the county's words (ipcheck write --part,
    --measure), headed as a 公文 heads its levels: （一） a part, 1. a measure."""

    key: str  # practices/严保护
    level: str  # part | measure | other (a part or measure its checklist no longer has)
    heading: str  # （一）完善制度措施，落实严保护标准 · 1. 加大司法惩戒力度
    text: str  # "" for a part whose measures alone were written
    paragraphs: list[str]  # its lines, as paragraphs
    draft: bool = False  # a part not written, drafted from the records (【草稿】)


class ReportFigure(View, frozen=True, kw_only=True):
    name: str
    value: str
    unit: str | None


class ReportReview(View, frozen=True, kw_only=True):
    """The office's review carried by the report: who reviewed it and its score."""

    reviewer: str
    score: float
    max_score: float
    decided: int


class ReportSignature(View, frozen=True, kw_only=True):
    """The 落款: who issues the report and its date (成文日期)."""

    name: str  # the assessee, or the office named with report --signer
    date: str  # 2026年1月10日: the day it was sealed (submitted), else the day it is made


class Report(View, frozen=True, kw_only=True):
    report_version: int
    title: str
    title_lines: list[str]  # the title as set on the page: broken where its meaning breaks
    addressee: str | None  # 主送机关, from the checklist (none where it names none)
    signature: ReportSignature  # 落款
    generated: str
    generated_date: str
    assessee: ReportAssessee
    period: int
    checklist: ReportChecklist
    file: ReportFile
    goals: list[ReportGoal]
    summary: ReportSummary
    parts: list[ReportPart]
    measures: list[ReportMeasure]
    problems: list[ReportProblem]
    not_applicable: list[NotApplicable]
    to_review: list[ReviewFlag]
    next_steps: list[NextStep]
    evidence: list[EvidenceRow]
    evidence_problems: int  # evidence entries missing or not as recorded when it was made
    sections: dict[str, ReportSection]  # by key: situation, practices, problems, plans
    practices: list[ReportPractice]  # 主要做法及成效 part by part, where written so
    figures: list[ReportFigure]  # key figures (数据指标), as the county gave them
    review: ReportReview | None = None  # the office's review, with report --review
