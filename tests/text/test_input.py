"""What officers type: full-width digits, Chinese numerals, 、-lists, years with 年."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcheck.text.input import fold, measure_number, split_list, year
from ipcheck.text.numerals import to_chinese


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("14", 14),
        ("十四", 14),
        ("（十四）", 14),
        ("(十四)", 14),
        ("第十四条", 14),
        ("第14条", 14),
        ("第十四项", 14),
        ("１４", 14),
        ("十", 10),
        ("十九", 19),
    ],
)
def test_a_measure_as_the_document_names_it(typed: str, number: int) -> None:
    assert measure_number(typed) == number


@pytest.mark.parametrize("typed", ["1.1", "十四条款", "第", "甲", "", "14a", "（十四"])
def test_what_is_not_a_measure(typed: str) -> None:
    assert measure_number(typed) is None


@given(st.integers(min_value=1, max_value=999))
def test_every_chinese_numeral_names_its_measure(number: int) -> None:
    numeral = to_chinese(number)
    for typed in (numeral, f"（{numeral}）", f"第{numeral}条", str(number)):
        assert measure_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        (["1.1,1.2"], ["1.1", "1.2"]),
        (["1.1、1.2"], ["1.1", "1.2"]),
        (["1.1，1.2"], ["1.1", "1.2"]),
        (["１.１", "1.2"], ["1.1", "1.2"]),
        (["１．１"], ["1.1"]),
        (["1.1、 1.2、"], ["1.1", "1.2"]),
        (["十四"], ["十四"]),
    ],
)
def test_lists_of_items(typed: list[str], items: list[str]) -> None:
    assert split_list(typed) == items


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2025", 2025), ("2025年", 2025), ("2025年度", 2025), ("２０２５年", 2025), (" 2025 ", 2025)],
)
def test_years(typed: str, expected: int) -> None:
    assert year(typed) == expected


@pytest.mark.parametrize("typed", ["25", "明年", "2025-2026", "二〇二五年", ""])
def test_what_is_not_a_year(typed: str) -> None:
    assert year(typed) is None


def test_fold_keeps_chinese_text() -> None:
    assert fold("  叶县　") == "叶县"
    assert fold("（一）") == "(一)"
