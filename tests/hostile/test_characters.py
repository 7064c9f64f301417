"""Every character ipcheck keeps can be written to every output (issue 25).

U+FFFE and U+FFFF are valid TOML but no XML document may hold them: Word and Excel
files could not be written, and one such unit file stopped the office's whole
`summary --format xlsx`. What a person gives ipcheck to keep is refused at input if it
holds a character no output can show; what a received file holds is shown as an
escape wherever it is written.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcheck.text.safety import printable, printable_block, unwritable
from tests.helpers import EXAMPLES, RECEIVED, Run, received_checklist, reopen

CLI = Callable[..., Run]
# XML 1.0's Char production: what a .docx or .xlsx part may hold.
XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
# What ipcheck refuses to keep: control characters but tab and line breaks, DEL and the
# C1 controls, the line and paragraph separators, surrogates, U+FFFE and U+FFFF.
REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
BOUNDARY = "\ud7ff\ue000\ufffd\U00010000\U0010ffff"


# Not an XML character: what XML_CHAR leaves out.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_the_rule_over_every_code_point() -> None:
    """Over all 1,114,112 code points at once: ipcheck keeps a character exactly when it is
    not one of the refused; whatever it keeps is an XML character; and every output's
    escaping makes any text, kept or not, one an XML document can hold."""
    every = "".join(map(chr, range(0x110000)))
    refused = set(REFUSED.findall(every))
    kept = REFUSED.sub("", every)
    assert len(refused) + len(kept) == 0x110000
    assert unwritable(kept) is None and unwritable(kept, lines=False) in (None, "\t", "\n")
    assert all(unwritable(f"前{char}后") == char for char in refused)
    assert NOT_XML.search(kept) is None
    assert NOT_XML.search(printable(every)) is None
    assert NOT_XML.search(printable_block(every)) is None


@pytest.fixture
def county(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    return tmp_path / "叶县-2025.toml"


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\x01", "\x1b", "\ud800", "\x85"])
def test_what_no_output_can_show_is_refused_at_input(cli: CLI, county: Path, char: str) -> None:
    before = county.read_bytes()
    for args in (
        ("note", "1.2", f"说明{char}内容"),
        ("mark", "1.2", "不适用", "--reason", f"理由{char}内容"),
        ("figure", "培训人次", f"86{char}1", "人次"),
        ("mark", "1.2", "推进中", "--by", f"张{char}三"),
        ("report", "--format", "md", "--signer", f"叶县{char}人民政府"),
    ):
        run = cli(*args)
        assert run.code == 2, (args, run)
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    source = county.parent / "基本情况.txt"
    source.write_text(f"本县\n基本{char}情况", encoding="utf-8", errors="surrogatepass")
    run = cli("write", "基本情况", source)
    # a surrogate cannot be in a UTF-8 file: the file is refused as not UTF-8
    said = "neither UTF-8, UTF-16 nor GBK" if "\ud800" <= char <= "\udfff" else f"U+{ord(char):04X}"
    assert run.code == 2 and said in run.stderr, run
    assert county.read_bytes() == before


def _received_with(folder: Path, text: str) -> Path:
    """A unit's file received from elsewhere, its note holding `text` as TOML escapes (as
    a hand edit or another program may write it; ipcheck itself would refuse it)."""
    shutil.copytree(EXAMPLES / "units" / "市公安局-2025", folder)
    path = folder / "市公安局-2025.toml"
    assert reopen(path).code == 0
    escaped = "".join(f"\\u{ord(c):04X}" if ord(c) < 0x10000 else c for c in text)
    data = path.read_text(encoding="utf-8")
    note = re.search(r'\nnote = "[^"\n]*"\n', data)
    assert note is not None
    data = data[: note.start()] + f'\nnote = "{escaped}"\n' + data[note.end() :]
    path.write_text(data, encoding="utf-8")
    return path


def test_a_received_file_holding_them_is_written_to_every_format(cli: CLI, tmp_path: Path) -> None:
    """A received file with U+FFFE, U+FFFF and a control character in a note: Word, Excel,
    HTML, Markdown and JSON are written, the characters shown as escapes where XML cannot
    hold them; the office's summary of the folder is written to Excel."""
    path = _received_with(tmp_path / "市公安局-2025", "甲\ufffe乙\uffff丙\x01丁")
    for fmt in ("docx", "xlsx", "html", "md", "json"):
        out = tmp_path / f"report.{fmt}"
        run = cli("report", "-f", path, "-o", out)
        assert run.code == 0, (fmt, run)
    assert "甲\\ufffe乙\\uffff丙\\x01丁" in _docx_words(tmp_path / "report.docx")
    assert any("甲\\ufffe乙\\uffff丙\\x01丁" in c for c in _xlsx_cells(tmp_path / "report.xlsx"))
    shutil.copytree(EXAMPLES / "counties" / "郏县-2025", tmp_path / "郏县-2025")
    run = cli(
        "summary", tmp_path, "--format", "xlsx", "-o", tmp_path / "汇总.xlsx", "--include-flagged"
    )
    assert run.code == 0, run
    assert any("市公安局" in cell for cell in _xlsx_cells(tmp_path / "汇总.xlsx"))


kept_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
).filter(lambda t: unwritable(t) is None and t.strip())


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(note=kept_text)
def test_any_text_ipcheck_keeps_reaches_every_format(
    cli: CLI, county: Path, tmp_path: Path, note: str
) -> None:
    """Whatever ipcheck accepts as a note is written to md, html, json, docx and xlsx."""
    run = cli("note", "1.2", "--", note)  # a note may begin with -
    assert run.code == 0, run
    for fmt in ("md", "html", "json", "docx", "xlsx"):
        out = county.parent / f"out.{fmt}"
        run = cli("report", "-o", out, "--force")
        assert run.code == 0, (fmt, run)
    words = _docx_words(county.parent / "out.docx")
    for piece in re.split("[\t\n]", printable_block(note.strip())):
        assert piece in words, (note, piece)
    # in a cell as in Word: its line breaks and tabs kept, every other control escaped
    kept = printable_block(note.strip())
    assert any(kept in cell for cell in _xlsx_cells(county.parent / "out.xlsx"))


def _docx_words(path: Path) -> str:
    """Every text run of a Word file, one after another (breaks and tabs left out)."""
    from docx import Document
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in Document(str(path)).element.body.iter(qn("w:t")))


def _xlsx_cells(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_the_boundary_characters_are_kept(cli: CLI, county: Path) -> None:
    """The last and first characters XML allows on each side of what it forbids."""
    run = cli("note", "1.2", f"边界{BOUNDARY}")
    assert run.code == 0, run
    out = county.parent / "out.docx"
    assert cli("report", "-o", out).code == 0
    assert f"边界{BOUNDARY}" in _docx_words(out)


def test_a_received_name_or_checklist_holding_them_is_written_to_excel_and_word(
    cli: CLI, tmp_path: Path
) -> None:
    """Where the characters are not in a note but in what names the document: the
    assessee's name (a received file) and a checklist's titles (a received checklist),
    which Excel keeps in the file's properties, its charts' titles and series too."""
    folder = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLES.parent / "examples" / "叶县-2025", folder)
    path = folder / "叶县-2025.toml"
    assert reopen(path).code == 0
    data = path.read_text(encoding="utf-8")
    path.write_text(data.replace('name = "叶县"', 'name = "叶\\uFFFE县"', 1), encoding="utf-8")
    for fmt in ("docx", "xlsx"):
        run = cli("report", "-f", path, "--format", fmt, "-o", tmp_path / f"r.{fmt}")
        assert run.code == 0 and "Traceback" not in run.stderr, (fmt, run)
    assert any("叶\\ufffe县" in cell for cell in _xlsx_cells(tmp_path / "r.xlsx"))

    dirs = received_checklist(
        tmp_path / "received-checklists",
        ('title = "平顶山市', 'title = "平顶山市\\uFFFF'),
        ('"完善制度措施，落实严保护标准"', '"完善制度措施\\uFFFE，落实严保护标准"'),
        ('"加大司法惩戒力度"', '"加大\\u001B司法\\uFFFF惩戒力度"'),
    )
    assessed = tmp_path / "assessed"
    for county in ("叶县", "郏县"):
        (assessed / county).mkdir(parents=True)
        file = assessed / county / f"{county}-2025.toml"
        run = cli(
            "init", "--county", county, "--period", "2025", "--checklist", RECEIVED,
            "-o", file, "--by", "张三", *dirs,
        )  # fmt: skip
        assert run.code == 0, run
        assert cli("mark", "-f", file, "2.1", "推进中", "--by", "张三", *dirs).code == 0
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"checklist-report.{fmt}"
        run = cli("report", "-f", file, "--format", fmt, "-o", out, *dirs)
        assert run.code == 0 and "Traceback" not in run.stderr, (fmt, run)
    run = cli("summary", assessed, "--format", "xlsx", "-o", tmp_path / "汇总.xlsx", *dirs)
    assert run.code == 0 and "Traceback" not in run.stderr, run
    assert NOT_XML.search("".join(_xlsx_cells(tmp_path / "汇总.xlsx"))) is None
    run = cli("summary", assessed, "--format", "csv", *dirs)  # to the terminal: no control
    assert run.code == 0 and REFUSED.search(run.stdout) is None, run
    assert "（一）加大\\x1b司法\\uffff惩戒力度" in run.stdout, run
