"""rules/history.py: the history replayed gives the state the file holds, and its lines are
chained by hashes. Files are built with core/marking.py, then altered as a hand would."""

from __future__ import annotations

import datetime as dt

import pytest
from msgspec.structs import replace

from ipcheck.core.marking import mark, sealed, unsealed
from ipcheck.model.assessment import Assessment, Change, Status
from ipcheck.model.problems import Problem, Severity
from ipcheck.rules.history import (
    EVIDENCE,
    NOTE,
    STATUS,
    chain_head,
    chain_problems,
    chained,
    history_problems,
    is_sealed,
    line_hash,
    replay,
    sealed_at,
    unchained,
)
from tests.rules.inputs import evidence, later, stamp

NAMES = {"punitive-damages": "1.1 惩罚性赔偿", "serious-infringement": "1.2 严惩严重侵权行为"}
UNACCOUNTED = "is not what the history gives (changed without a history line?)"


@pytest.fixture
def marked(fresh: Assessment) -> Assessment:
    """Seven lines: created; 1.1 done, its note, its evidence (1 h); 1.2 不适用 and its
    reason (2 h); 1.1 back to 推进中 (3 h)."""
    a = mark(
        fresh,
        ["punitive-damages"],
        stamp(1),
        status=Status.DONE,
        note="已建立台账",
        evidence=[evidence()],
    )
    a = mark(a, ["serious-infringement"], stamp(2, "李四"), status=Status.NA, reason="不涉及")
    return mark(a, ["punitive-damages"], stamp(3, "李四"), status=Status.IN_PROGRESS)


def with_history(a: Assessment, history: list[Change]) -> Assessment:
    return replace(a, history=tuple(history))


def keys(problems: list[Problem]) -> list[str]:
    return [p.key for p in problems]


def test_replay_gives_the_state_the_marks_left(fresh: Assessment, marked: Assessment) -> None:
    assert replay(fresh).states == [fresh.history[0].state]
    assert history_problems(fresh, {}) == []
    assert chain_head(fresh) == line_hash(fresh.history[0])
    assert [c.action.value for c in marked.history] == [
        "created",
        "status",
        "note",
        "evidence_added",
        "status",
        "reason",
        "status",
    ]
    run = replay(marked)
    assert run.problems == []
    view = run.items["punitive-damages"]
    assert (view[STATUS], view[NOTE]) == ("in_progress", "已建立台账")
    assert [entry[0] for entry in view[EVIDENCE]] == ["叶县-2025-佐证材料/案件台账.csv"]
    # each line records the state it leaves: the replay agrees with every one
    assert run.states == [c.state for c in marked.history]
    assert history_problems(marked, NAMES) == []


def test_a_status_changed_without_a_line_is_named(marked: Assessment) -> None:
    items = dict(marked.items)
    items["serious-infringement"] = replace(items["serious-infringement"], status=Status.DONE)
    assert history_problems(replace(marked, items=items), NAMES) == [
        Problem.error(
            "items.serious-infringement.status", f"1.2 严惩严重侵权行为: its status {UNACCOUNTED}"
        )
    ]


def test_a_deleted_line_breaks_the_chain_at_the_line_after_it(marked: Assessment) -> None:
    history = list(marked.history)
    del history[2]  # 1.1's note
    problems = history_problems(with_history(marked, history), NAMES)
    assert keys(problems) == [
        "items.punitive-damages.note",
        "history[2].prev",
        "history[2].state",
        "history[5].state",  # 1.1's next line leaves a state without the note
    ]
    assert problems[0].message == f"1.1 惩罚性赔偿: its note {UNACCOUNTED}"
    assert problems[1].message == (
        "history line 3 does not follow the line before it (hash chain broken: a line before "
        "it was changed, added or deleted)"
    )
    assert problems[2].message == (
        "history line 3: the state it leaves is not the one its hash records (hash chain broken)"
    )


def test_a_deleted_last_line_leaves_the_state_unaccounted_for(marked: Assessment) -> None:
    # the chain itself is whole: its head, which a seal signs, is what pins the last line
    cut = with_history(marked, list(marked.history[:-1]))
    assert keys(history_problems(cut, NAMES)) == [
        "items.punitive-damages.status",
        "items.punitive-damages.updated",
        "items.punitive-damages.by",
    ]
    assert chain_head(cut) != chain_head(marked)


@pytest.mark.parametrize(
    ("line", "at", "message"),
    [
        (
            5,
            later(0.5),
            "history line 6: dated 2026-01-01 08:30:00+08:00, earlier than the line before it "
            "(2026-01-01 10:00:00+08:00)",
        ),
        (
            1,
            later(-24),
            "history line 2: dated 2025-12-31 08:00:00+08:00, before the file was created "
            "(2026-01-01 08:00:00+08:00)",
        ),
    ],
)
def test_a_line_going_back_in_time_is_named(
    marked: Assessment, line: int, at: dt.datetime, message: str
) -> None:
    history = list(marked.history)
    history[line] = replace(history[line], at=at)
    problems = history_problems(with_history(marked, history), NAMES)
    assert problems[0] == Problem.error(f"history[{line}]", message)
    # the time is part of the line: the chain breaks there too
    assert f"history[{line}].state" in keys(problems)
    assert f"history[{line + 1}].prev" in keys(problems)


def test_a_time_without_its_utc_offset_is_named(marked: Assessment) -> None:
    history = list(marked.history)
    history[1] = replace(history[1], at=history[1].at.replace(tzinfo=None))
    problems = replay(with_history(marked, history)).problems
    assert problems == [
        Problem.error(
            "history[1]",
            "history line 2: its time and the file's creation time are not both given with a "
            "UTC offset",
        )
    ]


def test_a_line_whose_from_is_not_what_the_lines_before_left_is_named(
    marked: Assessment,
) -> None:
    history = list(marked.history)
    history[1] = replace(history[1], old="done")
    problems = history_problems(with_history(marked, history), NAMES)
    assert problems[0] == Problem.error(
        "history[1]",
        "history line 2: says the status was 'done', but the lines before leave 'todo'",
    )


def test_the_history_begins_with_one_created_line(marked: Assessment) -> None:
    history = list(marked.history)
    twice = with_history(marked, [history[0], *history])
    assert [p.message for p in replay(twice).problems] == [
        "history line 2: a second 'created' line"
    ]
    headless = with_history(marked, history[1:])
    assert [p.message for p in replay(headless).problems] == [
        "history line 1: the history begins with the file's creation, once"
    ]


def test_a_line_naming_an_item_the_file_no_longer_holds_is_named(marked: Assessment) -> None:
    items = dict(marked.items)
    del items["serious-infringement"]
    problems = history_problems(replace(marked, items=items), NAMES)
    assert problems == [
        Problem.error(
            "history[4]",
            "history line 5: names item 'serious-infringement', which is neither in the "
            "assessment nor archived",
        )
    ]


def test_a_changed_assessee_breaks_the_created_lines_state(marked: Assessment) -> None:
    moved = replace(marked, assessee=replace(marked.assessee, name="郏县"))
    assert history_problems(moved, NAMES) == [
        Problem.error(
            "history[0].state",
            "history line 1: the file's assessee, period, creation time or checklist is not "
            "what this line recorded (hash chain broken)",
        )
    ]


def test_a_line_without_a_hash_is_named_unless_no_line_has_one(marked: Assessment) -> None:
    old = with_history(marked, [unchained(c) for c in marked.history])
    problems = chain_problems(old, replay(old).states)
    assert problems == [
        Problem.warning(
            "history",
            "the history carries no hash chain (written by an ipcheck before 0.3); the next "
            "change or `ipcheck fmt` adds it",
        )
    ]
    assert problems[0].severity is Severity.WARNING
    assert chain_head(old) is None
    # once chained, a line without a hash is one added by hand
    history = list(marked.history)
    history[2] = replace(history[2], prev=None, state=None)
    altered = with_history(marked, history)
    assert chain_problems(altered, replay(altered).states) == [
        Problem.error("history[2]", "history line 3 carries no hash: added by hand?"),
        Problem.error(
            "history[3].prev",
            "history line 4 does not follow the line before it (hash chain broken: a line "
            "before it was changed, added or deleted)",
        ),
    ]


def test_chained_hashes_the_new_lines_or_an_unchained_history_whole(marked: Assessment) -> None:
    assert chained(marked, len(marked.history)) is marked  # no new line: nothing to do
    old = with_history(marked, [unchained(c) for c in marked.history])
    # a history without any hash is chained whole, whatever lines are called new
    assert chained(old, 5) == marked
    # new lines are chained after the last hashed one
    partly = with_history(marked, [*marked.history[:4], *map(unchained, marked.history[4:])])
    assert chain_problems(partly, replay(partly).states) != []
    assert chained(partly, 4) == marked


def test_sealed_until_the_seal_is_lifted(marked: Assessment) -> None:
    assert not is_sealed(marked) and sealed_at(marked) is None
    submitted = sealed(marked, stamp(4), "SHA256:key")
    assert is_sealed(submitted) and sealed_at(submitted) == later(4)
    reopened = unsealed(submitted, stamp(5), "补充佐证材料")
    assert not is_sealed(reopened) and sealed_at(reopened) is None
    again = sealed(reopened, stamp(6), "SHA256:key")
    assert is_sealed(again) and sealed_at(again) == later(6)
    assert history_problems(again, NAMES) == []  # seal lines are part of the chain
