"""Upgrading to checklist 1.4.0 drops nothing silently: progress among merged items, the
sources' states, part scores the new points no longer allow, items a county no longer
bears."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.loader import load_assessment
from tests.helpers import Run, build_tree

CLI = Callable[..., Run]
ID = "pingdingshan-2021-22"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IPCHECK_USER", "张三")
    return tmp_path


def test_a_merged_item_keeps_the_progress_of_its_sources(cli: CLI, here: Path) -> None:
    assert (
        cli("init", "--county", "叶县", "--period", "2025", "--checklist", f"{ID}@1.1.0").code == 0
    )
    assert cli("mark", "1.4", "推进中").code == 0  # three-in-one-mechanism; 1.5 stays 未开始
    assert cli("mark", "10.1", "10.2", "已完成").code == 0  # both sources of a merge done
    run = cli("upgrade", "--to", "1.4.0")
    assert run.code == 0, run
    a = load_assessment(here / "叶县-2025.toml").assessment
    merged = a.items["three-in-one-coordination-mechanism"]
    assert merged.status.value == "in_progress"  # was 未开始: the least advanced source
    assert merged.review is not None and "原状态：" in merged.review
    assert "推进中" in merged.review and "未开始" in merged.review
    assert a.items["enforcement-cooperation-systems"].status.value == "done"
    raised = [c for c in a.history if c.action.value == "status" and c.by == "张三"][-1]
    assert (raised.item, raised.old, raised.new) == (
        "three-in-one-coordination-mechanism",
        "todo",
        "in_progress",
    )
    assert cli("validate", ".").code == 0  # the history accounts for the raise
    # what a county no longer bears is archived with the checklist's reason
    assert "上级人民法院" in a.archived["three-in-one-jurisdiction"].reason


def test_a_part_score_the_new_points_do_not_allow_is_lowered_and_flagged(
    cli: CLI, here: Path
) -> None:
    assert (
        cli("init", "--county", "叶县", "--period", "2025", "--checklist", f"{ID}@1.3.0").code == 0
    )
    build_tree(here / "叶县-2025-佐证材料", {"制度.pdf": "制度"})
    evidence = here / "叶县-2025-佐证材料" / "制度.pdf"
    for number in ("6.1", "10.1"):  # 2 points with a part score in 1.3.0
        run = cli("mark", number, "推进中", "--score", "1", "--evidence", evidence)
        assert run.code == 0, run
    assert cli("upgrade", "--to", "1.4.0").code == 0
    a = load_assessment(here / "叶县-2025.toml").assessment
    credit = a.items["credit-mechanism"]  # 推动: met by effort, no part score any more
    assert credit.score is None and credit.review is not None and "已调整为 —" in credit.review
    systems = a.items["enforcement-cooperation-systems"]  # 1 point now: at most 0.5
    assert systems.score == 0.5 and "部分得分 1 超出 1.4.0 的分值 1" in (systems.review or "")
    assert cli("validate", ".").code == 0
    data = json.loads(cli("status", "--format", "json").stdout)
    assert data["total"]["score"] == 0.5
