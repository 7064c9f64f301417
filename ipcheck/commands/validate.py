"""`validate`: check the checklist and assessment files found under paths.

Each file is loaded once (store/loader.py) and checked with the rules of its
kind; an assessment also with the checklist it pins. Files are checked on
every core by the batch runner; the one cross-file check (one id and version,
one content) is made in file order as results come back, so the result is the
same on one core as on many. Assessment results are cached by content
(store/cache.py): a second run over unchanged files reads and hashes every
byte, and checks again only what changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ipcheck.api.validation import checked, iter_reports
from ipcheck.errors import ExitCode
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.problems import FileReport
from ipcheck.model.views.files import FileResult, ValidateSummary
from ipcheck.store import batch

Dirs = Sequence[tuple[Path, bool]]


class Totals(batch.BatchReport):
    """validate's counts, kept while reports stream past, and its exit code."""

    def __init__(self, strict: bool = False) -> None:
        super().__init__()
        self.strict = strict
        self.files = self.failed = self.errors = self.warnings = self.skipped = 0

    def view(self) -> ValidateSummary:
        return ValidateSummary(
            files=self.files,
            files_with_errors=self.failed,
            errors=self.errors,
            warnings=self.warnings,
            skipped=self.skipped,
            strict=self.strict,
        )

    def add_report(self, report: FileReport | None) -> None:
        if report is None:
            self.skipped += 1
            return
        errors = report.errors  # counted once: a repository's reports carry many problems
        self.add_counts(errors, len(report.problems) - errors, report.unreadable)

    def add_counts(self, errors: int, warnings: int, unreadable: bool) -> None:
        self.files += 1
        failed = bool(errors or (self.strict and warnings))
        self.failed += failed
        self.errors += errors
        self.warnings += warnings
        if unreadable:
            self.add(ExitCode.USAGE)
        else:
            self.add(ExitCode.PROBLEMS if failed else ExitCode.OK)


def validate(
    paths: Sequence[Path],
    dirs: Dirs,
    *,
    fmt: str,
    strict: bool,
    jobs: int,
    skip_other: bool,
    cache: bool,
) -> Events:
    """Check every file under paths; reports stream out as files are checked."""
    from ipcheck.render.validate import (
        file_view,
        format_github,
        format_junit,
        json_chunks,
        summary_line,
        text_format,
    )

    totals = Totals(strict)
    if fmt == "text":
        one_text = text_format()
        # printed as they come, shown where they were checked: memory stays flat
        for one in checked(paths, dirs, jobs, skip_other, cache, render=True):
            shown = one.shown
            if shown is not None:
                totals.add_counts(shown.errors, shown.warnings, shown.unreadable)
                text = shown.text
            else:
                totals.add_report(one.report)
                text = one_text(one.report) if one.report is not None else ""
            if text:
                yield Out(text)
        yield Say(summary_line(totals.view()))
        return totals.exit_code
    reports = iter_reports(paths, dirs, jobs=jobs, skip_other=skip_other, cache=cache)
    if fmt == "json":

        def counted() -> Iterator[FileResult]:
            for report in reports:
                totals.add_report(report)
                if report is not None:
                    yield file_view(report, strict)

        for chunk in json_chunks(counted(), totals.view):
            yield Out(chunk)
    elif fmt == "junit":
        collected = []  # the suite's counts come first in JUnit XML: keep the reports
        for report in reports:
            totals.add_report(report)
            if report is not None:
                collected.append(report)
        yield Out(format_junit(collected, strict))
    else:
        for report in reports:  # printed as they come: memory stays flat
            totals.add_report(report)
            if report is not None and report.problems:
                yield Out(format_github([report], strict))
        yield Say(summary_line(totals.view()))
    return totals.exit_code
