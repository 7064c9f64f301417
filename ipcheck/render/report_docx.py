"""The 自评报告 as a Word document (`report --format docx`), laid out as a 公文 report
as far as GB/T 9704 applies: A4, margins 37/35/28/26 mm, title 2号 (22 pt), body 3号
(16 pt) 仿宋, 一、 headings 黑体 and （一） headings 楷体 as Word's own heading styles
(so they show in the navigation pane), page numbers "— 1 —" as fields at the foot,
the 落款 with room for the 公章, and the 自评表 as an attachment (附件) on landscape
pages, a Word table whose header row repeats on every page.

Fonts are the ones every Chinese Windows has (仿宋 FangSong, 黑体 SimHei, 楷体 KaiTi,
宋体 SimSun); Word and WPS substitute their own where one is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipcheck.model.views.report import Report
from ipcheck.text.safety import printable_block

# on the face of a report made from an unsealed file (the md and html templates say it too)
UNSEALED = (
    "【未封存：本报告据尚未封存的自评文件生成，文件封存后会变化；"
    "报送前请先封存（ipcheck seal）再重新生成】"
)
# … and from a file sealed and changed since (its bytes, or an evidence file)
SEAL_BROKEN = (
    "【封存后被改动：自评文件或佐证材料在封存后被改动"
    "（ipcheck verify 说明改动之处），本报告与报送的文件不符】"
)
BODY_FONT = "仿宋"  # FangSong
HEADING_FONT = "黑体"  # SimHei
SUBHEADING_FONT = "楷体"  # KaiTi
TITLE_FONT = "方正小标宋简体"  # GB/T 9704's title face; Word substitutes where it is missing
PAGE_NUMBER_FONT = "宋体"  # 4号半角宋体 Arabic numerals
# GB/T 9704: 22 lines of 28 characters on the 156 × 225 mm text area, 3号 (16 pt) type
LINES, CHARS = 22, 28
TABLE_STYLE = "表格文字"  # table text: 五号 (10.5 pt) 仿宋, on a 15 pt line
DRAFT_STYLE = "草稿"  # a section's draft: the body style, set apart in colour
PORTRAIT_TEXT_WIDTH = 156  # mm between the margins: 210 - 28 - 26
LANDSCAPE_TEXT_WIDTH = 243  # 297 - 28 - 26
TABLE_COLUMNS = [
    ("序号", 16),
    ("工作任务", 64),
    ("评分标准", 49),
    ("分值", 12),
    ("完成情况", 24),
    ("自评得分", 14),
    ("说明", 46),
    ("佐证材料编号", 18),
]
# with the office's review (report --review): two columns more, the texts narrower
REVIEWED_COLUMNS = [
    ("序号", 16),
    ("工作任务", 50),
    ("评分标准", 39),
    ("分值", 12),
    ("完成情况", 24),
    ("自评得分", 14),
    ("说明", 34),
    ("佐证材料编号", 18),
    ("复核得分", 14),
    ("复核意见", 22),
]


def write_report_docx(report: Report, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _margins(section)
    _page_numbers(doc, section)

    title = _add(doc, "", "Title")
    for index, line in enumerate(report.title_lines):
        run = title.add_run(_text(line))
        if index < len(report.title_lines) - 1:
            run.add_break()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.file.seal_broken:
        _paragraphs(doc, [SEAL_BROKEN], draft=True)
    elif not report.file.sealed:
        _paragraphs(doc, [UNSEALED], draft=True)
    if report.addressee:
        _plain(doc, f"{report.addressee}：")  # 主送机关
    sections = report.sections
    summary = report.summary

    _heading(doc, _text("一、基本情况"), 1)
    _paragraphs(doc, sections["situation"].paragraphs, draft=sections["situation"].draft)
    if report.figures:
        _heading(doc, _text("主要数据指标"), 2)  # one sub-part: not numbered
        table = _table(doc, ["指标", "数值", "单位"])
        for f in report.figures:
            _row(table, [f.name, f.value, f.unit or ""])
        _widths(table, [76, 40, 40])

    _heading(doc, _text("二、主要做法及成效"), 1)
    _paragraphs(doc, sections["practices"].paragraphs, draft=sections["practices"].draft)
    for practice in report.practices:
        if practice.level == "measure":
            _paragraphs(doc, practice.paragraphs, run_in=f"{practice.heading}。")
        else:
            _heading(doc, _text(practice.heading), 2)
            _paragraphs(doc, practice.paragraphs, draft=practice.draft)

    _heading(doc, _text("三、自评总体情况"), 1)
    counts = "，".join(f"{s.label}{s.count}项" for s in summary.statuses)
    reviewed = (
        f"经{report.review.reviewer}复核，得分{report.review.score}分"
        f"（满分{report.review.max_score}分）。"
        if report.review is not None
        else ""
    )
    _paragraphs(
        doc,
        f"共{summary.items}项工作任务：{counts}。完成率{summary.completion_pct}。"
        f"{summary.score_text}{reviewed}",
    )
    table = _table(doc, ["部分", "工作任务", "已完成", "完成率", "得分", "不适用"])
    for part in report.parts:
        _row(
            table,
            [
                f"{part.numeral}、{part.theme}",
                str(part.items),
                str(part.done),
                part.completion_pct,
                f"{part.score}/{part.max_score}",
                f"{part.na}项（{part.na_points}分）",
            ],
        )
    _widths(table, [36, 22, 22, 22, 26, 28])
    if report.not_applicable:
        _paragraphs(doc, "申请核减的不适用事项及理由：", keep=True)
        for n in report.not_applicable:
            _paragraphs(doc, f"{n.number} {n.text}——{n.reason}")
    if report.to_review:
        _paragraphs(doc, f"检查清单升级后待复核的条目{len(report.to_review)}项：", keep=True)
        for r in report.to_review:
            _paragraphs(doc, f"{r.number} {r.review}")
    _heading(doc, _text("四、存在问题"), 1)
    _paragraphs(doc, sections["problems"].paragraphs, draft=sections["problems"].draft)
    _heading(doc, _text("五、下一步打算"), 1)
    # the last paragraph of the text, the 附件说明 and the 落款 stay on one page: the
    # 落款 is never alone on a page (GB/T 9704)
    _paragraphs(doc, sections["plans"].paragraphs, draft=sections["plans"].draft, keep_last=True)

    schedule = f"{report.assessee.name}{report.period}年度自评表"
    closing = [doc.add_paragraph()]
    closing += _paragraphs(doc, f"附件：1. {schedule}")
    second = _plain(doc, "2. 佐证材料目录")  # under the 1.: 附件说明 as GB/T 9704 sets it
    second.paragraph_format.left_indent = Pt(80)
    closing += [second, doc.add_paragraph(), doc.add_paragraph()]
    name, date = report.signature.name, report.signature.date
    for line in (name, date):
        signed = _plain(doc, line)  # 落款, with room above for the 公章
        signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # the date 右空四字, the name centred over it
        shift = (_width(date) - _width(line)) / 2 if line == name else 0
        signed.paragraph_format.right_indent = Pt(64 + 16 * max(0.0, shift))
        closing.append(signed)
    for paragraph in closing[:-1]:
        paragraph.paragraph_format.keep_with_next = True

    appendix = doc.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    _margins(appendix, landscape=True)
    _attachment_label(doc, "附件1")
    _add(doc, _text(schedule), "Title")
    facts = _table(doc, ["被考核单位", "类别", "考核年度", "依据文件", "自评清单"])
    _row(
        facts,
        [
            report.assessee.name,
            report.assessee.kind_label,
            f"{report.period}年",
            f"{report.checklist.doc_number}《{report.checklist.source_title}》",
            f"{report.checklist.id} {report.checklist.version}",
        ],
    )
    _widths(facts, [30, 30, 25, 108, 50])
    doc.add_paragraph()
    review = report.review
    columns = REVIEWED_COLUMNS if review is not None else TABLE_COLUMNS
    table = _table(doc, [name for name, _width in columns])
    extra = len(columns) - len(TABLE_COLUMNS)
    for measure in report.measures:
        # the measure's row: its title and its units (牵头/责任单位, or a unit's role)
        heading = f"{measure.title}（{measure.units_cell}）"
        row = [f"（{measure.numeral}）", heading, *[""] * (len(columns) - 2)]
        _row(table, row, bold=True, span=True)
        for item in measure.items:
            cells = [
                item.number,
                item.text,
                item.criteria or "—",
                str(item.points),
                item.status_label,
                "—" if item.earned is None else str(item.earned),
                item.reason if item.status == "na" else item.note,
                "、".join(item.evidence_ids),
            ]
            if review is not None:
                said = f"：{item.decision_reason}" if item.decision_reason else ""
                cells += ["—" if item.reviewed is None else str(item.reviewed)]
                cells += [f"{item.decision or ''}{said}"]
            _row(table, cells)
    total = ["合计", "", "", str(summary.max_score), "", str(summary.score), "", ""]
    if review is not None:
        total += [f"{review.score}/{review.max_score}", f"{review.reviewer}复核"]
    assert len(total) == len(TABLE_COLUMNS) + extra
    _row(table, total, bold=True)
    _widths(table, [w for _name, w in columns])
    rules = "".join(f"{r}；" for r in summary.rules)
    _plain(doc, f"注：计分说明：{rules}{summary.weights}。", style=TABLE_STYLE)
    doc.add_paragraph()
    signoff = _table(
        doc, ["单位（公章）", "负责人（签字）", "填报人（签字）", "联系电话", "填报日期"]
    )
    _row(signoff, ["", "", "", "", ""], height=Mm(20))
    _widths(signoff, [60, 45, 45, 45, 48])

    _attachment_label(doc, "附件2", new_page=True)
    _add(doc, _text("佐证材料目录"), "Title")
    if report.evidence_problems:
        _paragraphs(
            doc,
            f"注：生成本报告时核验佐证材料，有 {report.evidence_problems} 个文件缺失或与所列 "
            "SHA-256 不符，已在“核验”栏标出。",
        )
    catalogue = _table(doc, ["编号", "材料名称", "对应条目", "大小", "SHA-256", "核验"])
    for e in report.evidence:
        row = [e.id, e.name, "、".join(e.items), e.size_text, e.sha256, e.check_label]
        _row(catalogue, row)
    if not report.evidence:
        _row(catalogue, ["（无）", "", "", "", "", ""])
    _widths(catalogue, [14, 56, 60, 20, 73, 20])
    rows = catalogue.table.rows
    for cell in rows[len(rows) - 1].cells:  # the last row goes with the closing lines
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    file = report.file
    lines = [f"自评文件：{file.name}（SHA-256：{file.sha256}）"]
    if file.chain_head:
        sealed = "（已封存）" if file.sealed else ""
        lines.append(f"历史记录链头：{file.chain_head}{sealed}")
    lines.append("佐证材料以本目录所列 SHA-256 校验值为准。")
    ending = [doc.add_paragraph(), *(_plain(doc, line, style=TABLE_STYLE) for line in lines)]
    for paragraph in ending[:-1]:  # the closing lines together, never the last one alone
        paragraph.paragraph_format.keep_with_next = True
    _properties(doc, report)
    doc.save(str(path))


def _properties(doc: Any, report: Report) -> None:
    """The file's properties as the report's: its title, its author, when it was made
    (not the template's 2013 and "generated by python-docx")."""
    import datetime as dt

    made = dt.datetime.fromisoformat(report.generated).astimezone(dt.UTC).replace(tzinfo=None)
    properties = doc.core_properties
    properties.title = _text(report.title)
    properties.author = properties.last_modified_by = _text(report.signature.name)
    properties.comments = properties.subject = properties.keywords = ""
    properties.created = properties.modified = made
    properties.revision = 1
    properties.language = "zh-CN"
    theme = doc.settings.element.find(_qn("w:themeFontLang"))  # the template's ja-JP
    if theme is not None:
        theme.set(_qn("w:val"), "zh-CN")
        theme.set(_qn("w:eastAsia"), "zh-CN")


def _styles(doc: Any) -> None:
    """Styles, not direct formatting: what Word users change in one place."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    def font(style: Any, name: str, size: float, bold: bool = False) -> None:
        style.font.name = name
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(_qn(attr), name)
        # the template's theme fonts would win over the names (ECMA-376 17.3.2.26)
        for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(_qn(attr), None)

    normal = doc.styles["Normal"]
    font(normal, BODY_FONT, 16)
    from docx.oxml import OxmlElement

    properties = normal.element.get_or_add_rPr()
    language = properties.find(_qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(_qn("w:val"), "zh-CN")
    language.set(_qn("w:eastAsia"), "zh-CN")
    normal.paragraph_format.first_line_indent = Pt(32)  # two characters
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    title = doc.styles["Title"]
    font(title, TITLE_FONT, 22, bold=False)  # 2号小标宋, not bold
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28)  # a blank line before the 主送机关
    borders = title.element.pPr.find(_qn("w:pBdr"))  # the template's rule under the title
    if borders is not None:
        title.element.pPr.remove(borders)
    draft = doc.styles.add_style(DRAFT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    draft.base_style = normal
    draft.font.color.rgb = RGBColor(0x9C, 0x57, 0x00)  # to be rewritten before sending
    draft.font.italic = True
    cells = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    assert cells.style_id == TABLE_STYLE  # a name without spaces is its own id
    cells.base_style = normal
    font(cells, BODY_FONT, 10.5)
    cells.paragraph_format.first_line_indent = Pt(0)
    cells.paragraph_format.line_spacing = Pt(15)
    font(doc.styles["Heading 1"], HEADING_FONT, 16)
    font(doc.styles["Heading 2"], SUBHEADING_FONT, 16)
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].paragraph_format.first_line_indent = Pt(32)


def _margins(section: Any, landscape: bool = False) -> None:
    """GB/T 9704's margins; the landscape attachment keeps the side margins top and bottom.
    The page number's line begins 7 mm below the text area (its 4号 line is 14 pt high), and
    the portrait pages carry the document grid: 22 lines of 28 characters."""
    from docx.shared import Mm, Pt

    if landscape:
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = section.bottom_margin - Mm(7) - Pt(14)
    if not landscape:
        _grid(section)
    else:  # the 自评表's table sets its own lines
        grid = section._sectPr.find(_qn("w:docGrid"))
        if grid is not None:
            section._sectPr.remove(grid)


def _grid(section: Any) -> None:
    """The document grid (w:docGrid): lines and characters, so Word sets 28 a line."""
    from docx.oxml import OxmlElement

    text_height = section.page_height - section.top_margin - section.bottom_margin
    text_width = section.page_width - section.left_margin - section.right_margin
    line_pitch = round(text_height / LINES / 635)  # EMU → twips
    # charSpace: the grid's character pitch beyond the 16 pt type, in 1/4096 of a point
    char_pitch_pt = text_width / CHARS / 12700
    properties = section._sectPr
    grid = properties.find(_qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        properties.append(grid)
    grid.set(_qn("w:type"), "linesAndChars")
    grid.set(_qn("w:linePitch"), str(line_pitch))
    grid.set(_qn("w:charSpace"), str(round((char_pitch_pt - 16) * 4096)))


def _page_numbers(doc: Any, section: Any) -> None:
    """ "— 1 —" at the foot of every page, a PAGE field (not a typed number), at the outer
    edge as GB/T 9704 sets it: odd pages right, even pages left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.first_line_indent = 0
        if alignment is WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(14)  # one 4号 character in
        else:
            paragraph.paragraph_format.left_indent = Pt(14)
        _page_field(paragraph)


def _page_field(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(_qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(_qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(_qn("w:fldCharType"), "end")
    run._r.append(end)
    paragraph.add_run(" —")
    for piece in paragraph.runs:  # 4号 (14 pt) 宋体, as GB/T 9704 sets the page number
        piece.font.size = Pt(14)
        piece.font.name = PAGE_NUMBER_FONT
        piece._r.get_or_add_rPr().get_or_add_rFonts().set(_qn("w:eastAsia"), PAGE_NUMBER_FONT)


def _paragraphs(
    doc: Any,
    text: str | list[str],
    run_in: str = "",
    *,
    draft: bool = False,
    keep: bool = False,
    keep_last: bool = False,
) -> list[Any]:
    """Paragraphs in the body style (a text is one); run_in starts the first (a third-level
    heading, 1., in the body's own 仿宋 as GB/T 9704 sets it, not bold); a
    draft in the 草稿 style (set apart, to be rewritten); keep holds each with the next,
    keep_last the last."""
    lines = [text] if isinstance(text, str) else text
    made = []
    for index, line in enumerate(lines):
        paragraph = _add(doc, "", DRAFT_STYLE if draft else None)
        if run_in and index == 0:
            paragraph.add_run(_text(run_in))
        paragraph.add_run(_text(line))
        if keep or (keep_last and index == len(lines) - 1):
            paragraph.paragraph_format.keep_with_next = True
        made.append(paragraph)
    return made


def _width(text: str) -> float:
    """How many characters wide a line is set: a Chinese character 1, a digit ½."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _attachment_label(doc: Any, text: str, new_page: bool = False) -> None:
    """附件1 at the top left of the attachment, 黑体 (a heading: it shows in the pane)."""
    label = _add(doc, _text(text), "Heading 1")
    label.paragraph_format.first_line_indent = 0
    label.paragraph_format.page_break_before = new_page


def _plain(doc: Any, text: str, style: str | None = None) -> Any:
    """A body paragraph without the first-line indent: 主送机关, 落款, notes."""
    paragraph = _add(doc, _text(text), style)
    paragraph.paragraph_format.first_line_indent = 0
    return paragraph


class Grid:
    """A table being built: python-docx's table with its header row, and the rows to add,
    written as XML in one piece when the widths are known (`_widths`). Building a
    thousand cells through python-docx's objects was most of a Word report's time."""

    def __init__(self, table: Any) -> None:
        self.table = table
        self.rows: list[tuple[list[str], bool, bool, Any]] = []


def _table(doc: Any, names: list[str]) -> Grid:
    table = doc.add_table(rows=1, cols=len(names))
    table._tbl.tblStyle_val = _style(doc, "Table Grid").style_id  # (as _add does)
    _header(table, names)
    return Grid(table)


def _header(table: Any, names: list[str]) -> None:
    """The header row, repeated at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement

    row = table.rows[0]
    for cell, name in zip(row.cells, names, strict=True):
        cell.text = ""
        _table_text(cell.paragraphs[0])
        cell.paragraphs[0].add_run(_text(name)).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(_qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)


def _row(
    grid: Grid, values: list[str], bold: bool = False, height: Any = None, span: bool = False
) -> None:
    """A row of the table's text style, never split across pages; bold where asked (else
    the table text's own weight); with `span`, the cells after the first made one."""
    grid.rows.append((values, bold, span, height))


def _table_text(paragraph: Any) -> None:
    """paragraph.style = TABLE_STYLE, written straight into the paragraph: python-docx
    looks through every style for the default one on each such call."""
    paragraph._p.get_or_add_pPr().style = TABLE_STYLE


def _widths(grid: Grid, widths: list[float]) -> None:
    """Fixed column widths (the grid, which LibreOffice and WPS read, and each cell, which
    Word reads), spanning the text width of the page; then the rows, in one piece."""
    from docx.oxml.parser import parse_xml
    from docx.shared import Mm

    assert round(sum(widths)) in (PORTRAIT_TEXT_WIDTH, LANDSCAPE_TEXT_WIDTH), widths
    table = grid.table
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Mm(width)
    twips = [round(Mm(width).twips) for width in widths]
    rows = "".join(
        _row_xml(values, bold, span, height, twips) for values, bold, span, height in grid.rows
    )
    for row in parse_xml(f'<w:tbl xmlns:w="{_W}">{rows}</w:tbl>'):
        table._tbl.append(row)
    grid.rows.clear()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _row_xml(values: list[str], bold: bool, span: bool, height: Any, twips: list[int]) -> str:
    cells = list(zip(values, twips, strict=True))
    if span:  # the first cell, then one spanning the rest (python-docx's merge, as XML)
        rest = cells[1:]
        cells = [cells[0], (rest[0][0], sum(t for _v, t in rest))]
    tall = "" if height is None else f'<w:trHeight w:val="{round(height.twips)}"/>'
    out = [f"<w:tr><w:trPr><w:cantSplit/>{tall}</w:trPr>"]
    for index, (value, width) in enumerate(cells):
        grid_span = f'<w:gridSpan w:val="{len(twips) - 1}"/>' if span and index == 1 else ""
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE}"/></w:pPr>'
            f"{_run_xml(_text(value), bold)}</w:p></w:tc>"
        )
    out.append("</w:tr>")
    return "".join(out)


def _escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils would import urllib.request: 20 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _style(doc: Any, name: str) -> Any:
    """A style by name, looked up once: python-docx searches every style on each lookup
    by name, a tenth of the Word report's time."""
    kept: dict[str, Any] = doc.__dict__.setdefault("_ipcheck_styles", {})
    if name not in kept:
        kept[name] = doc.styles[name]
    return kept[name]


def _heading(doc: Any, text: str, level: int) -> Any:
    return _add(doc, text, f"Heading {level}")


def _add(doc: Any, text: str, style: str | None) -> Any:
    """doc.add_paragraph(text, style): the style written straight into the paragraph, as
    python-docx's own setter looks through every style for the default one on each call
    (a fifth of the Word report's time)."""
    paragraph = doc.add_paragraph(text)
    if style is not None:
        paragraph._p.get_or_add_pPr().style = _style(doc, style).style_id
    return paragraph


def _run_xml(text: str, bold: bool) -> str:
    """A run as python-docx writes one: a line break as <w:br/>, a tab as <w:tab/>."""
    escape = _escape

    style = "<w:rPr><w:b/></w:rPr>" if bold else ""
    pieces: list[str] = []
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            pieces.append("<w:br/>")
        for tab_number, chunk in enumerate(line.split("\t")):
            if tab_number:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{style}{''.join(pieces)}</w:r>"


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(name))


def _text(value: str) -> str:
    """Text Word can hold: line breaks kept, every other control character and what XML 1.0
    forbids (U+FFFE, U+FFFF) shown as an escape."""
    return printable_block(value)
