"""`extract` on the Pingdingshan text and on two documents it has never seen."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from ipcheck.core.extract import extract_checklist
from ipcheck.store.loader import load_checklist
from ipcheck.store.resources import shipped_checklists_dir
from tests.helpers import DATA, SHIPPED, Run

CLI = Callable[..., Run]
SOURCE = shipped_checklists_dir() / "pingdingshan-2021-22" / "sources" / "pingdingshan-2021-22.txt"


def test_pingdingshan_structure_is_the_shipped_checklists() -> None:
    """Agreement with the source: parts, measures, lead and responsible units."""
    draft = extract_checklist(SOURCE.read_text(encoding="utf-8")).data
    shipped = load_checklist(SHIPPED).checklist
    assert [(p["number"], p["numeral"], p["title"]) for p in draft["parts"]] == [
        (p.number, p.numeral, p.title) for p in shipped.parts
    ]
    draft_units = {u["id"]: u["name"] for u in draft["units"]}
    shipped_units = {u.id: u.name for u in shipped.units}
    assert sorted(draft_units.values()) == sorted(shipped_units.values())
    assert {u["name"]: u["kind"] for u in draft["units"]} == {
        u.name: u.kind.value for u in shipped.units
    }
    assert len(draft["measures"]) == len(shipped.measures) == 19
    for mine, theirs in zip(draft["measures"], shipped.measures, strict=True):
        assert (mine["number"], mine["part"], mine["title"]) == (
            theirs.number,
            theirs.part,
            theirs.title,
        )
        assert [draft_units[u] for u in mine["lead"]] == [shipped_units[u] for u in theirs.lead]
        assert [draft_units[u] for u in mine["responsible"]] == [
            shipped_units[u] for u in theirs.responsible
        ]
        # every shipped item quotes a sentence the draft found
        sentences = {i["sentence"]: i["basis"] for i in mine["items"]}
        for item in theirs.items:
            assert item.basis in sentences[item.sentence], item.id
    source = draft["source"]
    assert (source["doc_number"], source["implements"], source["target_year"]) == (
        "平办〔2021〕22号",
        "豫办〔2020〕21号",
        2025,
    )
    assert source["issuers"] == ["中共平顶山市委办公室", "平顶山市人民政府办公室"]
    assert len(draft["goals"]) == 3


def test_pingdingshan_draft_validates(cli: CLI, tmp_path: Path) -> None:
    out = tmp_path / "draft.toml"
    run = cli("extract", SOURCE, "-o", out, "--id", "pds-draft")
    assert run.code == 0, run
    assert "drafted 19 measures" in run.stderr
    assert "points spread evenly" in run.stderr
    assert cli("validate", out).code == 0
    assert cli("extract", SOURCE, "-o", out).code == 2  # no overwrite without --force


def test_a_county_plan_with_restarting_numbers_and_numbered_duties() -> None:
    result = extract_checklist((DATA / "yexian-plan.txt").read_text(encoding="utf-8"))
    assert result.issues == []
    d = result.data
    assert d["source"]["doc_number"] == "叶政办〔2022〕5号"
    assert d["source"]["issuers"] == ["叶县人民政府办公室"]
    assert d["source"]["issued"].isoformat() == "2022-03-08"
    assert d["source"]["implements"] == "平办〔2021〕22号"
    assert d["source"]["implements_title"] == "关于强化知识产权保护的实施意见"
    assert d["source"]["target_year"] == 2024
    assert [p["title"] for p in d["parts"]] == ["工作目标", "重点任务", "保障措施"]
    assert [(m["number"], m["part"], m["title"]) for m in d["measures"]] == [
        (1, 2, "严厉打击侵权假冒"),
        (2, 2, "强化司法保护"),
        (3, 2, "加强宣传教育"),
        (4, 3, "加强组织领导"),
        (5, 3, "强化经费保障"),
    ]
    names = {u["id"]: u["name"] for u in d["units"]}
    first = d["measures"][0]
    assert [names[u] for u in first["lead"]] == ["县市场监管局"]
    assert [names[u] for u in first["responsible"]] == ["县公安局", "县检察院"]
    assert [i["text"] for i in first["items"]] == [
        "开展商标侵权专项整治",
        "加强农资市场监督检查",
        "建立案件移送台账",
    ]
    assert [names[u] for u in d["measures"][1]["lead"]] == ["县法院"]  # marker cut by a line break
    assert "responsible" not in d["measures"][1]  # an empty list is left out
    assert "— 3 —" not in str(d)  # the page number is not part of any duty
    assert sorted(names.values()) == sorted(
        {"县市场监管局", "县公安局", "县检察院", "县法院", "县委宣传部", "县教体局", "县财政局"}
    )


def test_a_plain_document_without_parts_reports_what_it_cannot_parse(
    cli: CLI, tmp_path: Path
) -> None:
    path = DATA / "shouldbe-plain.txt"
    result = extract_checklist(path.read_bytes().decode("utf-8"))
    d = result.data
    assert [m["title"] for m in d["measures"]] == [
        "完善保护制度",
        "加强执法协作",
        "提升服务能力",
        "落实考核评价",
    ]
    names = {u["id"]: (u["name"], u["kind"]) for u in d["units"]}
    assert [names[u] for u in d["measures"][0]["responsible"]] == [
        ("各乡〔镇〕党委", "county"),
        ("各乡〔镇〕政府", "county"),
    ]
    assert [names[u][0] for u in d["measures"][1]["lead"]] == ["市市场监管局", "市公安局"]
    assert [(i.line, i.message) for i in result.issues] == [
        (16, "measure （三） has no unit marker （牵头单位：…；责任单位：…）"),
        (1, "no target year (到20XX年) in the text; 2023 assumed"),
    ]
    run = cli("extract", path)
    assert run.code == 1
    assert f"{path}:16: measure （三） has no unit marker" in run.stderr
    assert tomllib.loads(run.stdout)["kind"] == "checklist"


SIGNED = """关于加强知识产权保护的实施意见

一、总体要求

到2025年，我县知识产权保护水平明显提升。

二、主要措施

（一）加强执法。开展专项执法行动，查处侵权案件。建立执法协作机制。（牵头单位：县市场监管局）

（二）加强宣传。开展宣传周活动。

叶县人民政府办公室

2021年12月21日印发
"""


def test_a_draft_passes_validate_and_fmt_as_written(cli: CLI, tmp_path: Path) -> None:
    """The closing signature is not an item; a measure without its units goes to the
    issuer with a line saying so; an empty responsible list is left out."""
    text = tmp_path / "plan.txt"
    text.write_text(SIGNED, encoding="utf-8")
    out = tmp_path / "draft.toml"
    run = cli("extract", text, "-o", out)
    assert run.code == 1  # drafted, with what a person must decide
    assert "plan.txt:11: measure （二） has no unit marker" in run.stderr
    assert "measure （二） names no units; the draft gives it to the issuer" in run.stderr
    drafted = out.read_text(encoding="utf-8")
    assert "叶县人民政府办公室" not in drafted and "unknown-lead" not in drafted
    assert "responsible = []" not in drafted
    assert cli("validate", out).code == 0
    assert cli("fmt", "--check", out).code == 0
    items = [i["text"] for m in tomllib.loads(drafted)["measures"] for i in m["items"]]
    assert items == ["开展专项执法行动，查处侵权案件", "建立执法协作机制", "开展宣传周活动"]


def _one_measure(duties: str) -> str:
    """The Pingdingshan text's head and one measure of the given duties."""
    head = SOURCE.read_text(encoding="utf-8").split("二、完善制度措施")[0]
    return f"{head}二、完善制度措施，落实严保护标准\n（一）加大司法惩戒力度。{duties}（牵头单位：市中级人民法院）\n"


def test_numbered_points_past_ninety_nine_are_items_of_their_own() -> None:
    """Points 100 and on were run into item 99 (found by a trial)."""
    text = _one_measure("".join(f"{n}．做第{n}件事。\n" for n in range(1, 121)))
    items = extract_checklist(text).data["measures"][0]["items"]
    assert len(items) == 120
    assert [i["text"] for i in items[98:101]] == ["做第99件事", "做第100件事", "做第101件事"]


def test_a_text_no_policy_is_like_is_refused_before_it_fills_memory(
    cli: CLI, tmp_path: Path
) -> None:
    """A million one-sentence lines drafted a million items, 3 KB each: over 2 GB of
    memory for a 7 MB text (found by a trial). Over 1 MB, or past 5,000 duties, is
    refused in one line."""
    many = tmp_path / "many.txt"
    many.write_text(_one_measure("甲。\n" * 6000), encoding="utf-8")
    run = cli("extract", many)
    assert run.code == 2 and run.stdout == "" and run.stderr.count("\n") == 1
    assert "over 5000 duties found" in run.stderr
    huge = tmp_path / "huge.txt"
    huge.write_text(_one_measure("甲。\n" * 200_000), encoding="utf-8")
    run = cli("extract", huge)
    assert run.code == 2 and "larger than 1 MB" in run.stderr


def test_a_duty_too_long_for_an_item_is_reported_not_drafted_clean(
    cli: CLI, tmp_path: Path
) -> None:
    """extract said a clean draft (exit 0) that validate then refused (found by a trial)."""
    path = tmp_path / "long.txt"
    path.write_text(_one_measure("长" * 2500 + "。"), encoding="utf-8")
    run = cli("extract", path)
    assert run.code == 1
    assert "item 1: 2500 characters, over the 2000 an item's text may hold" in run.stderr


def test_an_empty_text_is_refused_not_drafted(cli: CLI, tmp_path: Path) -> None:
    """It printed a draft of placeholders (未识别文号, issued 2000-01-01) (found by a trial)."""
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    run = cli("extract", empty)
    assert run.code == 2 and run.stdout == "" and "empty: no policy text" in run.stderr
