"""`ipcheck report`: golden files, formats, templates, and hostile input staying inert."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, Inspector, Run

CLI = Callable[..., Run]
pytestmark = pytest.mark.usefixtures("fixed_time")  # reports made at one time


def test_report_json_shape(cli: CLI) -> None:
    data = json.loads(cli("report", "-f", EXAMPLE, "--format", "json").stdout)
    assert data["report_version"] == 5
    assert data["addressee"] == "市市场监督管理局"  # 主送机关, from checklist 1.3.0 on
    # 落款: the assessee, on the day the file was sealed for submission
    assert data["signature"] == {"name": "叶县人民政府", "date": "2026年1月10日"}
    assert data["title"] == "叶县2025年度强化知识产权保护工作自评报告"
    assert data["generated_date"] == "2026年1月5日"
    summary = data["summary"]
    assert {s["label"]: s["count"] for s in summary["statuses"]} == {
        "未开始": 37,
        "推进中": 14,
        "已完成": 38,
        "不适用": 2,
    }
    # 12 items 已完成 without evidence earn nothing; 7.7 and 13.2 (不适用) stay in the base
    assert (summary["score"], summary["max_score"]) == (33, 100)
    assert (summary["na"], summary["na_points"], summary["na_pending"]) == (2, 1.5, 2)
    assert summary["unproven"] == len(summary["done_without_evidence"]) == 12
    assert "不适用2项（1.5分），其中2项待考核办审核核减" in summary["score_text"]
    # the 计分说明 quotes the rule the points follow (checklist 1.4.0)
    assert any("条目分值＝100×本条权重" in rule for rule in summary["rules"])
    assert [n["number"] for n in data["not_applicable"]] == ["7.7", "13.2"]
    first = data["evidence"][0]
    assert first["id"] == "01" and first["items"][:2] == ["1.3", "2.5"]
    paths = [e["path"] for e in data["evidence"]]
    assert len(paths) == len(set(paths)) == 5  # each file once, the items it supports beside
    assert (
        first["href"]
        == "./"
        + "%E5%8F%B6%E5%8E%BF-2025-%E4%BD%90%E8%AF%81%E6%9D%90%E6%96%99/%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83%E6%A1%88%E4%BB%B6%E5%8F%B0%E8%B4%A6.csv"
    )
    assert len(first["sha256"]) == 64 and first["sha256_short"] == first["sha256"][:12]
    measure = data["measures"][0]
    assert measure["units_cell"].startswith("牵头：市中级人民法院；责任：市检察院")
    assert data["next_steps"][0]["status"] == "in_progress"


def test_report_to_a_file_links_evidence_relative_to_it(cli: CLI, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    run = cli("report", "-f", EXAMPLE, "--format", "html", "-o", out)
    assert run.code == 0 and run.stdout == ""
    html = out.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    for href in hrefs:
        from urllib.parse import unquote

        assert (out.parent / unquote(href)).resolve().is_file(), href
    again = cli("report", "-f", EXAMPLE, "--format", "html", "-o", out)
    assert again.code == 2 and "already exists; pass --force" in again.stderr
    assert cli("report", "-f", EXAMPLE, "-o", out, "--force").code == 0


def test_unit_report_shows_the_role(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli("init", "--unit", "平顶山海关", "--period", "2025")
    data = json.loads(cli("report", "--format", "json").stdout)
    assert data["title"] == "平顶山海关2025年度强化知识产权保护工作自评报告"
    # 14.6 and 14.7 are every unit's by its duties (有关单位要按照职责分工…)
    assert {m["units_cell"] for m in data["measures"]} == {"责任", "有关单位"}
    assert '<td class="units">责任</td>' in cli("report").stdout


def test_hostile_input_stays_inert_in_html(cli: CLI, hostile: Path) -> None:
    run = cli("report", "--format", "html")
    assert run.code == 0, run
    inspector = Inspector()
    inspector.feed(run.stdout)
    assert "script" not in inspector.tags
    assert "img" not in inspector.tags
    assert inspector.handlers == []
    for url in inspector.urls:
        assert url.startswith("./"), url
        assert ":" not in url.split("/", 1)[1], url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run.stdout
    assert "叶县&lt;script&gt;alert(6)&lt;/script&gt;" in run.stdout


def test_hostile_input_stays_inert_in_markdown(cli: CLI, hostile: Path) -> None:
    run = cli("report", "--format", "md")
    assert run.code == 0, run
    md = run.stdout
    assert "<script" not in md and "<img" not in md
    assert "](javascript" not in md and "![x](" not in md
    row = next(line for line in md.splitlines() if line.startswith("| 1.1 |"))
    # the row stays one row with its 8 cells: every | inside a cell is escaped
    assert len(re.findall(r"(?<!\\)\|", row)) == 11
    assert "表格 \\|<br>第二行" in row


def test_custom_template_dir(cli: CLI, tmp_path: Path) -> None:
    own = tmp_path / "tpl"
    own.mkdir()
    (own / "report.md.j2").write_text(
        "# {{ title | md }}\n{{ summary.score }}分\n", encoding="utf-8"
    )
    run = cli("report", "-f", EXAMPLE, "--format", "md", "--template-dir", own)
    assert run.stdout == "# 叶县2025年度强化知识产权保护工作自评报告\n33分\n"
    # the html template still comes from the shipped folder
    assert cli("report", "-f", EXAMPLE, "--template-dir", own).stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("line one\n{% for x in %}\n", r"report\.md\.j2:2: template syntax error"),
        (
            "ok\n\n{{ no_such_thing.attr }}\n",
            r"report\.md\.j2:3: template error: 'no_such_thing' is undefined",
        ),
        (
            "{{ ''.__class__.__mro__ }}\n",
            r"report\.md\.j2:1: template error: access to attribute '__class__'",
        ),
    ],
)
def test_broken_template_names_template_and_line(
    cli: CLI, tmp_path: Path, template: str, expected: str
) -> None:
    own = tmp_path / "tpl"
    own.mkdir()
    (own / "report.md.j2").write_text(template, encoding="utf-8")
    run = cli("report", "-f", EXAMPLE, "--format", "md", "--template-dir", own)
    assert run.code == 2
    assert run.stdout == ""
    assert re.search(expected, run.stderr), run.stderr
    assert run.stderr.count("\n") == 1


def test_missing_template_dir(cli: CLI, tmp_path: Path) -> None:
    """The folder named, and why: not any usage error (a typo in another option passes too)."""
    missing = tmp_path / "nope"
    run = cli("report", "-f", EXAMPLE, "--template-dir", missing)
    assert run.code == 2 and run.stdout == ""
    assert run.stderr == f"ipcheck: error: {missing}: template folder does not exist\n"


def test_example_is_untouched_by_reporting(cli: CLI, tmp_path: Path) -> None:
    copy = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE.parent, copy)
    before = (copy / EXAMPLE.name).read_bytes()
    for fmt in ("md", "html", "json"):
        assert cli("report", "-f", copy / EXAMPLE.name, "--format", fmt).code == 0
    assert (copy / EXAMPLE.name).read_bytes() == before


def test_the_report_checks_the_evidence_while_it_renders(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed or missing evidence file is marked in the 佐证材料目录, said, and fails
    --strict; the report pins the history by its chain head (issue 15)."""
    work = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE.parent, work)
    monkeypatch.chdir(work)
    clean = cli("report", "--format", "md", "--strict")
    assert clean.code == 0, clean
    assert "| 核验 |" in clean.stdout and "与记录不符" not in clean.stdout
    head = json.loads(cli("report", "--format", "json").stdout)["file"]
    assert re.fullmatch(r"[0-9a-f]{64}", head["chain_head"]) and head["sealed"] is True
    assert f"历史记录链头：`{head['chain_head']}`（已封存）" in clean.stdout
    folder = work / "叶县-2025-佐证材料"
    (folder / "知识产权案件台账.csv").write_text("改过的台账\n", encoding="utf-8")
    (folder / "知识产权保护培训签到表.csv").unlink()
    run = cli("report", "--format", "md")
    assert run.code == 0
    assert "有 2 个文件缺失或与所列 SHA-256 不符" in run.stdout
    assert re.search(
        r"\| \d\d \| 知识产权案件台账\.csv \| 1\.3、2\.5.*\| \*\*与记录不符\*\* \|", run.stdout
    )
    assert re.search(
        r"\| \d\d \| 知识产权保护培训签到表\.csv \| 15\.1.*\| \*\*缺失\*\* \|", run.stdout
    )
    assert "2 evidence files are missing or not as recorded" in run.stderr
    assert cli("report", "--format", "md", "--strict").code == 1
    html = cli("report", "--format", "html").stdout
    assert '<tr class="evidence-changed">' in html and '<tr class="evidence-missing">' in html
    data = json.loads(cli("report", "--format", "json").stdout)
    assert data["evidence_problems"] == 2
    assert {e["check"] for e in data["evidence"]} == {"intact", "changed", "missing"}


def test_the_self_assessment_table_as_a_spreadsheet(cli: CLI, tmp_path: Path) -> None:
    """report --format xlsx: the 自评表 as offices ask for it (issue 16)."""
    from openpyxl import load_workbook

    assert cli("report", "-f", EXAMPLE, "--format", "xlsx").code == 2  # needs -o
    out = tmp_path / "自评表.xlsx"
    run = cli("report", "-f", EXAMPLE, "--format", "xlsx", "-o", out)
    assert run.code == 0, run
    book = load_workbook(out)
    assert book.sheetnames == ["自评表", "佐证材料目录"]
    table = book["自评表"]
    assert table["A1"].value == "叶县2025年度自评表"
    assert "2025年度" in table["A2"].value and "平办〔2021〕22号" in table["A2"].value
    assert [c.value for c in table[3]][:8] == [
        "序号",
        "工作任务",
        "原文",
        "评分标准",
        "牵头/责任单位",
        "分值",
        "完成情况",
        "自评得分",
    ]
    rows = {r[0].value: r for r in table.iter_rows(min_row=4) if r[0].value}
    first = rows["1.3"]
    assert first[5].value == 1 and isinstance(first[5].value, int)  # a number, not '1'
    assert first[7].value == 1 and first[6].value == "已完成"
    assert rows["14.2"][5].value == 2.5  # half points, as numbers
    assert rows["合计"][5].value == 100 and rows["合计"][7].value == 33
    assert table.freeze_panes == "A4" and table.auto_filter.ref.startswith("A3:J")
    assert table.print_title_rows == "$3:$3"
    assert table.page_setup.orientation == "landscape" and table.page_setup.fitToWidth == 1
    catalogue = book["佐证材料目录"]
    assert catalogue.max_row == 3 + 5
    assert isinstance(catalogue["D4"].value, int) and len(catalogue["E4"].value) == 64


def test_the_spreadsheet_carries_no_formula(cli: CLI, hostile: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert cli("note", "1.3", '=HYPERLINK("http://evil/","x")').code == 0
    out = tmp_path / "t.xlsx"
    assert cli("report", "--format", "xlsx", "-o", out).code == 0
    values = [c.value for row in load_workbook(out)["自评表"].iter_rows() for c in row]
    notes = [v for v in values if isinstance(v, str) and "HYPERLINK" in v]
    assert notes and all(v.startswith("'") for v in notes)


def test_the_word_file_is_laid_out_as_gb_t_9704_sets_it(cli: CLI, tmp_path: Path) -> None:
    """Read from the docx's XML: the document grid of 22 lines of 28 characters, page
    numbers at the outer edge (odd right, even left, one character in) 7 mm below the
    text area, the title in 2号方正小标宋 not bold (issue 28)."""
    import zipfile

    out = tmp_path / "r.docx"
    assert cli("report", "-f", EXAMPLE, "--format", "docx", "-o", out).code == 0
    with zipfile.ZipFile(out) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        settings = docx.read("word/settings.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
        footers = {
            name: docx.read(name).decode("utf-8")
            for name in docx.namelist()
            if name.startswith("word/footer")
        }
    assert "<w:evenAndOddHeaders/>" in settings
    grid = re.search(
        r'<w:docGrid w:linePitch="(\d+)" w:type="linesAndChars" w:charSpace="(-?\d+)"', document
    )
    assert grid is not None
    line_pitch, char_space = int(grid[1]), int(grid[2])
    assert abs(line_pitch / 20 * 22 - 225 / 25.4 * 72) < 2  # 22 lines fill 225 mm
    assert abs((16 + char_space / 4096) * 28 - 156 / 25.4 * 72) < 1  # 28 characters 156 mm
    kinds = dict(re.findall(r'<w:footerReference w:type="(\w+)" r:id="(\w+)"', document))
    assert set(kinds) == {"default", "even"}
    right = [f for f in footers.values() if '<w:jc w:val="right"/>' in f]
    left = [f for f in footers.values() if '<w:jc w:val="left"/>' in f]
    assert len(right) == len(left) == 1
    assert 'w:right="280"' in right[0] and 'w:left="280"' in left[0]  # one 4号 character in
    assert all("PAGE" in f for f in right + left)
    # the footer's line begins 7 mm below the 35 mm bottom margin's edge of the text area
    footer = int(re.search(r'w:footer="(\d+)"', document)[1])  # type: ignore[index]
    assert abs(footer - (35 - 7) / 25.4 * 1440 + 14 * 20) < 2
    title = re.search(r'<w:style w:type="paragraph" w:styleId="Title">.*?</w:style>', styles, re.S)
    assert title is not None and "方正小标宋简体" in title[0] and "<w:b/>" not in title[0]


def test_the_report_as_a_word_file(cli: CLI, tmp_path: Path) -> None:
    """report --format docx, opened as Word users see it (issue 16): 公文 page and
    styles, headings in the navigation pane, the 自评表 as a landscape attachment whose
    header row repeats and whose rows never split, page numbers as fields."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    assert cli("report", "-f", EXAMPLE, "--format", "docx").code == 2  # needs -o
    out = tmp_path / "叶县-2025-自评报告.docx"
    run = cli("report", "-f", EXAMPLE, "--format", "docx", "-o", out)
    assert run.code == 0, run
    doc = Document(str(out))
    first, appendix = doc.sections
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:5] == [
        "一、基本情况",
        "二、主要做法及成效",
        "三、自评总体情况",
        "四、存在问题",
        "五、下一步打算",
    ]
    assert doc.paragraphs[0].style.name == "Title"
    # the title set on two lines where its meaning breaks
    assert doc.paragraphs[0].text == "叶县2025年度强化知识产权保护\n工作自评报告"
    body = doc.styles["Normal"]
    assert body.font.size.pt == 16 and body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert doc.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体"
    paragraphs = doc.paragraphs
    text = "\n".join(p.text for p in paragraphs)
    assert paragraphs[1].text == "市市场监督管理局："  # 主送机关, from the checklist
    assert "聚焦食品、药品、农资等重点领域" in text  # the county's own words, not a draft
    assert "草稿" not in text
    # 主要做法及成效 part by part: （一） parts as headings, 1. measures run in, in bold
    parts = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert "（一）完善制度措施，落实严保护标准" in parts
    (measure,) = [p for p in paragraphs if p.text.startswith("1. 加强跨部门、跨区域办案协作。")]
    # a third-level heading runs into its text in the body's 仿宋, not bold (GB/T 9704)
    assert not measure.runs[0].bold and not measure.runs[1].bold
    assert "附件：1. 叶县2025年度自评表" in text and "2. 佐证材料目录" in text
    signed = [
        p for p in paragraphs if p.text in ("叶县人民政府", "2026年1月10日")
    ]  # sealed that day
    assert [p.alignment for p in signed] == [WD_ALIGN_PARAGRAPH.RIGHT] * 2  # 落款
    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    table = tables["序号"]
    assert [c.text for c in table.rows[0].cells][:4] == ["序号", "工作任务", "评分标准", "分值"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows[1:])
    numbers = [r.cells[0].text for r in table.rows]
    assert "1.2" in numbers and "1.1" not in numbers and numbers[-1] == "合计"
    # table text in its own style (五号), fixed widths across the landscape page
    cell_styles = {p.style.name for r in table.rows for c in r.cells for p in c.paragraphs}
    assert cell_styles == {"表格文字"} and doc.styles["表格文字"].font.size.pt == 10.5
    assert not table.autofit and round(sum(c.width.mm for c in table.columns)) == 243
    assert "单位（公章）" in tables and "被考核单位" in tables
    footer = first.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml and "fldChar" in footer._p.xml
    catalogue = tables["编号"]
    assert len(catalogue.rows) == 1 + 5


def test_the_word_file_of_hostile_input_is_inert(cli: CLI, hostile: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "r.docx"
    run = cli("report", "--format", "docx", "-o", out)
    assert run.code == 0, run
    text = "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "<script>" in text  # shown as the text it is, never as markup


def test_pdf_without_a_browser_says_what_to_do(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCHECK_BROWSER", str(tmp_path / "no-browser"))
    out = tmp_path / "r.pdf"
    run = cli("report", "-f", EXAMPLE, "--format", "pdf", "-o", out)
    assert run.code == 2 and "no such browser" in run.stderr
    assert run.stderr.count("\n") == 1 and not out.exists()
    assert not list(tmp_path.glob(".ipcheck-*"))
    assert cli("report", "-f", EXAMPLE, "--format", "pdf").code == 2  # needs -o


def test_the_format_follows_the_output_name_and_drafts_are_said(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """-o 报告.docx writes Word without --format; a name and a format that disagree are
    refused; a report whose sections are drafts says so, and --strict fails on it."""
    from docx import Document

    out = tmp_path / "郏县-自评报告.docx"
    run = cli("report", "-o", out)
    assert run.code == 0, run
    assert Document(str(out)).paragraphs[0].text.endswith("自评报告")
    assert "are still drafts built from the assessment (【草稿】)" in run.stderr
    assert "ipcheck write 基本情况" in run.stderr
    wrong = cli("report", "--format", "docx", "-o", tmp_path / "r.pdf")
    assert wrong.code == 2 and "names a .pdf file but --format is docx" in wrong.stderr
    assert not (tmp_path / "r.pdf").exists()
    assert cli("report", "--format", "md", "--strict").code == 1
    signed = cli("report", "--format", "json", "--signer", "叶县人民政府")
    assert json.loads(signed.stdout)["signature"]["name"] == "叶县人民政府"
    bad = cli("report", "--format", "json", "--signer", "a/b")
    assert bad.code == 2 and bad.stderr.count("\n") == 1


def test_sealing_a_file_whose_report_is_drafts_says_so(cli: CLI, county: Path) -> None:
    assert cli("key", "--new", "--name", "叶县市场监管局").code == 0
    run = cli("seal")
    assert run.code == 0, run
    assert "sections of the report not written in your own words: 基本情况、" in run.stderr


def test_a_word_file_of_drafts_sets_them_apart_and_keeps_the_signature_whole(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """A fresh county's drafts are in the 草稿 style (coloured, to be rewritten); the last
    lines of the text, the 附件说明 and the 落款 are kept on one page."""
    from docx import Document

    out = tmp_path / "r.docx"
    assert cli("report", "-o", out).code == 0
    doc = Document(str(out))
    drafts = [p for p in doc.paragraphs if p.text.startswith("【草稿")]
    assert len(drafts) == 4 and {p.style.name for p in drafts} == {"草稿"}
    assert doc.styles["草稿"].font.color.rgb is not None
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("附件：1. 叶县2025年度自评表") - 2  # the text's last line, a blank
    end = texts.index("叶县人民政府", start)
    chain = doc.paragraphs[start : end + 1]
    assert all(p.paragraph_format.keep_with_next for p in chain)
    signed = doc.paragraphs[end]
    assert (
        # the name centred over the date (equal widths: the same indent)
        signed.paragraph_format.right_indent
        >= doc.paragraphs[end + 1].paragraph_format.right_indent
    )


def test_a_parts_draft_is_said_with_the_command_that_writes_it(cli: CLI, county: Path) -> None:
    """The warning put the part's heading where `write` takes its theme, so the command
    it gave was refused (found by a trial)."""
    for section in ("基本情况", "存在问题", "下一步打算"):
        assert cli("write", section, stdin="文字".encode()).code == 0
    assert cli("write", "主要做法及成效", "--part", "严保护", stdin="做法".encode()).code == 0
    run = cli("report", "--format", "md")
    said = re.search(r"\(ipcheck write ([^)…]+?) …\)", run.stderr)
    assert said is not None, run.stderr
    assert said[1] == "主要做法及成效 --part 大保护"
    assert cli("write", *said[1].split(), stdin="做法".encode()).code == 0  # as it says


def test_a_note_of_several_lines_keeps_them_in_every_format(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """HTML (and the PDF made from it) ran them into one line, and xlsx showed \\x0a
    (found by a trial); docx and md kept them."""
    from openpyxl import load_workbook

    assert cli("note", "1.3", "第一行\n第二行").code == 0
    html = cli("report", "--format", "html").stdout
    assert "<td>第一行<br>第二行</td>" in html
    out = tmp_path / "r.xlsx"
    assert cli("report", "-o", out).code == 0
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "第一行\n第二行" in cells and not [c for c in cells if "\\x0a" in str(c)]
