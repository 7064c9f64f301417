"""The summary's pictures as plain data: the geometry of each chart, worked out once for
the html (inline SVG drawn by its template, no script) and the xlsx (native charts).

Scores by assessee (counties and units apart, ranked, 并列 marked, each at the rate that
ranks it: 复核 where the office has reviewed), each assessee's self-assessed profile over
the checklist's parts (a review is not kept per part), and its rate over the years where
several are present."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import msgspec

from ipcheck.core.summary import Row, Summary, ranks
from ipcheck.model.views.summary import (
    Bar,
    BarChart,
    Charts,
    Line,
    PartBar,
    Point,
    Profile,
    Tick,
    TrendChart,
)
from ipcheck.text import labels
from ipcheck.text.labels import percent

WIDTH = 720.0  # every chart is as wide as an A4 landscape page's text allows at 14px
LEFT = 190.0  # rank and name before the bars
RIGHT = 70.0  # the rate after them
TOP = 8.0
BAR = 16.0
GAP = 5.0
AXIS = 22.0  # the percentages under the bars
PROFILE_WIDTH = 340.0
PROFILE_LEFT = 80.0
PROFILE_BAR = 11.0
TREND_HEIGHT = 260.0
TREND_LEFT = 50.0
TREND_RIGHT = 150.0  # the names at the lines' ends
# distinct on paper and for the colour-blind (Okabe–Ito, then darker tones)
COLOURS = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#000000",
    "#8c564b",
    "#7f7f7f",
    "#a5252a",
    "#2f4b7c",
    "#bcbd22",
)


def rank_label(rank: int, tied: bool) -> str:
    return f"{rank}（并列）" if tied else str(rank)


def charts(summary: Summary) -> Charts:
    return Charts(
        bars=bar_charts(summary), profiles=profiles(summary), trends=trend_charts(summary)
    )


def _kinds(summary: Summary) -> list[tuple[str, list[tuple[Row, int, bool]]]]:
    """The ranked rows, counties then units, each with its rank and whether it is shared."""
    out: list[tuple[str, list[tuple[Row, int, bool]]]] = []
    for row, (rank, tied) in zip(summary.rows, ranks(summary.rows), strict=True):
        if not out or out[-1][0] != row.kind:
            out.append((row.kind, []))
        out[-1][1].append((row, rank, tied))
    return out


def bar_charts(summary: Summary) -> list[BarChart]:
    """One horizontal bar per ranked assessee, in rank order, a chart per kind."""
    span = WIDTH - LEFT - RIGHT
    out = []
    for kind, rows in _kinds(summary):
        bars = []
        label = _labeller([row.exact_rate for row, _rank, _tied in rows])
        for n, (row, rank, tied) in enumerate(rows):
            rate = row.ranked_rate
            bars.append(
                Bar(
                    name=row.name,
                    rank=rank,
                    tied=tied,
                    rank_label=rank_label(rank, tied),
                    rate=round(rate, 4),
                    rate_label=label(rate),
                    y=TOP + n * (BAR + GAP),
                    length=round(span * min(max(rate, 0.0), 1.0), 1),
                )
            )
        height = TOP + len(rows) * (BAR + GAP) + AXIS
        out.append(
            BarChart(
                kind=kind,
                kind_label=labels.ASSESSEE_KIND.get(kind, kind),
                width=WIDTH,
                height=height,
                left=LEFT,
                span=span,
                bar_height=BAR,
                ticks=[
                    Tick(at=round(LEFT + span * k / 5, 1), label=f"{k * 20}%") for k in range(6)
                ],
                bars=bars,
            )
        )
    return out


def _labeller(rates: list[Fraction]) -> Callable[[float], str]:
    """Rates as whole percents, or to a tenth where whole percents would show two
    different rates alike (53.5% and 54% are not a tie: only 并列 is)."""
    whole = {percent(float(r)) for r in set(rates)}
    if len(whole) == len(set(rates)):
        return percent
    return lambda rate: percent(rate, 1)


def part_rates(summary: Summary, row: Row) -> list[tuple[str, float | None]]:
    """The assessee's score rate in each part of the checklist (earned ÷ base over the
    part's measures), None where nothing in the part counts for it."""
    out: list[tuple[str, float | None]] = []
    for number, theme in summary.parts:
        if not any(m.part == number for m in summary.measures):
            continue  # a part with no measure of its own (总体要求): nothing to score
        earned = points = 0.0
        for m in summary.measures:
            if m.part != number:
                continue
            cell = row.cell(m.number)
            if cell is not None:
                earned += cell.earned
                points += cell.points
        out.append((theme, earned / points if points else None))
    return out


def profiles(summary: Summary) -> list[Profile]:
    """Each assessee's profile over the parts, in rank order (small multiples)."""
    span = PROFILE_WIDTH - PROFILE_LEFT - 44
    out = []
    for kind, rows in _kinds(summary):
        for row, rank, tied in rows:
            parts = [
                PartBar(
                    theme=theme,
                    rate=None if rate is None else round(rate, 4),
                    label="—" if rate is None else percent(rate),
                    y=4 + n * (PROFILE_BAR + 4),
                    length=0.0 if rate is None else round(span * min(rate, 1.0), 1),
                )
                for n, (theme, rate) in enumerate(part_rates(summary, row))
            ]
            out.append(
                Profile(
                    name=row.name,
                    kind_label=labels.ASSESSEE_KIND.get(kind, kind),
                    rank_label=rank_label(rank, tied),
                    width=PROFILE_WIDTH,
                    height=8 + len(parts) * (PROFILE_BAR + 4),
                    left=PROFILE_LEFT,
                    span=span,
                    parts=parts,
                )
            )
    return out


LABEL_GAP = 13.0  # a line of 12px text


def _labelled(lines: list[Line], bottom: float) -> list[Line]:
    """Each line's name placed after its last point, names ending at one year moved apart
    so that none covers another (top to bottom, in the order of their points)."""
    ends: dict[float, list[int]] = {}
    for n, line in enumerate(lines):
        if line.points:
            ends.setdefault(line.points[-1].x, []).append(n)
    placed: dict[int, float] = {}
    for indexes in ends.values():
        indexes.sort(key=lambda n: lines[n].points[-1].y)
        ys = [lines[n].points[-1].y + 4 for n in indexes]
        for k in range(1, len(ys)):
            ys[k] = max(ys[k], ys[k - 1] + LABEL_GAP)
        overflow = ys[-1] - bottom if ys else 0
        if overflow > 0:  # pushed past the axis: the whole column moves up
            ys = [y - overflow for y in ys]
        placed |= {n: round(y, 1) for n, y in zip(indexes, ys, strict=True)}
    return [
        msgspec.structs.replace(line, label_x=line.points[-1].x + 8, label_y=placed[n])
        if line.points
        else line
        for n, line in enumerate(lines)
    ]


def trend_charts(summary: Summary) -> list[TrendChart]:
    """Each assessee's rate over the years present (a line per assessee, a chart per
    kind); none when one year is present."""
    years = summary.trend_years
    if len(years) < 2:
        return []
    inner_w = WIDTH - TREND_LEFT - TREND_RIGHT
    inner_h = TREND_HEIGHT - TOP - AXIS - 8

    def x(index: int) -> float:
        return round(TREND_LEFT + inner_w * index / (len(years) - 1), 1)

    def y(rate: float) -> float:
        return round(TOP + 8 + inner_h * (1 - min(max(rate, 0.0), 1.0)), 1)

    by_kind: dict[str, list[Line]] = {}
    for line in summary.trend:
        lines = by_kind.setdefault(line.kind, [])
        points = [
            Point(
                x=x(n),
                y=y(held.rate),
                label=f"{percent(held.rate)}（第 {rank_label(held.rank, held.tied)}）",
            )
            for n, held in enumerate(line.years)
            if held is not None
        ]
        lines.append(
            Line(
                name=line.name,
                colour=COLOURS[len(lines) % len(COLOURS)],
                points=points,
                path=" ".join(f"{p.x},{p.y}" for p in points),
            )
        )
    by_kind = {kind: _labelled(lines, TOP + 8 + inner_h + 4) for kind, lines in by_kind.items()}
    return [
        TrendChart(
            kind=kind,
            kind_label=labels.ASSESSEE_KIND.get(kind, kind),
            width=WIDTH,
            height=TREND_HEIGHT,
            years=[Tick(at=x(n), label=f"{year}年") for n, year in enumerate(years)],
            levels=[Tick(at=y(k / 4), label=f"{k * 25}%") for k in range(5)],
            lines=lines,
        )
        for kind, lines in by_kind.items()
    ]
