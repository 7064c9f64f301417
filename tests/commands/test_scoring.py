"""Scores the assessment office can rely on (checklist 1.2.0): 不适用, missing evidence and
deleted items never raise a score anywhere; part scores; units answer for their duties;
1.0.0 and 1.1.0 assessments upgrade to 1.2.0 with nothing lost."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.loader import load_assessment
from tests.helpers import Run, build_tree, example_on_1_0_0

CLI = Callable[..., Run]
LATEST = "pingdingshan-2021-22@1.2.0"


def _init(cli: CLI, folder: Path, *who: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    run = cli("init", *who, "--period", "2025", "--checklist", LATEST, "-o", folder / "a.toml")
    assert run.code == 0, run
    build_tree(folder / "a-佐证材料", {"纪要.txt": "会议纪要"})
    return folder / "a.toml"


def _scores(cli: CLI, file: Path) -> tuple[dict[str, int], dict[str, object], dict[str, object]]:
    """(status total, report summary, summary row) of one file."""
    status = json.loads(cli("status", "-f", file, "--format", "json").stdout)["total"]
    report = json.loads(cli("report", "-f", file, "--format", "json").stdout)["summary"]
    row = json.loads(cli("summary", file, "--format", "json").stdout)["rows"][0]
    return status, report, row


@pytest.fixture
def county(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    return _init(cli, tmp_path / "鲁山县", "--county", "鲁山县")


def _every_number(cli: CLI, file: Path) -> list[str]:
    view = json.loads(cli("report", "-f", file, "--format", "json").stdout)
    return [i["number"] for m in view["measures"] for i in m["items"]]


def test_everything_but_one_item_not_applicable_raises_no_score(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    numbers = _every_number(cli, county)
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    assert cli("mark", "-f", county, "1.1", "已完成", "--evidence", evidence).code == 0
    others = ",".join(numbers[1:])
    assert cli("mark", "-f", county, others, "不适用", "--reason", "本县不涉及").code == 0
    status, report, row = _scores(cli, county)
    # 1 point earned of 100: the 不适用 stay in the base until the office approves them
    assert (status["score"], status["max_score"]) == (1, 100)
    assert (report["score"], report["max_score"]) == (row["score"], row["max_score"]) == (1, 100)
    assert status["na"] == report["na"] == row["na"] == len(numbers) - 1
    assert status["na_points"] == report["na_points"] == row["na_points"] == 99
    assert status["completion"] < 0.02
    # an honest county that did five items ranks above it
    honest = _init(cli, tmp_path / "叶县", "--county", "叶县")
    ev = honest.parent / "a-佐证材料" / "纪要.txt"
    assert cli("mark", "-f", honest, "1.1,1.2,1.3,1.4,1.5", "已完成", "--evidence", ev).code == 0
    ranked = json.loads(cli("summary", tmp_path, "--format", "json").stdout)["rows"]
    assert [r["name"] for r in ranked] == ["叶县", "鲁山县"]
    for fmt in ("md", "html"):
        text = cli("summary", tmp_path, "--format", fmt).stdout
        assert f"{len(numbers) - 1} 项（99 分）" in text and "不适用" in text
    said = cli("status", "-f", county).stdout
    assert "score 1/100" in said and "stay in the base and earn nothing" in said


def test_done_without_evidence_earns_nothing_until_evidence_is_attached(
    cli: CLI, county: Path
) -> None:
    run = cli("mark", "-f", county, "14", "已完成")
    assert run.code == 0
    assert "earns no points until evidence is attached" in run.stderr
    status, report, row = _scores(cli, county)
    assert status["score"] == report["score"] == row["score"] == 0
    assert status["unproven"] == report["unproven"] == row["unproven"] == 5
    view = json.loads(cli("report", "-f", county, "--format", "json").stdout)
    fourteen = next(m for m in view["measures"] if m["number"] == 14)
    assert {i["status_label"] for i in fourteen["items"]} == {"已完成（待补佐证）"}
    assert "已完成（待补佐证）" in cli("report", "-f", county, "--format", "md").stdout
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    assert cli("attach", "-f", county, "14.2", evidence).code == 0
    status, report, row = _scores(cli, county)
    assert status["score"] == report["score"] == row["score"] == 2  # 14.2 is worth 2


def test_deleting_items_from_the_file_raises_no_score(cli: CLI, county: Path) -> None:
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    assert cli("mark", "-f", county, "1.1", "已完成", "--evidence", evidence).code == 0
    text = county.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n[items.")
    kept, _, _ = rest.partition("\n[items.")
    history = text[text.index("\n[[history]]") :]
    county.write_text(head + "\n[items." + kept.rstrip("\n") + "\n" + history, encoding="utf-8")
    status, report, row = _scores(cli, county)
    assert status["score"] == report["score"] == row["score"] == 1
    assert status["max_score"] == report["max_score"] == row["max_score"] == 100
    run = cli("validate", county)
    assert run.code == 1 and "is missing from the file" in run.stdout
    said = cli("status", "-f", county)
    assert f"Missing from the file ({len(_every_number(cli, county)) - 1} items" in said.stdout


def test_a_part_score_for_an_item_in_progress(cli: CLI, county: Path) -> None:
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    run = cli("mark", "-f", county, "14.2", "推进中", "--score", "1", "--evidence", evidence)
    assert run.code == 0, run
    status = json.loads(cli("status", "-f", county, "--format", "json").stdout)["total"]
    assert status["score"] == 1
    data = load_assessment(county).assessment
    assert data.items["leadership-mechanism"].score == 1
    assert [(c.action.value, c.old, c.new) for c in data.history if c.action.value == "score"] == [
        ("score", None, "1")
    ]
    view = json.loads(cli("report", "-f", county, "--format", "json").stdout)
    item = next(i for m in view["measures"] for i in m["items"] if i["number"] == "14.2")
    assert item["earned"] == 1 and item["criteria"].startswith("满分：")
    before = county.read_bytes()
    for args, said in [
        (("14.2", "推进中", "--score", "2"), "a part score is 0 to 1"),
        (("14.2", "已完成", "--score", "1"), "a part score belongs to an item 推进中"),
        (("1.1", "推进中", "--score", "1"), "its criteria (评分标准) give no part score"),
    ]:
        refused = cli("mark", "-f", county, *args)
        assert refused.code == 2 and said in refused.stderr, refused
        assert refused.stderr.count("\n") == 1
    assert county.read_bytes() == before
    assert cli("mark", "-f", county, "14.2", "已完成").code == 0
    assert load_assessment(county).assessment.items["leadership-mechanism"].score is None


@pytest.mark.parametrize(
    ("unit", "holds", "not_held"),
    [
        ("市人大", {"4.1"}, {"4.2"}),
        ("市政协", {"4.2"}, {"4.1"}),
        ("市公安局", {"10.2", "15.4"}, {"1.4", "15.6", "15.7"}),
        ("市教育体育局", {"15.6", "15.7"}, {"15.4"}),
        ("平顶山海关", {"2.1", "3.1", "13.4"}, {"15.6", "15.7"}),
    ],
)
def test_units_answer_for_their_own_duties(
    cli: CLI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unit: str,
    holds: set[str],
    not_held: set[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    file = _init(cli, tmp_path / "u", "--unit", unit)
    numbers = set(_every_number(cli, file))
    assert holds <= numbers and not numbers & not_held
    refused = cli("mark", "-f", file, sorted(not_held)[0], "已完成")
    assert refused.code == 2
    assert f"not of {unit}" in refused.stderr, refused.stderr


def test_diff_shows_each_state_s_score_with_its_not_applicable(cli: CLI, county: Path) -> None:
    old = county.with_name("old.toml")
    shutil.copy(county, old)
    assert cli("mark", "-f", county, "1.1", "不适用", "--reason", "无此类案件").code == 0
    run = cli("diff", old, county)
    assert "Score: 0/100 → 0/100 (不适用 1 (1 point))" in run.stderr
    data = json.loads(cli("diff", old, county, "--format", "json").stdout)
    assert data["scores"]["to"] == {
        "score": 0,
        "max_score": 100,
        "na": 1,
        "na_points": 1,
        "unproven": 0,
    }


@pytest.mark.parametrize("via", ["1.0.0", "1.1.0"])
def test_assessments_upgrade_to_1_2_0_with_nothing_lost(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, via: str
) -> None:
    folder = tmp_path / "叶县-2025"
    file = example_on_1_0_0(folder)
    monkeypatch.chdir(folder)
    if via == "1.1.0":
        assert cli("upgrade", file, "--to", "1.1.0").code == 0
    before = load_assessment(file).assessment
    run = cli("upgrade", file, "--to", "1.2.0")
    assert run.code == 0, run
    after = load_assessment(file).assessment
    assert after.checklist.version == "1.2.0"
    assert after.history[: len(before.history)] == before.history
    # every note, reason and evidence entry of before is somewhere in after
    kept = list(after.items.values()) + [a.state for a in after.archived.values()]
    for item_id, state in before.items.items():
        for entry in state.evidence:
            assert any(entry in k.evidence for k in kept), (item_id, entry.path)
        for text in (state.note, state.reason):
            if text:
                assert any(text in (k.note or "") + (k.reason or "") for k in kept), item_id
    assert cli("validate", file).code in (0, 1)
    assert "error" not in cli("validate", file).stdout


def test_the_shipped_checklist_declares_its_scoring() -> None:
    c = resolve(LATEST, checklist_dirs()).checklist
    assert c.scoring.not_applicable is not None and c.scoring.evidence_required is True
    assert c.scoring.weights is not None and "本身未规定分值" in c.scoring.weights


def test_show_says_who_bears_an_item_its_criteria_and_where_the_points_come_from(
    cli: CLI,
) -> None:
    run = cli("show", LATEST, "--measure", "4")
    assert run.code == 0
    assert "(borne by 市人大)" in run.stdout and "Full points: " in run.stdout
    assert "本身未规定分值" in run.stdout
    police = json.loads(cli("show", LATEST, "--unit", "市公安局", "--format", "json").stdout)
    ids = {i["id"] for m in police["measures"] for i in m["items"]}
    assert "three-in-one-jurisdiction" not in ids and "criminal-case-transfer" in ids
    assert police["scoring"]["not_applicable"] == "office-approves"


def test_a_unit_of_a_measure_that_bears_none_of_its_items_is_an_error(
    cli: CLI, tmp_path: Path
) -> None:
    import tomllib

    import tomli_w

    path = resolve(LATEST, checklist_dirs()).path
    assert path is not None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for item in data["measures"][3]["items"]:  # （四）: 市人大, 市政协; 市委宣传部
        item["units"] = ["peoples-congress"]
    own = tmp_path / "c.toml"
    own.write_text(tomli_w.dumps(data | {"version": "9.0.0"}), encoding="utf-8")
    run = cli("validate", own)
    assert run.code == 1
    assert "unit 'cppcc' is a unit of measure 4 but bears none of its items" in run.stdout
    assert "unit 'publicity-dept' is a unit of measure 4" in run.stdout


def test_a_part_score_without_evidence_waits_for_it_and_says_so(cli: CLI, county: Path) -> None:
    assert cli("mark", "-f", county, "14.2", "推进中", "--score", "1").code == 0
    status = json.loads(cli("status", "-f", county, "--format", "json").stdout)
    assert (status["total"]["score"], status["total"]["unproven"]) == (0, 1)
    assert status["done_without_evidence"] == []  # it is 推进中, not 已完成
    said = cli("status", "-f", county).stdout
    assert "Earns no points until evidence is attached (1 item: 推进中（待补佐证）):" in said
    report = json.loads(cli("report", "-f", county, "--format", "json").stdout)
    item = next(i for m in report["measures"] for i in m["items"] if i["number"] == "14.2")
    assert (item["status_label"], item["earned"]) == ("推进中（待补佐证）", 0)
    assert report["summary"]["done_without_evidence"] == []
    assert "推进中（待补佐证） 1 项，补齐佐证材料前不得分" in report["summary"]["score_text"]


def test_diff_counts_a_lower_part_score_as_a_regression(cli: CLI, county: Path) -> None:
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    assert (
        cli("mark", "-f", county, "14.2", "推进中", "--score", "1", "--evidence", evidence).code
        == 0
    )
    old = county.with_name("old.toml")
    shutil.copy(county, old)
    assert cli("mark", "-f", county, "14.2", "推进中", "--score", "0").code == 0
    run = cli("diff", old, county, "--fail-on", "regression")
    assert run.code == 1
    assert "part score 1 → 0" in run.stdout and "0 improved, 1 regressed" in run.stderr
    data = json.loads(cli("diff", old, county, "--format", "json").stdout)
    assert data["items"][0]["score"] == {"from": 1, "to": 0, "kind": "regression"}
    back = cli("diff", county, old, "--fail-on", "regression")  # 0 → 1 improves the score,
    assert "1 improved, 0 regressed" in back.stderr  # but the newer file's last line is gone:
    assert back.code == 1 and "history rewritten" in back.stdout  # not a later state
    assert "14.2 leadership-mechanism: 部分得分 0" in cli("textconv", county).stdout


def test_a_merge_with_a_not_applicable_part_raises_no_score(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    old = "pingdingshan-2021-22@1.1.0"
    assert cli("init", "--county", "叶县", "--period", "2025", "--checklist", old).code == 0
    file = tmp_path / "叶县-2025.toml"
    build_tree(tmp_path / "叶县-2025-佐证材料", {"通报.txt": "线索通报"})
    evidence = tmp_path / "叶县-2025-佐证材料" / "通报.txt"
    assert cli("mark", "clue-sharing", "已完成", "--evidence", evidence).code == 0
    assert cli("mark", "regular-consultation", "不适用", "--reason", "本县未设会商").code == 0
    before = json.loads(cli("status", "--format", "json").stdout)["total"]["score"]
    assert cli("upgrade", file, "--to", "1.2.0").code == 0
    merged = load_assessment(file).assessment.items["enforcement-cooperation-systems"]
    assert merged.status.value == "in_progress" and merged.reason is None
    assert "不适用：本县未设会商" in (merged.note or "")
    after = json.loads(cli("status", "--format", "json").stdout)["total"]["score"]
    assert after <= before
    assert "To check again after the upgrade (" in cli("status").stdout
    # marking the item's status answers the upgrade's question, in the history
    assert cli("mark", "10.1", "推进中").code == 0
    data = load_assessment(file).assessment
    assert data.items["enforcement-cooperation-systems"].review is None
    assert data.history[-1].action.value == "reviewed"
    assert "To check again after the upgrade (" in cli("status").stdout  # the others remain
