"""The interface's language: Simplified Chinese by default, English when asked.

Messages are written in English in the code, marked with `_()` (translated
where they are said) or `N_()` (help texts and tables, translated where they
are shown), and translated by the standard gettext machinery from the catalog
`ipcheck/locale/zh_CN/LC_MESSAGES/ipcheck.mo`, built by Babel from the `.po`
beside it (README, "Messages in two languages").

The language is English when IPCHECK_LANG says `en`, or, without it, when the
first of LC_ALL, LC_MESSAGES, LANG that is set starts with `en`; everything
else — no locale at all, as on most Windows machines, `zh_CN.UTF-8`, `C` — is
Chinese. A command settles the language once for its run (`settled`), since
reading the environment at each of tens of thousands of messages costs more than
the checks themselves; outside a command the environment is read at every
message, so a test (or a caller) that changes it is followed. The catalog is
loaded once, and kept parsed in the cache folder by its bytes (ipcheck/kept.py):
parsing the .mo was 4-7 ms of every Chinese run.

Machine outputs (JSON, GitHub annotations, JUnit, the file formats) do not go
through here: their keys and codes stay English and stable.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "ipcheck"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh", "en")
LANG_ENV = "IPCHECK_LANG"

_catalogs: dict[str, _gettext.NullTranslations] = {}
_settled: list[_gettext.NullTranslations] = []  # the catalog of the running command


@contextmanager
def settled() -> Iterator[None]:
    """The language read once from the environment, for the duration of a command."""
    _settled.append(catalog(language()))
    try:
        yield
    finally:
        _settled.pop()


def language() -> str:
    """ "zh" or "en", from IPCHECK_LANG, else LC_ALL / LC_MESSAGES / LANG."""
    chosen = os.environ.get(LANG_ENV, "").strip().lower()
    if chosen:
        return "en" if chosen.startswith("en") else "zh"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


MO_FILE = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"


class Catalog(_gettext.NullTranslations):
    """A catalog of one language with one plural form (Chinese): a message and its
    translation, and a plural message (by its singular) and its one form."""

    def __init__(self, messages: dict[str, str], plurals: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages
        self.plurals = plurals

    def gettext(self, message: str) -> str:
        return self.messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self.plurals.get(msgid1)
        if found is not None:
            return found
        return msgid1 if n == 1 else msgid2


def read_mo(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """The messages and plural messages of a GNU .mo catalog (the format gettext reads):
    a header, then two tables of (length, offset) pairs, originals and translations."""
    import struct

    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    messages: dict[str, str] = {}
    plurals: dict[str, str] = {}
    for index in range(count):
        length, offset = struct.unpack(
            order + "2I", data[originals + 8 * index : originals + 8 * index + 8]
        )
        key = data[offset : offset + length].decode("utf-8")
        length, offset = struct.unpack(
            order + "2I", data[translations + 8 * index : translations + 8 * index + 8]
        )
        value = data[offset : offset + length].decode("utf-8")
        if not key:
            continue  # the header
        if "\x00" in key:
            plurals[key.split("\x00", 1)[0]] = value.split("\x00", 1)[0]
        else:
            messages[key] = value
    return messages, plurals


def _chinese() -> _gettext.NullTranslations:
    from ipcheck.kept import keep, load_kept

    data = MO_FILE.read_bytes()
    kept = load_kept("catalog", data, tuple[dict[str, str], dict[str, str]])
    if kept is None:
        kept = read_mo(data)
        keep("catalog", data, kept)
    return Catalog(*kept)


def catalog(lang: str | None = None) -> _gettext.NullTranslations:
    """The translations of one language ("zh": the shipped catalog; "en": none needed)."""
    lang = lang or language()
    found = _catalogs.get(lang)
    if found is None:
        found = _chinese() if lang == "zh" else _gettext.NullTranslations()
        _catalogs[lang] = found
    return found


def _current() -> _gettext.NullTranslations:
    return _settled[-1] if _settled else catalog()


def _(message: str) -> str:
    """The message in the user's language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for a count, in the user's language (Chinese has one form)."""
    return _current().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalog; it is translated where it is shown."""
    return message


def chinese() -> bool:
    return language() == "zh"
