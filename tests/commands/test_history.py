"""The history as the account of the state, where the command line keeps it: through
`upgrade`, and in `diff` between two states (append-only). What `validate` finds of a
hand-edit, and the hash chain, are the library's: tests/api/test_history.py."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.rules.history import history_problems
from ipcheck.store.loader import load_assessment
from tests.helpers import EXAMPLE_DIR, Run, example_on_1_0_0, reopen
from tests.helpers.assessments import history_block

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example, its submission's seal lifted so that it can change again."""
    shutil.copytree(EXAMPLE_DIR, tmp_path / "ex")
    monkeypatch.chdir(tmp_path / "ex")
    assert reopen(tmp_path / "ex" / NAME).code == 0
    return tmp_path / "ex" / NAME


@pytest.fixture
def first_checklist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example as it stood on checklist 1.0.0, before its upgrade."""
    path = example_on_1_0_0(tmp_path / "v1")
    monkeypatch.chdir(path.parent)
    return path


def test_upgrade_keeps_the_history_consistent(cli: CLI, first_checklist: Path) -> None:
    assert cli("upgrade", "--to", "1.2.0").code == 0
    assessment = load_assessment(first_checklist).assessment
    assert history_problems(assessment, {}) == []
    validated = cli("validate", first_checklist)
    assert validated.code in (0, 1) and "history line" not in validated.stdout
    assert "no such file" not in validated.stdout + validated.stderr


# Append-only between two states (diff)


def test_diff_finds_a_history_line_deleted_between_two_states(
    cli: CLI, example: Path, tmp_path: Path
) -> None:
    old = tmp_path / "submitted.toml"
    shutil.copy(example, old)
    assert cli("mark", "3.5", "推进中").code == 0
    start, end = history_block(example, 5)
    text = example.read_text(encoding="utf-8")
    example.write_text(text[:start] + text[end:], encoding="utf-8")
    run = cli("diff", old, example, "--fail-on", "regression")
    assert run.code == 1, run
    assert "history rewritten" in run.stdout
    assert "line 6 of" in run.stdout
    assert "history rewritten from line 6" in run.stderr
    data = json.loads(cli("diff", old, example, "--format", "json").stdout)
    assert data["history"]["line"] == 6
    assert data["summary"]["history_rewritten"] is True
    assert cli("diff", old, example, "--exit-code").code == 1


def test_diff_of_honest_changes_finds_no_rewrite(cli: CLI, example: Path, tmp_path: Path) -> None:
    old = tmp_path / "before.toml"
    shutil.copy(example, old)
    assert cli("mark", "3.5", "推进中").code == 0
    run = cli("diff", old, example, "--fail-on", "regression")
    assert run.code == 0, run
    assert "rewritten" not in run.stdout + run.stderr
    assert json.loads(cli("diff", old, example, "--format", "json").stdout)["history"] is None


def test_an_item_deleted_from_the_file_is_a_regression(
    cli: CLI, example: Path, tmp_path: Path
) -> None:
    old = tmp_path / "before.toml"
    shutil.copy(example, old)
    text = example.read_text(encoding="utf-8")
    start = text.index("[items.online-copyright]\n")
    end = text.index("\n[", start + 1) + 1
    example.write_text(text[:start] + text[end:], encoding="utf-8")
    run = cli("diff", old, example, "--fail-on", "regression")
    assert run.code == 1, run
    assert "item deleted from the file (条目被删除)" in run.stdout
    assert "removed from the checklist" not in run.stdout
    assert "1 item deleted from the file (条目被删除)" in run.stderr
    item = next(
        i
        for i in json.loads(cli("diff", old, example, "--format", "json").stdout)["items"]
        if i["item"] == "online-copyright"
    )
    assert item["presence"] == "deleted"


# The upgrade's 请复核 flags are seen everywhere


def test_review_flags_are_seen_in_validate_report_diff_and_the_dry_run(
    cli: CLI, first_checklist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = first_checklist
    monkeypatch.setenv("COLUMNS", "200")
    dry = cli("upgrade", "--to", "1.1.0", "--dry-run")
    assert dry.code == 0
    assert "In this file" in dry.stdout and "to check again (请复核)" in dry.stdout
    before = tmp_path / "before.toml"
    shutil.copy(example, before)
    assert cli("upgrade", "--to", "1.1.0").code == 0
    flagged = [i for i, s in load_assessment(example).assessment.items.items() if s.review]
    assert flagged
    # the note names items as officers do (由 1.4 建立法院与检察… 拆分), not by id
    reviews = [s.review or "" for s in load_assessment(example).assessment.items.values()]
    assert all(re.match(r"由 \d+\.\d+ ", r) for r in reviews if r), reviews
    out = cli("validate", example).stdout
    assert (
        f"items.{flagged[0]}.review" in out and "to check again after the checklist upgrade" in out
    )
    report = json.loads(cli("report", "--format", "json").stdout)
    assert {r["number"] for r in report["to_review"]} and len(report["to_review"]) == len(flagged)
    assert "检查清单升级后待复核的条目" in cli("report", "--format", "md").stdout
    diff = cli("diff", before, example)
    assert "to check again (请复核)" in diff.stdout
    number = report["to_review"][0]["number"]
    after = tmp_path / "after.toml"
    shutil.copy(example, after)
    assert cli("mark", number, "已完成").code == 0
    answered = cli("diff", after, example)
    assert "checked again" in answered.stdout
    assert (
        len(json.loads(cli("report", "--format", "json").stdout)["to_review"]) == len(flagged) - 1
    )
