"""What tests of the Python API read from an assessment file, and the hand edits they make
to it: the status of each item by number, the problems `validate` finds, a history line's
place in the text."""

from __future__ import annotations

import re
from pathlib import Path

from ipcheck import api
from ipcheck.model.problems import FileReport, Problem
from ipcheck.rules.scope import state_of


def statuses(path: Path) -> dict[str, str]:
    """Item number → status code of every item the assessee answers, as the file has it."""
    opened = api.open_assessment(path)
    assessment = opened.loaded.assessment
    return {s.number: state_of(assessment, s).status.value for s in opened.scope}


def validated(path: Path) -> FileReport:
    """What `ipcheck validate PATH` reports of the one file."""
    (report,) = api.validate([path])
    return report


def with_errors(path: Path) -> FileReport:
    """validate's report of a file it must fail (`ipcheck validate` exits 1)."""
    report = validated(path)
    assert report.errors and not report.unreadable, report
    return report


def messages(report: FileReport) -> str:
    """The problems as `ipcheck validate` says them, without severity and line: "key:
    message", a line each."""
    return "\n".join(f"{p.key}: {p.message}" for p in report.problems)


def problem_at(report: FileReport, key: str) -> Problem:
    """The one problem at a key (items.online-copyright.status), with the line it is on."""
    (found,) = [p for p in report.problems if p.key == key]
    assert found.line is not None, found
    return found


def edit(path: Path, pattern: str, new: str, *, count: int = 1) -> None:
    """Change the file's text by hand, as a regular expression says."""
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, new, text, count=count, flags=re.MULTILINE)
    assert n == count, pattern
    path.write_text(changed, encoding="utf-8")


def history_block(path: Path, index: int) -> tuple[int, int]:
    """Start and end offsets of the index-th [[history]] table of the file."""
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^\[\[history\]\]\n", text, re.MULTILINE)]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return starts[index], end


def delete_all_items_but_the_first(path: Path) -> None:
    """Delete by hand every [items.…] table of the file but the first."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n[items.")
    kept, _, _ = rest.partition("\n[items.")
    history = text[text.index("\n[[history]]") :]
    path.write_text(head + "\n[items." + kept.rstrip("\n") + "\n" + history, encoding="utf-8")
