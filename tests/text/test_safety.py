"""Which characters are escaped before received text reaches a terminal or a log."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ipcheck.text import safety
from ipcheck.text.safety import printable


def test_every_character_escaped_is_one_python_calls_unprintable() -> None:
    """printable's quick path (str.isprintable) never passes a character it escapes."""
    escaped = [c for c in map(chr, range(0x110000)) if safety._UNSAFE().search(c)]
    assert "\x1b" in escaped and "\u202e" in escaped and "\u2028" in escaped
    assert "\ufffe" in escaped and "\uffff" in escaped and "\ud800" in escaped
    assert [c for c in escaped if c.isprintable()] == []


def escaped_by_the_pattern(text: str) -> str:
    return safety._UNSAFE().sub(safety._escape, text)


@given(st.text(st.sampled_from("ab 叶县\u3000\xa0\x1b\u202e\u200f\n\t\x7f\x85")))
def test_printable_escapes_as_the_pattern_says(text: str) -> None:
    assert printable(text) == escaped_by_the_pattern(text)


@given(st.text())
def test_printable_escapes_as_the_pattern_says_on_any_text(text: str) -> None:
    assert printable(text) == escaped_by_the_pattern(text)
