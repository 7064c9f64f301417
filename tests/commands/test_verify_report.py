"""verify --report: a report as the office receives it, against the sealed file it must
come from — a county may rewrite its prose in Word, never a figure (issue 28)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_DIR, RECEIVED, Run, received_checklist

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
        assert f"报告.{fmt}: its 自评表 (91 items), totals, score, counts" in run.stderr


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
    bomb = folder / "bomb.docx"  # compresslevel 1: small enough, at half the test's time
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", b"0" * (200 << 20))  # 200 MB unpacked
    (folder / "bad.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    _refused_in_one_line(
        cli,
        folder,
        (
            ("x.txt", "not a report ipcheck made"),
            ("bomb.docx", "not a Word report ipcheck can read"),
            ("bad.pdf", "not a PDF ipcheck can read"),
            ("missing.docx", "missing.docx"),
        ),
    )
    both = cli("verify", "--report", folder / "x.txt", folder)
    assert both.code == 2 and "not a folder or several" in both.stderr


def test_the_file_a_report_comes_from_may_be_named_as_verify_takes_files(
    cli: CLI, received: Path
) -> None:
    """`verify --report R FILE` was refused as 'several paths' for its one file (a re-trial);
    it is the file the report is checked against, as -f FILE is."""
    out = received.parent / "报告.html"
    assert cli("report", "--format", "html", "-o", out).code == 0
    run = cli("verify", "--report", out, received)
    assert run.code == 0, run
    assert "报告.html: its 自评表 (91 items), totals, score, counts" in run.stderr


KEY = Path(__file__).resolve().parents[2] / "examples" / "keys" / "示例公钥.pub"


def test_a_report_agreeing_with_a_file_that_does_not_hold_does_not_pass(
    cli: CLI, received: Path
) -> None:
    """The file changed after sealing without a history line, the seal taken away, or
    sealed again by a key the office does not trust: the report made from it agrees with
    it, and proves nothing (found by a trial as the office)."""
    text = received.read_text(encoding="utf-8")
    received.write_text(text.replace('status = "todo"', 'status = "done"', 1), encoding="utf-8")
    made = received.parent / "报告.docx"
    assert cli("report", "--format", "docx", "-o", made).code == 0
    run = cli("verify", "--key", KEY, "--report", made)
    assert run.code == 1, run
    assert "its history does not account for its state" in run.stdout
    assert "is not the file as it was sealed: a report agreeing with it proves nothing" in (
        run.stderr
    )
    received.write_text(text, encoding="utf-8")
    received.with_suffix(".seal").unlink()
    made = received.parent / "报告.html"
    assert cli("report", "--format", "html", "-o", made).code == 0
    gone = cli("verify", "--report", made)
    assert gone.code == 1 and "its seal file 叶县-2025.seal is missing" in gone.stdout


def test_a_report_whose_table_or_score_cannot_be_found_does_not_pass(
    cli: CLI, received: Path
) -> None:
    made = received.parent / "报告.html"
    assert cli("report", "--format", "html", "-o", made).code == 0
    text = made.read_text(encoding="utf-8")
    for changed, said in (
        (text.replace("<th>分值</th>", "<th>分数</th>"), "自评表: the report says — (not found)"),
        (
            text.replace("自评得分33分（满分100分）", "自评得分为33分（满分100分）"),
            "自评得分（正文）: the report says — (not found), the file gives 33",
        ),
    ):
        made.write_text(changed, encoding="utf-8")
        run = cli("verify", "--report", made)
        assert run.code == 1 and said in run.stdout, run


def test_a_hidden_true_copy_beside_forged_figures_does_not_pass(cli: CLI, received: Path) -> None:
    """Every statement is checked: a forged row beside a hidden copy of the true table
    (Word's hidden text, an HTML <template>) is a forged row."""
    import copy

    from docx import Document
    from docx.oxml.ns import qn

    made = received.parent / "报告.docx"
    assert cli("report", "--format", "docx", "-o", made).code == 0
    doc = Document(str(made))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
    hidden = copy.deepcopy(table._tbl)
    for run in hidden.iter(qn("w:r")):
        props = run.get_or_add_rPr()
        props.append(props.makeelement(qn("w:vanish"), {}))
    table._tbl.addnext(hidden)
    doc.save(str(made))
    _set_cell(made, made, "1.2", "自评得分", "2")  # the first table: the one seen
    run = cli("verify", "--report", made)
    assert run.code == 1 and "1.2 自评得分: the report says 2, the file gives 0" in run.stdout
    html = received.parent / "报告.html"
    assert cli("report", "--format", "html", "-o", html).code == 0
    page = html.read_text(encoding="utf-8")
    start = page.index("<table", page.index("序号") - 2000)
    true_table = page[start : page.index("</table>", start) + 8]
    forged = page.replace("自评得分33分", "自评得分35分").replace(
        "</body>", f"<template>{true_table}<p>自评得分33分（满分100分）</p></template></body>"
    )
    html.write_text(forged, encoding="utf-8")
    run = cli("verify", "--report", html)  # a <template> shows nothing: not a report's element
    assert run.code == 2 and "its styles or elements can show other text" in run.stderr


def test_styles_that_show_other_figures_and_broken_files_are_refused_in_one_line(
    cli: CLI, received: Path
) -> None:
    folder = received.parent
    html = folder / "报告.html"
    assert cli("report", "--format", "html", "-o", html).code == 0
    page = html.read_text(encoding="utf-8")
    (folder / "after.html").write_text(
        page.replace("</style>", '.x::after{content:"2"}</style>'), encoding="utf-8"
    )
    (folder / "span.html").write_text(page.replace("<td", '<td colspan="²"', 1), encoding="utf-8")
    made = folder / "报告.docx"
    assert cli("report", "--format", "docx", "-o", made).code == 0
    with zipfile.ZipFile(made) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, document in (
        ("cut.docx", parts["word/document.xml"][: len(parts["word/document.xml"]) // 2]),
        ("foo.docx", b"<foo/>"),
    ):
        with zipfile.ZipFile(folder / name, "w") as target:
            for part, data in parts.items():
                target.writestr(part, document if part == "word/document.xml" else data)
    (folder / "r.json").write_text('{"score": 33}', encoding="utf-8")
    _refused_in_one_line(
        cli,
        folder,
        (
            ("after.html", "its styles or elements can show other text than the page holds"),
            ("cut.docx", "not a Word report ipcheck can read"),
            ("foo.docx", "not a Word report ipcheck can read"),
            ("r.json", "not a report ipcheck made"),
        ),
    )
    spanned = cli("verify", "--report", folder / "span.html")  # a span it cannot read: 1
    assert spanned.code == 0 and "its 自评表 (91 items)" in spanned.stderr, spanned


def _refused_in_one_line(cli: CLI, folder: Path, cases: tuple[tuple[str, str], ...]) -> None:
    """Each report refused with exit 2 and one line holding the words given."""
    for name, said in cases:
        run = cli("verify", "--report", folder / name)
        assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, (name, run)


def test_a_report_saved_again_as_utf16_or_gbk_is_named_as_such(cli: CLI, received: Path) -> None:
    """It was called 'not a report ipcheck made' (found by a trial)."""
    folder = received.parent
    for fmt in ("md", "html"):
        made = folder / f"报告.{fmt}"
        assert cli("report", "--format", fmt, "-o", made).code == 0
        text = made.read_text(encoding="utf-8")
        for codec in ("utf-16", "gb18030"):
            resaved = folder / f"{codec}.{fmt}"
            resaved.write_bytes(text.encode(codec))
        _refused_in_one_line(
            cli,
            folder,
            (
                (f"utf-16.{fmt}", "file is UTF-16, not UTF-8; save it as UTF-8 (in Notepad"),
                (f"gb18030.{fmt}", "file is GBK/GB18030-encoded, not UTF-8"),
            ),
        )


def test_markdown_reports_and_the_chain_head_are_checked(cli: CLI, received: Path) -> None:
    md = received.parent / "报告.md"
    assert cli("report", "--format", "md", "-o", md).code == 0
    run = cli("verify", "--report", md)
    assert run.code == 0 and "its 自评表 (91 items), totals" in run.stderr, run
    text = md.read_text(encoding="utf-8")
    head = text.split("历史记录链头：`", 1)[1][:64]
    md.write_text(text.replace(head, "0" * 64).replace("| 1.2 | ", "| 1.2 | ", 1), encoding="utf-8")
    changed = cli("verify", "--report", md)
    assert changed.code == 1
    assert f"历史记录链头: the report says {'0' * 64}, the file gives {head}" in changed.stdout


def test_a_review_the_report_states_must_be_one_the_office_signed(
    cli: CLI, received: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The county reviews itself with a key of its own named 市考核办: the report states
    a 复核 the office never made, and the office's check says so."""
    assert cli("unseal", "--reason", "自己复核").code == 0
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(received.parent / "county-keys"))
    assert cli("key", "--new", "--name", "市考核办").code == 0
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "7.7", "同意核减").code == 0
    made = received.parent / "报告.html"
    assert cli("report", "--format", "html", "--review", "-o", made).code == 0
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(received.parent / "office-keys"))
    assert cli("key", "--new", "--name", "市考核办").code == 0
    run = cli("verify", "--report", made)
    assert run.code == 1
    assert "复核得分（正文）: the report says" in run.stdout
    assert "the file gives — (not found)" in run.stdout
    # the office's own review, stated as it is: no difference about it
    assert cli("review", "--new", "--force", "--reviewer", "市考核办").code == 0
    assert cli("decide", "7.7", "同意核减").code == 0
    assert cli("report", "--format", "html", "--review", "-o", made, "--force").code == 0
    own = cli("verify", "--report", made)
    assert "复核" not in own.stdout, own


def test_a_rows_status_in_words_is_checked(cli: CLI, received: Path) -> None:
    made = received.parent / "报告.docx"
    assert cli("report", "--format", "docx", "-o", made).code == 0
    _set_cell(made, made, "1.2", "完成情况", "已完成")
    run = cli("verify", "--report", made)
    assert run.code == 1 and "1.2 完成情况: the report says 已完成, the file gives 未开始" in (
        run.stdout
    )


def test_what_a_retrial_forged_does_not_pass(cli: CLI, received: Path) -> None:
    """A second trial's forgeries: styles escaped or linked in, a zero-width space after a
    forged row's number, Markdown escapes and comments, the true figures hidden by a Word
    style and the forged ones drawn as symbols, white text, a counts sentence changed, a
    cell of inf, and a page that made Python's HTML parser quadratic."""
    import re

    folder = received.parent
    html = folder / "r.html"
    md = folder / "r.md"
    docx = folder / "r.docx"
    for made in (html, md, docx):
        assert cli("report", "-o", made).code == 0
    page = html.read_text(encoding="utf-8")
    escaped = page.replace("</style>", r".fx::\61 fter{c\6f ntent:'2'}</style>")
    linked = page.replace("</head>", '<link rel="stylesheet" href="data:text/css,x">\n</head>')
    zero_width = page.replace("<td>1.2</td>", "<td>1.2\u200b</td>").replace(
        "自评得分33分", "自评得分\u200b35分"
    )
    counted = re.sub(r"已完成38项", "已完成80项", page)
    slow = "<html><table>" + "<a" * 50_000
    cases = {
        "escaped.html": (escaped, 2, "its styles or elements can show other text"),
        "linked.html": (linked, 2, "its styles or elements can show other text"),
        "zero-width.html": (
            zero_width,
            1,
            "自评得分（正文）: the report says 35, the file gives 33",
        ),
        "counted.html": (counted, 1, "各状态项数（正文）: the report says"),
        "slow.html": (slow, 2, "its styles or elements can show other text"),  # at once
    }
    text = md.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 1.2 |"))
    forged_row = row.replace("| 1.2 |", r"| 1\.2 |").replace("| 未开始 | 0 |", "| 已完成 | 2 |")
    cases["escaped.md"] = (
        text.replace(row, f"{forged_row}\n<!--\n{row}\n-->"),
        1,
        "1.2 自评得分: the report says 2, the file gives 0",
    )
    cases["inf.md"] = (
        text.replace("| 未开始 | 0 |", "| 未开始 | inf |", 1),
        1,
        "the report says inf",
    )
    for name, (content, code, said) in cases.items():
        (folder / name).write_text(content, encoding="utf-8")
        run = cli("verify", "--report", folder / name)
        assert run.code == code and said in run.stdout + run.stderr, (name, run)
        assert "Traceback" not in run.stderr
    _word_forgeries(cli, docx, folder)


def _word_forgeries(cli: CLI, docx: Path, folder: Path) -> None:
    """In Word: the true 1.2 hidden by a character style whose w:vanish hides it, a forged
    one shown with w:vanish off and drawn as a symbol; then the true one in white."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(docx))
    styles = doc.styles.element
    hiding = styles.makeelement(qn("w:style"), {qn("w:type"): "character", qn("w:styleId"): "Z"})
    props = hiding.makeelement(qn("w:rPr"), {})
    props.append(props.makeelement(qn("w:vanish"), {}))
    hiding.append(props)
    styles.append(hiding)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号")
    index = [c.text for c in table.rows[0].cells].index("自评得分")
    cell = next(r for r in table.rows if r.cells[0].text == "1.2").cells[index]
    true_run = cell.paragraphs[0].runs[0]
    true_run._r.get_or_add_rPr().append(props.makeelement(qn("w:rStyle"), {qn("w:val"): "Z"}))
    forged = cell.paragraphs[0].add_run()
    shown = forged._r.get_or_add_rPr()
    shown.append(shown.makeelement(qn("w:vanish"), {qn("w:val"): "off"}))
    forged._r.append(
        forged._r.makeelement(qn("w:sym"), {qn("w:font"): "SimSun", qn("w:char"): "0032"})
    )
    styled = folder / "styled.docx"
    doc.save(str(styled))
    run = cli("verify", "--report", styled)
    assert run.code == 1 and "1.2 自评得分: the report says 2, the file gives 0" in run.stdout
    white = true_run._r.get_or_add_rPr()
    white.remove(white.find(qn("w:rStyle")))
    white.append(white.makeelement(qn("w:color"), {qn("w:val"): "FFFFFF"}))
    doc.save(str(folder / "white.docx"))
    unseen = cli("verify", "--report", folder / "white.docx")
    assert unseen.code == 2 and "holds text no reader can see" in unseen.stderr


def test_a_measure_whose_title_holds_a_figure_is_a_heading_not_a_row(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A measure's title runs across the table (one cell, its colspan read as that many):
    one that holds digits (a hotline's number, a year, an escape) is not a row of figures
    the file does not give."""
    dirs = received_checklist(
        tmp_path / "checklists",
        ('title = "加大司法惩戒力度"', 'title = "加大司法惩戒力度（12345 热线）"'),
        ('title = "加强行政执法保护"', 'title = "加强行政\\u2028执法\\u001B保护"'),
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    made = cli("init", "--county", "叶县", "--period", "2025", "--checklist", RECEIVED, *dirs)
    assert made.code == 0, made
    assert cli("key", "--new").code == 0
    assert cli("seal", *dirs).code == 0
    for fmt in ("html", "docx", "md"):
        out = tmp_path / f"报告.{fmt}"
        assert cli("report", "--format", fmt, "-o", out, *dirs).code == 0
        run = cli("verify", "--report", out, *dirs)
        assert run.code == 0 and "match" in run.stderr, (fmt, run)
