"""A cell's value as Excel shows it under its number format (text/excel.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcheck.text.excel import shown

DAY = dt.datetime(2026, 3, 12)


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (DAY, 'm"月"d"日"', "3月12日"),
        (DAY, "yyyy-mm-dd", "2026-03-12"),
        (DAY, 'yyyy"年"m"月"d"日"', "2026年3月12日"),
        (DAY, "General", "2026/3/12"),
        (dt.datetime(2026, 3, 12, 9, 5), "yyyy/m/d h:mm", "2026/3/12 9:05"),
        (dt.time(9, 5), "h:mm AM/PM", "9:05 AM"),
        (dt.time(21, 5, 7), "hh:mm:ss", "21:05:07"),
        (0.5, "0%", "50%"),
        (0.125, "0.0%", "12.5%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (1234, '"¥"#,##0.00', "¥1,234.00"),
        (1234, "[$¥-804]#,##0", "¥1,234"),
        (-5, "0.00;(0.00)", "(5.00)"),
        (-1234.5, "#,##0.0", "-1,234.5"),
        (0, '0.00;-0.00;"零"', "零"),
        (3.14159, "0.0#", "3.14"),
        (3.1, "0.0#", "3.1"),
        (1234567, "0.00E+00", "1.23E+06"),
        (7, '0"件"', "7件"),
        (12.0, "General", "12"),
        (0.1 + 0.2, "General", "0.3"),
        (1e308, "General", "1E+308"),
        (42, "@", "42"),
        (True, "General", "TRUE"),
        ("文字", "@", "文字"),
        (dt.timedelta(hours=36), "[h]:mm", "36:00"),
        (float("inf"), "0.0E+00", "inf"),  # no cell holds one; a crafted file may
        (10**400, "#,##0", str(10**400)),
    ],
)
def test_a_cell_is_read_as_excel_shows_it(value: object, number_format: str, text: str) -> None:
    assert shown(value, number_format) == text


@given(
    st.one_of(st.floats(), st.integers()),
    st.text(max_size=30),
)
def test_any_format_gives_text_and_never_raises(value: float, number_format: str) -> None:
    assert isinstance(shown(value, number_format), str)
