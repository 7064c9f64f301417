"""The command line: parse arguments, call one core function, print, return a code.

Heavy modules (rich tables, jinja2) are imported inside the commands that
need them, so `ipcheck --version` and `ipcheck validate` start fast.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from ipcheck import __version__
from ipcheck.errors import ExitCode, IpcheckError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="ipcheck",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


ChecklistDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--checklist-dir",
        metavar="DIR",
        help="Another folder of <id>/<version>.toml checklists (repeatable; "
        "also IPCHECK_CHECKLIST_DIR).",
        file_okay=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", metavar="text|json", help="Output for people or machines.")
]


def fail(message: str, code: int) -> None:
    """The one place a message reaches stderr before a non-zero exit."""
    sys.stderr.write(f"ipcheck: error: {message}\n")
    raise typer.Exit(code)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, int]], Callable[P, None]]:
    """Register a command whose IpcheckErrors become a one-line message and exit code."""

    def decorate(func: Callable[P, int]) -> Callable[P, None]:
        @functools.wraps(func)
        def run(*f_args: P.args, **f_kwargs: P.kwargs) -> None:
            try:
                code = func(*f_args, **f_kwargs)
            except IpcheckError as exc:
                fail(str(exc), exc.exit_code)
            else:
                raise typer.Exit(code)

        app.command(*args, **kwargs)(run)
        return run

    return decorate


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ipcheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Compliance checklists and self-assessments for IP-protection policy (平办〔2021〕22号).

    Exit codes: 0 success; 1 problems found; 2 usage error or unreadable input.
    """


@command("checklists")
def checklists_cmd(checklist_dir: ChecklistDirs = None, fmt: FormatOption = Format.TEXT) -> int:
    """List the checklists and versions available (shipped and your own)."""
    from ipcheck.catalog import checklist_dirs, load_all

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
        from ipcheck.console import stdout_console
        from ipcheck.show import catalog_table

        stdout_console().print(catalog_table(rows))
    for b in broken:
        sys.stderr.write(f"ipcheck: warning: skipped {b.message}\n")
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
    from ipcheck.catalog import checklist_dirs, resolve
    from ipcheck.show import checklist_view

    loaded = resolve(spec, checklist_dirs(checklist_dir or []))
    view = checklist_view(loaded.checklist, measure=measure, unit=unit)
    if fmt is Format.JSON:
        print_json(view)
    else:
        from ipcheck.console import stdout_console
        from ipcheck.show import render_view

        stdout_console().print(render_view(view))
    return ExitCode.OK


@command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Files and folders (searched for *.toml)."),
    ],
    checklist_dir: ChecklistDirs = None,
    fmt: FormatOption = Format.TEXT,
) -> int:
    """Check checklist files: schema, references, points, versions.

    Exit codes: 0 clean; 1 problems found; 2 usage error or unreadable file.
    """
    from ipcheck.catalog import checklist_dirs
    from ipcheck.validate import exit_code, format_text, summary_line, to_json, validate_paths

    reports, skipped = validate_paths(paths, checklist_dirs(checklist_dir or []))
    if fmt is Format.JSON:
        print_json(to_json(reports, skipped))
    else:
        sys.stdout.write(format_text(reports))
        sys.stderr.write(summary_line(reports, skipped) + "\n")
    return exit_code(reports)


@command("schema")
def schema_cmd(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="Which format: checklist.")
    ] = "checklist",
) -> int:
    """Print the JSON Schema of a file format (for editors and other tools)."""
    from ipcheck.errors import NotFoundError
    from ipcheck.schema import SCHEMA_TYPES, schema_text

    if kind not in SCHEMA_TYPES:
        raise NotFoundError(f"no schema {kind!r}; known: {', '.join(SCHEMA_TYPES)}")
    sys.stdout.write(schema_text(kind))
    return ExitCode.OK


def main() -> None:
    app()
