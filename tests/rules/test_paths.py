"""rules/paths.py: what a path stored in an assessment may be."""

from __future__ import annotations

import pytest

from ipcheck.rules.paths import leads_outside, path_problem

LEAVES = "leaves the assessment's folder"
ABSOLUTE = "is absolute"


@pytest.mark.parametrize(
    "path",
    [
        "叶县-2025-佐证材料/案件台账.csv",
        "会议纪要.pdf",
        "a/../b.pdf",  # climbs, but stays inside
        "./a/./b.pdf",
        "a//b.pdf",
    ],
)
def test_a_plain_path_inside_the_folder_is_fine(path: str) -> None:
    assert path_problem(path) is None
    assert not leads_outside(path)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("../台账.csv", LEAVES),
        ("..", LEAVES),
        ("a/../../b.pdf", LEAVES),
        ("/etc/passwd", ABSOLUTE),
        ("C:/Users/x.pdf", ABSOLUTE),
        ("c:x.pdf", ABSOLUTE),  # a drive, even without a slash
    ],
)
def test_an_absolute_or_climbing_path_is_refused_unless_outside_is_allowed(
    path: str, problem: str
) -> None:
    assert path_problem(path) == problem
    assert path_problem(path, outside_ok=True) is None
    assert leads_outside(path)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("a\\b.pdf", "contains a backslash; paths are stored with /"),
        ("C:\\Users\\x.pdf", "contains a backslash; paths are stored with /"),
        ("", "is empty"),
        ("a\nb.pdf", "contains a control character (newline, tab, NUL …)"),
        ("a\x1b[31mb.pdf", "contains a control character (newline, tab, NUL …)"),
        ("a\x00b", "contains a control character (newline, tab, NUL …)"),
        (
            "invoice\u202efdp.exe",
            "contains a bidirectional control character (it disguises the name)",
        ),
    ],
)
def test_what_no_path_may_hold_is_refused_even_outside(path: str, problem: str) -> None:
    assert path_problem(path) == problem
    assert path_problem(path, outside_ok=True) == problem
    assert not leads_outside(path)  # worse than outside: --allow-outside does not help


def test_a_control_character_is_named_before_a_climb() -> None:
    assert path_problem("../a\tb") == "contains a control character (newline, tab, NUL …)"
    assert not leads_outside("../a\tb")
