"""`ipcheck summary` as data: what its JSON prints (streamed, in this order) and what its
text, Markdown, HTML, CSV and XLSX show."""

from __future__ import annotations

import msgspec

from ipcheck.model.views import View


class MeasureHead(View, frozen=True, kw_only=True):
    number: int
    numeral: str
    title: str
    part: int


class KindMean(View, frozen=True, kw_only=True):
    """Mean completion of a part over one kind of assessee."""

    kind: str
    kind_label: str
    completion: float | None
    label: str


class PartMean(View, frozen=True, kw_only=True):
    """Mean completion of a part over the assessees: all of them, and each kind apart
    (counties and units answer different items)."""

    part: int
    theme: str
    completion: float | None
    label: str
    by_kind: list[KindMean] = msgspec.field(default_factory=list)


class Cell(View, frozen=True, kw_only=True):
    """One assessee on one measure."""

    measure: int
    done: int
    applicable: int
    earned: float
    points: float  # the base: a 不适用 stays in it until the office approves it
    na: int
    na_points: float
    unproven: int  # items whose points wait for evidence
    completion: float | None  # items done ÷ items in the base
    completion_label: str  # 71%, or — when nothing applies
    score_rate: float | None  # points earned ÷ points in the base: what the heatmap shows
    label: str  # the score rate: 60%, or — when nothing counts
    level: int | str  # heat level of the score rate 0 (<20%) … 4 (≥80%), "na" when none


class RowView(View, frozen=True, kw_only=True):
    rank: int  # among the assessees of its kind: counties and units are ranked apart
    tied: bool = False  # shares its rank (并列): an equal rate
    rank_label: str = ""  # 2（并列）
    state: str = (
        "unsealed"  # sealed | seal-broken | seal-missing | unsealed | invalid | seal-failed
    )
    state_label: str = ""  # 已封存 · 封存后被改动 · 未封存 · 文件无效
    review_note: str | None = None  # a review beside it that cannot be counted, and why
    name: str
    kind: str
    kind_label: str
    unit: str | None
    version: str
    path: str
    score: float
    max_score: float
    score_rate: float
    completion: float
    done: int
    applicable: int
    na: int
    na_points: float
    unproven: int  # 已完成（待补佐证）: items whose points wait for evidence
    score_note: str  # 不适用 3 项（12 分）, beside the score ("" when none)
    na_approved: int = 0  # of the 不适用, those the office approved (同意核减): out of the base
    reviewed_score: float | None  # 复核: the office's score, where it has reviewed (ranks it)
    reviewed_max_score: float | None
    reviewed_rate: float | None
    cells: list[Cell | None]


class Behind(View, frozen=True, kw_only=True):
    name: str
    completion: float
    label: str
    open: int


class Lagging(View, frozen=True, kw_only=True):
    measure: int
    numeral: str
    title: str
    count: int
    assessees: list[Behind]


class Responsible(View, frozen=True, kw_only=True):
    unit: str
    submitted: bool
    completion: float | None
    label: str


class LeadMeasure(View, frozen=True, kw_only=True):
    number: int
    numeral: str
    title: str
    responsible: list[Responsible]


class LeadUnit(View, frozen=True, kw_only=True):
    lead: str
    measures: list[LeadMeasure]


class BadFile(View, frozen=True, kw_only=True):
    path: str
    reason: str


class Missing(View, frozen=True, kw_only=True):
    """On the roster, with no file for the year (未报送)."""

    kind: str  # county | unit
    kind_label: str
    name: str


class SummaryHeader(View, frozen=True, kw_only=True):
    summary_version: int
    generated: str
    checklist: str
    title: str
    period: int | None  # the year rolled up (summary --period, else the latest found)
    other_periods: dict[str, int]  # years found but not rolled up, with their files
    missing: list[Missing]  # 未报送: the roster's counties and the municipal units with no file
    versions: dict[str, int]
    assessees: int
    lag_below: float
    measures: list[MeasureHead]
    parts: list[PartMean]
    measure_means: list[float | None]
    rules: list[str]  # how the scores are counted (the checklist's [scoring]), in words


class NaRequest(View, frozen=True, kw_only=True):
    """A 不适用 item of one assessee: a request to 核减, with the office's decision."""

    name: str  # the assessee
    kind: str
    number: str
    item: str
    reason: str
    decision: str | None  # 同意核减 / 不同意核减; None: not decided (or not reviewed)
    by: str | None


class YearStanding(View, frozen=True, kw_only=True):
    """An assessee's place in one year of the year-on-year table."""

    year: int
    rate: float | None  # the rate that ranked it (复核 where reviewed); None: no file ranked
    rate_label: str  # 72% ; — where it had none
    rank: int | None
    tied: bool = False
    rank_label: str = ""  # 2（并列）; — where it had none


class YearOnYear(View, frozen=True, kw_only=True):
    """One assessee over the years present: its rate and rank in each."""

    name: str
    kind: str
    kind_label: str
    years: list[YearStanding]


class SummaryDocument(SummaryHeader, frozen=True, kw_only=True):
    """The whole of `summary --format json`: the header's keys, then these."""

    rows: list[RowView]
    lagging: list[Lagging]
    lead_units: list[LeadUnit]
    bad: list[BadFile]
    na_requests: list[NaRequest] = msgspec.field(default_factory=list)  # the 核减 list
    # the year-on-year table, where files of several years are present (oldest year first)
    year_on_year: list[YearOnYear] = msgspec.field(default_factory=list)
    charts: Charts | None = None  # the pictures' geometry (html and xlsx; not in the json)


# -- pictures: the geometry of each chart, drawn as SVG by the html template and as native
# charts in the xlsx (core/summary_charts.py works it out; nothing here draws)


class Tick(View, frozen=True, kw_only=True):
    """A mark on an axis: where it lies, and what it says."""

    at: float
    label: str


class Bar(View, frozen=True, kw_only=True):
    """One ranked assessee in a bar chart."""

    name: str
    rank: int
    tied: bool  # shares its rank (并列): the bar is marked
    rank_label: str  # 3（并列）
    rate: float  # the rate that ranked it (复核 where reviewed)
    rate_label: str
    y: float  # the bar's top
    length: float  # its length, in the chart's units


class BarChart(View, frozen=True, kw_only=True):
    """Scores of one kind of assessee (counties or units), ranked, one bar each."""

    kind: str
    kind_label: str
    width: float
    height: float
    left: float  # where the bars start (the names and ranks before)
    span: float  # the length of a bar at 100%
    bar_height: float
    ticks: list[Tick]  # 0%, 20% … 100% along the bars
    bars: list[Bar]


class PartBar(View, frozen=True, kw_only=True):
    theme: str
    rate: float | None  # points earned ÷ base in the part; None: nothing counts there
    label: str
    y: float
    length: float


class Profile(View, frozen=True, kw_only=True):
    """One assessee over the parts of the checklist: its score rate in each."""

    name: str
    kind_label: str
    rank_label: str
    width: float
    height: float
    left: float
    span: float
    parts: list[PartBar]


class Point(View, frozen=True, kw_only=True):
    x: float
    y: float
    label: str  # 72%（第 3）


class Line(View, frozen=True, kw_only=True):
    """One assessee over the years: its rate each year it was ranked."""

    name: str
    colour: str
    points: list[Point]
    path: str  # the SVG polyline's points: "x,y x,y"
    label_x: float = 0  # its name, after its last point, moved apart from the others'
    label_y: float = 0


class TrendChart(View, frozen=True, kw_only=True):
    kind: str
    kind_label: str
    width: float
    height: float
    years: list[Tick]  # along the bottom
    levels: list[Tick]  # 0%, 25% … up the side
    lines: list[Line]


class Charts(View, frozen=True, kw_only=True):
    bars: list[BarChart]
    profiles: list[Profile]
    trends: list[TrendChart]  # none with one year
