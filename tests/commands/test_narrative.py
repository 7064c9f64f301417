"""The county's own words in its assessment (issue 16, first part), as the command line
takes them: a section from a text file (UTF-8 or GBK) or the editor, its name as officers
say it, --part and --measure, --clear and --remove, and what it says. What the sections
and figures then are in the file and the report is the library's: tests/api/test_sections.py."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.loader import load_assessment
from tests.helpers import ROOT, Run

CLI = Callable[..., Run]
SITUATION = "叶县高度重视知识产权保护工作，成立了由县长任组长的领导小组。\n全年投入经费 50 万元。"


def test_a_section_is_written_from_a_file(cli: CLI, county: Path, tmp_path: Path) -> None:
    source = tmp_path / "基本情况.txt"
    source.write_text(SITUATION, encoding="utf-8")
    run = cli("write", "基本情况", source)
    assert run.code == 0, run
    assert "基本情况 written" in run.stderr
    assert load_assessment(county).assessment.narrative["situation"] == SITUATION


def test_a_gbk_file_from_notepad_is_read(cli: CLI, county: Path, tmp_path: Path) -> None:
    source = tmp_path / "问题.txt"
    source.write_bytes("部分乡镇工作推进较慢。".encode("gbk"))
    assert cli("write", "问题", source).code == 0
    assert load_assessment(county).assessment.narrative["problems"] == "部分乡镇工作推进较慢。"


def test_the_editor_writes_a_section(
    cli: CLI, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\npathlib.Path(sys.argv[1]).write_text('下一步将加大投入。', encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    run = cli("write", "下一步打算")
    assert run.code == 0, run
    assert load_assessment(county).assessment.narrative["plans"] == "下一步将加大投入。"
    again = cli("write", "下一步打算")  # the editor writes the same text: nothing changes
    assert again.code == 0 and "unchanged" in again.stderr
    # an unwritten section opens with the report's draft (without its 【草稿】 mark), and
    # saved as it was, writes nothing
    seen = tmp_path / "seen.txt"
    keep = tmp_path / "keep.py"
    keep.write_text(
        f"import sys, shutil\nshutil.copyfile(sys.argv[1], {str(seen)!r})\n", encoding="utf-8"
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{keep}"')
    before = county.read_bytes()
    run = cli("write", "存在问题")
    assert run.code == 0 and "unchanged" in run.stderr
    assert seen.read_text(encoding="utf-8").startswith("（") and "草稿" not in seen.read_text(
        encoding="utf-8"
    )
    assert county.read_bytes() == before


def test_a_save_made_while_the_editor_was_open_is_not_overwritten(
    cli: CLI, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague saved the section while this officer's editor was open: the editor's
    save replaced theirs without a word, and the history keeps only hashes (a trial). It
    is refused, theirs kept, and what was typed kept in a file to write again."""
    from ipcheck import api

    assert cli("write", "基本情况", stdin="原来的基本情况".encode()).code == 0
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "from ipcheck import api\n"
        f"api.write(api.open_assessment(pathlib.Path({str(county)!r})), 'situation', "
        "'同事写的基本情况', by='李四')\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8') + '我补充的内容', encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    run = cli("write", "基本情况", "-f", county)
    assert run.code == 2 and run.stderr.count("\n") == 1, run
    assert "基本情况 was changed meanwhile by someone else: nothing was written" in run.stderr
    assessment = api.open_assessment(county).loaded.assessment
    assert assessment.narrative["situation"] == "同事写的基本情况"
    kept = Path(run.stderr.split("is kept in ", 1)[1].split(" (", 1)[0])
    assert kept.read_text(encoding="utf-8") == "原来的基本情况我补充的内容"
    # the command as this one was given (its file; a part or measure alike)
    assert f"ipcheck write 基本情况 {kept} -f {county} writes it over theirs" in run.stderr
    assert cli("write", "基本情况", kept, "-f", county).code == 0  # as the message says
    assert api.open_assessment(county).loaded.assessment.narrative["situation"] == (
        "原来的基本情况我补充的内容"
    )
    kept.unlink()


def test_a_figure_needs_a_value_or_remove(cli: CLI, county: Path) -> None:
    assert cli("figure", "专利授权量").code == 2  # neither a value nor --remove


def test_bad_input_is_one_line_and_changes_nothing(cli: CLI, county: Path, tmp_path: Path) -> None:
    before = county.read_bytes()
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x80\x80\xff\xff" * 10)
    for args, said in (
        (("write", "总结", binary), "is not a section of the report"),
        (("write", "基本情况", binary), "neither UTF-8, UTF-16 nor GBK text"),
        (("write", "基本情况", tmp_path / "none.txt"), "none.txt"),
    ):
        run = cli(*args)
        assert run.code == 2, (args, run)
        assert said in run.stderr and run.stderr.count("\n") == 1, (args, run.stderr)
    assert county.read_bytes() == before


def test_clearing_a_section_never_written_changes_nothing(cli: CLI, county: Path) -> None:
    before = county.read_bytes()
    run = cli("write", "存在问题", "--clear")
    assert run.code == 0 and "存在问题: unchanged" in run.stderr
    assert county.read_bytes() == before


def test_practices_part_by_part_and_measure_by_measure(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    """主要做法及成效 per part (by numeral or theme) or per measure (by number or title)."""
    texts = {
        ("--part", "长效机制"): "举办培训班 2 期。",
        ("--measure", "（十）"): "建立线索通报机制。\n召开联席会议 4 次。",
        ("--part", "二"): "开展专项检查 6 次。",
    }
    for (option, value), text in texts.items():
        source = tmp_path / "t.txt"
        source.write_text(text, encoding="utf-8")
        run = cli("write", "主要做法及成效", source, option, value)
        assert run.code == 0, run
    assessment = load_assessment(county).assessment
    assert list(assessment.narrative) == [
        "practices/长效机制",
        "practices/加强跨部门、跨区域办案协作",
        "practices/严保护",
    ]
    assert list(assessment.narrative.values()) == list(texts.values())


def test_practices_of_what_the_assessee_is_not_assessed_on(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    before = county.read_bytes()
    source = tmp_path / "t.txt"
    source.write_text("做法", encoding="utf-8")
    for args, said in (
        (("--part", "七"), "has no part '七'; its parts: 二 严保护、"),
        (("--part", "严保"), "has no part '严保' (did you mean 严保护?)"),
        (("--part", "一"), "叶县 is not assessed on part 一 总体要求; its parts: 二 严保护、"),
        (("--measure", "20"), "has no measure '20'; its measures: 一 加大司法惩戒力度"),
        (("--part", "二", "--measure", "1"), "give --part or --measure, not both"),
    ):
        run = cli("write", "主要做法及成效", source, *args)
        assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, run
    run = cli("write", "存在问题", source, "--part", "二")
    assert run.code == 2 and "--part and --measure are for 主要做法及成效" in run.stderr
    assert county.read_bytes() == before


def test_an_empty_file_is_refused_and_a_figure_is_said_with_its_unit(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    before = county.read_bytes()
    run = cli("write", "基本情况", empty)
    assert run.code == 2 and "is empty; to remove 基本情况, use --clear" in run.stderr
    run = cli("figure", "办结数", "3", "--remove")
    assert run.code == 2 and "give the figure's value, or --remove, not both" in run.stderr
    assert run.stderr.count("\n") == 1, run
    assert county.read_bytes() == before
    assert cli("figure", "办结数", "12", "件").code == 0
    run = cli("figure", "办结数", "13")  # a new value keeps the unit
    assert run.code == 0 and "办结数 = 13 件" in run.stderr


def test_an_editor_that_empties_a_section_writes_nothing(
    cli: CLI, county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "t.txt"
    source.write_text("县里的文字。", encoding="utf-8")
    assert cli("write", "基本情况", source).code == 0
    before = county.read_bytes()
    empty = tmp_path / "empty.py"
    empty.write_text(
        "import sys, pathlib\npathlib.Path(sys.argv[1]).write_text('', encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{empty}"')
    run = cli("write", "基本情况")
    assert run.code == 2 and "the editor left 基本情况 empty; nothing written" in run.stderr
    assert county.read_bytes() == before
