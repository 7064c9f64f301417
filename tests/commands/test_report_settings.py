"""The report right the first time (issue 28): how it is issued is the assessment's own
setting; every part of 主要做法及成效 is there; the county's words come from a file, Word, a
pipe or an editor; generated sentences read as a 公文 does."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.loader import load_assessment
from tests.helpers import Run, build_tree

CLI = Callable[..., Run]


@pytest.fixture
def yexian(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    build_tree(tmp_path / "叶县-2025-佐证材料", {"台账.csv": "案号\n1\n", "纪要.txt": "纪要"})
    return tmp_path / "叶县-2025.toml"


def _report(cli: CLI) -> dict:  # type: ignore[type-arg]
    run = cli("report", "--format", "json")
    assert run.code == 0, run
    data: dict = json.loads(run.stdout)  # type: ignore[type-arg]
    return data


def test_how_the_report_is_issued_is_set_once_and_used_everywhere(cli: CLI, yexian: Path) -> None:
    shown = cli("setting")
    assert shown.code == 0 and "叶县人民政府 (default)" in shown.stderr
    first = _report(cli)
    assert first["signature"]["name"] == "叶县人民政府"  # the issuing body, not 叶县
    assert first["title"] == "叶县2025年度强化知识产权保护工作自评报告"
    assert cli("setting", "落款", "叶县人民政府办公室").code == 0
    assert cli("setting", "标题", "关于").code == 0
    assert cli("setting", "成文日期", "２０２６年1月8日").code == 0
    data = _report(cli)
    assert data["signature"] == {"name": "叶县人民政府办公室", "date": "2026年1月8日"}
    assert data["title"] == "叶县人民政府办公室关于2025年度强化知识产权保护工作自评情况的报告"
    md = cli("report", "--format", "md").stdout
    assert md.startswith("# 叶县人民政府办公室关于2025年度") and "2026年1月8日" in md
    status = json.loads(cli("status", "--format", "json").stdout)["report"]
    assert (status["signer"], status["signer_set"], status["dated"]) == (
        "叶县人民政府办公室",
        True,
        "2026-01-08",
    )
    assert "落款 叶县人民政府办公室" in cli("status").stdout
    lines = [c for c in load_assessment(yexian).assessment.history if c.action.value == "setting"]
    assert [(c.path, c.new) for c in lines] == [
        ("signer", "叶县人民政府办公室"),
        ("title", "关于"),
        ("dated", "2026-01-08"),
    ]
    assert cli("validate", yexian).code == 0  # the history accounts for every setting
    before = yexian.read_bytes()
    for args, said in (
        (("成文日期", "明天"), "is not a date"),
        # before the year it reports on began (a trial: taken, and printed on the report)
        (("成文日期", "2024-12-31"), "the report of 2025 is dated in 2025 or later"),
        (("颜色", "红"), "is not a report setting"),
        (("落款", "叶县", "--clear"), "not both"),
    ):
        run = cli("setting", *args)
        assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, run
    assert yexian.read_bytes() == before
    assert cli("setting", "落款", "--clear").code == 0
    assert _report(cli)["signature"]["name"] == "叶县人民政府"


def test_a_zone_and_a_unit_sign_as_themselves(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "高新区", "--period", "2025").code == 0
    assert _report(cli)["signature"]["name"] == "高新区管委会"
    assert cli("init", "--unit", "市公安局", "--period", "2025", "-o", "u.toml").code == 0
    unit = json.loads(cli("report", "-f", "u.toml", "--format", "json").stdout)
    assert unit["signature"]["name"] == "市公安局"


def test_every_part_the_county_answers_is_written_or_drafted(cli: CLI, yexian: Path) -> None:
    (yexian.parent / "严保护.txt").write_text("严保护的做法。", encoding="utf-8")
    assert cli("write", "主要做法及成效", "严保护.txt", "--part", "严保护").code == 0
    assert cli("mark", "11.1", "11.2", "已完成", "--note", "平等保护").code == 0
    data = _report(cli)
    parts = [p for p in data["practices"] if p["level"] == "part"]
    assert [p["heading"][:3] for p in parts] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    same = next(p for p in parts if "同保护" in p["text"] or "一视同仁" in p["heading"])
    assert same["draft"] and "已完成2项工作任务：平等保护" in same["text"]
    assert not parts[0]["draft"] and parts[0]["text"] == "严保护的做法。"
    strict = cli("report", "--format", "md", "--strict", "-o", "r.md")
    assert strict.code == 1 and "主要做法及成效（二）" in strict.stderr


def test_generated_sentences_have_no_spaces_around_numbers(cli: CLI, yexian: Path) -> None:
    md = cli("report", "--format", "md").stdout
    assert "共91项工作任务" in md and "自评得分0分（满分100分）" in md
    assert not re.search(r"[\u4e00-\u9fff] \d+ [项分]", md)


def test_text_comes_from_a_pipe_utf16_or_word(cli: CLI, yexian: Path) -> None:
    piped = cli("write", "基本情况", stdin="管道写入的基本情况。\n".encode("gbk"))
    assert piped.code == 0, piped
    (yexian.parent / "问题.txt").write_bytes("存在的问题（UTF-16）。\n".encode("utf-16"))
    assert cli("write", "存在问题", "问题.txt").code == 0
    from docx import Document

    doc = Document()
    doc.add_paragraph("第一段打算。")
    doc.add_paragraph("第二段打算。")
    doc.save(str(yexian.parent / "打算.docx"))
    word = cli("write", "下一步打算", "打算.docx")
    assert word.code == 0 and "left out" not in word.stderr, word
    narrative = load_assessment(yexian).assessment.narrative
    assert narrative["situation"] == "管道写入的基本情况。"
    assert narrative["problems"] == "存在的问题（UTF-16）。"
    assert narrative["plans"] == "第一段打算。\n第二段打算。"
    before = yexian.read_bytes()
    (yexian.parent / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(range(256)) * 8)
    (yexian.parent / "伪装.docx").write_bytes(_zip({"word/other.xml": b"x"}))
    for name in ("旧格式.doc", "伪装.docx"):
        run = cli("write", "基本情况", name)
        assert run.code == 2 and "plain text" in run.stderr and run.stderr.count("\n") == 1, run
    no_editor = cli("write", "基本情况")  # no editor named, and no terminal to show one in
    assert no_editor.code == 2 and "no editor to open here" in no_editor.stderr
    assert yexian.read_bytes() == before


def test_a_word_files_tables_are_said_to_be_left_out(
    cli: CLI, yexian: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A section is text: what a department typed in a Word table is not read, and the
    officer is told so, rather than finding it missing from the report."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("全年办理案件情况如下。")
    doc.add_table(rows=1, cols=2).cell(0, 0).text = "表格里的案件数"
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "另一张表"
    doc.save(str(yexian.parent / "做法.docx"))
    run = cli("write", "基本情况", "做法.docx")
    assert run.code == 0, run
    assert "做法.docx: 2 tables in it left out" in run.stderr
    assert load_assessment(yexian).assessment.narrative["situation"] == "全年办理案件情况如下。"
    assert "表格里的案件数" not in cli("report", "--format", "md").stdout
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    doc.save(str(yexian.parent / "做法二.docx"))
    said = cli("write", "存在问题", "做法二.docx")
    assert said.code == 0 and "其中 2 个表格未读入" in said.stderr, said


def test_the_settings_argument_is_called_a_setting(
    cli: CLI, yexian: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    shown = cli("setting", "--help")
    assert shown.code == 0 and "[设置项]" in shown.stdout and "公钥" not in shown.stdout, shown


def _zip(files: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_attach_takes_items_as_every_command_does(cli: CLI, yexian: Path) -> None:
    run = cli(
        "attach", "15.1", "15.3", "叶县-2025-佐证材料/台账.csv", "叶县-2025-佐证材料/纪要.txt"
    )
    assert run.code == 0, run
    items = load_assessment(yexian).assessment.items
    assert len(items["talent-program"].evidence) == 2 == len(items["training"].evidence)
    alone = cli("attach", "叶县-2025-佐证材料/台账.csv")
    assert alone.code == 2 and "give one or more items, then the files" in alone.stderr
    verify = cli("verify")
    assert "2 evidence file(s) checked (4 item–file links)" in verify.stderr + verify.stdout


def test_figures_are_numbers(cli: CLI, yexian: Path) -> None:
    before = yexian.read_bytes()
    run = cli("figure", "专项检查", "abc", "次")
    assert run.code == 2 and "is not a number" in run.stderr
    assert yexian.read_bytes() == before
    assert cli("figure", "专项检查", "１２", "次").code == 0
    assert load_assessment(yexian).assessment.figures[0].value == "12"
    assert cli("figure", "满意度", "85%").code == 0


def test_a_report_on_a_terminal_goes_to_its_file(cli: CLI, yexian: Path) -> None:
    """Not 82 KB of HTML into a terminal: the file the README names, beside the assessment."""
    from ipcheck.commands.report import report
    from ipcheck.model.events import Say
    from ipcheck.store.catalog import checklist_dirs

    events = list(
        report(
            None,
            checklist_dirs(),
            output=None,
            force=False,
            template_dir=None,
            file=yexian,
            to_terminal=True,
        )
    )
    made = yexian.parent / "叶县-2025-自评报告.html"
    assert made.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert any(isinstance(e, Say) and str(made) in e.text for e in events)


def test_the_lead_unit_does_not_address_its_report_to_itself(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """市市场监督管理局's report opened 市市场监督管理局： — the checklist's addressee for every
    assessee — and 主送机关 could not be set (a trial). The report names none and says so;
    the setting names it, in every format."""
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--unit", "市市场监管局", "--period", "2025").code == 0
    md = cli("report", "--format", "md")
    assert "市市场监督管理局：" not in md.stdout.split("\n\n", 2)[1]
    assert (
        "names no 主送机关: the checklist's, 市市场监督管理局, is the assessee itself" in md.stderr
    )
    shown = cli("setting")
    assert "主送机关 none: the checklist's is this assessee itself; set one" in shown.stderr
    empty = cli("setting", "主送机关", " ")
    assert empty.code == 2 and "主送机关 is empty: give its value, or --clear" in empty.stderr
    assert cli("setting", "主送机关", "市委、市政府：").code == 0  # the report writes the colon
    assert _report(cli)["addressee"] == "市委、市政府"
    md = cli("report", "--format", "md")
    assert "市委、市政府：" in md.stdout and "主送机关" not in md.stderr
    # a county keeps the checklist's, shown as the default
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    county = cli("setting", "-f", "叶县-2025.toml")
    assert "主送机关 市市场监督管理局 (default)" in county.stderr
