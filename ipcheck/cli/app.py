"""The typer app and what every command shares: options, the error handler, output."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec

import typer

from ipcheck import __version__
from ipcheck.errors import ExitCode, InputError, IpcheckError
from ipcheck.text.safety import printable

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


def check_output(output: Path | None, force: bool) -> None:
    """An -o path can be written: its folder exists, and nothing is overwritten without --force."""
    if output is None:
        return
    if output.is_symlink():
        raise InputError(f"{output}: is a symbolic link; ipcheck does not write through links")
    if output.is_dir():
        raise InputError(f"{output} is a folder; give a file name")
    if os.path.lexists(output) and not force:
        raise InputError(f"{output} already exists; pass --force to overwrite it")
    if not output.absolute().parent.is_dir():
        raise InputError(f"{output.parent}: no such folder")


def say(message: str) -> None:
    """A line for people on stderr. Values from files are in it, so control characters
    (an escape sequence, a newline that would start a line of its own) are shown escaped."""
    sys.stderr.write(printable(message.removesuffix("\n")) + "\n")


def fail(message: str, code: int) -> None:
    """The one place a message reaches stderr before a non-zero exit."""
    say(f"ipcheck: error: {message}")
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
            except OSError as exc:
                # the disk or the system said no (permission, full disk): not a bug in ipcheck
                where = f"{exc.filename}: " if exc.filename else ""
                fail(f"{where}{exc.strerror or exc}", ExitCode.USAGE)
            else:
                raise typer.Exit(code)

        app.command(*args, **kwargs)(run)
        return run

    return decorate


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def warn(message: str) -> None:
    say(f"ipcheck: warning: {message}")


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
