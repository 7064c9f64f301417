"""The 自评表 as a spreadsheet (`report --format xlsx`): what offices ask for in Excel —
numbers as numbers, a title row, frozen headers, filters, landscape A4 that fits the
width and repeats the header row on every page; and the evidence catalogue beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipcheck.model.views.report import Report
from ipcheck.text.safety import printable, printable_block, spreadsheet_text

COLUMNS = [
    ("序号", 7),
    ("工作任务", 40),
    ("原文", 40),
    ("评分标准", 30),
    ("牵头/责任单位", 22),
    ("分值", 7),
    ("完成情况", 14),
    ("自评得分", 9),
    ("说明", 30),
    ("佐证材料编号", 12),
]
EVIDENCE_COLUMNS = [
    ("编号", 7),
    ("材料名称", 40),
    ("对应条目", 24),
    ("大小（字节）", 14),
    ("SHA-256", 70),
    ("核验", 12),
]
HEADER_ROW = 3  # title, what it answers, then the header


def write_report_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.properties.creator = "ipcheck"  # not "openpyxl"
    book.properties.title = printable(f"{report.title}——自评表")  # XML: U+FFFE as its escape
    table = book.active
    assert table is not None
    table.title = "自评表"
    footer = table.oddFooter
    if footer is not None:  # every printed page numbered
        footer.center.text = "第 &P 页 共 &N 页"
    whose = f"{report.assessee.name}{report.period}年度"
    review = report.review
    columns = COLUMNS + ([("复核得分", 9), ("复核意见", 30)] if review is not None else [])
    _head(table, report, f"{whose}自评表", columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for measure in report.measures:
        table.append([_text(f"（{measure.numeral}）"), _text(measure.title)])
        for cell in table[table.max_row]:
            cell.font = bold
        for item in measure.items:
            table.append(
                [
                    _text(item.number),
                    _text(item.text),
                    _text(item.basis),  # whole in every cell: a filter shows it
                    _text(item.criteria or "—"),
                    _text(measure.units_cell),
                    item.points,
                    _text(item.status_label),
                    item.earned,
                    _text(item.reason if item.status == "na" else item.note),
                    _text("、".join(item.evidence_ids)),
                    *(
                        []
                        if review is None
                        else [
                            item.reviewed,
                            _text(
                                (item.decision or "")
                                + (f"：{item.decision_reason}" if item.decision_reason else "")
                            ),
                        ]
                    ),
                ]
            )
            for cell in table[table.max_row]:
                cell.alignment = wrap
    summary = report.summary
    table.append([])
    table.append(
        [
            _text("合计"),
            _text(f"完成率 {summary.completion_pct}"),
            None,
            None,
            None,
            summary.max_score,
            None,
            summary.score,
            *(
                []
                if review is None
                else [None, None, review.score, _text(f"{review.reviewer}复核")]
            ),
        ]
    )
    _finish(table, len(columns))
    table.append([])
    table.append(  # the sign-off, with room to sign
        [_text(f"{name}：") for name in ("单位（公章）", "负责人（签字）", "填报人（签字）")]
        + [None, _text("联系电话："), None, _text("填报日期：")]
    )
    table.row_dimensions[table.max_row].height = 48

    catalogue = book.create_sheet("佐证材料目录")
    _head(catalogue, report, f"{whose}佐证材料目录", EVIDENCE_COLUMNS)
    for e in report.evidence:
        catalogue.append(
            [
                _text(e.id),
                _text(e.name),
                _text("、".join(e.items)),
                e.size,
                _text(e.sha256),
                _text(e.check_label),
            ]
        )
    _finish(catalogue, len(EVIDENCE_COLUMNS))
    book.save(path)


def _head(sheet: Any, report: Report, title: str, columns: list[tuple[str, int]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([_text(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    checklist = report.checklist
    sheet.append(
        [
            _text(
                f"{report.assessee.name}　{report.period}年度　依据{checklist.doc_number}"
                f"《{checklist.source_title}》　自评清单 {checklist.id} {checklist.version}　"
                f"{report.signature.date}"
            )
        ]
    )
    sheet.append([_text(name) for name, _width in columns])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for index, (_name, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _finish(sheet: Any, width: int) -> None:
    """Frozen header, filters, and printing: landscape A4, one page wide, the header
    row on every page."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(width)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(sheet.max_row, HEADER_ROW)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _text(value: str) -> str:
    """Text a spreadsheet shows as text: no formula (OWASP), no control characters but
    the line breaks and tabs of a note (its cell wraps), as docx keeps them."""
    return spreadsheet_text(printable_block(value))
