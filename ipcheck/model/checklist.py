"""The checklist format as plain, frozen data.

These definitions are the single source of truth for the format: the loader
converts raw TOML into them (rejecting unknown keys and wrong types) and the
shipped JSON Schema (`ipcheck/schemas/checklist.schema.json`) is generated
from them (`python -m ipcheck.schema`), with a test that it is current.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from ipcheck.text import labels

CHECKLIST_SCHEMA_VERSION = 1

# Official semver regex (semver.org), used for editors through the JSON Schema;
# the loader also checks versions with the `semver` library.
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[
    str,
    Meta(
        pattern=ID_PATTERN,
        max_length=64,
        description="Stable identifier: lower-case ASCII letters, digits and single hyphens.",
    ),
]
TEXT_MAX = 2000  # texts: duties, notes, reasons
SHORT_TEXT_MAX = 200
Text = Annotated[str, Meta(min_length=1, max_length=TEXT_MAX)]
ShortText = Annotated[str, Meta(min_length=1, max_length=SHORT_TEXT_MAX)]
Numeral = Annotated[
    str, Meta(pattern=r"^[一二三四五六七八九十百]+$", description="Chinese numeral")
]


class UnitKind(StrEnum):
    """A municipal unit (市直单位) or a body that exists in each county (各县…)."""

    MUNICIPAL = "municipal"
    COUNTY = "county"


class AppliesTo(StrEnum):
    """Which kind of assessee is assessed on an item."""

    COUNTY = "county"
    UNIT = "unit"
    BOTH = "both"

    @property
    def label(self) -> str:
        return labels.APPLIES_TO[self.value]


class Role(StrEnum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"

    @property
    def label(self) -> str:
        return labels.ROLE[self.value]


class _Record(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Base of every record: immutable, typed, unknown keys rejected, defaults not written."""


class Source(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """The policy document the checklist implements."""

    doc_number: Annotated[ShortText, Meta(description="文号, e.g. 平办〔2021〕22号")]
    title: ShortText
    issuers: Annotated[tuple[ShortText, ...], Meta(min_length=1)]
    issued: Annotated[dt.date, Meta(description="Issue date (成文日期)")]
    implements: Annotated[ShortText, Meta(description="文号 of the document it implements")]
    implements_title: ShortText
    target_year: Annotated[int, Meta(ge=2000, le=2100)]
    text: Annotated[
        str | None,
        Meta(description="Path of the source text, relative to the checklists folder"),
    ] = None


class Scoring(_Record, frozen=True, kw_only=True, omit_defaults=True):
    county_total: Annotated[
        int, Meta(gt=0, description="Points of all items that apply to counties")
    ]


class Unit(_Record, frozen=True, kw_only=True, omit_defaults=True):
    id: Slug
    name: Annotated[ShortText, Meta(description="Chinese name exactly as the document gives it")]
    kind: UnitKind
    aliases: tuple[ShortText, ...] = ()


class Part(_Record, frozen=True, kw_only=True, omit_defaults=True):
    number: Annotated[int, Meta(ge=1, le=99)]
    numeral: Numeral
    title: ShortText
    theme: ShortText


class Goal(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A target of 总体要求, shown in the report but not scored."""

    id: Slug
    text: Text
    indicators: Annotated[tuple[ShortText, ...], Meta(min_length=1)]


class Item(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """One assessable duty: done or not, and what proves it."""

    id: Slug
    text: Annotated[Text, Meta(description="The duty, worded so an officer can answer it")]
    basis: Annotated[Text, Meta(description="The words of the source text it comes from")]
    sentence: Annotated[int, Meta(ge=1, description="Sentence of the measure it comes from")]
    evidence: Annotated[
        tuple[ShortText, ...],
        Meta(min_length=1, description="佐证材料: concrete kinds of evidence"),
    ]
    points: Annotated[int, Meta(ge=0, le=100, description="分值")]
    applies_to: AppliesTo


class Measure(_Record, frozen=True, kw_only=True, omit_defaults=True):
    number: Annotated[int, Meta(ge=1, le=999)]
    numeral: Numeral
    part: Annotated[int, Meta(ge=1, le=99, description="Number of the part it belongs to")]
    title: ShortText
    lead: Annotated[tuple[Slug, ...], Meta(min_length=1, description="牵头单位 (unit ids)")]
    responsible: Annotated[tuple[Slug, ...], Meta(description="责任单位 (unit ids)")] = ()
    items: Annotated[tuple[Item, ...], Meta(min_length=1)]


class MappingKind(StrEnum):
    """How items of the previous version became items of this one."""

    RENAMED = "renamed"  # one item, new id (and maybe wording)
    SPLIT = "split"  # one item became several
    MERGED = "merged"  # several items became one
    REMOVED = "removed"  # the duty is gone (assessments archive it)


class Mapping(_Record, frozen=True, kw_only=True, omit_defaults=True):
    change: MappingKind
    old: Annotated[
        tuple[Slug, ...], Meta(min_length=1, description="Item ids of the previous version")
    ] = msgspec.field(name="from")
    new: Annotated[tuple[Slug, ...], Meta(description="Item ids of this version")] = msgspec.field(
        default=(), name="to"
    )
    note: Text | None = None


class Checklist(_Record, frozen=True, kw_only=True, omit_defaults=True):
    schema_version: Literal[1]
    kind: Literal["checklist"]
    id: Slug
    version: Annotated[str, Meta(pattern=SEMVER_PATTERN, description="Semantic version")]
    title: ShortText
    source: Source
    scoring: Scoring
    units: Annotated[tuple[Unit, ...], Meta(min_length=1)]
    parts: Annotated[tuple[Part, ...], Meta(min_length=1)]
    goals: tuple[Goal, ...] = ()
    measures: Annotated[tuple[Measure, ...], Meta(min_length=1)]
    previous: Annotated[
        str | None, Meta(description="The version this one follows (its mapping is from it)")
    ] = None
    mapping: tuple[Mapping, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def items(self) -> list[tuple[Measure, Item]]:
        return [(m, i) for m in self.measures for i in m.items]
