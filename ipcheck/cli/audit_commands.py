"""Commands for auditors: diff of two states, and a text view for git."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcheck.cli.app import ChecklistDirs, NoCache, check_output, command, print_json, say
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
    from ipcheck.commands.assessment import diff_sources
    from ipcheck.store.catalog import checklist_dirs

    kind, data, regressed = diff_sources(old, new, checklist_dirs(checklist_dir or []))
    changed = bool(data["items"]) if kind == "assessment" else data["summary"]["changes"] > 0
    if kind == "assessment" and data["checklists"]["old"] != data["checklists"]["new"]:
        changed = True
    if fmt is DiffFormat.JSON:
        print_json({"kind": kind, **data})
    elif fmt is DiffFormat.MD:
        from ipcheck.render.diff import assessment_markdown, checklist_markdown

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
    from rich.table import Table

    from ipcheck.render.console import esc, stdout_console
    from ipcheck.render.diff import assessment_lines, checklist_lines

    console = stdout_console()
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    if kind == "assessment":
        table.title = esc(f"{data['old']} → {data['new']}")
        for name in ("条目", "变化", "详情"):
            table.add_column(name, overflow="fold")
        for style, item, what, detail in assessment_lines(data):
            table.add_row(esc(item), esc(what), esc(detail), style=style or None)
        summary = data["summary"]
        assert isinstance(summary, dict)
        footer = str(summary["text"])
    else:
        table.title = esc(f"{data['old']} → {data['new']}")
        for name in ("对象", "变化"):
            table.add_column(name, overflow="fold")
        for what, detail in checklist_lines(data):
            table.add_row(esc(what), esc(detail))
        summary = data["summary"]
        assert isinstance(summary, dict)
        footer = f"{summary['changes']} changes"
    if table.row_count:
        console.print(table)
    say(footer + "\n")


@command("textconv")
def textconv_cmd(
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="An assessment file (git passes it).")
    ],
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Print an assessment as stable lines, one fact each, for git diff (textconv)."""
    from ipcheck.commands.assessment import textconv
    from ipcheck.store.catalog import checklist_dirs

    sys.stdout.write(textconv(path, checklist_dirs(checklist_dir or [])))
    return ExitCode.OK


class SummaryFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    HTML = "html"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


@command("summary")
def summary_cmd(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Assessment files, folders or globs.")
    ],
    fmt: Annotated[
        SummaryFormat,
        typer.Option("--format", metavar="text|md|html|csv|xlsx|json", help="Output format."),
    ] = SummaryFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="OUT", help="Write here (required for xlsx).", dir_okay=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")] = False,
    lag_below: Annotated[
        float,
        typer.Option(
            "--lag-below",
            metavar="SHARE",
            min=0.0,
            max=1.0,
            help="A measure lags below this completion.",
        ),
    ] = 0.6,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", min=1, help="Processes (default: all cores)."),
    ] = None,
    no_cache: NoCache = False,
    checklist_dir: ChecklistDirs = None,
) -> int:
    """Roll up many assessments: assessees × measures, ranked; laggards; lead units' view.

    Exit codes: 0 every file summarised; 1 some files could not be (they are
    listed with their reasons; the rest are summarised); 2 none could, or usage error.
    """
    from ipcheck.commands.batch import default_jobs
    from ipcheck.commands.summary import summarise
    from ipcheck.errors import InputError
    from ipcheck.store.catalog import checklist_dirs
    from ipcheck.store.clock import now

    check_output(output, force)
    if fmt is SummaryFormat.XLSX and output is None:
        raise InputError("--format xlsx needs -o FILE.xlsx")
    generated = now().isoformat()
    with _progress() as advance:
        summary = summarise(
            paths,
            checklist_dirs(checklist_dir or []),
            jobs or default_jobs(),
            advance,
            cache=not no_cache,
        )
    for bad in summary.bad:
        say(f"ipcheck: skipped {bad.path}: {bad.reason}\n")
    if not summary.rows:
        raise InputError(
            "no assessment could be summarised" + ("" if summary.bad else " (no files found)")
        )
    _write_summary(summary, fmt, output, generated, lag_below)
    say(f"{len(summary.rows)} assessments summarised, {len(summary.bad)} skipped\n")
    return ExitCode.PROBLEMS if summary.bad else ExitCode.OK


def _write_summary(
    summary: Any, fmt: SummaryFormat, output: Path | None, generated: str, below: float
) -> None:
    import io

    from ipcheck.render import summary as out
    from ipcheck.store.writer import atomic_output, atomic_path

    if fmt is SummaryFormat.XLSX:
        assert output is not None
        with atomic_path(output) as tmp:
            out.write_xlsx(summary, tmp, below)
        return
    if fmt is SummaryFormat.TEXT and output is None:
        from ipcheck.render.console import stdout_console

        console = stdout_console()
        console.print(out.render_text(summary, below, console.width))
        return

    def write(stream: Any) -> None:
        if fmt is SummaryFormat.CSV:
            out.write_csv(summary, stream)
        elif fmt is SummaryFormat.JSON:
            out.write_json(summary, stream, generated, below)
        elif fmt is SummaryFormat.MD:
            stream.write(out.render_md(summary, generated, below))
        elif fmt is SummaryFormat.HTML:
            stream.write(out.render_html(summary, generated, below))
        else:
            from rich.console import Console

            Console(file=stream, width=200, no_color=True).print(
                out.render_text(summary, below, 200)
            )

    if output is not None:
        encoding = "utf-8-sig" if fmt is SummaryFormat.CSV else "utf-8"
        with atomic_output(output, encoding=encoding) as stream:
            write(stream)
        return
    buffer = io.StringIO()
    if fmt is SummaryFormat.CSV:
        buffer.write("\ufeff")
    write(buffer)
    sys.stdout.write(buffer.getvalue())


@contextmanager
def _progress() -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long runs; silent when stderr is not a terminal."""
    from ipcheck.render.console import stderr_console

    console = stderr_console()
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("汇总"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("summary", total=None)
        yield lambda n: bar.advance(task, n)
