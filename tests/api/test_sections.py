"""The county's own words in its assessment (issue 16, first part), through `api.write` and
`api.figure`: the report's sections and key figures, each change a history line that
`validate` holds the file to; drafts in the report where none is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipcheck import api
from ipcheck.errors import InputError
from ipcheck.model.views.report import ReportPractice, ReportSection
from ipcheck.rules.history import history_problems
from tests.helpers.assessments import messages, validated

SITUATION = "叶县高度重视知识产权保护工作，成立了由县长任组长的领导小组。\n全年投入经费 50 万元。"


def test_a_section_replaces_the_draft(county: Path) -> None:
    a = api.open_assessment(county)
    draft = api.report(a, "json").report.sections
    assert all(s.draft for s in draft.values())
    assert draft["situation"].text.startswith("【草稿：根据自评记录生成")
    api.write(a, "situation", SITUATION)
    made = api.report(a, "md")
    assert made.report.sections["situation"] == ReportSection(
        key="situation",
        title="基本情况",
        text=SITUATION,
        paragraphs=SITUATION.splitlines(),
        draft=False,
    )
    assert "叶县高度重视知识产权保护工作" in made.text and "ipcheck write 基本情况" not in made.text
    assessment = api.open_assessment(county).loaded.assessment
    line = assessment.history[-1]
    assert (line.action.value, line.path, line.old) == ("narrative", "situation", None)
    assert history_problems(assessment, {}) == []
    assert validated(county).errors == 0


def test_a_section_edited_by_hand_is_caught(county: Path) -> None:
    api.write(api.open_assessment(county), "practices", "全年办结案件 12 件。")
    text = county.read_text(encoding="utf-8")
    county.write_text(
        text.replace("全年办结案件 12 件。", "全年办结案件 120 件。"), encoding="utf-8"
    )
    report = validated(county)
    assert report.errors
    assert "narrative.practices: 主要做法及成效: its text is not what the history gives" in (
        messages(report)
    )


def test_clearing_a_section_never_written_writes_nothing(county: Path) -> None:
    before = county.read_bytes()
    api.write(api.open_assessment(county), "problems", None)
    assert county.read_bytes() == before


def test_figures_are_set_removed_and_checked(county: Path) -> None:
    a = api.open_assessment(county)
    api.figure(a, "知识产权案件办结数", "12", "件")
    api.figure(a, "专利授权量", "35")
    made = api.report(a, "md")
    assert [(f.name, f.value, f.unit) for f in made.report.figures] == [
        ("知识产权案件办结数", "12", "件"),
        ("专利授权量", "35", None),
    ]
    assert "| 知识产权案件办结数 | 12 | 件 |" in made.text
    api.figure(a, "专利授权量", None)
    before = county.read_bytes()
    with pytest.raises(InputError, match="no figure '专利授权量' to remove"):
        api.figure(a, "专利授权量", None)
    assert county.read_bytes() == before
    assert validated(county).errors == 0
    text = county.read_text(encoding="utf-8")
    county.write_text(text.replace('value = "12"', 'value = "21"'), encoding="utf-8")
    assert "figure '知识产权案件办结数': not what the history gives" in messages(validated(county))


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("x" * 101, "1", "nothing written"),
        ("办结数", "3\n4", "holds a line break or a control character"),
        (" ", "3", "the figure needs a name"),
        ("办结数", " ", "give the figure's value"),
    ],
)
def test_a_figure_that_cannot_be_one_is_refused_in_one_line(
    county: Path, name: str, value: str, said: str
) -> None:
    before = county.read_bytes()
    with pytest.raises(InputError, match=re.escape(said)) as refused:
        api.figure(api.open_assessment(county), name, value)
    assert "\n" not in str(refused.value)
    assert county.read_bytes() == before


def test_a_figure_keeps_its_unit(county: Path) -> None:
    a = api.open_assessment(county)
    api.figure(a, "办结数", "12", "件")
    (figure,) = api.figure(a, "办结数", "13").figures  # a new value keeps the unit
    assert (figure.value, figure.unit) == ("13", "件")
    api.figure(a, "办结数", "14", "")  # "" removes it
    (figure,) = api.open_assessment(county).loaded.assessment.figures
    assert (figure.value, figure.unit) == ("14", None)


def test_practices_part_by_part_and_measure_by_measure(county: Path) -> None:
    """主要做法及成效 per part (by its theme) or per measure (by its title), headed as a
    公文 heads its levels, in the checklist's order; a part not written is drafted from
    the records, marked as one, so no part disappears."""
    texts = {
        "practices/长效机制": "举办培训班 2 期。",
        "practices/加强跨部门、跨区域办案协作": "建立线索通报机制。\n召开联席会议 4 次。",
        "practices/严保护": "开展专项检查 6 次。",
    }
    named = [{"part": "长效机制"}, {"measure": "十"}, {"part": "二"}]
    a = api.open_assessment(county)
    for where, text in zip(named, texts.values(), strict=True):
        api.write(a, "主要做法及成效", text, **where)
    assessment = api.open_assessment(county).loaded.assessment
    assert list(assessment.narrative) == list(texts)
    assert [line.path for line in assessment.history[-3:]] == list(assessment.narrative)
    assert validated(county).errors == 0
    made = api.report(a, "md")
    assert made.report.sections["practices"] == ReportSection(
        key="practices", title="主要做法及成效", text="", paragraphs=[], draft=False
    )
    assert [(p.level, p.heading, p.draft) for p in made.report.practices] == [
        ("part", "（一）完善制度措施，落实严保护标准", False),
        ("part", "（二）加强社会共治，构筑大保护体系", True),
        ("part", "（三）搭建便捷通道，突出快保护效果", False),
        ("measure", "1. 加强跨部门、跨区域办案协作", False),
        ("part", "（四）坚持一视同仁，塑造同保护环境", True),
        ("part", "（五）强化基础支撑，建立长效机制", False),
    ]
    assert (
        "### （三）搭建便捷通道，突出快保护效果\n\n**1\\. 加强跨部门、跨区域办案协作。**建立线索通报机制。\n\n召开联席会议 4 次。\n"
        in made.text
    )
    assert "ipcheck write 主要做法及成效 --part 大保护" in made.text
    assert made.drafts[-2:] == [
        "主要做法及成效（二）加强社会共治，构筑大保护体系",
        "主要做法及成效（四）坚持一视同仁，塑造同保护环境",
    ]
    html = api.report(a, "html").text
    assert "<h3>（一）完善制度措施，落实严保护标准</h3>\n<p>开展专项检查 6 次。</p>" in html


def test_practices_of_a_part_the_checklist_no_longer_has(county: Path) -> None:
    """A text kept for a part the checklist no longer has (renamed by an upgrade; here by
    hand): a warning, and the report prints it last under its own name."""
    api.write(api.open_assessment(county), "practices", "做法", part="严保护")
    renamed = county.read_text(encoding="utf-8").replace('"practices/严保护"', '"practices/旧提法"')
    county.write_text(renamed, encoding="utf-8")
    assert "'旧提法' is no part or measure 叶县 is assessed on" in messages(validated(county))
    practices = api.report(api.open_assessment(county), "json").report.practices
    assert [p for p in practices if not p.draft] == [
        ReportPractice(
            key="practices/旧提法",
            level="other",
            heading="旧提法",
            text="做法",
            paragraphs=["做法"],
        )
    ]


def test_a_section_is_named_as_officers_name_it_or_refused(county: Path) -> None:
    """Every refusal is one InputError, never a ValueError: an unknown section, a part the
    assessee is not assessed on, text of nothing but spaces; the file is untouched."""
    a = api.open_assessment(county)
    before = county.read_bytes()
    for args, kwargs, said in (
        (("bogus", "x"), {}, "'bogus' is not a section of the report"),
        (("基本情况", "   "), {}, "基本情况 is empty: nothing written"),
        (("practices", "x"), {"part": "不存在"}, "has no part '不存在'"),
        (("基本情况", "x"), {"part": "严保护"}, "are for 主要做法及成效, not 基本情况"),
        (("practices", "x"), {"part": "二", "measure": "一"}, "give --part or --measure"),
    ):
        with pytest.raises(InputError, match=said):
            api.write(a, *args, **kwargs)  # type: ignore[arg-type]
    assert county.read_bytes() == before
    api.write(a, "主要做法", "严保护方面……", part="二")
    assert "practices/严保护" in api.open_assessment(county).loaded.assessment.narrative
