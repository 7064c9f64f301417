"""The checklist format as plain, frozen data.

These definitions are the single source of truth for the format: the loader
converts raw TOML into them (rejecting unknown keys and wrong types) and the
shipped JSON Schema (`ipcheck/schemas/checklist.schema.json`) is generated
from them (`python -m ipcheck.schema`), with a test that it is current.
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from ipcheck.model.points import Points, Total
from ipcheck.text import labels
from ipcheck.text.names import short_of
from ipcheck.text.versions import SEMVER_PATTERN

CHECKLIST_SCHEMA_VERSION = 1

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


class Duty(StrEnum):
    """The force of a duty, from the verb the document gives it (rules/duties.VERBS)."""

    REQUIRED = "required"  # 要、落实、严惩、坚持、不区分: an obligation
    BUILD = "build"  # 建立、完善、健全、加强、加大、实施、开展: work to be done
    PROMOTE = "promote"  # 推动、推进、支持、引导、指导、培育、积极创建: work to move others
    ENCOURAGE = "encourage"  # 鼓励、探索、视情况: left to judgement

    @property
    def label(self) -> str:
        return labels.DUTY[self.value]


class Standard(StrEnum):
    """What a 评分标准 asks for full points."""

    EFFORT = "effort"  # documented effort (推动、鼓励 …): the outcome earns nothing extra
    OUTCOME = "outcome"  # the work done, as the text says it
    OUTCOME_OR_NONE = "outcome-or-none"  # … or, for events outside the assessee's control,
    # a documented "none occurred" (评价期内未发生) with the register as evidence

    @property
    def label(self) -> str:
        return labels.STANDARD[self.value]


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

    doc_number: Annotated[ShortText, Meta(description="文号: 平办〔2021〕22号")]
    title: Annotated[ShortText, Meta(description="关于强化知识产权保护的实施意见")]
    issuers: Annotated[
        tuple[ShortText, ...],
        Meta(min_length=1, description="中共平顶山市委办公室, 平顶山市人民政府办公室"),
    ]
    issued: Annotated[dt.date, Meta(description="成文日期: 2021-12-21")]
    implements: Annotated[
        ShortText, Meta(description="文号 of the document it implements: 豫办〔2020〕21号")
    ]
    implements_title: Annotated[ShortText, Meta(description="the title of that document")]
    target_year: Annotated[int, Meta(ge=2000, le=2100, description="the year of its goals: 2025")]
    text: Annotated[
        str | None,
        Meta(
            description="the source text, relative to the checklist's own folder "
            "(`<id>/`): `sources/pingdingshan-2021-22.txt`"
        ),
    ] = None


class NotApplicableRule(StrEnum):
    """How an item marked 不适用 counts in the score."""

    # a request to reduce the base (核减): until the office approves it, the item stays
    # in the base and earns nothing
    OFFICE_APPROVES = "office-approves"
    # never reduces the base: a 不适用 item earns nothing, approved or not
    NOT_ACCEPTED = "not-accepted"


class Weights(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """The weight of each duty class (Duty)."""

    required: Annotated[Points, Meta(description="要求类: 要、落实、坚持 …")]
    build: Annotated[Points, Meta(description="建设类: 建立、完善、加强、加大 …")]
    promote: Annotated[Points, Meta(description="推动类: 推动、支持、引导 …")]
    encourage: Annotated[Points, Meta(description="鼓励类: 鼓励、探索、视情况")]

    def of(self, duty: Duty) -> int | float:
        weight: int | float = getattr(self, duty.value)
        return weight


class WeightRule(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """How each item's points follow from the force of its duty: an item weighs its
    class's weight, plus `county_named` where the text puts the duty on counties by name;
    points = county_total × weight ÷ (the weights of all county items), in half points:
    each rounded down to a half point, the half points left over going one each to the
    largest remainders (equal remainders: the heavier duty first, then document order).
    An item counties do not bear gets its weight × the same factor, rounded to the
    nearest half point (a half up)."""

    weights: Annotated[
        Weights,
        Meta(description="the weight of each duty class: {required = 3, build = 2, …}"),
    ]
    county_named: Annotated[
        Points,
        Meta(description="added to the weight of a duty the text puts on counties by name"),
    ] = 0


class Scoring(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """The points and how they are earned; the same rule wherever a score is shown."""

    county_total: Annotated[
        Total,
        Meta(description="the points of all items that apply to counties (fmt sets it)"),
    ]
    not_applicable: Annotated[
        NotApplicableRule | None,
        Meta(
            description="`office-approves` (the rule when not declared): 不适用 is a request "
            "to reduce the base (核减); until the office approves it the item stays in the "
            "base and earns nothing. `not-accepted`: 不适用 never reduces the base"
        ),
    ] = None
    evidence_required: Annotated[
        bool | None,
        Meta(
            description="无佐证材料不得分 (true when not declared): an item earns its points "
            "only with evidence attached (an item may say otherwise)"
        ),
    ] = None
    weights: Annotated[
        Text | None,
        Meta(
            description="where the points come from and who may change them, shown by `show` "
            "and the report; without it a standard sentence"
        ),
    ] = None
    rule: Annotated[
        WeightRule | None,
        Meta(
            description="the rule every item's points follow (validate recomputes them; the "
            "report's 计分说明 quotes it); without it points are set item by item"
        ),
    ] = None

    @property
    def na_rule(self) -> NotApplicableRule:
        """The rule for 不适用, declared or not."""
        return self.not_applicable or NotApplicableRule.OFFICE_APPROVES

    @property
    def needs_evidence(self) -> bool:
        """无佐证材料不得分, declared or not."""
        return self.evidence_required is not False


class Submission(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """Where the self-assessment reports go (报送): what the report's 主送机关 line says."""

    addressee: Annotated[
        ShortText,
        Meta(description="主送机关: the office the reports are addressed to: 市市场监督管理局"),
    ]
    basis: Annotated[
        Text | None,
        Meta(description="why that office: the measure or notice that makes it the addressee"),
    ] = None


class County(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A county-level division assessed (县（市、区）, and the functional areas the city
    assesses as counties): the roster `init --county` checks names against."""

    name: Annotated[ShortText, Meta(description="its name as the city writes it: 叶县, 高新区")]
    aliases: Annotated[
        tuple[ShortText, ...],
        Meta(description="other names a user may type: 平顶山市叶县, 平顶山高新技术产业开发区"),
    ] = ()
    zone: Annotated[
        bool,
        Meta(
            description="a 功能区 (functional area: 高新区, 城乡一体化示范区), assessed as a "
            "county but not a county-level division"
        ),
    ] = False
    note: Annotated[
        Text | None,
        Meta(description="what else an office should know: 省直管 (directly administered)"),
    ] = None


class Unit(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A unit the document names: 市直单位, or a body that exists in each county."""

    id: Annotated[Slug, Meta(description="`customs`")]
    name: Annotated[
        ShortText,
        Meta(
            description="the Chinese name exactly as the document writes it: 平顶山海关, "
            "各县〔市、区〕政府〔管委会〕"
        ),
    ]
    kind: Annotated[
        UnitKind,
        Meta(
            description="`municipal` (市直单位, also 市人大, 市政协) or `county` (a body in each "
            "county)"
        ),
    ]
    aliases: Annotated[
        tuple[ShortText, ...],
        Meta(
            description="other names a user may type (市市场监管局); bracket variants "
            "〔〕/（）/() match anyway"
        ),
    ] = ()
    county_body: Annotated[
        ShortText | None,
        Meta(
            description="for a municipal unit: the body that does its work in a county "
            "(县（市、区）市场监督管理局), so that counties bear its duties"
        ),
    ] = None
    no_county_body: Annotated[
        Text | None,
        Meta(
            description="for a municipal unit with no such body under a county's 党委、政府: "
            "why (审判机关依法独立行使审判权 …); counties do not bear duties only it has"
        ),
    ] = None


class Part(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A part of the document: 二、完善制度措施，落实严保护标准."""

    number: Annotated[int, Meta(ge=1, le=99, description="1, 2, … in order (fmt sets it)")]
    numeral: Annotated[
        Numeral, Meta(description="二: the Chinese numeral of `number` (fmt sets it)")
    ]
    title: Annotated[ShortText, Meta(description="完善制度措施，落实严保护标准")]
    theme: Annotated[ShortText, Meta(description="严保护")]


class Goal(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A target of 总体要求, shown in the report but not scored."""

    id: Annotated[Slug, Meta(description="unique among goals and items")]
    text: Annotated[Text, Meta(description="the target, in the document's words")]
    indicators: Annotated[
        tuple[ShortText, ...],
        Meta(min_length=1, description="what shows progress: 满意度调查报告, 统计表 …"),
    ]


CRITERION_MAX = 300
Criterion = Annotated[str, Meta(min_length=1, max_length=CRITERION_MAX)]


class Criteria(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """评分标准: the checklist's own reading of what earns the points, not the document's."""

    full: Annotated[Criterion, Meta(description="what earns full points")]
    part: Annotated[
        Criterion | None,
        Meta(
            description="what earns part of them; where given, an item 推进中 may be given a "
            "part score (`mark … --score N`)",
        ),
    ] = None
    none: Annotated[Criterion, Meta(description="what earns nothing")]


class Item(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """One assessable duty: done or not, and what proves it."""

    id: Annotated[Slug, Meta(description="unique in the checklist, stable across versions")]
    short: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=20,
                description="how officers call it, shown after its number "
                "(13.4 海外维权援助服务); without it, the first clause of `text`",
            ),
        ]
        | None
    ) = None
    text: Annotated[
        Text, Meta(description="the duty, worded so an officer can answer it; within its basis")
    ]
    basis: Annotated[Text, Meta(description="the words of the source text it comes from")]
    sentence: Annotated[
        int, Meta(ge=1, description="which sentence of the measure (after its run-in title)")
    ]
    evidence: Annotated[
        tuple[ShortText, ...],
        Meta(
            min_length=1,
            description="concrete 佐证材料: 会议纪要, 案件台账, 制度文件 …; generic hints such as "
            "相关材料 are refused",
        ),
    ]
    points: Annotated[
        Points, Meta(description="分值: the checklist's weight, in half points (1, 1.5)")
    ]
    applies_to: Annotated[
        AppliesTo, Meta(description="`county`, `unit` or `both`: which assessee answers it")
    ]
    units: Annotated[
        tuple[Slug, ...],
        Meta(
            description="which of the measure's units bear it, where the text names them "
            "(法院, 检察, 人大 …); without it every unit of the measure"
        ),
    ] = ()
    criteria: Annotated[
        Criteria | None, Meta(description="评分标准: what earns full, part and no points")
    ] = None
    evidence_required: Annotated[
        bool | None,
        Meta(description="overrides `[scoring] evidence_required` for this item"),
    ] = None
    verb: Annotated[
        ShortText | None,
        Meta(description="the verb that gives the duty its force, in the text's words: 推动"),
    ] = None
    duty: Annotated[
        Duty | None,
        Meta(description="the class of that verb: `required`, `build`, `promote`, `encourage`"),
    ] = None
    standard: Annotated[
        Standard | None,
        Meta(
            description="what its criteria ask: `effort`, `outcome`, or `outcome-or-none` (a "
            "documented none occurred earns full points)"
        ),
    ] = None
    county_named: Annotated[
        bool,
        Meta(
            description="the text puts it on counties by name (各县（市、区）要…, 县级以上政府要…)"
        ),
    ] = False
    all_units: Annotated[
        bool,
        Meta(
            description="the text puts it on every unit by its duties (有关单位要按照职责分工…): "
            "each municipal unit answers it, whichever measures it leads"
        ),
    ] = False
    not_county: Annotated[
        Text | None,
        Meta(description='why counties do not bear it (for `applies_to = "unit"`)'),
    ] = None
    units_reason: Annotated[
        Text | None,
        Meta(description="why only `units` of the measure bear it"),
    ] = None

    @property
    def name(self) -> str:
        """Its short name: `short`, else the first clause of its text."""
        return self.short if self.short is not None else short_of(self.text)


class Measure(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A measure （一）… with its units and its items."""

    number: Annotated[int, Meta(ge=1, le=999, description="1, 2, … in order (fmt sets it)")]
    numeral: Annotated[
        Numeral, Meta(description="十四: the Chinese numeral of `number` (fmt sets it)")
    ]
    part: Annotated[int, Meta(ge=1, le=99, description="the number of the part it belongs to")]
    title: Annotated[ShortText, Meta(description="the run-in title: 强化组织领导")]
    lead: Annotated[
        tuple[Slug, ...], Meta(min_length=1, description="牵头单位: unit ids, at least one")
    ]
    responsible: Annotated[
        tuple[Slug, ...],
        Meta(description="责任单位: unit ids; a unit is never both lead and responsible"),
    ] = ()
    items: Annotated[tuple[Item, ...], Meta(min_length=1, description="its duties, in order")]


class MappingKind(StrEnum):
    """How items of the previous version became items of this one."""

    RENAMED = "renamed"  # one item, new id (and maybe wording)
    SPLIT = "split"  # one item became several
    MERGED = "merged"  # several items became one
    REMOVED = "removed"  # the duty is gone (assessments archive it)


class Mapping(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """How items of the previous version became items of this one."""

    change: Annotated[
        MappingKind,
        Meta(description="`renamed` 1→1, `split` 1→2+, `merged` 2+→1, `removed` 1→0"),
    ]
    old: Annotated[
        tuple[Slug, ...], Meta(min_length=1, description="item ids of the previous version")
    ] = msgspec.field(name="from")
    new: Annotated[
        tuple[Slug, ...],
        Meta(description="item ids of this version; never one the previous version has"),
    ] = msgspec.field(default=(), name="to")
    note: Annotated[Text | None, Meta(description="why, shown by upgrade and diff")] = None


class Checklist(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A checklist: one policy document as assessable items, with their units and points."""

    schema_version: Annotated[
        Literal[1], Meta(description="the version of this format; other values are refused")
    ]
    kind: Annotated[Literal["checklist"], Meta(description="what the file is")]
    id: Annotated[Slug, Meta(description="stable identifier: `pingdingshan-2021-22`")]
    version: Annotated[str, Meta(pattern=SEMVER_PATTERN, description="semantic version: `1.0.0`")]
    title: Annotated[ShortText, Meta(description="平顶山市强化知识产权保护工作自评清单")]
    source: Annotated[Source, Meta(description="the policy document")]
    scoring: Annotated[Scoring, Meta(description="the points")]
    submission: Annotated[
        Submission | None,
        Meta(description="where the reports go (主送机关); without it the report names none"),
    ] = None
    counties: Annotated[
        tuple[County, ...],
        Meta(
            description="the county-level divisions assessed (the roster); without them "
            "init --county takes any name"
        ),
    ] = ()
    units: Annotated[tuple[Unit, ...], Meta(min_length=1, description="the unit registry")]
    parts: Annotated[tuple[Part, ...], Meta(min_length=1, description="the parts 一、二、…")]
    goals: Annotated[tuple[Goal, ...], Meta(description="targets of 总体要求")] = ()
    measures: Annotated[tuple[Measure, ...], Meta(min_length=1, description="the measures （一）…")]
    previous: Annotated[
        str | None, Meta(description="the version this one follows (its mapping is from it)")
    ] = None
    mapping: Annotated[
        tuple[Mapping, ...], Meta(description="how the previous version's items became these")
    ] = ()

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
