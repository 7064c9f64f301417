"""Commands on checklists: checklists, show, validate, schema."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcheck.cli.app import (
    ChecklistDirs,
    Format,
    FormatOption,
    NoCache,
    SkipOther,
    check_output,
    command,
    print_json,
    say,
)
from ipcheck.errors import ExitCode
from ipcheck.text.safety import printable


@command("checklists")
def checklists_cmd(checklist_dir: ChecklistDirs = None, fmt: FormatOption = Format.TEXT) -> int:
    """List the checklists and versions available (shipped and your own)."""
    from ipcheck.store.catalog import checklist_dirs, load_all

    good, broken = load_all(checklist_dirs(checklist_dir or []))
    rows = [
        {
            "id": entry.id,
            "version": entry.version,
            "title": loaded.checklist.title,
            "source": loaded.checklist.source.doc_number,
            "measures": len(loaded.checklist.measures),
            "items": len(loaded.checklist.items()),
            "origin": "shipped" if entry.shipped else "local",
            "path": entry.path.as_posix(),
            "digest": loaded.digest,
        }
        for entry, loaded in good
    ]
    if fmt is Format.JSON:
        print_json(
            {
                "checklists": rows,
                "broken": [{"path": b.path.as_posix(), "message": b.message} for b in broken],
            }
        )
    else:
        from ipcheck.core.show import catalog_table
        from ipcheck.render.console import stdout_console

        stdout_console().print(catalog_table(rows))
    for b in broken:
        say(f"ipcheck: warning: skipped {b.message}\n")
    return ExitCode.PROBLEMS if broken else ExitCode.OK


@command("show")
def show_cmd(
    spec: Annotated[
        str, typer.Argument(metavar="CHECKLIST[@VERSION]", help="e.g. pingdingshan-2021-22")
    ],
    measure: Annotated[
        int | None, typer.Option("--measure", metavar="N", help="Only measure N (1–19).")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="UNIT",
            help="Only the measures of this unit (id or Chinese name), with its role.",
        ),
    ] = None,
    checklist_dir: ChecklistDirs = None,
    fmt: FormatOption = Format.TEXT,
) -> int:
    """Show a checklist: parts, measures with their units, and items."""
    from ipcheck.core.show import checklist_view
    from ipcheck.store.catalog import checklist_dirs, resolve

    loaded = resolve(spec, checklist_dirs(checklist_dir or []))
    view = checklist_view(loaded.checklist, measure=measure, unit=unit)
    if fmt is Format.JSON:
        print_json(view)
    else:
        from ipcheck.core.show import render_view
        from ipcheck.render.console import stdout_console

        stdout_console().print(render_view(view))
    return ExitCode.OK


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"


@command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Files and folders (searched for *.toml)."),
    ],
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            metavar="text|json|github|junit",
            help="For people, machines, GitHub Actions annotations, or JUnit XML.",
        ),
    ] = ValidateFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", metavar="N", min=1, help="Processes to use (default: all cores)."
        ),
    ] = None,
    skip_other: SkipOther = False,
    no_cache: NoCache = False,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Check checklist and assessment files: schema, references, points, versions, evidence paths.

    Exit codes: 0 clean; 1 problems found (with --strict, warnings too); 2 usage
    error or a file that cannot be read.
    """
    from ipcheck.commands.batch import default_jobs
    from ipcheck.commands.validate import Totals, iter_reports
    from ipcheck.render.validate import (
        format_github,
        format_junit,
        format_text,
        summary_line,
        write_json,
    )
    from ipcheck.store.catalog import checklist_dirs

    reports = iter_reports(
        paths,
        checklist_dirs(checklist_dir or []),
        jobs=jobs or default_jobs(),
        skip_other=skip_other,
        cache=not no_cache,
    )
    totals = Totals(strict)
    if fmt is ValidateFormat.JSON:
        write_json(reports, sys.stdout, totals)
    elif fmt is ValidateFormat.JUNIT:
        collected = []  # the suite's counts come first in JUnit XML: keep the reports
        for report in reports:
            totals.add_report(report)
            if report is not None:
                collected.append(report)
        sys.stdout.write(format_junit(collected, strict))
    else:
        for report in reports:  # printed as they come: memory stays flat
            totals.add_report(report)
            if report is not None and report.problems:
                if fmt is ValidateFormat.GITHUB:
                    sys.stdout.write(format_github([report], strict))
                else:
                    sys.stdout.write(format_text([report]))
        say(summary_line(totals) + "\n")
    return totals.exit_code


@command("schema")
def schema_cmd(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="Which format: checklist.")
    ] = "checklist",
) -> int:
    """Print the JSON Schema of a file format (for editors and other tools)."""
    from ipcheck.errors import NotFoundError
    from ipcheck.model.schema import SCHEMA_TYPES, schema_text

    if kind not in SCHEMA_TYPES:
        raise NotFoundError(f"no schema {kind!r}; known: {', '.join(SCHEMA_TYPES)}")
    sys.stdout.write(schema_text(kind))
    return ExitCode.OK


@command("fmt")
def fmt_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Files and folders.")],
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
    skip_other: SkipOther = False,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Rewrite checklist and assessment files in canonical form (stable key order, LF).

    Exit codes: 0 done (or, with --check, nothing to change); 1 with --check, a
    file would change; 2 a file cannot be read or is not valid.
    """
    from ipcheck.commands.fmt import format_paths
    from ipcheck.store.catalog import checklist_dirs

    results = list(format_paths(paths, check, checklist_dirs(checklist_dir or []), skip_other))
    for result in results:
        if result.error is not None:
            say(f"ipcheck: error: {result.path}: {result.error}\n")
        elif result.changed:
            line = f"{'would reformat' if check else 'reformatted'} {result.path}"
            sys.stdout.write(printable(line) + "\n")
    if any(r.error is not None for r in results):
        return ExitCode.USAGE
    if check and any(r.changed for r in results):
        return ExitCode.PROBLEMS
    return ExitCode.OK


@command("extract")
def extract_cmd(
    text_file: Annotated[
        Path, typer.Argument(metavar="TEXT_FILE", help="The policy text (UTF-8).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="OUT", help="Write the draft here instead of stdout."
        ),
    ] = None,
    checklist_id: Annotated[
        str, typer.Option("--id", metavar="ID", help="Id of the drafted checklist.")
    ] = "draft",
    version: Annotated[str, typer.Option("--version", metavar="SEMVER")] = "0.1.0",
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")] = False,
) -> int:
    """Draft a checklist from a policy text (parts, measures, units, one item per duty).

    What cannot be parsed is reported with its line. Exit codes: 0 a clean draft;
    1 a draft with reported problems; 2 unreadable input.
    """
    from ipcheck.core.extract import extract_checklist
    from ipcheck.store.files import read_bytes
    from ipcheck.store.toml import decode_text
    from ipcheck.store.writer import atomic_write, dump_toml

    check_output(output, force)
    text = decode_text(read_bytes(text_file), str(text_file))
    result = extract_checklist(text, checklist_id, version)
    toml = dump_toml(result.data)
    if output is None:
        sys.stdout.write(toml)
    else:
        atomic_write(output, toml)
    for issue in result.issues:
        say(f"ipcheck: {text_file}:{issue.line}: {issue.message}\n")
    for note in result.notes:
        say(f"ipcheck: note: {note}\n")
    measures = result.data["measures"]
    say(
        f"drafted {len(measures)} measures, {sum(len(m['items']) for m in measures)} items, "
        f"{len(result.data['units'])} units\n"
    )
    return ExitCode.PROBLEMS if result.issues else ExitCode.OK
