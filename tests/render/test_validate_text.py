"""validate's text output: every path, key and message shown safe for a terminal."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from ipcheck.model.problems import FileReport, Problem
from ipcheck.render.validate import filled_by_position, format_text


def test_a_file_with_one_escape_is_escaped_there_only() -> None:
    report = FileReport(
        Path("叶县.toml"),
        "assessment",
        [Problem.warning("items.a", "clean"), Problem.error("items.b", "bad\x1b[2J")],
    )
    assert format_text([report]).splitlines() == [
        "叶县.toml",
        "  warning items.a: clean",
        "  error   items.b: bad\\x1b[2J",
    ]


def test_reports_follow_one_another_each_ending_its_last_line() -> None:
    first = FileReport(Path("a.toml"), "assessment", [Problem.warning("k", "m")])
    clean = FileReport(Path("b.toml"), "assessment", [])
    last = FileReport(Path("c.toml"), "checklist", [Problem.error("k", "n")._replace(line=3)])
    assert format_text([first, clean, last]) == (
        "a.toml\n  warning k: m\nc.toml\n  error   k: n [line 3]\n"
    )
    assert format_text([clean]) == ""


NAMES = ("key", "message", "line")
LITERAL = st.text(st.sampled_from("ab：%{} [第行]"), max_size=6).map(
    lambda s: s.replace("{", "{{").replace("}", "}}")
)


@given(
    st.lists(st.tuples(LITERAL, st.sampled_from([*NAMES, "line!r", "line:>5"])), max_size=4),
    LITERAL,
    st.tuples(st.text(max_size=5), st.text(max_size=5), st.integers(0, 99999)),
)
@example([("", "key"), ("：%", "message"), (" [第 ", "line")], " 行]", ("k", "m%s", 7))
def test_a_template_is_filled_as_str_format_fills_it(
    pieces: list[tuple[str, str]], tail: str, values: tuple[str, str, int]
) -> None:
    """Fields in any order, repeated, missing, converted or formatted: % only when it can."""
    template = "".join(f"{literal}{{{field}}}" for literal, field in pieces) + tail
    named = dict(zip(NAMES, values, strict=True))
    assert filled_by_position(template, NAMES)(values) == template.format(**named)
