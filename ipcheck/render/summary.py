"""The roll-up written out: terminal, Markdown, HTML, CSV, JSON (the XLSX: summary_xlsx.py).

CSV, XLSX and JSON stream their rows, so a province's or a country's roll-up
never sits in memory as text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import msgspec

from ipcheck.core.summary import FILE_STATES, FLAGGED, Row, Summary, ranks
from ipcheck.core.summary_view import (
    bad_files,
    full_view,
    header,
    lagging,
    lead_units,
    na_requests,
    records,
    year_on_year,
)
from ipcheck.errors import InputError
from ipcheck.text import labels
from ipcheck.text.i18n import _, ngettext
from ipcheck.text.labels import percent, percent_digits, rates_text
from ipcheck.text.safety import printable, printable_block, spreadsheet_text


def matrix_header(summary: Summary) -> list[str]:
    return (
        [
            "排名",
            "被考核单位",
            "类型",
            "清单版本",
            "报送状态",
            "得分",
            "满分",
            "得分率",
            "不适用项",
            "不适用分值",
            "同意核减项",
            "待补佐证项",
            "完成率",
            "复核得分",
            "复核满分",
            "复核得分率",
            "排名得分率",  # the rate that ranks it: sorting by it gives 排名's order
        ]
        + [f"（{m.numeral}）{m.title}" for m in summary.measures]
        + ["说明"]
    )


MATRIX_FIXED = 17  # columns before the measures
RATES = ("得分率", "完成率", "复核得分率", "排名得分率")  # the columns that are shares (0%)


def matrix_rows(summary: Summary) -> Iterator[list[str | float | None]]:
    """The matrix row of each assessee, worked out from its compact row directly (a
    province's CSV is 85,000 of them: no view of every cell is built on the way)."""
    numbers = [m.number for m in summary.measures]
    for row, (rank, _tied) in zip(summary.rows, ranks(summary.rows), strict=True):
        totals = row.total
        # each measure's score rate, as the heatmap shows it
        cells = [None if c is None else round(c, 4) for c in row.score_rates(numbers)]
        yield [
            rank,
            row.name,
            labels.ASSESSEE_KIND.get(row.kind, row.kind),
            row.version,
            FILE_STATES[row.state],  # sealed, changed since, not sealed, invalid
            totals.earned,
            totals.points,
            round(row.score_rate, 4),
            totals.na,
            totals.na_points,
            row.approved if row.reviewed is not None else None,  # 核减: the office's word
            totals.unproven,
            round(row.completion, 4),
            *(row.reviewed or (None, None)),  # the office's score, where it has reviewed
            None if row.reviewed is None else round(row.ranked_rate, 4),
            round(row.ranked_rate, 4),  # what ranks it
            *cells,
            _row_note(row),
        ]
    for kind, name in summary.missing:  # on the roster, no file for the year
        missing: list[str | float | None] = [
            name,
            labels.ASSESSEE_KIND.get(kind, kind),
            None,
            "未报送",  # in the state column, not the version's
        ]
        yield [None, *missing, *[None] * (MATRIX_FIXED - 5 + len(numbers)), None]
    for bad in summary.bad:  # not ranked, with why: as every other format says it
        unranked: list[str | float | None] = [bad.path, None, None, "未参与排名"]
        yield [None, *unranked, *[None] * (MATRIX_FIXED - 5 + len(numbers)), bad.reason]


def _row_note(row: Row) -> str | None:
    """What stands beside a ranked row: a flag it is ranked with, a review not counted."""
    notes = []
    if row.state in FLAGGED:
        notes.append(f"{FILE_STATES[row.state]}（--include-flagged 参与排名）")
    if row.review_note is not None:
        notes.append(f"复核无法核验，按自评得分排名：{row.review_note}")
    return "；".join(notes) or None


# The tables a CSV can hold, one at a time (summary --table): the other formats hold all.
CSV_TABLES = {
    "matrix": ("matrix", "得分矩阵"),
    "na-requests": ("na-requests", "核减申请", "核减"),
    "years": ("years", "历年对比", "历年"),
}


def csv_table(word: str) -> str:
    """The table --table names, in English or Chinese."""
    for table, words in CSV_TABLES.items():
        if word.strip() in words:
            return table
    raise InputError(
        _("{word!r} is not a table; give one of {tables}").format(
            word=word, tables="、".join(f"{w[0]}（{w[1]}）" for w in CSV_TABLES.values())
        )
    )


def _csv_rows(summary: Summary, table: str) -> Iterator[Sequence[str | float | None]]:
    if table == "na-requests":
        yield ["被考核单位", "类型", "编号", "工作项", "不适用理由", "复核意见", "复核人"]
        for q in na_requests(summary):
            kind = labels.ASSESSEE_KIND.get(q.kind, q.kind)
            yield [q.name, kind, q.number, q.item, q.reason, q.decision or "待复核", q.by]
    elif table == "years":
        years = summary.trend_years
        yield ["被考核单位", "类型"] + [f"{y}年{w}" for y in years for w in ("得分率", "排名")]
        for t in year_on_year(summary):
            cells: list[str | float | None] = [t.name, t.kind_label]
            for held in t.years:
                cells += [held.rate, held.rank]
            yield cells
    else:
        yield matrix_header(summary)
        yield from matrix_rows(summary)


def write_csv(summary: Summary, out: IO[str], table: str = "matrix") -> None:
    """UTF-8 with BOM (the caller opens the file so) so that Excel shows the Chinese; one
    table: the matrix, the 核减 requests or the year-on-year table."""
    writer = csv.writer(out, lineterminator="\n")
    for row in _csv_rows(summary, table):
        # text as no spreadsheet evaluates it (OWASP: formula injection), control and
        # bidirectional characters as escapes (the table may go to a terminal); numbers
        # as they are, and None as an empty cell (csv writes it so)
        writer.writerow(
            [spreadsheet_text(printable_block(v)) if isinstance(v, str) else v for v in row]
        )


def write_json(summary: Summary, out: IO[str], generated: str, below: float) -> None:
    head = msgspec.to_builtins(header(summary, generated, below))
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "rows": [')
    for n, record in enumerate(records(summary)):
        out.write(("," if n else "") + "\n    " + _json(record))
    out.write("\n  ],\n")
    out.write(f'  "lagging": {_json(lagging(summary, below))},\n')
    out.write(f'  "lead_units": {_json(lead_units(summary))},\n')
    out.write(f'  "bad": {_json(bad_files(summary))},\n')
    out.write(f'  "na_requests": {_json(na_requests(summary))},\n')
    out.write(f'  "year_on_year": {_json(year_on_year(summary))}\n')
    out.write("}\n")


def _json(view: object) -> str:
    return json.dumps(msgspec.to_builtins(view), ensure_ascii=False)


def render_md(summary: Summary, generated: str, below: float) -> str:
    from ipcheck.render.templates import render_template

    return render_template("summary.md.j2", full_view(summary, generated, below))


def render_html(
    summary: Summary, generated: str, below: float, template_dir: Path | None = None
) -> str:
    from ipcheck.render.templates import render_template

    return render_template("summary.html.j2", full_view(summary, generated, below), template_dir)


def render_text(summary: Summary, below: float, width: int) -> Any:
    """The matrix when the terminal is wide enough; else each assessee with its weakest measures."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ipcheck.render.console import esc

    styles = ["red", "dark_orange", "yellow", "green", "bold green"]
    versions = _(", ").join(f"{v}×{n}" for v, n in summary.versions.items())
    wide = width >= 46 + 5 * len(summary.measures)
    count = len(summary.rows)
    title = ngettext(
        "{title} ({checklist}, {count} assessment; versions {versions})",
        "{title} ({checklist}, {count} assessments; versions {versions})",
        count,
    ).format(title=summary.title, checklist=summary.checklist, count=count, versions=versions)
    table = Table(
        title=esc(title),
        box=None if wide else box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
        header_style="bold",
    )

    def fixed(header: str) -> None:
        """A numeric column as wide as its heading: never squeezed, never wrapped."""
        table.add_column(header, justify="right", no_wrap=True, min_width=cell_len(header))

    table.add_column("#", justify="right", no_wrap=True, min_width=2)
    table.add_column(_("Assessee"), no_wrap=True, min_width=6)
    fixed(_("Score rate"))
    # TRANSLATORS: a column of the summary: the items 不适用 and their points.
    fixed(_("N/A"))
    if wide:
        # TRANSLATORS: a column of the summary: items 已完成 (or given a part score) whose
        # points wait for evidence.
        fixed(_("Unproven"))
        for m in summary.measures:
            table.add_column(str(m.number), justify="right", width=3)
    else:
        fixed(_("Completion"))
        table.add_column(_("Weakest measures"))
    kind = None
    for record in records(summary):
        if record.kind != kind:  # counties, then units: each ranked among its own
            kind = record.kind
            table.add_row("", Text(record.kind_label, style="bold"))
        cells: list[Any] = []
        if wide:
            for c in record.cells:
                if c is None or c.score_rate is None or isinstance(c.level, str):
                    cells.append(Text("—", style="dim"))
                else:
                    cells.append(Text(percent_digits(c.score_rate), style=styles[c.level]))
        else:
            known = [  # the weakest by score, as the heatmap colours them
                (c.score_rate, c)
                for c in record.cells
                if c is not None and c.score_rate is not None
            ]
            weakest = sorted(known, key=lambda pair: pair[0])[:2]
            cells = [
                percent(record.completion),
                # spaces between the measures: a line breaks between them, never inside one
                "  ".join(
                    _("{measure} ({completion})").format(measure=c.measure, completion=c.label)
                    for share, c in weakest
                    if share < 1
                ),
            ]
        table.add_row(
            f"并{record.rank}" if record.tied else str(record.rank),  # 并列, in a narrow column
            # a row not sealed, or ranked with its flag (--include-flagged), says so, as the
            # state column of every other format does
            esc(record.name) + (f"（{record.state_label}）" if record.state != "sealed" else ""),
            rates_text(record.score_rate, record.reviewed_rate)
            # TRANSLATORS: after a rate in the summary: its review could not be checked.
            + (_(" (review unchecked)") if record.review_note else ""),
            # TRANSLATORS: in the summary's N/A column: 3 items 不适用 worth 12 points.
            (
                _("{items} ({points} pt)").format(items=record.na, points=record.na_points)
                if record.na
                else "0"
            )
            # TRANSLATORS: after the N/A column's figures: of them, 2 approved by the office.
            + (_(", {count} 核减").format(count=record.na_approved) if record.na_approved else ""),
            *([str(record.unproven)] if wide else []),
            *cells,
        )
    hint = (
        _(
            "Columns are measure numbers, cells the measure's score rate (%), as reviewed "
            "where the office has reviewed; counties and units ranked apart, by score rate."
        )
        if wide
        else _(
            "The terminal is narrow: for the full matrix widen it, "
            "or use --format html / xlsx / csv."
        )
    )
    lines: list[Any] = [table, Text(hint, style="dim")]
    if summary.missing:
        heading = _("Not submitted (未报送) for {period}: {count}").format(
            period=summary.period, count=len(summary.missing)
        )
        lines.append(Text("\n" + heading, style="bold"))
        for kind in ("county", "unit"):
            absent = [name for k, name in summary.missing if k == kind]
            if absent:
                label = labels.ASSESSEE_KIND.get(kind, kind)
                lines.append(Text(printable(f"  {label}：{'、'.join(absent)}")))
    if summary.bad:
        heading = _("Not ranked: {count}").format(count=len(summary.bad))
        lines.append(Text("\n" + heading, style="bold"))
        for bad in summary.bad:
            lines.append(Text(printable(f"  {bad.path}: {bad.reason}")))
    behind = lagging(summary, below, limit=5)
    if behind:
        heading = _("Lagging (completion below {share}):").format(share=percent(below))
        lines.append(Text("\n" + heading, style="bold"))
        for entry in behind:
            measure = _("({numeral}) {title}").format(numeral=entry.numeral, title=entry.title)
            names = _(", ").join(f"{a.name} {a.label}" for a in entry.assessees)
            if entry.count > len(entry.assessees):
                text = _("{measure}: {assessees} and others, {count} in all").format(
                    measure=measure, assessees=names, count=entry.count
                )
            else:
                text = _("{measure}: {assessees}").format(measure=measure, assessees=names)
            lines.append(Text(printable(f"  {text}")))
    asked = na_requests(summary)
    if asked:
        lines.append(
            Text(
                "\n" + _("Requests to 核减 (不适用): {count}").format(count=len(asked)),
                style="bold",
            )
        )
        for q in asked:
            decision = q.decision or _("not yet decided")
            if q.by:
                decision = _("{decision}, by {by}").format(decision=decision, by=q.by)
            text = _("{name} {item}: {reason} ({decision})").format(
                name=q.name, item=f"{q.number} {q.item}", reason=q.reason, decision=decision
            )
            lines.append(Text(printable(f"  {text}")))
    trend = year_on_year(summary)
    if trend:
        lines.append(Text("\n" + _("Year on year (score rate, rank):"), style="bold"))
        kind = None
        for t in trend:
            years = _(", ").join(
                f"{held.year} —"
                if held.rank is None
                else f"{held.year} {held.rate_label} #{held.rank_label}"
                for held in t.years
            )
            if t.kind != kind:  # counties, then units: each ranked among its own
                kind = t.kind
                lines.append(Text(f"  {t.kind_label}", style="bold"))
            text = _("{assessee}: {years}").format(assessee=t.name, years=years)
            lines.append(Text(printable(f"    {text}")))
    for lead in lead_units(summary):
        heading = _("Led by {lead}:").format(lead=printable(lead.lead))
        lines.append(Text("\n" + heading, style="bold"))
        for led in lead.measures:
            measure = _("({numeral}) {title}").format(numeral=led.numeral, title=led.title)
            units = _(", ").join(f"{r.unit} {r.label}" for r in led.responsible)
            text = _("{measure}: {units}").format(measure=measure, units=units)
            lines.append(Text(printable(f"  {text}")))
    return Group(*lines)


def write_stream(
    summary: Summary,
    fmt: str,
    out: IO[str],
    generated: str,
    below: float,
    table: str = "matrix",
) -> None:
    """The summary in a text format, onto a stream (a file, or a buffer for stdout)."""
    if fmt == "csv":
        write_csv(summary, out, table)
    elif fmt == "json":
        write_json(summary, out, generated, below)
    elif fmt == "md":
        out.write(render_md(summary, generated, below))
    elif fmt == "html":
        out.write(render_html(summary, generated, below))
    else:
        from rich.console import Console

        Console(file=out, width=200, no_color=True).print(render_text(summary, below, 200))
