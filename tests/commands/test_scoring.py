"""Scores the assessment office can rely on (checklist 1.2.0), as the command line says
them: in status, summary and diff, in mark's warnings and show; 1.0.0 and 1.1.0
assessments upgrade to 1.2.0 with nothing lost. The scores themselves are the library's:
tests/api/test_scores.py."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.loader import load_assessment
from tests.helpers import Run, build_tree, example_on_1_0_0
from tests.helpers.assessments import delete_all_items_but_the_first

CLI = Callable[..., Run]
LATEST = "pingdingshan-2021-22@1.2.0"


def _init(cli: CLI, folder: Path, *who: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    run = cli("init", *who, "--period", "2025", "--checklist", LATEST, "-o", folder / "a.toml")
    assert run.code == 0, run
    build_tree(folder / "a-佐证材料", {"纪要.txt": "会议纪要"})
    return folder / "a.toml"


@pytest.fixture
def county(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    return _init(cli, tmp_path / "鲁山县", "--county", "鲁山县")


def _every_number(cli: CLI, file: Path) -> list[str]:
    view = json.loads(cli("report", "-f", file, "--format", "json").stdout)
    return [i["number"] for m in view["measures"] for i in m["items"]]


def test_summary_and_status_say_the_not_applicable_stay_in_the_base(
    cli: CLI, county: Path, tmp_path: Path
) -> None:
    numbers = _every_number(cli, county)
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    assert cli("mark", "-f", county, "1.1", "已完成", "--evidence", evidence).code == 0
    others = ",".join(numbers[1:])
    assert cli("mark", "-f", county, others, "不适用", "--reason", "本县不涉及").code == 0
    for fmt in ("md", "html"):
        text = cli("summary", tmp_path, "--format", fmt).stdout
        assert f"{len(numbers) - 1} 项（99 分）" in text and "不适用" in text
    said = cli("status", "-f", county).stdout
    assert "score 1/100" in said and "stay in the base and earn nothing" in said


def test_mark_warns_that_done_without_evidence_earns_nothing(cli: CLI, county: Path) -> None:
    run = cli("mark", "-f", county, "14", "已完成")
    assert run.code == 0
    assert "earns no points until evidence is attached" in run.stderr


def test_status_says_how_many_items_are_missing_from_the_file(cli: CLI, county: Path) -> None:
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    assert cli("mark", "-f", county, "1.1", "已完成", "--evidence", evidence).code == 0
    delete_all_items_but_the_first(county)
    said = cli("status", "-f", county)
    assert f"Missing from the file ({len(_every_number(cli, county)) - 1} items" in said.stdout


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


def test_status_says_a_part_score_waits_for_evidence(cli: CLI, county: Path) -> None:
    assert cli("mark", "-f", county, "14.2", "推进中", "--score", "1").code == 0
    said = cli("status", "-f", county).stdout
    assert "Earns no points until evidence is attached (1 item: 推进中（待补佐证）):" in said


def test_part_scores_are_given_in_half_points(cli: CLI, county: Path) -> None:
    evidence = county.parent / "a-佐证材料" / "纪要.txt"
    run = cli("mark", "-f", county, "14.2", "推进中", "--score", "１．５", "--evidence", evidence)
    assert run.code == 0, run
    assert "score = 1.5" in county.read_text(encoding="utf-8")
    assert (
        json.loads(cli("status", "-f", county, "--format", "json").stdout)["total"]["score"] == 1.5
    )
    assert "score 1.5/100" in cli("status", "-f", county).stdout
    report = json.loads(cli("report", "-f", county, "--format", "json").stdout)
    assert report["summary"]["score"] == 1.5
    assert "| 1.5/100 |" in cli("summary", county.parent, "--format", "md").stdout
    assert cli("validate", county).code == 0
    before = county.read_bytes()
    for said, why in (
        ("1.3", "'1.3' is not a number of points"),
        ("2", "a part score is 0 to 1.5 in half points (it has 2 points"),
        ("x", "give 0 to 100 in half points (1, 1.5)"),
    ):
        run = cli("mark", "-f", county, "14.2", "推进中", "--score", said)
        assert run.code == 2 and why in run.stderr and run.stderr.count("\n") == 1, run
    assert county.read_bytes() == before
    assert cli("mark", "-f", county, "14.2", "推进中", "--score", "1").code == 0
    assert "score = 1\n" in county.read_text(encoding="utf-8")  # a whole number stays whole


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
