"""Values people type that become part of a file: names, authors, notes.

Each is checked against the format's own limits before anything is written,
so a file ipcheck writes is always one ipcheck can read back.
"""

from __future__ import annotations

from ipcheck.errors import InputError
from ipcheck.model.assessment import NAME_MAX
from ipcheck.model.checklist import TEXT_MAX
from ipcheck.text.safety import has_bidi, has_control, looks_like_formula

FORBIDDEN_IN_NAMES = set('/\\:*?"<>|') | {chr(c) for c in range(32)}


def check_name(name: str, what: str) -> str:
    """A county's name as it becomes a file name and a spreadsheet cell: refused if it
    cannot be either, or is longer than the format keeps."""
    name = name.strip()
    if not name or FORBIDDEN_IN_NAMES & set(name) or name in (".", "..") or has_bidi(name):
        raise InputError(f'{what} {name!r} is not usable as a name (no / \\ : * ? " < > |)')
    if looks_like_formula(name):
        raise InputError(f"{what} {name!r} must not start with = + - or @ (a spreadsheet formula)")
    if len(name) > NAME_MAX:
        raise InputError(f"{what} {name[:20]!r}…: at most {NAME_MAX} characters")
    return name


def check_author(name: str, source: str) -> str:
    """Who made a change: at most NAME_MAX characters, no control characters."""
    if len(name) > NAME_MAX:
        raise InputError(f"{source}: a name of at most {NAME_MAX} characters, please")
    if has_control(name) or has_bidi(name):
        raise InputError(f"{source}: a name without control characters, please")
    return name


def clean_text(text: str | None, what: str) -> str | None:
    """A note or reason as stored: stripped, empty as none, within the format's limit."""
    if text is None:
        return None
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise InputError(f"{what} has {len(text)} characters; at most {TEXT_MAX} are kept")
    return text or None
