"""`validate` results for people (text), machines (json), GitHub Actions and JUnit."""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from xml.etree import ElementTree as ET

import msgspec

from ipcheck.model.problems import FileReport, Problem, Severity
from ipcheck.model.views.files import FileResult, ProblemView, ValidateSummary
from ipcheck.render.plain import pad
from ipcheck.text.i18n import N_, _, ngettext
from ipcheck.text.safety import printable

# The severities as people read them (JSON, GitHub and JUnit keep the codes).
SEVERITY = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


def _where(problem: Problem) -> str:
    return f" [line {problem.line}]" if problem.line is not None else ""


def filled_by_position(template: str, names: tuple[str, ...]) -> Callable[[tuple[Any, ...]], str]:
    """A `{name}` template as a function of its values given in `names` order: filled with
    `%` when the fields come in that order (a third of str.format's cost with names: a
    second run prints a repository's tens of thousands of warnings again)."""
    pieces = list(string.Formatter().parse(template))
    fields = tuple(field for _, field, _, _ in pieces if field is not None)
    if fields == names and not any(spec or conversion for _, _, spec, conversion in pieces):
        percent = "".join(
            literal.replace("%", "%%") + ("" if field is None else "%s")
            for literal, field, _, _ in pieces
        )
        return percent.__mod__
    return lambda values: template.format(**dict(zip(names, values, strict=True)))


def text_format() -> Callable[[FileReport], str]:
    """Problems grouped by file, for people: the labels looked up once for the run."""
    body = text_body()

    def one(report: FileReport) -> str:
        if not report.problems:
            return ""
        return f"{printable(str(report.path))}\n{body(report.problems)}"

    return one


def text_body() -> Callable[[Sequence[Problem]], str]:
    """A file's problems as the text output shows them under its path line (what the
    results cache keeps of them: the same, whatever the file is named)."""
    severity = {level: f"  {pad(_(label), 7)} " for level, label in SEVERITY.items()}
    plain = filled_by_position(_("{key}: {message}"), ("key", "message"))
    placed = filled_by_position(_("{key}: {message} [line {line}]"), ("key", "message", "line"))

    def body(problems: Sequence[Problem]) -> str:
        lines = []
        for p in problems:
            key, message = printable(p.key), printable(p.message)
            text = plain((key, message)) if p.line is None else placed((key, message, p.line))
            lines.append(severity[p.severity] + text)
        lines.append("")
        return "\n".join(lines)

    return body


def format_text(reports: Iterable[FileReport]) -> str:
    """Problems grouped by file, for people."""
    one = text_format()
    return "".join(one(report) for report in reports)


def summary_line(totals: ValidateSummary) -> str:
    counts = {
        "files": ngettext("{count} file", "{count} files", totals.files).format(count=totals.files),
        "failed": totals.files_with_errors,
        "errors": ngettext("{count} error", "{count} errors", totals.errors).format(
            count=totals.errors
        ),
        "warnings": ngettext("{count} warning", "{count} warnings", totals.warnings).format(
            count=totals.warnings
        ),
    }
    if totals.strict:
        text = _(
            "{files} checked: {failed} with errors ({errors}, {warnings}, warnings count as errors)"
        ).format(**counts)
    else:
        text = _("{files} checked: {failed} with errors ({errors}, {warnings})").format(**counts)
    if totals.skipped:
        skipped = ngettext(
            "{count} other TOML file skipped", "{count} other TOML files skipped", totals.skipped
        ).format(count=totals.skipped)
        text = _("{checked}; {skipped}").format(checked=text, skipped=skipped)
    return text


def file_view(report: FileReport, strict: bool) -> FileResult:
    return FileResult(
        path=report.path.as_posix(),
        kind=report.kind,
        ok=not report.failed(strict),
        problems=[
            ProblemView(severity=p.severity.value, key=p.key, message=p.message, line=p.line)
            for p in report.problems
        ],
    )


def json_chunks(
    files: Iterable[FileResult], summary: Callable[[], ValidateSummary]
) -> Iterator[str]:
    """The JSON document (model/views/files.py: Validation), one file entry at a time;
    the summary is asked for when every file has passed."""
    yield '{\n  "files": ['
    first = True
    for entry in files:
        text = json.dumps(msgspec.to_builtins(entry), ensure_ascii=False)
        yield ("\n    " if first else ",\n    ") + text
        first = False
    yield f'\n  ],\n  "summary": {json.dumps(msgspec.to_builtins(summary()))}\n}}\n'


def _escape_data(text: str) -> str:
    # GitHub decodes %25 %0D %0A; every other control character is shown escaped
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(reports: Sequence[FileReport], strict: bool = False) -> str:
    """GitHub Actions workflow commands: ::error file=…,line=…,title=…::message"""
    lines = []
    for report in reports:
        for p in report.problems:
            level = "error" if p.severity is Severity.ERROR or strict else "warning"
            props = [f"file={_escape_property(report.path.as_posix())}"]
            if p.line is not None:
                props.append(f"line={p.line}")
            props.append(f"title={_escape_property('ipcheck ' + p.key)}")
            lines.append(f"::{level} {','.join(props)}::{_escape_data(f'{p.key}: {p.message}')}")
    return "".join(line + "\n" for line in lines)


def format_junit(reports: Sequence[FileReport], strict: bool = False) -> str:
    """JUnit XML: one test case per file; problems as its failure (or error if unreadable)."""
    suite = ET.Element(
        "testsuite",
        name="ipcheck validate",
        tests=str(len(reports)),
        failures=str(sum(1 for r in reports if r.failed(strict) and not _unreadable(r))),
        errors=str(sum(1 for r in reports if _unreadable(r))),
        skipped="0",
    )
    for report in reports:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"ipcheck.{report.kind or 'file'}",
            name=printable(report.path.as_posix()),
        )
        if not report.problems:
            continue
        body = "\n".join(
            f"{p.severity.value} {printable(p.key)}: {printable(p.message)}{_where(p)}"
            for p in report.problems
        )
        if _unreadable(report):
            ET.SubElement(case, "error", message=printable(report.problems[0].message)).text = body
        elif report.failed(strict):
            first = next(p for p in report.problems if p.severity is Severity.ERROR or strict)
            message = printable(f"{first.key}: {first.message}")
            ET.SubElement(case, "failure", message=message).text = body
        else:
            ET.SubElement(case, "system-out").text = body
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )


def _unreadable(report: FileReport) -> bool:
    return any(p.unreadable for p in report.problems)
