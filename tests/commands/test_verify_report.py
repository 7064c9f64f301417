"""verify --report: a report as the office receives it, against the sealed file it must
come from — a county may rewrite its prose in Word, never a figure (issue 28)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_DIR, Run

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"


@pytest.fixture
def received(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE_DIR, folder)
    monkeypatch.chdir(folder)
    return folder / NAME


def _set_cell(docx: Path, out: Path, number: str, column: str, value: str) -> None:
    """What a county does in Word: one figure of the 自评表 changed."""
    from docx import Document

    doc = Document(str(docx))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
    index = [c.text for c in table.rows[0].cells].index(column)
    row = next(r for r in table.rows if r.cells[0].text == number)
    paragraph = row.cells[index].paragraphs[0]
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = value
    doc.save(str(out))


def test_a_report_as_made_matches_its_sealed_file(cli: CLI, received: Path) -> None:
    for fmt in ("docx", "html"):
        out = received.parent / f"报告.{fmt}"
        assert cli("report", "--format", fmt, "-o", out).code == 0
        run = cli("verify", "--report", out)
        assert run.code == 0, run
        assert f"报告.{fmt}: every figure matches" in run.stderr and "(91 items)" in run.stderr


def test_every_figure_changed_in_word_is_named(cli: CLI, received: Path) -> None:
    made = received.parent / "报告.docx"
    assert cli("report", "--format", "docx", "-o", made).code == 0
    edited = received.parent / "改过的报告.docx"
    _set_cell(made, edited, "1.2", "自评得分", "2")
    _set_cell(edited, edited, "14.3", "分值", "3")
    run = cli("verify", "--report", edited)
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "1.2 自评得分: the report says 2, the file gives 0",
        "14.3 分值: the report says 3, the file gives 2.5",
    ]
    assert "2 figures differ from" in run.stderr


def test_a_report_of_another_state_of_the_file_is_named(cli: CLI, received: Path) -> None:
    """The report made before the file was sealed states another file."""
    made = received.parent / "报告.html"
    assert cli("report", "--format", "html", "-o", made).code == 0
    text = made.read_text(encoding="utf-8")
    made.write_text(text.replace("自评得分33分", "自评得分35分"), encoding="utf-8")
    assert cli("unseal", "--reason", "补充材料").code == 0
    run = cli("verify", "--report", made)
    assert run.code == 1
    assert "自评文件 SHA-256: the report says" in run.stdout
    assert "自评得分（正文）: the report says 35, the file gives 33" in run.stdout
    assert "is not sealed: a report is checked against the file as it was sent" in run.stderr


def test_what_is_not_a_report_is_refused_in_one_line(cli: CLI, received: Path) -> None:
    folder = received.parent
    (folder / "x.txt").write_text("hello", encoding="utf-8")
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (200 << 20))  # 200 MB unpacked
    (folder / "bad.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    for name, said in (
        ("x.txt", "not a report ipcheck made"),
        ("bomb.docx", "not a Word report ipcheck can read"),
        ("bad.pdf", "not a PDF ipcheck can read"),
        ("missing.docx", "missing.docx"),
    ):
        run = cli("verify", "--report", folder / name)
        assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, (name, run)
    both = cli("verify", "--report", folder / "x.txt", folder)
    assert both.code == 2 and "not paths" in both.stderr
