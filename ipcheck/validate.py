"""`validate`: check checklist and assessment files found under paths."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.assessment import assessment_from_data, check_assessment
from ipcheck.catalog import CatalogEntry, list_entries, load_entry
from ipcheck.checklist import LoadedChecklist, checklist_from_data
from ipcheck.digest import content_digest
from ipcheck.errors import ExitCode, IpcheckError
from ipcheck.problems import Problem, Severity
from ipcheck.textio import parse_toml, read_bytes

KINDS = ("checklist", "assessment")
# Folders never worth descending into when a whole repository is validated.
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
)


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


class Identity(NamedTuple):
    path: Path
    digest: str


def iter_toml_files(folder: Path) -> Iterator[Path]:
    """*.toml below a folder, sorted, skipping VCS and virtualenv folders."""
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.is_symlink():
            if child.name not in SKIP_DIRS:
                yield from iter_toml_files(child)
        elif child.suffix == ".toml" and child.is_file():
            yield child


def collect(paths: Sequence[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly?) for each path; a missing path is yielded as named."""
    for path in paths:
        if path.is_dir():
            for file in iter_toml_files(path):
                yield file, False
        else:
            yield path, True


def _kind_of(raw: dict[str, Any]) -> str | None:
    kind = raw.get("kind")
    return kind if isinstance(kind, str) and kind in KINDS else None


class Context(NamedTuple):
    """What validating one file may consult: other files seen, the catalog, loaded checklists."""

    seen: dict[tuple[str, str], Identity]
    catalog: dict[tuple[str, str], CatalogEntry]
    checklists: dict[tuple[str, str], LoadedChecklist | str]


def validate_file(path: Path, explicit: bool, context: Context) -> FileReport | None:
    """Check one file; None for a TOML file in a folder that is not an ipcheck file."""
    try:
        raw = parse_toml(read_bytes(path), str(path))
    except IpcheckError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        return FileReport(path, None, [Problem(Severity.ERROR, "(file)", message, unreadable=True)])
    kind = _kind_of(raw)
    if kind is None:
        if not explicit:
            return None
        found = raw.get("kind")
        detail = f"kind = {found!r} is unknown" if found is not None else "it has no kind key"
        expected = " or ".join(f'"{k}"' for k in KINDS)
        return FileReport(
            path,
            None,
            [Problem.error("kind", f"not an ipcheck file: {detail} (expected {expected})")],
        )
    if kind == "assessment":
        return FileReport(path, kind, _check_assessment_file(raw, context))
    checklist, problems = checklist_from_data(raw)
    if checklist is not None:
        problems += _check_identity(path, checklist.id, checklist.version, raw, context)
    return FileReport(path, kind, problems)


def _check_assessment_file(raw: dict[str, Any], context: Context) -> list[Problem]:
    assessment, problems = assessment_from_data(raw)
    if assessment is None:
        return problems
    pin = assessment.checklist
    checklist = _pinned_checklist(pin.id, pin.version, context)
    if isinstance(checklist, str):
        return [*problems, Problem.error("checklist", checklist)]
    return problems + check_assessment(assessment, checklist)


def _pinned_checklist(ident: str, version: str, context: Context) -> LoadedChecklist | str:
    """The checklist an assessment pins (loaded once per run), or why it cannot be had."""
    key = (ident, version)
    if key not in context.checklists:
        entry = context.catalog.get(key)
        if entry is None:
            context.checklists[key] = (
                f"checklist {ident}@{version} is not available; "
                "add its folder with --checklist-dir or IPCHECK_CHECKLIST_DIR"
            )
        else:
            try:
                context.checklists[key] = load_entry(entry)
            except IpcheckError as exc:
                context.checklists[key] = f"checklist {ident}@{version} is broken: {exc}"
    return context.checklists[key]


def _check_identity(
    path: Path,
    ident: str,
    version: str,
    raw: dict[str, Any],
    context: Context,
) -> list[Problem]:
    """Two files claiming one id and version must hold the same content."""
    seen, catalog = context.seen, context.catalog
    digest = content_digest(raw)
    key = (ident, version)
    first = seen.setdefault(key, Identity(path, digest))
    if first.digest != digest:
        return [
            Problem.error(
                "version",
                f"{ident}@{version} is also claimed by {first.path} with different content; "
                "a released version never changes, give this one a new version",
            )
        ]
    entry = catalog.get(key)
    if entry is not None and entry.path.resolve() != path.resolve():
        try:
            other = content_digest(parse_toml(read_bytes(entry.path), str(entry.path)))
        except IpcheckError:
            return []
        if other != digest:
            where = "the shipped" if entry.shipped else "the catalog's"
            return [
                Problem.error(
                    "version",
                    f"{ident}@{version} differs from {where} {entry.path}; "
                    "a released version never changes, give this one a new version",
                )
            ]
    return []


def validate_paths(
    paths: Sequence[Path], dirs: Iterable[tuple[Path, bool]]
) -> tuple[list[FileReport], int]:
    """Reports for every ipcheck file under paths, and how many TOML files were skipped."""
    context = Context({}, {(e.id, e.version): e for e in list_entries(dirs)}, {})
    reports: list[FileReport] = []
    skipped = 0
    for path, explicit in collect(paths):
        report = validate_file(path, explicit, context)
        if report is None:
            skipped += 1
        else:
            reports.append(report)
    return reports, skipped


def exit_code(reports: Iterable[FileReport]) -> ExitCode:
    code = ExitCode.OK
    for report in reports:
        if any(p.unreadable for p in report.problems):
            return ExitCode.USAGE
        if report.errors:
            code = ExitCode.PROBLEMS
    return code


def format_text(reports: Sequence[FileReport]) -> str:
    """Problems grouped by file, for people."""
    lines: list[str] = []
    for report in reports:
        if not report.problems:
            continue
        lines.append(str(report.path))
        for problem in report.problems:
            lines.append(f"  {problem.severity.value:<7} {problem.key}: {problem.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(reports: Sequence[FileReport], skipped: int) -> str:
    bad = sum(1 for r in reports if r.errors)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    text = (
        f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: "
        f"{bad} with errors ({errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''})"
    )
    if skipped:
        text += f"; {skipped} other TOML file{'s' if skipped != 1 else ''} skipped"
    return text


def to_json(reports: Sequence[FileReport], skipped: int) -> dict[str, Any]:
    return {
        "files": [
            {
                "path": r.path.as_posix(),
                "kind": r.kind,
                "ok": r.errors == 0,
                "problems": [
                    {"severity": p.severity.value, "key": p.key, "message": p.message}
                    for p in r.problems
                ],
            }
            for r in reports
        ],
        "summary": {
            "files": len(reports),
            "files_with_errors": sum(1 for r in reports if r.errors),
            "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
            "skipped": skipped,
        },
    }
