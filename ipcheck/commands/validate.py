"""`validate`: check checklist and assessment files found under paths.

Thousands of files are checked on every core: each worker parses and checks
whole files (loading each pinned checklist once), and the parent then makes
the one cross-file check (one id and version, one content) in file order, so
the result is identical to a run on a single core.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.errors import ExitCode, IpcheckError
from ipcheck.model.checklist import Checklist
from ipcheck.model.problems import Problem, Severity
from ipcheck.rules.assessment import assessment_from_data, check_assessment
from ipcheck.rules.checklist import (
    LoadedChecklist,
    check_against_previous,
    checklist_from_data,
    load_checklist,
)
from ipcheck.store.catalog import CatalogEntry, PinnedChecklists
from ipcheck.store.digest import record_digest
from ipcheck.store.discover import Found, collect
from ipcheck.store.files import read_bytes
from ipcheck.store.toml import decode_text, loads_toml

KINDS = ("checklist", "assessment")
# Below this many files a pool costs more than it saves.
PARALLEL_MIN_FILES = 64

Dirs = Sequence[tuple[Path, bool]]


class FileReport(NamedTuple):
    path: Path
    kind: str | None
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    def failed(self, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))


class Checked(NamedTuple):
    """One file's report, and for a checklist its (id, version, content digest)."""

    report: FileReport | None
    identity: tuple[str, str, str] | None = None


class Context:
    """What checking a file may consult: the catalog and the checklists loaded so far."""

    def __init__(self, dirs: Dirs) -> None:
        self.checklists = PinnedChecklists(dirs)
        self.catalog = self.checklists.entries
        self.catalog_digests: dict[Path, str | None] = {}

    def pinned(self, ident: str, version: str) -> LoadedChecklist | str:
        return self.checklists.get(ident, version)

    def catalog_digest(self, entry: CatalogEntry) -> str | None:
        if entry.path not in self.catalog_digests:
            try:
                self.catalog_digests[entry.path] = load_checklist(entry.path).digest
            except IpcheckError:
                self.catalog_digests[entry.path] = None
        return self.catalog_digests[entry.path]


def check_file(found: Found, context: Context, skip_other: bool = False) -> Checked:
    """Check one file on its own (no cross-file check)."""
    path, explicit, refused = found
    if refused is not None:
        return Checked(FileReport(path, None, [Problem(Severity.ERROR, "(file)", refused, True)]))
    text = ""
    try:
        text = decode_text(read_bytes(path), str(path))
        raw = loads_toml(text, str(path))
    except IpcheckError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        line = _line_of_message(message)
        if line is None and "end of document" in message:
            line = text.count("\n") + 1
        return Checked(
            FileReport(path, None, [Problem(Severity.ERROR, "(file)", message, True, line)])
        )
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        if not explicit or skip_other:
            return Checked(None)
        detail = f"kind = {kind!r} is unknown" if kind is not None else "it has no kind key"
        expected = " or ".join(f'"{k}"' for k in KINDS)
        problem = Problem.error("kind", f"not an ipcheck file: {detail} (expected {expected})")
        return Checked(FileReport(path, None, _with_lines([problem], text)))
    identity = None
    if kind == "assessment":
        problems = _check_assessment_data(raw, context)
    else:
        checklist, problems = checklist_from_data(raw)
        if checklist is not None:
            digest = record_digest(checklist)
            problems += _previous_problems(path, checklist, context)
            identity = (checklist.id, checklist.version, digest)
            problems += _differs_from_catalog(
                path, checklist.id, checklist.version, digest, context
            )
    problems = _with_lines(problems, text)
    return Checked(FileReport(path, kind, problems), identity)


def _line_of_message(message: str) -> int | None:
    """tomllib says '(at line 3, column 7)'; decoding errors say 'line 3:'."""
    import re

    found = re.search(r"\bline (\d+)", message)
    return int(found.group(1)) if found else None


def _with_lines(problems: list[Problem], text: str) -> list[Problem]:
    if not problems:
        return problems
    from ipcheck.store.lines import find_lines

    lines = find_lines(text, [p.key for p in problems if p.line is None])
    return [p if p.line is not None else p._replace(line=lines[p.key]) for p in problems]


def _check_assessment_data(raw: dict[str, Any], context: Context) -> list[Problem]:
    assessment, problems = assessment_from_data(raw)
    if assessment is None:
        return problems
    pin = assessment.checklist
    checklist = context.pinned(pin.id, pin.version)
    if isinstance(checklist, str):
        return [*problems, Problem.error("checklist", checklist)]
    return problems + check_assessment(assessment, checklist)


def _previous_problems(path: Path, checklist: Checklist, context: Context) -> list[Problem]:
    """Check the mapping against the version it maps from: beside the file, or in the catalog."""
    if checklist.previous is None or not checklist.mapping:
        return []
    sibling = path.parent / f"{checklist.previous}.toml"
    previous: LoadedChecklist | str
    try:
        previous = load_checklist(sibling)
    except IpcheckError:
        previous = context.pinned(checklist.id, checklist.previous)
    if isinstance(previous, str) or previous.checklist.id != checklist.id:
        return []  # not available here: the mapping is checked on its own
    return check_against_previous(checklist, previous.checklist)


def _differs_from_catalog(
    path: Path, ident: str, version: str, digest: str, context: Context
) -> list[Problem]:
    entry = context.catalog.get((ident, version))
    if entry is None or entry.path.resolve() == path.resolve():
        return []
    other = context.catalog_digest(entry)
    if other is None or other == digest:
        return []
    where = "the shipped" if entry.shipped else "the catalog's"
    return [
        Problem.error(
            "version",
            f"{ident}@{version} differs from {where} {entry.path}; "
            "a released version never changes, give this one a new version",
        )
    ]


# One context per worker process, built on its first batch.
_WORKER_CONTEXT: Context | None = None


def _check_batch(batch: list[Found], dirs: Dirs, skip_other: bool) -> list[Checked]:
    global _WORKER_CONTEXT
    if _WORKER_CONTEXT is None:
        _WORKER_CONTEXT = Context(dirs)
    return [check_file(found, _WORKER_CONTEXT, skip_other) for found in batch]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def check_files(
    files: list[Found], dirs: Dirs, jobs: int, skip_other: bool = False
) -> Iterator[Checked]:
    """Check every file, in order, on `jobs` processes when there are enough files to pay."""
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        context = Context(dirs)
        for found in files:
            yield check_file(found, context, skip_other)
        return
    size = max(16, len(files) // (jobs * 8))
    batches = [files[i : i + size] for i in range(0, len(files), size)]
    # imported here: a pool costs 10 ms of start-up that small runs do not need
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in pool.map(_check_batch, batches, repeat(dirs), repeat(skip_other)):
            yield from batch


def iter_reports(
    paths: Sequence[Path], dirs: Dirs, jobs: int = 1, skip_other: bool = False
) -> Iterator[FileReport | None]:
    """A report per ipcheck file, in file order, as soon as it is ready; None per skipped file.

    Streaming keeps memory flat however many files a repository holds."""
    seen: dict[tuple[str, str], tuple[Path, str]] = {}
    for checked in check_files(list(collect(paths)), dirs, jobs, skip_other):
        report = checked.report
        if report is not None and checked.identity is not None:
            ident, version, digest = checked.identity
            first = seen.setdefault((ident, version), (report.path, digest))
            already = any(p.key == "version" for p in report.problems)
            if first[1] != digest and not already:
                problem = Problem.error(
                    "version",
                    f"{ident}@{version} is also claimed by {first[0]} with different content; "
                    "a released version never changes, give this one a new version",
                )
                text = decode_text(read_bytes(report.path), str(report.path))
                report = report._replace(problems=[*report.problems, *_with_lines([problem], text)])
        yield report


def validate_paths(
    paths: Sequence[Path], dirs: Dirs, jobs: int = 1, skip_other: bool = False
) -> tuple[list[FileReport], int]:
    """Reports for every ipcheck file under paths, and how many TOML files were skipped."""
    reports: list[FileReport] = []
    skipped = 0
    for report in iter_reports(paths, dirs, jobs, skip_other):
        if report is None:
            skipped += 1
        else:
            reports.append(report)
    return reports, skipped


class Totals:
    """Counts kept while reports stream past."""

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        self.files = self.failed = self.errors = self.warnings = self.skipped = 0
        self.unreadable = False

    def add(self, report: FileReport | None) -> None:
        if report is None:
            self.skipped += 1
            return
        self.files += 1
        self.failed += report.failed(self.strict)
        self.errors += report.errors
        self.warnings += report.warnings
        self.unreadable = self.unreadable or any(p.unreadable for p in report.problems)

    @property
    def exit_code(self) -> ExitCode:
        if self.unreadable:
            return ExitCode.USAGE
        return ExitCode.PROBLEMS if self.failed else ExitCode.OK
