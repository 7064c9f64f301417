"""The history as the account of the state: every hand-edit an auditor worried about is
caught by `validate` (issue 15: consistency and the hash chain)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcheck.core import marking
from ipcheck.core.create import make_assessee, new_assessment
from ipcheck.model.assessment import Evidence, Stamp, Status
from ipcheck.rules.history import chain_head, history_problems, line_hash
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.loader import load_assessment
from tests.helpers import EXAMPLE_DIR, Run, example_on_1_0_0, reopen

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


def edit(path: Path, pattern: str, new: str, *, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=count, flags=re.MULTILINE)
    assert n == count, pattern
    path.write_text(changed, encoding="utf-8")


def errors(cli: CLI, path: Path) -> str:
    run = cli("validate", path)
    assert run.code == 1, run
    return run.stdout


def history_block(path: Path, index: int) -> tuple[int, int]:
    """Start and end offsets of the index-th [[history]] table of the file."""
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^\[\[history\]\]\n", text, re.MULTILINE)]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return starts[index], end


def test_the_shipped_example_is_consistent_and_chained(cli: CLI, example: Path) -> None:
    assessment = load_assessment(example).assessment
    assert history_problems(assessment, {}) == []
    assert all(c.state is not None for c in assessment.history)
    assert cli("validate", "--strict", example).code in (0, 1)  # evidence warnings only
    assert "history line" not in cli("validate", first_checklist).stdout
    # and the example, which made the same upgrade on its way
    example = load_assessment(EXAMPLE_DIR / NAME).assessment
    assert example.checklist.version == "1.3.0"
    assert history_problems(example, {}) == []


def test_a_status_changed_without_a_history_line(cli: CLI, example: Path) -> None:
    # hightech-and-exhibitions is 推进中 in the example; set it 已完成 by hand
    edit(example, r'(\[items\.hightech-and-exhibitions\]\nstatus = )"in_progress"', r'\1"done"')
    out = errors(cli, example)
    assert re.search(
        r"items\.hightech-and-exhibitions\.status: 3\.2 .*status is not what the history gives.*\[line \d+\]",
        out,
    ), out


def test_a_deleted_history_line_breaks_the_chain(cli: CLI, example: Path) -> None:
    start, end = history_block(example, 20)
    text = example.read_text(encoding="utf-8")
    example.write_text(text[:start] + text[end:], encoding="utf-8")
    out = errors(cli, example)
    assert "history line 21 does not follow the line before it (hash chain broken" in out
    assert re.search(r"history\[20\]\.prev: .*\[line \d+\]", out)


def test_a_contradicting_line(cli: CLI, example: Path) -> None:
    # a status line whose `from` is not what the lines before leave
    edit(example, r'^from = "todo"\nto = "done"', 'from = "in_progress"\nto = "done"')
    out = errors(cli, example)
    assert re.search(
        r"history line \d+: says the status was 'in_progress', but the lines before leave 'todo'",
        out,
    ), out


def test_a_line_dated_before_the_file_was_created(cli: CLI, example: Path) -> None:
    start, end = history_block(example, 3)
    text = example.read_text(encoding="utf-8")
    block = re.sub(r"^at = .*$", "at = 2024-12-31 10:00:00+08:00", text[start:end], flags=re.M)
    example.write_text(text[:start] + block + text[end:], encoding="utf-8")
    out = errors(cli, example)
    assert "history line 4: dated 2024-12-31 10:00:00+08:00, before the file was created" in out
    assert "history line 5 does not follow the line before it" in out


def test_times_never_go_backwards(cli: CLI, example: Path) -> None:
    assessment = load_assessment(example).assessment
    last = len(assessment.history) - 1
    start, end = history_block(example, last)
    text = example.read_text(encoding="utf-8")
    block = re.sub(r"^at = .*$", "at = 2025-03-02 10:00:00+08:00", text[start:end], flags=re.M)
    example.write_text(text[:start] + block + text[end:], encoding="utf-8")
    out = errors(cli, example)
    assert (
        f"history line {last + 1}: dated 2025-03-02 10:00:00+08:00, earlier than the line before it"
        in out
    )


def test_who_changed_it_reassigned(cli: CLI, example: Path) -> None:
    # `by` of one history line given to someone else: the next line no longer follows
    start, end = history_block(example, 10)
    text = example.read_text(encoding="utf-8")
    block = re.sub(r'^by = "[^"]*"', 'by = "李主任"', text[start:end], flags=re.M)
    example.write_text(text[:start] + block + text[end:], encoding="utf-8")
    out = errors(cli, example)
    assert "history line 12 does not follow the line before it" in out


def test_a_forged_line_as_mark_writes_it_is_caught(cli: CLI, example: Path) -> None:
    """ "todo→done by 李主任": byte-for-byte mark's line, and the item set to match."""
    text = example.read_text(encoding="utf-8")
    forged = (
        '\n[[history]]\nat = 2025-12-30 10:00:00+08:00\nby = "李主任"\naction = "status"\n'
        'item = "online-copyright"\nfrom = "todo"\nto = "done"\n'
    )
    example.write_text(text + forged, encoding="utf-8")
    edit(example, r'(\[items\.online-copyright\]\nstatus = )"todo"', r'\1"done"')
    out = errors(cli, example)
    assert re.search(r"history line \d+ carries no hash: added by hand\?", out), out
    assert "its time of the last change is not what the history gives" in out


def test_the_assessee_or_period_changed(cli: CLI, example: Path) -> None:
    edit(example, r"^period = 2025", "period = 2024")
    out = errors(cli, example)
    assert (
        "history line 1: the file's assessee, period, creation time or checklist is not what this line recorded"
        in out
    )


def test_a_line_naming_an_item_out_of_scope(cli: CLI, example: Path) -> None:
    edit(example, r'^item = "punitive-damages"', 'item = "no-such-item"', count=1)
    out = errors(cli, example)
    assert "names item 'no-such-item', which is neither in the assessment nor archived" in out


def test_an_old_unchained_file_is_said_and_chained_by_the_next_change(
    cli: CLI, example: Path
) -> None:
    edit(
        example,
        r'^(prev|state) = "[0-9a-f]{64}"\n',
        "",
        count=len(re.findall(r"^(?:prev|state) = ", example.read_text(encoding="utf-8"), re.M)),
    )
    run = cli("validate", example)
    assert run.code == 0, run
    assert "the history carries no hash chain (written by an ipcheck before 0.3)" in run.stdout
    assert cli("validate", "--strict", example).code == 1
    assert cli("note", "1.1", "补充说明").code == 0
    assessment = load_assessment(example).assessment
    assert all(c.state is not None for c in assessment.history)
    assert history_problems(assessment, {}) == []


def test_the_chain_head_pins_the_whole_history(example: Path) -> None:
    assessment = load_assessment(example).assessment
    head = chain_head(assessment)
    assert head == line_hash(assessment.history[-1])
    assert re.fullmatch(r"[0-9a-f]{64}", head or "")
    for index in range(1, len(assessment.history)):
        assert assessment.history[index].prev == line_hash(assessment.history[index - 1])


def test_upgrade_keeps_the_history_consistent(cli: CLI, first_checklist: Path) -> None:
    assert cli("upgrade", "--to", "1.2.0").code == 0
    assessment = load_assessment(first_checklist).assessment
    assert history_problems(assessment, {}) == []
    assert "history line" not in cli("validate", example).stdout


# Any sequence of changes made by ipcheck leaves a history that replays to the state.
STEPS = st.lists(
    st.tuples(
        st.integers(0, 9),  # item
        st.sampled_from(["status", "note", "evidence", "detach"]),
        st.sampled_from(list(Status)),
        st.text("改说明xy", max_size=4),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_any_changes_made_by_ipcheck_replay_to_the_state(
    steps: list[tuple[int, str, Status, str]],
) -> None:
    import datetime as dt

    checklist = resolve("pingdingshan-2021-22@1.2.0", checklist_dirs())
    at = dt.datetime(2025, 3, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assessee = make_assessee(checklist, county="叶县", unit=None)
    a = new_assessment(checklist, assessee, 2025, "叶县-2025-佐证材料", "测试员", at)
    ids = list(a.items)[:10]
    for n, (index, what, status, text) in enumerate(steps):
        stamp = Stamp("填报人", at + dt.timedelta(hours=n + 1))
        item = ids[index]
        if what == "status":
            a = marking.mark(a, [item], stamp, status=status, reason="无此业务")
        elif what == "note":
            a = marking.mark(a, [item], stamp, note=text)
        elif what == "evidence":
            entry = Evidence(
                path=f"叶县-2025-佐证材料/{text or 'x'}.pdf",
                sha256=f"{n:064x}",
                size=n,
                added=stamp.at,
                by=stamp.by,
            )
            a = marking.mark(a, [item], stamp, evidence=[entry])
        elif a.items[item].evidence:
            a = marking.detach(a, item, [a.items[item].evidence[0].path], stamp)
    assert history_problems(a, {}) == []  # each change came chained from the core


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
