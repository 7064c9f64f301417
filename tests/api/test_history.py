"""The history as the account of the state: every hand-edit an auditor worried about is
caught by `api.validate` (issue 15: consistency and the hash chain), and every change
made through ipcheck replays to the state."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcheck import api
from ipcheck.core import marking
from ipcheck.core.create import make_assessee, new_assessment
from ipcheck.model.assessment import Assessment, Evidence, Stamp, Status
from ipcheck.rules.history import chain_head, history_problems, line_hash
from ipcheck.store.catalog import checklist_dirs, resolve
from tests.helpers import EXAMPLE_DIR, example_on_1_0_0
from tests.helpers.assessments import (
    edit,
    history_block,
    messages,
    problem_at,
    validated,
    with_errors,
)

NAME = "叶县-2025.toml"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example, its submission's seal lifted so that it can change again."""
    shutil.copytree(EXAMPLE_DIR, tmp_path / "ex")
    monkeypatch.chdir(tmp_path / "ex")
    path = tmp_path / "ex" / NAME
    api.unseal(api.open_assessment(path), "测试：在示例上继续修改")
    return path


@pytest.fixture
def first_checklist(tmp_path: Path) -> Path:
    """The example as it stood on checklist 1.0.0, before its upgrade."""
    return example_on_1_0_0(tmp_path / "v1")


def _assessment(path: Path) -> Assessment:
    return api.open_assessment(path).loaded.assessment


def test_the_shipped_example_is_consistent_and_chained(
    example: Path, first_checklist: Path
) -> None:
    assessment = _assessment(example)
    assert history_problems(assessment, {}) == []
    assert all(c.state is not None for c in assessment.history)
    report = validated(example)
    assert not report.unreadable and report.errors == 0  # evidence warnings only
    assert "history line" not in messages(validated(first_checklist))
    # and the example, which made the same upgrade on its way
    shipped = _assessment(EXAMPLE_DIR / NAME)
    assert shipped.checklist.version == "1.4.0"
    assert history_problems(shipped, {}) == []


def test_a_status_changed_without_a_history_line(example: Path) -> None:
    # hightech-and-exhibitions is 推进中 in the example; set it 已完成 by hand
    edit(example, r'(\[items\.hightech-and-exhibitions\]\nstatus = )"in_progress"', r'\1"done"')
    found = problem_at(with_errors(example), "items.hightech-and-exhibitions.status")
    assert re.match(r"3\.2 .*status is not what the history gives", found.message), found


def test_a_deleted_history_line_breaks_the_chain(example: Path) -> None:
    start, end = history_block(example, 20)
    text = example.read_text(encoding="utf-8")
    example.write_text(text[:start] + text[end:], encoding="utf-8")
    report = with_errors(example)
    assert "history line 21 does not follow the line before it (hash chain broken" in (
        messages(report)
    )
    problem_at(report, "history[20].prev")


def test_a_contradicting_line(example: Path) -> None:
    # a status line whose `from` is not what the lines before leave
    edit(example, r'^from = "todo"\nto = "done"', 'from = "in_progress"\nto = "done"')
    said = messages(with_errors(example))
    assert re.search(
        r"history line \d+: says the status was 'in_progress', but the lines before leave 'todo'",
        said,
    ), said


def test_a_line_dated_before_the_file_was_created(example: Path) -> None:
    start, end = history_block(example, 3)
    text = example.read_text(encoding="utf-8")
    block = re.sub(r"^at = .*$", "at = 2024-12-31 10:00:00+08:00", text[start:end], flags=re.M)
    example.write_text(text[:start] + block + text[end:], encoding="utf-8")
    said = messages(with_errors(example))
    assert "history line 4: dated 2024-12-31 10:00:00+08:00, before the file was created" in said
    assert "history line 5 does not follow the line before it" in said


def test_times_never_go_backwards(example: Path) -> None:
    last = len(_assessment(example).history) - 1
    start, end = history_block(example, last)
    text = example.read_text(encoding="utf-8")
    block = re.sub(r"^at = .*$", "at = 2025-03-02 10:00:00+08:00", text[start:end], flags=re.M)
    example.write_text(text[:start] + block + text[end:], encoding="utf-8")
    assert (
        f"history line {last + 1}: dated 2025-03-02 10:00:00+08:00, earlier than the line before it"
        in messages(with_errors(example))
    )


def test_who_changed_it_reassigned(example: Path) -> None:
    # `by` of one history line given to someone else: the next line no longer follows
    start, end = history_block(example, 10)
    text = example.read_text(encoding="utf-8")
    block = re.sub(r'^by = "[^"]*"', 'by = "李主任"', text[start:end], flags=re.M)
    example.write_text(text[:start] + block + text[end:], encoding="utf-8")
    assert "history line 12 does not follow the line before it" in messages(with_errors(example))


def test_a_forged_line_as_mark_writes_it_is_caught(example: Path) -> None:
    """ "todo→done by 李主任": byte-for-byte mark's line, and the item set to match."""
    text = example.read_text(encoding="utf-8")
    forged = (
        '\n[[history]]\nat = 2025-12-30 10:00:00+08:00\nby = "李主任"\naction = "status"\n'
        'item = "online-copyright"\nfrom = "todo"\nto = "done"\n'
    )
    example.write_text(text + forged, encoding="utf-8")
    edit(example, r'(\[items\.online-copyright\]\nstatus = )"todo"', r'\1"done"')
    said = messages(with_errors(example))
    assert re.search(r"history line \d+ carries no hash: added by hand\?", said), said
    assert "its time of the last change is not what the history gives" in said


def test_the_assessee_or_period_changed(example: Path) -> None:
    edit(example, r"^period = 2025", "period = 2024")
    assert (
        "history line 1: the file's assessee, period, creation time or checklist is not what this line recorded"
        in messages(with_errors(example))
    )


def test_a_line_naming_an_item_out_of_scope(example: Path) -> None:
    edit(example, r'^item = "punitive-damages"', 'item = "no-such-item"', count=1)
    assert "names item 'no-such-item', which is neither in the assessment nor archived" in (
        messages(with_errors(example))
    )


def test_an_old_unchained_file_is_said_and_chained_by_the_next_change(example: Path) -> None:
    edit(
        example,
        r'^(prev|state) = "[0-9a-f]{64}"\n',
        "",
        count=len(re.findall(r"^(?:prev|state) = ", example.read_text(encoding="utf-8"), re.M)),
    )
    report = validated(example)
    assert report.errors == 0, report
    assert "the history carries no hash chain (written by an ipcheck before 0.3)" in (
        messages(report)
    )
    assert report.failed(strict=True)  # validate --strict fails it
    api.note(api.open_assessment(example), ["1.2"], "补充说明")
    assessment = _assessment(example)
    assert all(c.state is not None for c in assessment.history)
    assert history_problems(assessment, {}) == []


def test_the_chain_head_pins_the_whole_history(example: Path) -> None:
    assessment = _assessment(example)
    head = chain_head(assessment)
    assert head == line_hash(assessment.history[-1])
    assert re.fullmatch(r"[0-9a-f]{64}", head or "")
    for index in range(1, len(assessment.history)):
        assert assessment.history[index].prev == line_hash(assessment.history[index - 1])


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
            a = marking.mark(
                a, [item], stamp, status=status, reason="无此业务" if status is Status.NA else None
            )
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
