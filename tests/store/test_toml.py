from __future__ import annotations

from pathlib import Path

import pytest

from ipcheck.errors import InputError
from ipcheck.store.toml import parse_toml, read_toml


def test_bom_and_crlf_are_accepted() -> None:
    data = b'\xef\xbb\xbfa = 1\r\nb = "\xe5\x8e\xbf"\r\n'
    assert parse_toml(data, "x.toml") == {"a": 1, "b": "县"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            'a = "叶县"\n'.encode("gbk"),
            "GBK/GB18030-encoded, not UTF-8; save it as UTF-8 (in Notepad",
        ),
        ('a = "叶县"\n'.encode("utf-16"), "UTF-16, not UTF-8"),
        (b"\xff\xff\xff\n", "not UTF-8 text"),
        (b"a = 1\n\x00", "NUL byte"),
        (b"", "file is empty"),
        (b"  \n\n", "file is empty"),
        (b"a = \n", "not valid TOML"),
        (b"a = 1\na = 2\n", "not valid TOML"),
        (b"a = [" * 2000 + b"\n", "not valid TOML"),
    ],
)
def test_bad_bytes_give_one_line_errors(data: bytes, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_toml(data, "county.toml")
    message = str(info.value)
    assert message.startswith("county.toml: ")
    assert expected in message
    assert "\n" not in message


def test_gbk_error_names_the_line() -> None:
    data = 'a = 1\nb = 2\nc = "叶县"\n'.encode("gbk")
    with pytest.raises(InputError, match="line 3"):
        parse_toml(data, "x.toml")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_toml(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="is a folder"):
        read_toml(tmp_path)


def test_the_conversion_hint_keeps_the_files_kind() -> None:
    """A policy text stays a .txt, a checklist a .toml: the hint never turns one into the
    other."""
    from ipcheck.store.toml import decode_text

    for name, fixed in (("政策.txt", "政策-utf8.txt"), ("x.toml", "x-utf8.toml")):
        for data in ("叶县\n".encode("gbk"), "叶县\n".encode("utf-16")):
            with pytest.raises(InputError) as info:
                decode_text(data, name)
            assert f"{name} > {fixed}" in str(info.value)
