"""rules/outputs.py: the format of an output, asked for or said by its file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcheck.errors import InputError
from ipcheck.rules.outputs import output_format

REPORT = ("html", "md", "json", "docx", "pdf", "xlsx", "text")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("叶县-2025-自评报告.docx", "docx"),
        ("报告.PDF", "pdf"),  # any case
        ("报告.htm", "html"),
        ("报告.markdown", "md"),
        ("汇总.xlsx", "xlsx"),
        ("报告.txt", "text"),
    ],
)
def test_the_file_name_says_the_format(name: str, fmt: str) -> None:
    assert output_format(None, Path(name), REPORT, "text") == fmt


@pytest.mark.parametrize(
    "output",
    [None, Path("报告"), Path("报告.doc"), Path("汇总.csv")],  # csv: not a report format
)
def test_without_a_format_or_a_name_that_says_one_the_default_is_used(
    output: Path | None,
) -> None:
    assert output_format(None, output, REPORT, "html") == "html"


@pytest.mark.parametrize(
    ("fmt", "output"),
    [("md", None), ("md", Path("r.md")), ("md", Path("r.out")), ("md", Path("r.csv"))],
)
def test_the_format_asked_for_wins_where_the_name_does_not_disagree(
    fmt: str, output: Path | None
) -> None:
    assert output_format(fmt, output, REPORT, "text") == fmt


def test_a_format_and_a_name_that_disagree_are_refused() -> None:
    with pytest.raises(InputError) as refused:
        output_format("docx", Path("报告.pdf"), REPORT, "text")
    assert str(refused.value) == (
        "-o 报告.pdf names a .pdf file but --format is docx; give matching ones"
    )
