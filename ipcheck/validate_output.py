"""`validate` results for people (text), machines (json), GitHub Actions and JUnit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from ipcheck.problems import Problem, Severity
from ipcheck.validate import FileReport


def _where(problem: Problem) -> str:
    return f" [line {problem.line}]" if problem.line is not None else ""


def format_text(reports: Sequence[FileReport]) -> str:
    """Problems grouped by file, for people."""
    lines: list[str] = []
    for report in reports:
        if not report.problems:
            continue
        lines.append(str(report.path))
        for p in report.problems:
            lines.append(f"  {p.severity.value:<7} {p.key}: {p.message}{_where(p)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(reports: Sequence[FileReport], skipped: int, strict: bool = False) -> str:
    failed = sum(1 for r in reports if r.failed(strict))
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    text = (
        f"{_plural(len(reports), 'file')} checked: {failed} with errors "
        f"({_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        f"{', warnings count as errors' if strict else ''})"
    )
    if skipped:
        text += f"; {skipped} other TOML file{'s' if skipped != 1 else ''} skipped"
    return text


def to_json(reports: Sequence[FileReport], skipped: int, strict: bool = False) -> dict[str, Any]:
    return {
        "files": [
            {
                "path": r.path.as_posix(),
                "kind": r.kind,
                "ok": not r.failed(strict),
                "problems": [
                    {
                        "severity": p.severity.value,
                        "key": p.key,
                        "message": p.message,
                        "line": p.line,
                    }
                    for p in r.problems
                ],
            }
            for r in reports
        ],
        "summary": {
            "files": len(reports),
            "files_with_errors": sum(1 for r in reports if r.failed(strict)),
            "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
            "skipped": skipped,
            "strict": strict,
        },
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
            name=report.path.as_posix(),
        )
        if not report.problems:
            continue
        body = "\n".join(
            f"{p.severity.value} {p.key}: {p.message}{_where(p)}" for p in report.problems
        )
        if _unreadable(report):
            ET.SubElement(case, "error", message=report.problems[0].message).text = body
        elif report.failed(strict):
            first = next(p for p in report.problems if p.severity is Severity.ERROR or strict)
            ET.SubElement(case, "failure", message=f"{first.key}: {first.message}").text = body
        else:
            ET.SubElement(case, "system-out").text = body
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )


def _unreadable(report: FileReport) -> bool:
    return any(p.unreadable for p in report.problems)
