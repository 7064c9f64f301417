"""Commands for auditors: diff of two states, and a text view for git."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ipcheck.cli.app import ChecklistDirs, command, print_json
from ipcheck.errors import ExitCode


class DiffFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


class FailOn(StrEnum):
    ANY = "any"
    REGRESSION = "regression"


@command("diff")
def diff_cmd(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="File, git REV:path, or checklist id@version.")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="File, git REV:path, or checklist id@version.")
    ],
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format", metavar="text|md|json", help="For people, an audit memo, or machines."
        ),
    ] = DiffFormat.TEXT,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there is any difference.")
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="regression|any",
            help="Exit 1 only on a regression (or on any change).",
        ),
    ] = None,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Compare two states of one assessment, or two checklist versions.

    Status changes are classed: improvement, regression (已完成 → anything else,
    or backwards), scope (to or from 不适用, with its reason). Exit codes: 0 (also
    when different, unless asked); 1 with --exit-code on any difference, or with
    --fail-on regression on a regression; 2 unreadable input or two assessees.
    """
    from ipcheck.catalog import checklist_dirs
    from ipcheck.operations import diff_sources

    kind, data, regressed = diff_sources(old, new, checklist_dirs(checklist_dir or []))
    changed = bool(data["items"]) if kind == "assessment" else data["summary"]["changes"] > 0
    if kind == "assessment" and data["checklists"]["old"] != data["checklists"]["new"]:
        changed = True
    if fmt is DiffFormat.JSON:
        print_json({"kind": kind, **data})
    elif fmt is DiffFormat.MD:
        from ipcheck.diff_render import assessment_markdown, checklist_markdown

        sys.stdout.write(
            assessment_markdown(data) if kind == "assessment" else checklist_markdown(data)
        )
    else:
        _print_text(kind, data)
    if fail_on is FailOn.REGRESSION:
        return ExitCode.PROBLEMS if regressed else ExitCode.OK
    if exit_code or fail_on is FailOn.ANY:
        return ExitCode.PROBLEMS if changed else ExitCode.OK
    return ExitCode.OK


def _print_text(kind: str, data: dict[str, object]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ipcheck.console import stdout_console
    from ipcheck.diff_render import assessment_lines, checklist_lines

    console = stdout_console()
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    if kind == "assessment":
        table.title = escape(f"{data['old']} → {data['new']}")
        for name in ("条目", "变化", "详情"):
            table.add_column(name, overflow="fold")
        for style, item, what, detail in assessment_lines(data):
            table.add_row(escape(item), escape(what), escape(detail), style=style or None)
        summary = data["summary"]
        assert isinstance(summary, dict)
        footer = str(summary["text"])
    else:
        table.title = escape(f"{data['old']} → {data['new']}")
        for name in ("对象", "变化"):
            table.add_column(name, overflow="fold")
        for what, detail in checklist_lines(data):
            table.add_row(escape(what), escape(detail))
        summary = data["summary"]
        assert isinstance(summary, dict)
        footer = f"{summary['changes']} changes"
    if table.row_count:
        console.print(table)
    sys.stderr.write(footer + "\n")


@command("textconv")
def textconv_cmd(
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="An assessment file (git passes it).")
    ],
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Print an assessment as stable lines, one fact each, for git diff (textconv)."""
    from ipcheck.catalog import checklist_dirs
    from ipcheck.operations import textconv

    sys.stdout.write(textconv(path, checklist_dirs(checklist_dir or [])))
    return ExitCode.OK
