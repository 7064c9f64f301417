"""`export` and `import` (issue 30): the 自评表 as a spreadsheet several departments fill
without a terminal, imported one after another into the county's file, each change in
the department's name; every refusal leaves the file byte-identical."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import (
    EXAMPLE_DIR,
    EXAMPLES,
    RECEIVED,
    Run,
    example_on_1_0_0,
    received_checklist,
    reopen,
)

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def county(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """叶县's file, unsealed to be worked on, in the current folder."""
    folder = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE_DIR, folder)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("IPCHECK_USER", "叶县市场监管局")
    assert reopen(folder / NAME).code == 0
    return folder / NAME


def rows_of(path: Path) -> dict[str, int]:
    """The sheet's rows by item number."""
    ws = load_workbook(path)["自评表"]
    return {str(ws.cell(r, 1).value): r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value}


def fill(path: Path, out: Path, values: dict[str, dict[str, Any]]) -> Path:
    """A department's answers, typed into the sheet (as Excel saves them: openpyxl)."""
    book = load_workbook(path)
    ws = book["自评表"]
    head = [c.value for c in ws[2]]
    rows = rows_of(path)
    for number, cells in values.items():
        for column, value in cells.items():
            cell = ws.cell(rows[number], head.index(column) + 1)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # typed text, never a formula
    book.save(out)
    return out


def item_ids(path: Path) -> dict[str, str]:
    """Item number -> id, as the sheet's record keeps them."""
    record = load_workbook(path)["ipcheck"]
    return {str(r[1]): str(r[0]) for r in record.iter_rows(min_row=12, values_only=True) if r[0]}


def part_score_item(path: Path) -> str:
    """A row whose part score cell takes a value (its criteria give part points)."""
    ws = load_workbook(path)["自评表"]
    ranges = [str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    cell = ranges[0].split()[0]
    return str(ws[f"A{cell[1:]}"].value)


def history(path: Path) -> list[dict[str, Any]]:
    return list(tomllib.loads(path.read_text(encoding="utf-8"))["history"])


def test_export_writes_a_sheet_a_department_can_fill_and_print(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    run = cli("export", "--unit", "市中级人民法院")
    assert run.code == 0, run
    out = county.parent / "叶县-2025-市中级人民法院-自评表.xlsx"
    assert "叶县2025年度自评表（市中级人民法院）" in run.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["自评表", "ipcheck"]
    assert book["ipcheck"].sheet_state == "veryHidden" and book["ipcheck"].protection.sheet
    assert book.properties.creator == "ipcheck"
    ws = book["自评表"]
    assert [c.value for c in ws[2]] == [
        "编号",
        "工作内容",
        "评分标准",
        "分值",
        "状态",
        "部分得分",
        "说明",
        "不适用理由",
        "佐证材料",
    ]
    rows = rows_of(out)
    whole = rows_of(Path(cli("export", "-o", tmp_path / "all.xlsx").stderr.split(":")[0]))
    assert 0 < len(rows) < len(whole) == 91  # the court's measures; every item of 叶县
    # locked but for the four columns; the status a drop-down of the four statuses
    assert ws.protection.sheet
    first = min(rows.values())
    assert [ws.cell(first, c).protection.locked for c in range(1, 10)] == [
        True,
        True,
        True,
        True,
        False,
        ws.cell(first, 6).protection.locked,
        False,
        False,
        True,
    ]
    (status,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert status.formula1 == '"未开始,推进中,已完成,不适用"'
    assert len(list(status.sqref.ranges)) >= 1 and f"E{first}" in str(status.sqref)
    # a part score only where the criteria give one (none of the court's items)
    assert not [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    every = load_workbook(tmp_path / "all.xlsx")["自评表"]
    parts = [dv for dv in every.data_validations.dataValidation if dv.type == "decimal"]
    assert len(parts) == 2 and all(dv.formula1 == "0" for dv in parts)  # 14.2 and 14.6
    assert {dv.formula2 for dv in parts} <= {"0.5", "1", "1.5", "2", "2.5"}
    # printed on A4 landscape, its title and page numbers on every page
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
    assert ws.oddHeader.center.text == "叶县2025年度自评表（市中级人民法院）"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.print_title_rows == "$2:$2"


def test_two_departments_feed_one_file(cli: CLI, county: Path, tmp_path: Path) -> None:
    """The court and the procuratorate each get their sheet, fill their rows, and come
    back one after another: each change in its own name, rows left alone unchanged."""
    court = tmp_path / "court.xlsx"
    procuratorate = tmp_path / "procuratorate.xlsx"
    assert cli("export", "1.2", "十四", "-o", court).code == 0
    assert cli("export", "1.2", "8", "-o", procuratorate).code == 0
    scored = part_score_item(court)
    fill(
        court,
        court,
        {
            "1.2": {"状态": "已完成", "说明": "全年审结严重侵权案件 12 件"},
            scored: {"状态": "推进中", "部分得分": 0.5},
        },
    )
    numbers = list(rows_of(procuratorate))
    fill(
        procuratorate, procuratorate, {numbers[-1]: {"状态": "不适用", "不适用理由": "本院未受理"}}
    )
    before = len(history(county))
    first = cli("import", court, "--by", "县法院")
    assert first.code == 0, first
    assert "1.2 状态 未开始 → 已完成；说明 — → 全年审结严重侵权案件 12 件" in first.stderr
    assert "2 rows imported" in first.stderr
    second = cli("import", procuratorate, "--by", "县检察院")
    assert second.code == 0, second
    assert "1 row imported" in second.stderr  # its 1.2 row was left alone: unchanged
    lines = history(county)[before:]
    assert {line["by"] for line in lines} == {"县法院", "县检察院"}
    assert [line["action"] for line in lines if line["by"] == "县检察院"] == ["status", "reason"]
    items = tomllib.loads(county.read_text(encoding="utf-8"))["items"]
    ids = item_ids(court) | item_ids(procuratorate)
    assert items[ids["1.2"]]["status"] == "done"
    assert (items[ids[scored]]["status"], items[ids[scored]]["score"]) == ("in_progress", 0.5)
    assert items[ids[numbers[-1]]]["status"] == "na"
    # the county corrects a row; the court's sheet, imported again, would undo it
    assert cli("mark", "1.2", "推进中").code == 0
    after = county.read_bytes()
    again = cli("import", court, "--by", "县法院")
    assert again.code == 2 and "was imported on" in again.stderr
    assert "a sheet comes back once" in again.stderr and county.read_bytes() == after
    assert re.search(r"was imported on \d{4}-\d\d-\d\d \d\d:\d\d: ", again.stderr)
    # a copy of it, saved under another name, is named with the name it came back as
    copy = court.with_name("法院-再次发送.xlsx")
    copy.write_bytes(court.read_bytes())
    renamed = cli("import", copy, "--by", "县法院")
    assert renamed.code == 2 and county.read_bytes() == after
    assert "法院-再次发送.xlsx was imported on " in renamed.stderr
    assert f", as {court.name}: a sheet comes back once" in renamed.stderr


def test_dry_run_shows_every_change_and_writes_nothing(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "-o", sheet).code == 0
    fill(sheet, sheet, {"1.2": {"状态": "完成", "说明": "已办结"}})  # 完成: as mark takes it
    before = county.read_bytes()
    run = cli("import", sheet, "--by", "县法院", "--dry-run")
    assert run.code == 0
    assert "1.2 状态 未开始 → 已完成；说明 — → 已办结" in run.stderr
    assert "1 row would be imported (--dry-run: nothing written)" in run.stderr
    assert county.read_bytes() == before


def test_dates_and_numbers_come_back_as_excel_shows_them(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "-o", sheet).code == 0
    book = load_workbook(sheet)
    ws = book["自评表"]
    row = rows_of(sheet)["1.2"]
    ws.cell(row, 5).value = "推进中"
    ws.cell(row, 7).value = dt.datetime(2026, 3, 12)  # Excel turned 2026/3/12 into a date
    ws.cell(row, 7).number_format = "yyyy/m/d"
    book.save(sheet)
    assert cli("import", sheet, "--by", "县法院").code == 0
    state = tomllib.loads(county.read_text(encoding="utf-8"))["items"]["serious-infringement"]
    assert state["note"] == "2026/3/12"
    ws.cell(row, 7).value = 12.0  # a count typed into the note
    book.save(sheet)
    assert cli("import", sheet, "--by", "县法院").code == 2  # a sheet comes back once
    assert cli("export", "1.2", "-o", sheet, "--force").code == 0
    fill(sheet, sheet, {"1.2": {"说明": 12.0}})
    assert cli("import", sheet, "--by", "县法院").code == 0
    state = tomllib.loads(county.read_text(encoding="utf-8"))["items"]["serious-infringement"]
    assert state["note"] == "12"


def _bomb(path: Path) -> Path:
    """An xlsx-shaped zip whose one part unpacks to 100 MB of zeros."""
    # compresslevel 1: zeros pack as far as a bomb needs, at half the test's time
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (100 << 20))
    return path


def _laughs(good: Path, path: Path) -> Path:
    """The sheet with a cell's text turned into a billion laughs."""
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.decode().split("?>", 1)[-1].replace("<t>", "<t>&j;", 1)
                data = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>{body}'.encode()
            target.writestr(info, data)
    return path


def _rewritten(good: Path, path: Path, change: Callable[[str, bytes], tuple[str, bytes]]) -> Path:
    """The sheet with its parts rewritten (name, bytes) -> (name, bytes)."""
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            name, data = change(info.filename, source.read(info.filename))
            target.writestr(name, data)
    return path


def _dense(name: str, data: bytes) -> tuple[str, bytes]:
    if name == "xl/worksheets/sheet1.xml":
        data = data.replace(b"</sheetData>", b"<c/>" * 200_001 + b"</sheetData>")
    return name, data


def _moved_with_formula(name: str, data: bytes) -> tuple[str, bytes]:
    """The 自评表's part moved out of xl/worksheets/, a formula in G3."""
    if name == "xl/worksheets/sheet1.xml":
        return "xl/ws/sheet1.xml", data.replace(
            b'<c r="G3"', b'<c r="G3"><f>"A"&amp;"B"</f></c><c r="Z9"', 1
        )
    if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        data = data.replace(b"worksheets/sheet1.xml", b"ws/sheet1.xml")
    return name, data


def _refusals(cli: CLI, county: Path, tmp_path: Path) -> list[tuple[str, Path, str]]:
    """(what, sheet, the words its one-line error holds)."""
    good = tmp_path / "good.xlsx"
    assert cli("export", "1.2", "1.3", "1.5", "7.7", "14.2", "-o", good).code == 0
    cases: list[tuple[str, Path, str]] = []

    def case(what: str, values: dict[str, dict[str, Any]], words: str) -> None:
        cases.append((what, fill(good, tmp_path / f"{len(cases)}.xlsx", values), words))

    case("a changed item number", {"1.2": {"编号": "1.9"}}, "编号 of 1.2 was changed")
    case("a changed item text", {"1.3": {"工作内容": "别的"}}, "工作内容 of 1.3 was changed")
    case("an unknown status", {"1.2": {"状态": "差不多"}}, "unknown status")
    case("不适用 without a reason", {"1.2": {"状态": "不适用"}}, "needs a reason")
    case(
        "a part score where none is given",
        {"1.5": {"状态": "推进中", "部分得分": 0.5}},
        "自评表!F5: 1.5 “三合一”协调机制: its criteria (评分标准) give no part score",
    )
    case(
        "a part score beyond the item's range",
        {"14.2": {"状态": "推进中", "部分得分": 9}},
        "a part score is 0 to",
    )
    case(
        "a part score typed beside 已完成",
        {"14.2": {"状态": "已完成", "部分得分": 1}},
        "a part score belongs to an item 推进中",
    )
    case(
        "a 不适用 reason typed beside 未开始",
        {"1.2": {"不适用理由": "本县无此类案件"}},
        "a 不适用 reason goes with the status 不适用",
    )
    case("a part score that is no number", {"1.2": {"部分得分": "一半"}}, "is not a part score")
    # a formula, in any cell of any sheet: named, never evaluated
    formula = tmp_path / "formula.xlsx"
    book = load_workbook(good)
    book["自评表"]["G3"] = '=HYPERLINK("http://example.invalid")'
    book.save(formula)
    cases.append(("a formula", formula, "自评表!G3 holds a formula"))
    hidden = tmp_path / "hidden-formula.xlsx"
    book = load_workbook(good)
    book["ipcheck"]["C1"] = "=1+1"
    book.save(hidden)
    cases.append(("a formula in the record sheet", hidden, "ipcheck!C1 holds a formula"))
    # the record sheet edited: an item out of 叶县's scope
    outside = tmp_path / "outside.xlsx"
    book = load_workbook(good)
    record = book["ipcheck"]
    for line in record.iter_rows():
        if line[0].value == "serious-infringement":
            line[0].value = "no-such-item"
            line[0].data_type = "s"
    book.save(outside)
    cases.append(
        ("a record forged (an item 叶县 does not answer)", outside, "went out was changed")
    )
    overflow = tmp_path / "overflow.xlsx"
    book = load_workbook(good)
    for line in book["ipcheck"].iter_rows():
        if line[0].value == "serious-infringement":
            line[4].value = "1e400"
            line[4].data_type = "s"
    book.save(overflow)
    cases.append(("a record whose score is no number", overflow, "its record sheet was changed"))
    far = tmp_path / "far.xlsx"
    book = load_workbook(good)
    book["自评表"]["XFD1048576"] = "x"
    book.save(far)
    cases.append(("a cell at the sheet's far corner", far, "reaches row 1048576"))
    # whose sheet: another county, another year, another checklist version
    other = tmp_path / "other"
    shutil.copytree(EXAMPLES / "counties" / "郏县-2025", other)
    theirs = tmp_path / "jia.xlsx"
    assert cli("export", "-f", other / "郏县-2025.toml", "1.2", "-o", theirs).code == 0
    cases.append(("another county's sheet", theirs, "is the sheet of 郏县 2025"))
    last_year = tmp_path / "2024"
    last_year.mkdir()
    assert cli("init", "--county", "叶县", "--period", "2024", "-o", last_year / "y.toml").code == 0
    old_year = tmp_path / "2024.xlsx"
    assert cli("export", "-f", last_year / "y.toml", "1.2", "-o", old_year).code == 0
    cases.append(("another year's sheet", old_year, "is the sheet of 叶县 2024"))
    older = tmp_path / "older"
    old_file = example_on_1_0_0(older)
    old_sheet = tmp_path / "1.0.0.xlsx"
    assert cli("export", "-f", old_file, "1.2", "-o", old_sheet).code == 0
    cases.append(("a sheet of another checklist version", old_sheet, "exported on checklist"))
    # not a spreadsheet, too large, a zip bomb
    text = tmp_path / "not.xlsx"
    text.write_text("编号,状态\n1.2,已完成\n", encoding="utf-8")
    cases.append(("not an xlsx", text, "not an xlsx file"))
    large = tmp_path / "large.xlsx"
    with large.open("wb") as f:
        f.truncate(17 << 20)
    cases.append(("too large", large, "larger than 16 MB"))
    cases.append(("a zip bomb", _bomb(tmp_path / "bomb.xlsx"), "unpacks to more than 64 MB"))
    dense = _rewritten(good, tmp_path / "dense.xlsx", _dense)
    cases.append(("a sheet of 200,001 cells more", dense, "自评表 holds 2000"))
    moved = _rewritten(good, tmp_path / "moved.xlsx", _moved_with_formula)
    cases.append(("a formula in a sheet kept elsewhere", moved, "自评表!G3 holds a formula"))
    cases.append(("entities that expand", _laughs(good, tmp_path / "laughs.xlsx"), "can read"))
    for where in ("/custom/sheet1.xml", "../custom/sheet1.xml"):  # outside xl/, as a package may
        outside_xl = _rewritten(good, tmp_path / f"out-{len(cases)}.xlsx", _moved_to(where))
        cases.append((f"a formula in a sheet at {where}", outside_xl, "自评表!G3 holds a formula"))
    merged = tmp_path / "merged.xlsx"
    book = load_workbook(fill(good, merged, {"1.2": {"说明": "同一说明"}}))
    book["自评表"].merge_cells("G3:G4")  # the same note, merged down over 1.3's
    book.save(merged)
    cases.append(("merged notes", merged, "自评表!G3:G4 are merged cells: unmerge them"))
    decoy = tmp_path / "decoy.xlsx"
    book = load_workbook(fill(good, decoy, {"1.2": {"状态": "已完成"}}))
    book.copy_worksheet(book["自评表"]).title = "自评表 (2)"
    book["自评表"].sheet_state = "hidden"  # a copy in front, the one taken behind it
    book.save(decoy)
    cases.append(("a hidden 自评表 behind a copy", decoy, "its 自评表 is hidden"))
    shown = tmp_path / "shown.xlsx"
    book = load_workbook(fill(good, shown, {"14.2": {"状态": "推进中", "部分得分": 0.5}}))
    book["自评表"].cell(rows_of(good)["14.2"], 6).number_format = "0"  # shows 1
    book.save(shown)
    cases.append(("a part score shown other than it is", shown, "the cell shows 1 but holds 0.5"))
    strings = tmp_path / "strings.xlsx"  # a small file whose texts take minutes to read
    shutil.copyfile(good, strings)
    with zipfile.ZipFile(strings, "a") as archive:
        texts = b"<si><t>x</t></si>" * 100_001
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + texts + b"</sst>")
    cases.append(("100,001 texts", strings, "holds more than 100,000 texts"))
    return cases


def _moved_to(where: str) -> Callable[[str, bytes], tuple[str, bytes]]:
    """The 自评表's part moved out of xl/ (the workbook naming it `where`), a formula in G3."""

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "xl/worksheets/sheet1.xml":
            return "custom/sheet1.xml", data.replace(
                b'<c r="G3"', b'<c r="G3"><f>"A"&amp;"B"</f></c><c r="Z9"', 1
            )
        if name == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"/xl/worksheets/sheet1.xml", b"worksheets/sheet1.xml")
            data = data.replace(b'"worksheets/sheet1.xml"', f'"{where}"'.encode())
        if name == "[Content_Types].xml":
            data = data.replace(b"/xl/worksheets/sheet1.xml", b"/custom/sheet1.xml")
        return name, data

    return change


def test_every_refusal_is_one_line_and_leaves_the_file_byte_identical(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    cases = _refusals(cli, county, tmp_path)
    before = county.read_bytes()
    for what, sheet, words in cases:
        run = cli("import", sheet, "--by", "县法院")
        assert run.code == 2, (what, run)
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, (what, run)
        assert words in run.stderr, (what, run.stderr)
        assert county.read_bytes() == before, what


def test_a_sheet_is_imported_where_it_was_exported(
    cli: CLI, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record of what went out is sealed with this computer's secret: another
    computer (another secret) cannot tell it from a forged one, and says so."""
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "-o", sheet).code == 0
    fill(sheet, sheet, {"1.2": {"状态": "已完成"}})
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "another-computer"))
    before = county.read_bytes()
    run = cli("import", sheet, "--by", "县法院")
    assert run.code == 2 and "exported on another computer" in run.stderr
    assert county.read_bytes() == before
    wrong = cli("export", "1.2", "-o", tmp_path / "s.csv")
    assert wrong.code == 2 and "ending in .xlsx" in wrong.stderr


def test_numbers_and_dates_as_their_formats_show_them(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """What the department saw in the cell is what the file records."""
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "1.3", "1.5", "-o", sheet).code == 0
    book = load_workbook(sheet)
    ws = book["自评表"]
    rows = rows_of(sheet)
    for number, value, number_format in (
        ("1.2", dt.datetime(2026, 3, 12), 'm"月"d"日"'),
        ("1.3", 0.5, "0%"),
        ("1.5", 1234.5, "#,##0.00"),
    ):
        cell = ws.cell(rows[number], 7)
        cell.value = value
        cell.number_format = number_format
    book.save(sheet)
    run = cli("import", sheet, "--by", "县法院")
    assert run.code == 0, run
    items = tomllib.loads(county.read_text(encoding="utf-8"))["items"]
    ids = item_ids(sheet)
    assert [items[ids[n]]["note"] for n in ("1.2", "1.3", "1.5")] == ["3月12日", "50%", "1,234.50"]


def test_numbers_round_as_excel_shows_them(cli: CLI, county: Path, tmp_path: Path) -> None:
    """Excel rounds half away from zero: 2.5 under "0" shows 3, 0.125 under "0.00" 0.13."""
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "1.3", "1.5", "-o", sheet).code == 0
    book = load_workbook(sheet)
    rows = rows_of(sheet)
    for number, value, number_format in (
        ("1.2", 2.5, "0"),
        ("1.3", 0.125, "0.00"),
        ("1.5", 1234.5, "#,##0"),
    ):
        cell = book["自评表"].cell(rows[number], 7)
        cell.value = value
        cell.number_format = number_format
    book.save(sheet)
    assert cli("import", sheet, "--by", "县法院").code == 0
    items = tomllib.loads(county.read_text(encoding="utf-8"))["items"]
    ids = item_ids(sheet)
    assert [items[ids[n]]["note"] for n in ("1.2", "1.3", "1.5")] == ["3", "0.13", "1,235"]


def test_sheets_of_the_same_rows_exported_in_one_second_are_each_imported_once(
    cli: CLI, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each sheet has its own id: a loop exporting one sheet for each department (the
    clock fixed, as within one second) gives sheets imported one after another."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100: after the file's last line
    sheets = {who: tmp_path / f"{who}.xlsx" for who in ("县委办", "县政府办")}
    for sheet in sheets.values():
        assert cli("export", "十四", "-o", sheet).code == 0
    fill(sheets["县委办"], sheets["县委办"], {"14.3": {"说明": "县委办的说明"}})
    fill(sheets["县政府办"], sheets["县政府办"], {"14.5": {"说明": "县政府办的说明"}})
    for who, sheet in sheets.items():
        run = cli("import", sheet, "--by", who)
        assert run.code == 0, run
    again = cli("import", sheets["县委办"], "--by", "县委办")
    assert again.code == 2 and "a sheet comes back once" in again.stderr


def test_a_sheet_exported_before_sheets_had_their_own_id_comes_back(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """A sheet of record layout 1 (exported before sheets had their own id, out with a
    department while ipcheck was upgraded) is still read, its record still checked."""
    from ipcheck.core.sheet import Header
    from ipcheck.store.sheet_file import _mac

    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "-o", sheet).code == 0
    book = load_workbook(sheet)
    record = book["ipcheck"]
    keys = {str(r[0].value): r[1].value for r in record.iter_rows(max_row=11)}
    assert keys["sheet_version"] == 2 and len(str(keys["sheet"])) == 16
    rows = _recorded_rows(record)
    header = Header(
        *(str(keys[k]) for k in ("kind", "name")),
        None,
        int(str(keys["period"])),
        *(str(keys[k]) for k in ("checklist", "digest", "exported", "file_sha256")),
    )
    record.delete_rows(10)  # the sheet's id
    record["B1"] = 1
    record["B10"] = _mac(header, rows, 1)
    book.save(sheet)
    fill(sheet, sheet, {"1.2": {"状态": "已完成"}})
    run = cli("import", sheet, "--by", "县法院")
    assert run.code == 0, run
    record_forged = load_workbook(sheet)
    record_forged["ipcheck"]["B3"] = "郏县"
    record_forged.save(tmp_path / "forged.xlsx")
    forged = cli("import", tmp_path / "forged.xlsx", "--by", "县法院")
    assert forged.code == 2 and "went out was changed" in forged.stderr


def _recorded_rows(record: Any) -> list[Any]:
    from ipcheck.core.sheet import Row
    from ipcheck.model.assessment import Status
    from ipcheck.model.points import parse

    lines = list(record.iter_rows(min_row=14, values_only=True))  # after the keys, the columns
    return [
        Row(
            item=str(item),
            number=str(number),
            text=str(text),
            status=Status(str(status)),
            score=parse(str(score)) if score else None,
            note=str(note) if note else None,
            reason=str(reason) if reason else None,
        )
        for item, number, text, status, score, note, reason, *_rest in lines
        if item
    ]


def test_a_row_changed_in_the_file_and_in_the_sheet_is_refused(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "1.3", "-o", sheet).code == 0
    fill(sheet, sheet, {"1.2": {"状态": "已完成"}})
    assert cli("note", "1.2", "县局补充的说明").code == 0  # meanwhile, in the file
    before = county.read_bytes()
    run = cli("import", sheet, "--by", "县法院")
    assert run.code == 2
    assert "1.2 严惩严重侵权行为: changed in the file since the sheet went out" in run.stderr
    assert county.read_bytes() == before


def test_a_sealed_assessment_takes_no_sheet(cli: CLI, county: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "-o", sheet).code == 0
    fill(sheet, sheet, {"1.2": {"状态": "已完成"}})
    assert cli("key", "--new", "--name", "叶县").code == 0
    assert cli("seal").code == 0
    before = county.read_bytes()
    run = cli("import", sheet, "--by", "县法院")
    assert run.code == 2 and "is sealed" in run.stderr
    assert county.read_bytes() == before


def test_export_refuses_what_it_cannot_write(cli: CLI, county: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    assert cli("export", "-o", out).code == 0
    again = cli("export", "-o", out)
    assert again.code == 2 and "already exists" in again.stderr
    unknown = cli("export", "--unit", "市不存在局", "-o", tmp_path / "x.xlsx")
    assert unknown.code == 2 and not (tmp_path / "x.xlsx").exists()
    assert unknown.stderr.count("\n") == 1


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("IPCHECK_REQUIRE_OFFICE"),
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
)
def test_a_sheet_saved_again_by_libreoffice_comes_back(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """The sheet as another office suite saves it (LibreOffice, as WPS and Excel re-save
    a file: its own XML, the record sheet hidden its way) imports the same."""
    assert SOFFICE is not None, "IPCHECK_REQUIRE_OFFICE is set but LibreOffice is absent"
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "1.2", "1.3", "-o", sheet).code == 0
    fill(sheet, sheet, {"1.2": {"状态": "推进中", "说明": "已起草（待印发）"}})
    saved = tmp_path / "saved"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(saved),
            str(sheet),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = saved / "s.xlsx"
    assert resaved.read_bytes() != sheet.read_bytes()
    with zipfile.ZipFile(io.BytesIO(resaved.read_bytes())) as archive:
        assert "LibreOffice" in archive.read("docProps/app.xml").decode()
    run = cli("import", resaved, "--by", "县法院")
    assert run.code == 0, run
    assert "1.2 状态 未开始 → 推进中；说明 — → 已起草（待印发）" in run.stderr


def test_the_same_sheet_imported_twice_at_once_lands_and_is_said_once(
    cli: CLI, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of one sheet at once both said '1 row imported' and both were noted as
    imported (found by a trial): the once-only check and the plan ran before the lock."""
    sheet = tmp_path / "court.xlsx"
    assert cli("export", "1.2", "-o", sheet).code == 0
    fill(sheet, sheet, {"1.2": {"状态": "已完成"}})
    ledger = Path(os.environ["IPCHECK_CONFIG_DIR"]) / "sheets-imported"
    original = county.read_bytes()
    assert cli("import", sheet, "--by", "县法院").code == 0
    lines = len(history(county))
    # the other run wrote the change, and has not yet noted the sheet as imported
    ledger.write_text("", encoding="utf-8")
    run = cli("import", sheet, "--by", "县法院")
    assert run.code == 0 and "nothing to import" in run.stderr and "imported into" not in run.stderr
    assert len(history(county)) == lines and ledger.read_text(encoding="utf-8") == ""
    # the other run noted it between this one's first look and its lock
    from ipcheck.store import sheet_file

    looks = iter([None, sheet_file.Imported("2026-01-02T10:00:00+08:00", sheet.name)])
    monkeypatch.setattr(sheet_file, "imported_when", lambda mac: next(looks))
    county.write_bytes(original)  # as if the other run's change were not yet in the file
    refused = cli("import", sheet, "--by", "县法院")
    assert refused.code == 2 and f"{sheet.name} was imported on 2026-01-02 10:00:" in refused.stderr
    assert county.read_bytes() == original


def test_a_units_own_sheet_holds_every_item_of_its_own(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """市公安局's sheet of its own duties left out the items of 有关单位 (14.6, 14.7), which
    every municipal unit answers: 23 rows of its 25 (a trial). One rule decides a unit's
    scope and a unit's sheet."""
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--unit", "市公安局", "--period", "2025").code == 0
    whole = cli("export", "-o", tmp_path / "all.xlsx")
    own = cli("export", "--unit", "市公安局", "-o", tmp_path / "own.xlsx")
    assert whole.code == 0 and own.code == 0, own
    assert rows_of(tmp_path / "own.xlsx") == rows_of(tmp_path / "all.xlsx")
    assert {"14.6", "14.7"} <= set(rows_of(tmp_path / "own.xlsx"))


def test_text_a_spreadsheet_cannot_hold_goes_out_as_its_escape(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """U+FFFE and control characters are valid TOML and no XML: a received file's note,
    a received checklist's item text. The sheet shows their escapes, in its rows and in
    its record alike, so a row left alone comes back unchanged and one filled comes in."""
    data = county.read_text(encoding="utf-8")
    county.write_text(
        data.replace('note = "全年办结案件4起', 'note = "全年\\uFFFE办结\\u0001案件4起', 1),
        encoding="utf-8",
    )
    sheet = tmp_path / "noted.xlsx"
    run = cli("export", "-o", sheet)
    assert run.code == 0 and "Traceback" not in run.stderr, run
    ws = load_workbook(sheet)["自评表"]
    notes = [str(ws.cell(r, 7).value) for r in range(3, ws.max_row + 1)]
    assert "全年\\ufffe办结\\x01案件4起，1起适用惩罚性赔偿" in notes

    dirs = received_checklist(
        tmp_path / "checklists",
        ('text = "依法严惩恶意侵权、重复侵权', 'text = "依法严惩\\uFFFF恶意侵权\\u001B、重复侵权'),
        ('title = "平顶山市', 'title = "平顶山\\uFFFE市'),
    )
    file = tmp_path / "郏县-2025.toml"
    run = cli(
        "init", "--county", "郏县", "--period", "2025", "--checklist", RECEIVED,
        "-o", file, *dirs,
    )  # fmt: skip
    assert run.code == 0, run
    out = tmp_path / "received.xlsx"
    run = cli("export", "-f", file, "-o", out, *dirs)
    assert run.code == 0 and "Traceback" not in run.stderr, run
    ws = load_workbook(out)["自评表"]
    number = next(
        n
        for n, r in rows_of(out).items()
        if "依法严惩\\uffff恶意侵权\\x1b" in str(ws.cell(r, 2).value)
    )
    fill(out, out, {number: {"状态": "已完成", "说明": "全年查处 3 起"}})
    run = cli("import", "-f", file, out, "--by", "县法院", *dirs)
    assert run.code == 0, run
    assert cli("status", "-f", file, *dirs).code == 0
    assert 'note = "全年查处 3 起"' in file.read_text(encoding="utf-8")


def test_a_sheet_named_after_a_received_units_name_is_a_name_any_system_keeps(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default name is made from the unit's name in the checklist: one received with
    a NUL, an escape sequence and a slash in it gives a plain file name here."""
    dirs = received_checklist(
        tmp_path / "checklists",
        ('name = "市公安局"', 'name = "市公安\\u0000局\\u001B[31m/..\\u202E"'),
    )
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--county", "叶县", "--period", "2025", "--checklist", RECEIVED, *dirs)
    assert run.code == 0, run
    run = cli("export", "--unit", "public-security", *dirs)
    assert run.code == 0 and "Traceback" not in run.stderr, run
    made = [p.name for p in tmp_path.glob("*.xlsx")]
    assert len(made) == 1 and all(c.isprintable() and c not in '/\\<>:"|?*' for c in made[0])
    assert made[0].startswith("叶县-2025-市公安_局_[31m_.._")
