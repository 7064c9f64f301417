"""The assessment format as plain, frozen data (the JSON Schema is generated from it)."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal, NamedTuple

import msgspec
from msgspec import Meta

from ipcheck.model.checklist import Role, ShortText, Slug, Text
from ipcheck.model.points import Points
from ipcheck.text import labels
from ipcheck.text.versions import SEMVER_PATTERN

ASSESSMENT_SCHEMA_VERSION = 1


class Stamp(NamedTuple):
    """Who makes a change, and when: what every history line a change writes records."""

    by: str
    at: dt.datetime


Sha256 = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$", description="SHA-256, lower-case hex")]
Digest = Annotated[str, Meta(pattern=r"^sha256:[0-9a-f]{64}$")]
NAME_MAX = 100  # names: assessee, who made a change
Name = Annotated[str, Meta(min_length=1, max_length=NAME_MAX)]


class Status(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NA = "na"

    @property
    def label(self) -> str:
        """The documents' word: 已完成."""
        return labels.STATUS[self.value]

    @property
    def said(self) -> str:
        """The interface's word, in the user's language."""
        return labels.said("status", self.value)


class AssesseeKind(StrEnum):
    COUNTY = "county"
    UNIT = "unit"

    @property
    def label(self) -> str:
        return labels.ASSESSEE_KIND[self.value]


class Action(StrEnum):
    CREATED = "created"
    STATUS = "status"
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_REMOVED = "evidence_removed"
    NOTE = "note"
    REASON = "reason"
    SCORE = "score"  # a part score for an item 推进中
    REVIEWED = "reviewed"  # an item an upgrade asked to check again was marked again
    UPGRADED = "upgraded"  # the file moved to a newer checklist version
    MIGRATED = "migrated"  # an item's state followed the version's mapping
    NARRATIVE = "narrative"  # a section of the county's own words (path: the section)
    FIGURE = "figure"  # a key figure (数据指标) set or removed (path: its name)
    SETTING = "setting"  # a setting of the report (path: signer, title or dated)
    SEALED = "sealed"  # submitted (报送): the file and its evidence are sealed and signed
    UNSEALED = "unsealed"  # the seal lifted on purpose, with the reason


class _Record(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Immutable, typed, unknown keys rejected; defaults are not written (TOML has no null)."""


class ChecklistPin(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """The checklist an assessment answers, pinned by content digest."""

    id: Slug
    version: Annotated[str, Meta(pattern=SEMVER_PATTERN)]
    digest: Digest


class Assessee(_Record, frozen=True, kw_only=True, omit_defaults=True):
    kind: AssesseeKind
    name: Name
    unit: Annotated[Slug | None, Meta(description="Registry id, for a unit")] = None


class Evidence(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A file proving an item (佐证材料), pinned by hash."""

    path: Annotated[
        str,
        Meta(min_length=1, max_length=1000, description="Relative to the assessment file, with /"),
    ]
    sha256: Sha256
    size: Annotated[int, Meta(ge=0)]
    added: dt.datetime
    by: Name
    outside: Annotated[
        bool, Meta(description="Lies outside the assessment's folder (--allow-outside)")
    ] = False


class ItemState(_Record, frozen=True, kw_only=True, omit_defaults=True):
    status: Status
    role: Annotated[Role | None, Meta(description="For a unit: lead or responsible")] = None
    note: Text | None = None
    reason: Annotated[Text | None, Meta(description="Why 不适用; required for na")] = None
    score: (
        Annotated[
            Points,
            Meta(
                description="A part score for an item 推进中, below its points, in half "
                "points, where its criteria allow one",
            ),
        ]
        | None
    ) = None
    updated: dt.datetime | None = None
    by: Name | None = None
    evidence: tuple[Evidence, ...] = ()
    review: Annotated[
        Text | None, Meta(description="Set by an upgrade: what to check again, and why")
    ] = None


class ArchivedItem(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """The state of an item that left the checklist on an upgrade: kept, never deleted."""

    state: ItemState
    left_in: Annotated[str, Meta(description="The checklist version it is not part of")]
    reason: Text


class Change(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """One line of the history: who changed what, when."""

    at: dt.datetime
    by: Name
    action: Action
    item: Slug | None = None
    old: Annotated[str, Meta(max_length=2000)] | None = msgspec.field(default=None, name="from")
    new: Annotated[str, Meta(max_length=2000)] | None = msgspec.field(default=None, name="to")
    path: Annotated[str, Meta(max_length=1000)] | None = None
    prev: Annotated[
        Sha256 | None, Meta(description="Hash chain: the SHA-256 of the history line before")
    ] = None
    state: Annotated[
        Sha256 | None,
        Meta(description="Hash chain: the SHA-256 of the state this line leaves (rules/history)"),
    ] = None


NARRATIVE_MAX = 20_000  # a section of the report in the county's own words
NarrativeText = Annotated[str, Meta(min_length=1, max_length=NARRATIVE_MAX)]
PRACTICES_OF = "practices/"  # 主要做法及成效 of one part (its theme) or measure (its title)
NarrativeKey = Annotated[
    str,
    Meta(
        pattern=r"^(situation|practices|problems|plans|practices/[^/\s][^/\n]{0,199})$",
        description="A section (situation, practices, problems, plans), or "
        "`practices/<part theme or measure title>`: 主要做法及成效 of one part or measure",
    ),
]


class Section(StrEnum):
    """The report's sections a county writes itself."""

    SITUATION = "situation"  # 基本情况
    PRACTICES = "practices"  # 主要做法及成效
    PROBLEMS = "problems"  # 存在问题
    PLANS = "plans"  # 下一步打算

    @property
    def label(self) -> str:
        return labels.SECTION[self.value]


class Figure(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A key figure (数据指标): a goal's indicator or one the county adds."""

    name: Annotated[str, Meta(min_length=1, max_length=100)]
    value: Annotated[str, Meta(min_length=1, max_length=50, description="As written: 12, 3.5")]
    unit: Annotated[str, Meta(min_length=1, max_length=20)] | None = None


class ReportSettings(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """How the report is issued, set once (ipcheck setting) and used by every format;
    without one, the report's default (report.py: the assessee's issuing body, its
    standard title, the day it was sealed)."""

    signer: Annotated[
        ShortText | None, Meta(description="落款: the issuing body, 叶县人民政府")
    ] = None
    title: Annotated[
        ShortText | None,
        Meta(description="the report's title; 关于 for the 关于…的报告 form"),
    ] = None
    dated: Annotated[dt.date | None, Meta(description="成文日期")] = None
    addressee: Annotated[
        ShortText | None,
        Meta(description="主送机关, where not the checklist's: 市委、市政府"),
    ] = None


# The settings by key, and the words an officer types for each.
SETTING_KEYS = ("signer", "title", "dated", "addressee")


class Assessment(_Record, frozen=True, kw_only=True, omit_defaults=True):
    schema_version: Literal[1]
    kind: Literal["assessment"]
    checklist: ChecklistPin
    assessee: Assessee
    period: Annotated[int, Meta(ge=2000, le=2100, description="The year assessed")]
    evidence_dir: Annotated[
        ShortText, Meta(description="Folder for evidence, relative to the assessment file")
    ]
    created: dt.datetime
    items: Annotated[
        dict[Slug, ItemState], Meta(description="State of each item in scope, by item id")
    ]
    archived: Annotated[
        dict[Slug, ArchivedItem], Meta(description="Items that left the checklist on an upgrade")
    ] = msgspec.field(default_factory=dict)
    narrative: Annotated[
        dict[NarrativeKey, NarrativeText],
        Meta(description="The report's sections in the county's own words (ipcheck write)"),
    ] = msgspec.field(default_factory=dict)
    figures: Annotated[
        tuple[Figure, ...], Meta(description="Key figures (数据指标), by name (ipcheck figure)")
    ] = ()
    report: Annotated[
        ReportSettings | None,
        Meta(description="How the report is issued: 落款, title, 成文日期 (ipcheck setting)"),
    ] = None
    history: tuple[Change, ...] = ()
