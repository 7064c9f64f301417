"""Paths stored in an assessment (evidence, its folder): the one rule for what they may be."""

from __future__ import annotations

import unicodedata

from ipcheck.text.i18n import _
from ipcheck.text.lazy import lazy
from ipcheck.text.safety import has_bidi, has_control

_NOT_UTF8 = lazy("[\udc80-\udcff]")  # a byte of a name that was not UTF-8, as Python keeps it


def path_problem(relative: str, *, outside_ok: bool = False) -> str | None:
    """Why a stored path is not a plain path inside the assessment's folder, or None.

    `attach` refuses what this names, `validate` reports it, `verify` does not read
    it. With outside_ok (an entry attached with --allow-outside), absolute and
    climbing paths are accepted."""
    if not relative.isascii() and _NOT_UTF8().search(relative):
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>. A zip made on a Chinese
        # Windows keeps its names in GBK; unpacked elsewhere they are not UTF-8.
        return _(
            "is not a UTF-8 name (perhaps GBK, from a zip made on Windows): unpack the zip "
            "with a tool that keeps Chinese names"
        )
    if has_control(relative):
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("contains a control character (newline, tab, NUL …)")
    if has_bidi(relative):
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("contains a bidirectional control character (it disguises the name)")
    if "\\" in relative:
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("contains a backslash; paths are stored with /")
    if not relative:
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return _("is empty")
    if relative.startswith("/") or relative[1:2] == ":":
        # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
        return None if outside_ok else _("is absolute")
    if outside_ok:
        return None
    depth = 0
    for part in relative.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
                return _("leaves the assessment's folder")
        elif part not in ("", "."):
            depth += 1
    return None


# What Windows, where most officers and the office work, cannot hold in a file name:
# a folder sent from another system with such a name does not unpack there whole.
_WINDOWS_RESERVED = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{n}" for n in range(1, 10)),
        *(f"lpt{n}" for n in range(1, 10)),
    }
)
_WINDOWS_FORBIDDEN = frozenset('<>:"|?*')


# Anything one of the rules below might refuse: most paths have none, and are passed at
# the regex engine's speed (validate checks every evidence path of every file)
_WINDOWS_SUSPECT = lazy(r'[<>:"|?*]|[. ](?:/|$)|(?:^|/)(?i:con|prn|aux|nul|com\d|lpt\d)(?:[. /]|$)')


def windows_problem(relative: str) -> str | None:
    """Why Windows cannot hold this (plain, inside) path as it is, or None."""
    if _WINDOWS_SUSPECT().search(relative) is None:
        return None
    for part in relative.split("/"):
        if part in ("", ".", ".."):
            continue
        if part.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_RESERVED:
            # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
            return _("is a name Windows reserves (CON, NUL, COM1 …): it cannot be unpacked there")
        if part.endswith((".", " ")):
            # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
            return _("ends with a dot or a space, which Windows takes off: rename the file")
        if _WINDOWS_FORBIDDEN & set(part):
            # TRANSLATORS: said after a path: 'a/b.pdf' <this>.
            return _('holds a character Windows does not allow in a name (< > : " | ? *)')
    return None


def windows_case(name: str) -> str:
    """A name as Windows (NTFS) compares names: each character upper-cased on its own
    (ß stays ß: Straße and STRASSE are two names there)."""
    upper = name.upper()
    if len(upper) == len(name):  # no character became two (the common case, at C speed)
        return upper
    return "".join(c if len(u := c.upper()) != 1 else u for c in name)


def leads_outside(relative: str) -> bool:
    """An absolute or climbing path (which --allow-outside accepts), and nothing worse."""
    return path_problem(relative) is not None and path_problem(relative, outside_ok=True) is None


# Windows' reserved device names, whatever the suffix (CON.txt is CON)
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
UNSAFE = frozenset('<>:"/\\|?*')  # what Windows refuses in a name
MAX_NAME = 120  # characters: well inside every file system's limit, UTF-8 included


def safe_name(sent: str) -> str:
    """A name a file can be kept under on any system, made from any text: a browser's
    name of a sent file (`../../x`, `C:\\x`, `CON`, 300 characters), a default output
    name made from a received checklist's unit name: its last part, without control,
    format (bidi), unassigned or surrogate characters nor what Windows refuses or treats
    specially, never empty, at most MAX_NAME characters."""
    name = unicodedata.normalize("NFC", sent).replace("\\", "/").rsplit("/", 1)[-1]
    # no control, format (bidi), unassigned or surrogate character either
    name = "".join("_" if c in UNSAFE or not c.isprintable() else c for c in name).strip(" .")
    if not name:
        name = "file"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if stem.split(".")[0].strip().upper() in RESERVED or not stem:
        stem = f"_{stem}"
    suffix = suffix[:16]
    stem = stem[: MAX_NAME - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem
