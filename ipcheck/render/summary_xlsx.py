"""The roll-up as an Excel workbook: the matrix, the lagging items, the lead units' view,
the 核减 requests, the year-on-year table, the pictures as native charts and the files
not ranked — each sheet printed as an office prints it. Written row by row (write-only),
so a province's workbook never sits in memory as cells."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipcheck.core.summary import Summary
from ipcheck.core.summary_view import lagging, lead_units, na_requests, year_on_year
from ipcheck.render.summary import MATRIX_FIXED, RATES, matrix_header, matrix_rows
from ipcheck.text import labels
from ipcheck.text.labels import percent
from ipcheck.text.safety import printable, spreadsheet_text


def write_xlsx(summary: Summary, path: Path, below: float) -> None:
    """A workbook: the matrix, the lagging items, the lead units' view, unreadable files."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    book.properties.creator = "ipcheck"  # not "openpyxl"
    book.properties.title = printable(summary.title)  # XML: U+FFFE shown as its escape
    bold = Font(bold=True)
    fills = [
        PatternFill("solid", fgColor=c) for c in ("F4CCCC", "FCE5CD", "FFF2CC", "D9EAD3", "B6D7A8")
    ]

    heading = Font(bold=True, size=14)
    sheets: list[tuple[_Counted, int]] = []

    def sheet(title: str, columns: list[str], widths: Sequence[float], freeze: str = "A3") -> Any:
        """A sheet as an office prints it: a title row naming the year and the checklist,
        the header row frozen, filtered and repeated on every page, landscape A4 one
        page wide."""
        ws = book.create_sheet(title)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = freeze  # the header row (and, for the matrix, the names) stay in view
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "2:2"
        named = f"{summary.title}——{title}（{summary.checklist}）"
        # printed with its title at the head and 第 n 页 共 m 页 at the foot of every page
        ws.oddHeader.center.text = spreadsheet_text(printable(named)).replace("&", "&&")
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        counted = _Counted(ws)
        counted.append([_bold_cell(ws, named, heading)])
        counted.append([_bold_cell(ws, name, bold) for name in columns])
        sheets.append((counted, len(columns)))
        return counted

    columns = matrix_header(summary)
    matrix = sheet(
        "得分矩阵",
        columns,
        [6, 16, 12, 9, 12, 7, 7, 8, 8, 9, 10, 9, 8, 9, 9, 10, 10]
        + [14] * len(summary.measures)
        + [40],
        "C3",
    )
    from openpyxl.cell import WriteOnlyCell

    shares = {columns.index(name) for name in RATES}
    for values in matrix_rows(summary):
        cells = []
        for index, value in enumerate(values):
            cell = _cell(matrix.ws, value)
            measure = MATRIX_FIXED <= index < MATRIX_FIXED + len(summary.measures)
            if isinstance(value, int | float) and (index in shares or measure):
                cell.number_format = "0%"  # a share; a score in half points stays a number
                if measure:
                    cell.fill = fills[min(4, int(value * 5))]
            cells.append(cell)
        matrix.append(cells)
    behind = sheet("滞后事项", ["措施", "被考核单位", "完成率", "未完成项数"], [34, 18, 10, 12])
    for entry in lagging(summary, below, limit=10**9):
        for a in entry.assessees:
            cell = WriteOnlyCell(behind.ws, value=a.completion)
            cell.number_format = "0%"
            behind.append(
                [
                    _cell(behind.ws, f"（{entry.numeral}）{entry.title}"),
                    _cell(behind.ws, a.name),
                    cell,
                    a.open,
                ]
            )
    leads = lead_units(summary)
    if leads:
        view = sheet(
            "牵头单位视图",
            ["牵头单位", "措施", "责任单位", "完成率", "说明"],
            [20, 34, 22, 10, 36],
        )
        for lead in leads:
            for m in lead.measures:
                for r in m.responsible:
                    share = WriteOnlyCell(view.ws, value=r.completion)
                    share.number_format = "0%"
                    note = "" if r.label == percent(r.completion or 0) else r.label
                    view.append(
                        [
                            _cell(view.ws, lead.lead),
                            _cell(view.ws, f"（{m.numeral}）{m.title}"),
                            _cell(view.ws, r.unit),
                            share,
                            _cell(view.ws, note),
                        ]
                    )
    asked = na_requests(summary)
    if asked:
        requests = sheet(
            "核减申请",
            ["被考核单位", "类型", "工作项", "不适用理由", "复核意见", "复核人"],
            [18, 12, 40, 50, 12, 14],
        )
        for q in asked:
            requests.append(
                [
                    _cell(requests.ws, q.name),
                    _cell(requests.ws, labels.ASSESSEE_KIND.get(q.kind, q.kind)),
                    _cell(requests.ws, f"{q.number} {q.item}"),
                    _cell(requests.ws, q.reason),
                    _cell(requests.ws, q.decision or "待复核"),
                    _cell(requests.ws, q.by),
                ]
            )
    trend = year_on_year(summary)
    if trend:
        years = summary.trend_years
        table = sheet(
            "历年对比",
            ["被考核单位", "类型"] + [f"{y}年{what}" for y in years for what in ("得分率", "排名")],
            [18, 12] + [11, 9] * len(years),
            "B3",
        )
        for t in trend:
            cells = [_cell(table.ws, t.name), _cell(table.ws, t.kind_label)]
            for held in t.years:
                rate = _cell(table.ws, held.rate)
                rate.number_format = "0%"
                cells += [rate, _cell(table.ws, held.rank)]  # a number: the sheet sorts as ranked
            table.append(cells)
    _chart_sheet(summary, sheet)
    if summary.bad:
        bad = sheet("未参与排名的文件", ["文件", "原因"], [50, 80])
        for b in summary.bad:
            bad.append([_cell(bad.ws, b.path), _cell(bad.ws, b.reason)])
    for counted, width in sheets:
        counted.ws.auto_filter.ref = f"A2:{get_column_letter(width)}{max(2, counted.rows)}"
    book.save(path)


def _chart_sheet(summary: Summary, sheet: Any) -> None:
    """The pictures as native charts, each beside the figures it draws: the score rates
    by county and by unit (ranked, 并列 marked in the name: 并3 新华区), each assessee's
    score rate in each part, and the rates over the years where several are present.
    Each series carries its values as well as its cells, so that a reader that does not
    recalculate still draws it."""
    from openpyxl.chart import BarChart, LineChart

    from ipcheck.core.summary_charts import charts, part_rates

    drawn = charts(summary)
    page = sheet("图表", ["被考核单位", "得分率"], [26, 10, 10, 10, 10, 10, 10, 10], "A3")
    ws = page.ws
    place = _Placer(ws)
    bold = _font(bold=True)

    def table(title: str, columns: list[str], rows: list[tuple[str, list[float | None]]]) -> int:
        """A titled block of figures on the sheet; the row number of its header."""
        page.append([_bold_cell(ws, title, bold)])
        page.append([_cell(ws, c) for c in ["被考核单位", *columns]])
        header = int(page.rows)
        for name, values in rows:
            cells = [_cell(ws, name)]
            for value in values:
                cell = _cell(ws, None if value is None else round(value, 4))
                cell.number_format = "0%"
                cells.append(cell)
            page.append(cells)
        page.append([])
        return header

    for ranking in drawn.bars:
        names = [f"{'并' if b.tied else ''}{b.rank} {b.name}" for b in ranking.bars]
        rates: list[float | None] = [b.rate for b in ranking.bars]
        title = f"得分率排名：{ranking.kind_label}"
        header = table(title, ["得分率"], [(n, [r]) for n, r in zip(names, rates, strict=True)])
        bars = BarChart()
        bars.type = "bar"  # horizontal
        bars.x_axis.scaling.orientation = "maxMin"  # the first ranked at the top
        bars.legend = None
        _series(bars, ws, header, [(title, 2, rates)], names)
        place(bars, title, len(names))
    themes = [theme for theme, _rate in part_rates(summary, summary.rows[0])]
    if themes:
        title = "各单位在各部分的得分率"
        rows = [(r.name, [rate for _t, rate in part_rates(summary, r)]) for r in summary.rows]
        header = table(title, themes, rows)
        parts = BarChart()
        parts.type = "col"
        columns = [(t, 2 + n, [values[n] for _name, values in rows]) for n, t in enumerate(themes)]
        _series(parts, ws, header, columns, [name for name, _values in rows], wide=True)
        place(parts, title, 16, width=30)
    for trend in drawn.trends:
        title = f"历年得分率：{trend.kind_label}"
        years = [tick.label for tick in trend.years]
        lines = [
            (t.name, [None if held is None else held.rate for held in t.years])
            for t in summary.trend
            if t.kind == trend.kind
        ]
        header = table(title, years, lines)
        chart = LineChart()
        _line_series(chart, ws, header, lines, years)
        place(chart, title, 16, width=22)


class _Placer:
    """Puts each chart below the one before, to the right of the figures."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.row = 3

    def __call__(self, chart: Any, title: str, rows: int, width: float = 18) -> None:
        chart.title = printable(title)
        chart.width = width  # cm
        chart.height = max(7.0, 0.55 * rows + 2)
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.number_format = "0%"
        chart.x_axis.delete = False  # openpyxl hides the axes unless told
        chart.y_axis.delete = False
        self.ws.add_chart(chart, f"K{self.row}")
        self.row += int(chart.height / 0.5) + 2  # a row is about half a centimetre


def _series(
    chart: Any,
    ws: Any,
    header: int,
    columns: list[tuple[str, int, list[float | None]]],
    names: list[str],
    wide: bool = False,
) -> None:
    """A series per column of a table (its title in the header row), the names as the
    categories, each with its values cached."""
    from openpyxl.chart import Series
    from openpyxl.utils import get_column_letter, quote_sheetname

    sheet = quote_sheetname(ws.title)
    first, last = header + 1, header + len(names)
    categories = f"{sheet}!$A${first}:$A${last}"
    for title, column, values in columns:
        letter = get_column_letter(column)
        series = Series(f"{sheet}!${letter}${first}:${letter}${last}", title=printable(title))
        _cache(series, categories, names, values)
        chart.series.append(series)
    if wide:
        chart.gapWidth = 60


def _line_series(
    chart: Any,
    ws: Any,
    header: int,
    lines: list[tuple[str, list[float | None]]],
    years: list[str],
) -> None:
    """A line per assessee: its row of the table, the years along."""
    from openpyxl.chart import Series
    from openpyxl.utils import get_column_letter, quote_sheetname

    sheet = quote_sheetname(ws.title)
    end = get_column_letter(1 + len(years))
    categories = f"{sheet}!$B${header}:${end}${header}"
    for offset, (name, values) in enumerate(lines, start=1):
        row = header + offset
        series = Series(f"{sheet}!$B${row}:${end}${row}", title=printable(name))
        series.smooth = False
        _cache(series, categories, years, values)
        chart.series.append(series)


def _cache(series: Any, categories: str, names: list[str], values: list[float | None]) -> None:
    """The series' categories as text (not numbers) and its values, kept in the chart."""
    from openpyxl.chart.data_source import (
        AxDataSource,
        NumData,
        NumRef,
        NumVal,
        StrData,
        StrRef,
        StrVal,
    )

    series.cat = AxDataSource(
        strRef=StrRef(
            f=categories,
            strCache=StrData(
                ptCount=len(names),
                pt=[StrVal(idx=n, v=spreadsheet_text(printable(x))) for n, x in enumerate(names)],
            ),
        )
    )
    reference = series.val.numRef.f
    series.val.numRef = NumRef(
        f=reference,
        numCache=NumData(
            formatCode="0%",
            ptCount=len(values),
            pt=[NumVal(idx=n, v=v) for n, v in enumerate(values) if v is not None],
        ),
    )


def _font(bold: bool) -> Any:
    from openpyxl.styles import Font

    return Font(bold=bold)


class _Counted:
    """A write-only sheet that counts its rows (its filter runs to the last)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.rows = 0

    def append(self, row: list[Any]) -> None:
        self.ws.append(row)
        self.rows += 1


def _cell(ws: Any, value: str | float | None) -> Any:
    """A cell; text is shown as text: no formula (OWASP), no control characters
    (which the format cannot hold)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = spreadsheet_text(printable(value))
    return WriteOnlyCell(ws, value=value)


def _bold_cell(ws: Any, value: str, font: Any) -> Any:
    cell = _cell(ws, value)
    cell.font = font
    return cell
