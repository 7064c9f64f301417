"""The typer app and what every command shares: options, the one error handler, the one
place anything is written to stdout or stderr."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec

import typer

from ipcheck import __version__
from ipcheck.commands.events import Events, Say
from ipcheck.errors import ExitCode, IpcheckError

if TYPE_CHECKING:
    from ipcheck.render.plain import Terminal

P = ParamSpec("P")

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
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Check every file afresh; results of unchanged files are otherwise kept "
        "in the platform's cache folder (or IPCHECK_CACHE_DIR).",
    ),
]
SkipOther = Annotated[
    bool,
    typer.Option(
        "--skip-other", help="Skip named TOML files that are not ipcheck files (for pre-commit)."
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", metavar="N", min=1, help="Processes to use (default: all cores)."),
]


def dirs(extra: list[Path] | None) -> list[tuple[Path, bool]]:
    """The checklist folders: shipped, IPCHECK_CHECKLIST_DIR, --checklist-dir."""
    from ipcheck.store.catalog import checklist_dirs

    return checklist_dirs(extra or [])


def jobs_or_all(jobs: int | None) -> int:
    from ipcheck.commands.batch import default_jobs

    return jobs or default_jobs()


def terminal() -> Terminal:
    """The terminal stdout goes to: its width (COLUMNS, else the console's, else 80) and
    whether it shows colours (a terminal, and NO_COLOR not set)."""
    from ipcheck.render.plain import Terminal

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    else:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):  # not a terminal; no fileno in tests
            width = 80
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return Terminal(width, color)


_PREFIX = {"info": "", "warning": "ipcheck: warning: ", "error": "ipcheck: error: "}


def say(message: str, level: str = "info") -> None:
    """The one place a line for people reaches stderr. Values from files are in it, so
    control characters (an escape sequence, a newline that would start a line of its
    own) are shown escaped."""
    from ipcheck.text.safety import printable

    sys.stderr.write(printable(_PREFIX[level] + message.removesuffix("\n")) + "\n")


def play(events: Events) -> int:
    """Show what a command yields as it comes; return its exit code."""
    console = None
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            return int(stop.value)
        if isinstance(event, Say):
            say(event.text, event.level)
            continue
        payload = event.payload
        if isinstance(payload, str):
            sys.stdout.write(payload)
            continue
        import msgspec

        if isinstance(payload, msgspec.Struct):
            from ipcheck.render.json import json_text

            sys.stdout.write(json_text(payload))
            continue
        if console is None:
            from ipcheck.render.console import stdout_console

            console = stdout_console()
        console.print(payload)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, Events]], Callable[P, None]]:
    """Register a command: what it yields is shown, its IpcheckErrors become one line
    on stderr and their exit code, and so do refusals by the operating system."""

    def decorate(func: Callable[P, Events]) -> Callable[P, None]:
        @functools.wraps(func)
        def run(*f_args: P.args, **f_kwargs: P.kwargs) -> None:
            try:
                code = play(func(*f_args, **f_kwargs))
            except IpcheckError as exc:
                say(str(exc), "error")
                raise typer.Exit(exc.exit_code) from None
            except OSError as exc:
                # the disk or the system said no (permission, full disk): not a bug in ipcheck
                where = f"{exc.filename}: " if exc.filename else ""
                say(f"{where}{exc.strerror or exc}", "error")
                raise typer.Exit(ExitCode.USAGE) from None
            raise typer.Exit(code)

        app.command(*args, **kwargs)(run)
        return run

    return decorate


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
