"""Text from received files, made safe to show: terminals, CI logs, spreadsheets.

A file from another office may carry control characters (ESC starts a terminal
escape sequence, a newline inside a key starts a GitHub workflow command line),
bidirectional controls (U+202E makes `a\u202etxt.exe` look like `aexe.txt`),
characters no XML document may hold (U+FFFE and U+FFFF are valid TOML, but a
Word or Excel file holding one cannot be written) or spreadsheet formulas
(`=HYPERLINK(…)`). These are the one place that knows which characters those
are, and how each output neutralises them: every output shows them as escapes
(`\ufffe`), and text a person gives ipcheck to keep is refused if it holds one
(`unwritable`), so what is kept is what every output shows.
"""

from __future__ import annotations

import re

from ipcheck.text.lazy import lazy

# C0 controls, DEL and C1 controls; line and paragraph separators that some
# terminals and renderers honour as line breaks; what XML 1.0 forbids beyond the C0
# controls: surrogates (a file name that was not UTF-8 arrives with them) and the two
# noncharacters U+FFFE and U+FFFF.
_NOT_XML = "\ud800-\udfff\ufffe\uffff"
_CONTROL = f"\x00-\x1f\x7f-\x9f\u2028\u2029{_NOT_XML}"
# The same without tab and newline, for text shown as a block (a note in a report).
_CONTROL_BUT_LINES = f"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_NOT_XML}"
# Bidirectional formatting characters (Unicode TR 9): they reorder what is shown.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = lazy(f"[{_CONTROL}{_BIDI}]")
_UNSAFE_IN_BLOCKS = lazy(f"[{_CONTROL_BUT_LINES}{_BIDI}]")
_BIDI_ONLY = lazy(f"[{_BIDI}]")
_CONTROL_ONLY = lazy(f"[{_CONTROL}]")
_CONTROL_IN_BLOCKS_ONLY = lazy(f"[{_CONTROL_BUT_LINES}]")

# Values a spreadsheet would take for a formula (OWASP, "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Control and bidirectional characters shown as escapes (`\\x1b`, `\\n`, `\\u202e`)."""
    # isprintable is false for every character escaped here (tests/text/test_safety.py):
    # the common case, plain text, is told without the regex, at a tenth of its cost
    if text.isprintable() or _UNSAFE().search(text) is None:
        return text
    return _UNSAFE().sub(_escape, text)


def printable_block(text: str) -> str:
    """Like printable, but tab and newline stay: for text shown over several lines."""
    if _UNSAFE_IN_BLOCKS().search(text) is None:
        return text
    return _UNSAFE_IN_BLOCKS().sub(_escape, text)


def blank_controls(text: str) -> str:
    """Control and bidirectional characters (but tab and newline) as spaces."""
    return _UNSAFE_IN_BLOCKS().sub(" ", text)


def has_control(text: str) -> bool:
    return _CONTROL_ONLY().search(text) is not None


def has_bidi(text: str) -> bool:
    return _BIDI_ONLY().search(text) is not None


def unwritable(text: str, *, lines: bool = True) -> str | None:
    """The first character of text that ipcheck does not keep, or None: a control character
    (tab and newline allowed where `lines`), a surrogate or U+FFFE/U+FFFF — what no
    document can show as it is. Bidirectional controls are kept (a document holds them),
    and shown as escapes where text is shown on one line."""
    found = (_CONTROL_IN_BLOCKS_ONLY if lines else _CONTROL_ONLY)().search(text)
    return None if found is None else found.group()


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def spreadsheet_text(value: str) -> str:
    """A text cell that no spreadsheet evaluates: formula-like values get a leading '."""
    return "'" + value if looks_like_formula(value) else value
