"""`ipcheck show` and `ipcheck checklists` as data."""

from __future__ import annotations

import msgspec

from ipcheck.model.views import Sparse, View


class ShowSource(View, frozen=True, kw_only=True):
    doc_number: str
    title: str
    issuers: list[str]
    issued: str
    implements: str
    target_year: int


class ShowUnit(View, frozen=True, kw_only=True):
    id: str
    name: str
    kind: str
    aliases: list[str] = msgspec.field(default_factory=list)
    lead: list[int] = msgspec.field(default_factory=list)  # the measures it leads
    # the measures it is responsible for
    responsible: list[int] = msgspec.field(default_factory=list)


class ShowPart(View, frozen=True, kw_only=True):
    number: int
    numeral: str
    title: str
    theme: str


class ShowGoal(View, frozen=True, kw_only=True):
    id: str
    text: str
    indicators: list[str]


class ItemSource(View, frozen=True, kw_only=True):
    part: int
    measure: int
    sentence: int


class ShowCriteria(View, frozen=True, kw_only=True):
    """评分标准: the checklist's own reading of what earns the points."""

    full: str
    part: str | None
    none: str
    part_score: bool  # an item 推进中 may be given a part score


class ShowItem(View, frozen=True, kw_only=True):
    number: str
    id: str
    name: str  # its short name
    text: str
    basis: str
    source: ItemSource
    evidence: list[str]
    points: float
    applies_to: str
    units: list[str]  # the units of its measure that bear it; empty: all of them
    criteria: ShowCriteria | None
    evidence_required: bool  # 无佐证材料不得分 applies to it
    verb: str | None = None  # the verb that gives the duty its force: 推动
    duty: str | None = None  # required | build | promote | encourage
    standard: str | None = None  # effort | outcome | outcome-or-none
    county_named: bool = False  # the text puts it on counties by name


class ShowScoring(View, frozen=True, kw_only=True):
    """How points are earned, and where they come from."""

    county_total: float
    not_applicable: str  # office-approves | not-accepted
    evidence_required: bool
    rules: list[str]  # the rules, in the documents' words
    weights: str  # where the points come from and who may change them


class ShowMeasure(Sparse, frozen=True, kw_only=True):
    number: int
    numeral: str
    part: int
    title: str
    lead: list[str]
    responsible: list[str]
    lead_ids: list[str]
    responsible_ids: list[str]
    role: str | None = None  # for one unit's view: its role in the measure
    role_label: str | None = None
    items: list[ShowItem]


class NotBorne(View, frozen=True, kw_only=True):
    """An item the county or unit shown does not bear, and why (the checklist's words)."""

    number: str
    id: str
    name: str
    reason: str


class ShowCounty(View, frozen=True, kw_only=True):
    name: str
    aliases: list[str]
    zone: bool  # a 功能区 assessed as a county
    note: str | None


class ChecklistView(View, frozen=True, kw_only=True):
    id: str
    version: str
    title: str
    source: ShowSource
    unit: ShowUnit | None
    parts: list[ShowPart]
    goals: list[ShowGoal]
    units: list[ShowUnit]
    measures: list[ShowMeasure]
    scoring: ShowScoring
    county: ShowCounty | None = None  # show --county: the roster's county shown
    counties: list[ShowCounty] = msgspec.field(default_factory=list)  # the roster
    not_borne: list[NotBorne] = msgspec.field(default_factory=list)  # for --county/--unit


class CatalogRow(View, frozen=True, kw_only=True):
    id: str
    version: str
    title: str
    source: str
    measures: int
    items: int
    origin: str  # shipped | local
    path: str
    digest: str


class BrokenFile(View, frozen=True, kw_only=True):
    path: str
    message: str


class Catalog(View, frozen=True, kw_only=True):
    checklists: list[CatalogRow]
    broken: list[BrokenFile]
