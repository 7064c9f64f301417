"""The command line of the commands on checklists and files: checklists, show, validate,
schema, fmt, extract."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcheck.cli.base import (
    ChecklistDirs,
    Format,
    FormatOption,
    Jobs,
    NoCache,
    SkipOther,
    command,
    dirs,
    jobs_or_all,
    terminal,
)
from ipcheck.errors import InputError
from ipcheck.model.events import Events
from ipcheck.text.i18n import N_, _
from ipcheck.text.input import measure_number


@command(
    "checklists", help=N_("List the checklists and versions available (shipped and your own).")
)
def checklists_cmd(checklist_dir: ChecklistDirs = None, fmt: FormatOption = Format.TEXT) -> Events:
    from ipcheck.commands.checklists import checklists

    return checklists(dirs(checklist_dir), as_json=fmt is Format.JSON)


@command("show", help=N_("Show a checklist: parts, measures with their units, and items."))
def show_cmd(
    spec: Annotated[
        str, typer.Argument(metavar=N_("CHECKLIST[@VERSION]"), help=N_("e.g. pingdingshan-2021-22"))
    ],
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure", metavar="N", help=N_("Only measure N: 14, 十四, （十四） or 第十四条.")
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar=N_("UNIT"),
            help=N_(
                "Only the measures of this unit (id or Chinese name), with its role, and the "
                "items of them it does not bear, with why."
            ),
        ),
    ] = None,
    county: Annotated[
        str | None,
        typer.Option(
            "--county",
            metavar=N_("COUNTY"),
            help=N_(
                "Only what this county bears (a name of the roster: 叶县), and the items it "
                "does not bear, with why."
            ),
        ),
    ] = None,
    units: Annotated[
        bool,
        typer.Option(
            "--units",
            help=N_(
                "List the units instead: names to give to --unit, and the measures each "
                "one leads or is responsible for (JSON always holds them)."
            ),
        ),
    ] = False,
    checklist_dir: ChecklistDirs = None,
    fmt: FormatOption = Format.TEXT,
) -> Events:
    from ipcheck.commands.checklists import show

    number = None
    if measure is not None:
        number = measure_number(measure)
        if number is None:
            raise InputError(
                _("--measure {measure}: name a measure by its number, e.g. 14 or 十四").format(
                    measure=measure
                )
            )
    if unit is not None and county is not None:
        raise InputError(_("give --unit or --county, not both"))
    return show(
        spec,
        dirs(checklist_dir),
        measure=number,
        unit=unit,
        county=county,
        as_json=fmt is Format.JSON,
        units=units,
        width=terminal().width,
    )


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"


@command(
    "validate",
    help=N_(
        "Check checklist and assessment files: schema, references, points, "
        "versions, evidence paths.\n\n"
        "Exit codes: 0 clean; 1 problems found (with --strict, warnings too); 2 "
        "usage error or a file that cannot be read."
    ),
)
def validate_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar=N_("PATH..."), help=N_("Files and folders (searched for *.toml).")),
    ],
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            metavar="text|json|github|junit",
            help=N_("For people, machines, GitHub Actions annotations, or JUnit XML."),
        ),
    ] = ValidateFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Warnings fail too."))] = False,
    jobs: Jobs = None,
    skip_other: SkipOther = False,
    no_cache: NoCache = False,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.validate import validate

    return validate(
        paths,
        dirs(checklist_dir),
        fmt=fmt.value,
        strict=strict,
        jobs=jobs_or_all(jobs),
        skip_other=skip_other,
        cache=not no_cache,
    )


@command(
    "schema",
    help=N_(
        "Print the JSON Schema of a file format or a JSON output (for editors and other tools)."
    ),
)
def schema_cmd(
    kind: Annotated[
        str,
        typer.Argument(
            metavar=N_("KIND"),
            help=N_(
                "A file format (checklist, assessment) or a JSON output (report, status, "
                "summary, diff, checklist-diff, show, checklists, verify, validate)."
            ),
        ),
    ] = "checklist",
) -> Events:
    from ipcheck.commands.checklists import schema

    return schema(kind)


@command(
    "fmt",
    help=N_(
        "Rewrite checklist and assessment files in canonical form (stable key "
        "order, LF).\n\n"
        "Exit codes: 0 done (or, with --check, nothing to change); 1 with "
        "--check, a file would change; 2 a file cannot be read or is not valid."
    ),
)
def fmt_cmd(
    paths: Annotated[
        list[Path], typer.Argument(metavar=N_("PATH..."), help=N_("Files and folders."))
    ],
    check: Annotated[
        bool, typer.Option("--check", help=N_("Change nothing; exit 1 if a file would change."))
    ] = False,
    skip_other: SkipOther = False,
    jobs: Jobs = None,
    checklist_dir: ChecklistDirs = None,
) -> Events:
    from ipcheck.commands.fmt import fmt

    return fmt(
        paths, dirs(checklist_dir), check=check, skip_other=skip_other, jobs=jobs_or_all(jobs)
    )


@command(
    "extract",
    help=N_(
        "Draft a checklist from a policy text (parts, measures, units; one item per "
        "numbered point or sentence, for a person to split by duty).\n\n"
        "What cannot be parsed is reported with its line. Exit codes: 0 a clean "
        "draft; 1 a draft with reported problems; 2 unreadable input."
    ),
)
def extract_cmd(
    text_file: Annotated[
        Path, typer.Argument(metavar=N_("TEXT_FILE"), help=N_("The policy text (UTF-8)."))
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar=N_("OUT"), help=N_("Write the draft here instead of stdout.")
        ),
    ] = None,
    checklist_id: Annotated[
        str, typer.Option("--id", metavar=N_("ID"), help=N_("Id of the drafted checklist."))
    ] = "draft",
    version: Annotated[str, typer.Option("--version", metavar=N_("SEMVER"))] = "0.1.0",
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite OUT if it exists."))] = False,
) -> Events:
    from ipcheck.commands.checklists import extract

    return extract(
        text_file, output=output, checklist_id=checklist_id, version=version, force=force
    )
