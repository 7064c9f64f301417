"""rules/status.py: the words that name a status, and the rule that 不适用 needs a reason."""

from __future__ import annotations

import pytest

from ipcheck.errors import InputError
from ipcheck.model.assessment import Status
from ipcheck.rules.status import STATUS_WORDS, parse_status, reason_problem

ALL_WORDS = "未开始/todo 推进中/in_progress 已完成/done 不适用/na"


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("todo", Status.TODO),
        ("in_progress", Status.IN_PROGRESS),
        ("done", Status.DONE),
        ("na", Status.NA),
        ("未开始", Status.TODO),
        ("推进中", Status.IN_PROGRESS),
        ("已完成", Status.DONE),
        ("不适用", Status.NA),
    ],
)
def test_codes_and_the_documents_labels_name_their_status(word: str, status: Status) -> None:
    assert parse_status(word) is status


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("完成", Status.DONE),
        ("进行中", Status.IN_PROGRESS),
        ("正在推进", Status.IN_PROGRESS),
        ("未启动", Status.TODO),
        ("无需开展", Status.NA),
        ("n/a", Status.NA),
        ("N/A", Status.NA),
    ],
)
def test_the_words_officers_use_name_their_status(word: str, status: Status) -> None:
    assert parse_status(word) is status


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("ＤＯＮＥ", Status.DONE),  # full-width letters
        ("Ｎ／Ａ", Status.NA),
        ("in-progress", Status.IN_PROGRESS),
        ("In Progress", Status.IN_PROGRESS),
        ("  已完成\u3000", Status.DONE),  # spaces, ideographic too, trimmed
    ],
)
def test_width_case_hyphens_and_spaces_are_folded(word: str, status: Status) -> None:
    assert parse_status(word) is status


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("dnoe", "done"),  # Latin letters: answered with the code
        ("todoo", "todo"),
        ("in progres", "in_progress"),
        ("已完", "已完成"),  # Chinese: answered with the document's word
        ("完", "已完成"),  # close to the synonym 完成, answered with its status's label
        ("进行", "推进中"),
        ("不试用", "不适用"),
    ],
)
def test_a_near_miss_is_refused_with_the_closest_status(word: str, hint: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_status(word)
    assert str(refused.value) == (
        f"unknown status {word!r}; did you mean {hint}? (statuses: {ALL_WORDS})"
    )


@pytest.mark.parametrize("word", ["xyz", "", "finished", "好了"])
def test_a_word_like_no_status_is_refused_with_the_list(word: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_status(word)
    assert str(refused.value) == f"unknown status {word!r}; use one of {ALL_WORDS}"
    assert STATUS_WORDS == ALL_WORDS


@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"])
def test_not_applicable_needs_a_reason(reason: str | None) -> None:
    assert reason_problem(Status.NA, reason) == (
        "不适用 (na) needs a reason (--reason): why does it not apply?"
    )
    from ipcheck.text.hints import on_page

    with on_page():  # the page's form has the field: no option named
        said = reason_problem(Status.NA, reason)
    assert said == "不适用 (na) needs a reason: why does it not apply?"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Status.NA, "本县不涉及"),
        (Status.TODO, None),
        (Status.IN_PROGRESS, None),
        (Status.DONE, ""),
    ],
)
def test_only_not_applicable_asks_for_a_reason(status: Status, reason: str | None) -> None:
    assert reason_problem(status, reason) is None
