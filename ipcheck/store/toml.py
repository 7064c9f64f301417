"""Reading TOML files the way officers' editors write them.

Windows editors save UTF-8 with a BOM and CRLF line ends: both are accepted.
Files saved as GBK/GB18030 or UTF-16 are refused with a message that says how
to convert them, never decoded by guess.

ipcheck reads TOML 1.0, the version Python's own tomllib reads on every Python
ipcheck supports (3.11-3.13), as do taplo and the editors' TOML support: a file
ipcheck accepts is one every other tool of an office reads alike. TOML 1.1's
additions (newlines and a trailing comma in an inline table, the escapes \\e
and \\xHH, times without seconds) are refused, whichever parsers are installed:
the reference parser is held to a release that reads 1.0 (pyproject.toml), and
text that may use them never goes to the fast one, which reads 1.1.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import rtoml

from ipcheck.errors import InputError
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import N_, _
from ipcheck.text.lazy import lazy

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _fixed(name: str) -> str:
    """Where the hint writes the converted text: beside it, of its kind (a .txt stays one)."""
    path = Path(name)
    return path.with_name(f"{path.stem}-utf8{path.suffix}").name


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM); explain any other encoding."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    elif data.startswith(UTF16_BOMS):
        raise InputError(
            _(
                "{name}: file is UTF-16, not UTF-8; save it as UTF-8 (in Notepad: Save As, "
                "Encoding UTF-8; or iconv -f UTF-16 -t UTF-8 {name} > {fixed})"
            ).format(name=name, fixed=_fixed(name))
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                _(
                    "{name}: line {line}: not UTF-8 text (byte {offset}); save the file as UTF-8"
                ).format(name=name, line=line, offset=exc.start),
                line=line,
            ) from None
        raise InputError(
            _(
                "{name}: line {line}: file is GBK/GB18030-encoded, not UTF-8; save it as UTF-8 "
                "(in Notepad: Save As, Encoding UTF-8; or iconv -f GB18030 -t UTF-8 {name} > "
                "{fixed})"
            ).format(name=name, line=line, fixed=_fixed(name)),
            line=line,
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            _("{name}: line {line}: file contains a NUL byte; it is not a text file").format(
                name=name, line=line
            ),
            line=line,
        )
    return text


# A line holding a whole inline table of plain values (no braces, quotes, escapes or #
# inside its strings), as ipcheck writes an assessment's figures:
#   { name = "培训人次", value = "86", unit = "人次" },
_KEY = r"[A-Za-z0-9_-]+"
_VALUE = r'(?:"[^"\\{}#\n]*"|-?[0-9]+|true|false)'
_PAIR = rf"[ \t]*{_KEY}[ \t]*=[ \t]*{_VALUE}[ \t]*"
_ONE_LINE_TABLE = lazy(rf"[ \t]*(?:{_KEY}[ \t]*=[ \t]*)?\{{(?:{_PAIR},)*{_PAIR}\}}[ \t]*,?[ \t]*")


# What TOML 1.1 added that rtoml 0.14 reads: the escapes \e and \xHH, and a time of hours
# and minutes only (07:32, 07:32Z, 1979-05-27T07:32+08:00): two digits after a value's
# start, a T or a space, a colon, two digits that end the time (not seconds, not an
# offset, not the hex of sha256:44fd…). Text that may hold one goes to the reference
# parser, which reads 1.0 (a note saying 09:30 is read there too, as text). Both patterns
# begin with a literal the regex engine looks for at C speed: a tenth of a millisecond
# for a 100 KB file.
_NEWER_ESCAPE = lazy(r"\\[ex]")
_NEWER_TIME = lazy(r":(?<=[Tt \t=\[,][0-9]{2}:)[0-9]{2}(?![0-9:A-Ya-y])")


def _may_be_toml_1_1(text: str) -> bool:
    return ("\\" in text and _NEWER_ESCAPE().search(text) is not None) or (
        _NEWER_TIME().search(text) is not None
    )


def _plain_tables_only(text: str) -> bool:
    """No `{` at all, or only on lines that are each one whole plain inline table: where
    rtoml and tomli cannot differ (a newline, comment or trailing comma inside the braces)."""
    at = text.find("{")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _ONE_LINE_TABLE().fullmatch(text, start, end) is None:
            return False
        at = text.find("{", end)
    return True


def loads_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text; every failure becomes an InputError naming the file.

    tomli — the parser the standard tomllib was taken from — is the reference.
    rtoml (Rust's toml crate) is three times as fast and, checked against the
    toml-test suite and 30,000 mutated documents, gives tomli's results with
    exceptions, all kept away from it: it reads TOML 1.1 (so text with `{` goes to
    tomli, unless each line holding one is a whole one-line table of plain
    values, as ipcheck writes its figures, and so does text that may hold 1.1's
    escapes or times), a second byte-order mark, and it keeps CRLF inside
    multi-line strings (CRLF is made LF first, which TOML allows and tomli does
    itself). Whatever rtoml refuses
    goes to tomli too, which either accepts it (integers past 64 bits, 1e309)
    or says why it is not TOML, in tomllib's words.
    """
    if not text.strip():
        raise InputError(_("{name}: file is empty").format(name=name))
    text = text.replace("\r\n", "\n")
    if _plain_tables_only(text) and not text.startswith("\ufeff") and not _may_be_toml_1_1(text):
        try:
            return rtoml.loads(text)
        except (rtoml.TomlParsingError, ValueError, OverflowError, RecursionError):
            pass
    import tomli  # here: most files never need it

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise InputError(
            _("{name}: not valid TOML: {error} (at line {line}, column {column})").format(
                name=name, error=tomli_sentence(exc.msg), line=exc.lineno, column=exc.colno
            ),
            line=exc.lineno,
        ) from None
    except RecursionError:
        raise InputError(_("{name}: not valid TOML: nested too deeply").format(name=name)) from None
    except ValueError as exc:
        # Python refuses to convert integers of more than 4300 digits (CVE-2020-10735)
        if "digits" in str(exc):
            raise InputError(
                _("{name}: not valid TOML: a number has too many digits").format(name=name)
            ) from None
        raise InputError(
            _("{name}: not valid TOML: {error}").format(name=name, error=exc)
        ) from None


# tomli's sentences (tomli/_parser.py), said through the catalog; fields are named groups.
_TOMLI: list[tuple[str, str]] = [
    (r"Cannot overwrite a value", N_("a value is given twice")),
    (r"Cannot declare (?P<key>.+) twice", N_("{key} is declared twice")),
    (r"Cannot mutate immutable namespace (?P<key>.+)", N_("{key} cannot be changed here")),
    (r"Cannot redefine namespace (?P<key>.+)", N_("{key} is defined twice")),
    (r"Duplicate inline table key (?P<key>.+)", N_("the key {key} is given twice")),
    (r"Escaped character is not a Unicode scalar value", N_("an escaped character is invalid")),
    (r"Expected '=' after a key in a key/value pair", N_("'=' is missing after a key")),
    (r"Expected ']' at the end of a table declaration", N_("']' is missing after a table name")),
    (r"Expected ']]' at the end of an array declaration", N_("']]' is missing after a name")),
    (
        r"Expected newline or end of document after a statement",
        N_("a line goes on after its value"),
    ),
    (r"Expected (?P<what>.+)", N_("expected {what}")),
    (r"Found invalid character (?P<char>.+)", N_("the character {char} is not allowed here")),
    (r"Illegal character (?P<char>.+)", N_("the character {char} is not allowed here")),
    (r"Invalid date or datetime", N_("the date or time is invalid")),
    (r"Invalid hex value", N_("an escaped character is invalid")),
    (r"Invalid initial character for a key part", N_("a key starts with a character not allowed")),
    (r"Invalid statement", N_("this line is not a key = value, a [table] or a comment")),
    (r"Invalid value", N_("the value is not a TOML value (a text needs quotes)")),
    (r"Unclosed array", N_("an array ([…]) is not closed")),
    (r"Unclosed inline table", N_("an inline table ({{…}}) is not closed")),
    (r"Unescaped '\\' in a string", N_("a backslash in a text must be written \\\\")),
    (r"Unterminated string", N_("a text is not closed with its quote")),
    (r"There is no nest behind this key", N_("a value is given twice")),
    (r"An object other than list found behind this key", N_("a value is given twice")),
]


def tomli_sentence(message: str) -> str:
    """One of tomli's sentences in the user's language (an unknown one as it is)."""
    for pattern, said in _TOMLI:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return _(said).format(**found.groupdict())
    return message


def parse_toml(data: bytes, name: str) -> dict[str, Any]:
    """Decode and parse TOML bytes; every failure becomes an InputError naming the file."""
    return loads_toml(decode_text(data, name), name)


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(read_bytes(path), str(path))


def has_comments(text: str) -> bool:
    """Whether valid TOML text holds a comment (a # outside every string)."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            return True
        if char in "\"'":
            triple = text.startswith(char * 3, i)
            delimiter = char * 3 if triple else char
            i += len(delimiter)
            while i < n and not text.startswith(delimiter, i):
                if char == '"' and text[i] == "\\":
                    i += 1  # an escape: the next character cannot close the string
                elif not triple and text[i] == "\n":
                    break
                i += 1
            i += len(delimiter)
            if triple:
                while i < n and text[i] == char:  # """a"""" ends in a quote of its content
                    i += 1
            continue
        i += 1
    return False
