"""Values people type that become part of a file: names, authors, notes.

Each is checked against the format's own limits before anything is written,
so a file ipcheck writes is always one ipcheck can read back.
"""

from __future__ import annotations

from ipcheck.errors import InputError
from ipcheck.model.assessment import NAME_MAX
from ipcheck.model.checklist import TEXT_MAX
from ipcheck.text.i18n import _
from ipcheck.text.safety import has_bidi, has_control, looks_like_formula, unwritable

FORBIDDEN_IN_NAMES = set('/\\:*?"<>|') | {chr(c) for c in range(32)}


def check_name(name: str, what: str) -> str:
    """A county's name as it becomes a file name and a spreadsheet cell: refused if it
    cannot be either, or is longer than the format keeps."""
    name = name.strip()
    if (
        not name
        or FORBIDDEN_IN_NAMES & set(name)
        or name in (".", "..")
        or has_bidi(name)
        or unwritable(name, lines=False)
    ):
        raise InputError(
            _('{what} {name!r} is not usable as a name (no / \\ : * ? " < > |)').format(
                what=what, name=name
            )
        )
    if looks_like_formula(name):
        raise InputError(
            _("{what} {name!r} must not start with = + - or @ (a spreadsheet formula)").format(
                what=what, name=name
            )
        )
    if len(name) > NAME_MAX:
        raise InputError(
            _("{what} {name!r}…: at most {limit} characters").format(
                what=what, name=name[:20], limit=NAME_MAX
            )
        )
    return name


def check_author(name: str, source: str) -> str:
    """Who made a change: at most NAME_MAX characters, no control characters."""
    if len(name) > NAME_MAX:
        raise InputError(
            _("{source}: a name of at most {limit} characters, please").format(
                source=source, limit=NAME_MAX
            )
        )
    if has_control(name) or has_bidi(name):
        raise InputError(
            _("{source}: a name without control characters, please").format(source=source)
        )
    return name


def clean_text(text: str | None, what: str, limit: int = TEXT_MAX) -> str | None:
    """A note, reason or section as stored: stripped, empty as none, within the format's
    limit, and holding only characters every output can show."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise InputError(
            _("{what} has {length} characters; at most {limit} are kept").format(
                what=what, length=len(text), limit=limit
            )
        )
    check_characters(text, what)
    return text or None


def check_characters(text: str, what: str, *, lines: bool = True) -> str:
    """Text kept in a file holds no character a report or spreadsheet cannot hold: control
    characters (but tab and line breaks, where `lines`), U+FFFE, U+FFFF, surrogates."""
    bad = unwritable(text, lines=lines)
    if bad is not None:
        raise InputError(
            _(
                "{what} holds the character U+{code}, which no report or spreadsheet can "
                "show; remove it"
            ).format(what=what, code=f"{ord(bad):04X}")
        )
    return text


def check_points(said: str, what: str) -> int | float:
    """Points as typed (`--score 1.5`): a multiple of 0.5 from 0 to 100, else refused."""
    from ipcheck.model.points import parse

    try:
        return parse(said)
    except ValueError:
        raise InputError(
            _(
                "{what}: {value!r} is not a number of points: give 0 to 100 in half points (1, 1.5)"
            ).format(what=what, value=said)
        ) from None
