"""The one loader: bytes → text → TOML → kind → typed record, with its problems and lines.

Every command reads checklist and assessment files through here, so the same
file gets the same answer everywhere: the encoding rules (store/toml.py), the
file's kind, its schema_version, the conversion to the format's types (unknown
keys and wrong types refused), and for a checklist the rules it carries on its
own. An assessment's rules need its checklist: commands add them with
rules.assessment.check_assessment.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from ipcheck.errors import InputError, SchemaError, without_path
from ipcheck.model.assessment import ASSESSMENT_SCHEMA_VERSION, Assessment
from ipcheck.model.checklist import CHECKLIST_SCHEMA_VERSION, ID_PATTERN, Checklist
from ipcheck.model.loaded import LoadedAssessment, LoadedChecklist
from ipcheck.model.problems import Problem, Severity
from ipcheck.rules.checklist import check_checklist
from ipcheck.rules.status import STATUS_WORDS
from ipcheck.store.files import read_bytes
from ipcheck.store.lines import find_lines
from ipcheck.store.toml import decode_text, loads_toml
from ipcheck.text.i18n import N_, _
from ipcheck.text.lazy import lazy
from ipcheck.text.versions import SEMVER_PATTERN

KINDS = ("checklist", "assessment")
Record = Checklist | Assessment

_PATTERN_NAMES = {
    SEMVER_PATTERN: N_("a semantic version such as 1.0.0"),
    ID_PATTERN: N_("an id of lower-case letters, digits and hyphens (e.g. market-regulation)"),
}
_KIND_FILE = {
    "checklist": N_("{name}: not a checklist file"),
    "assessment": N_("{name}: not an assessment file"),
}
_KINDS_SAID = {"checklist": N_("checklists"), "assessment": N_("assessments")}
_MSGSPEC_AT = lazy(
    r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`| - at `key` in `(?P<in_key>[^`]*)`)?$",
    re.DOTALL,
)


class Loaded(NamedTuple):
    """What a file turned out to be. `record` is None when it cannot be used; the
    problems then say why (with lines), the first of them enough for a one-line error."""

    name: str
    text: str  # "" when the bytes could not be decoded
    kind: str | None  # "checklist", "assessment", or None (not an ipcheck file, or unreadable)
    record: Record | None
    problems: list[Problem]
    declared: object = None  # the file's own `kind = …`, whatever it says

    @property
    def unreadable(self) -> bool:
        return any(p.unreadable for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def first_error(self) -> str:
        """`name: key: message` of the first error, for a one-line refusal."""
        first = self.errors[0]
        if first.unreadable:
            return f"{self.name}: {first.message}"
        return f"{self.name}: {first.key}: {first.message}"


def describe_conversion_error(exc: msgspec.ValidationError) -> Problem:
    """Turn msgspec's "Expected `int`, got `str` - at `$.a[0].b`" into a Problem, said in
    the format's words and the user's language."""
    match = _MSGSPEC_AT().match(str(exc))
    assert match is not None  # the pattern matches any string
    message = match["message"]
    key = (match["path"] or "").lstrip(".") or _("(top level)")
    if match["in_key"]:
        # TRANSLATORS: where a problem is: the name of a key of the table {table}
        key = _("a key of {table}").format(table=match["in_key"].lstrip("$."))
    if key.endswith(".status") and message.startswith("Invalid enum value"):
        word = message.removeprefix("Invalid enum value ").strip()
        return Problem.error(
            key,
            _("unknown status {word}; use one of {words}").format(word=word, words=STATUS_WORDS),
        )
    return Problem.error(key, msgspec_sentence(message))


def _named_entry(problem: Problem, raw: dict[str, Any], target: type[Record]) -> Problem:
    """msgspec says `items[...].status` for an entry of a table of tables: name the entry
    (`items.punitive-damages.status`), so the problem shows its item and its line."""
    table, dots, rest = problem.key.partition("[...]")
    entries = raw.get(table)
    if not dots or not isinstance(entries, dict):
        return problem
    declared = next(
        (f.type for f in msgspec.structs.fields(target) if f.encode_name == table), None
    )
    if typing.get_origin(declared) is typing.Annotated:
        declared = typing.get_args(declared)[0]
    if typing.get_origin(declared) is not dict:
        return problem
    value_type = typing.get_args(declared)[1]
    for name, entry in entries.items():
        try:
            msgspec.convert(entry, value_type, strict=True)
        except msgspec.ValidationError:
            return problem._replace(key=f"{table}.{name}{rest}")
    return problem


# msgspec's sentences, said through the catalog; fields are named groups; `types` are
# msgspec's names of types.
_MSGSPEC: list[tuple[str, str]] = [
    (
        r"Expected `(?P<expected>\w+(?: \| \w+)*)`, got `(?P<got>\w+)`",
        N_("expected {expected}, found {got}"),
    ),
    (
        r"Expected `(?P<expected>\w+)` of length (?P<op>[<>]=?) (?P<limit>\d+)",
        N_("expected {expected} of length {op} {limit}"),
    ),
    (
        r"Expected `(?P<expected>\w+)` (?P<op>[<>]=?) (?P<limit>\S+)",
        N_("expected {expected} {op} {limit}"),
    ),
    (
        r"Expected `float` that's a multiple of 0\.5",
        N_("expected points in half points (1, 1.5)"),
    ),
    (r"Expected `str` matching regex (?P<regex>.+)", N_("expected text matching {regex}")),
    (r"Object contains unknown field (?P<name>.+)", N_("unknown key {name}")),
    (r"Object missing required field (?P<name>.+)", N_("missing required key {name}")),
    (r"Invalid enum value (?P<value>.+)", N_("{value} is not one of the allowed values")),
    (r"Invalid RFC3339 encoded (?P<expected>\w+)", N_("invalid {expected}")),
]
_TYPES = {
    "str": N_("text"),
    "int": N_("a whole number"),
    "int | float": N_("a number of points (1, 1.5)"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "object": N_("a table"),
    "array": N_("an array"),
    "datetime": N_("date and time"),
    "date": N_("date"),
    "time": N_("time"),
    "null": N_("nothing"),
}


def msgspec_sentence(message: str) -> str:
    """One of msgspec's sentences in the user's language (an unknown one as it is)."""
    for pattern, name in _PATTERN_NAMES.items():
        if message == f"Expected `str` matching regex {pattern!r}":
            return _("Expected {what}").format(what=_(name))
    for pattern, said in _MSGSPEC:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            fields = found.groupdict()
            if fields.get("limit", "").endswith(".0"):  # 100.0 → 100
                fields["limit"] = fields["limit"][:-2]
            for name in ("expected", "got"):
                if name in fields:
                    fields[name] = (
                        _(_TYPES[fields[name]]) if fields[name] in _TYPES else fields[name]
                    )
            return _(said).format(**fields)
    return message


def schema_version_problem(raw: dict[str, Any], supported: int, what: str) -> Problem | None:
    """A file of a schema_version this ipcheck does not read (never migrated silently)."""
    found = raw.get("schema_version")
    if found == supported:
        return None
    if found is None:
        message = _(
            "schema_version is missing; this ipcheck reads {what} of schema_version = {supported}"
        )
    else:
        message = _(
            "schema_version {found!r} is unknown; "
            "this ipcheck reads {what} of schema_version = {supported}"
        )
    return Problem.error(
        "schema_version", message.format(found=found, what=what, supported=supported)
    )


def convert(raw: dict[str, Any], kind: str) -> tuple[Record | None, list[Problem]]:
    """Raw TOML data of a known kind → its record, or the problem that prevents it."""
    target: type[Record] = Checklist if kind == "checklist" else Assessment
    version = CHECKLIST_SCHEMA_VERSION if kind == "checklist" else ASSESSMENT_SCHEMA_VERSION
    wrong = schema_version_problem(raw, version, _(_KINDS_SAID[kind]))
    if wrong is not None:
        return None, [wrong]
    try:
        record = msgspec.convert(raw, target, strict=True)
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        return None, [_named_entry(problem, raw, target)]
    if isinstance(record, Checklist):
        return record, check_checklist(record)
    return record, []


def with_lines(problems: list[Problem], text: str) -> list[Problem]:
    """Problems with the line of their key (found in one pass over the text)."""
    missing = [p.key for p in problems if p.line is None and not p.unreadable]
    if not missing or not text:
        return problems
    lines = find_lines(text, missing)
    return [
        p if p.line is not None or p.unreadable else p._replace(line=lines[p.key]) for p in problems
    ]


def load_data(data: bytes, name: str) -> Loaded:
    """Everything that can be known of a file's content on its own; never raises for it."""
    text = ""
    try:
        text = decode_text(data, name)
        raw = loads_toml(text, name)
    except InputError as exc:
        message = without_path(str(exc), name)
        line = exc.line
        return Loaded(
            name, text, None, None, [Problem(Severity.ERROR, "(file)", message, True, line)]
        )
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        if kind is None:
            message = _(
                'not an ipcheck file: it has no kind key (expected "checklist" or "assessment")'
            )
        else:
            message = _(
                "not an ipcheck file: kind = {kind!r} is unknown "
                '(expected "checklist" or "assessment")'
            ).format(kind=kind)
        problem = Problem.error("kind", message)
        return Loaded(name, text, None, None, with_lines([problem], text), kind)
    record, problems = convert(raw, kind)
    return Loaded(name, text, kind, record, with_lines(problems, text), kind)


def load_file(path: Path | str) -> Loaded:
    """load_data of a file; a file that cannot be read is an unreadable problem."""
    try:
        data = read_bytes(path)
    except InputError as exc:
        message = without_path(str(exc), path)
        return Loaded(str(path), "", None, None, [Problem(Severity.ERROR, "(file)", message, True)])
    return load_data(data, str(path))


def require(loaded: Loaded, kind: str | None = None) -> Record:
    """The record, or the one-line error that stops a command."""
    if loaded.unreadable:
        raise InputError(loaded.first_error())
    if kind is not None and loaded.kind != kind:
        wanted = _(_KIND_FILE[kind]).format(name=loaded.name)
        if loaded.declared is None:
            raise SchemaError(_("{wanted} (it has no kind key)").format(wanted=wanted))
        raise SchemaError(
            _("{wanted} (kind = {declared!r})").format(wanted=wanted, declared=loaded.declared)
        )
    if loaded.kind is None:
        raise SchemaError(loaded.first_error())
    if loaded.record is None or loaded.errors:
        more = len(loaded.errors) - 1
        if more > 0:
            raise SchemaError(
                _("{error} (and {count} more; run ipcheck validate)").format(
                    error=loaded.first_error(), count=more
                )
            )
        raise SchemaError(loaded.first_error())
    return loaded.record


def load_checklist(path: Path) -> LoadedChecklist:
    """A checklist file that is usable: InputError if unreadable, SchemaError if not valid.

    A checklist that loaded once is kept, by its bytes, in the cache folder: the
    next command reads it back in a fraction of the time (ipcheck/kept.py); the digest
    (and its hash library) is worked out only when it is not. Within one process (the
    page's server, a summary of many files) the same bytes give the record already
    loaded: it is immutable."""
    data = read_bytes(path)
    found = _LOADED.pop(data, None)
    if found is None:
        found = _checklist_of(data, path)
        if len(_LOADED) >= _LOADED_MAX:
            del _LOADED[next(iter(_LOADED))]  # the one used longest ago
    _LOADED[data] = found  # the last used, last: what is in use is never the one let go
    return LoadedChecklist(found[0], found[1], path)


def _checklist_of(data: bytes, path: Path) -> tuple[Checklist, str]:
    from ipcheck.kept import keep, load_kept

    kept = load_kept("checklist", data, _KEPT_CHECKLIST)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    record = require(load_data(data, str(path)), "checklist")
    assert isinstance(record, Checklist)
    from ipcheck.store.digest import record_digest

    digest = record_digest(record)
    keep("checklist", data, (record, digest))
    return record, digest


_KEPT_CHECKLIST = tuple[Checklist, str]
# checklists this process loaded, by their bytes (a few versions at most are in use)
_LOADED: dict[bytes, tuple[Checklist, str]] = {}
_LOADED_MAX = 8


def load_assessment(path: Path, data: bytes | None = None) -> LoadedAssessment:
    """An assessment file that follows its format (its checklist's rules come later); from
    `data`, its bytes, where the caller read them already."""
    record = require(load_file(path) if data is None else load_data(data, str(path)), "assessment")
    assert isinstance(record, Assessment)
    return LoadedAssessment(record, path)
