"""What officers type (issue: speak the officer's language), where the command line reads
it: years with 年, measures named to `show`; and what fits the terminal. Which items and
statuses the words name, and the refusals that say why, are the library's:
tests/api/test_marking.py and tests/api/test_creating.py."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import CHECKLIST_ID, Run

CLI = Callable[..., Run]


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
    # a year the policy cannot be assessed in: a typo for 2025 was taken (a trial)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    for typo, said in (
        ("2005", "于 2021-12-21 印发" if lang == "zh" else "was issued on 2021-12-21"),
        ("2052", "最晚 2027 年度" if lang == "zh" else "2027 at the latest"),
    ):
        wrong = cli("init", "--county", "郏县", "--period", typo)
        assert wrong.code == 2 and said in wrong.stderr, wrong
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("measure", ["十四", "（十四）", "第十四条", "14"])
def test_show_a_measure_by_its_numeral(cli: CLI, measure: str) -> None:
    run = cli("show", CHECKLIST_ID, "--measure", measure, "--format", "json")
    assert run.code == 0
    assert [m["number"] for m in json.loads(run.stdout)["measures"]] == [14]


def test_show_tells_a_unit_why_a_measure_is_not_its_own(cli: CLI) -> None:
    shown = cli("show", "pingdingshan-2021-22", "--unit", "平顶山海关", "--measure", "5")
    assert shown.code == 2 and "is neither a lead nor a responsible unit of measure 5" in (
        shown.stderr
    )


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
