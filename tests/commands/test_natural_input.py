"""What officers type (issue: speak the officer's language): measures as the document
names them, full-width digits, 、-lists, status words of their own, years with 年; and
hints that say why when something does not fit."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import CHECKLIST_ID, Run

CLI = Callable[..., Run]


def statuses(file: Path) -> dict[str, str]:
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    return {item: state["status"] for item, state in data["items"].items()}


CODES = {"未开始": "todo", "推进中": "in_progress", "已完成": "done", "不适用": "na"}


def numbered(cli: CLI, file: Path) -> dict[str, str]:
    """Item number → status code, from textconv's lines ("1.1 punitive-damages: 未开始")."""
    out = {}
    for line in cli("textconv", file).stdout.splitlines():
        head, _sep, status = line.partition(": ")
        number = head.split(" ")[0]
        if number[:1].isdigit() and status in CODES:
            out[number] = CODES[status]
    return out


@pytest.mark.parametrize("measure", ["14", "十四", "（十四）", "(十四)", "第十四条", "１４"])
def test_a_whole_measure_as_the_document_names_it(cli: CLI, county: Path, measure: str) -> None:
    run = cli("mark", measure, "推进中")
    assert run.code == 0, run.stderr
    states = numbered(cli, county)
    assert {n: s for n, s in states.items() if n.startswith("14.")} == {
        "14.1": "in_progress",
        "14.2": "in_progress",
        "14.3": "in_progress",
        "14.4": "in_progress",
    }


@pytest.mark.parametrize(
    "items", [["1.1,1.2"], ["1.1、1.2"], ["1.1，1.2"], ["１.１", "１．２"], ["1.1", "1.2"]]
)
def test_lists_and_full_width_digits(cli: CLI, county: Path, items: list[str]) -> None:
    assert cli("mark", *items, "已完成").code == 0
    states = numbered(cli, county)
    assert states["1.1"] == states["1.2"] == "done"
    assert states["1.3"] == "todo"


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("完成", "done"),
        ("已完成", "done"),
        ("进行中", "in_progress"),
        ("推进中", "in_progress"),
        ("未启动", "todo"),
        ("未开始", "todo"),
        ("done", "done"),
        ("in-progress", "in_progress"),
    ],
)
def test_the_status_words_officers_use(cli: CLI, county: Path, word: str, status: str) -> None:
    assert cli("mark", "1.1", "进行中" if status == "todo" else "未开始").code == 0
    assert cli("mark", "1.1", word).code == 0
    assert numbered(cli, county)["1.1"] == status


@pytest.mark.parametrize("word", ["无需开展", "不适用", "na"])
def test_not_applicable_in_its_words_still_needs_a_reason(
    cli: CLI, county: Path, word: str
) -> None:
    refused = cli("mark", "7.2", word)
    assert refused.code == 2
    assert "7.2 创建省级知识产权强县（市）" in refused.stderr  # named as officers name it
    assert cli("mark", "7.2", word, "--reason", "本县暂不具备条件").code == 0
    assert numbered(cli, county)["7.2"] == "na"


@pytest.mark.parametrize(("typo", "meant"), [("以完成", "已完成"), ("推近中", "推进中")])
def test_a_status_typo_gets_a_did_you_mean(
    cli: CLI, county: Path, monkeypatch: pytest.MonkeyPatch, typo: str, meant: str
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    before = county.read_bytes()
    run = cli("mark", "1.1", typo)
    assert run.code == 2
    assert f"是否想输入“{meant}”" in run.stderr
    assert county.read_bytes() == before


@pytest.mark.parametrize("period", ["2025年", "2025年度", "２０２５"])
def test_a_year_as_officers_write_it(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, period: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--county", "郏县", "--period", period)
    assert run.code == 0, run.stderr
    assert (
        tomllib.loads((tmp_path / "郏县-2025.toml").read_text(encoding="utf-8"))["period"] == 2025
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_that_is_not_one_is_refused_in_the_language(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_LANG", lang)
    run = cli("init", "--county", "郏县", "--period", "明年")
    assert run.code == 2
    assert ("请给出年份" in run.stderr) is (lang == "zh")
    assert list(tmp_path.iterdir()) == []
    early = cli("init", "--county", "郏县", "--period", "1999")
    assert early.code == 2
    said = "2000 至 2100" if lang == "zh" else "between 2000 and 2100"
    assert said in early.stderr and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("measure", ["十四", "（十四）", "第十四条", "14"])
def test_show_a_measure_by_its_numeral(cli: CLI, measure: str) -> None:
    run = cli("show", CHECKLIST_ID, "--measure", measure, "--format", "json")
    assert run.code == 0
    assert [m["number"] for m in json.loads(run.stdout)["measures"]] == [14]


def test_an_item_that_does_not_apply_says_so(cli: CLI, county: Path) -> None:
    run = cli("mark", "7.1", "已完成")
    assert run.code == 2
    assert "7.1 创建国家知识产权试点示范城市 applies only to municipal units, not to 叶县" in (
        run.stderr
    )
    assert "did you mean" not in run.stderr


def test_a_unit_is_told_why_a_measure_is_not_its_own(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--unit", "平顶山海关", "--period", "2025").code == 0
    run = cli(
        "mark", "1.1", "已完成"
    )  # measure 1: the customs office is neither lead nor responsible
    assert run.code == 2
    assert "belongs to measure 1, where 平顶山海关 is neither a lead nor a responsible unit" in (
        run.stderr
    )
    county_only = cli("mark", "14.3", "已完成")  # 14.3 落实属地责任: counties only
    assert "applies only to counties, not to 平顶山海关" in county_only.stderr
    whole = cli("mark", "十四", "推进中")  # a whole measure is said once
    assert whole.code == 2
    assert (
        "平顶山海关 is neither a lead nor a responsible unit of measure 14 强化组织领导\n"
        in whole.stderr
    )
    shown = cli("show", "pingdingshan-2021-22", "--unit", "平顶山海关", "--measure", "14")
    assert shown.code == 2 and "is neither a lead nor a responsible unit of measure 14" in (
        shown.stderr
    )


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("公安局", "市公安局"),
        ("海关", "平顶山海关"),
        ("市教育局", "市教育体育局"),
        ("人社局", "市人力资源和社会保障局"),
    ],
)
def test_an_unknown_unit_gets_the_closest_ones(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, suggested: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--unit", typed, "--period", "2025")
    assert run.code == 2
    assert f"did you mean {suggested}" in run.stderr
    assert "--units" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_county_bodies_assess_through_the_county(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    run = cli("init", "--unit", "各县〔市、区〕党〔工〕委", "--period", "2025")
    assert run.code == 2
    assert "由各县在本县自评中作答" in run.stderr and "--county" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_show_lists_the_units_in_80_columns(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    from ipcheck.text.width import display_width

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    run = cli("show", CHECKLIST_ID, "--units")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert all(display_width(line) <= 80 for line in lines)
    customs = next(line for line in lines if line.startswith("平顶山海关"))
    assert "customs" in customs and "2,3,6,10-13,15,18,19" in customs
    assert any("各县〔市、区〕党〔工〕委" in line and "--county" not in line for line in lines)
    units = json.loads(cli("show", CHECKLIST_ID, "--format", "json").stdout)["units"]
    assert {
        "id": "customs",
        "name": "平顶山海关",
        "kind": "municipal",
        "aliases": [],
        "lead": [],
        "responsible": [2, 3, 6, 10, 11, 12, 13, 15, 18, 19],
    } in units


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_fits_80_columns_in_both_languages(
    cli: CLI, county: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from ipcheck.text.width import display_width

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("IPCHECK_LANG", lang)
    assert cli("mark", "7.2", "不适用", "--reason", "本县暂不具备条件").code == 0
    assert cli("mark", "1.1", "已完成").code == 0
    run = cli("status")
    assert run.code == 0
    assert [line for line in run.stdout.splitlines() if display_width(line) > 80] == []
    rows = [line for line in run.stdout.splitlines() if line.startswith("（十四）")]
    assert rows and "强化组织领导" in rows[0]  # a measure's name is readable, not cut to （十四）…
