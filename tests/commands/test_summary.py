"""`ipcheck summary`: the roll-up of the examples, in every format, with bad files among good."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipcheck.api.summaries import summarise
from ipcheck.store.catalog import checklist_dirs
from tests.helpers import CHECKLIST_ID, EXAMPLES, Inspector, Run, reopen

CLI = Callable[..., Run]
COUNTIES = {
    "舞钢市",
    "汝州市",
    "宝丰县",
    "叶县",
    "鲁山县",
    "郏县",
    "新华区",
    "卫东区",
    "石龙区",
    "湛河区",
    "城乡一体化示范区",
    "高新区",
}


def test_examples_in_json(cli: CLI) -> None:
    run = cli("summary", EXAMPLES, "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert data["assessees"] == 16 and data["versions"] == {"1.4.0": 16}
    names = [r["name"] for r in data["rows"]]
    assert set(names) >= COUNTIES
    assert data["period"] == 2025 and data["other_periods"] == {}
    assert data["title"] == "平顶山市强化知识产权保护工作2025年度自评汇总"
    # counties ranked among counties, then units among units
    kinds = [r["kind"] for r in data["rows"]]
    assert kinds == ["county"] * 12 + ["unit"] * 4
    for kind in ("county", "unit"):
        mine = [r for r in data["rows"] if r["kind"] == kind]
        rates = [r["score_rate"] for r in mine]
        assert rates == sorted(rates, reverse=True)
        # 并列: a rank is one more than the rows of its kind with a higher rate
        assert [r["rank"] for r in mine] == [
            1 + sum(other["score_rate"] > r["score_rate"] for other in mine) for r in mine
        ]
        assert all(r["tied"] == (rates.count(r["score_rate"]) > 1) for r in mine)
    tied = [r["name"] for r in data["rows"] if r["tied"]]
    assert tied == ["新华区", "宝丰县"]  # 60 each: the roster's order, not completion
    yexian = next(r for r in data["rows"] if r["name"] == "叶县")
    # 12 items 已完成 without evidence earn nothing; the two 不适用 (1.5 points) are requests
    # the office has not approved, so they stay in the base
    assert (yexian["score"], yexian["max_score"]) == (33, 100)
    assert (yexian["na"], yexian["na_points"], yexian["unproven"]) == (2, 1.5, 12)
    assert yexian["score_note"] == "不适用 2 项（1.5 分）"
    assert yexian["cells"][6] == {
        "measure": 7,
        "done": 0,
        "applicable": 7,
        "earned": 0,
        "points": 6.5,
        "na": 1,
        "na_points": 1,
        "unproven": 0,
        "completion": 0.0,
        "completion_label": "0%",
        "score_rate": 0.0,  # the heatmap shows the score (0 of 6.5), not completion
        "label": "0%",
        "level": 0,
    }
    police = next(r for r in data["rows"] if r["name"] == "市公安局")
    # the measures it is named in, and 14 (有关单位要按照职责分工…)
    assert [c is not None for c in police["cells"]].count(True) == 8
    seven = next(e for e in data["lagging"] if e["measure"] == 7)
    assert seven["assessees"][0] == {"name": "叶县", "completion": 0.0, "label": "0%", "open": 7}
    lead = next(v for v in data["lead_units"] if v["lead"] == "市市场监督管理局")
    fourteen = next(m for m in lead["measures"] if m["number"] == 14)
    assert all(r["label"].startswith("12 个县（市、区）平均") for r in fourteen["responsible"])
    assert data["bad"] == []


def test_examples_in_the_terminal(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    wide = cli("summary", EXAMPLES)
    assert wide.code == 0
    assert "汝州市" in wide.stdout and "Columns are measure numbers" in wide.stdout
    assert "N/A" in wide.stdout and "Unproven" in wide.stdout
    assert "16 assessments summarised, 0 skipped" in wide.stderr
    monkeypatch.setenv("COLUMNS", "80")
    narrow = cli("summary", EXAMPLES)
    assert "Weakest" in narrow.stdout and "measures" in narrow.stdout  # its heading, wrapped
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    rows = cli("summary", EXAMPLES).stdout.splitlines()
    # one line per assessee: its weakest measures are never cut inside a value
    start = next(n for n, line in enumerate(rows) if "───" in line) + 1
    ranked = rows[start : rows.index("", start) if "" in rows[start:] else None]
    ranked = ranked[:18]
    assert [line.split()[0] for line in ranked] == [
        "县（市、区）",
        *map(str, (1, 2)),
        "并3",
        "并3",
        *map(str, range(5, 13)),
        "市直单位",
        *map(str, range(1, 5)),
    ]
    assert "14（20%）  13（40%）" in ranked[1]  # by score rate, as the heatmap


def test_markdown_and_html(cli: CLI) -> None:
    md = cli("summary", EXAMPLES, "--format", "md").stdout
    assert md.startswith("# 平顶山市强化知识产权保护工作2025年度自评汇总\n")
    assert "| | **县（市、区）** |" in md and "| | **市直单位** |" in md
    assert "| 1 | 汝州市 | 1.4.0 | 已封存 | 69.5/100 | 70% | — | 0 项（0 分） | 17 项 |" in md
    assert "计分规则：不适用事项视为核减申请" in md
    html = cli("summary", EXAMPLES, "--format", "html").stdout
    inspector = Inspector()
    inspector.feed(html)
    assert "script" not in inspector.tags and inspector.urls == [] and inspector.handlers == []
    assert html.count('<td class="h') >= 16 * 19
    assert 'class="bar-fill" style="width: 62%"' in html


def test_csv_has_a_bom_and_one_row_each(cli: CLI, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    assert cli("summary", EXAMPLES, "--format", "csv", "-o", out).code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["排名", "被考核单位", "类型", "清单版本", "报送状态"]
    # the 16 assessees, then the 17 municipal units with no file (未报送), one row each
    assert len(rows) == 1 + 16 + 17 and len(rows[0]) == 17 + 19 + 1  # … then 说明
    assert rows[17][:5] == ["", "市中级人民法院", "市直单位", "", "未报送"]
    assert all(row[4] == "未报送" and not row[5] for row in rows[17:])
    assert rows[0][8:12] == ["不适用项", "不适用分值", "同意核减项", "待补佐证项"]
    assert {row[4] for row in rows[1:17]} == {"已封存"}  # every file's state
    stdout = cli("summary", EXAMPLES, "--format", "csv").stdout
    assert stdout.startswith("\ufeff排名,")


def test_xlsx_reads_back(cli: CLI, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "s.xlsx"
    assert cli("summary", EXAMPLES, "--format", "xlsx").code == 2  # needs -o
    run = cli("summary", EXAMPLES, "--format", "xlsx", "-o", out)
    assert run.code == 0, run
    book = load_workbook(out)
    assert book.sheetnames == ["得分矩阵", "滞后事项", "牵头单位视图", "核减申请", "图表"]
    matrix = book["得分矩阵"]
    # a title row naming the year and the checklist, then the header: frozen, filtered,
    # repeated on every printed page; landscape A4 one page wide (issue 17)
    assert matrix["A1"].value == (
        "平顶山市强化知识产权保护工作2025年度自评汇总——得分矩阵（pingdingshan-2021-22）"
    )
    assert matrix.freeze_panes == "C3" and matrix.print_title_rows == "$2:$2"
    assert matrix.auto_filter.ref == f"A2:AK{2 + 16 + 17}"
    setup = matrix.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
    assert matrix.max_row == 2 + 16 + 17 and matrix.max_column == 37
    assert [c.value for c in matrix[2]][:3] == ["排名", "被考核单位", "类型"]
    assert matrix["B3"].value == "汝州市" and matrix["H3"].number_format == "0%"
    assert matrix["F3"].value == 69.5  # scores are numbers, in half points
    assert matrix["F3"].number_format != "0%"  # … not a share
    assert (matrix.column_dimensions["B"].width or 0) >= 12
    assert book["滞后事项"].freeze_panes == "A3" and book["滞后事项"].max_row > 10
    leads = book["牵头单位视图"]
    values = [[c.value for c in row] for row in leads.iter_rows(min_row=3)]
    shares = [v[3] for v in values if v[3] is not None]
    assert shares and all(isinstance(v, (int, float)) for v in shares)  # numbers, not "75%"
    assert any(v[3] is None and v[4] == "未提交" for v in values)
    assert leads["D3"].number_format == "0%"


def test_bad_files_among_many(cli: CLI, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "counties", tmp_path / "counties")
    (tmp_path / "counties" / "broken.toml").write_text(
        'kind = "assessment"\nx = [', encoding="utf-8"
    )
    (tmp_path / "counties" / "gbk.toml").write_bytes(
        'kind = "assessment"\nname = "叶县"\n'.encode("gbk")
    )
    shutil.copy(
        EXAMPLES.parent / "checklists" / "pingdingshan-2021-22" / "1.0.0.toml",
        tmp_path / "counties" / "checklist.toml",
    )
    run = cli("summary", tmp_path / "counties", tmp_path / "missing.toml", "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    assert data["assessees"] == 11
    reasons = {Path(b["path"]).name: b["reason"] for b in data["bad"]}
    assert "not valid TOML" in reasons["broken.toml"]
    assert "GBK" in reasons["gbk.toml"]
    assert reasons["checklist.toml"] == "not an assessment (kind = 'checklist')"
    assert reasons["missing.toml"] == "no such file"
    assert "ipcheck: skipped" in run.stderr
    nothing = cli("summary", tmp_path / "missing.toml")
    assert nothing.code == 2


def test_a_year_is_ranked_on_its_newest_version_and_an_older_file_named(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like with like: 郏县 still on 1.3.0 is not ranked beside files on 1.4.0 (its scope
    and points differ); it is named with the upgrade that brings it in."""
    shutil.copytree(EXAMPLES / "counties", tmp_path / "c")
    folder = tmp_path / "c" / "郏县-2025"
    shutil.rmtree(folder)
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("IPCHECK_USER", "郏县")
    old = f"{CHECKLIST_ID}@1.3.0"
    assert cli("init", "--county", "郏县", "--period", "2025", "--checklist", old).code == 0
    run = cli("summary", tmp_path / "c", "--format", "json")
    data = json.loads(run.stdout)
    assert run.code == 1 and data["versions"] == {"1.4.0": 10}
    assert "郏县" not in {r["name"] for r in data["rows"]}
    assert "郏县" not in json.dumps(data["missing"], ensure_ascii=False)  # it did submit
    (bad,) = data["bad"]
    assert "on checklist version 1.3.0, not 1.4.0" in bad["reason"]
    assert "ipcheck upgrade -f" in bad["reason"] and "--to 1.4.0" in bad["reason"]
    assert cli("upgrade", "--to", "1.4.0").code == 0
    again = json.loads(cli("summary", tmp_path / "c", "--format", "json").stdout)
    assert again["versions"] == {"1.4.0": 11} and again["bad"] == []


def test_globs(cli: CLI) -> None:
    run = cli("summary", str(EXAMPLES / "counties" / "*" / "*.toml"), "--format", "json")
    assert json.loads(run.stdout)["assessees"] == 11


def test_parallel_equals_single_core(monkeypatch: pytest.MonkeyPatch) -> None:
    import ipcheck.store.batch

    one = summarise([str(EXAMPLES)], checklist_dirs(), jobs=1)
    monkeypatch.setattr(ipcheck.store.batch, "PARALLEL_MIN_FILES", 1)
    calls: list[int] = []
    many = summarise([str(EXAMPLES)], checklist_dirs(), jobs=2, on_progress=calls.append)
    assert one == many
    assert sum(calls) == 16  # every file came back from the workers


def test_one_year_at_a_time_and_one_file_per_assessee(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of two years are rolled up a year at a time; two files for one assessee and
    year are both left out, each naming the other (issue 17)."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    monkeypatch.chdir(folder)
    last_year = folder / "郏县-2024"
    last_year.mkdir()
    monkeypatch.setenv("IPCHECK_USER", "郏县")
    assert (
        cli("init", "--county", "郏县", "--period", "2024", "-o", last_year / "郏县-2024.toml").code
        == 0
    )
    copy = folder / "郏县-2025-副本.toml"  # a second draft: not a copy of the first
    assert cli("init", "--county", "郏县", "--period", "2025", "-o", copy).code == 0
    run = cli("summary", ".", "--format", "json")
    assert run.code == 1  # the two 郏县 2025 files are skipped
    data = json.loads(run.stdout)
    assert data["period"] == 2025 and data["other_periods"] == {"2024": 1}
    assert "郏县" not in [r["name"] for r in data["rows"]]
    reasons = [b["reason"] for b in data["bad"]]
    assert sum("郏县 2025 is also in" in r for r in reasons) == 2
    assert "rolled up 2025; also found 2024 (1 file): summary --period YEAR" in run.stderr
    copy.unlink()
    earlier = cli("summary", ".", "--format", "json", "--period", "2024年")
    assert earlier.code == 0, earlier
    data = json.loads(earlier.stdout)
    assert [r["name"] for r in data["rows"]] == ["郏县"] and data["period"] == 2024
    assert data["title"].endswith("2024年度自评汇总")
    none = cli("summary", ".", "--period", "2019")
    assert none.code == 2 and "no assessment of 2019 among the files" in none.stderr


def test_the_roster_names_who_has_not_submitted(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With checklist 1.3.0's roster: the counties and municipal units with no file are
    listed as 未报送, every lead unit has its view, and the county bodies' average counts
    the roster's 12 counties, a county without a file as 0 (issue 17)."""
    monkeypatch.chdir(tmp_path)
    for name in ("叶县", "郏县", "宝丰县"):
        assert cli("init", "--county", name, "--period", "2025").code == 0
    assert cli("mark", "-f", "叶县-2025.toml", "14", "推进中").code == 0
    run = cli("summary", ".", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    missing = [(m["kind"], m["name"]) for m in data["missing"]]
    counties = [name for kind, name in missing if kind == "county"]
    assert counties == [
        "新华区",
        "卫东区",
        "石龙区",
        "湛河区",
        "舞钢市",
        "汝州市",
        "鲁山县",
        "高新区",
        "城乡一体化示范区",
    ]
    assert ("unit", "市人大") in missing and ("unit", "平顶山海关") in missing
    leads = {lead["lead"]: lead for lead in data["lead_units"]}
    assert "市市场监督管理局" in leads and "市委组织部" in leads  # no unit has submitted
    fourteen = next(m for m in leads["市市场监督管理局"]["measures"] if m["number"] == 14)
    (bodies,) = [r for r in fourteen["responsible"] if r["unit"].startswith("各县")][:1]
    assert bodies["label"].startswith("12 个县（市、区）平均")
    assert bodies["label"].endswith("（9 个未报送，计 0）")
    text = cli("summary", ".").stdout
    assert "未报送" in text and "鲁山县" in text
    md = cli("summary", ".", "--format", "md").stdout
    assert "**未报送（" in md and "县（市、区）：新华区、卫东区" in md


def test_reviewed_assessments_rank_by_the_reviewed_score(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the office has reviewed an assessment, summary ranks it by the reviewed score
    and shows 自评 and 复核 side by side; a review of a file changed since is named."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    monkeypatch.chdir(folder / "汝州市-2025")
    assert cli("key", "--new", "--name", "市考核办").code == 0
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    data = json.loads(cli("summary", folder, "--format", "json").stdout)
    first = data["rows"][0]
    assert first["name"] == "汝州市" and first["reviewed_score"] == first["score"]
    items = json.loads(cli("review", "--format", "json").stdout)["items"]
    claimed = [r["number"] for r in items if r["own"]]
    run = cli("decide", *claimed, "不认可", "--reason", "佐证不足")
    assert run.code == 0, run
    data = json.loads(cli("summary", folder, "--format", "json").stdout)
    ruzhou = next(r for r in data["rows"] if r["name"] == "汝州市")
    assert (ruzhou["score"], ruzhou["reviewed_score"]) == (69.5, 0)
    assert ruzhou["rank"] == 11  # last of the 11 counties, by the reviewed score
    # each measure as ranked too: the matrix showed the self-assessed rates beside the
    # reviewed rank (a trial)
    rates = [c["score_rate"] for c in ruzhou["cells"] if c is not None]
    assert rates and set(rates) <= {0.0, None}, rates
    line = cli("summary", folder).stdout.split("汝州市", 1)[1].split("\n")[0]
    assert line.split()[:3] == ["70%", "→", "0%"] and "(0%)" in line, line  # parts as reviewed
    md = cli("summary", folder, "--format", "md").stdout
    assert "| 汝州市 | 1.4.0 | 已封存 | 69.5/100 | 70% | 0/100（0%） |" in md
    csv_rows = list(csv.reader(io.StringIO(cli("summary", folder, "--format", "csv").stdout)))
    header = csv_rows[0]
    row = next(r for r in csv_rows if r[1] == "汝州市")
    assert row[header.index("复核得分")] == "0" and row[header.index("得分")] == "69.5"
    # the rate that ranks it, so that sorting the sheet agrees with 排名
    assert (row[header.index("得分率")], row[header.index("复核得分率")]) == ("0.695", "0.0")
    unreviewed = next(r for r in csv_rows if r[1] == "舞钢市")
    assert unreviewed[header.index("复核得分率")] == ""
    # 排名得分率, on every row: sorting the sheet by it gives 排名 (issue 29, point 3)
    ranked = [r for r in csv_rows[1:] if r[0]]  # (the header starts with the BOM)
    counties = [r for r in ranked if r[header.index("类型")] == "县（市、区）"]
    by_rate = sorted(counties, key=lambda r: -float(r[header.index("排名得分率")]))
    assert [int(r[0]) for r in by_rate] == sorted(int(r[0]) for r in counties)
    assert unreviewed[header.index("排名得分率")] == unreviewed[header.index("得分率")]
    # the county changes its file after the review: the review is refused, named
    assert reopen(folder / "汝州市-2025" / "汝州市-2025.toml").code == 0
    run = cli("summary", folder, "--format", "json")
    assert run.code == 1 and "changed after the review began" in run.stderr


def test_the_office_rolls_up_two_years_with_what_goes_wrong(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17's folder: two years of the counties and units, a duplicate, a county not
    on the roster, one under its alias, a missing county and two reviewed assessments."""
    from openpyxl import load_workbook

    folder = tmp_path / "收到的报送"
    this_year = folder / "2025"
    for source in (EXAMPLES / "counties", EXAMPLES / "units"):
        shutil.copytree(source, this_year, dirs_exist_ok=True)
    shutil.copytree(EXAMPLES / "叶县-2025", this_year / "叶县-2025")
    shutil.rmtree(this_year / "鲁山县-2025")  # 鲁山县 has not submitted
    monkeypatch.setenv("IPCHECK_USER", "市考核办")
    monkeypatch.chdir(this_year)
    # a second file for 郏县 (a draft, not a copy of the sealed one)
    assert (
        cli("init", "--county", "郏县", "--period", "2025", "-o", "郏县-2025-副本.toml").code == 0
    )
    # a county not on the roster (written by another program: init refuses one, and upgrade
    # refuses the file its hand edit broke), and one named by its alias
    older = ("--checklist", "pingdingshan-2021-22@1.0.0", "-o", "北京市-2025.toml")
    assert cli("init", "--county", "郏县", "--period", "2025", *older).code == 0
    beijing = this_year / "北京市-2025.toml"
    beijing.write_text(
        beijing.read_text(encoding="utf-8").replace('name = "郏县"', 'name = "北京市"'), "utf-8"
    )
    refused = cli("upgrade", "-f", "北京市-2025.toml", "--to", "1.3.0")
    assert refused.code == 2 and "hash chain broken" in refused.stderr
    last_year = folder / "2024"
    last_year.mkdir()
    monkeypatch.chdir(last_year)
    for name in ("平顶山市叶县", "郏县", "市公安局"):
        kind = "--unit" if name.startswith("市") else "--county"
        assert cli("init", kind, name, "--period", "2024").code == 0
    # the office reviews two assessments, lowering both
    assert cli("key", "--new", "--name", "市考核办").code == 0
    for county in ("汝州市", "舞钢市"):
        monkeypatch.chdir(this_year / f"{county}-2025")
        assert cli("review", "--new", "--reviewer", "市考核办").code == 0
        view = json.loads(cli("review", "--format", "json").stdout)
        claimed = [r["number"] for r in view["items"] if r["own"]]
        assert cli("decide", *claimed[:20], "不认可", "--reason", "佐证不足").code == 0
    monkeypatch.chdir(tmp_path)

    run = cli("summary", folder, "--format", "json")
    assert run.code == 1  # the duplicate and the unknown county are left out, named
    data = json.loads(run.stdout)
    assert data["period"] == 2025 and data["other_periods"] == {"2024": 3}
    reasons = " ".join(f"{b['path']}: {b['reason']}" for b in data["bad"])
    assert reasons.count("郏县 2025 is also in") == 2
    assert "北京市 is not a county of the roster of pingdingshan-2021-22@1.4.0" in reasons
    # the duplicate has submitted (twice): it is named, not listed as 未报送
    assert [m["name"] for m in data["missing"] if m["kind"] == "county"] == ["鲁山县"]
    rows = data["rows"]
    counties = [r for r in rows if r["kind"] == "county"]
    units = [r for r in rows if r["kind"] == "unit"]
    assert rows == counties + units and [r["rank"] for r in units] == [1, 2, 3, 4]
    rates = [r["reviewed_rate"] or r["score_rate"] for r in counties]
    assert rates == sorted(rates, reverse=True)  # by the reviewed score where reviewed
    reviewed = {r["name"]: r for r in counties if r["reviewed_score"] is not None}
    assert set(reviewed) == {"汝州市", "舞钢市"}
    assert all(r["reviewed_score"] < r["score"] for r in reviewed.values())

    earlier = json.loads(cli("summary", folder, "--period", "2024", "--format", "json").stdout)
    assert [(r["name"], r["rank"]) for r in earlier["rows"]] == [
        ("叶县", 1),  # 平顶山市叶县, as the roster names it
        ("郏县", 1),  # 并列: the same rate; the roster's order
        ("市公安局", 1),
    ]
    assert "2024年度" in earlier["title"]

    out = tmp_path / "2025年度汇总.xlsx"
    assert cli("summary", folder, "--format", "xlsx", "-o", out).code == 1
    matrix = load_workbook(out)["得分矩阵"]
    header = [c.value for c in matrix[2]]
    values = [[c.value for c in row] for row in matrix.iter_rows(min_row=3)]
    state = header.index("报送状态")
    scored = [v for v in values if v[state] not in ("未报送", "未参与排名")]
    unranked = [v for v in values if v[state] == "未参与排名"]
    assert all(v[header.index("说明")] for v in unranked)  # each with why
    assert len(unranked) == len(load_workbook(out)["未参与排名的文件"]["A"]) - 2  # same files
    assert all(isinstance(v[header.index("得分")], int | float) for v in scored)
    assert all(isinstance(v[header.index("得分率")], float | int) for v in scored)
    assert [v[1] for v in values if v[state] == "未报送"][:2] == ["鲁山县", "市中级人民法院"]


def test_the_roster_is_the_citys_even_without_a_file_on_its_version(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files all on 1.0.0 (no roster of its own): the newest version's roster still says
    who has not submitted; a review added after a summary run is seen (not a cached row);
    -o names the format; other years' troubles stay in their year."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    shutil.rmtree(folder / "鲁山县-2025")
    data = json.loads(cli("summary", folder, "--format", "json").stdout)
    assert [m["name"] for m in data["missing"] if m["kind"] == "county"] == ["叶县", "鲁山县"]
    assert data["rows"][0]["name"] == "汝州市" and data["rows"][0]["reviewed_score"] is None
    monkeypatch.chdir(folder / "汝州市-2025")
    assert cli("key", "--new", "--name", "市考核办").code == 0
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    items = json.loads(cli("review", "--format", "json").stdout)["items"]
    assert (
        cli("decide", *[r["number"] for r in items if r["own"]], "不认可", "--reason", "无").code
        == 0
    )
    again = json.loads(cli("summary", folder, "--format", "json").stdout)
    ruzhou = next(r for r in again["rows"] if r["name"] == "汝州市")
    assert ruzhou["reviewed_score"] == 0 and again["rows"][0]["name"] != "汝州市"
    out = tmp_path / "汇总.xlsx"
    assert cli("summary", folder, "-o", out).code == 0
    assert out.read_bytes()[:2] == b"PK"  # a workbook, as its name says
    wrong = cli("summary", folder, "--format", "csv", "-o", tmp_path / "x.xlsx")
    assert wrong.code == 2 and "names a .xlsx file but --format is csv" in wrong.stderr
    shutil.copy(folder / "郏县-2025" / "郏县-2025.toml", folder / "郏县-2025-副本.toml")
    text = (folder / "郏县-2025-副本.toml").read_text(encoding="utf-8")
    (folder / "郏县-2025-副本.toml").write_text(
        text.replace("period = 2025", "period = 2024"), encoding="utf-8"
    )
    (folder / "郏县-2024-副本.toml").write_bytes((folder / "郏县-2025-副本.toml").read_bytes())
    clean = cli("summary", folder, "--format", "json")
    assert clean.code == 0 and "郏县" not in clean.stderr  # 2024's duplicate is 2024's
    none = cli("summary", folder, "--period", "2019")
    assert none.code == 2 and "rolled up" not in none.stderr


def test_a_file_edited_after_sealing_is_not_ranked_as_sound(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """宝丰县's sealed file changed by hand (issue 29): summary leaves it out, saying why, or
    with --include-flagged ranks it flagged; its report does not say 已封存; the office does
    not review it."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    edited = folder / "宝丰县-2025" / "宝丰县-2025.toml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('status = "todo"', 'status = "done"', 1), encoding="utf-8")
    run = cli("summary", folder, "--format", "json")
    data = json.loads(run.stdout)
    assert run.code == 1 and "宝丰县" not in {r["name"] for r in data["rows"]}
    (bad,) = data["bad"]
    assert bad["path"].endswith("宝丰县-2025.toml") and "not ranked" in bad["reason"]
    assert "宝丰县" not in json.dumps(data["missing"], ensure_ascii=False)  # it did submit
    leads = {lead["lead"]: lead for lead in data["lead_units"]}
    fourteen = next(m for m in leads["市市场监督管理局"]["measures"] if m["number"] == 14)
    bodies = fourteen["responsible"][0]["label"]
    assert bodies.endswith("（1 个未报送、1 个未参与排名，计 0）"), bodies  # 叶县; 宝丰县
    assert {r["state"] for r in data["rows"]} == {"sealed"}
    flagged = json.loads(cli("summary", folder, "--format", "json", "--include-flagged").stdout)
    row = next(r for r in flagged["rows"] if r["name"] == "宝丰县")
    assert (row["state"], row["state_label"]) == ("invalid", "文件无效")  # no history line
    md = cli("summary", folder, "--format", "md", "--include-flagged").stdout
    assert "| 宝丰县 | 1.4.0 | 文件无效 |" in md
    text = cli("summary", folder, "--include-flagged").stdout
    assert "宝丰县（文件无效）" in text  # ranked, with its flag, in the terminal too
    report = json.loads(cli("report", "-f", edited, "--format", "json").stdout)
    assert report["file"]["sealed"] is False
    monkeypatch.chdir(edited.parent)
    assert cli("key", "--new", "--name", "市考核办").code == 0
    review = cli("review", "--new", "--reviewer", "市考核办")
    assert review.code == 2 and "changed after it was sealed" in review.stderr


def test_a_sealed_file_whose_seal_is_of_other_bytes_is_flagged(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    changed = folder / "郏县-2025" / "郏县-2025.toml"
    changed.write_bytes(changed.read_bytes() + b"\n# a comment added after sealing\n")
    data = json.loads(cli("summary", folder, "--format", "json", "--include-flagged").stdout)
    row = next(r for r in data["rows"] if r["name"] == "郏县")
    assert (row["state"], row["state_label"]) == ("seal-broken", "封存后被改动")
    # its report says so, not 未封存 (which asks to seal it)
    md = cli("report", "-f", changed, "--format", "md").stdout
    assert "【封存后被改动：" in md and "【未封存" not in md


def test_a_sealed_file_renamed_is_flagged_as_without_its_seal_not_as_changed(
    cli: CLI, tmp_path: Path
) -> None:
    """A file renamed, not a byte changed, was ranked out as 封存后被改动 — tampering, to the
    office (a trial); it is named for what it is: its seal, of its old name, not beside it."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    sealed = folder / "郏县-2025" / "郏县-2025.toml"
    sealed.rename(sealed.with_name("郏县2025自评.toml"))
    run = cli("summary", folder, "--format", "json", "--include-flagged")
    row = next(r for r in json.loads(run.stdout)["rows"] if r["name"] == "郏县")
    assert (row["state"], row["state_label"]) == ("seal-missing", "缺少封存文件")
    said = cli("summary", folder)
    assert "sealed, but no seal file 郏县2025自评.seal is beside it" in said.stderr, said
    assert "renamed?" in said.stderr and "changed after sealing" not in said.stderr
    verified = cli("verify", folder / "郏县-2025" / "郏县2025自评.toml")
    assert verified.code == 1 and "seal file 郏县2025自评.seal is missing" in verified.stdout
    assert "renamed?" in verified.stdout


def test_a_seal_broken_by_an_evidence_file_is_not_reviewed_or_reported_sealed(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seal covers the evidence too: one changed file after sealing, and report,
    review --new and decide say the seal does not hold (issue 29, point 1)."""
    folder = tmp_path / "湛河区-2025"
    shutil.copytree(EXAMPLES / "counties" / "湛河区-2025", folder)
    monkeypatch.chdir(folder)
    assert cli("key", "--new", "--name", "市考核办").code == 0
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    evidence = next((folder / "湛河区-2025-佐证材料").iterdir())
    evidence.write_bytes(evidence.read_bytes() + b"x\n")
    report = json.loads(cli("report", "--format", "json").stdout)
    assert (report["file"]["sealed"], report["file"]["seal_broken"]) == (False, True)
    for run in (cli("review", "--new", "--force"), cli("decide", "1.2", "认可")):
        assert run.code == 2 and "an evidence file is not as sealed" in run.stderr, run


def test_a_review_this_machine_cannot_check_is_shown_never_dropped(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 29: on a machine without the office's private key a reviewed county is still
    ranked, at its self-assessed score, its review said unchecked; --office-key names the
    office's public key and the review counts."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    office = tmp_path / "考核办"
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(office))
    monkeypatch.chdir(folder / "汝州市-2025")
    assert cli("key", "--new", "--name", "市考核办").code == 0
    public = next(
        line for line in cli("key").stdout.splitlines() if line.startswith("ipcheck-ed25519")
    )
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    items = json.loads(cli("review", "--format", "json").stdout)["items"]
    claimed = [r["number"] for r in items if r["own"]][:5]
    assert cli("decide", *claimed, "不认可", "--reason", "佐证不足").code == 0
    monkeypatch.chdir(tmp_path)
    counted = json.loads(cli("summary", folder, "--format", "json").stdout)
    ruzhou = next(r for r in counted["rows"] if r["name"] == "汝州市")
    assert ruzhou["reviewed_score"] is not None and ruzhou["review_note"] is None
    # another machine: no office key here
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "另一台电脑"))
    run = cli("summary", folder, "--format", "json")
    assert run.code == 1 and "its review is not counted" in run.stderr
    data = json.loads(run.stdout)
    ruzhou = next(r for r in data["rows"] if r["name"] == "汝州市")  # never dropped
    assert ruzhou["reviewed_score"] is None
    assert "this machine has not the office's key" in ruzhou["review_note"]
    assert "summary --office-key KEY" in ruzhou["review_note"]
    assert "(review unchecked)" in cli("summary", folder).stdout
    assert "汝州市" not in json.dumps(data["missing"], ensure_ascii=False)
    assert "无法核验" in cli("summary", folder, "--format", "md").stdout
    trusted = cli("summary", folder, "--format", "json", "--office-key", public)
    assert trusted.code == 0, trusted
    ruzhou = next(r for r in json.loads(trusted.stdout)["rows"] if r["name"] == "汝州市")
    assert ruzhou["reviewed_score"] == counted_score(counted)


def counted_score(data: dict[str, Any]) -> float:
    return next(r["reviewed_score"] for r in data["rows"] if r["name"] == "汝州市")


def test_the_sheets_print_as_an_office_prints_them(cli: CLI, tmp_path: Path) -> None:
    """Issue 29: the xlsx says who made it (not openpyxl) and prints its title and page
    numbers on every page; a municipal unit is found by the city's full form of its name."""
    from openpyxl import load_workbook

    out = tmp_path / "s.xlsx"
    assert cli("summary", EXAMPLES, "--format", "xlsx", "-o", out).code == 0
    book = load_workbook(out)
    matrix = book["得分矩阵"]
    assert book.properties.creator == "ipcheck"
    assert "&P" in matrix.oddFooter.center.text and "&N" in matrix.oddFooter.center.text
    assert "得分矩阵" in matrix.oddHeader.center.text
    made = cli("init", "--unit", "平顶山市商务局", "--period", "2025", "-o", tmp_path / "u.toml")
    assert made.code == 0 and "市商务局" in made.stderr


def test_many_files_of_one_assessee_name_a_few_each(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for n in range(6):  # six drafts, each begun by someone else
        monkeypatch.setenv("IPCHECK_USER", f"起草人{n}")
        made = cli("init", "--county", "郏县", "--period", "2025", "-o", folder / f"郏县-{n}.toml")
        assert made.code == 0
    run = cli("summary", folder, "--format", "json")
    lines = [line for line in run.stderr.splitlines() if "is also in" in line]
    assert len(lines) == 6 and all("and 2 more" in line for line in lines)


def test_year_on_year_table_ranks_each_year_as_its_own_summary_does(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With files of two years, summary adds each assessee's rate and rank in each year:
    the earlier year ranked as `summary --period` ranks it, a flagged file left out of its
    year; with one year there is no table (issue 29, point 6)."""
    folder = tmp_path / "c"
    shutil.copytree(EXAMPLES / "counties", folder)
    assert json.loads(cli("summary", folder, "--format", "json").stdout)["year_on_year"] == []
    last_year = folder / "2024"
    last_year.mkdir()
    monkeypatch.chdir(last_year)
    monkeypatch.setenv("IPCHECK_USER", "市考核办")
    for county in ("郏县", "宝丰县", "鲁山县"):
        assert cli("init", "--county", county, "--period", "2024").code == 0
    (last_year / "台账.txt").write_text("台账", encoding="utf-8")
    for county, items in (("郏县", "1,2"), ("宝丰县", "1")):
        run = cli("mark", "-f", f"{county}-2024.toml", items, "已完成", "--evidence", "台账.txt")
        assert run.code == 0, run
    # 鲁山县's 2024 file is changed by hand after sealing: not ranked in its year
    assert cli("key", "--new", "--name", "鲁山县").code == 0
    assert cli("seal", "-f", "鲁山县-2024.toml").code == 0
    tampered = last_year / "鲁山县-2024.toml"
    tampered.write_text(
        tampered.read_text(encoding="utf-8").replace('status = "todo"', 'status = "done"', 1),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    data = json.loads(cli("summary", folder, "--format", "json").stdout)
    earlier = json.loads(cli("summary", folder, "--format", "json", "--period", "2024").stdout)
    then = {r["name"]: (r["score_rate"], r["rank"]) for r in earlier["rows"]}
    assert set(then) == {"郏县", "宝丰县"} and then["郏县"][1] == 1
    now = {r["name"]: (r["score_rate"], r["rank"]) for r in data["rows"]}
    table = {t["name"]: t for t in data["year_on_year"]}
    assert set(table) == COUNTIES - {"叶县"}  # the examples' counties (叶县 is apart)
    assert [t["name"] for t in data["year_on_year"]] == [r["name"] for r in data["rows"]]
    for name, line in table.items():
        assert [y["year"] for y in line["years"]] == [2024, 2025]
        old, new = line["years"]
        assert (new["rate"], new["rank"]) == (round(now[name][0], 4), now[name][1])
        if name in then:
            assert (old["rate"], old["rank"]) == (round(then[name][0], 4), then[name][1])
        else:  # 鲁山县 too: its 2024 file is flagged
            assert (old["rate"], old["rank"], old["rate_label"]) == (None, None, "—")
    md = cli("summary", folder, "--format", "md").stdout
    assert "| 被考核单位 | 类型 | 2024年得分率 | 2024年排名 | 2025年得分率 | 2025年排名 |" in md
    jia = table["郏县"]["years"]
    assert f"| 郏县 | 县（市、区） | {jia[0]['rate_label']} | 1 | {jia[1]['rate_label']} |" in md
    html = cli("summary", folder, "--format", "html").stdout
    assert "<h2>历年对比</h2>" in html and "<th>2024年排名</th>" in html
    text = cli("summary", folder).stdout
    assert "Year on year (score rate, rank):" in text
    assert f"郏县: 2024 {jia[0]['rate_label']} #1, 2025" in text
    out = tmp_path / "汇总.xlsx"
    assert cli("summary", folder, "--format", "xlsx", "-o", out).code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out)["历年对比"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(table)
    jia_row = next(r for r in rows if r[0] == "郏县")
    assert jia_row[2:4] == (jia[0]["rate"], 1) and jia_row[5] == jia[1]["rank"]
    # the pictures: a line per county over the two years, in the html and the xlsx
    (trend,) = [s for s in _svgs(html) if "trend" in s.get("class", "")]
    lines = trend.findall(f".//{SVG}g")
    assert len(lines) == len(table)
    jia_line = next(g for g in lines if g.find(f"{SVG}text").text == "郏县")
    assert len(jia_line.findall(f"{SVG}circle")) == 2  # 2024 and 2025
    import zipfile

    with zipfile.ZipFile(out) as book:
        xml = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/charts/")]
    (line_chart,) = [c for c in xml if "<lineChart>" in c]
    assert line_chart.count("<ser>") == len(table)
    # the CSV holds one table: the year-on-year one when asked (--table)
    sheet_csv = cli("summary", folder, "--format", "csv", "--table", "历年对比").stdout
    header, *body = list(csv.reader(io.StringIO(sheet_csv.lstrip("\ufeff"))))
    assert header == [
        "被考核单位",
        "类型",
        "2024年得分率",
        "2024年排名",
        "2025年得分率",
        "2025年排名",
    ]
    assert len(body) == len(table)
    jia_csv = next(r for r in body if r[0] == "郏县")
    assert jia_csv[2:4] == [str(jia[0]["rate"]), "1"]
    for wrong in (("--table", "years"), ("--format", "csv", "--table", "图表")):
        refused = cli("summary", folder, *wrong)
        assert refused.code == 2 and refused.stderr.count("\n") == 1, refused


def _svgs(html: str) -> list[Any]:
    """Every inline SVG of a page, parsed as the XML it must be."""
    import re
    from xml.etree import ElementTree

    return [ElementTree.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", html, re.S)]


SVG = "{http://www.w3.org/2000/svg}"


def test_the_html_summary_draws_its_pictures_as_svg(cli: CLI) -> None:
    """Scores by county and by unit (a bar per ranked assessee, in rank order, 并列 marked),
    each assessee's profile over the parts: inline SVG, no script (issue 29, point 9)."""
    data = json.loads(cli("summary", EXAMPLES, "--format", "json").stdout)
    html = cli("summary", EXAMPLES, "--format", "html").stdout
    assert "<script" not in html
    svgs = _svgs(html)
    rankings = [s for s in svgs if "ranking" in s.get("class", "")]
    assert [s.get("data-kind") for s in rankings] == ["county", "unit"]
    for chart in rankings:
        rows = [r for r in data["rows"] if r["kind"] == chart.get("data-kind")]
        bars = chart.findall(f".//{SVG}rect")
        assert len(bars) == len(rows)  # one bar per ranked assessee
        names = [t.text for t in chart.iter(f"{SVG}text") if t.get("class") == "name"]
        assert names == [r["name"] for r in rows]  # in rank order
        assert [b.get("data-rank") for b in bars] == [r["rank_label"] for r in rows]
        tied = [b for b in bars if "tied" in b.get("class", "").split()]
        assert len(tied) == sum(r["tied"] for r in rows)
        lengths = [float(b.get("width", "")) for b in bars]
        rates = [r["reviewed_rate"] or r["score_rate"] for r in rows]
        span = max(lengths) / max(rates)
        assert all(
            abs(length - rate * span) < 0.6 for length, rate in zip(lengths, rates, strict=True)
        )
    counties = next(s for s in rankings if s.get("data-kind") == "county")
    tied_ranks = [t.text for t in counties.iter(f"{SVG}text") if t.get("class") == "rank"]
    assert tied_ranks[2:4] == ["并3", "并3"]
    profiles = [s for s in svgs if "profile" in s.get("class", "")]
    assert len(profiles) == 16  # one per assessee, each over the five parts with measures
    assert all(
        len([r for r in p.iter(f"{SVG}rect") if r.get("class") == "bar"]) == 5 for p in profiles
    )
    assert not [s for s in svgs if "trend" in s.get("class", "")]  # one year: no line


def test_the_xlsx_summary_carries_native_charts(cli: CLI, tmp_path: Path) -> None:
    """The same pictures as Excel charts, read back from their XML: a bar per ranked
    assessee named with its rank (并3 for a tie), and the parts as clustered columns."""
    import re
    import zipfile

    out = tmp_path / "汇总.xlsx"
    assert cli("summary", EXAMPLES, "--format", "xlsx", "-o", out).code == 0
    with zipfile.ZipFile(out) as book:
        charts = [
            book.read(name).decode()
            for name in sorted(book.namelist())
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name)
        ]
    assert len(charts) == 3  # counties, units, parts (one year: no line)
    bars = [c for c in charts if '<barDir val="bar"/>' in c]
    assert len(bars) == 2
    counties, units = bars
    names = re.findall(r"<pt idx=\"\d+\"><v>([^<]*)</v></pt>", counties.split("<val>")[0])
    assert len(names) == 12 and names[:4] == ["1 汝州市", "2 舞钢市", "并3 新华区", "并3 宝丰县"]
    assert '<ptCount val="4"/>' in units
    (parts,) = [c for c in charts if '<barDir val="col"/>' in c]
    assert parts.count("<ser>") == 5 and '<ptCount val="16"/>' in parts
    assert all('<delete val="0"/>' in c for c in charts)  # the axes are shown


def test_part_averages_keep_counties_and_units_apart(cli: CLI) -> None:
    """Counties and units answer different items: each part is averaged per kind, and the
    page says so (issue 29, point 8)."""
    data = json.loads(cli("summary", EXAMPLES, "--format", "json").stdout)
    first = data["parts"][0]
    counties, units = first["by_kind"]
    assert (counties["kind"], units["kind"]) == ("county", "unit")
    rows = {r["name"]: r for r in data["rows"]}
    assert set(rows) >= {"叶县", "市公安局"}
    md = cli("summary", EXAMPLES, "--format", "md").stdout
    assert "县（市、区）与市直单位承担的条目不同，分别平均。" in md
    line = f"- {first['theme']}：县（市、区） {counties['label']}，市直单位 {units['label']}"
    assert line in md
    assert counties["completion"] != units["completion"]


def test_summary_key_checks_each_seal_as_verify_does(cli: CLI, tmp_path: Path) -> None:
    """summary --key: a seal signed by a key not trusted for its county, or whose evidence
    changed since sealing, is not ranked, said with verify's words; the README's example
    key verifies every example (issue 29, point 1)."""
    key = EXAMPLES / "keys" / "示例公钥.pub"
    run = cli("verify", EXAMPLES, "--key", key)
    assert run.code == 0, run
    # one example key listed for every example: the signer is named as the assessee
    one = cli("verify", EXAMPLES / "counties" / "舞钢市-2025", "--key", key)
    assert "舞钢市 SHA256:" in one.stdout + one.stderr and "叶县 SHA256:" not in one.stderr
    clean = cli("summary", EXAMPLES, "--key", key, "--format", "json")
    assert clean.code == 0, clean
    assert len(json.loads(clean.stdout)["rows"]) == 16
    folder = tmp_path / "收到的报送"
    shutil.copytree(EXAMPLES, folder)
    evidence = next((folder / "counties" / "郏县-2025" / "郏县-2025-佐证材料").iterdir())
    evidence.write_bytes(evidence.read_bytes() + b"\n")  # after sealing
    # 舞钢市's line names 汝州市: the key is not trusted for 舞钢市
    lines = key.read_text(encoding="utf-8").replace(" 舞钢市\n", " 汝州市\n")
    keys = tmp_path / "keys.pub"
    keys.write_text(lines, encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    run = cli("summary", folder, "--key", keys, "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    ranked = {r["name"] for r in data["rows"]}
    assert len(ranked) == 14 and not ranked & {"郏县", "舞钢市"}
    reasons = {Path(b["path"]).name: b["reason"] for b in data["bad"]}
    assert reasons["郏县-2025.toml"].startswith(
        "its seal does not pass the check against the counties' keys"
    )
    assert evidence.name in reasons["郏县-2025.toml"]
    assert "舞钢市" in reasons["舞钢市-2025.toml"]
    flagged = json.loads(
        cli("summary", folder, "--key", keys, "--include-flagged", "--format", "json").stdout
    )
    states = {r["name"]: r["state_label"] for r in flagged["rows"]}
    assert states["郏县"] == states["舞钢市"] == "封存未通过核验"
    assert states["汝州市"] == "已封存"
    # without --key the cheap check holds: the file's bytes are the sealed ones
    assert len(json.loads(cli("summary", folder, "--format", "json").stdout)["rows"]) == 16
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    bad = cli("summary", folder, "--key", "not a key")
    assert bad.code == 2 and bad.stderr.count("\n") == 1
