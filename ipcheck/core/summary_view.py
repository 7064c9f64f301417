"""The roll-up as views: rows on demand (so big outputs stream), lagging, lead units."""

from __future__ import annotations

from collections.abc import Iterator

from ipcheck.core.summary import FILE_STATES, Row, Summary, ranks
from ipcheck.core.summary_charts import charts
from ipcheck.model.views.summary import (
    BadFile,
    Behind,
    Cell,
    KindMean,
    Lagging,
    LeadMeasure,
    LeadUnit,
    MeasureHead,
    Missing,
    NaRequest,
    PartMean,
    Responsible,
    RowView,
    SummaryDocument,
    SummaryHeader,
    YearOnYear,
    YearStanding,
)
from ipcheck.text import labels
from ipcheck.text.labels import percent

SUMMARY_VERSION = 2
DEFAULT_LAG_BELOW = 0.6


def cell_view(row: Row, number: int) -> Cell | None:
    cell = row.cell(number)
    if cell is None:
        return None
    done, applicable, earned, points, na, na_points, unproven = cell
    return Cell(
        measure=number,
        done=done,
        applicable=applicable,
        earned=earned,
        points=points,
        na=na,
        na_points=na_points,
        unproven=unproven,
        completion=round(done / applicable, 4) if applicable else None,
        completion_label=percent(done / applicable) if applicable else "—",
        # the heat is the score, not completion: work done without evidence earns nothing
        score_rate=round(earned / points, 4) if points else None,
        label=percent(earned / points) if points else "—",
        level=min(4, int(earned / points * 5)) if points else "na",
    )


def row_view(summary: Summary, rank: int, row: Row, tied: bool = False) -> RowView:
    done, applicable, earned, points, na, na_points, unproven = row.totals()
    return RowView(
        rank=rank,
        tied=tied,
        rank_label=f"{rank}（并列）" if tied else str(rank),
        state=row.state,
        state_label=FILE_STATES[row.state],
        review_note=row.review_note,
        name=row.name,
        kind=row.kind,
        kind_label=labels.ASSESSEE_KIND.get(row.kind, row.kind),
        unit=row.unit,
        version=row.version,
        path=row.path,
        score=earned,
        max_score=points,
        score_rate=round(row.score_rate, 4),
        completion=round(row.completion, 4),
        done=done,
        applicable=applicable,
        na=na,
        na_points=na_points,
        unproven=unproven,
        score_note=(labels.na_beside(na, na_points) if na else "")
        + (f"，同意核减 {row.approved} 项" if row.approved else ""),
        na_approved=row.approved,
        reviewed_score=None if row.reviewed is None else row.reviewed[0],
        reviewed_max_score=None if row.reviewed is None else row.reviewed[1],
        reviewed_rate=None if row.reviewed is None else round(row.ranked_rate, 4),
        cells=[cell_view(row, m.number) for m in summary.measures],
    )


def records(summary: Summary) -> Iterator[RowView]:
    """The rows with their ranks: counties ranked among counties, units among units; rows of
    equal rate share a rank (并列)."""
    for row, (rank, tied) in zip(summary.rows, ranks(summary.rows), strict=True):
        yield row_view(summary, rank, row, tied)


def measure_means(summary: Summary) -> list[float | None]:
    """Mean completion per measure over the assessees that have it."""
    means: list[float | None] = []
    for m in summary.measures:
        shares = [
            c[0] / c[1] for r in summary.rows for c in [r.cell(m.number)] if c is not None and c[1]
        ]
        means.append(sum(shares) / len(shares) if shares else None)
    return means


def part_means(summary: Summary) -> list[PartMean]:
    """Per part: mean completion over assessees (items done / applicable in the part), over
    all of them and over each kind apart."""
    out = []
    kinds = list(dict.fromkeys(row.kind for row in summary.rows))  # counties, then units
    for number, theme in summary.parts:
        numbers = [m.number for m in summary.measures if m.part == number]
        if not numbers:
            continue
        shares: dict[str, list[float]] = {kind: [] for kind in kinds}
        for row in summary.rows:
            cells = [row.cell(n) for n in numbers]
            done = sum(c[0] for c in cells if c is not None)
            applicable = sum(c[1] for c in cells if c is not None)
            if applicable:
                shares[row.kind].append(done / applicable)
        every = [share for kind in kinds for share in shares[kind]]
        mean = sum(every) / len(every) if every else None
        out.append(
            PartMean(
                part=number,
                theme=theme,
                completion=None if mean is None else round(mean, 4),
                label=percent(mean),
                by_kind=[
                    KindMean(
                        kind=kind,
                        kind_label=labels.ASSESSEE_KIND.get(kind, kind),
                        completion=_mean(shares[kind]),
                        label=percent(_mean(shares[kind])),
                    )
                    for kind in kinds
                ],
            )
        )
    return out


def _mean(shares: list[float]) -> float | None:
    return round(sum(shares) / len(shares), 4) if shares else None


def lagging(summary: Summary, below: float = DEFAULT_LAG_BELOW, limit: int = 20) -> list[Lagging]:
    """Per measure, the assessees whose completion is below the threshold, worst first."""
    out = []
    for m in summary.measures:
        behind = []
        for row in summary.rows:
            cell = row.cell(m.number)
            if cell is None or not cell[1]:
                continue
            share = cell[0] / cell[1]
            if share < below:
                behind.append(
                    Behind(
                        name=row.name,
                        completion=round(share, 4),
                        label=percent(share),
                        open=cell[1] - cell[0],
                    )
                )
        behind.sort(key=lambda b: (b.completion, b.name))
        if behind:
            out.append(
                Lagging(
                    measure=m.number,
                    numeral=m.numeral,
                    title=m.title,
                    count=len(behind),
                    assessees=behind[:limit],
                )
            )
    return out


def lead_units(summary: Summary) -> list[LeadUnit]:
    """For each lead unit: its responsible units' completion on the measures it leads."""
    by_unit = {r.unit: r for r in summary.rows if r.kind == "unit" and r.unit}
    out = []
    leads = sorted(
        {u for m in summary.measures for u in m.lead}, key=lambda u: summary.units.get(u, u)
    )
    counties = [r for r in summary.rows if r.kind == "county"]
    for lead in leads:
        measures: list[LeadMeasure] = []
        for m in summary.measures:
            if lead not in m.lead:
                continue
            responsible = []
            for unit in m.responsible:
                name = summary.units.get(unit, unit)
                if unit in summary.county_units:
                    # each county's body answers through the county's own assessment
                    cells = [
                        c for r in counties for c in [r.cell(m.number)] if c is not None and c[1]
                    ]
                    # over the roster's counties where it is known: one without a file
                    # counts 0, so a county's silence never raises the average
                    base = max(len(summary.roster), len(cells))
                    share = sum(c[0] / c[1] for c in cells) / base if cells else None
                    unranked = sum(1 for kind, _n in summary.unranked if kind == "county")
                    absent = base - len(cells) - unranked
                    why = "、".join(
                        [f"{absent} 个未报送"] * bool(absent)
                        + [f"{unranked} 个未参与排名"] * bool(unranked)
                    )
                    label = (
                        f"{base} 个县（市、区）平均 {percent(share)}"
                        + (f"（{why}，计 0）" if why and summary.roster else "")
                        if cells
                        else "未提交"
                    )
                    submitted = bool(cells)
                else:
                    row = by_unit.get(unit)
                    cell = row.cell(m.number) if row is not None else None
                    share = cell[0] / cell[1] if cell is not None and cell[1] else None
                    label = (
                        percent(share)
                        if row is not None
                        else "未参与排名"
                        if ("unit", unit) in summary.unranked
                        else "未提交"
                    )
                    submitted = row is not None
                responsible.append(
                    Responsible(
                        unit=name,
                        submitted=submitted,
                        completion=None if share is None else round(share, 4),
                        label=label,
                    )
                )
            if responsible:
                measures.append(
                    LeadMeasure(
                        number=m.number, numeral=m.numeral, title=m.title, responsible=responsible
                    )
                )
        if measures:  # every lead unit, those whose units have not submitted too
            out.append(LeadUnit(lead=summary.units.get(lead, lead), measures=measures))
    return out


def header(summary: Summary, generated: str, below: float) -> SummaryHeader:
    return SummaryHeader(
        summary_version=SUMMARY_VERSION,
        generated=generated,
        checklist=summary.checklist,
        title=summary.title,
        period=summary.period,
        other_periods={str(year): count for year, count in summary.other_periods},
        missing=[
            Missing(kind=kind, kind_label=labels.ASSESSEE_KIND.get(kind, kind), name=name)
            for kind, name in summary.missing
        ],
        versions=summary.versions,
        assessees=len(summary.rows),
        lag_below=below,
        measures=[
            MeasureHead(number=m.number, numeral=m.numeral, title=m.title, part=m.part)
            for m in summary.measures
        ],
        parts=part_means(summary),
        measure_means=[None if v is None else round(v, 4) for v in measure_means(summary)],
        rules=list(summary.rules),
    )


def bad_files(summary: Summary) -> list[BadFile]:
    return [BadFile(path=b.path, reason=b.reason) for b in summary.bad]


def na_requests(summary: Summary) -> list[NaRequest]:
    """The 核减 list: every 不适用 request across the ranked assessees, in rank order, with
    its reason and the office's decision and by whom."""
    return [
        NaRequest(
            name=row.name,
            kind=row.kind,
            number=number,
            item=item,
            reason=reason,
            decision=labels.DECISION[decision] if decision else None,
            by=by or None,
        )
        for row in summary.rows
        for number, item, reason, decision, by in row.na_requests
    ]


def year_on_year(summary: Summary) -> list[YearOnYear]:
    """The year-on-year table: each assessee's rate and rank in every year present (the
    counties, then the units, in this year's order); empty with one year."""
    return [
        YearOnYear(
            name=line.name,
            kind=line.kind,
            kind_label=labels.ASSESSEE_KIND.get(line.kind, line.kind),
            years=[
                YearStanding(year=year, rate=None, rate_label="—", rank=None, rank_label="—")
                if held is None
                else YearStanding(
                    year=year,
                    rate=round(held.rate, 4),
                    rate_label=percent(held.rate),
                    rank=held.rank,
                    tied=held.tied,
                    rank_label=f"{held.rank}（并列）" if held.tied else str(held.rank),
                )
                for year, held in zip(summary.trend_years, line.years, strict=True)
            ],
        )
        for line in summary.trend
    ]


def full_view(summary: Summary, generated: str, below: float) -> SummaryDocument:
    """Everything, as one view (for md, html, json of moderate size)."""
    head = header(summary, generated, below)
    return SummaryDocument(
        **{f: getattr(head, f) for f in head.__struct_fields__},
        rows=list(records(summary)),
        lagging=lagging(summary, below),
        lead_units=lead_units(summary),
        bad=bad_files(summary),
        na_requests=na_requests(summary),
        year_on_year=year_on_year(summary),
        charts=charts(summary),
    )
