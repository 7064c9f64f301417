"""The 自评表 spreadsheet's one owner: writing it for a department to fill, and reading a
filled one back as a received file — bounded in size, every formula refused (never
evaluated), every cell read as Excel shows it.

The sheet `自评表` holds the rows; a very hidden, protected sheet `ipcheck` records whose
sheet it is and every row as it went out, which the import compares the rows with.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.core.sheet import (
    COLUMNS,
    EDITABLE,
    SHEET_VERSION,
    Filled,
    Header,
    Row,
    Shown,
)
from ipcheck.errors import InputError
from ipcheck.model.assessment import Status
from ipcheck.model.points import exact
from ipcheck.rules.status import parse_status
from ipcheck.store.files import read_bytes
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text
from ipcheck.text.safety import printable, spreadsheet_text

SHEET = "自评表"
RECORD = "ipcheck"  # the very hidden sheet: whose sheet it is, each row as it went out
SHEET_LIMIT = 16 << 20  # a 自评表 of a few hundred rows is some tens of kB
UNZIPPED_LIMIT = 64 << 20  # what its parts may hold unpacked (a zip bomb stops here)
PARTS_LIMIT = 2000
ROWS_LIMIT = 5000
STATUSES = tuple(labels.STATUS[s.value] for s in Status)  # 未开始 推进中 已完成 不适用
WIDTHS = {"编号": 7, "工作内容": 46, "评分标准": 40, "分值": 6, "状态": 9, "部分得分": 9}
WIDTHS |= {"说明": 36, "不适用理由": 24, "佐证材料": 30}
RECORD_KEYS_1 = (
    "sheet_version",
    "kind",
    "name",
    "unit",
    "period",
    "checklist",
    "digest",
    "exported",
    "file_sha256",
    "mac",  # HMAC-SHA256 of all the above and every row, with this machine's sheet secret
)
RECORD_KEYS = (*RECORD_KEYS_1[:-1], "sheet", "mac")  # layout 2: the sheet's own id
RECORD_COLUMNS = ("item", "number", "text", "status", "score", "note", "reason")


def write_sheet(path: Path, title: str, header: Header, rows: Sequence[Shown]) -> None:
    """The sheet as a department fills it: the four columns it answers unlocked (the
    status a drop-down of the four, the part score held to the item's range), the rest
    locked; printed on A4 landscape with its title and page numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.properties.creator = "ipcheck"
    book.properties.title = printable(title)  # XML: U+FFFE shown as its escape
    ws: Any = book.active  # (openpyxl's types leave its parts optional)
    ws.title = SHEET
    ws.append([spreadsheet_text(printable(title))])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.append(list(COLUMNS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3F3F3")
    column = {name: index for index, name in enumerate(COLUMNS, start=1)}
    for name, width in WIDTHS.items():
        ws.column_dimensions[get_column_letter(column[name])].width = width
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="状态",
        error="请从下拉列表中选择：" + "、".join(STATUSES),
    )
    ws.add_data_validation(status)
    wrap = Alignment(wrap_text=True, vertical="top")
    grey = PatternFill("solid", fgColor="EEEEEE")
    for n, shown in enumerate(rows, start=3):
        row = shown.row
        ws.append(
            [
                row.number,
                row.text,
                shown.criteria,
                exact(shown.points),
                labels.STATUS[row.status.value],
                None if row.score is None else exact(row.score),
                row.note,
                row.reason,
                shown.evidence or None,
            ]
        )
        for cell in ws[n]:
            cell.alignment = wrap
            _as_text(cell)
        # as tall as its longest text wraps to: a suite that does not fit rows itself
        # (LibreOffice) prints it whole too
        lines = max(
            _lines(str(ws.cell(n, column[name]).value or ""), width)
            for name, width in WIDTHS.items()
        )
        ws.row_dimensions[n].height = 18 * lines + 2  # a line of 11 pt type, with leading
        for name in ("编号", "说明", "不适用理由"):
            ws.cell(n, column[name]).number_format = "@"  # text: Excel converts nothing
        for name in EDITABLE:
            ws.cell(n, column[name]).protection = Protection(locked=False)
        status.add(ws.cell(n, column["状态"]))
        score = ws.cell(n, column["部分得分"])
        if shown.part_allowed:
            held = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=points_text(shown.points - 0.5),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="部分得分",
                error=f"部分得分为 0 至 {points_text(shown.points - 0.5)}，以半分计",
            )
            ws.add_data_validation(held)
            held.add(score)
        else:  # its criteria give no part score: nothing to fill
            score.protection = Protection(locked=True)
            score.fill = grey
        ws.cell(n, column["佐证材料"]).fill = grey
    ws.freeze_panes = "C3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = spreadsheet_text(printable(title)).replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.protection.sheet = True  # the locked columns stay as they went out
    ws.protection.formatColumns = False  # widths may change
    ws.protection.formatRows = False
    record = book.create_sheet(RECORD)
    values = [SHEET_VERSION, *header, _mac(header, [shown.row for shown in rows], SHEET_VERSION)]
    for key, value in zip(RECORD_KEYS, values, strict=True):
        record.append([key, "" if value is None else value])
    record.append([])
    record.append(list(RECORD_COLUMNS))
    for shown in rows:
        row = shown.row
        record.append(
            [
                row.item,
                row.number,
                row.text,
                row.status.value,
                "" if row.score is None else points_text(row.score),
                row.note or "",
                row.reason or "",
            ]
        )
    for line in record.iter_rows():
        for cell in line:
            _as_text(cell)
    record.sheet_state = "veryHidden"
    record.protection.sheet = True
    book.save(path)


def _lines(text: str, width: float) -> int:
    """How many lines a text wraps to in a column `width` characters wide (a Chinese
    character is two)."""
    import math
    import unicodedata

    count = 0
    for line in text.split("\n") or [""]:
        wide = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        count += max(1, math.ceil(wide / max(1.0, width - 1)))
    return count


def _mac(header: Header, rows: Sequence[Row], version: int) -> str:
    """The record's seal: what went out cannot be rewritten by whoever fills the sheet."""
    import hashlib
    import hmac

    import msgspec

    from ipcheck.store.keys import sheet_secret

    said = header if version >= 2 else header[:-1]  # layout 1 had no sheet id
    facts = [
        [version, *said],
        [[r.item, r.number, r.text, r.status.value, r.score, r.note, r.reason] for r in rows],
    ]
    return hmac.new(sheet_secret(), msgspec.json.encode(facts), hashlib.sha256).hexdigest()


def _as_text(cell: Any) -> None:
    """A text cell kept as text, whatever it starts with: a note "=…" is a note, never a
    formula (the file says it is a string; no spreadsheet evaluates it)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


class ReadSheet:
    """A filled sheet as it came back: whose it is, its rows as recorded, as filled, and
    the seal of its record (which names this sheet among all exported)."""

    def __init__(self, header: Header, recorded: list[Row], filled: list[Filled], mac: str) -> None:
        self.header = header
        self.recorded = recorded
        self.filled = filled
        self.mac = mac


IMPORTED = "sheets-imported"  # in the config folder: each sheet imported here, once


class Imported(NamedTuple):
    """A sheet's line in the list of those imported here."""

    when: str  # as written: ISO 8601, local time with its offset
    name: str  # the file's name as it was imported

    def shown(self) -> str:
        """When, as an officer reads a time: 2026-01-02 10:00 (the offset left off)."""
        return self.when[:16].replace("T", " ")


def imported_when(mac: str) -> Imported | None:
    """When this sheet was imported on this computer, and as which file, if it was: a
    sheet comes back once; another import would replay it over the county's later
    corrections."""
    from ipcheck.store.keys import config_dir

    path = config_dir() / IMPORTED
    if not path.exists():
        return None
    for line in read_bytes(path, 64 << 20).decode("utf-8", "replace").splitlines():
        seal, _space, rest = line.partition(" ")
        if seal == mac:
            when, _space, name = rest.partition(" ")
            return Imported(when, name)
    return None


def import_ledger() -> Path:
    """The list of sheets imported here, ready to take one more line (checked before the
    import writes, so that it is never written and then not remembered)."""
    from ipcheck.store.keys import config_dir
    from ipcheck.text.oserrors import reason

    path = config_dir() / IMPORTED
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.open("a", encoding="utf-8").close()
    except OSError as exc:
        raise InputError(
            _("{path}: cannot note the sheets imported: {reason}").format(
                path=path, reason=reason(exc)
            )
        ) from None
    return path


def remember_import(ledger: Path, mac: str, sheet: Path, when: str) -> None:
    with ledger.open("a", encoding="utf-8") as lines:
        lines.write(f"{mac} {when} {sheet.name}\n")


def read_sheet(path: Path) -> ReadSheet:
    """A filled 自评表, checked as a received file: an xlsx within its limits, no formula
    in any cell of any sheet, the record sheet whole."""
    data = read_bytes(path, SHEET_LIMIT)
    name = path.name
    _check_zip(data, name)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises anything on a broken part: its name says nothing
        raise InputError(
            _(
                "{sheet}: not a spreadsheet ipcheck can read: save it again from Excel or WPS "
                "as an .xlsx workbook (without macros)"
            ).format(sheet=name)
        ) from None
    if SHEET not in book.sheetnames or RECORD not in book.sheetnames:
        raise InputError(
            _("{sheet}: not a 自评表 exported by ipcheck (ipcheck export makes one)").format(
                sheet=name
            )
        )
    for ws in (book[SHEET], book[RECORD]):
        if ws.max_row > ROWS_LIMIT or ws.max_column > 50:
            raise InputError(
                _(
                    "{sheet}: {where} reaches row {rows}, column {columns}: not a 自评表 "
                    "as exported"
                ).format(sheet=name, where=ws.title, rows=ws.max_row, columns=ws.max_column)
            )
    if book[SHEET].sheet_state != "visible":
        # what the department shows (another sheet in front) is not what would be taken
        raise InputError(
            _("{sheet}: its 自评表 is hidden: show it again (and delete any copy of it)").format(
                sheet=name
            )
        )
    header, recorded, mac = _record(book[RECORD], name)
    filled = _filled(book[SHEET], name)
    return ReadSheet(header, recorded, filled, mac)


CELLS_LIMIT = 200_000  # cells a worksheet may hold (a 自评表 of 500 items: under 5,000)
STRINGS_LIMIT = 100_000  # shared texts a workbook may hold (the same 自评表: under 5,000)
CELL_START = re.compile(rb"<(?:[A-Za-z0-9_]+:)?c[\s>/]")
FORMULA = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")
CELL = re.compile(rb'<(?:[A-Za-z0-9_]+:)?c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"')


def _refuse_formulas(archive: zipfile.ZipFile, name: str) -> None:
    """A formula in any cell of any sheet is refused, naming the cell: ipcheck never
    evaluates one, and a value a formula would show is not a value a department typed.
    Read from the sheets' XML itself (a formula is an <f> element), in one pass, whatever
    size the sheet claims."""
    sheets = _sheet_names(archive)
    parts = set(archive.namelist())
    # every worksheet the workbook names, wherever its part lies, and any other part that
    # is not a drawing or a chart (whose <c:f> are references, not cells)
    scanned = {p for p in sheets if p in parts} | {
        p
        for p in parts
        if p.endswith(".xml")  # anywhere in the package: a sheet may lie outside xl/
        and not p.startswith(("xl/charts/", "xl/drawings/", "xl/theme/"))
        and p not in ("xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml")
    }
    strings = archive.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in parts else b""
    if strings.count(b"<si") > STRINGS_LIMIT:  # each one costs the reader time and memory
        raise InputError(
            _("{sheet}: holds more than {count} texts; a 自评表 holds a few thousand").format(
                sheet=name, count=f"{STRINGS_LIMIT:,}"
            )
        )
    for part in sorted(scanned):
        xml = archive.read(part)
        cells = sum(1 for _cell in CELL_START.finditer(xml))
        if cells > CELLS_LIMIT:
            raise InputError(
                _("{sheet}: {where} holds {cells} cells; a 自评表 holds a few thousand").format(
                    sheet=name, where=sheets.get(part, part), cells=cells
                )
            )
        found = FORMULA.search(xml)
        if found is None:
            continue
        start = max(xml.rfind(b"<c ", 0, found.start()), 0)  # the cell it lies in
        match = CELL.search(xml, start, found.start())
        cell = match.group(1).decode() if match else "?"
        raise InputError(
            _("{sheet}: {where} holds a formula; type the value itself").format(
                sheet=name, where=f"{sheets.get(part, part)}!{cell}"
            )
        )


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's name in the workbook (xl/worksheets/sheet1.xml → 自评表)."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a broken part: the loader says so
        return {}
    import posixpath

    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(rel), "")
        # as the package's rules read it: from the root if it starts with /, else from
        # the workbook's folder (xl/), .. and all
        part = posixpath.normpath(target[1:] if target.startswith("/") else f"xl/{target}")
        out[part] = sheet.get("name", "")
    return out


def _check_zip(data: bytes, name: str) -> None:
    """An xlsx is a zip of XML parts: anything else, or parts that unpack beyond the
    limit (a zip bomb), is refused before a part is read. The sizes a zip declares bound
    what Python unpacks from it."""
    not_xlsx = _("{sheet}: not an xlsx file (save it from Excel or WPS as .xlsx)").format(
        sheet=name
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(not_xlsx) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise InputError(not_xlsx)
    if len(infos) > PARTS_LIMIT or sum(info.file_size for info in infos) > UNZIPPED_LIMIT:
        raise InputError(
            _("{sheet}: unpacks to more than {size} MB; ipcheck reads no more").format(
                sheet=name, size=UNZIPPED_LIMIT >> 20
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _refuse_formulas(archive, name)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        raise InputError(not_xlsx) from None


def _record(ws: Any, name: str) -> tuple[Header, list[Row], str]:
    broken = _("{sheet}: its record sheet was changed; export a new sheet (ipcheck export)")
    # the rows the sheet holds (read_sheet refused one past ROWS_LIMIT): openpyxl makes a
    # cell for every place of the range it is asked for, held or not (0.4 s an import)
    rows_held = ws.iter_rows(max_row=ws.max_row, max_col=8)
    cells = [[c.value for c in line] for line in rows_held]
    version = SHEET_VERSION if len(cells) > 1 and str(cells[0][1]) == str(SHEET_VERSION) else 1
    layout = RECORD_KEYS if version == SHEET_VERSION else RECORD_KEYS_1
    keys = {str(line[0]): line[1] for line in cells[: len(layout)] if line and line[0]}
    if tuple(keys) != layout or str(keys["sheet_version"]) != str(version):
        raise InputError(broken.format(sheet=name))
    from ipcheck.model.points import parse

    try:
        header = Header(
            kind=str(keys["kind"]),
            name=str(keys["name"]),
            unit=str(keys["unit"]) if keys["unit"] else None,
            period=int(str(keys["period"])),
            checklist=str(keys["checklist"]),
            digest=str(keys["digest"]),
            exported=str(keys["exported"]),
            file_sha256=str(keys["file_sha256"]),
            sheet=str(keys.get("sheet") or ""),
        )
        start = len(layout) + 2
        if tuple(cells[start - 1][: len(RECORD_COLUMNS)]) != RECORD_COLUMNS:
            raise ValueError("columns")
        rows = []
        for line in cells[start:]:
            if not any(v not in (None, "") for v in line):
                continue
            item, number, text, status, score, note, reason = (
                "" if v is None else str(v) for v in line[: len(RECORD_COLUMNS)]
            )
            rows.append(
                Row(
                    item=item,
                    number=number,
                    text=text,
                    status=Status(status),
                    score=parse(score) if score else None,
                    note=note or None,
                    reason=reason or None,
                )
            )
    except (ValueError, IndexError, KeyError, TypeError, OverflowError):
        raise InputError(broken.format(sheet=name)) from None
    import hmac

    if not hmac.compare_digest(str(keys["mac"] or ""), _mac(header, rows, version)):
        raise InputError(
            _(
                "{sheet}: its record of the rows as they went out was changed, or it was "
                "exported on another computer: import it where it was exported, or export "
                "a new sheet"
            ).format(sheet=name)
        )
    return header, rows, str(keys["mac"])


def _filled(ws: Any, name: str) -> list[Filled]:
    from openpyxl.utils import get_column_letter

    head = [c.value for c in ws[2]][: len(COLUMNS)] if ws.max_row >= 2 else []
    if tuple(head) != COLUMNS:
        raise InputError(
            _("{sheet}: row 2 is not the 自评表's header ({columns})").format(
                sheet=name, columns="、".join(COLUMNS)
            )
        )
    for merged in ws.merged_cells.ranges:
        if merged.max_row >= 3:  # (the title, row 1, is merged as exported)
            # a merged range holds its value in its first cell only: the rows under it
            # would come back empty, a note cleared that the department meant to keep
            raise InputError(
                _(
                    "{sheet}: {where} are merged cells: unmerge them, each row with its own value"
                ).format(sheet=name, where=f"{SHEET}!{merged.coord}")
            )
    at = {column: get_column_letter(n) for n, column in enumerate(COLUMNS, start=1)}
    rows: list[Filled] = []
    for line in ws.iter_rows(min_row=3, max_row=ws.max_row, max_col=len(COLUMNS)):
        values = {column: cell for column, cell in zip(COLUMNS, line, strict=False)}
        if all(_shown(c) is None for c in values.values()):
            continue  # an empty row (Excel keeps some)
        where = {column: f"{SHEET}!{at[column]}{line[0].row}" for column in COLUMNS}
        status_text = _shown(values["状态"])
        if status_text is None:
            raise InputError(
                _("{sheet}: {where}: no status (one of {words})").format(
                    sheet=name, where=where["状态"], words="、".join(STATUSES)
                )
            )
        try:
            status = parse_status(status_text)
        except InputError as exc:
            raise InputError(
                _("{sheet}: {where}: {problem}").format(
                    sheet=name, where=where["状态"], problem=exc
                )
            ) from None
        rows.append(
            Filled(
                number=_shown(values["编号"]) or "",
                text=_shown(values["工作内容"]) or "",
                status=status,
                score=_points(values["部分得分"], name, where["部分得分"]),
                note=_text(values["说明"], name, where["说明"]),
                reason=_text(values["不适用理由"], name, where["不适用理由"]),
                cells=where,
            )
        )
    return rows


def _shown(cell: Any) -> str | None:
    """A cell's value as Excel shows it (text/excel.py): 3月12日, 50%, 1,234.50."""
    if cell is None or cell.value is None:
        return None
    from ipcheck.text.excel import shown

    text = shown(cell.value, cell.number_format).replace("\r\n", "\n").strip()
    return text or None


def _text(cell: Any, name: str, where: str) -> str | None:
    from ipcheck.rules.values import clean_text

    try:
        return clean_text(_shown(cell), where)
    except InputError as exc:
        raise InputError(_("{sheet}: {problem}").format(sheet=name, problem=exc)) from None


def _points(cell: Any, name: str, where: str) -> float | None:
    from ipcheck.model.points import parse

    said = _shown(cell)
    if said is None:
        return None
    try:
        points = parse(said)
    except ValueError:
        raise InputError(
            _("{sheet}: {where}: {value!r} is not a part score (0 to 100 in half points)").format(
                sheet=name, where=where, value=said
            )
        ) from None
    held = cell.value
    if isinstance(held, int | float) and not isinstance(held, bool) and points != held:
        # 0.5 in a cell formatted "0" shows 1: which one the department meant, no one knows
        raise InputError(
            _(
                "{sheet}: {where}: the cell shows {shown} but holds {value}: let it show the "
                "part score itself (number format General)"
            ).format(sheet=name, where=where, shown=said, value=f"{held:g}")
        )
    return points
