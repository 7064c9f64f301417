from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcheck.text.numerals import from_chinese, to_chinese


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (14, "十四"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_known_numerals(number: int, text: str) -> None:
    assert to_chinese(number) == text
    assert from_chinese(text) == number


@given(st.integers(min_value=1, max_value=999))
def test_round_trip(number: int) -> None:
    assert from_chinese(to_chinese(number)) == number


def test_out_of_range() -> None:
    with pytest.raises(ValueError):
        to_chinese(0)
    with pytest.raises(ValueError):
        from_chinese("廿")
