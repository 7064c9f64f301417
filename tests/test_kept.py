"""Values kept by the bytes they came from (ipcheck/kept.py): found for exactly those
bytes and this ipcheck, never for others, and a broken cache is never an error."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from ipcheck import kept


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(kept.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_value_kept_is_found_for_the_same_bytes_only() -> None:
    kept.keep("sample", b"a = 1\n", {"a": 1})
    assert kept.load_kept("sample", b"a = 1\n", dict[str, int]) == {"a": 1}
    assert kept.load_kept("sample", b"a = 2\n", dict[str, int]) is None
    assert kept.load_kept("other", b"a = 1\n", dict[str, int]) is None


def test_bytes_that_share_the_file_name_are_told_apart(cache: Path) -> None:
    """The file is named by a CRC-32, which others can share: the kept bytes decide."""
    kept.keep("sample", b"one", 1)
    found = next((cache / "sample").iterdir())
    # what another file of the same name would hold: the value of other bytes
    version, _source, value = msgspec.msgpack.decode(found.read_bytes())
    found.write_bytes(msgspec.msgpack.encode((version, b"two", value)))
    assert kept.load_kept("sample", b"one", int) is None


def test_a_new_ipcheck_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    kept.keep("sample", b"x", 1)
    monkeypatch.setattr("ipcheck.__version__", "999.0.0")
    assert kept.load_kept("sample", b"x", int) is None


@pytest.mark.parametrize("damage", [b"", b"\xc1", msgspec.msgpack.encode(["1", b"x", "text"])])
def test_a_damaged_entry_is_a_miss(cache: Path, damage: bytes) -> None:
    kept.keep("sample", b"x", 1)
    next((cache / "sample").iterdir()).write_bytes(damage)
    assert kept.load_kept("sample", b"x", int) is None


def test_a_cache_that_cannot_be_written_is_skipped(cache: Path) -> None:
    cache.write_text("a file where the folder would be", encoding="utf-8")
    kept.keep("sample", b"x", 1)  # no error
    assert kept.load_kept("sample", b"x", int) is None
