"""`ipcheck diff` as data: two states of one assessment, or two checklist versions."""

from __future__ import annotations

import msgspec

from ipcheck.model.views import Sparse, View


class Change(View, frozen=True, kw_only=True):
    """A value before and after."""

    old: str | None = msgspec.field(name="from")
    new: str | None = msgspec.field(name="to")


class StatusChange(View, frozen=True, kw_only=True):
    old: str = msgspec.field(name="from")
    new: str = msgspec.field(name="to")
    kind: str  # improvement | regression | scope
    reason: str | None


class EvidenceChange(View, frozen=True, kw_only=True):
    change: str  # added | removed | modified | moved
    path: str
    old_path: str | None
    old_sha256: str | None
    new_sha256: str | None


class ScoreChange(View, frozen=True, kw_only=True):
    """A part score changed while the item stayed 推进中."""

    old: float | None = msgspec.field(name="from")
    new: float | None = msgspec.field(name="to")
    kind: str  # improvement | regression


class Earned(View, frozen=True, kw_only=True):
    """The points an item earns, before and after."""

    old: float | None = msgspec.field(name="from")
    new: float | None = msgspec.field(name="to")


class ItemLine(View, frozen=True, kw_only=True):
    """One line of NEW's history about an item: who changed what, and when."""

    action: str  # status | note | reason | score | evidence_added | evidence_removed | …
    old: str | None = msgspec.field(default=None, name="from")
    new: str | None = msgspec.field(default=None, name="to")
    path: str | None = None  # an evidence file's
    by: str
    at: str


class ItemChange(Sparse, frozen=True, kw_only=True):
    item: str
    number: str | None
    text: str | None = None  # the item's text, where its checklist is available
    by: str | None = None  # who made the change, from NEW's history
    at: str | None = None  # when
    earned: Earned | None = None  # its points before and after, where they changed
    presence: str  # both | added | removed (by the checklist) | deleted (from the file)
    status: StatusChange | None = None
    note: Change | None = None
    reason: Change | None = None
    evidence: list[EvidenceChange] = msgspec.field(default_factory=list)
    score: ScoreChange | None = None
    review: Change | None = None  # an upgrade's request to check again (请复核), set or answered
    # every line NEW's history added about it: who changed what, when (the memo's rows)
    lines: list[ItemLine] = msgspec.field(default_factory=list)


class Checklists(View, frozen=True, kw_only=True):
    old: str
    new: str


class DiffSummary(View, frozen=True, kw_only=True):
    improved: int
    regressed: int
    scope_changes: int
    note_changes: int
    evidence_changes: int
    items_added: int
    items_removed: int
    reason_changes: int
    items_deleted: int  # gone from the file while the checklist kept them: a regression
    history_rewritten: bool
    text: str
    text_zh: str  # the memo's summary line, in the documents' language


class ScoreView(View, frozen=True, kw_only=True):
    """One state's score, as status, report and summary count it."""

    score: float
    max_score: float
    na: int  # items 不适用
    na_points: float
    unproven: int  # items whose points wait for evidence


class Scores(View, frozen=True, kw_only=True):
    """The score of each state; null where its checklist is not available here."""

    old: ScoreView | None = msgspec.field(name="from")
    new: ScoreView | None = msgspec.field(name="to")


class HistoryRewrite(View, frozen=True, kw_only=True):
    """NEW's history does not begin with OLD's (append-only broken)."""

    line: int  # the first line of OLD's history that NEW lacks or changes (1-based)
    old_lines: int
    new_lines: int


class Submission(View, frozen=True, kw_only=True):
    """A seal made (sealed: the key's fingerprint) or lifted (unsealed: the reason)."""

    action: str  # sealed | unsealed
    by: str
    at: str
    detail: str | None


class DocumentChange(View, frozen=True, kw_only=True):
    """A section of the report in the county's words, or a key figure, changed."""

    what: str  # section | figure
    key: str  # situation, practices/严保护 … or the figure's name
    label: str  # 基本情况, 主要做法及成效（严保护）, or the figure's name
    old: str | None  # the text, or value and unit; null where there was none
    new: str | None
    by: str | None  # who changed it last, and when (from the later state's history)
    at: str | None


class State(View, frozen=True, kw_only=True):
    """One of the two states compared, named so that an auditor can find it again."""

    name: str  # the file, or REV:path
    commit: str | None  # the commit REV resolves to
    committed: str | None  # its date
    sha256: str  # of the file's bytes
    last_change: str | None  # the time of its history's last line


class AssessmentDiff(View, frozen=True, kw_only=True):
    kind: str = "assessment"
    old: str
    new: str
    assessee: str
    periods: list[int]  # one year, or two when years are compared (--year-on-year)
    states: list[State]  # OLD, NEW
    generated: str
    checklists: Checklists
    summary: DiffSummary
    scores: Scores
    history: HistoryRewrite | None  # null: NEW's history begins with OLD's
    submissions: list[Submission]  # seals made or lifted between the two states
    documents: list[DocumentChange]  # the report's texts and figures changed
    items: list[ItemChange]


class ChecklistChange(Sparse, frozen=True, kw_only=True):
    """One change between two checklist versions; which fields it has depends on the change."""

    change: str
    id: str | None = None
    number: int | None = None
    measure: int | None = None
    name: str | None = None
    title: str | None = None
    text: str | None = None
    points: float | None = None
    old: str | int | list[str] | None = msgspec.field(default=None, name="from")
    new: str | int | list[str] | None = msgspec.field(default=None, name="to")


class MappingChange(View, frozen=True, kw_only=True):
    """An entry of the newer version's mapping from the older one."""

    change: str
    old: list[str] = msgspec.field(name="from")
    new: list[str] = msgspec.field(name="to")
    note: str | None


class ChecklistChanges(View, frozen=True, kw_only=True):
    units: list[ChecklistChange]
    measures: list[ChecklistChange]
    items: list[ChecklistChange]
    mapping: list[MappingChange]
    # every other section, key by key: title, source, scoring, submission, counties (the
    # roster), parts, goals; `id` is the key's path (counties.高新区.aliases)
    sections: list[ChecklistChange] = msgspec.field(default_factory=list)


class ChangeCount(View, frozen=True, kw_only=True):
    changes: int


class ChecklistDiff(View, frozen=True, kw_only=True):
    kind: str = "checklist"
    old: str
    new: str
    changes: ChecklistChanges
    summary: ChangeCount
