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


class ShowItem(View, frozen=True, kw_only=True):
    number: str
    id: str
    text: str
    basis: str
    source: ItemSource
    evidence: list[str]
    points: int
    applies_to: str


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
