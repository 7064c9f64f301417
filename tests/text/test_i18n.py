"""The message catalog: read as gettext reads it, and kept parsed by its bytes."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from ipcheck.text import i18n
from ipcheck.text.i18n import LOCALE_DIR, MO_FILE, Catalog, read_mo


def test_the_catalog_reads_as_gettext_reads_it() -> None:
    """Every message and plural message of the shipped .mo gives what GNU gettext gives."""
    messages, plurals = read_mo(MO_FILE.read_bytes())
    reference = gettext.translation("ipcheck", LOCALE_DIR, languages=["zh_CN"])
    assert len(messages) > 700 and len(plurals) > 10
    assert all(reference.gettext(m) == t for m, t in messages.items())
    assert all(reference.ngettext(m, m + "(s)", 2) == t for m, t in plurals.items())
    ours = Catalog(messages, plurals)
    assert ours.gettext("no such message") == "no such message"
    assert ours.ngettext("{n} file", "{n} files", 1) == "{n} file"
    assert ours.ngettext("{n} file", "{n} files", 3) == "{n} files"


def test_a_second_run_reads_the_catalog_kept(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first Chinese run parses the .mo and keeps what it read; the next reads that."""
    monkeypatch.setattr(i18n, "_catalogs", {})
    first = i18n.catalog("zh")
    assert list((own_cache / "catalog").iterdir())

    def unused(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
        raise AssertionError("the kept catalog was not used")

    monkeypatch.setattr(i18n, "_catalogs", {})
    monkeypatch.setattr(i18n, "read_mo", unused)
    second = i18n.catalog("zh")
    assert second.gettext("interrupted") == first.gettext("interrupted") != "interrupted"
