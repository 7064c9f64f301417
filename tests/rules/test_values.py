"""rules/values.py: names, authors and texts people type, checked before they are kept."""

from __future__ import annotations

import pytest

from ipcheck.errors import InputError
from ipcheck.model.assessment import NAME_MAX
from ipcheck.model.checklist import TEXT_MAX
from ipcheck.rules.values import check_author, check_characters, check_name, clean_text

UNUSABLE = 'is not usable as a name (no / \\ : * ? " < > |)'


def test_check_name_gives_the_name_stripped() -> None:
    assert check_name("  叶县\u3000", "county") == "叶县"
    assert check_name("x" * NAME_MAX, "county") == "x" * NAME_MAX


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("叶县/郏县", "'叶县/郏县'"),
        ('叶县"', "'叶县\"'"),
        ("叶县?", "'叶县?'"),
        ("", "''"),
        ("   ", "''"),  # stripped first
        ("..", "'..'"),
        (".", "'.'"),
        ("叶\u202e县", "'叶\\u202e县'"),
        ("叶县\ufffe", "'叶县\\ufffe'"),
        ("叶\t县", "'叶\\t县'"),
    ],
)
def test_check_name_refuses_what_cannot_be_a_file_name(name: str, shown: str) -> None:
    with pytest.raises(InputError) as refused:
        check_name(name, "county")
    assert str(refused.value) == f"county {shown} {UNUSABLE}"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)' must not start with = + - or @ (a spreadsheet formula)"),
        ("+1", "'+1' must not start with = + - or @ (a spreadsheet formula)"),
        ("-叶县", "'-叶县' must not start with = + - or @ (a spreadsheet formula)"),
        ("@叶县", "'@叶县' must not start with = + - or @ (a spreadsheet formula)"),
        ("县" * (NAME_MAX + 1), f"{'县' * 20!r}…: at most 100 characters"),
    ],
)
def test_check_name_refuses_a_formula_or_a_name_longer_than_the_format_keeps(
    name: str, message: str
) -> None:
    with pytest.raises(InputError) as refused:
        check_name(name, "assessee")
    assert str(refused.value) == f"assessee {message}"


def test_check_author_keeps_the_name_as_given() -> None:
    assert check_author(" 张三 ", "--by") == " 张三 "
    assert check_author("x" * NAME_MAX, "--by") == "x" * NAME_MAX


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * (NAME_MAX + 1), "IPCHECK_USER: a name of at most 100 characters, please"),
        ("张\n三", "IPCHECK_USER: a name without control characters, please"),
        ("张\u202e三", "IPCHECK_USER: a name without control characters, please"),
    ],
)
def test_check_author_refuses_long_names_and_control_characters(name: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        check_author(name, "IPCHECK_USER")
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (None, None),
        ("  已建立台账 ", "已建立台账"),
        ("第一行\r\n第二行", "第一行\n第二行"),  # Windows line ends become \n
        ("列\t值\n", "列\t值"),  # tab and line breaks are text
        ("   ", None),  # empty is none
        ("x" * TEXT_MAX, "x" * TEXT_MAX),
    ],
)
def test_clean_text_gives_the_text_as_stored(text: str | None, kept: str | None) -> None:
    assert clean_text(text, "the note") == kept


def test_clean_text_refuses_a_text_longer_than_its_limit() -> None:
    with pytest.raises(InputError) as refused:
        clean_text("x" * (TEXT_MAX + 1), "the note")
    assert str(refused.value) == "the note has 2001 characters; at most 2000 are kept"
    with pytest.raises(InputError, match=r"^--reason has 6 characters; at most 5 are kept$"):
        clean_text(" 123456 ", "--reason", limit=5)


@pytest.mark.parametrize(
    ("text", "code"),
    [("响\x07铃", "0007"), ("a\u2028b", "2028"), ("a\ufffe", "FFFE"), ("a\ud800", "D800")],
)
def test_clean_text_refuses_a_character_no_output_can_show(text: str, code: str) -> None:
    with pytest.raises(InputError) as refused:
        clean_text(text, "the note")
    assert str(refused.value) == (
        f"the note holds the character U+{code}, which no report or spreadsheet can show; remove it"
    )


def test_check_characters_allows_line_breaks_only_where_lines_are_kept() -> None:
    assert check_characters("列\t值\n下一行", "--note") == "列\t值\n下一行"
    with pytest.raises(InputError, match=r"^--name holds the character U\+0009,"):
        check_characters("列\t值", "--name", lines=False)
    with pytest.raises(InputError, match=r"^--name holds the character U\+000A,"):
        check_characters("列\n值", "--name", lines=False)
    assert (
        check_characters("\u202e", "--name", lines=False) == "\u202e"
    )  # bidi: kept, shown escaped
