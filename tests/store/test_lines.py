"""Line numbers of key paths, as validate reports them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcheck.rules.paths import path_problem
from ipcheck.store.lines import _item_headers, find_line, find_lines, line_index

TEXT = """schema_version = 1
title = "x"

[source]
doc_number = "平办〔2021〕22号"

[[units]]
id = "a"

[[units]]
id = "b"
name = "市商务局"

[[measures]]
number = 1
lead = [
  "a",
]

[[measures.items]]
id = "one"

[[measures.items]]
id = "two"
points = 2

[[measures]]
number = 2

[[measures.items]]
id = "three"
text = \"\"\"
[not.a.header]
points = 9
\"\"\"
points = 1

[items.punitive-damages]
status = "done"

[[items.punitive-damages.evidence]]
path = "a.txt"

[items.other]
status = "todo"
"""


def test_index_follows_tables_and_arrays_of_tables() -> None:
    index = line_index(TEXT)
    assert index["source.doc_number"] == 5
    assert index["units[1].name"] == 12
    assert index["measures[0].items[1].points"] == 25
    assert index["measures[1].items[0].points"] == 36
    assert "not.a.header" not in index


def test_nearest_enclosing_key() -> None:
    index = line_index(TEXT)
    assert find_line(index, "measures[0].lead[0]") == 16
    assert find_line(index, "units[1].kind") == 10
    assert find_line(index, "nothing.here") is None


def test_item_keys_by_search() -> None:
    lines = find_lines(
        TEXT,
        [
            "items.punitive-damages.status",
            "items.other",
            "items.other.note",
            "items.punitive-damages.evidence[0].path",
        ],
    )
    assert lines == {
        "items.punitive-damages.status": 39,
        "items.other": 44,
        "items.other.note": 44,
        "items.punitive-damages.evidence[0].path": 42,
    }


def test_path_problem() -> None:
    for inside in ("a.txt", "证据/a.txt", "./a/../b.txt", "a/b/../../c"):
        assert path_problem(inside) is None, inside
    for outside in (
        "../a.txt",
        "/etc/passwd",
        "a/../../b",
        "C:/x.txt",
        "..\\\\x",
        "\\\\\\\\server\\\\share",
    ):
        assert path_problem(outside) is not None, outside


_HEADER_LINE = re.compile(r"^\[items\.([A-Za-z0-9_-]+)\][ \t]*(?:#.*)?$", re.MULTILINE)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "[items.a]",
                "[items.b-2]",
                "[items.a] # again",
                " [items.c]",
                "[items.d]x",
                "[items.e]\t",
                "[items.]",
                "[items.f",
                "x = '[items.g]'",
                'note = "甲"',
                "",
                "[items.h]\r",
            ]
        ),
        max_size=12,
    )
)
def test_item_headers_are_the_lines_a_header_pattern_finds(lines: list[str]) -> None:
    """Item headers are found with str.find: the lines, offsets and ids of the plain
    multi-line pattern they replace."""
    text = "\n".join(lines)
    expected: dict[str, tuple[int, int]] = {}
    for match in _HEADER_LINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        expected.setdefault(match.group(1), (match.start(), line))
    assert _item_headers(text) == expected
