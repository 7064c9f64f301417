"""The one Markdown convention (text/markdown.py): what a county wrote is shown as written."""

from __future__ import annotations

import pytest

from ipcheck.text.markdown import md


@pytest.mark.parametrize(
    ("written", "written_out"),
    [
        # a line Markdown would make a list, a rule or a heading's underline (found by a
        # trial: - 列表, 1. 编号 and --- came out as a list, a numbered list and a rule)
        ("- 列表", "\\- 列表"),
        ("1. 编号", "1\\. 编号"),
        ("12) 编号", "12\\) 编号"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("+ 加号", "\\+ 加号"),
        ("::error::x", "\\::error::x"),
        # what is no syntax stays as it is
        ("-3 件", "-3 件"),
        ("1.2 项", "1.2 项"),
        ("a - b", "a - b"),
        ("2025. 年", "2025\\. 年"),
    ],
)
def test_a_line_start_markdown_would_read_as_syntax_is_escaped(
    written: str, written_out: str
) -> None:
    assert md(written) == written_out


def test_each_line_of_a_cell_is_escaped_as_a_line() -> None:
    assert md("甲\n- 乙\n1. 丙") == "甲<br>\\- 乙<br>1\\. 丙"
