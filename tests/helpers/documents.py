"""Word and Excel files as a reader meets them, written out as plain text: what the
golden files of `report --format docx|xlsx` hold. The zip containers themselves carry
timestamps and library versions; what is compared is what is on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def docx_outline(path: Path) -> str:
    """Page setup of every section, then every paragraph (its style, alignment, bold runs
    in **…**) and table (its rows, whether the header repeats, rows kept whole) in order,
    and the footer with its fields."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(path))
    out: list[str] = []
    for number, section in enumerate(doc.sections, start=1):
        size = f"{round(section.page_width.mm)}×{round(section.page_height.mm)} mm"
        margins = "/".join(
            str(round(m.mm))
            for m in (
                section.top_margin,
                section.bottom_margin,
                section.left_margin,
                section.right_margin,
            )
        )
        out.append(
            f"section {number}: {size} {section.orientation.name.lower()}, "
            f"margins {margins} mm (top/bottom/left/right)"
        )
    footer = doc.sections[0].footer.paragraphs[0]
    fields = "".join(t.text.strip() for t in footer._p.iter(qn("w:instrText")))
    out.append(f"footer: {footer.text!r}, field {fields}")
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, doc)
            out.append(_paragraph(paragraph))
            if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                out.append("--- section break ---")
        elif element.tag == qn("w:tbl"):
            out += _table(Table(element, doc))
    return "\n".join(out) + "\n"


def _paragraph(paragraph: Any) -> str:
    text = "".join(f"**{r.text}**" if r.bold and r.text else r.text for r in paragraph.runs)
    align = paragraph.alignment.name.lower() if paragraph.alignment is not None else ""
    style = paragraph.style.name + (f", {align}" if align else "")
    return f"[{style}] {text}" if text else f"[{style}]"


def _table(table: Any) -> list[str]:
    from docx.oxml.ns import qn

    rows = table.rows
    header = rows[0]._tr.trPr is not None and rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    whole = all(
        r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows[1:]
    )
    out = [
        f"table: {len(rows)} rows × {len(table.columns)} columns, style {table.style.name}"
        f"{', header repeats' if header else ''}{', rows never split' if whole else ''}"
    ]
    for row in rows:
        cells = [_cell_text(tc) for tc in row._tr.tc_lst]  # a merged cell once
        out.append("  | " + " | ".join(cells) + " |")
    return out


def _cell_text(tc: Any) -> str:
    from docx.oxml.ns import qn

    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
    span = int(tc.grid_span)
    return "⏎".join(texts) + (f" (spans {span})" if span > 1 else "")


def xlsx_outline(path: Path) -> str:
    """Every sheet: its print setup, frozen panes, filter and merged cells, then every
    cell that holds something, with its type and number format."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    out: list[str] = []
    for sheet in book.worksheets:
        setup = sheet.page_setup
        out.append(
            f"sheet {sheet.title!r}: {setup.orientation} paper {setup.paperSize}, "
            f"fit to width {setup.fitToWidth}, print titles {sheet.print_title_rows}, "
            f"frozen {sheet.freeze_panes}, filter {sheet.auto_filter.ref}"
        )
        merged = sorted(str(r) for r in sheet.merged_cells.ranges)
        if merged:
            out.append(f"  merged {', '.join(merged)}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                kind = type(cell.value).__name__
                shown = f" [{cell.number_format}]" if cell.number_format != "General" else ""
                bold = " bold" if cell.font is not None and cell.font.b else ""
                out.append(f"  {cell.coordinate} {kind}{shown}{bold}: {cell.value!r}")
    return "\n".join(out) + "\n"
